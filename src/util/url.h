#ifndef ROER_UTIL_URL_H
#define ROER_UTIL_URL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Origins ("https://roer.example.nl:8443") and Host header values
 * ("roer.example.nl:8443"), parsed strictly enough to compare them: a host
 * is a name or IPv4 address of letters, digits, '-', '_' and '.', or an
 * IPv6 address in brackets, and may be followed by ":port" (1 to 65535, at
 * most five digits). Nothing else is accepted: no user, path, query,
 * spaces or empty parts.
 */
#define URL_HOST_MAX 256

struct url_origin {
	bool https;
	char host[URL_HOST_MAX];   /* lower case; an IPv6 address keeps its brackets */
	unsigned port;             /* as written, or the scheme's default (80 or 443) */
};

/*
 * Parses the n bytes at s as "host[:port]". Returns 0 with the host in
 * lower case and *port set (default_port when none is written), or -1.
 */
int url_authority_parse(const char *s, size_t n, unsigned default_port, char host[URL_HOST_MAX], unsigned *port);

/*
 * Parses "http://host[:port]" or "https://host[:port]" (the scheme in any
 * case), with a final "/" too when allow_slash is set (as a configured URL
 * may have; an Origin header never has one). Returns 0 or -1.
 */
int url_origin_parse(const char *s, bool allow_slash, struct url_origin *out);

/* 1 when both name the same scheme, host and port. */
int url_origin_equal(const struct url_origin *a, const struct url_origin *b);

#endif

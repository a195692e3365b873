#include "util/url.h"

#include <string.h>
#include <strings.h>

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.';
}

static int is_ipv6_char(char c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' || c == '.';
}

int url_authority_parse(const char *s, size_t n, unsigned default_port, char host[URL_HOST_MAX], unsigned *port)
{
	size_t hl;
	const char *rest;

	if (!n)
		return -1;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close || close == s + 1)
			return -1;
		hl = (size_t)(close - s) + 1;
		for (size_t i = 1; i + 1 < hl; i++)
			if (!is_ipv6_char(s[i]))
				return -1;
	} else {
		for (hl = 0; hl < n && s[hl] != ':'; hl++)
			if (!is_name_char(s[hl]))
				return -1;
		if (!hl)
			return -1;
	}
	if (hl >= URL_HOST_MAX)
		return -1;
	rest = s + hl;
	n -= hl;
	if (!n) {
		*port = default_port;
	} else {
		unsigned long p = 0;

		if (rest[0] != ':' || n < 2 || n > 6)
			return -1;
		for (size_t i = 1; i < n; i++) {
			if (rest[i] < '0' || rest[i] > '9')
				return -1;
			p = p * 10 + (unsigned long)(rest[i] - '0');
		}
		if (!p || p > 65535)
			return -1;
		*port = (unsigned)p;
	}
	for (size_t i = 0; i < hl; i++)
		host[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	host[hl] = '\0';
	return 0;
}

int url_origin_parse(const char *s, bool allow_slash, struct url_origin *out)
{
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!strncasecmp(s, "https://", 8)) {
		out->https = true;
		s += 8;
	} else if (!strncasecmp(s, "http://", 7)) {
		s += 7;
	} else {
		return -1;
	}
	n = strlen(s);
	if (allow_slash && n && s[n - 1] == '/')
		n--;
	return url_authority_parse(s, n, out->https ? 443 : 80, out->host, &out->port);
}

int url_origin_equal(const struct url_origin *a, const struct url_origin *b)
{
	return a->https == b->https && a->port == b->port && !strcmp(a->host, b->host);
}

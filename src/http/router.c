#include "http/router.h"

#include <stdio.h>
#include <string.h>

static const struct {
	enum http_method m;
	const char *name;
} method_names[] = {
	{ METHOD_GET, "GET" },     { METHOD_HEAD, "HEAD" },   { METHOD_POST, "POST" },
	{ METHOD_PUT, "PUT" },     { METHOD_PATCH, "PATCH" }, { METHOD_DELETE, "DELETE" },
};

enum http_method http_method_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (!strcmp(s, method_names[i].name))
			return method_names[i].m;
	return METHOD_OTHER;
}

const char *http_method_name(enum http_method m)
{
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (method_names[i].m == m)
			return method_names[i].name;
	return "OTHER";
}

/* 2^53: ids stay exact in JavaScript numbers. */
#define ID_MAX 9007199254740992LL

static int parse_id(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;

	if (!len || len > 16 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > ID_MAX)
		return -1;
	*out = v;
	return 0;
}

/* Matches one pattern against path, segment by segment. */
static int pattern_match(const char *pattern, const char *path, int64_t ids[ROUTE_MAX_IDS])
{
	int n_ids = 0;

	while (*pattern && *path) {
		const char *pe = strchr(pattern, '/');
		const char *se = strchr(path, '/');
		size_t plen = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t slen = se ? (size_t)(se - path) : strlen(path);

		if (plen == 8 && !strncmp(pattern, "{client}", 8) && slen == 2 && !strncmp(path, "me", 2)) {
			if (n_ids == ROUTE_MAX_IDS)
				return 0;
			ids[n_ids++] = ROUTE_ID_ME;
		} else if ((plen == 4 && !strncmp(pattern, "{id}", 4)) || (plen == 8 && !strncmp(pattern, "{client}", 8))) {
			if (n_ids == ROUTE_MAX_IDS || parse_id(path, slen, &ids[n_ids]))
				return 0;
			n_ids++;
		} else if (plen != slen || strncmp(pattern, path, plen)) {
			return 0;
		}
		pattern += plen;
		path += slen;
		if (*pattern != *path)
			return 0;
		if (*pattern) {
			pattern++;
			path++;
		}
	}
	return !*pattern && !*path;
}

void router_match(const struct route *routes, size_t n, enum http_method method,
		  const char *path, struct route_match *m)
{
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n; i++) {
		int64_t ids[ROUTE_MAX_IDS] = { 0 };
		unsigned rm = routes[i].method;

		if (!pattern_match(routes[i].pattern, path, ids))
			continue;
		if (rm & METHOD_GET)
			rm |= METHOD_HEAD;
		if (rm & method) {
			/* The first match wins; the methods of the others matter only when none does (405). */
			m->route = &routes[i];
			m->allowed = 0;
			memcpy(m->ids, ids, sizeof(ids));
			return;
		}
		m->allowed |= rm;
	}
}

void router_allow_header(unsigned allowed, char *out, size_t n)
{
	size_t used = 0;

	if (n)
		out[0] = '\0';
	for (size_t i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++) {
		int w;

		if (!(allowed & method_names[i].m))
			continue;
		w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", method_names[i].name);
		if (w < 0 || (size_t)w >= n - used)
			return;
		used += (size_t)w;
	}
}

#include "util/utf8.h"

#include <stddef.h>
#include <stdint.h>

void utf8_scrub(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : *p >= 0xC2 && *p <= 0xDF ? 2 : *p >= 0xE0 && *p <= 0xEF ? 3
			 : *p >= 0xF0 && *p <= 0xF4 ? 4 : 0;
		uint32_t cp = n == 2 ? *p & 0x1Fu : n == 3 ? *p & 0x0Fu : *p & 0x07u;
		size_t i;

		/* A NUL is no continuation byte: the scan stops at the end of s. */
		for (i = 1; i < n && (p[i] & 0xC0) == 0x80; i++)
			cp = cp << 6 | (p[i] & 0x3Fu);
		if (!n || i < n || (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
}

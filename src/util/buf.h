#ifndef ROER_UTIL_BUF_H
#define ROER_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer, modelled on git's strbuf.
 *
 * Rules:
 * - After buf_init() (or BUF_INIT), `data` is never NULL and always points
 *   to `len` bytes followed by a NUL, so it can be used as a C string when
 *   it holds text.
 * - The buffer owns `data`. buf_release() frees it and leaves the buffer
 *   initialised and empty; buf_detach() hands `data` to the caller, who
 *   frees it with free().
 * - Allocation failure is fatal (the server cannot answer sensibly without
 *   memory), so these functions do not return errors.
 */
struct buf {
	size_t alloc;
	size_t len;
	char *data;
};

extern char buf_empty[];
#define BUF_INIT { 0, 0, buf_empty }

void buf_init(struct buf *b, size_t hint);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);

/* Allocation helpers that die on failure; every caller owns the result. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif

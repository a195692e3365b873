#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int quiet;

void log_set_quiet(int q)
{
	quiet = q;
}

/* One vfprintf per line keeps lines from threads whole. */
static void emit(const char *prefix, const char *file, int line, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void emit(const char *prefix, const char *file, int line, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (file)
		fprintf(stderr, "%s%s (%s:%d)\n", prefix, msg, file, line);
	else
		fprintf(stderr, "%s%s\n", prefix, msg);
}

int log_error_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("error: ", file, line, fmt, ap);
	va_end(ap);
	return -1;
}

void info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	emit("info: ", NULL, 0, fmt, ap);
	va_end(ap);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("warning: ", NULL, 0, fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("fatal: ", NULL, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

void log_bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("BUG: ", file, line, fmt, ap);
	va_end(ap);
	abort();
}

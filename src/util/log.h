#ifndef ROER_UTIL_LOG_H
#define ROER_UTIL_LOG_H

/*
 * Logging to standard error, one line per message, git style: lowercase,
 * no final full stop, quote what the message is about.
 *
 * error() prints "error: ..." and returns -1 so callers can write
 * `return error("cannot open '%s'", path);`.
 * info() is for a client's mistakes and routine events.
 * die() is only for start-up, before the server serves.
 * BUG() is for broken invariants, never for bad input: it aborts.
 */
#define error(...) log_error_at(__FILE__, __LINE__, __VA_ARGS__)
#define BUG(...) log_bug_at(__FILE__, __LINE__, __VA_ARGS__)

int log_error_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void log_bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Quiet info() lines (used by unit tests and benchmarks). */
void log_set_quiet(int quiet);

#endif

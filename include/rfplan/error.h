/* rfplan error reporting.
 *
 * Library functions that can fail take a `struct rf_error *err` as their last
 * argument and return 0 on success, -1 on failure (or NULL for constructors).
 * On failure they fill err->msg with one line that names the file (and line or
 * column) or the option, the bad value, and what is wrong, e.g.
 *   "sites.csv:12: column LATITUDE: '-42.8x' is not a number".
 * err may be NULL when the caller does not want the message.  No globals: the
 * struct travels with the call, which keeps the library thread-safe. */
#ifndef RFPLAN_ERROR_H
#define RFPLAN_ERROR_H

#include <stddef.h>

#define RF_ERROR_MSG_MAX 1024

struct rf_error {
	char msg[RF_ERROR_MSG_MAX];
};

/* Format a message into err (if not NULL).  Always returns -1 so that
 * `return rf_error_set(err, ...)` reads as a failure return. */
int rf_error_set(struct rf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefix the existing message with "prefix: " (e.g. the file being read). */
int rf_error_prefix(struct rf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Checked number parsing for everything that comes from a user or a file.
 * The whole string (after leading/trailing blanks) must be a finite number.
 * Return 0 and set *out, or -1 (and leave *out alone). */
int rf_parse_double(const char *s, double *out);
int rf_parse_long(const char *s, long *out);

/* Allocation that never returns NULL: on failure prints a message naming the
 * size and exits with status 1 (out of memory is not recoverable here). */
void *rf_xmalloc(size_t size);
void *rf_xcalloc(size_t count, size_t size);
void *rf_xrealloc(void *ptr, size_t size);
char *rf_xstrdup(const char *s);

#endif

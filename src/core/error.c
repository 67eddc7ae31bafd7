/* Error messages, checked number parsing, checked allocation. */
#include "rfplan/error.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rf_error_set(struct rf_error *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int rf_error_prefix(struct rf_error *err, const char *fmt, ...)
{
	if (err) {
		char prefix[RF_ERROR_MSG_MAX];
		char old[RF_ERROR_MSG_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(prefix, sizeof(prefix), fmt, ap);
		va_end(ap);
		size_t n;
		memcpy(old, err->msg, sizeof(old));
		n = strlen(prefix);
		if (n > sizeof(err->msg) - 3)
			n = sizeof(err->msg) - 3;
		memcpy(err->msg, prefix, n);
		memcpy(err->msg + n, ": ", 2);
		n += 2;
		memcpy(err->msg + n, old, sizeof(err->msg) - n - 1);
		err->msg[sizeof(err->msg) - 1] = '\0';
	}
	return -1;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int only_blanks(const char *s)
{
	s = skip_blanks(s);
	return *s == '\0' || *s == '\r' || *s == '\n';
}

int rf_parse_double(const char *s, double *out)
{
	char *end;
	double v;
	if (!s)
		return -1;
	s = skip_blanks(s);
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno == ERANGE || !only_blanks(end) || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int rf_parse_long(const char *s, long *out)
{
	char *end;
	long v;
	if (!s)
		return -1;
	s = skip_blanks(s);
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno == ERANGE || !only_blanks(end))
		return -1;
	*out = v;
	return 0;
}

static void out_of_memory(size_t size)
{
	fprintf(stderr, "rfplan: out of memory allocating %zu bytes\n", size);
	exit(1);
}

void *rf_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *rf_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *rf_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *rf_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = rf_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

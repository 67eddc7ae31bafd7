/* User-facing reporting on stderr: info, verbose, warnings, progress. */
#include "rfplan/log.h"
#include "rfplan/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void rf_log_init(struct rf_log *log, int verbosity)
{
	log->verbosity = verbosity;
	log->progress_tty = isatty(STDERR_FILENO);
	log->warnings = NULL;
	log->n_warnings = 0;
	log->cap_warnings = 0;
}

void rf_log_free(struct rf_log *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n_warnings; i++)
		free(log->warnings[i]);
	free(log->warnings);
	log->warnings = NULL;
	log->n_warnings = log->cap_warnings = 0;
}

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	char line[2048];
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "rfplan: %s%s\n", prefix, line);
}

void rf_info(struct rf_log *log, const char *fmt, ...)
{
	va_list ap;
	if (log && log->verbosity < 1)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void rf_verbose(struct rf_log *log, const char *fmt, ...)
{
	va_list ap;
	if (!log || log->verbosity < 2)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void rf_warn(struct rf_log *log, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "rfplan: warning: %s\n", line);
	if (!log)
		return;
	if (log->n_warnings == log->cap_warnings) {
		log->cap_warnings = log->cap_warnings ? 2 * log->cap_warnings : 16;
		log->warnings = rf_xrealloc(log->warnings,
					    log->cap_warnings * sizeof(*log->warnings));
	}
	log->warnings[log->n_warnings++] = rf_xstrdup(line);
}

void rf_progress(struct rf_log *log, const char *label, double fraction)
{
	if (!log || log->verbosity < 1 || !log->progress_tty)
		return;
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	fprintf(stderr, "\rrfplan: %s: %3d%%", label, (int)(fraction * 100.0 + 0.5));
	if (fraction >= 1.0)
		fputc('\n', stderr);
	fflush(stderr);
}

int rf_gdal_progress(double fraction, const char *msg, void *user)
{
	struct rf_progress_ctx *ctx = user;
	(void)msg;
	if (ctx)
		rf_progress(ctx->log, ctx->label, fraction);
	return 1;
}

/* User-facing reporting on stderr: info, verbose, warnings, progress. */
#include "rfplan/log.h"
#include "rfplan/error.h"
#include "rfplan/interrupt.h"
#include "utf8.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRESS_INTERVAL_DEFAULT_S 10.0
#define PROGRESS_INTERVAL_MAX_S 86400.0

/* RFPLAN_PROGRESS_INTERVAL_S: seconds between progress lines when stderr
 * is not a terminal; a bad value is said and the default used. */
static double progress_interval_s(void)
{
	const char *v = getenv("RFPLAN_PROGRESS_INTERVAL_S");
	double s;
	if (!v || !*v)
		return PROGRESS_INTERVAL_DEFAULT_S;
	if (rf_parse_double(v, &s) || !(s >= 0.0 && s <= PROGRESS_INTERVAL_MAX_S)) {
		fprintf(stderr, "rfplan: warning: RFPLAN_PROGRESS_INTERVAL_S='%s' is not a number "
			"of seconds in 0..%g: using %g\n", v, PROGRESS_INTERVAL_MAX_S,
			PROGRESS_INTERVAL_DEFAULT_S);
		return PROGRESS_INTERVAL_DEFAULT_S;
	}
	return s;
}

/* Ids and names in messages come from other people's files: a terminal
 * must not act on their control characters (ESC sequences can rewrite the
 * screen or the window title) nor show a forged "rfplan:" line. */
char *rf_log_escape(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *out = rf_xmalloc(4 * len + 1);   /* "\xNN" per byte at most */
	while (*s) {
		unsigned long cp;
		size_t n = rf_utf8_seq(s, &cp);
		if (n && cp != 0x7f && (cp >= 0x20 || cp == '\t') && (cp < 0x80 || cp > 0x9f)) {
			memcpy(out + o, s, n);
			o += n;
			s += n;
			continue;
		}
		/* C0/C1 controls, DEL and bytes that are not UTF-8: each byte as \xNN */
		for (size_t i = 0; i < (n ? n : 1); i++)
			o += (size_t)sprintf(out + o, "\\x%02x", (unsigned char)s[i]);
		s += n ? n : 1;
	}
	out[o] = '\0';
	return out;
}

void rf_log_init(struct rf_log *log, int verbosity)
{
	log->verbosity = verbosity;
	log->progress_tty = isatty(STDERR_FILENO);
	log->progress_interval_s = progress_interval_s();
	log->progress_start_s = -1.0;
	log->progress_last_s = 0.0;
	log->progress_last_pct = -1;
	log->progress_fraction = 0.0;
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
	char *safe = rf_log_escape(line);
	fprintf(stderr, "rfplan: %s%s\n", prefix, safe);
	free(safe);
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
	char *safe = rf_log_escape(line);
	fprintf(stderr, "rfplan: warning: %s\n", safe);
	if (!log) {
		free(safe);
		return;
	}
	if (log->n_warnings == log->cap_warnings) {
		log->cap_warnings = log->cap_warnings ? 2 * log->cap_warnings : 16;
		log->warnings = rf_xrealloc(log->warnings,
					    log->cap_warnings * sizeof(*log->warnings));
	}
	log->warnings[log->n_warnings++] = safe;   /* valid UTF-8 for the manifests */
}

/* "1h02m", "3m05s", "12s" */
static void format_duration(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%lds", t);
}

/* Not a terminal: lines for a log file, see log.h. */
static void progress_line(struct rf_log *log, const char *label, double fraction)
{
	double now = rf_monotonic_s();
	int pct = (int)(fraction * 100.0);   /* 100 only when done */
	char when[32];

	if (log->progress_start_s < 0.0 || fraction < log->progress_fraction) {
		log->progress_start_s = log->progress_last_s = now;
		log->progress_last_pct = -1;
	}
	log->progress_fraction = fraction;
	if (fraction >= 1.0) {
		if (log->progress_last_pct >= 0) {
			format_duration(now - log->progress_start_s, when, sizeof(when));
			fprintf(stderr, "rfplan: %s: 100%% (done in %s)\n", label, when);
		}
		log->progress_start_s = -1.0;
		return;
	}
	if (now - log->progress_last_s < log->progress_interval_s ||
	    (log->progress_interval_s == 0.0 && pct == log->progress_last_pct))
		return;
	if (pct > 0) {   /* below 1 % an ETA would be noise */
		format_duration((now - log->progress_start_s) * (1.0 - fraction) / fraction,
				when, sizeof(when));
		fprintf(stderr, "rfplan: %s: %3d%% (ETA %s)\n", label, pct, when);
	} else {
		fprintf(stderr, "rfplan: %s: %3d%%\n", label, pct);
	}
	fflush(stderr);
	log->progress_last_s = now;
	log->progress_last_pct = pct;
}

void rf_progress(struct rf_log *log, const char *label, double fraction)
{
	if (!log || log->verbosity < 1)
		return;
	if (!(fraction >= 0))
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	if (!log->progress_tty) {
		progress_line(log, label, fraction);
		return;
	}
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
	return !rf_interrupted();   /* GDAL stops the operation on 0 */
}

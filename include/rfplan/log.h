/* rfplan reporting to the user (stderr).
 *
 * A struct rf_log is created by the command and passed down to library calls
 * that have something to report.  Verbosity: 0 = quiet (-q: warnings only),
 * 1 = normal, 2 = verbose (-v).  Warnings are always printed and are also kept
 * so that manifests (manifest.json, run.json) can record them.  Messages are
 * printed and kept with control characters escaped (rf_log_escape).
 * Progress is shown at verbosity >= 1: an updating line on a terminal, else
 * (cluster and CI logs) one line with the percentage and an ETA at most
 * every RFPLAN_PROGRESS_INTERVAL_S seconds (default 10). */
#ifndef RFPLAN_LOG_H
#define RFPLAN_LOG_H

#include <stddef.h>

struct rf_log {
	int verbosity;
	int progress_tty;   /* set by rf_log_init: stderr is a terminal */
	double progress_interval_s;  /* not a terminal: seconds between lines */
	double progress_start_s;     /* the running step's start, < 0 none */
	double progress_last_s;      /* its last line printed */
	int progress_last_pct;       /* that line's percentage, -1 none yet */
	double progress_fraction;    /* the last fraction reported */
	char **warnings;    /* owned; every warning issued, without prefix */
	size_t n_warnings;
	size_t cap_warnings;
};

void rf_log_init(struct rf_log *log, int verbosity);
void rf_log_free(struct rf_log *log);

/* "rfplan: message" at verbosity >= 1. */
void rf_info(struct rf_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "rfplan: message" at verbosity >= 2. */
void rf_verbose(struct rf_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "rfplan: warning: message", always; recorded in log->warnings.
 * log may be NULL (then only printed). */
void rf_warn(struct rf_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* s as it may be shown on a terminal: control characters (C0 but tab, DEL,
 * C1) and bytes that are not well-formed UTF-8 become "\xNN" per byte; the
 * rest, valid UTF-8 included, is kept.  Every message above goes through
 * it, and so does the command line's error message.  Returns a malloc'ed
 * string. */
char *rf_log_escape(const char *s);

/* Progress of a long step: fraction in [0,1].  On a terminal, an updating
 * "label: 42%" line.  Otherwise a line "label: 42% (ETA 1m05s)" once
 * progress_interval_s have passed since the step's start or its last line
 * (with an interval of 0, at each new percentage), and "label: 100% (done in
 * 12s)" at the end of a step that printed one.  A fraction below the
 * previous one starts a new step.  Call with 1.0 at the end.  Not
 * thread-safe: call from one thread. */
void rf_progress(struct rf_log *log, const char *label, double fraction);

/* GDAL-compatible progress callback; pass an rf_progress_ctx as user data. */
struct rf_progress_ctx {
	struct rf_log *log;
	const char *label;
};
int rf_gdal_progress(double fraction, const char *msg, void *user);

#endif

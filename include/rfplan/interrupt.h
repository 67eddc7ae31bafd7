/* Stopping cleanly on SIGINT, SIGTERM and SIGHUP (doc/errors.md,
 * "Interrupted runs").
 *
 * rf_interrupt_install (called once by main) makes the first of these
 * signals only record its number; long loops poll rf_interrupted() between
 * chunks of work (rows, cells, regions; never leaving an OpenMP region
 * early) and fail with rf_interrupt_check's error, so the ordinary failure
 * paths remove the temporaries and the output lock and leave any previous
 * output as it was.  The handler restores the default action, so a second
 * signal ends the process at once.  The one piece of state is the signal
 * number, a volatile sig_atomic_t private to src/core/interrupt.c: a
 * signal handler can reach nothing else. */
#ifndef RFPLAN_INTERRUPT_H
#define RFPLAN_INTERRUPT_H

#include "rfplan/error.h"

/* Catch SIGINT, SIGTERM and SIGHUP (SA_RESTART: system calls resume;
 * SA_RESETHAND: the next one has its default action).  A signal ignored
 * when rfplan started (nohup, a background job of a shell without job
 * control) stays ignored.  0, or -1 with err naming the signal. */
int rf_interrupt_install(struct rf_error *err);

/* The number of the signal received, or 0.  Async-signal-safe, and safe
 * to call from any thread. */
int rf_interrupted(void);

/* When a signal was received: err = "interrupted (SIGINT)" and -1;
 * else 0 (err untouched). */
int rf_interrupt_check(struct rf_error *err);

/* When a signal was received, replace err's message by the one line the
 * user sees: "interrupted (SIGINT): nothing written to DEST (a previous
 * output there is unchanged)".  For a command's outermost failure path,
 * once its temporaries are gone.  Returns -1. */
int rf_interrupt_note(struct rf_error *err, const char *dest);

/* "SIGINT", "SIGTERM", "SIGHUP", else "signal N" (buf of 16 bytes). */
const char *rf_interrupt_name(int sig, char buf[16]);

/* The exit status of a command stopped by sig: 128 + sig (130 for SIGINT,
 * 143 for SIGTERM, 129 for SIGHUP), as a shell reports a process killed
 * by it. */
int rf_interrupt_status(int sig);

#endif

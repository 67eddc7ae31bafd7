/* An output directory made atomically and safely (doc/outputs.md,
 * doc/errors.md "Faults" and "Files from others"): written under a
 * temporary name next to its final place, swapped in when complete; an
 * earlier output is replaced only when every file in it is one its manifest
 * lists, and one output is written by one run at a time. */
#ifndef RFPLAN_OUTDIR_H
#define RFPLAN_OUTDIR_H

#include "rfplan/error.h"
#include "rfplan/log.h"

/* Flags of rf_outdir_begin. */
#define RF_OUTDIR_FORCE 1   /* replace an earlier rfplan output */
#define RF_OUTDIR_WAIT  2   /* wait for a concurrent run instead of failing */

struct rf_outdir;

/* Check final_dir and prepare its replacement, before any computation:
 * - refused: "." or ".." as the last component, a symbolic link, a
 *   non-directory;
 * - final_dir missing or empty: fine; an earlier output (run.json with
 *   "rfplan_predict": true, or compare.json with "rfplan_compare": true,
 *   each with its "outputs" list) only with RF_OUTDIR_FORCE, and only when
 *   the directory holds nothing but the listed files (else refused, naming
 *   what would be lost); anything else refused, naming its content;
 * - the lock PARENT/.BASE.lock (flock(2); holds the owner's PID): held by
 *   another run -> refused naming that PID, or with RF_OUTDIR_WAIT waited
 *   for (said on log, which may be NULL);
 * - final_dir's missing parent directories made (mkdir -p); they are
 *   removed again, when empty, if begin fails, by rf_outdir_abort and by
 *   an rf_outdir_commit that puts nothing in place (doc/errors.md,
 *   "Interrupted runs");
 * - a killed run's leftovers removed (rf_clean_stale_siblings);
 * - a temporary directory made next to final_dir (rf_outdir_tmp).
 * Returns the handle, or NULL with err. */
struct rf_outdir *rf_outdir_begin(const char *final_dir, int flags, struct rf_log *log,
				  struct rf_error *err);

/* The temporary directory to write into (owned by od). */
const char *rf_outdir_tmp(const struct rf_outdir *od);

/* Swap the temporary directory into place: the earlier output is moved
 * aside, the new one renamed in, and the earlier one's listed files removed.
 * Frees od and releases the lock.  0, or -1 with err naming final_dir.
 * After SIGINT/SIGTERM/SIGHUP (rfplan/interrupt.h) nothing is swapped:
 * od is aborted and err is "interrupted (SIG...)". */
int rf_outdir_commit(struct rf_outdir *od, struct rf_error *err);

/* Remove the temporary directory, release the lock, remove the empty
 * parent directories rf_outdir_begin made, free od (NULL is fine). */
void rf_outdir_abort(struct rf_outdir *od);

#endif

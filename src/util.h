/* Private helpers shared by the library modules and commands: path joining,
 * whole-file reads, flat-directory removal and swap, the monotonic clock and
 * UTC timestamps.  Written once here instead of once per module. */
#ifndef RFPLAN_UTIL_H
#define RFPLAN_UTIL_H

#include <stddef.h>

#include "rfplan/error.h"

/* "DIR/NAME", malloc'ed (never NULL: allocation failure aborts). */
char *rf_path_join(const char *dir, const char *name);

/* Read the whole file into a malloc'ed buffer with a terminating '\0' (not
 * counted in *len; len may be NULL).  NULL with err "PATH: cannot open: ..."
 * or "PATH: read error: ..." on failure.  It is rf_input_read
 * (rfplan/input.h): a regular file only, within the size and line caps. */
char *rf_file_read(const char *path, size_t *len, struct rf_error *err);

/* Remove a flat directory (files only, no subdirectories): its entries, then
 * the directory.  Best effort: failures are ignored (used to clean up). */
void rf_dir_remove_flat(const char *dir);

/* Put the finished directory tmp_dir in place of final_dir by rename(2).
 * When old_template is not NULL (an mkdtemp(3) template next to final_dir,
 * malloc'ed; ownership passes here), the existing final_dir is first moved
 * into a fresh directory made from it, then removed once the new one is in
 * place, or put back if the swap fails.  what names the previous content in
 * the error: "PATH: cannot move the WHAT aside: ...".  Returns 0, or -1 with
 * err naming final_dir. */
int rf_dir_swap(const char *tmp_dir, const char *final_dir, char *old_template,
		const char *what, struct rf_error *err);

/* Seconds on the monotonic clock (for durations only). */
double rf_monotonic_s(void);

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC, 20 characters) in buf
 * (size at least 21). */
void rf_utc_stamp(char *buf, size_t size);

/* Remove the temporaries a killed run left beside final_path:
 * "PREFIXBASE.tmp-PID-*" and, only when final_exists (so the only copy is
 * never lost), "PREFIXBASE.old-PID-*", where BASE is final_path's last
 * component and PID a process that no longer exists (a concurrent run's
 * directory is never touched).  Each is removed with remove_dir.  prefix is
 * "" for workspaces, "." for output directories.  doc/errors.md, "Faults". */
void rf_clean_stale_siblings(const char *final_path, const char *prefix, int final_exists,
			     void (*remove_dir)(const char *dir));

#endif

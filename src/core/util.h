/* Private helpers shared by the library modules and commands: path joining,
 * whole-file reads, symlink-safe tree removal, temporary directories, the
 * monotonic clock and UTC timestamps.  Written once here instead of once per module. */
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

/* Remove the directory dir and everything below it without following a
 * symbolic link (openat(2) with O_NOFOLLOW; a link in dir's place is
 * unlinked, not followed).  Best effort: failures are ignored (used to clean
 * up rfplan's own temporaries). */
void rf_tree_remove(const char *dir);
/* The same for the entry name of the open directory dfd (dfd stays open):
 * nothing looked up by the directory's name, which may have been swapped
 * for a link since it was opened. */
void rf_tree_remove_at(int dfd, const char *name);

/* The file that marks a directory as an rfplan temporary (a run's
 * directory being written, or a previous output moved aside): stale-temp
 * clean-up removes nothing without it (doc/errors.md, "Files from
 * others"). */
#define RF_TMP_MARKER ".rfplan-tmp"

/* Create / remove RF_TMP_MARKER in dir (O_CREAT|O_EXCL|O_NOFOLLOW).
 * 0, or -1 with errno. */
int rf_dir_mark_temp(const char *dir);
int rf_dir_unmark_temp(const char *dir);

/* mkdtemp(3) from template (not modified), then mode 0777 & ~umask (as
 * mkdir(2) would give) and RF_TMP_MARKER inside.  The malloc'ed path, or
 * NULL with err naming the directory. */
char *rf_dir_make_temp(const char *template_in, struct rf_error *err);

/* Seconds on the monotonic clock (for durations only). */
double rf_monotonic_s(void);

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC, 20 characters) in buf
 * (size at least 21). */
void rf_utc_stamp(char *buf, size_t size);

/* Remove the temporaries a killed run left beside final_path:
 * "PREFIXBASE.tmp-PID-*" and, only when final_exists (so the only copy is
 * never lost), "PREFIXBASE.old-PID-*", where BASE is final_path's last
 * component and PID a process that no longer exists (a concurrent run's
 * directory is never touched).  Only a real directory owned by this user
 * and holding RF_TMP_MARKER is removed (with its content, links unlinked,
 * never followed); a symbolic link of that name is unlinked.  prefix is ""
 * for workspaces, "." for output directories.  doc/errors.md, "Faults" and
 * "Files from others". */
void rf_clean_stale_siblings(const char *final_path, const char *prefix, int final_exists);
/* The same for the entry base of the open directory dfd (dfd stays open):
 * nothing looked up by the directory's name.  min_age_s > 0: only a
 * leftover not modified for more than min_age_s seconds (a directory
 * shared by several hosts, where another host's live PID looks dead here). */
void rf_clean_stale_siblings_at(int dfd, const char *base, const char *prefix, int final_exists,
				long min_age_s);

#endif

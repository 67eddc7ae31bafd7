/* A workspace cache directory of KEY.tif files (WS/pathloss, WS/hillshade):
 * listing and pruning it without ever following a symbolic link.  The
 * directory is opened once (O_DIRECTORY | O_NOFOLLOW): one that is a link
 * or a file is "not a directory" and nothing in or through it is listed or
 * removed.  Its entries are examined with fstatat(AT_SYMLINK_NOFOLLOW) and
 * removed with unlinkat relative to that descriptor, so neither a link in
 * its place nor one inside it leads a removal outside it.  What makes a
 * file stale is the cache's own (a callback). */
#ifndef RFPLAN_CACHE_DIR_H
#define RFPLAN_CACHE_DIR_H

#include <stddef.h>

#include "rfplan/cache.h"
#include "rfplan/error.h"

/* The callback of rf_cache_dir_scan: describe the file name (KEY.tif, a
 * regular file of bytes bytes, not a link when examined) of the directory
 * into item (item_size bytes, zeroed), path its path for a reader
 * (DIR/name).  Returns 1 when stale, 0 when current, -1 with err to stop
 * the scan before anything is removed. */
typedef int rf_cache_describe_fn(void *ctx, void *item, const char *path, const char *name,
				 long long bytes, struct rf_error *err);

/* The cache root/name (a workspace's "pathloss", "hillshade"): every KEY.tif
 * regular file of it, in name order, described into an array of
 * t->count items of item_size bytes (*items, malloc'd, NULL when none;
 * the caller frees it and what describe put in it, also on failure).  Then,
 * as op says, the files removed and rf_out_tmp_create's temporaries
 * (".KEY.tif.tmp-XXXXXX", regular files) removed: *n_removed KEY.tif files
 * (the temporaries not counted) and *bytes_removed bytes (theirs and the
 * temporaries'; both may be NULL with RF_CACHE_LIST).  t is zero when the directory is absent,
 * t->not_dir set when it is no directory.  Returns 0, or -1 with err
 * naming the directory or the file that could not be removed. */
int rf_cache_dir_scan(const char *root, const char *name, enum rf_cache_op op,
		      size_t item_size, rf_cache_describe_fn *describe, void *ctx, void **items,
		      struct rf_cache_totals *t, long *n_removed, long long *bytes_removed,
		      struct rf_error *err);

/* Whether a cache may be read and written in dir: 0 when it is a directory
 * (not a symbolic link) or absent; -1 with err "DIR: not a directory (a
 * link is not followed)" or naming dir and the failure. */
int rf_cache_dir_check(const char *dir, struct rf_error *err);

#endif

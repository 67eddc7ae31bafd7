/* The path-loss matrices of a workspace, WS/pathloss/KEY.tif (doc/engine.md,
 * "Path-loss matrices"; doc/workspace.md): what `rfplan info` lists and
 * prunes.  rfplan predict reads and writes them (src/engine/engine_pathloss.c). */
#ifndef RFPLAN_PATHLOSS_H
#define RFPLAN_PATHLOSS_H

#include "rfplan/cache.h"
#include "rfplan/error.h"
#include "rfplan/workspace.h"

struct rf_pathloss_entry {
	char *name;         /* KEY.tif (owned) */
	char *cell;         /* SITE/CELL of the cell that stored it, "?" unknown (owned) */
	int width, height;  /* pixels, 0 when unreadable */
	long long bytes;    /* file size (0 when not read) */
	const char *not_read;  /* NULL, or why the entry was not read: "a symbolic link
				  (not followed)", "a FIFO", "a device", ... (static) */
	int stale;          /* no run can reuse it: made from other workspace
			       content (dem.tif, clutter.tif, clutter_classes.csv)
			       or by another rfplan version, or unreadable */
};

struct rf_pathloss_list {
	struct rf_pathloss_entry *items;   /* owned, sorted by name, totals.count */
	struct rf_cache_totals totals;     /* totals.not_dir: WS/pathloss a link or a file */
};

/* WS/pathloss is never followed when it is a symbolic link (nothing listed
 * or removed), nor is a link inside it: an entry at a key's name that is a
 * link, a FIFO or a device is listed as not read (not_read), stale, and a
 * prune removes the entry itself; removal is relative to the directory
 * itself (nothing outside it is ever deleted).
 * List WS/pathloss (empty when absent or no directory).  Hashes the workspace's files to
 * tell stale matrices.  Returns 0, or -1 with err naming the file. */
int rf_pathloss_list(const struct rf_workspace *ws, struct rf_pathloss_list *out,
		     struct rf_error *err);
void rf_pathloss_list_free(struct rf_pathloss_list *l);

/* Remove matrices of WS/pathloss as what says (RF_CACHE_PRUNE_STALE or
 * RF_CACHE_PRUNE_ALL, rfplan/cache.h); *n_removed and *bytes_removed say how many
 * (0 when WS/pathloss is absent or no directory).
 * Returns 0, or -1 with err naming the file that could not be removed. */
int rf_pathloss_prune(const struct rf_workspace *ws, enum rf_cache_op what,
		      long *n_removed, long long *bytes_removed, struct rf_error *err);

#endif

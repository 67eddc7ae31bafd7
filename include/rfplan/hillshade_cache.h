/* The hillshade cache of a workspace, WS/hillshade/KEY.tif (doc/outputs.md,
 * "hillshade.tif"; doc/workspace.md): what `rfplan info` lists and prunes.
 * rfplan predict reads and writes it (src/engine/engine_hillshade.c).
 *
 * A file is current when its name, its RFPLAN_KEY and the key of its own
 * grid (its geotransform and size) with the workspace's dem.tif now agree:
 * then a run on that grid can reuse it.  Any other (made from another DEM
 * content, by another rfplan or GDAL version, unreadable) is stale.
 * WS/hillshade is never followed when it is a symbolic link (nothing listed
 * or removed), nor is a link inside it: an entry at a key's name that is a
 * link, a FIFO or a device is listed as not read (not_read), stale, and a
 * prune removes the entry itself; removal is relative to the directory
 * itself (nothing outside it is ever deleted). */
#ifndef RFPLAN_HILLSHADE_CACHE_H
#define RFPLAN_HILLSHADE_CACHE_H

#include "rfplan/cache.h"
#include "rfplan/error.h"
#include "rfplan/workspace.h"

struct rf_hillshade_entry {
	char *name;         /* KEY.tif (owned) */
	int width, height;  /* pixels, 0 when unreadable */
	long long bytes;    /* file size (0 when not read) */
	const char *not_read;  /* NULL, or why the entry was not read: "a symbolic link
				  (not followed)", "a FIFO", "a device", ... (static) */
	int stale;          /* no run can reuse it (above) */
};

struct rf_hillshade_list {
	struct rf_hillshade_entry *items;  /* owned, sorted by name, totals.count */
	struct rf_cache_totals totals;     /* totals.not_dir: WS/hillshade a link or a file */
};

/* List WS/hillshade (empty when absent).  Hashes dem.tif to tell stale
 * files.  Returns 0, or -1 with err naming the file. */
int rf_hillshade_list(const struct rf_workspace *ws, struct rf_hillshade_list *out,
		      struct rf_error *err);
void rf_hillshade_list_free(struct rf_hillshade_list *l);

/* Remove files of WS/hillshade as what says (RF_CACHE_PRUNE_STALE or
 * RF_CACHE_PRUNE_ALL, rfplan/cache.h); *n_removed and *bytes_removed say how many
 * (0 when WS/hillshade is absent or no directory).  Returns 0, or -1 with
 * err naming the file that could not be removed. */
int rf_hillshade_prune(const struct rf_workspace *ws, enum rf_cache_op what,
		       long *n_removed, long long *bytes_removed, struct rf_error *err);

#endif

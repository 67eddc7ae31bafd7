/* What the workspace caches (WS/pathloss: rfplan/pathloss.h; WS/hillshade:
 * rfplan/hillshade_cache.h) share: the operation of a prune and the totals
 * of a listing, what `rfplan info` prints about each. */
#ifndef RFPLAN_CACHE_H
#define RFPLAN_CACHE_H

#include <stddef.h>

/* What a scan of a cache does (rf_pathloss_prune, rf_hillshade_prune). */
enum rf_cache_op {
	RF_CACHE_LIST = 0,          /* list only, remove nothing */
	RF_CACHE_PRUNE_STALE = 1,   /* remove the stale files, and temporaries over an hour old */
	RF_CACHE_PRUNE_ALL = 2      /* remove every file and temporary */
};

struct rf_cache_totals {
	size_t count;           /* KEY.tif entries listed (the items) */
	long long bytes;        /* sum of their sizes */
	size_t n_not_read;      /* of them, not regular files (links, FIFOs, devices):
				   not read, stale */
	size_t n_stale;         /* those no run can reuse */
	long long stale_bytes;
	int not_dir;            /* the cache exists but is no directory (a symbolic
				   link, a file): not followed, nothing listed */
};

#endif

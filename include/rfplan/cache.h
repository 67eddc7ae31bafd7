/* The totals of a workspace cache's listing (WS/pathloss: rfplan/pathloss.h;
 * WS/hillshade: rfplan/hillshade_cache.h), one struct for both: what
 * `rfplan info` prints about each. */
#ifndef RFPLAN_CACHE_H
#define RFPLAN_CACHE_H

#include <stddef.h>

struct rf_cache_totals {
	size_t count;           /* KEY.tif regular files listed (the items) */
	long long bytes;        /* sum of their sizes */
	size_t n_stale;         /* those no run can reuse */
	long long stale_bytes;
	int not_dir;            /* the cache exists but is no directory (a symbolic
				   link, a file): not followed, nothing listed */
};

#endif

/* Listing and pruning WS/hillshade (rfplan/hillshade_cache.h).  A file is
 * stale when the key of its own grid with the workspace's dem.tif now
 * (rf_hillshade_key) is not its RFPLAN_KEY and name: no run can reuse it.
 * The directory is read and pruned by core/cache_dir.c: never through a
 * symbolic link, in its place or inside it. */
#include "rfplan/hillshade_cache.h"
#include "engine_priv.h"
#include "core/cache_dir.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#include <gdal.h>

#define KEY_HEX 64

struct dem_hash {
	const struct rf_workspace *ws;
	char sha256[65];   /* of WS/dem.tif, "" until the first file */
};

/* rf_cache_describe_fn: the hillshade's size in pixels and whether it is
 * stale, read through the entry's descriptor (f->path); an entry that is
 * no regular file is not read (stale). */
static int describe(void *ctx, void *item, const struct rf_cache_file *f, const char *name,
		    struct rf_error *err)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	static const char *const no_siblings[] = { NULL };
	struct dem_hash *h = ctx;
	struct rf_hillshade_entry *e = item;
	struct rf_error ignored;
	GDALDatasetH ds;
	const char *v;
	double gt[6];
	char key[65];

	if (!h->sha256[0]) {
		char *dem = rf_workspace_path(h->ws, "dem.tif");
		int rc = rf_workspace_sha256(h->ws, dem, h->sha256, err);
		free(dem);
		if (rc)
			return -1;
	}
	e->name = rf_xstrdup(name);
	e->bytes = f->bytes;
	e->not_read = f->not_read;
	e->stale = 1;
	/* through the entry's descriptor, no sibling file looked for */
	ds = f->not_read ? NULL : GDALOpenEx(f->path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff,
					     NULL, no_siblings);
	if (!ds)
		return 1;
	e->width = GDALGetRasterXSize(ds);
	e->height = GDALGetRasterYSize(ds);
	v = GDALGetMetadataItem(ds, "RFPLAN_KEY", NULL);
	if (v && strlen(v) == KEY_HEX && !strncmp(v, e->name, KEY_HEX) &&
	    GDALGetRasterCount(ds) == 1 && GDALGetGeoTransform(ds, gt) == CE_None &&
	    gt[1] > 0 && gt[5] < 0 && gt[2] == 0 && gt[4] == 0) {
		/* the grid as rf_write_hillshade wrote it: origin and pitch */
		struct rf_grid g = { e->width, e->height, gt[0], gt[3], gt[1], -gt[5] };
		e->stale = rf_hillshade_key(h->sha256, &g, key, &ignored) || strcmp(key, v);
	}
	GDALClose(ds);
	return e->stale;
}

/* WS/hillshade listed into l, removed as op says. */
static int scan(const struct rf_workspace *ws, enum rf_cache_op op, struct rf_hillshade_list *l,
		long *n_removed, long long *bytes_removed, struct rf_error *err)
{
	struct dem_hash h = { ws, "" };
	void *items;
	int rc = rf_cache_dir_scan(ws->dir, "hillshade", op, sizeof(*l->items), describe, &h,
				   &items, &l->totals, n_removed, bytes_removed, err);
	l->items = items;
	return rc;
}

int rf_hillshade_list(const struct rf_workspace *ws, struct rf_hillshade_list *out,
		      struct rf_error *err)
{
	return scan(ws, RF_CACHE_LIST, out, NULL, NULL, err);
}

void rf_hillshade_list_free(struct rf_hillshade_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->totals.count; i++)
		free(l->items[i].name);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int rf_hillshade_prune(const struct rf_workspace *ws, enum rf_cache_op what,
		       long *n_removed, long long *bytes_removed, struct rf_error *err)
{
	struct rf_hillshade_list l;
	int rc = scan(ws, what, &l, n_removed, bytes_removed, err);
	rf_hillshade_list_free(&l);
	return rc;
}

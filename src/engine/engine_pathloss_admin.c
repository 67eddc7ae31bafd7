/* Listing and pruning WS/pathloss (rfplan/pathloss.h).  A matrix is stale
 * when its RFPLAN_CONTENT_SHA256 is not the workspace's content hash now or
 * its RFPLAN_VERSION not this rfplan's: both are in every key, so no run
 * can reuse it.  The directory is read and pruned by core/cache_dir.c:
 * never through a symbolic link, in its place or inside it; each matrix is
 * read through the descriptor of the regular file opened (an entry that is
 * a link, a FIFO or a device is listed as not read, stale). */
#include "rfplan/pathloss.h"
#include "rfplan/version.h"
#include "engine_pathloss.h"
#include "core/cache_dir.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#include <gdal.h>

struct content {
	const struct rf_workspace *ws;
	char sha256[65];   /* rf_pathloss_content_sha256, "" until the first matrix */
};

/* rf_cache_describe_fn: the matrix's cell, size in pixels and whether it
 * is stale, read through the entry's descriptor (f->path); an entry that
 * is no regular file is not read (stale). */
static int describe(void *ctx, void *item, const struct rf_cache_file *f, const char *name,
		    struct rf_error *err)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	static const char *const no_siblings[] = { NULL };
	struct content *c = ctx;
	struct rf_pathloss_entry *e = item;
	const char *cell = NULL, *sha = NULL, *ver = NULL;
	GDALDatasetH ds = NULL;

	if (!c->sha256[0] && rf_pathloss_content_sha256(c->ws, c->sha256, err))
		return -1;
	/* no sibling file (.aux.xml, .ovr) is looked for beside /proc/self/fd/N */
	if (!f->not_read)
		ds = GDALOpenEx(f->path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff, NULL,
				no_siblings);
	if (ds) {
		cell = GDALGetMetadataItem(ds, "RFPLAN_CELL", NULL);
		sha = GDALGetMetadataItem(ds, "RFPLAN_CONTENT_SHA256", NULL);
		ver = GDALGetMetadataItem(ds, "RFPLAN_VERSION", NULL);
		e->width = GDALGetRasterXSize(ds);
		e->height = GDALGetRasterYSize(ds);
	}
	e->name = rf_xstrdup(name);
	e->bytes = f->bytes;
	e->not_read = f->not_read;
	e->cell = rf_xstrdup(cell ? cell : "?");
	e->stale = !sha || !ver || strcmp(sha, c->sha256) || strcmp(ver, rf_version());
	if (ds)
		GDALClose(ds);
	return e->stale;
}

/* WS/pathloss listed into l, removed as op says. */
static int scan(const struct rf_workspace *ws, enum rf_cache_op op, struct rf_pathloss_list *l,
		long *n_removed, long long *bytes_removed, struct rf_error *err)
{
	struct content c = { ws, "" };
	void *items;
	int rc = rf_cache_dir_scan(ws->dir, "pathloss", op, sizeof(*l->items), describe, &c,
				   &items, &l->totals, n_removed, bytes_removed, err);
	l->items = items;
	return rc;
}

int rf_pathloss_list(const struct rf_workspace *ws, struct rf_pathloss_list *out,
		     struct rf_error *err)
{
	return scan(ws, RF_CACHE_LIST, out, NULL, NULL, err);
}

void rf_pathloss_list_free(struct rf_pathloss_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->totals.count; i++) {
		free(l->items[i].name);
		free(l->items[i].cell);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int rf_pathloss_prune(const struct rf_workspace *ws, enum rf_cache_op what,
		      long *n_removed, long long *bytes_removed, struct rf_error *err)
{
	struct rf_pathloss_list l;
	int rc = scan(ws, what, &l, n_removed, bytes_removed, err);
	rf_pathloss_list_free(&l);
	return rc;
}

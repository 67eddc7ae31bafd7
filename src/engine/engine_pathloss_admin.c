/* Listing and pruning WS/pathloss (rfplan/pathloss.h).  A matrix is stale
 * when its RFPLAN_CONTENT_SHA256 is not the workspace's content hash now or
 * its RFPLAN_VERSION not this rfplan's: both are in every key, so no run
 * can reuse it. */
#include "rfplan/pathloss.h"
#include "rfplan/version.h"
#include "engine_pathloss.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gdal.h>

#define KEY_HEX 64
#define TMP_STALE_S 3600   /* a temporary older than this is a killed writer's */

/* KEY.tif: 64 lowercase hex digits and ".tif". */
static int is_matrix_name(const char *n)
{
	if (strlen(n) != KEY_HEX + 4 || strcmp(n + KEY_HEX, ".tif"))
		return 0;
	for (int i = 0; i < KEY_HEX; i++)
		if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f')))
			return 0;
	return 1;
}

/* ".KEY.tif.tmp-XXXXXX", rf_out_tmp_create's temporaries. */
static int is_tmp_name(const char *n)
{
	return n[0] == '.' && strstr(n, ".tif.tmp-") != NULL;
}

static void describe(const char *path, const char *content, struct rf_pathloss_entry *e)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff, NULL, NULL);
	const char *cell = NULL, *sha = NULL, *ver = NULL;
	if (ds) {
		cell = GDALGetMetadataItem(ds, "RFPLAN_CELL", NULL);
		sha = GDALGetMetadataItem(ds, "RFPLAN_CONTENT_SHA256", NULL);
		ver = GDALGetMetadataItem(ds, "RFPLAN_VERSION", NULL);
		e->width = GDALGetRasterXSize(ds);
		e->height = GDALGetRasterYSize(ds);
	}
	e->cell = rf_xstrdup(cell ? cell : "?");
	e->stale = !sha || !ver || strcmp(sha, content) || strcmp(ver, rf_version());
	if (ds)
		GDALClose(ds);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct rf_pathloss_entry *)a)->name,
		      ((const struct rf_pathloss_entry *)b)->name);
}

int rf_pathloss_list(const struct rf_workspace *ws, struct rf_pathloss_list *out,
		     struct rf_error *err)
{
	struct rf_pathloss_store st;
	struct dirent *d;
	size_t cap = 0;
	DIR *dir;

	memset(out, 0, sizeof(*out));
	if (rf_pathloss_store_open(&st, ws, err))
		return -1;
	dir = opendir(st.dir);
	if (!dir) {
		int e = errno;
		rf_pathloss_store_close(&st);
		return e == ENOENT ? 0 : rf_error_set(err, "%s: %s", st.dir, strerror(e));
	}
	while ((d = readdir(dir)) != NULL) {
		struct rf_pathloss_entry *e;
		struct stat sb;
		char *path;
		if (!is_matrix_name(d->d_name))
			continue;
		path = rf_path_join(st.dir, d->d_name);
		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		if (out->count == cap) {
			cap = cap ? 2 * cap : 16;
			out->items = rf_xrealloc(out->items, cap * sizeof(*out->items));
		}
		e = &out->items[out->count++];
		memset(e, 0, sizeof(*e));
		e->name = rf_xstrdup(d->d_name);
		e->bytes = (long long)sb.st_size;
		describe(path, st.content_sha256, e);
		free(path);
		out->bytes += e->bytes;
		if (e->stale) {
			out->n_stale++;
			out->stale_bytes += e->bytes;
		}
	}
	closedir(dir);
	rf_pathloss_store_close(&st);
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), cmp_entry);
	return 0;
}

void rf_pathloss_list_free(struct rf_pathloss_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].name);
		free(l->items[i].cell);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Unlink DIR/name, counting it.  -1 with err when it stays. */
static int remove_one(const char *dir, const char *name, long long bytes, long *n,
		      long long *total, struct rf_error *err)
{
	char *path = rf_path_join(dir, name);
	int rc = 0;
	if (unlink(path) == 0) {
		(*n)++;
		*total += bytes;
	} else if (errno != ENOENT) {   /* a concurrent prune removed it: fine */
		rc = rf_error_set(err, "%s: cannot remove: %s", path, strerror(errno));
	}
	free(path);
	return rc;
}

int rf_pathloss_prune(const struct rf_workspace *ws, enum rf_pathloss_prune what,
		      long *n_removed, long long *bytes_removed, struct rf_error *err)
{
	struct rf_pathloss_list l;
	char *dirpath = rf_workspace_path(ws, "pathloss");
	DIR *dir;
	struct dirent *d;
	long tmp_n = 0;
	long long tmp_bytes = 0;
	int rc = 0;

	*n_removed = 0;
	*bytes_removed = 0;
	if (rf_pathloss_list(ws, &l, err)) {
		free(dirpath);
		return -1;
	}
	for (size_t i = 0; i < l.count && !rc; i++)
		if (what == RF_PATHLOSS_PRUNE_ALL || l.items[i].stale)
			rc = remove_one(dirpath, l.items[i].name, l.items[i].bytes, n_removed,
					bytes_removed, err);
	rf_pathloss_list_free(&l);
	/* temporaries a killed run left (a live writer's are recent) */
	dir = rc ? NULL : opendir(dirpath);
	while (dir && !rc && (d = readdir(dir)) != NULL) {
		struct stat sb;
		char *path;
		if (!is_tmp_name(d->d_name))
			continue;
		path = rf_path_join(dirpath, d->d_name);
		if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    (what == RF_PATHLOSS_PRUNE_ALL || time(NULL) - sb.st_mtime > TMP_STALE_S))
			rc = remove_one(dirpath, d->d_name, (long long)sb.st_size, &tmp_n,
					&tmp_bytes, err);
		free(path);
	}
	if (dir)
		closedir(dir);
	*bytes_removed += tmp_bytes;
	free(dirpath);
	return rc;
}

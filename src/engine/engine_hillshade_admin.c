/* Listing and pruning WS/hillshade (rfplan/hillshade_cache.h).  A file is
 * stale when the key of its own grid with the workspace's dem.tif now
 * (rf_hillshade_key) is not its RFPLAN_KEY and name: no run can reuse it.
 * The directory is opened once without following a link (O_NOFOLLOW) and
 * every entry is examined (fstatat, AT_SYMLINK_NOFOLLOW) and removed
 * (unlinkat) relative to it, so a link, in its place or inside it, never
 * leads a removal outside it. */
#include "rfplan/hillshade_cache.h"
#include "rfplan/sha256.h"
#include "engine_priv.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
static int is_shade_name(const char *n)
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

/* dir opened as a directory, never through a symbolic link: its descriptor;
 * -1 when absent, or when no directory (*not_dir set); -2 with err on
 * another failure. */
static int open_dir(const char *dir, int *not_dir, struct rf_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	*not_dir = 0;
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return -1;
	if (errno == ENOTDIR || errno == ELOOP) {
		*not_dir = 1;
		return -1;
	}
	rf_error_set(err, "%s: %s", dir, strerror(errno));
	return -2;
}

/* A reader of the directory fd from its first entry (a duplicate: fd stays
 * open; the duplicate shares fd's position, which an earlier reader left at
 * the end), or NULL with err. */
static DIR *reader(int fd, const char *dir, struct rf_error *err)
{
	int d = dup(fd);
	DIR *r = d >= 0 ? fdopendir(d) : NULL;
	if (!r) {
		rf_error_set(err, "%s: %s", dir, strerror(errno));
		if (d >= 0)
			close(d);
		return NULL;
	}
	rewinddir(r);
	return r;
}

/* e's size in pixels and whether it is stale (the file at path). */
static void describe(const char *path, const char *dem_sha256, struct rf_hillshade_entry *e)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff, NULL, NULL);
	struct rf_error ignored;
	const char *v;
	double gt[6];
	char key[65];

	e->stale = 1;
	if (!ds)
		return;
	e->width = GDALGetRasterXSize(ds);
	e->height = GDALGetRasterYSize(ds);
	v = GDALGetMetadataItem(ds, "RFPLAN_KEY", NULL);
	if (v && strlen(v) == KEY_HEX && !strncmp(v, e->name, KEY_HEX) &&
	    GDALGetRasterCount(ds) == 1 && GDALGetGeoTransform(ds, gt) == CE_None &&
	    gt[1] > 0 && gt[5] < 0 && gt[2] == 0 && gt[4] == 0) {
		/* the grid as rf_write_hillshade wrote it: origin and pitch */
		struct rf_grid g = { e->width, e->height, gt[0], gt[3], gt[1], -gt[5] };
		e->stale = rf_hillshade_key(dem_sha256, &g, key, &ignored) || strcmp(key, v);
	}
	GDALClose(ds);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct rf_hillshade_entry *)a)->name,
		      ((const struct rf_hillshade_entry *)b)->name);
}

/* The files of the directory fd (dir, its path), regular files only. */
static int list_dir(const struct rf_workspace *ws, int fd, const char *dir,
		    struct rf_hillshade_list *out, struct rf_error *err)
{
	char *dem = rf_workspace_path(ws, "dem.tif");
	char dem_sha[65];
	struct dirent *d;
	size_t cap = 0;
	DIR *r = NULL;
	int rc = rf_sha256_file(dem, dem_sha, err);

	free(dem);
	if (!rc && !(r = reader(fd, dir, err)))
		rc = -1;
	while (r && (d = readdir(r)) != NULL) {
		struct rf_hillshade_entry *e;
		struct stat sb;
		char *path;
		if (!is_shade_name(d->d_name) ||
		    fstatat(fd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (out->count == cap) {
			cap = cap ? 2 * cap : 16;
			out->items = rf_xrealloc(out->items, cap * sizeof(*out->items));
		}
		e = &out->items[out->count++];
		memset(e, 0, sizeof(*e));
		e->name = rf_xstrdup(d->d_name);
		e->bytes = (long long)sb.st_size;
		path = rf_path_join(dir, d->d_name);
		describe(path, dem_sha, e);
		free(path);
		out->bytes += e->bytes;
		if (e->stale) {
			out->n_stale++;
			out->stale_bytes += e->bytes;
		}
	}
	if (r)
		closedir(r);
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), cmp_entry);
	return rc;
}

int rf_hillshade_list(const struct rf_workspace *ws, struct rf_hillshade_list *out,
		      struct rf_error *err)
{
	char *dir = rf_workspace_path(ws, "hillshade");
	int fd, rc = 0;

	memset(out, 0, sizeof(*out));
	fd = open_dir(dir, &out->not_dir, err);
	if (fd >= 0) {
		rc = list_dir(ws, fd, dir, out, err);
		close(fd);
	} else if (fd == -2) {
		rc = -1;
	}
	free(dir);
	return rc;
}

void rf_hillshade_list_free(struct rf_hillshade_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].name);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Unlink name in the directory fd (dir, its path), counting it; the entry
 * itself, a link never followed.  -1 with err when it stays. */
static int remove_one(int fd, const char *dir, const char *name, long long bytes, long *n,
		      long long *total, struct rf_error *err)
{
	if (unlinkat(fd, name, 0) == 0) {
		(*n)++;
		*total += bytes;
	} else if (errno != ENOENT) {   /* a concurrent prune removed it: fine */
		return rf_error_set(err, "%s/%s: cannot remove: %s", dir, name, strerror(errno));
	}
	return 0;
}

/* The temporaries of the directory fd that a killed run left (a live
 * writer's are recent), or all of them; their bytes count in *bytes, not
 * in the files removed. */
static int prune_tmp(int fd, const char *dir, enum rf_hillshade_prune what, long long *bytes,
		     struct rf_error *err)
{
	DIR *r = reader(fd, dir, err);
	struct dirent *d;
	long tmp_n = 0;
	int rc = r ? 0 : -1;

	while (r && !rc && (d = readdir(r)) != NULL) {
		struct stat sb;
		if (is_tmp_name(d->d_name) &&
		    fstatat(fd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
		    (what == RF_HILLSHADE_PRUNE_ALL || time(NULL) - sb.st_mtime > TMP_STALE_S))
			rc = remove_one(fd, dir, d->d_name, (long long)sb.st_size, &tmp_n, bytes,
					err);
	}
	if (r)
		closedir(r);
	return rc;
}

int rf_hillshade_prune(const struct rf_workspace *ws, enum rf_hillshade_prune what,
		       long *n_removed, long long *bytes_removed, struct rf_error *err)
{
	struct rf_hillshade_list l;
	char *dir = rf_workspace_path(ws, "hillshade");
	int fd, rc = 0;

	*n_removed = 0;
	*bytes_removed = 0;
	memset(&l, 0, sizeof(l));
	fd = open_dir(dir, &l.not_dir, err);
	if (fd < 0) {
		free(dir);
		return fd == -2 ? -1 : 0;   /* absent, or no directory: nothing to remove */
	}
	rc = list_dir(ws, fd, dir, &l, err);
	for (size_t i = 0; i < l.count && !rc; i++)
		if (what == RF_HILLSHADE_PRUNE_ALL || l.items[i].stale)
			rc = remove_one(fd, dir, l.items[i].name, l.items[i].bytes, n_removed,
					bytes_removed, err);
	rf_hillshade_list_free(&l);
	if (!rc)
		rc = prune_tmp(fd, dir, what, bytes_removed, err);
	close(fd);
	free(dir);
	return rc;
}

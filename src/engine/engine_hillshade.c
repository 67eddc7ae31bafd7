/* The hillshade of a prediction through the workspace's cache
 * WS/hillshade/KEY.tif (doc/outputs.md "GIS products", doc/performance.md
 * "The fixed cost of a run").  The hillshade depends on the DEM and the
 * grid alone, so a run on the same grid as an earlier one (a re-run after
 * a tilt change, a batch's next plan) copies it instead of computing it.
 * KEY is the SHA-256 of a text naming everything the shade depends on:
 * the cache's format, rfplan's and GDAL's versions (GDAL computes it), the
 * SHA-256 of the workspace's dem.tif (its content, not its name or date)
 * and the grid.  The file is written under a temporary name and renamed
 * (concurrent runs: the last rename wins, each file whole); it carries its
 * key (RFPLAN_KEY), checked before use.  Every read and write goes through
 * descriptors (core/cache_dir.h, doc/engine.md "Safety of the store"):
 * WS/hillshade opened O_NOFOLLOW (a link or a file in its place: no cache,
 * warned), its entry opened O_NOFOLLOW | O_NONBLOCK and checked by fstat
 * (a link, a FIFO, a device: not read, warned, replaced), GDAL on
 * /proc/self/fd/N, the new entry a temporary renamed with renameat, the
 * output's copy read from the descriptor.  A workspace that cannot be
 * written (read-only) gets the hillshade computed as without a cache.  rfplan info
 * lists and prunes the cache (engine_hillshade_admin.c, by rf_hillshade_key). */
#include "engine_priv.h"
#include "rfplan/gis.h"
#include "rfplan/sha256.h"
#include "rfplan/version.h"
#include "core/cache_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_error.h>
#include <gdal.h>

#define HILLSHADE_FORMAT 1

int rf_hillshade_key(const char *dem_sha256, const struct rf_grid *g, char key[65],
		     struct rf_error *err)
{
	char text[512];
	snprintf(text, sizeof(text),
		 "rfplan hillshade %d\nrfplan %s\ngdal %s\ndem.tif %s\n"
		 "grid %.17g %.17g %.17g %.17g %d %d\n",
		 HILLSHADE_FORMAT, rf_version(), GDALVersionInfo("RELEASE_NAME"), dem_sha256,
		 g->west_deg, g->north_deg, g->dlon_deg, g->dlat_deg, g->width, g->height);
	return rf_sha256_buffer(text, strlen(text), key, err);
}

/* dem's digest from ws's record: the path-loss matrices' key has mostly
 * hashed it already. */
static int hillshade_key(const struct rf_workspace *ws, const char *dem, const struct rf_grid *g,
			 char key[65], struct rf_error *err)
{
	char dem_sha[65];
	if (rf_workspace_sha256(ws, dem, dem_sha, err))
		return -1;
	return rf_hillshade_key(dem_sha, g, key, err);
}

/* The hillshade of key and grid g in the open entry f (read by GDAL through
 * f->path, the very file opened, no sidecar); its values into *shade when
 * shade is not NULL.  1 when usable, 0 when not (another key, another
 * grid, unreadable). */
static int cached(const struct rf_cache_file *f, const char *key, const struct rf_grid *g,
		  uint8_t **shade)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	static const char *const no_siblings[] = { NULL };
	GDALDatasetH ds;
	const char *v;
	int ok;

	ds = GDALOpenEx(f->path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff, NULL, no_siblings);
	if (!ds)
		return 0;
	v = GDALGetMetadataItem(ds, "RFPLAN_KEY", NULL);
	ok = v && !strcmp(v, key) && GDALGetRasterCount(ds) == 1 &&
	     GDALGetRasterXSize(ds) == g->width && GDALGetRasterYSize(ds) == g->height;
	if (ok && shade) {
		*shade = rf_xmalloc((size_t)g->width * (size_t)g->height);
		if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, g->width, g->height,
				 *shade, g->width, g->height, GDT_Byte, 0, 0) != CE_None) {
			free(*shade);
			*shade = NULL;
			ok = 0;
		}
	}
	GDALClose(ds);
	return ok;
}

/* WS/hillshade (dir) made when absent and opened as a directory, never
 * through a link: its descriptor, or -1 when there is no cache (a
 * read-only workspace: silently; a link or a file in its place: warned). */
static int store_open(const char *dir, struct rf_log *log)
{
	struct rf_error derr;
	int absent, fd;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return -1;
	fd = rf_cache_dir_open(dir, &absent, &derr);
	if (fd < 0 && !absent) {
		#pragma omp critical(rf_hillshade_warn)
		rf_warn(log, "hillshade cache not used: %s", derr.msg);
	}
	return fd;
}

/* The entry name of the store dfd (dir its path) opened into f when it is
 * the hillshade of key and g (its values into *shade): 1; else 0, f closed
 * (absent, another key; an entry that is no regular file, a link, a FIFO,
 * a device, is not opened, and warned). */
static int entry_open(int dfd, const char *dir, const char *name, const char *key,
		      const struct rf_grid *g, struct rf_cache_file *f, uint8_t **shade,
		      struct rf_log *log)
{
	struct rf_error ferr;
	int rc = rf_cache_file_open(dfd, dir, name, f, &ferr);
	if (rc < 0) {
		#pragma omp critical(rf_hillshade_warn)
		rf_warn(log, "cached hillshade not read, computed instead: %s", ferr.msg);
	}
	if (rc == 1 && cached(f, key, g, shade))
		return 1;
	rf_cache_file_close(f);
	return 0;
}

/* A new entry name of the store dfd: the hillshade of dem over g with key,
 * written into a temporary of the store through its descriptor and renamed
 * over name (an entry that is a link replaced, never written through),
 * left open in f for the copy (*shade its values).  0, or -1 (f closed, the
 * temporary removed: no cache). */
static int entry_write(int dfd, const char *dir, const char *name, const char *dem,
		       const struct rf_grid *g, const char *key, struct rf_cache_file *f,
		       uint8_t **shade)
{
	struct rf_error werr;
	char *tmp;
	if (rf_cache_tmp_create(dfd, dir, name, &tmp, f, &werr))
		return -1;
	if (rf_write_hillshade_to(dem, g, f->path, key, shade, &werr)) {
		rf_cache_file_close(f);
		rf_cache_tmp_abort(dfd, tmp);
		return -1;
	}
	/* not renamed (a directory at name): f still holds the whole file,
	 * copied all the same, the next run tries again */
	rf_cache_tmp_commit(dfd, dir, tmp, name, &werr);
	return 0;
}

int rf_hillshade_product(const struct rf_workspace *ws, const struct rf_grid *g,
			 const char *out_path, uint8_t **shade, struct rf_log *log,
			 struct rf_error *err)
{
	char *dem = rf_workspace_path(ws, "dem.tif"), *dir = NULL, *what = NULL;
	char key[65], name[80];
	struct rf_cache_file f = { .fd = -1 };
	struct rf_error ignored;
	int rc = -1, dfd = -1;

	if (shade)
		*shade = NULL;
	if (hillshade_key(ws, dem, g, key, &ignored))
		goto direct;
	dir = rf_workspace_path(ws, "hillshade");
	snprintf(name, sizeof(name), "%s.tif", key);
	what = rf_path_join(dir, name);
	/* every read and write relative to the directory's descriptor
	 * (core/cache_dir.h): neither a link in its place nor an entry
	 * swapped for a link, a FIFO or a device is followed or read */
	dfd = store_open(dir, log);
	if (dfd < 0 || (!entry_open(dfd, dir, name, key, g, &f, shade, log) &&
			entry_write(dfd, dir, name, dem, g, key, &f, shade)))
		goto direct;
	/* the copy reads the descriptor checked (or written), not the name */
	rc = out_path ? rf_cache_file_copy(&f, what, out_path, err) : 0;
	goto out;
direct:   /* no cache: the hash failed, or the workspace's directory */
	rc = rf_write_hillshade(dem, g, out_path, NULL, shade, err);
out:
	if (rc && shade) {
		free(*shade);
		*shade = NULL;
	}
	rf_cache_file_close(&f);
	if (dfd >= 0)
		close(dfd);
	free(what);
	free(dir);
	free(dem);
	return rc;
}

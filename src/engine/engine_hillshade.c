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
 * key (RFPLAN_KEY), checked before use; neither it nor WS/hillshade is
 * followed when a symbolic link.  A workspace that cannot be written
 * (read-only) gets the hillshade computed as without a cache.  rfplan info
 * lists and prunes the cache (engine_hillshade_admin.c, by rf_hillshade_key). */
#include "engine_priv.h"
#include "rfplan/gis.h"
#include "rfplan/sha256.h"
#include "rfplan/version.h"
#include "core/output_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* path's hillshade when it is a regular file (never a link) of key and
 * grid g; its values into *shade when shade is not NULL.  1 when usable,
 * 0 when not (absent, another key, unreadable). */
static int cached(const char *path, const char *key, const struct rf_grid *g, uint8_t **shade)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	struct stat st;
	GDALDatasetH ds;
	const char *v;
	int ok;

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff, NULL, NULL);
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

/* src copied to dst through a temporary name. */
static int copy_file(const char *src, const char *dst, struct rf_error *err)
{
	size_t len;
	char *data = rf_file_read(src, &len, err);
	FILE *f;
	char *tmp;
	int bad;
	if (!data)
		return -1;
	tmp = rf_out_tmp_create(dst, &f, err);
	if (!tmp) {
		free(data);
		return -1;
	}
	bad = fwrite(data, 1, len, f) != len;
	free(data);
	if (fclose(f) != 0 || bad) {
		rf_out_abort(tmp);
		return rf_error_set(err, "%s: write error: %s", dst, strerror(errno));
	}
	return rf_out_commit(tmp, dst, err);
}

int rf_hillshade_product(const struct rf_workspace *ws, const struct rf_grid *g,
			 const char *out_path, uint8_t **shade, struct rf_error *err)
{
	char *dem = rf_workspace_path(ws, "dem.tif"), *dir = NULL, *path = NULL;
	char key[65], name[80];
	struct rf_error ignored;
	struct stat st;
	int rc = -1;

	if (shade)
		*shade = NULL;
	if (hillshade_key(ws, dem, g, key, &ignored))
		goto direct;
	dir = rf_workspace_path(ws, "hillshade");
	snprintf(name, sizeof(name), "%s.tif", key);
	path = rf_path_join(dir, name);
	/* WS/hillshade a real directory (made when absent): a link in its
	 * place, to somewhere outside the workspace, is neither read nor
	 * written through */
	if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || lstat(dir, &st) != 0 ||
	    !S_ISDIR(st.st_mode))
		goto direct;
	if (!cached(path, key, g, shade) && rf_write_hillshade(dem, g, path, key, shade, &ignored))
		goto direct;
	rc = out_path ? copy_file(path, out_path, err) : 0;
	goto out;
direct:   /* no cache: the hash or the workspace's directory failed */
	rc = rf_write_hillshade(dem, g, out_path, NULL, shade, err);
out:
	if (rc && shade) {
		free(*shade);
		*shade = NULL;
	}
	free(path);
	free(dir);
	free(dem);
	return rc;
}

/* Two resolutions per cell (doc/engine.md, "Two resolutions"): the
 * workspace's own resolution within --main-radius, beyond it the loss of a
 * path-loss matrix computed on a coarser copy of the workspace (the
 * extended workspace), interpolated bilinearly at each fine pixel centre.
 * engine_predict.c runs the coarse engine; this file builds the extended
 * workspace and does the interpolation. */
#include "engine_tworesl.h"
#include "geo/geo_local.h"
#include "rfplan/geo.h"
#include "core/cache_dir.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>

#define EXT_TMP_STALE_S 3600   /* as the stores' temporaries (core/cache_dir.c) */

int rf_tworesl_factor(const struct rf_grid *g, double ext_res_m, int *factor,
		      struct rf_error *err)
{
	double lat = g->north_deg - 0.5 * g->height * g->dlat_deg;
	double res_m = g->dlat_deg * rf_geo_m_per_deg_lat(lat);
	double f = floor(ext_res_m / res_m + 0.5);
	if (!(f >= 2) || f > 1000)
		return rf_error_set(err, "--ext-res %g m: want 2 to 1000 times the workspace's "
				    "%.3g m (north-south pixel)", ext_res_m, res_m);
	*factor = (int)f;
	return 0;
}

/* gdalwarp src onto dst (shown: its name in messages): the workspace's
 * extent rounded up to whole coarse pixels, width x height pixels,
 * resampling `how`. */
static int warp(const char *src, const char *dst, const char *shown, const struct rf_grid *g,
		int f, int width, int height, const char *how, const char *type,
		struct rf_error *err)
{
	char te[4][32], ts[2][16];
	GDALDatasetH in, out;
	GDALWarpAppOptions *wo;
	char **argv = NULL;
	int usage = 0;
	snprintf(te[0], 32, "%.17g", g->west_deg);
	snprintf(te[1], 32, "%.17g", g->north_deg - (double)height * f * g->dlat_deg);
	snprintf(te[2], 32, "%.17g", g->west_deg + (double)width * f * g->dlon_deg);
	snprintf(te[3], 32, "%.17g", g->north_deg);
	snprintf(ts[0], 16, "%d", width);
	snprintf(ts[1], 16, "%d", height);
	argv = CSLAddString(argv, "-of");
	argv = CSLAddString(argv, "GTiff");
	argv = CSLAddString(argv, "-te");
	for (int i = 0; i < 4; i++)
		argv = CSLAddString(argv, te[i]);
	argv = CSLAddString(argv, "-ts");
	argv = CSLAddString(argv, ts[0]);
	argv = CSLAddString(argv, ts[1]);
	argv = CSLAddString(argv, "-r");
	argv = CSLAddString(argv, how);
	if (type) {
		argv = CSLAddString(argv, "-ot");
		argv = CSLAddString(argv, type);
	}
	argv = CSLAddString(argv, "-co");
	argv = CSLAddString(argv, "TILED=YES");
	argv = CSLAddString(argv, "-co");
	argv = CSLAddString(argv, "COMPRESS=DEFLATE");
	wo = GDALWarpAppOptionsNew(argv, NULL);
	CSLDestroy(argv);
	CPLErrorReset();
	in = wo ? GDALOpen(src, GA_ReadOnly) : NULL;
	out = in ? GDALWarp(dst, NULL, 1, &in, wo, &usage) : NULL;
	GDALWarpAppOptionsFree(wo);
	if (in)
		GDALClose(in);
	if (!out)
		return rf_error_set(err, "%s: cannot resample to %s: %s", src, shown,
				    CPLGetLastErrorMsg());
	GDALClose(out);
	return 0;
}

/* src copied to dst (shown: its name in messages). */
static int copy_file(const char *src, const char *dst, const char *shown, struct rf_error *err)
{
	size_t len;
	char *data = rf_file_read(src, &len, err);
	FILE *f;
	int rc = 0;
	if (!data)
		return -1;
	f = fopen(dst, "wb");
	if (!f || fwrite(data, 1, len, f) != len)
		rc = rf_error_set(err, "%s: cannot write: %s", shown, strerror(errno));
	if (f && fclose(f) && !rc)
		rc = rf_error_set(err, "%s: cannot write: %s", shown, strerror(errno));
	free(data);
	return rc;
}

/* The extended workspace's files into the (temporary) directory dir,
 * shown (its name as the user knows it: dir is a /proc/self/fd/N) in
 * messages. */
static int build(const struct rf_workspace *ws, int f, const char *dir, const char *shown,
		 struct rf_error *err)
{
	static const char *const names[] = { "dem.tif", "clutter.tif", "clutter_classes.csv",
					     "manifest.json" };
	const struct rf_grid *g = &ws->grid;
	int width = (g->width + f - 1) / f, height = (g->height + f - 1) / f, rc = 0;
	char *dst[4], *what[4], *src;
	for (int i = 0; i < 4; i++) {
		dst[i] = rf_path_join(dir, names[i]);
		what[i] = rf_path_join(shown, names[i]);
	}
	/* the DEM: the mean height of the fine pixels (voids left out) */
	src = rf_workspace_path(ws, "dem.tif");
	rc = warp(src, dst[0], what[0], g, f, width, height, "average", "Float32", err);
	free(src);
	if (!rc && ws->has_clutter) {   /* the clutter: the most frequent class */
		src = rf_workspace_path(ws, "clutter.tif");
		rc = warp(src, dst[1], what[1], g, f, width, height, "mode", NULL, err);
		free(src);
		src = rf_workspace_path(ws, "clutter_classes.csv");
		rc = rc ? rc : copy_file(src, dst[2], what[2], err);
		free(src);
	}
	if (!rc) {
		json_t *m = json_pack("{s:i, s:s, s:i}", "rfplan_workspace", 1, "extended_from",
				      ws->dir, "factor", f);
		if (json_dump_file(m, dst[3], JSON_INDENT(2)))
			rc = rf_error_set(err, "%s: cannot write", what[3]);
		json_decref(m);
	}
	for (int i = 0; i < 4; i++) {
		free(dst[i]);
		free(what[i]);
	}
	return rc;
}

/* Build the extended workspace of ws as name in the store's directory sfd
 * (store its path): in a temporary directory of the store written through
 * its descriptor, then renamed (a concurrent run's made first: theirs). */
static int make_ext(const struct rf_workspace *ws, int factor, int sfd, const char *store,
		    const char *name, struct rf_error *err)
{
	char *tmp, *left, path[32];
	mode_t mask = umask(0);
	int tfd = rf_cache_tmpdir_create(sfd, store, name, &tmp, err), rc = -1;
	umask(mask);
	if (tfd < 0)
		return -1;
	left = rf_path_join(store, tmp);   /* its name in messages */
	if (!rf_cache_fd_path(tfd, left, path, err) && !build(ws, factor, path, left, err)) {
		/* made 0700; the workspace gets the user's umask, as mkdir(2) gives */
		if (unlinkat(tfd, RF_TMP_MARKER, 0) || fchmod(tfd, 0777 & ~mask) ||
		    (renameat(sfd, tmp, sfd, name) != 0 && errno != EEXIST && errno != ENOTEMPTY))
			rf_error_set(err, "%s/%s: cannot create: %s", store, name, strerror(errno));
		else
			rc = 0;
	}
	close(tfd);
	rf_tree_remove_at(sfd, tmp);   /* gone when renamed; relative to the store */
	free(left);
	free(tmp);
	return rc;
}

char *rf_tworesl_workspace_name(const struct rf_workspace *ws, const char *content_sha256,
				int factor)
{
	char name[64], *store = rf_workspace_path(ws, "pathloss"), *what;
	snprintf(name, sizeof(name), "ext-%.16s-x%d", content_sha256, factor);
	what = rf_path_join(store, name);
	free(store);
	return what;
}

int rf_tworesl_workspace_open(const struct rf_workspace *ws, const char *content_sha256,
			      int factor, struct rf_workspace *ews, int *ext_fd,
			      struct rf_error *err)
{
	char name[64], path[32], *store = rf_workspace_path(ws, "pathloss"), *what;
	int sfd = -1, xfd = -1, absent, rc = -1;
	*ext_fd = -1;
	snprintf(name, sizeof(name), "ext-%.16s-x%d", content_sha256, factor);
	what = rf_tworesl_workspace_name(ws, content_sha256, factor);
	if (mkdir(store, 0777) != 0 && errno != EEXIST) {
		rf_error_set(err, "%s: cannot create: %s", store, strerror(errno));
		goto out;
	}
	/* the store and ext-* opened without following a link (a link in
	 * either's place, to a directory outside, is refused, never used);
	 * the workspace then read through ext-*'s descriptor */
	sfd = rf_cache_dir_open(store, NULL, err);
	/* the temporaries of this name a killed run left (its PID gone,
	 * rfplan's marker inside, untouched for an hour: the tiles of a cluster
	 * job share the workspace, and another host's live PID looks dead here) */
	if (sfd >= 0)
		rf_clean_stale_siblings_at(sfd, name, "", 0, EXT_TMP_STALE_S);
	if (sfd >= 0)
		xfd = rf_cache_subdir_open(sfd, store, name, &absent, err);
	if (sfd >= 0 && xfd < 0 && absent && !make_ext(ws, factor, sfd, store, name, err))
		xfd = rf_cache_subdir_open(sfd, store, name, NULL, err);
	if (xfd < 0 || rf_cache_fd_path(xfd, what, path, err) ||
	    rf_workspace_open(path, ews, err))
		goto out;
	*ext_fd = xfd;
	xfd = -1;
	rc = 0;
out:
	if (xfd >= 0)
		close(xfd);
	if (sfd >= 0)
		close(sfd);
	free(what);
	free(store);
	return rc;
}

/* Bilinear interpolation of the w x h matrix m at (x, y) (pixel-centre
 * coordinates, clamped to the centres' extent); a NAN neighbour is left
 * out and the weights of the others renormalised (the radius' edge, a
 * void), NAN when all four are. */
static double bilinear(const float *m, int w, int h, double x, double y)
{
	x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
	y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
	int x0 = (int)x, y0 = (int)y, x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
	double fx = x - x0, fy = y - y0, sum = 0.0, wsum = 0.0;
	const double wt[4] = { (1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy };
	const float v[4] = { m[(size_t)y0 * w + x0], m[(size_t)y0 * w + x1],
			     m[(size_t)y1 * w + x0], m[(size_t)y1 * w + x1] };
	for (int i = 0; i < 4; i++)
		if (!isnan(v[i]) && wt[i] > 0) {
			sum += wt[i] * v[i];
			wsum += wt[i];
		}
	return wsum > 0 ? sum / wsum : NAN;
}

void rf_tworesl_fill(const struct rf_engine *eng, const struct rf_engine *ext, const int *idx,
		     int n, struct rf_cell_result *res, const struct rf_cell_result *ext_res)
{
	const struct rf_grid *g = &eng->ws_grid, *eg = &ext->ws_grid;
	double main_m = eng->opts.main_radius_km * 1000.0, radius_m = eng->opts.radius_km * 1000.0;
	for (int k = 0; k < n; k++) {
		const struct rf_cell *c = &eng->cells->items[idx[k]];
		const struct rf_window *w = &res[k].win, *ew = &ext_res[k].win;
		struct rf_geo_local geo;
		rf_geo_local_init(&geo, c->lat_deg, c->lon_deg);
		for (int r = 0; r < w->height; r++) {
			int wrow = w->y0 + r + eng->uy0;
			double lat = rf_grid_lat_deg(g, wrow);
			double y = rf_grid_row(eg, lat) - ext->uy0 - ew->y0;
			for (int x = 0; x < w->width; x++) {
				int wcol = w->x0 + x + eng->ux0;
				size_t i = (size_t)r * w->width + x;
				double lon = rf_grid_lon_deg(g, wcol), azi_deg, d_m, z;
				/* the distance as engine_pixel.c's rf_pixel_compute takes it */
				d_m = rf_geo_local_inverse(&geo, lat, lon, &azi_deg);
				z = eng->dem.data[(size_t)(wrow - eng->uy0 - eng->dem_y0) *
						  eng->dem.grid.width + (wcol - eng->ux0 - eng->dem_x0)];
				if (!(d_m > main_m) || d_m > radius_m || isnan(z))
					continue;
				res[k].loss_db[i] = (float)bilinear(ext_res[k].loss_db, ew->width,
								    ew->height,
								    rf_grid_col(eg, lon) - ext->ux0 - ew->x0,
								    y);
			}
		}
		res[k].warnings |= ext_res[k].warnings;
	}
}

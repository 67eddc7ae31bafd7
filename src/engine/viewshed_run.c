/* One viewshed run (include/rfplan/viewshed_run.h), called by `rfplan
 * viewshed`: DEM window, clutter obstacles, computation, GeoTIFF. */
#include "rfplan/classes.h"
#include "rfplan/grid.h"
#include "rfplan/interrupt.h"
#include "rfplan/viewshed_run.h"
#include "core/util.h"

#include <gdal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Clutter class heights over the DEM window (NULL without clutter). */
static float *clutter_heights(const struct rf_workspace *ws, const struct rf_bounds *win,
			      const struct rf_grid *g, struct rf_error *err, int *failed)
{
	struct rf_class_raster cl;
	char *path = rf_workspace_path(ws, "clutter.tif");
	float *h = NULL;
	int rc = rf_class_raster_read(path, win, &cl, err);
	free(path);
	*failed = rc != 0;
	if (rc)
		return NULL;
	if (cl.grid.width != g->width || cl.grid.height != g->height) {
		*failed = 1;
		rf_error_set(err, "clutter.tif window %dx%d differs from dem.tif's %dx%d",
			     cl.grid.width, cl.grid.height, g->width, g->height);
	} else {
		size_t np = (size_t)g->width * g->height;
		h = rf_xmalloc(np * sizeof(float));
		for (size_t i = 0; i < np; i++) {
			const struct rf_clutter_class *k = NULL;
			if (cl.code[i] != RF_CLASS_NODATA)
				for (size_t j = 0; j < ws->classes.count; j++)
					if (ws->classes.items[j].code == (int)cl.code[i])
						k = &ws->classes.items[j];
			h[i] = k ? (float)k->height_m : 0.0f;
		}
	}
	rf_class_raster_free(&cl);
	return h;
}

/* 1 when path is a regular file GDAL reads as a viewshed rfplan wrote. */
static int is_rfplan_viewshed(const char *path)
{
	struct stat st;
	GDALDatasetH ds;
	int ours = 0;
	if (lstat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY,
			(const char *const[]){ "GTiff", NULL }, NULL, NULL);
	if (ds && GDALGetRasterCount(ds) == 1)
		ours = !strcmp(GDALGetDescription(GDALGetRasterBand(ds, 1)), RF_VIEWSHED_BAND_DESC);
	if (ds)
		GDALClose(ds);
	return ours;
}

/* -o FILE: nothing there, or rfplan's own viewshed, or force. */
static int check_output(const char *out_path, int force, struct rf_error *err)
{
	struct stat st;
	size_t len = strlen(out_path);
	char *qml = rf_xmalloc(len + 5);
	int rc = 0;
	if (len > 4 && !strcmp(out_path + len - 4, ".tif"))
		snprintf(qml, len + 5, "%.*s.qml", (int)(len - 4), out_path);
	else
		snprintf(qml, len + 5, "%s.qml", out_path);
	if (!force && lstat(out_path, &st) == 0 && !is_rfplan_viewshed(out_path))
		rc = rf_error_set(err, "%s exists and is not a viewshed written by rfplan: "
				  "refusing to replace it (use --force)", out_path);
	else if (!force && lstat(out_path, &st) != 0 && lstat(qml, &st) == 0)
		rc = rf_error_set(err, "%s exists and was not written with %s by rfplan: "
				  "refusing to replace it (use --force)", qml, out_path);
	free(qml);
	return rc;
}

int rf_viewshed_run(const struct rf_workspace *ws, double lat_deg, double lon_deg,
		    int use_clutter, const struct rf_viewshed_options *o, const char *out_path,
		    int force, struct rf_viewshed_result *res, struct rf_error *err)
{
	struct rf_bounds win;
	struct rf_raster dem;
	float *obstacle = NULL;
	uint8_t *map;
	char *dem_path;
	size_t np;
	int rc;

	memset(res, 0, sizeof(*res));
	if (check_output(out_path, force, err))
		return -1;
	if (rf_viewshed_window(&ws->grid, lat_deg, lon_deg, o->radius_km, &win, err))
		return RF_VIEWSHED_OUTSIDE;
	dem_path = rf_workspace_path(ws, "dem.tif");
	rc = rf_raster_read(dem_path, 1, &win, &dem, err);
	free(dem_path);
	if (rc)
		return -1;
	if (ws->has_clutter && use_clutter) {
		int failed;
		obstacle = clutter_heights(ws, &win, &dem.grid, err, &failed);
		if (failed) {
			rf_raster_free(&dem);
			return -1;
		}
	}
	np = (size_t)dem.grid.width * dem.grid.height;
	map = rf_xmalloc(np);
	rc = rf_viewshed_compute(&dem, obstacle, lat_deg, lon_deg, o, map, err) ||
	     rf_viewshed_write(out_path, &dem.grid, map, err);
	if (rc)
		rf_interrupt_note(err, out_path);
	if (!rc) {
		for (size_t i = 0; i < np; i++) {
			res->n_valid += map[i] != RF_VIEWSHED_NODATA;
			res->n_visible += map[i] == RF_VIEWSHED_VISIBLE;
		}
		res->width = dem.grid.width;
		res->height = dem.grid.height;
	}
	free(map);
	free(obstacle);
	rf_raster_free(&dem);
	return rc ? -1 : 0;
}

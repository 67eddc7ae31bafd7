/* Coverage engine set-up: the cells' windows, the DEM / clutter window over
 * their union, the clutter class lookups, the validity checks. */
#include "rfplan/engine.h"
#include "rfplan/geo.h"
#include "rfplan/profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rf_engine_options_default(struct rf_engine_options *o)
{
	memset(o, 0, sizeof(*o));
	rf_model_options_default(&o->model);
	o->radius_km = 30.0;
	o->rx_height_m = 1.5;
	o->use_clutter = 1;
	o->threads = 0;
}

/* Pixel rectangle of the full DEM grid `g` covering radius_m around a point
 * (conservative: degrees per metre taken at the window's widest latitude,
 * plus one pixel), clipped to the grid.  Returns -1 when empty. */
static int cell_window(const struct rf_grid *g, double lat_deg, double lon_deg,
		       double radius_m, struct rf_window *w)
{
	double dlat = radius_m / rf_geo_m_per_deg_lat(lat_deg) * 1.01;
	double lat_far = fmin(fabs(lat_deg) + dlat, 89.0);
	double dlon = radius_m / rf_geo_m_per_deg_lon(lat_far) * 1.01;
	double c0 = floor(rf_grid_col(g, lon_deg - dlon)) - 1;
	double c1 = ceil(rf_grid_col(g, lon_deg + dlon)) + 1;
	double r0 = floor(rf_grid_row(g, lat_deg + dlat)) - 1;
	double r1 = ceil(rf_grid_row(g, lat_deg - dlat)) + 1;
	c0 = fmax(c0, 0);
	r0 = fmax(r0, 0);
	c1 = fmin(c1, g->width - 1);
	r1 = fmin(r1, g->height - 1);
	if (c1 < c0 || r1 < r0)
		return -1;
	w->x0 = (int)c0;
	w->y0 = (int)r0;
	w->width = (int)(c1 - c0) + 1;
	w->height = (int)(r1 - r0) + 1;
	return 0;
}

static void build_class_lookup(struct rf_engine *eng, const struct rf_class_table *t,
			       struct rf_log *log)
{
	size_t n = (size_t)eng->clutter.grid.width * (size_t)eng->clutter.grid.height;
	char *seen = rf_xcalloc(65536, 1);
	char list[256] = "";
	int n_unknown = 0;
	for (size_t i = 0; i < t->count; i++) {
		int code = t->items[i].code;
		if (code >= 0 && code < 65536) {
			eng->class_height_m[code] = (float)t->items[i].height_m;
			eng->class_loss_db[code] = (float)t->items[i].loss_db;
			seen[code] = 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		unsigned code = eng->clutter.code[i];
		if (code == RF_CLASS_NODATA || seen[code])
			continue;
		seen[code] = 2;
		if (n_unknown++ < 10) {
			size_t len = strlen(list);
			snprintf(list + len, sizeof(list) - len, "%s%u", len ? ", " : "", code);
		}
	}
	if (n_unknown)
		rf_warn(log, "clutter codes missing from clutter_classes.csv (%d: %s%s): "
			"height 0 m and loss 0 dB there", n_unknown, list,
			n_unknown > 10 ? ", ..." : "");
	free(seen);
}

static int read_terrain(struct rf_engine *eng, const struct rf_workspace *ws,
			const struct rf_grid *full, struct rf_log *log, struct rf_error *err)
{
	char *path = rf_workspace_path(ws, "dem.tif");
	struct rf_bounds b;
	int rc;
	/* Bounds a quarter pixel inside the union's edges, so that the reader's
	 * floor/ceil lands exactly on its pixels. */
	b.west_deg = eng->grid.west_deg + 0.25 * full->dlon_deg;
	b.east_deg = eng->grid.west_deg + (eng->grid.width - 0.25) * full->dlon_deg;
	b.north_deg = eng->grid.north_deg - 0.25 * full->dlat_deg;
	b.south_deg = eng->grid.north_deg - (eng->grid.height - 0.25) * full->dlat_deg;
	rc = rf_raster_read(path, 1, &b, &eng->dem, err);
	free(path);
	if (rc)
		return -1;
	if (eng->dem.grid.width != eng->grid.width || eng->dem.grid.height != eng->grid.height)
		return rf_error_set(err, "dem.tif: window read as %dx%d, expected %dx%d",
				    eng->dem.grid.width, eng->dem.grid.height, eng->grid.width,
				    eng->grid.height);
	eng->grid = eng->dem.grid;
	if (!ws->has_clutter || !eng->opts.use_clutter)
		return 0;
	path = rf_workspace_path(ws, "clutter.tif");
	rc = rf_class_raster_read(path, &b, &eng->clutter, err);
	free(path);
	if (rc)
		return -1;
	if (eng->clutter.grid.width != eng->grid.width ||
	    eng->clutter.grid.height != eng->grid.height)
		return rf_error_set(err, "clutter.tif: not on dem.tif's grid (window %dx%d, "
				    "expected %dx%d)", eng->clutter.grid.width,
				    eng->clutter.grid.height, eng->grid.width, eng->grid.height);
	build_class_lookup(eng, &ws->classes, log);
	return 0;
}

int rf_engine_open(struct rf_engine *eng, const struct rf_workspace *ws,
		   const struct rf_cells *cells, const struct rf_engine_options *opts,
		   struct rf_log *log, struct rf_error *err)
{
	const struct rf_grid *full = &ws->grid;
	double radius_m = opts->radius_km * 1000.0;
	int ux0 = 0, uy0 = 0, ux1 = -1, uy1 = -1;

	memset(eng, 0, sizeof(*eng));
	eng->opts = *opts;
	eng->cells = cells;
	if (!cells->count)
		return rf_error_set(err, "no cells to compute");
	if (!(radius_m > 0))
		return rf_error_set(err, "radius %g km: must be > 0", opts->radius_km);
	eng->windows = rf_xcalloc(cells->count, sizeof(*eng->windows));
	eng->class_height_m = rf_xcalloc(65536, sizeof(float));
	eng->class_loss_db = rf_xcalloc(65536, sizeof(float));
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *c = &cells->items[i];
		struct rf_window *w = &eng->windows[i];
		int n;
		if (cell_window(full, c->lat_deg, c->lon_deg, radius_m, w)) {
			rf_error_set(err, "cell %s/%s: site at %.6f, %.6f is outside the DEM",
				     c->site_id, c->cell_id, c->lat_deg, c->lon_deg);
			goto fail;
		}
		if (ux1 < 0) {
			ux0 = w->x0, uy0 = w->y0;
			ux1 = w->x0 + w->width - 1, uy1 = w->y0 + w->height - 1;
		} else {
			ux0 = w->x0 < ux0 ? w->x0 : ux0;
			uy0 = w->y0 < uy0 ? w->y0 : uy0;
			ux1 = w->x0 + w->width - 1 > ux1 ? w->x0 + w->width - 1 : ux1;
			uy1 = w->y0 + w->height - 1 > uy1 ? w->y0 + w->height - 1 : uy1;
		}
		/* Profiles are sampled at the DEM pitch at the path's mid-latitude;
		 * take the pitch at the window's edges too, plus margin. */
		for (int k = -1; k <= 1; k++) {
			double lat = c->lat_deg + k * (w->height * full->dlat_deg);
			n = rf_profile_points(full, lat, radius_m * 1.02) + 4;
			if (n > eng->max_points)
				eng->max_points = n;
		}
	}
	eng->grid = *full;
	eng->grid.west_deg = full->west_deg + ux0 * full->dlon_deg;
	eng->grid.north_deg = full->north_deg - uy0 * full->dlat_deg;
	eng->grid.width = ux1 - ux0 + 1;
	eng->grid.height = uy1 - uy0 + 1;
	for (size_t i = 0; i < cells->count; i++) {
		eng->windows[i].x0 -= ux0;
		eng->windows[i].y0 -= uy0;
	}
	if (read_terrain(eng, ws, full, log, err))
		goto fail;
	return 0;
fail:
	rf_engine_close(eng);
	return -1;
}

void rf_engine_close(struct rf_engine *eng)
{
	if (!eng)
		return;
	rf_raster_free(&eng->dem);
	rf_class_raster_free(&eng->clutter);
	free(eng->class_height_m);
	free(eng->class_loss_db);
	free(eng->windows);
	memset(eng, 0, sizeof(*eng));
}

int rf_engine_check_validity(const struct rf_engine *eng, int strict, struct rf_log *log,
			     struct rf_error *err)
{
	/* A probe path: 2 km over flat ground, the cell's heights. */
	double ground[3] = { 0, 0, 0 };
	struct rf_profile prof = { 3, 1000.0, ground, NULL, 0.0, 0.0 };
	const struct rf_cells *cs = eng->cells;
	for (size_t i = 0; i < cs->count; i++) {
		const struct rf_cell *c = &cs->items[i];
		struct rf_link link = { c->frequency_mhz, c->height_agl_m, eng->opts.rx_height_m };
		struct rf_loss_terms t;
		struct rf_error perr;
		int dup = 0;
		for (size_t o = 0; o < i; o++)
			if (cs->items[o].frequency_mhz == c->frequency_mhz)
				dup = 1;
		if (dup)
			continue;
		if (rf_model_path_loss(&eng->opts.model, &link, &prof, &t, &perr))
			return rf_error_set(err, "cell %s/%s: model %s refuses %g MHz: %s",
					    c->site_id, c->cell_id,
					    rf_model_name(eng->opts.model.model), c->frequency_mhz,
					    perr.msg);
		if (!(t.warnings & RF_WARN_FREQ_RANGE))
			continue;
		if (strict)
			return rf_error_set(err, "cell %s/%s: %g MHz is outside the validity range "
					    "of model %s (--strict)", c->site_id, c->cell_id,
					    c->frequency_mhz, rf_model_name(eng->opts.model.model));
		rf_warn(log, "cell %s/%s: %g MHz is outside the validity range of model %s",
			c->site_id, c->cell_id, c->frequency_mhz,
			rf_model_name(eng->opts.model.model));
	}
	return 0;
}

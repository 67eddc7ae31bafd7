/* Coverage engine set-up: the cells' windows, the DEM / clutter window over
 * their union, the clutter class lookups (rf_engine_open, rf_engine_close).
 * The options are engine_options.c's, the tiles engine_tile.c's, the
 * validity checks engine_validity.c's. */
#include "engine_priv.h"
#include "rfplan/engine.h"
#include "rfplan/geo.h"
#include "rfplan/limits.h"
#include "rfplan/p1812.h"
#include "rfplan/profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The class tables, and a warning for the codes of `read` (the clutter
 * actually read) missing from them. */
static void build_class_lookup(struct rf_engine *eng, const struct rf_class_raster *read,
			       const struct rf_class_table *t, struct rf_log *log)
{
	size_t n = (size_t)read->grid.width * (size_t)read->grid.height;
	char *seen = rf_xcalloc(RF_CLASS_CODES, 1);
	char list[256] = "";
	int n_unknown = 0;
	for (size_t i = 0; i < t->count; i++) {
		int code = t->items[i].code;
		if (code >= 0 && code < RF_CLASS_CODES) {
			eng->class_height_m[code] = (float)t->items[i].height_m;
			eng->class_loss_db[code] = (float)t->items[i].loss_db;
			eng->class_water[code] = (unsigned char)rf_p1812_class_is_water(t->items[i].name);
			seen[code] = 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		unsigned code = read->code[i];
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

/* Bounds a quarter pixel inside the rectangle r of the engine grid, so that
 * the reader's floor/ceil lands exactly on its pixels. */
static void inner_bounds(const struct rf_grid *g, const struct rf_grid *full,
			 const struct rf_window *r, struct rf_bounds *b)
{
	b->west_deg = g->west_deg + (r->x0 + 0.25) * full->dlon_deg;
	b->east_deg = g->west_deg + (r->x0 + r->width - 0.25) * full->dlon_deg;
	b->north_deg = g->north_deg - (r->y0 + 0.25) * full->dlat_deg;
	b->south_deg = g->north_deg - (r->y0 + r->height - 0.25) * full->dlat_deg;
}

/* Read dem.tif (and clutter.tif) over the rectangle `region` of the engine
 * grid (all of it, or a tile's neighbourhood): memory follows the region.
 * Pixel coordinates are computed on the workspace grid (engine_pixel.c),
 * so a tile sees exactly the coordinates and heights of an untiled run. */
static int read_terrain(struct rf_engine *eng, const struct rf_workspace *ws,
			const struct rf_grid *full, const struct rf_window *region,
			struct rf_log *log, struct rf_error *err)
{
	char *path = rf_workspace_path(ws, "dem.tif");
	struct rf_raster dem;
	struct rf_class_raster cl;
	struct rf_bounds b;
	int rc;

	inner_bounds(&eng->grid, full, region, &b);
	rc = rf_raster_read(path, 1, &b, &dem, err);
	free(path);
	if (rc)
		return -1;
	if (dem.grid.width != region->width || dem.grid.height != region->height) {
		rf_error_set(err, "dem.tif: window read as %dx%d, expected %dx%d",
			     dem.grid.width, dem.grid.height, region->width, region->height);
		rf_raster_free(&dem);
		return -1;
	}
	eng->dem = dem;
	eng->dem_x0 = region->x0;
	eng->dem_y0 = region->y0;
	if (!ws->has_clutter || !eng->opts.use_clutter)
		return 0;
	path = rf_workspace_path(ws, "clutter.tif");
	rc = rf_class_raster_read(path, &b, &cl, err);
	free(path);
	if (rc)
		return -1;
	if (cl.grid.width != region->width || cl.grid.height != region->height) {
		rf_error_set(err, "clutter.tif: not on dem.tif's grid (window %dx%d, expected "
			     "%dx%d)", cl.grid.width, cl.grid.height, region->width,
			     region->height);
		rf_class_raster_free(&cl);
		return -1;
	}
	build_class_lookup(eng, &cl, &ws->classes, log);
	eng->clutter = cl;
	return 0;
}

static void window_union(struct rf_window *u, const struct rf_window *w, int *any)
{
	int x1 = w->x0 + w->width, y1 = w->y0 + w->height;
	if (!*any) {
		*u = *w;
		*any = 1;
		return;
	}
	int ux1 = u->x0 + u->width, uy1 = u->y0 + u->height;
	u->x0 = w->x0 < u->x0 ? w->x0 : u->x0;
	u->y0 = w->y0 < u->y0 ? w->y0 : u->y0;
	u->width = (x1 > ux1 ? x1 : ux1) - u->x0;
	u->height = (y1 > uy1 ? y1 : uy1) - u->y0;
}

/* The intersection of two rectangles (width or height <= 0: empty). */
static struct rf_window intersect(const struct rf_window *a, const struct rf_window *b)
{
	struct rf_window r;
	int x1 = a->x0 + a->width < b->x0 + b->width ? a->x0 + a->width : b->x0 + b->width;
	int y1 = a->y0 + a->height < b->y0 + b->height ? a->y0 + a->height : b->y0 + b->height;
	r.x0 = a->x0 > b->x0 ? a->x0 : b->x0;
	r.y0 = a->y0 > b->y0 ? a->y0 : b->y0;
	r.width = x1 - r.x0;
	r.height = y1 - r.y0;
	return r;
}

/* Tile mode: clip every window to the tile (a cell that does not reach it
 * gets an empty window) and return in *region the terrain its cells need:
 * their whole windows (site to pixel), plus 2 pixels for the bilinear and
 * nearest-neighbour lookups, within the grid.  Returns the cells reaching. */
static int clip_to_tile(struct rf_engine *eng, struct rf_window *region)
{
	struct rf_window all = { 0, 0, eng->grid.width, eng->grid.height };
	int any = 0, n = 0;
	memset(region, 0, sizeof(*region));
	for (size_t i = 0; i < eng->cells->count; i++) {
		struct rf_window *w = &eng->windows[i];
		struct rf_window in = intersect(w, &eng->tile);
		if (in.width <= 0 || in.height <= 0) {
			memset(w, 0, sizeof(*w));
			continue;
		}
		struct rf_window m = { w->x0 - 2, w->y0 - 2, w->width + 4, w->height + 4 };
		window_union(region, &m, &any);
		*w = in;
		n++;
	}
	if (n)
		*region = intersect(region, &all);
	return n;
}

static int check_tile(const struct rf_engine_options *o, struct rf_error *err)
{
	if (!o->tile_n && !o->tile_k)
		return 0;
	if (o->tile_n < 1 || o->tile_k < 1 || o->tile_k > o->tile_n)
		return rf_error_set(err, "tile %d/%d: want K/N with 1 <= K <= N", o->tile_k,
				    o->tile_n);
	return 0;
}

/* rf_engine_open, whose memory check before the terrain is read counts
 * mem's products too (NULL: the engine alone). */
static int engine_open(struct rf_engine *eng, const struct rf_workspace *ws,
		       const struct rf_cells *cells, const struct rf_engine_options *opts,
		       const struct rf_mem_products *mem, struct rf_log *log,
		       struct rf_error *err)
{
	const struct rf_grid *full = &ws->grid;
	double radius_m = opts->radius_km * 1000.0;
	struct rf_window u = { 0, 0, 0, 0 }, region;
	int any = 0;

	memset(eng, 0, sizeof(*eng));
	eng->opts = *opts;
	eng->cells = cells;
	if (!cells->count)
		return rf_error_set(err, "no cells to compute");
	if (!(radius_m > 0))
		return rf_error_set(err, "radius %g km: must be > 0", opts->radius_km);
	if (check_tile(opts, err))
		return -1;
	if ((opts->main_radius_km > 0) != (opts->ext_res_m > 0) ||
	    (opts->main_radius_km > 0 && !(opts->main_radius_km < opts->radius_km)))
		return rf_error_set(err, "--main-radius %g km, --ext-res %g m: both or neither, "
				    "and the main radius below --radius %g km",
				    opts->main_radius_km, opts->ext_res_m, opts->radius_km);
	eng->windows = rf_xcalloc(cells->count, sizeof(*eng->windows));
	eng->class_height_m = rf_xcalloc(RF_CLASS_CODES, sizeof(float));
	eng->class_loss_db = rf_xcalloc(RF_CLASS_CODES, sizeof(float));
	eng->class_water = rf_xcalloc(RF_CLASS_CODES, 1);
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *c = &cells->items[i];
		struct rf_window *w = &eng->windows[i];
		int n;
		if (cell_window(full, c->lat_deg, c->lon_deg, radius_m, w)) {
			rf_error_set(err, "cell %s/%s: site at %.6f, %.6f is outside the DEM",
				     c->site_id, c->cell_id, c->lat_deg, c->lon_deg);
			goto fail;
		}
		window_union(&u, w, &any);
		/* Profiles are sampled at the DEM pitch at the path's mid-latitude;
		 * take the pitch at the window's edges too, plus margin. */
		for (int k = -1; k <= 1; k++) {
			double lat = c->lat_deg + k * (w->height * full->dlat_deg);
			n = rf_profile_points(full, lat, radius_m * 1.02) + 4;
			if (n > eng->max_points)
				eng->max_points = n;
		}
	}
	/* The output grid is the union of the windows whatever the tile, so a
	 * tile's pixels get exactly the coordinates of the untiled run. */
	eng->grid = *full;
	eng->grid.west_deg = full->west_deg + u.x0 * full->dlon_deg;
	eng->grid.north_deg = full->north_deg - u.y0 * full->dlat_deg;
	eng->grid.width = u.width;
	eng->grid.height = u.height;
	eng->ws_grid = *full;
	eng->ux0 = u.x0;
	eng->uy0 = u.y0;
	for (size_t i = 0; i < cells->count; i++) {
		eng->windows[i].x0 -= u.x0;
		eng->windows[i].y0 -= u.y0;
	}
	eng->tile = (struct rf_window){ 0, 0, u.width, u.height };
	region = eng->tile;
	if (opts->tile_n) {
		rf_tile_window(u.width, u.height, opts->tile_k, opts->tile_n, &eng->tile);
		if (eng->tile.width <= 0 || eng->tile.height <= 0) {
			rf_error_set(err, "tile %d/%d is empty: the output grid is only %dx%d "
				     "pixels", opts->tile_k, opts->tile_n, u.width, u.height);
			goto fail;
		}
		if (!clip_to_tile(eng, &region)) {
			rf_info(log, "tile %d/%d: no cell reaches it (all nodata)", opts->tile_k,
				opts->tile_n);
			return 0;
		}
	}
	if (rf_limits_check_predict(eng, mem, err) ||   /* doc/errors.md, Limits */
	    read_terrain(eng, ws, full, &region, log, err) ||
	    rf_p2108_engine_open(eng, ws, err))   /* --clutter-loss p2108 */
		goto fail;
	return 0;
fail:
	rf_engine_close(eng);
	return -1;
}

int rf_engine_open(struct rf_engine *eng, const struct rf_workspace *ws,
		   const struct rf_cells *cells, const struct rf_engine_options *opts,
		   struct rf_log *log, struct rf_error *err)
{
	return engine_open(eng, ws, cells, opts, NULL, log, err);
}

int rf_engine_open_predict(struct rf_engine *eng, const struct rf_workspace *ws,
			   const struct rf_cells *cells, const struct rf_engine_options *opts,
			   const struct rf_mem_products *mem, struct rf_log *log,
			   struct rf_error *err)
{
	return engine_open(eng, ws, cells, opts, mem, log, err);
}

void rf_engine_close(struct rf_engine *eng)
{
	if (!eng)
		return;
	rf_raster_free(&eng->dem);
	rf_class_raster_free(&eng->clutter);
	free(eng->class_height_m);
	free(eng->class_loss_db);
	free(eng->class_p2108);
	free(eng->class_water);
	free(eng->windows);
	memset(eng, 0, sizeof(*eng));
}

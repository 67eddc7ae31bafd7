/* One map pixel explained (rfplan profile --pixel, --cell): a one-cell
 * engine run at the pixel holding a point, with the profile, link and
 * antenna gain the engine used.
 * Coordinates are computed on the workspace grid (engine_pixel.c), so the
 * value is the same bits as in a map computed with any other cells. */
#include "engine_priv.h"
#include "rfplan/engine.h"
#include "rfplan/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --clutter-loss p2108: what was added to the path loss (both ends), and
 * the receiver's section. */
static int p2108_explain(const struct rf_engine *eng, unsigned code, struct rf_pixel_explain *out,
			 struct rf_error *err)
{
	struct rf_loss_terms t;
	double rx_clutter_m, rx_db;
	if (rf_model_path_loss(&eng->opts.model, &out->link, &out->prof, &t, err) ||
	    rf_p2108_pixel(eng, out->link.freq_mhz, code, out->prof.step_m * (out->prof.n - 1),
			   &rx_clutter_m, &rx_db, &out->p2108_section, err))
		return -1;
	out->clutter_loss_db = out->loss_db - t.path_loss_db;
	return 0;
}

int rf_engine_explain_cell(const struct rf_workspace *ws, const struct rf_cells *cells,
			   size_t cell, double lat_deg, double lon_deg,
			   const struct rf_engine_options *opts, struct rf_pixel_explain *out,
			   struct rf_log *log, struct rf_error *err)
{
	/* the cell alone; its antenna stays borrowed from cells */
	struct rf_cells one = { &cells->items[cell], 1, NULL, 0, NULL };
	const struct rf_cell *c = &cells->items[cell];
	struct rf_engine_options o = *opts;
	struct rf_engine eng;
	double dist_m;
	int col, row, rc;

	memset(out, 0, sizeof(*out));
	/* The window only needs to reach the point: its size does not change
	 * any pixel's value, and the pixel's radius test is the map's (a radius
	 * below the map's is still above the pixel centre's distance). */
	rf_geo_inverse(c->lat_deg, c->lon_deg, lat_deg, lon_deg, &dist_m, NULL, NULL);
	o.radius_km = fmin(opts->radius_km, dist_m / 1000.0 + 1.0);
	o.tile_k = o.tile_n = 0;
	o.threads = 1;
	if (rf_engine_open(&eng, ws, &one, &o, log, err))
		return -1;
	col = (int)floor(rf_grid_col(&eng.grid, lon_deg) + 0.5);
	row = (int)floor(rf_grid_row(&eng.grid, lat_deg) + 0.5);
	if (col < 0 || row < 0 || col >= eng.grid.width || row >= eng.grid.height) {
		rf_engine_close(&eng);
		return rf_error_set(err, "point %.7f, %.7f is %.0f m from cell %s/%s: beyond "
				    "the radius (%g km) or the DEM, the map has no value there",
				    lat_deg, lon_deg, dist_m, c->site_id, c->cell_id,
				    opts->radius_km);
	}
	out->ground_m = rf_xmalloc((size_t)eng.max_points * sizeof(double));
	out->clutter_m = rf_xmalloc((size_t)eng.max_points * sizeof(double));
	out->water = rf_xmalloc((size_t)eng.max_points);
	rc = rf_engine_pixel_explain(&eng, 0, col, row, out->ground_m, out->clutter_m, out->water,
				     &out->prof, &out->link, &out->geo, &out->loss_db,
				     &out->gain_dbi, err);
	if (rc == 0 && out->prof.n == 0)
		rc = rf_error_set(err, "point %.7f, %.7f: no value (a DEM void at the receiver, "
				  "or its pixel centre beyond the radius)", lat_deg, lon_deg);
	if (rc == 0) {
		out->ws_col = col + eng.ux0;
		out->ws_row = row + eng.uy0;
		out->lat_deg = rf_grid_lat_deg(&eng.ws_grid, out->ws_row);
		out->lon_deg = rf_grid_lon_deg(&eng.ws_grid, out->ws_col);
		if (eng.clutter.code && eng.opts.model.model != RF_MODEL_P1812) {
			size_t pix = (size_t)(row - eng.dem_y0) * eng.dem.grid.width +
				     (size_t)(col - eng.dem_x0);
			out->clutter_loss_db = eng.class_loss_db[eng.clutter.code[pix]];
			if (eng.class_p2108)
				rc = p2108_explain(&eng, eng.clutter.code[pix], out, err);
		}
	}
	rf_engine_close(&eng);
	if (rc)
		rf_pixel_explain_free(out);
	return rc;
}

int rf_engine_explain_point(const struct rf_workspace *ws, const char *site_id,
			    double tx_height_agl_m, double freq_mhz, double lat_deg,
			    double lon_deg, const struct rf_engine_options *opts,
			    struct rf_pixel_explain *out, struct rf_log *log,
			    struct rf_error *err)
{
	const struct rf_site *site = rf_sites_find(&ws->sites, site_id);
	struct rf_cell_defaults d;
	struct rf_cells cells;
	char *dem;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!site)
		return rf_error_set(err, "%s: no site '%s' in sites.csv", ws->dir, site_id);
	rf_cell_defaults_init(&d);
	d.height_agl_m = tx_height_agl_m;
	d.frequency_mhz = freq_mhz;
	struct rf_sites one = { (struct rf_site *)site, 1 };
	if (rf_cells_from_sites(&one, &d, &cells, err))
		return -1;
	dem = rf_workspace_path(ws, "dem.tif");
	rc = rf_cells_locate(&cells, dem, log, err);
	free(dem);
	if (rc == 0)
		rc = rf_engine_explain_cell(ws, &cells, 0, lat_deg, lon_deg, opts, out, log, err);
	rf_cells_free(&cells);
	return rc;
}

void rf_pixel_explain_free(struct rf_pixel_explain *p)
{
	if (!p)
		return;
	free(p->ground_m);
	free(p->clutter_m);
	free(p->water);
	memset(p, 0, sizeof(*p));
}

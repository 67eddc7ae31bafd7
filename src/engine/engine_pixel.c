/* One pixel of one cell: its distance and azimuth from the site, the
 * profile (engine_pixel_profile.c), the clutter at both ends, the model's
 * path loss and the antenna gain (engine_pixel.h); rf_engine_pixel and
 * rf_engine_pixel_explain, the public single-pixel calls. */
#include "rfplan/engine.h"
#include "rfplan/geo.h"
#include "engine_pixel.h"
#include "engine_priv.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void rf_pixel_ctx_init(const struct rf_engine *eng, int cell, struct rf_pixel_ctx *x)
{
	x->c = &eng->cells->items[cell];
	rf_antenna_aim_init(&x->aim, x->c->antenna, x->c->azimuth_deg, x->c->mech_tilt_deg);
	rf_geo_local_init(&x->geo, x->c->lat_deg, x->c->lon_deg);
	x->lat_wrow = -1;
	x->lon = NULL;
	x->lon_col0 = x->lon_n = 0;
	x->xs = rf_grid_col(&eng->ws_grid, x->c->lon_deg);
	x->ys = rf_grid_row(&eng->ws_grid, x->c->lat_deg);
	x->ox = eng->ux0 + eng->dem_x0;
	x->oy = eng->uy0 + eng->dem_y0;
	x->radius_m = eng->opts.radius_km * 1000.0;
	x->loss_radius_m = x->radius_m;
	x->inv_2kr = 1.0 / (2.0 * rf_effective_radius_m(eng->opts.model.k_factor));
	x->use_clutter = eng->clutter.code != NULL;
	x->terrain = rf_model_needs_terrain(&eng->opts.model);
	x->water = x->use_clutter && eng->opts.model.model == RF_MODEL_P1812;
	x->clutter_loss = rf_model_adds_clutter_loss(&eng->opts.model);
	rf_model_cell_prepare(&eng->opts.model, x->c->frequency_mhz, &x->model);
	x->mopts = eng->opts.model;
	rf_spm_cell_coeffs(&eng->opts.model, x->c->site_id, x->c->cell_id, x->c->frequency_mhz,
			   &x->mopts.spm);
	x->p2108 = eng->class_p2108 != NULL;
	if (x->p2108) {
		/* the site's clutter pixel: as point 0 of a profile */
		const double xhi = x->ox + eng->dem.grid.width - 1;
		const double yhi = x->oy + eng->dem.grid.height - 1;
		int cx = (int)((x->xs < x->ox ? x->ox : x->xs > xhi ? xhi : x->xs) + 0.5) - x->ox;
		int cy = (int)((x->ys < x->oy ? x->oy : x->ys > yhi ? yhi : x->ys) + 0.5) - x->oy;
		rf_p2108_site(eng, x->c, eng->clutter.code[(size_t)cy * eng->dem.grid.width + cx],
			      &x->p2108_tx_clutter_m, &x->p2108_tx_db);
	}
}

int rf_pixel_compute(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int col,
		     int row, double *ground_m, double *clutter_m, unsigned char *water,
		     double *loss_db, double *gain_dbi, unsigned *warnings,
		     struct rf_profile *prof_out, struct rf_link *link_out,
		     struct rf_path_geo *geo_out, struct rf_error *err)
{
	const struct rf_cell *c = x->c;
	const struct rf_grid *g = &eng->ws_grid;
	const struct rf_engine_options *o = &eng->opts;
	const int rw = eng->dem.grid.width;
	/* the pixel in workspace coordinates, and in the terrain region */
	const int wcol = col + eng->ux0, wrow = row + eng->uy0;
	double lat = rf_grid_lat_deg(g, wrow), lon = rf_grid_lon_deg(g, wcol);
	double d_m, azi_deg = 0.0, z_rx, p2108_db = 0.0;
	int n, use_clutter = x->use_clutter && !x->p2108, p2108_section;
	size_t pix = (size_t)(wrow - x->oy) * rw + (wcol - x->ox);

	*loss_db = *gain_dbi = NAN;
	/* Distance and azimuth: the normal section from the site, within
	 * 1 um of the WGS84 geodesic (geo_local.h). */
	struct rf_geo_local_lat la_own;
	struct rf_geo_local_lon lo_own;
	const struct rf_geo_local_lat *la = &x->lat;
	const struct rf_geo_local_lon *lo = &lo_own;
	if (x->lat_wrow != wrow) {   /* the row's terms not kept: computed */
		rf_geo_local_lat(&x->geo, lat, &la_own);
		la = &la_own;
	}
	if (x->lon && col >= x->lon_col0 && col < x->lon_col0 + x->lon_n)
		lo = &x->lon[col - x->lon_col0];
	else
		rf_geo_local_lon(&x->geo, lon, &lo_own);
	d_m = rf_geo_local_inverse_pre(&x->geo, la, lo, x->aim.omni ? NULL : &azi_deg);
	z_rx = eng->dem.data[pix];
	if (d_m > x->loss_radius_m || isnan(z_rx))
		return 0;
	if (d_m < RF_MIN_PATH_M)
		d_m = RF_MIN_PATH_M;

	/* Profile: the straight line in lat/lon from the site to the pixel
	 * centre, at the DEM pitch (as rf_profile_sample), bilinear heights;
	 * with --profile-spacing at most profile_points_max points. */
	n = rf_profile_points_step(x->lat_wrow == wrow ? x->lat_step_m
				   : rf_profile_step_m(g, 0.5 * (c->lat_deg + lat)), d_m);
	if (o->profile_points_max > 0 && n > o->profile_points_max)
		n = o->profile_points_max;   /* --profile-spacing: coarser far away */
	if (n > eng->max_points)
		return rf_error_set(err, "profile of %d points exceeds the engine's %d", n,
				    eng->max_points);
	if (!x->terrain && !prof_out) {
		/* free space: the distance alone (rf_model_path_loss_lean) */
		ground_m = clutter_m = NULL;
		use_clutter = 0;
	} else {
		rf_pixel_profile(eng, x, wcol, wrow, n, z_rx, use_clutter, ground_m, clutter_m,
				 water);
	}
	double tx_clutter_m = 0.0, rx_clutter_m = 0.0;
	if (use_clutter) {
		tx_clutter_m = clutter_m[0];
		rx_clutter_m = eng->class_height_m[eng->clutter.code[pix]];
		clutter_m[0] = clutter_m[n - 1] = 0.0;
	}
	if (x->p2108) {   /* P.2108 at both ends, no clutter on the path */
		tx_clutter_m = x->p2108_tx_clutter_m;
		if (rf_p2108_pixel(eng, c->frequency_mhz, eng->clutter.code[pix], d_m,
				   &rx_clutter_m, &p2108_db, &p2108_section, err))
			return -1;
		p2108_db += x->p2108_tx_db;
	}

	struct rf_profile prof = { n, d_m / (n - 1), ground_m, use_clutter ? clutter_m : NULL,
				   tx_clutter_m, rx_clutter_m };
	struct rf_link link = { c->frequency_mhz, c->height_agl_m, o->rx_height_m };
	struct rf_loss_terms t;
	if (prof_out) {
		*prof_out = prof;
		*link_out = link;
	}
	struct rf_path_geo geo = { c->lat_deg, c->lon_deg, lat, lon, x->water ? water : NULL };
	if (geo_out)
		*geo_out = geo;
	if (rf_model_path_loss_lean_geo(&x->mopts, &x->model, &link, &prof, &geo, &t, err))
		return -1;
	*warnings |= t.warnings;
	*loss_db = t.path_loss_db;
	if (x->p2108)
		*loss_db += p2108_db;
	else if (x->use_clutter && x->clutter_loss)
		*loss_db += eng->class_loss_db[eng->clutter.code[pix]];

	*gain_dbi = rf_pixel_gain(x, o, d_m, azi_deg, z_rx);
	return 0;
}

void rf_pixel_row_lat(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int row,
		      struct rf_geo_local_lat *la)
{
	rf_geo_local_lat(&x->geo, rf_grid_lat_deg(&eng->ws_grid, row + eng->uy0), la);
}

void rf_pixel_ctx_cols(struct rf_pixel_ctx *x, const struct rf_geo_local_lon *lon, int col0,
		       int n)
{
	x->lon = lon;
	x->lon_col0 = col0;
	x->lon_n = n;
}

void rf_pixel_ctx_row(const struct rf_engine *eng, struct rf_pixel_ctx *x, int row)
{
	rf_pixel_row_lat(eng, x, row, &x->lat);
	x->lat_wrow = row + eng->uy0;
	x->lat_step_m = rf_profile_step_m(&eng->ws_grid, 0.5 * (x->c->lat_deg +
				rf_grid_lat_deg(&eng->ws_grid, x->lat_wrow)));
}

void rf_pixel_col_lon(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int col,
		      struct rf_geo_local_lon *lo)
{
	rf_geo_local_lon(&x->geo, rf_grid_lon_deg(&eng->ws_grid, col + eng->ux0), lo);
}

int rf_pixel_geometry_pre(const struct rf_engine *eng, const struct rf_pixel_ctx *x,
			  const struct rf_geo_local_lat *la, const struct rf_geo_local_lon *lo,
			  int col, int row, double *d_m, double *azi_deg, double *z_rx_m)
{
	const int wcol = col + eng->ux0, wrow = row + eng->uy0;
	*d_m = rf_geo_local_inverse_pre(&x->geo, la, lo, azi_deg);
	*z_rx_m = eng->dem.data[(size_t)(wrow - x->oy) * eng->dem.grid.width + (wcol - x->ox)];
	if (*d_m > x->radius_m || isnan(*z_rx_m))
		return 0;
	if (*d_m < RF_MIN_PATH_M)
		*d_m = RF_MIN_PATH_M;
	return 1;
}

int rf_pixel_geometry(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int col,
		      int row, double *d_m, double *azi_deg, double *z_rx_m)
{
	struct rf_geo_local_lat la;
	struct rf_geo_local_lon lo;
	rf_pixel_row_lat(eng, x, row, &la);
	rf_pixel_col_lon(eng, x, col, &lo);
	return rf_pixel_geometry_pre(eng, x, &la, &lo, col, row, d_m, azi_deg, z_rx_m);
}

int rf_engine_pixel(const struct rf_engine *eng, int cell, int col, int row,
		    double *ground_m, double *clutter_m, double *loss_db,
		    double *gain_dbi, unsigned *warnings, struct rf_error *err)
{
	const struct rf_grid *g = &eng->grid;
	struct rf_pixel_ctx x;

	*loss_db = *gain_dbi = NAN;
	if (col < 0 || row < 0 || col >= g->width || row >= g->height)
		return rf_error_set(err, "pixel (%d, %d) is outside the engine grid (%dx%d)",
				    col, row, g->width, g->height);
	rf_pixel_ctx_init(eng, cell, &x);
	unsigned char *water = rf_xmalloc((size_t)eng->max_points);
	int rc = rf_pixel_compute(eng, &x, col, row, ground_m, clutter_m, water, loss_db,
				  gain_dbi, warnings, NULL, NULL, NULL, err);
	free(water);
	return rc;
}

int rf_engine_pixel_explain(const struct rf_engine *eng, int cell, int col, int row,
			    double *ground_m, double *clutter_m, unsigned char *water,
			    struct rf_profile *prof, struct rf_link *link,
			    struct rf_path_geo *geo, double *loss_db, double *gain_dbi,
			    struct rf_error *err)
{
	const struct rf_grid *g = &eng->grid;
	struct rf_pixel_ctx x;
	unsigned warnings = 0;

	memset(prof, 0, sizeof(*prof));
	memset(link, 0, sizeof(*link));
	*loss_db = *gain_dbi = NAN;
	if (col < 0 || row < 0 || col >= g->width || row >= g->height)
		return rf_error_set(err, "pixel (%d, %d) is outside the engine grid (%dx%d)",
				    col, row, g->width, g->height);
	memset(geo, 0, sizeof(*geo));
	rf_pixel_ctx_init(eng, cell, &x);
	return rf_pixel_compute(eng, &x, col, row, ground_m, clutter_m, water, loss_db, gain_dbi,
				&warnings, prof, link, geo, err);
}

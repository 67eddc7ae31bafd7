/* Coverage engine: one pixel on its own terrain profile, and the OpenMP loop
 * over the rows of every cell's window.  doc/engine.md explains the
 * geometry, the void handling and why results do not depend on threads. */
#include "rfplan/antenna.h"
#include "rfplan/engine.h"
#include "rfplan/geo.h"
#include "rfplan/interrupt.h"
#include "rfplan/profile.h"
#include "engine_priv.h"
#include "geo/geo_local.h"
#include "models/model_engine.h"

#include <math.h>
#include <omp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_PATH_M 1.0   /* a receiver closer than this is put at 1 m */
#define RAD2DEG (180.0 / M_PI)

/* Coordinates are fractional pixels of the workspace grid (ws_grid); the
 * terrain in memory covers [ox, ox + width) x [oy, oy + height) of it.
 * Weights come from the workspace coordinates themselves, so a pixel's value
 * does not depend on the region in memory (cells, tile, window). */

/* Bilinear DEM height at workspace (x, y), clamped to the pixel-centre
 * extent of the region; NAN when a neighbour is a void. */
static inline double dem_at(const struct rf_raster *r, int ox, int oy, double x, double y)
{
	const struct rf_grid *g = &r->grid;
	/* clamps as comparisons: fmin/fmax are library calls at -O2 */
	x = x < ox ? ox : x > ox + g->width - 1 ? ox + g->width - 1 : x;
	y = y < oy ? oy : y > oy + g->height - 1 ? oy + g->height - 1 : y;
	int xi = (int)x, yi = (int)y;
	double fx = x - xi, fy = y - yi;
	int x0 = xi - ox, y0 = yi - oy;
	int x1 = x0 + 1 < g->width ? x0 + 1 : x0, y1 = y0 + 1 < g->height ? y0 + 1 : y0;
	const float *z0 = r->data + (size_t)y0 * g->width, *z1 = r->data + (size_t)y1 * g->width;
	return (z0[x0] * (1 - fx) + z0[x1] * fx) * (1 - fy) + (z1[x0] * (1 - fx) + z1[x1] * fx) * fy;
}

/* The profile points 1..n-2 at (xs + i sx, ys + i sy), all known to lie in
 * [ox, ox+width-2] x [oy, oy+height-2], into ground_m: dem_at's bilinear
 * interpolation without its clamps and edge tests (no-ops there), so the
 * same bits.  Returns the sum of v - v over the heights v: 0 unless one is
 * a void (NAN). */
static double sample_inside(const struct rf_raster *r, int ox, int oy, double xs, double ys,
			    double sx, double sy, int n, double *ground_m)
{
	const ptrdiff_t w = r->grid.width, origin = (ptrdiff_t)oy * w + ox;
	const float *data = r->data;
	double voids = 0.0, di = 1.0;   /* di = i, exactly */

	for (int i = 1; i < n - 1; i++, di += 1.0) {
		const double x = xs + di * sx, y = ys + di * sy;
		const int xi = (int)x, yi = (int)y;
		const double fx = x - xi, fy = y - yi;
		const float *z0 = data + (yi * w + xi - origin), *z1 = z0 + w;
		const double v = (z0[0] * (1 - fx) + z0[1] * fx) * (1 - fy) +
				 (z1[0] * (1 - fx) + z1[1] * fx) * fy;
		ground_m[i] = v;
		voids += v - v;
	}
	return voids;
}

/* Replace NAN runs inside the profile by linear interpolation between the
 * valid points on either side (the end points are always valid here). */
static void fill_voids(double *z, int n)
{
	int i = 1;
	while (i < n - 1) {
		if (!isnan(z[i])) {
			i++;
			continue;
		}
		int j = i;
		while (j < n - 1 && isnan(z[j]))
			j++;
		for (int k = i; k < j; k++)
			z[k] = z[i - 1] + (z[j] - z[i - 1]) * (double)(k - i + 1) / (j - i + 1);
		i = j;
	}
}

/* What every pixel of one cell shares (set once per row). */
struct pixel_ctx {
	const struct rf_cell *c;
	struct rf_geo_local geo;   /* distances and azimuths from the site */
	double xs, ys;             /* the site in fractional ws_grid coordinates */
	int ox, oy;                /* the terrain region's origin in ws_grid */
	double radius_m;
	double loss_radius_m;      /* the loss within it: radius_m, or in the coverage
				      loop the main radius of two resolutions
				      (engine_tworesl.c fills the rest) */
	double inv_2kr;            /* 1 / (2 k R) */
	int use_clutter;
	int terrain;               /* the model reads the profile's heights */
	int water;                 /* the model reads water flags (P.1812) */
	int clutter_loss;          /* add the receiver class's loss_db */
	struct rf_model_cell model; /* the model's work shared by the cell's paths */
	struct rf_model_options mopts; /* the engine's model, with the cell's SPM
					  coefficients (its calibrated offset) */
	int p2108;                 /* --clutter-loss p2108 (engine_p2108.c) */
	double p2108_tx_clutter_m, p2108_tx_db;
};

static void ctx_init(const struct rf_engine *eng, int cell, struct pixel_ctx *x)
{
	x->c = &eng->cells->items[cell];
	rf_geo_local_init(&x->geo, x->c->lat_deg, x->c->lon_deg);
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
		/* the site's clutter pixel: as point 0 of a profile below */
		const double xhi = x->ox + eng->dem.grid.width - 1;
		const double yhi = x->oy + eng->dem.grid.height - 1;
		int cx = (int)((x->xs < x->ox ? x->ox : x->xs > xhi ? xhi : x->xs) + 0.5) - x->ox;
		int cy = (int)((x->ys < x->oy ? x->oy : x->ys > yhi ? yhi : x->ys) + 0.5) - x->oy;
		rf_p2108_site(eng, x->c, eng->clutter.code[(size_t)cy * eng->dem.grid.width + cx],
			      &x->p2108_tx_clutter_m, &x->p2108_tx_db);
	}
}

/* The gain of the cell's antenna towards a receiver z_rx_m above sea level
 * (DEM) at d_m and azi_deg from the site: the elevation of the receiver seen
 * from the antenna over the effective earth,
 * tan(theta) = (H_rx - H_tx) / d - d / (2 k R). */
static inline double pixel_gain(const struct pixel_ctx *x, const struct rf_engine_options *o,
				double d_m, double azi_deg, double z_rx_m)
{
	const struct rf_cell *c = x->c;
	double h_tx = c->ground_m + c->height_agl_m, h_rx = z_rx_m + o->rx_height_m;
	double elev = atan((h_rx - h_tx) / d_m - d_m * x->inv_2kr);
	return rf_antenna_gain_dbi(c->antenna, c->azimuth_deg, c->mech_tilt_deg, azi_deg,
				   elev * RAD2DEG);
}

/* One pixel; prof_out / link_out (NULL in the coverage loop) receive the
 * profile and link used.  water: max_points flags, used under P.1812. */
static int pixel(const struct rf_engine *eng, const struct pixel_ctx *x, int col, int row,
		 double *ground_m, double *clutter_m, unsigned char *water, double *loss_db,
		 double *gain_dbi, unsigned *warnings, struct rf_profile *prof_out,
		 struct rf_link *link_out, struct rf_path_geo *geo_out, struct rf_error *err)
{
	const struct rf_cell *c = x->c;
	const struct rf_grid *g = &eng->ws_grid;
	const struct rf_engine_options *o = &eng->opts;
	const int rw = eng->dem.grid.width, rh = eng->dem.grid.height;
	/* the pixel in workspace coordinates, and in the terrain region */
	const int wcol = col + eng->ux0, wrow = row + eng->uy0;
	double lat = rf_grid_lat_deg(g, wrow), lon = rf_grid_lon_deg(g, wcol);
	double d_m, azi_deg, z_rx, voids = 0.0, p2108_db = 0.0;
	int n, use_clutter = x->use_clutter && !x->p2108, p2108_section;
	size_t pix = (size_t)(wrow - x->oy) * rw + (wcol - x->ox);

	*loss_db = *gain_dbi = NAN;
	/* Distance and azimuth: the normal section from the site, within
	 * 1 um of the WGS84 geodesic (geo_local.h). */
	d_m = rf_geo_local_inverse(&x->geo, lat, lon, &azi_deg);
	z_rx = eng->dem.data[pix];
	if (d_m > x->loss_radius_m || isnan(z_rx))
		return 0;
	if (d_m < MIN_PATH_M)
		d_m = MIN_PATH_M;

	/* Profile: the straight line in lat/lon from the site to the pixel
	 * centre, at the DEM pitch (as rf_profile_sample), bilinear heights;
	 * with --profile-spacing at most profile_points_max points. */
	n = rf_profile_points(g, 0.5 * (c->lat_deg + lat), d_m);
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
		const double sx = (wcol - x->xs) / (n - 1), sy = (wrow - x->ys) / (n - 1);
		const double xlo = x->ox, ylo = x->oy;
		const double xhi = x->ox + rw - 1, yhi = x->oy + rh - 1;
		/* both ends inside the region's pixel-centre extent minus its
		 * last column and row: so is every point between them */
		if (x->xs >= xlo && x->xs <= xhi - 1 && x->ys >= ylo && x->ys <= yhi - 1 &&
		    wcol <= xhi - 1 && wrow <= yhi - 1) {
			voids = sample_inside(&eng->dem, x->ox, x->oy, x->xs, x->ys, sx, sy, n,
					      ground_m);
		} else {
			for (int i = 1; i < n - 1; i++) {
				double v = dem_at(&eng->dem, x->ox, x->oy, x->xs + i * sx,
						  x->ys + i * sy);
				ground_m[i] = v;
				voids += v - v;
			}
		}
		if (use_clutter) {
			/* nearest clutter pixel: floor(v + 0.5) of the clamped
			 * coordinate, which is >= 0, so a truncation */
			for (int i = 0; i < n - 1; i++) {
				double px = x->xs + i * sx, py = x->ys + i * sy;
				int cx = (int)((px < xlo ? xlo : px > xhi ? xhi : px) + 0.5) - x->ox;
				int cy = (int)((py < ylo ? ylo : py > yhi ? yhi : py) + 0.5) - x->oy;
				clutter_m[i] = eng->class_height_m[eng->clutter.code[(size_t)cy * rw + cx]];
				if (x->water)
					water[i] = eng->class_water[eng->clutter.code[(size_t)cy * rw + cx]];
			}
			if (x->water)
				water[n - 1] = eng->class_water[eng->clutter.code[pix]];
		}
	}
	if (ground_m) {
		ground_m[0] = c->ground_m;
		ground_m[n - 1] = z_rx;
	}
	/* v - v is 0 for every height but a NAN (or an infinity): the void
	 * search only for profiles that have one */
	if (voids != 0.0)
		fill_voids(ground_m, n);
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

	*gain_dbi = pixel_gain(x, o, d_m, azi_deg, z_rx);
	return 0;
}

/* For a path loss read from a matrix (engine_pathloss.c): the distance,
 * azimuth and DEM height of pixel() by the same expressions, so the same
 * bits; 0 where pixel() leaves the pixel out (beyond the radius, a void at
 * the receiver). */
static int pixel_geometry(const struct rf_engine *eng, const struct pixel_ctx *x, int col,
			  int row, double *d_m, double *azi_deg, double *z_rx_m)
{
	const struct rf_grid *g = &eng->ws_grid;
	const int wcol = col + eng->ux0, wrow = row + eng->uy0;
	double lat = rf_grid_lat_deg(g, wrow), lon = rf_grid_lon_deg(g, wcol);
	*d_m = rf_geo_local_inverse(&x->geo, lat, lon, azi_deg);
	*z_rx_m = eng->dem.data[(size_t)(wrow - x->oy) * eng->dem.grid.width + (wcol - x->ox)];
	if (*d_m > x->radius_m || isnan(*z_rx_m))
		return 0;
	if (*d_m < MIN_PATH_M)
		*d_m = MIN_PATH_M;
	return 1;
}

/* Row r of the gains of the cells results[group[0..n-1]] (group[0] the one
 * whose loss is given, the others sharing it: one site, one window), from
 * one geometry per pixel. */
static void gain_row_group(const struct rf_engine *eng, const int *idx,
			   struct rf_cell_result *results, const int *group, int n, int r)
{
	const struct rf_cell_result *res = &results[group[0]];
	const struct rf_window *win = &res->win;
	struct pixel_ctx *ctx = rf_xmalloc((size_t)n * sizeof(*ctx));
	for (int j = 0; j < n; j++)
		ctx_init(eng, idx[group[j]], &ctx[j]);
	for (int x = 0; x < win->width; x++) {
		size_t i = (size_t)r * win->width + x;
		double d_m, azi_deg, z_rx_m;
		int in = !isnan(res->loss_db[i]) &&
			 pixel_geometry(eng, &ctx[0], win->x0 + x, win->y0 + r, &d_m, &azi_deg,
					&z_rx_m);
		for (int j = 0; j < n; j++)
			results[group[j]].gain_dbi[i] =
				in ? (float)pixel_gain(&ctx[j], &eng->opts, d_m, azi_deg, z_rx_m)
				   : NAN;
	}
	free(ctx);
}

int rf_engine_pixel(const struct rf_engine *eng, int cell, int col, int row,
		    double *ground_m, double *clutter_m, double *loss_db,
		    double *gain_dbi, unsigned *warnings, struct rf_error *err)
{
	const struct rf_grid *g = &eng->grid;
	struct pixel_ctx x;

	*loss_db = *gain_dbi = NAN;
	if (col < 0 || row < 0 || col >= g->width || row >= g->height)
		return rf_error_set(err, "pixel (%d, %d) is outside the engine grid (%dx%d)",
				    col, row, g->width, g->height);
	ctx_init(eng, cell, &x);
	unsigned char *water = rf_xmalloc((size_t)eng->max_points);
	int rc = pixel(eng, &x, col, row, ground_m, clutter_m, water, loss_db, gain_dbi, warnings,
		       NULL, NULL, NULL, err);
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
	struct pixel_ctx x;
	unsigned warnings = 0;

	memset(prof, 0, sizeof(*prof));
	memset(link, 0, sizeof(*link));
	*loss_db = *gain_dbi = NAN;
	if (col < 0 || row < 0 || col >= g->width || row >= g->height)
		return rf_error_set(err, "pixel (%d, %d) is outside the engine grid (%dx%d)",
				    col, row, g->width, g->height);
	memset(geo, 0, sizeof(*geo));
	ctx_init(eng, cell, &x);
	return pixel(eng, &x, col, row, ground_m, clutter_m, water, loss_db, gain_dbi, &warnings,
		     prof, link, geo, err);
}

/* The (cell, row) work items of all requested cells, flattened so that one
 * dynamic loop balances rows of large and small windows across threads. */
struct work {
	int n_items;
	int *item_cell;   /* index into idx[] */
	int *item_row;    /* row within the window */
};

static void build_work(const struct rf_engine *eng, const int *idx, int n, struct work *w)
{
	w->n_items = 0;
	for (int k = 0; k < n; k++)
		w->n_items += eng->windows[idx[k]].height;
	w->item_cell = rf_xmalloc((size_t)w->n_items * sizeof(int));
	w->item_row = rf_xmalloc((size_t)w->n_items * sizeof(int));
	for (int k = 0, m = 0; k < n; k++)
		for (int r = 0; r < eng->windows[idx[k]].height; r++, m++) {
			w->item_cell[m] = k;
			w->item_row[m] = r;
		}
}

static void compute_row(const struct rf_engine *eng, int cell, struct rf_cell_result *res,
			int r, int have_loss, double *ground, double *clutter,
			unsigned char *water)
{
	const struct rf_window *win = &res->win;
	unsigned warn = 0;
	struct pixel_ctx ctx;
	ctx_init(eng, cell, &ctx);
	if (eng->loss_radius_km > 0)
		ctx.loss_radius_m = eng->loss_radius_km * 1000.0;
	if (have_loss) {   /* the loss from a matrix: the gain alone */
		for (int x = 0; x < win->width; x++) {
			size_t i = (size_t)r * win->width + x;
			double d_m, azi_deg, z_rx_m;
			res->gain_dbi[i] = !isnan(res->loss_db[i]) &&
				pixel_geometry(eng, &ctx, win->x0 + x, win->y0 + r, &d_m, &azi_deg,
					       &z_rx_m)
				? (float)pixel_gain(&ctx, &eng->opts, d_m, azi_deg, z_rx_m) : NAN;
		}
		return;
	}
	for (int x = 0; x < win->width; x++) {
		size_t i = (size_t)r * win->width + x;
		double loss, gain;
		struct rf_error perr;
		if (pixel(eng, &ctx, win->x0 + x, win->y0 + r, ground, clutter, water, &loss,
			  &gain, &warn, NULL, NULL, NULL, &perr)) {
			res->loss_db[i] = res->gain_dbi[i] = NAN;
			#pragma omp critical(rf_engine_failure)
			{
				/* Keep the message of the lowest pixel index so the
				 * report does not depend on thread timing. */
				if (res->first_failure_pixel < 0 ||
				    (long)i < res->first_failure_pixel) {
					res->first_failure_pixel = (long)i;
					snprintf(res->first_failure, sizeof(res->first_failure),
						 "%.250s", perr.msg);
				}
				res->n_failed++;
			}
			continue;
		}
		res->loss_db[i] = (float)loss;
		res->gain_dbi[i] = (float)gain;
	}
	#pragma omp atomic update
	res->warnings |= warn;
}

static void report_cell(const struct rf_engine *eng, int cell,
			struct rf_cell_result *res, struct rf_log *log)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	if (res->n_failed)
		rf_warn(log, "cell %s/%s: the model refused %ld pixels (left as nodata); "
			"first: %s", c->site_id, c->cell_id, res->n_failed, res->first_failure);
	if (res->warnings & RF_WARN_ITM)
		rf_verbose(log, "cell %s/%s: ITM raised warnings on some paths", c->site_id,
			   c->cell_id);
}

/* Validity warnings once per run (they concern most cells alike). */
static void report_validity(const struct rf_engine *eng, const int *idx, int n,
			    const struct rf_cell_result *results, struct rf_log *log)
{
	static const struct { unsigned bit; const char *what; } kinds[] = {
		{ RF_WARN_DIST_RANGE, NULL },   /* rf_dist_range_advice */
		{ RF_WARN_TX_HEIGHT, "antenna heights outside the model's range" },
		{ RF_WARN_RX_HEIGHT, "a receiver height outside the model's range" },
	};
	int model = eng->opts.model.model;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		int count = 0, first = -1;
		for (int i = 0; i < n; i++)
			if (results[i].warnings & kinds[k].bit) {
				if (first < 0)
					first = idx[i];
				count++;
			}
		if (!count)
			continue;
		if (kinds[k].what)
			rf_warn(log, "model %s: %d of %d cells (first %s/%s) have %s",
				rf_model_name(model), count, n, eng->cells->items[first].site_id,
				eng->cells->items[first].cell_id, kinds[k].what);
		else
			rf_warn(log, "model %s: %d of %d cells (first %s/%s) have paths %s",
				rf_model_name(model), count, n, eng->cells->items[first].site_id,
				eng->cells->items[first].cell_id, rf_dist_range_advice(model));
	}
}

/* "cell K/N SITE/CELL done" as soon as the last row of a cell is computed
 * (called inside a critical section; rf_info only reads the log). */
static void cell_done(const struct rf_engine *eng, int cell, int k, int n,
		      const struct rf_cell_result *res, struct rf_log *log)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	rf_info(log, "cell %d/%d %s/%s: %dx%d pixels done", k + 1, n, c->site_id, c->cell_id,
		res->win.width, res->win.height);
}

int rf_engine_compute(const struct rf_engine *eng, const int *idx, int n,
		      struct rf_cell_result *results, struct rf_log *log,
		      struct rf_error *err)
{
	return rf_engine_compute_with(eng, idx, n, results, NULL, log, err);
}

/* What rows of the work list a pass runs, and their progress.  A cell
 * whose loss is given heads a group: the cells sharing its loss, whose
 * gains its rows compute too (one geometry per pixel for the site). */
struct pass {
	const int *loss_from;   /* rf_engine_compute_with's, or NULL */
	int shared;             /* 0: cells with their own loss, 1: sharing one */
	long done, n_items;
	int *rows_left;
	int *group;             /* the groups' members (build_groups), or NULL */
	int *group_start;       /* per cell: where its group starts in group */
	int *group_n;           /* per cell: its group's size (0: in another's) */
};

/* A cell sharing the loss of a cell whose loss is given. */
static int grouped(const struct pass *p, int k)
{
	return p->loss_from && p->loss_from[k] >= 0 &&
	       p->loss_from[p->loss_from[k]] == RF_LOSS_GIVEN;
}

static int in_pass(const struct pass *p, int k)
{
	if (grouped(p, k))
		return 0;   /* its rows are its group head's */
	return (p->loss_from && p->loss_from[k] >= 0) == p->shared;
}

/* The groups, as compressed rows: head k's members (itself first) are
 * group[group_start[k] .. + group_n[k]]. */
static void build_groups(struct pass *p, int n)
{
	int *fill = rf_xcalloc((size_t)n, sizeof(int)), at = 0;
	p->group = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	p->group_n = rf_xcalloc((size_t)n, sizeof(int));
	p->group_start = rf_xcalloc((size_t)n, sizeof(int));
	for (int k = 0; k < n; k++)
		if (p->loss_from[k] == RF_LOSS_GIVEN)
			p->group_n[k] = 1;
		else if (grouped(p, k))
			p->group_n[p->loss_from[k]]++;
	for (int k = 0; k < n; k++) {
		p->group_start[k] = at;
		at += p->group_n[k];
	}
	for (int k = 0; k < n; k++)
		if (p->loss_from[k] == RF_LOSS_GIVEN)
			p->group[p->group_start[k] + fill[k]++] = k;
	for (int k = 0; k < n; k++)
		if (grouped(p, k)) {
			int h = p->loss_from[k];
			p->group[p->group_start[h] + fill[h]++] = k;
		}
	free(fill);
}

/* One row counted for cell k: its end reported, the progress. */
static void row_done(const struct rf_engine *eng, const int *idx, int n,
		     struct rf_cell_result *results, struct pass *p, int k, struct rf_log *log)
{
	int left;
	long now;
	#pragma omp atomic capture
	now = ++p->done;
	#pragma omp atomic capture
	left = --p->rows_left[k];
	if (left == 0 || omp_get_thread_num() == 0) {
		#pragma omp critical(rf_engine_report)
		{
			if (left == 0)
				cell_done(eng, idx[k], k, n, &results[k], log);
			if (omp_get_thread_num() == 0)
				rf_progress(log, "path loss", (double)now / p->n_items);
		}
	}
}

static void run_pass(const struct rf_engine *eng, const int *idx, int n,
		     struct rf_cell_result *results, const struct work *w, struct pass *p,
		     int threads, struct rf_log *log)
{
	#pragma omp parallel num_threads(threads)
	{
		/* Per-thread scratch, allocated once per pass. */
		double *ground = rf_xmalloc((size_t)eng->max_points * sizeof(double));
		double *clutter = rf_xmalloc((size_t)eng->max_points * sizeof(double));
		unsigned char *water = rf_xmalloc((size_t)eng->max_points);
		#pragma omp for schedule(dynamic)
		for (int m = 0; m < w->n_items; m++) {
			int k = w->item_cell[m];
			/* after a signal the remaining rows are skipped (a
			 * parallel loop cannot be left); the caller fails */
			if (!in_pass(p, k) || rf_interrupted())
				continue;
			if (p->group && p->group_n[k] > 1) {
				const int *g = p->group + p->group_start[k];
				gain_row_group(eng, idx, results, g, p->group_n[k], w->item_row[m]);
				for (int j = 0; j < p->group_n[k]; j++)
					row_done(eng, idx, n, results, p, g[j], log);
				continue;
			}
			compute_row(eng, idx[k], &results[k], w->item_row[m],
				    p->loss_from && p->loss_from[k] != RF_LOSS_COMPUTE, ground,
				    clutter, water);
			row_done(eng, idx, n, results, p, k, log);
		}
		free(ground);
		free(clutter);
		free(water);
	}
}

/* A cell sharing results[j]'s loss: a copy of it, its warnings and failures
 * (the windows are equal: the matrix key holds the window). */
static void share_loss(struct rf_cell_result *dst, const struct rf_cell_result *src)
{
	size_t np = (size_t)src->win.width * (size_t)src->win.height;
	dst->loss_db = rf_xmalloc((np ? np : 1) * sizeof(float));
	memcpy(dst->loss_db, src->loss_db, np * sizeof(float));
	dst->warnings = src->warnings;
	dst->n_failed = src->n_failed;
	dst->first_failure_pixel = src->first_failure_pixel;
	memcpy(dst->first_failure, src->first_failure, sizeof(dst->first_failure));
}

int rf_engine_compute_with(const struct rf_engine *eng, const int *idx, int n,
			   struct rf_cell_result *results, const int *loss_from,
			   struct rf_log *log, struct rf_error *err)
{
	struct work w;
	int threads = eng->opts.threads > 0 ? eng->opts.threads : omp_get_max_threads();
	struct pass p = { loss_from, 0, 0, 0, NULL, NULL, NULL, NULL };

	for (int k = 0; k < n; k++) {
		struct rf_cell_result *res = &results[k];
		size_t np;
		if (loss_from && loss_from[k] == RF_LOSS_GIVEN) {   /* the caller's loss */
			np = (size_t)res->win.width * (size_t)res->win.height;
			res->gain_dbi = rf_xmalloc(np * sizeof(float));
			continue;
		}
		memset(res, 0, sizeof(*res));
		res->win = eng->windows[idx[k]];
		res->first_failure_pixel = -1;
		np = (size_t)res->win.width * (size_t)res->win.height;
		if (!loss_from || loss_from[k] == RF_LOSS_COMPUTE)
			res->loss_db = rf_xmalloc(np * sizeof(float));
		res->gain_dbi = rf_xmalloc(np * sizeof(float));
	}
	build_work(eng, idx, n, &w);
	p.n_items = w.n_items;
	p.rows_left = rf_xmalloc((size_t)n * sizeof(int));
	for (int k = 0; k < n; k++)
		p.rows_left[k] = results[k].win.height;
	if (loss_from)
		build_groups(&p, n);
	run_pass(eng, idx, n, results, &w, &p, threads, log);
	if (loss_from) {   /* then the cells sharing a loss computed or given */
		for (int k = 0; k < n; k++)
			if (loss_from[k] >= 0)
				share_loss(&results[k], &results[loss_from[k]]);
		p.shared = 1;
		if (!rf_interrupted())
			run_pass(eng, idx, n, results, &w, &p, threads, log);
	}
	free(w.item_cell);
	free(w.item_row);
	free(p.rows_left);
	free(p.group);
	free(p.group_start);
	free(p.group_n);
	/* the results' arrays stay allocated: the caller frees them as after
	 * any failure */
	if (rf_interrupt_check(err))
		return -1;
	rf_progress(log, "path loss", 1.0);

	report_validity(eng, idx, n, results, log);
	for (int k = 0; k < n; k++) {
		struct rf_cell_result *res = &results[k];
		size_t np = (size_t)res->win.width * (size_t)res->win.height, valid = 0;
		report_cell(eng, idx[k], res, log);
		for (size_t i = 0; i < np; i++)
			valid += !isnan(res->loss_db[i]);
		if (!valid) {
			const struct rf_cell *c = &eng->cells->items[idx[k]];
			return rf_error_set(err, "cell %s/%s: no pixel could be computed%s%s",
					    c->site_id, c->cell_id, res->n_failed ? ": " : "",
					    res->first_failure);
		}
	}
	return 0;
}

int rf_engine_run(const struct rf_engine *eng, struct rf_cell_result *results,
		  struct rf_log *log, struct rf_error *err)
{
	int n = (int)eng->cells->count, rc;
	int *idx = rf_xmalloc((size_t)n * sizeof(int));
	for (int i = 0; i < n; i++)
		idx[i] = i;
	rc = rf_engine_compute(eng, idx, n, results, log, err);
	free(idx);
	return rc;
}

void rf_cell_result_free(struct rf_cell_result *r)
{
	if (!r)
		return;
	free(r->loss_db);
	free(r->gain_dbi);
	r->loss_db = r->gain_dbi = NULL;
}

float rf_cell_rsrp_dbm(const struct rf_cell *c, float gain_dbi, float loss_db,
		       double rx_gain_dbi, double body_loss_db)
{
	double k = c->rs_epre_dbm - c->feeder_loss_db + rx_gain_dbi - body_loss_db;
	return (float)(k + (double)gain_dbi - (double)loss_db);
}

void rf_engine_rsrp(const struct rf_engine *eng, int cell, const struct rf_cell_result *r,
		    double rx_gain_dbi, double body_loss_db, float *out)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	size_t np = (size_t)r->win.width * (size_t)r->win.height;
	for (size_t i = 0; i < np; i++)
		out[i] = rf_cell_rsrp_dbm(c, r->gain_dbi[i], r->loss_db[i], rx_gain_dbi,
					  body_loss_db);
}

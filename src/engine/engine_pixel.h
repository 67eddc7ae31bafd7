/* Private to the coverage computation (engine_compute.c, engine_pixel.c,
 * engine_pixel_profile.c, engine_gain.c, engine_report.c): one pixel of
 * one cell on its own terrain profile.  doc/engine.md explains the
 * geometry, the void handling and why results do not depend on threads.
 *
 * Coordinates are fractional pixels of the workspace grid (eng->ws_grid);
 * the terrain in memory covers [ox, ox + width) x [oy, oy + height) of it.
 * Weights come from the workspace coordinates themselves, so a pixel's value
 * does not depend on the region in memory (cells, tile, window). */
#ifndef RFPLAN_ENGINE_PIXEL_H
#define RFPLAN_ENGINE_PIXEL_H

#include <math.h>

#include "rfplan/antenna.h"
#include "rfplan/engine.h"
#include "rfplan/profile.h"
#include "geo/geo_local.h"
#include "models/model_engine.h"

#define RF_MIN_PATH_M 1.0   /* a receiver closer than this is put at 1 m */

/* What every pixel of one cell shares (set once per row). */
struct rf_pixel_ctx {
	const struct rf_cell *c;
	struct rf_antenna_aim aim;  /* its antenna, azimuth and tilt */
	struct rf_geo_local geo;   /* distances and azimuths from the site */
	int lat_wrow;              /* the ws_grid row whose terms lat holds, or -1 */
	struct rf_geo_local_lat lat;
	double lat_step_m;         /* that row's profile step from the site
				      (rf_profile_step_m at the mid-latitude) */
	const struct rf_geo_local_lon *lon; /* the longitude terms of engine-grid
					       columns lon_col0.., or NULL */
	int lon_col0, lon_n;
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

/* engine_pixel.c: the context of cell `cell` of eng. */
void rf_pixel_ctx_init(const struct rf_engine *eng, int cell, struct rf_pixel_ctx *x);
/* engine_pixel.c: keep in x the latitude terms of engine-grid row `row`,
 * for rf_pixel_compute's pixels of that row (the same bits). */
void rf_pixel_ctx_row(const struct rf_engine *eng, struct rf_pixel_ctx *x, int row);
/* engine_pixel.c: and the longitude terms of the n engine-grid columns from
 * col0 (rf_gain_window_lon's table, kept by the caller). */
void rf_pixel_ctx_cols(struct rf_pixel_ctx *x, const struct rf_geo_local_lon *lon, int col0,
		       int n);

/* engine_pixel.c: the loss and gain of the pixel (col, row) of the engine
 * grid (NAN both, returning 0, beyond the loss radius or on a receiver
 * void); ground_m, clutter_m, water: eng->max_points each, scratch;
 * prof_out / link_out / geo_out (NULL in the coverage loop) receive the
 * profile, link and path used.  Returns 0 or -1 with err (the model's
 * refusal, a profile longer than eng->max_points). */
int rf_pixel_compute(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int col,
		     int row, double *ground_m, double *clutter_m, unsigned char *water,
		     double *loss_db, double *gain_dbi, unsigned *warnings,
		     struct rf_profile *prof_out, struct rf_link *link_out,
		     struct rf_path_geo *geo_out, struct rf_error *err);

/* engine_pixel.c: for a path loss read from a matrix (engine_pathloss.c):
 * the distance, azimuth and DEM height of rf_pixel_compute by the same
 * expressions, so the same bits; 0 where it leaves the pixel out (beyond
 * the radius, a void at the receiver), else 1. */
int rf_pixel_geometry(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int col,
		      int row, double *d_m, double *azi_deg, double *z_rx_m);
/* The same from its parts (azi_deg NULL: not computed, for an omni's gain),
 * for the pixels of a window: the terms of each
 * row's latitude (rf_pixel_row_lat) and of each column's longitude
 * (rf_pixel_col_lon) once, then each pixel by rf_geo_local_inverse_pre:
 * the same bits. */
void rf_pixel_row_lat(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int row,
		      struct rf_geo_local_lat *la);
void rf_pixel_col_lon(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int col,
		      struct rf_geo_local_lon *lo);
int rf_pixel_geometry_pre(const struct rf_engine *eng, const struct rf_pixel_ctx *x,
			  const struct rf_geo_local_lat *la, const struct rf_geo_local_lon *lo,
			  int col, int row, double *d_m, double *azi_deg, double *z_rx_m);

/* engine_pixel_profile.c: the n-point terrain profile from the site to the
 * workspace pixel (wcol, wrow), whose DEM height is z_rx_m: ground_m[0..n-1]
 * (bilinear heights, voids on the path interpolated) and, with use_clutter,
 * clutter_m[0..n-2] (nearest class heights) and under x->water
 * water[0..n-1]. */
void rf_pixel_profile(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int wcol,
		      int wrow, int n, double z_rx_m, int use_clutter, double *ground_m,
		      double *clutter_m, unsigned char *water);

/* The elevation of a receiver z_rx_m above sea level (DEM) at d_m from the
 * site, seen from the cell's antenna over the effective earth,
 * tan(theta) = (H_rx - H_tx) / d - d / (2 k R), as the antenna takes it.
 * The sectors of a site (one height: one path-loss key) share it.  Inline:
 * the coverage loop and the gain from a matrix's loss (engine_gain.c) must
 * give the same bits by the same expression. */
static inline void rf_pixel_elevation(const struct rf_pixel_ctx *x,
				      const struct rf_engine_options *o, double d_m,
				      double z_rx_m, struct rf_antenna_elev *e)
{
	const struct rf_cell *c = x->c;
	double h_tx = c->ground_m + c->height_agl_m, h_rx = z_rx_m + o->rx_height_m;
	double elev = atan((h_rx - h_tx) / d_m - d_m * x->inv_2kr);
	rf_antenna_elevation(elev * (180.0 / M_PI), e);
}

/* The gain of the cell's antenna towards that receiver at azi_deg from the
 * site (rf_antenna_gain_dbi in its two steps). */
static inline double rf_pixel_gain(const struct rf_pixel_ctx *x,
				   const struct rf_engine_options *o, double d_m,
				   double azi_deg, double z_rx_m)
{
	struct rf_antenna_elev e = { 0.0, 0.0 };
	if (!x->aim.omni)   /* an omni's gain does not read it */
		rf_pixel_elevation(x, o, d_m, z_rx_m, &e);
	return rf_antenna_aim_gain_dbi(&x->aim, azi_deg, &e);
}

/* engine_gain.c: the longitude terms of the columns of cell `cell`'s
 * window win (malloc'd, win->width entries), for rf_gain_row_group. */
struct rf_geo_local_lon *rf_gain_window_lon(const struct rf_engine *eng, int cell,
					    const struct rf_window *win);
/* engine_gain.c: row r of the gains of the cells results[group[0..n-1]]
 * (group[0] the one whose loss is given, the others sharing it: one site,
 * one window, whose columns' longitude terms are lon), from one geometry
 * per pixel; NAN where the loss is. */
void rf_gain_row_group(const struct rf_engine *eng, const int *idx,
		       struct rf_cell_result *results, const int *group, int n, int r,
		       const struct rf_geo_local_lon *lon);

/* engine_report.c: "cell K/N SITE/CELL done" (called inside a critical
 * section; rf_info only reads the log). */
void rf_report_cell_done(const struct rf_engine *eng, int cell, int k, int n,
			 const struct rf_cell_result *res, struct rf_log *log);
/* engine_report.c: after the run, the model's validity warnings once per
 * run, each cell's refusals; -1 with err when a cell has no pixel. */
int rf_report_results(const struct rf_engine *eng, const int *idx, int n,
		      const struct rf_cell_result *results, struct rf_log *log,
		      struct rf_error *err);

#endif

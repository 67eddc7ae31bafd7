/* The coverage engine: path loss and antenna gain of each cell over the
 * workspace grid, every pixel on its own terrain profile (doc/engine.md).
 *
 * Usage (no CLI needed):
 *   struct rf_engine eng;
 *   rf_engine_options_default(&o);            (then set o.model, radius ...)
 *   rf_engine_open(&eng, &ws, &cells, &o, log, &err);
 *   results = rf_xcalloc(cells.count, sizeof(*results));
 *   rf_engine_run(&eng, results, log, &err);   (all cells, OpenMP)
 *   ... rf_engine_rsrp(&eng, i, &results[i], ...) ...
 *   rf_cell_result_free(&results[i]); rf_engine_close(&eng);
 * The engine borrows the workspace and the cells (they must outlive it) and
 * owns the DEM / clutter window it reads.  Results are bit-identical for any
 * thread count: every pixel is computed independently. */
#ifndef RFPLAN_ENGINE_H
#define RFPLAN_ENGINE_H

#include <stdint.h>

#include "rfplan/cells.h"
#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/log.h"
#include "rfplan/model.h"
#include "rfplan/workspace.h"

/* Clutter loss at the terminals (doc/models.md, "P.2108 clutter loss"). */
enum rf_clutter_loss {
	RF_CLUTTER_LOSS_NONE = 0,   /* the class table's loss_db and heights (default) */
	RF_CLUTTER_LOSS_P2108 = 1   /* ITU-R P.2108-1 sec. 3.1 / 3.2 instead */
};

struct rf_engine_options {
	struct rf_model_options model;
	double radius_km;       /* computation radius around each cell, default 30 */
	double rx_height_m;     /* receiver height above ground, default 1.5 */
	int use_clutter;        /* clutter heights on the path + loss at the receiver
				   (when the workspace has clutter), default 1 */
	int threads;            /* OpenMP threads, 0 = all cores (default) */
	int tile_k, tile_n;     /* compute only tile K (1..N) of the output grid
				   (rf_tile_window, doc/scaling.md); 0 = all */
	int clutter_loss;       /* enum rf_clutter_loss, default NONE */
	double clutter_pct;     /* P.2108 sec. 3.2 % of locations, default 50 */
	double main_radius_km;  /* two resolutions (doc/engine.md): the workspace's
				   resolution within this radius, 0 = off (default) */
	double ext_res_m;       /* ... and beyond it the loss of a coarser matrix at
				   about this pixel size, bilinear; 0 with the above */
	int profile_points_max; /* --profile-spacing: at most this many points per
				   profile, beyond it the spacing grows with the
				   distance (doc/engine.md); 0 = the DEM's pitch
				   everywhere (default) */
};

void rf_engine_options_default(struct rf_engine_options *o);

/* --profile-spacing (doc/engine.md, "Profiles that follow the resolution"):
 * "dem" 0, "auto" RF_PROFILE_POINTS_AUTO, or a number of points N
 * (16..100000).  Returns 0, or -1 when s is none of these. */
#define RF_PROFILE_POINTS_AUTO 257
int rf_profile_spacing_parse(const char *s, int *points_max);

/* A cell's window: a rectangle of the engine grid. */
struct rf_window {
	int x0, y0, width, height;
};

/* The split of a width x height grid into n tiles (doc/scaling.md): nx
 * columns x ny rows of tiles, nx the divisor of n nearest to
 * sqrt(n width / height) (the smaller on a tie), so tiles are near square;
 * tile k (1..n) is row (k-1) / nx, column (k-1) % nx of that layout, and
 * tile column i spans grid columns [floor(i width / nx), floor((i+1) width /
 * nx)) (rows likewise).  A tile may be empty when n exceeds the grid. */
void rf_tile_layout(int width, int height, int n, int *nx, int *ny);
void rf_tile_window(int width, int height, int k, int n, struct rf_window *tile);

struct rf_engine {
	struct rf_grid grid;             /* union of the cells' windows, on DEM pixels */
	struct rf_grid ws_grid;          /* the workspace's whole grid: coordinates are
					    computed on it, so a pixel's value does not
					    depend on which cells, tile or window run */
	int ux0, uy0;                    /* grid's origin in ws_grid pixels */
	struct rf_raster dem;            /* DEM over the terrain region (NAN = void):
					    grid, or a tile's neighbourhood of it */
	struct rf_class_raster clutter;  /* same region; code NULL without clutter */
	int dem_x0, dem_y0;              /* the region's origin in grid pixels */
	float *class_height_m;           /* 65536 entries, 0 for unknown codes */
	float *class_loss_db;            /* 65536 entries */
	unsigned char *class_p2108;      /* 65536 P.2108 types, --clutter-loss p2108
					    only (engine_p2108.c), else NULL */
	unsigned char *class_water;      /* 65536 entries: 1 for a water class
					    (P.1812's sea, rf_p1812_class_is_water) */
	const struct rf_cells *cells;    /* borrowed */
	struct rf_window *windows;       /* one per cell, owned */
	struct rf_engine_options opts;
	int max_points;                  /* longest profile, points */
	double loss_radius_km;           /* rf_predict's two resolutions: the loss is
					    computed within this only (the rest comes
					    from the extended matrices); 0 = radius_km */
	struct rf_window tile;           /* the part of grid to compute and write: all
					    of it, or tile K of N (windows clipped to
					    it; terrain read only where they reach) */
};

/* Per-cell result over its window (row-major, width * height). */
struct rf_cell_result {
	struct rf_window win;
	float *loss_db;    /* basic transmission loss (model) + clutter loss at the
			      receiver pixel; NAN outside the radius, on a DEM void
			      at the receiver, or where the model refused */
	float *gain_dbi;   /* antenna gain toward the pixel centre */
	unsigned warnings; /* OR of the model's RF_WARN_* over the window */
	long n_failed;     /* pixels the model refused (NAN) */
	long first_failure_pixel; /* lowest window index refused, -1 none */
	char first_failure[256];  /* the model's message for that pixel */
};

/* Compute the cells' windows (radius around each site, clipped to the DEM),
 * read the DEM and clutter over their union, build the class lookups.
 * Cells must have been located (rf_cells_locate).  Warns about clutter codes
 * missing from the class table.  Returns 0 or -1 with err. */
int rf_engine_open(struct rf_engine *eng, const struct rf_workspace *ws,
		   const struct rf_cells *cells, const struct rf_engine_options *opts,
		   struct rf_log *log, struct rf_error *err);
void rf_engine_close(struct rf_engine *eng);

/* Check each distinct frequency against the model's validity range (a probe
 * path): warn, or fail when strict.  Returns 0 or -1 with err. */
int rf_engine_check_validity(const struct rf_engine *eng, int strict, struct rf_log *log,
			     struct rf_error *err);

/* Compute the cells idx[0..n-1] (parallel over the rows of all of them,
 * schedule(dynamic)).  results[k] receives cell idx[k]; arrays are
 * allocated here and owned by the caller (rf_cell_result_free).  Reports
 * "cell K/N SITE/CELL done" per cell and warns about refused pixels and
 * model validity warnings.  Fails (-1) only when a cell has no computable
 * pixel at all. */
int rf_engine_compute(const struct rf_engine *eng, const int *idx, int n,
		      struct rf_cell_result *results, struct rf_log *log,
		      struct rf_error *err);
/* All cells: results[i] for cell i. */
int rf_engine_run(const struct rf_engine *eng, struct rf_cell_result *results,
		  struct rf_log *log, struct rf_error *err);
void rf_cell_result_free(struct rf_cell_result *r);

/* The path loss and gain of one pixel (engine grid col, row) for cell i,
 * exactly as rf_engine_compute does; scratch arrays ground_m / clutter_m
 * hold eng->max_points values.  Returns 0 (values NAN when outside the
 * radius or on a void), or -1 with err when the model refused. */
int rf_engine_pixel(const struct rf_engine *eng, int cell, int col, int row,
		    double *ground_m, double *clutter_m, double *loss_db,
		    double *gain_dbi, unsigned *warnings, struct rf_error *err);

/* rf_engine_pixel, also giving the profile (pointing into ground_m and
 * clutter_m), the link and the path's position (geo->water pointing into
 * water, max_points flags, or NULL) the engine used, so that one map pixel
 * can be explained term by term (`rfplan profile --pixel`).  prof->n is 0
 * when the pixel is outside the radius or on a void. */
int rf_engine_pixel_explain(const struct rf_engine *eng, int cell, int col, int row,
			    double *ground_m, double *clutter_m, unsigned char *water,
			    struct rf_profile *prof, struct rf_link *link,
			    struct rf_path_geo *geo, double *loss_db, double *gain_dbi,
			    struct rf_error *err);

/* One map pixel explained: what `rfplan predict` computes at the pixel
 * holding (lat_deg, lon_deg) for one cell (doc/engine.md).  Since a pixel's
 * value does not depend on the other cells, this is the value of that cell
 * in a map. */
struct rf_pixel_explain {
	double lat_deg, lon_deg;       /* the pixel centre */
	int ws_col, ws_row;            /* the pixel in the workspace grid */
	struct rf_link link;
	struct rf_profile prof;        /* the engine's profile, into the arrays below */
	double *ground_m, *clutter_m;  /* owned */
	unsigned char *water;          /* owned */
	struct rf_path_geo geo;        /* the path's position (water into the above) */
	double loss_db;                /* path loss + clutter loss at the receiver */
	double clutter_loss_db;        /* that clutter loss (0 without clutter) */
	double gain_dbi;               /* the cell's antenna gain toward the pixel centre */
	int p2108_section;             /* --clutter-loss p2108: the receiver's
					  section, 31 (3.1) or 32 (3.2); 0 none */
};
/* cells->items[cell], located (rf_cells_locate), alone: the engine runs
 * over that cell's window only.  Returns 0 or -1 with err (also for a
 * point on a DEM void or beyond the radius); free out with
 * rf_pixel_explain_free, also after an error. */
int rf_engine_explain_cell(const struct rf_workspace *ws, const struct rf_cells *cells,
			   size_t cell, double lat_deg, double lon_deg,
			   const struct rf_engine_options *opts, struct rf_pixel_explain *out,
			   struct rf_log *log, struct rf_error *err);
/* An omnidirectional cell (the rf_cell_defaults) at site_id with the given
 * height and frequency, through rf_engine_explain_cell. */
int rf_engine_explain_point(const struct rf_workspace *ws, const char *site_id,
			    double tx_height_agl_m, double freq_mhz, double lat_deg,
			    double lon_deg, const struct rf_engine_options *opts,
			    struct rf_pixel_explain *out, struct rf_log *log,
			    struct rf_error *err);
void rf_pixel_explain_free(struct rf_pixel_explain *p);


/* RSRP of cell c at one pixel, dBm (doc/lte.md), from the Float32 gain and
 * loss of a rf_cell_result, rounded to Float32 as in rsrp.tif:
 *   RS EPRE + gain - feeder loss - loss + rx_gain_dbi - body_loss_db.
 * The one formula of rf_engine_rsrp and `rfplan profile --cell`. */
float rf_cell_rsrp_dbm(const struct rf_cell *c, float gain_dbi, float loss_db,
		       double rx_gain_dbi, double body_loss_db);

/* RSRP of cell i over its window, dBm: rf_cell_rsrp_dbm per pixel.
 * out holds win.width * win.height values. */
void rf_engine_rsrp(const struct rf_engine *eng, int cell, const struct rf_cell_result *r,
		    double rx_gain_dbi, double body_loss_db, float *out);

/* The rest of a prediction has its own headers: rfplan/predict.h (the
 * whole prediction), rfplan/outdir.h (the atomic output directory),
 * rfplan/run_manifest.h (run.json). */

#endif

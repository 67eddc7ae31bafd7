/* Automatic cell planning: mechanical tilt, azimuth and power of the cells
 * searched to maximise the served area (`rfplan optimize`, doc/planning.md).
 *
 * A cell's path loss does not depend on its antenna, azimuth, tilt or power
 * (doc/engine.md, "Path-loss matrices"), so it is taken once per cell, as
 * rfplan predict takes it (its stored matrix when the key matches, else
 * computed and stored; none with no_cache), and kept in memory; a candidate recomputes only that cell's antenna gain over
 * its window (rf_engine_compute_with, loss given), its RSRP
 * (rf_cell_rsrp_dbm) and the combination (rf_lte_combine) over that window:
 * the values `rfplan predict` would compute for the same cells.
 *
 * Objective: the area (km^2) of the pixels with RSRP >= rsrp_threshold_dbm and RS-SINR >= sinr_threshold_db, minus
 * overshoot_penalty x the part of that area whose best server's site is
 * farther than overshoot_km (0: no penalty); with weight_path, the
 * weight raster's sum over those pixels instead of their area.  Errors name the option, the
 * file and line, or the cell. */
#ifndef RFPLAN_OPTIMIZE_H
#define RFPLAN_OPTIMIZE_H

#include "rfplan/cells.h"
#include "rfplan/error.h"
#include "rfplan/log.h"
#include "rfplan/predict.h"
#include "rfplan/workspace.h"

/* A parameter range of one cell; lo > hi (or an empty delta) = fixed. */
struct rf_opt_limits {
	double tilt_min_deg, tilt_max_deg;     /* absolute mechanical tilt */
	double azimuth_delta_deg;              /* +/- around the starting azimuth, 0 fixed */
	double power_min_db, power_max_db;     /* relative to the starting power */
	int tilt, power;                       /* the range applies */
};

struct rf_optimize_options {
	struct rf_predict_options predict;     /* the model and LTE options of predict */
	struct rf_opt_limits limits;           /* every cell's, unless constraints say */
	const char *constraints_path;          /* per-cell limits CSV, NULL none */
	const char *weight_path;               /* traffic GeoTIFF, NULL: area */
	double rsrp_threshold_dbm;             /* default -110 */
	double sinr_threshold_db;              /* default -3 */
	double overshoot_km;                   /* default 0: no penalty */
	double overshoot_penalty;              /* default 1 */
	double tilt_step_deg, azimuth_step_deg, power_step_db;   /* 1, 5, 1 */
	unsigned long seed;                    /* cell order, default 1 */
	int max_passes;                        /* default 5 */
	int no_cache;                          /* read and write no path-loss matrix
						  (predict --no-cache) */
};

void rf_optimize_options_default(struct rf_optimize_options *o);

/* The figures of one set of cells over the prediction grid. */
struct rf_opt_figures {
	double objective;
	double rsrp_area_km2;      /* RSRP >= threshold */
	double sinr_area_km2;      /* SINR >= threshold (where a cell serves) */
	double served_area_km2;    /* both */
	double overshoot_area_km2; /* served beyond overshoot_km of the best server */
	double weight_served;      /* --weight: its sum over the served pixels */
};

struct rf_optimize_result {
	struct rf_opt_figures before, after;
	long candidates;           /* candidates evaluated */
	double search_s;           /* seconds of the search */
	double pathloss_s;         /* seconds of the cells' losses before it */
	double maps_s;             /* seconds of the maps (rf_predict) after it */
	int matrices_reused;       /* cells whose loss came from a stored matrix */
	int passes, changes;
};

/* The whole `rfplan optimize`: load the cells (rf_predict_load_cells), the
 * per-cell losses (path-loss matrices as predict), the search, then into outdir (made atomically, refused
 * when it exists and is not empty): cells_optimized.csv, changes.csv,
 * optimize.json and predict's maps and stats.csv of the optimised cells.
 * Returns 0, or -1 with err. */
int rf_optimize_run(const struct rf_workspace *ws, const char *cells_path,
		    const struct rf_cell_defaults *d, const struct rf_optimize_options *o,
		    const char *outdir, struct rf_optimize_result *res, struct rf_log *log,
		    struct rf_error *err);

/* cells as a cells file (the columns of cells.h; antenna files as absolute
 * paths), readable by rf_cells_read. */
int rf_opt_write_cells(const char *path, const struct rf_cells *cells, struct rf_error *err);

#endif

/* Predictions against measurements (`rfplan compare`, doc/calibration.md).
 *
 * Each kept measurement is matched with the predicted RSRP of its own cell
 * when the cell can be identified (site_id + cell_id, a site_id or cell_id
 * that picks a single cell, or
 * PCI + frequency / a unique PCI against the cells), computed with the
 * coverage engine at that map pixel only (rf_engine_pixel: the value a map
 * would hold); otherwise with the best server's RSRP (the predicted map, or
 * the engine's strongest cell at the pixel).  error = predicted - measured.
 *
 * Filters (each excluded point counted under its reason): outside the
 * predicted area, no predicted value (beyond the cell's radius, a DEM
 * void), closer than min_distance_m to its site, measured below floor_dbm.
 * With bin, the points of one map pixel and one cell are averaged (mean
 * power in mW, which removes fast fading: W. C. Y. Lee, "Estimate of local
 * average power of a mobile radio signal", IEEE Trans. VT-34, 1985). */
#ifndef RFPLAN_COMPARE_H
#define RFPLAN_COMPARE_H

#include <stdio.h>

#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "rfplan/run_manifest.h"
#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/log.h"
#include "rfplan/measure.h"
#include "rfplan/workspace.h"

struct rf_compare_options {
	double min_distance_m;   /* default 100 */
	double floor_dbm;        /* default -140 */
	int bin;                 /* average per (pixel, cell), default 0 */
	int want_terms;          /* fill the SPM terms of each point (calibrate) */
	int strict;              /* a measurement naming a cell missing from the
				    cells is an error (default: a warning with
				    the count and the first ids, best server) */
};
void rf_compare_options_default(struct rf_compare_options *o);

enum rf_cmp_excl {
	RF_CMP_OUTSIDE,      /* outside the workspace or the predicted area */
	RF_CMP_NO_VALUE,     /* no predicted value for the cell at the pixel */
	RF_CMP_TOO_CLOSE,    /* closer than min_distance_m to the site */
	RF_CMP_BELOW_FLOOR,  /* measured below floor_dbm */
	RF_CMP_N_EXCL
};
const char *rf_cmp_excl_name(enum rf_cmp_excl e);

enum rf_cmp_match { RF_CMP_MATCH_CELL = 1, RF_CMP_MATCH_BEST = 2 };

/* The SPM regressors of one path (doc/models.md), for calibration:
 * PL = K1 + K2 log d + K3 log Heff + K4 Diff + K5 log d log Heff + K6 Hrx
 *      + K7 log Hrx, floored at free space, plus the fixed part (fixed_db). */
struct rf_spm_terms {
	double log_d;          /* log10 of d in the model's distance unit */
	double log_heff;       /* log10 of the effective height (>= 1 m) */
	double diff_db;        /* Deygout knife-edge loss */
	double hrx_m;
	double free_space_db;  /* the model's floor */
	double fixed_db;       /* what the request adds to the SPM's path loss at the
				  pixel, from the engine's own value (loss - SPM path
				  loss): the clutter loss at the terminals, the class
				  table's loss_db at the receiver or P.2108 at both ends
				  (--clutter-loss p2108); 0 without clutter */
};

struct rf_cmp_point {
	double lat_deg, lon_deg;   /* the measurement (mean of the bin) */
	double meas_dbm;           /* measured RSRP (bin: mean power) */
	double pred_dbm;           /* predicted RSRP */
	double err_db;             /* pred - meas */
	double dist_m;             /* geodesic distance to the cell's site */
	int cell;                  /* index in the cells */
	int match;                 /* enum rf_cmp_match */
	int clutter;               /* class code at the pixel, -1 without clutter */
	int ws_col, ws_row;        /* the pixel in the workspace grid */
	int n;                     /* measurements averaged (1 without bin) */
	double time_s;             /* first measurement's time (NAN: none) */
	const char *group;         /* first measurement's --offset-by column value
				      (borrowed from the measurements; NULL none) */
	const char *fold_group;    /* first measurement's --folds-by column value
				      (borrowed; NULL none) */
	int file;                  /* first measurement's file index and line */
	long line;
	double eirp_db;            /* RS EPRE - feeder + antenna gain toward the
				      point + rx gain - body loss: RSRP = eirp - loss */
	struct rf_spm_terms t;     /* with want_terms */
};

struct rf_compare {
	struct rf_cmp_point *pts;  /* owned */
	size_t n;
	long n_measurements;       /* kept by the reader */
	long excluded[RF_CMP_N_EXCL];
	long first_line[RF_CMP_N_EXCL];
	int first_file[RF_CMP_N_EXCL];
	long n_cell, n_best;       /* measurements matched each way (before bin) */
	long n_id_unknown;         /* carried an id matching no cell: best server */
};
void rf_compare_free(struct rf_compare *c);

/* The predicted best-server maps of a prediction directory (rsrp.tif,
 * best_server.tif); NULL in rf_compare_points: the engine's strongest cell. */
struct rf_cmp_maps {
	struct rf_raster rsrp;
	struct rf_class_raster best;
};
int rf_cmp_maps_read(const char *predict_dir, struct rf_cmp_maps *m, struct rf_error *err);
void rf_cmp_maps_free(struct rf_cmp_maps *m);

/* The prediction's request from its run.json (rf_run_request_load: every
 * option predict computed the maps with, whatever its name; tiles reset to
 * the whole grid), and check that cells are the prediction's (count, ids,
 * heights, frequencies, RS EPRE); errors name run.json and the first
 * missing member or differing cell.  req is freed on failure. */
int rf_compare_run_options(const char *run_json, const struct rf_cells *cells,
			   struct rf_run_request *req, struct rf_error *err);

/* The cells file a prediction read (run.json's input of role "cells"; one
 * in a relative workspace found from any directory, rf_run_input_path),
 * malloc'd, or NULL (none recorded: one default cell per site). */
char *rf_compare_run_cells_path(const char *run_json);

/* Match, evaluate and filter the measurements (cells located).  Fails when
 * no point is left ("no measurement falls inside the predicted area (first:
 * FILE:LINE ...)"); warns with the first file:line of each exclusion. */
int rf_compare_points(const struct rf_workspace *ws, const struct rf_cells *cells,
		      const struct rf_predict_options *po, const struct rf_cmp_maps *maps,
		      const struct rf_measurements *m, const struct rf_compare_options *o,
		      struct rf_compare *out, struct rf_log *log, struct rf_error *err);

/* What rf_compare_points holds per measurement (its evaluation and the
 * compared point), bytes: for rf_measurements_check_memory. */
uint64_t rf_compare_point_bytes(void);

/* ---- Statistics (compare_stats.c) ---- */

/* count, mean, standard deviation (1/n: rmse^2 = mean^2 + std^2), RMSE of
 * err_db and the Pearson correlation of predicted and measured; NAN (null
 * in JSON, "-" in the table) where undefined (no point; correlation with
 * fewer than 3 points or a constant series). */
struct rf_cmp_stats {
	long n;
	double mean_db, std_db, rmse_db, corr;
};
/* Over the points with sel[i] != 0 (sel NULL: all). */
void rf_cmp_stats_compute(const struct rf_cmp_point *pts, size_t n, const char *sel,
			  struct rf_cmp_stats *s);
/* The errors less their cell's mean error (one offset per cell: what is
 * left when the cells' EIRPs are unknown): mean 0, std = rmse =
 * sqrt(sum_i (e_i - mean_cell(i))^2 / n), corr of predicted + offset and
 * measured; n_cells cells, indexed by the points' cell. */
void rf_cmp_stats_offset_removed(const struct rf_cmp_point *pts, size_t n, int n_cells,
				 struct rf_cmp_stats *s);

/* Distance bins of the report, km: [0, 0.5), [0.5, 1), [1, 2), [2, 5),
 * [5, 10), [10, inf). */
#define RF_CMP_N_DIST 6
extern const double rf_cmp_dist_edges_km[RF_CMP_N_DIST + 1];

/* compare.json (jansson; "rfplan_compare": true): inputs, options, counts,
 * exclusions, overall / per cell / per clutter class / per distance bin. */
int rf_compare_write_json(const char *path, const struct rf_compare *c,
			  const struct rf_measurements *m, const struct rf_cells *cells,
			  const struct rf_workspace *ws, const struct rf_compare_options *o,
			  struct rf_error *err);
/* The table printed by rfplan compare. */
void rf_compare_print(FILE *f, const struct rf_compare *c, const struct rf_measurements *m,
		      const struct rf_cells *cells, const struct rf_workspace *ws);

/* points.gpkg: layer "points", one point per compared point (EPSG:4326)
 * with measured_dbm, predicted_dbm, error_db, site_id, cell_id, match,
 * distance_m, clutter, clutter_name, n_averaged, source_file, source_line;
 * a QGIS default style (graduated by error_db) in its layer_styles table,
 * and the same style beside it (points.qml). */
int rf_compare_write_gpkg(const char *path, const struct rf_compare *c,
			  const struct rf_measurements *m, const struct rf_cells *cells,
			  const struct rf_workspace *ws, struct rf_error *err);

/* PNG plots: scatter.png (predicted vs measured), histogram.png (error),
 * error_distance.png (error vs distance). */
int rf_compare_write_plots(const char *dir, const struct rf_compare *c,
			   struct rf_error *err);

/* ---- The whole rfplan compare (compare_job.c) ---- */

/* The measurement files of a compare or a calibration and how to read
 * them (all borrowed). */
struct rf_meas_source {
	const char *const *files;               /* in order */
	int n_files;
	enum rf_measure_format format;          /* RF_MEAS_AUTO: from the header */
	const struct rf_measure_columns *cols;  /* csv format's header names */
};

/* The cells of a comparison or calibration: cells_path, else the file
 * run_json names, else one default cell per site; without run_json (no
 * prediction directory) predict's own rule, rf_predict_load_cells.  Each
 * cell is located on the workspace's DEM. */
int rf_compare_load_cells(const struct rf_workspace *ws, const char *cells_path,
			  const struct rf_cell_defaults *defaults, const char *run_json,
			  struct rf_cells *cells, struct rf_log *log, struct rf_error *err);

/* Reads every file into *out (rf_measurements_init'ed), in order, after
 * rf_measurements_check_memory (RFPLAN_MAX_MEMORY_MB), and warns once per
 * reason rows were excluded, with the first FILE:LINE.  0, or -1 with err
 * naming the file (and line). */
int rf_compare_read_measurements(const struct rf_meas_source *src, struct rf_measurements *out,
				 struct rf_log *log, struct rf_error *err);

/* What one `rfplan compare` is given (all borrowed). */
struct rf_compare_job {
	const char *workdir;         /* the workspace */
	const char *predict_dir;     /* rfplan predict's output: its run.json's request
					and cells (and maps unless no_maps); NULL:
					no_maps with po */
	const char *outdir;          /* NULL: WORKDIR/compare */
	const char *cells_path;      /* NULL: run.json's, else predict's rule */
	const struct rf_cell_defaults *defaults;
	const struct rf_predict_options *po;   /* the request without predict_dir */
	struct rf_meas_source meas;
	struct rf_compare_options co;
	int no_maps;                 /* evaluate every point with the engine */
	int force;                   /* RF_OUTDIR_FORCE */
	int threads;                 /* 0: all */
};

/* Everything `rfplan compare` does: the workspace, the cells and the
 * request (run.json or job->po), the maps, the measurements, the output
 * directory checked and locked (rf_outdir_begin), rf_compare_points,
 * compare.json, points.gpkg and the plots written into it and swapped into
 * place; then the statistics table on report (NULL: none) and an info line.
 * 0, or -1 with err (nothing of OUTDIR changed; an interruption says so,
 * rf_interrupt_note). */
int rf_compare_run(const struct rf_compare_job *job, FILE *report, struct rf_log *log,
		   struct rf_error *err);

#endif

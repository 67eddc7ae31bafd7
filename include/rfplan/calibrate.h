/* SPM calibration against drive-test measurements (`rfplan calibrate`,
 * doc/calibration.md).
 *
 * Each compared point i (rf_compare_points with want_terms) gives the
 * observed loss y_i = EIRP_i - RSRP_measured_i (EIRP: RS EPRE - feeder +
 * antenna gain toward the point + rx gain - body loss) and the SPM
 * regressors x_i = (1, log d, log Heff, Diff, log d log Heff, Hrx, log Hrx).
 * Least squares for the coefficients the data determine:
 *   minimise sum_i (y_i - x_i.K - L_c(i))^2 + w sum_c (L_c - L0_c)^2
 * with the clutter losses L_c fixed at the class table's L0_c, or (classes)
 * fitted with the ridge weight w (in points) pulling each class toward its
 * default: a class with n points moves by n / (n + w) of what its own
 * residuals ask; a class without points keeps its default exactly.
 *
 * A coefficient is fixed at its starting value, with the reason reported,
 * when its regressor does not vary over the points (Hrx: one receiver
 * height; Diff: no obstructed path; log Heff; log d) or is collinear with
 * the others (variance inflation factor above RF_CALIB_MAX_VIF), or when
 * the points do not determine it: its term's uncertainty across them,
 * std error x range of the regressor, exceeds RF_CALIB_MAX_TERM_DB (fitted
 * again without it, dropping K5, then K3, then K4).  Fewer
 * than RF_CALIB_MIN_POINTS points, or distances spanning less than a factor
 * 1.5 (log d range < 0.18), fail as ill-conditioned.
 *
 * Physical bounds (constrained least squares): K2 in [20, 60] (a distance
 * slope of 2 to 6 decades per decade x 10, from free space to the most
 * obstructed paths), K4 >= 0 (diffraction adds loss), K5 <= 0 and K6 <= 0
 * (a higher antenna, at either end, loses less); K3's sign depends on the
 * distance unit and K5, and is left free.  The active-set method of Lawson
 * & Hanson (Solving Least Squares Problems, 1974, ch. 23): a coefficient
 * outside its bound is fixed at it (the worst first) and the rest fitted
 * again; one at a bound is released when the residuals' gradient points
 * into the feasible side (the Kuhn-Tucker test).  A coefficient at its
 * bound is reported as such (at_bound), without a standard error.
 *
 * Per-cell offsets (offset_by): one unknown O_g per cell (or site), the
 * cell's unknown EIRP and feeder loss, added to its predicted signal (the
 * engine lowers the cell's K1 by it: rf_spm_cell_coeffs), fitted jointly
 * with the coefficients under a ridge toward 0 of weight
 * lambda = s^2 / sigma_p^2 points (the posterior mode of a Gaussian prior
 * N(0, sigma_p^2), s^2 the residual variance, re-estimated
 * RF_CALIB_LAMBDA_ITER times): a cell with n points moves by n / (n +
 * lambda) of what its own residuals ask, a cell without points stays at 0.
 * K1 being free, the offsets sum to zero (K1 carries their mean). */
#ifndef RFPLAN_CALIBRATE_H
#define RFPLAN_CALIBRATE_H

#include "rfplan/classes.h"
#include "rfplan/compare.h"
#include "rfplan/error.h"
#include "rfplan/model.h"

#define RF_CALIB_MIN_POINTS 30
#define RF_CALIB_MAX_VIF 1000.0
#define RF_CALIB_MAX_TERM_DB 2.0
#define RF_CALIB_NK 7
#define RF_CALIB_LAMBDA_ITER 3
#define RF_CALIB_PRINT_GROUPS 40   /* held-out groups listed in the printed report */

enum rf_calib_offset_by {
	RF_CALIB_OFFSET_NONE,
	RF_CALIB_OFFSET_CELL,   /* one offset per cell */
	RF_CALIB_OFFSET_SITE,   /* one per site (its cells share it) */
	RF_CALIB_OFFSET_COLUMN  /* one per value of a measurement column (the
				   points' group, e.g. the operator); each cell
				   takes its points' most frequent value's */
};

struct rf_calib_options {
	int classes;            /* fit a loss per clutter class */
	double class_weight;    /* ridge weight w, points (default 20) */
	int folds;              /* k-fold held-out statistics, >= 2 (default 5) */
	int offset_by;          /* enum rf_calib_offset_by (default NONE) */
	int folds_by;           /* enum rf_calib_folds_by (default BLOCKS: folds) */
	double fold_block_s;    /* RF_CALIB_FOLDS_TIME: the block length, s */
	const char *fold_column;/* RF_CALIB_FOLDS_COLUMN: the column's name */
	const char *const *file_names;  /* borrowed: the measurement files, for
					   folds_by FILE's group names (or NULL) */
	int n_files;
	double offset_sigma_db; /* prior sigma_p of an offset, dB (default 6) */
};
void rf_calib_options_default(struct rf_calib_options *o);

/* Held-out validation: `folds` contiguous blocks of the points, or one
 * group left out at a time (leave-one-group-out: each measurement file,
 * cell, site, day, time block or value of a measurement column such as a
 * route predicted by a fit on all the others), with the held-out
 * statistics of each group. */
enum rf_calib_folds_by {
	RF_CALIB_FOLDS_BLOCKS,
	RF_CALIB_FOLDS_FILE,
	RF_CALIB_FOLDS_CELL,
	RF_CALIB_FOLDS_SITE,
	RF_CALIB_FOLDS_DAY,     /* UTC day of the points' time */
	RF_CALIB_FOLDS_TIME,    /* blocks of fold_block_s seconds of time */
	RF_CALIB_FOLDS_COLUMN   /* each value of the measurements' column
				   fold_column (the points' fold_group) */
};
struct rf_calib_group {
	char *name;                 /* owned: file path, SITE/CELL, SITE, the UTC
				       day, the block's UTC start or the column
				       value */
	struct rf_cmp_stats heldout;
};

struct rf_calib_offset {
	const char *site_id;    /* borrowed from the cells */
	const char *cell_id;    /* borrowed; NULL: per site (or per group) */
	const char *group;      /* borrowed: the column value (offset_by COLUMN) */
	long n;                 /* points of the group */
	double freq_mhz;        /* the (first) cell's frequency */
	double offset_db;       /* added to the predicted signal */
	double std_error_db;    /* its posterior standard error */
};

struct rf_calib_class {
	int code;
	const char *name;       /* borrowed from the class table */
	long n;                 /* points in the class */
	double default_loss_db, loss_db;
};

struct rf_calib_result {
	struct rf_spm_coeffs start, fitted;
	int fitted_k[RF_CALIB_NK];          /* 1 fitted, 0 fixed */
	char reason[RF_CALIB_NK][160];      /* why fixed */
	double std_error[RF_CALIB_NK];      /* of the fitted ones, else NAN */
	long n_points;
	struct rf_cmp_stats before;         /* the starting model, all points */
	struct rf_cmp_stats after;          /* the fitted model, all points (in sample) */
	struct rf_cmp_stats heldout_before; /* the starting model on the held-out points */
	struct rf_cmp_stats heldout;        /* k-fold: each fold predicted by a fit on the others */
	int folds;
	struct rf_calib_class *classes;     /* owned; n_classes (0 without clutter) */
	int n_classes;
	long n_floor;                       /* points where free space bounds the fit */
	int at_bound[RF_CALIB_NK];          /* fixed at a physical bound */
	double vif[RF_CALIB_NK];            /* variance inflation factor of each fitted
					       non-constant term (NAN otherwise) */
	double fold_range[RF_CALIB_NK];     /* max - min of the k-fold fits (NAN fixed) */
	int unstable[RF_CALIB_NK];          /* fold_range > std error */
	struct rf_calib_group *groups;      /* owned; n_groups (0 with folds_by BLOCKS) */
	int n_groups;
	int folds_by;
	const char *fold_column;            /* borrowed from the options (folds_by COLUMN) */
	struct rf_calib_offset *offsets;    /* owned; n_offsets (0 without offset_by) */
	int n_offsets;
	struct rf_calib_offset *cell_offsets;   /* owned, offset_by COLUMN: each cell
						   with points, its group's offset */
	int n_cell_offsets;
	int offset_by;
	double offset_lambda;               /* the offsets' ridge weight, points */
};
void rf_calib_result_free(struct rf_calib_result *r);

/* Fit.  c: points with their SPM terms (want_terms); cells: the cells the
 * points' cell indices name (needed with offset_by, else may be NULL);
 * classes: the workspace's table (NULL or empty without clutter).  Returns
 * 0, or -1 with err for too few points or one distance only. */
int rf_calibrate_spm(const struct rf_compare *c, const struct rf_cells *cells,
		     const struct rf_spm_coeffs *start, const struct rf_class_table *classes,
		     const struct rf_calib_options *o, struct rf_calib_result *r,
		     struct rf_error *err);

/* Per frequency band (the SPM has no frequency term): the points'
 * cells' frequencies, sorted, split where two differ by more than
 * RF_CALIB_BAND_GAP_MHZ; each band fitted on its own points
 * (rf_calibrate_spm), its range the [min, max] of its cells' frequencies.
 * A band with fewer than RF_CALIB_MIN_POINTS points is not fitted (listed
 * in skipped, its cells refused by predict).  Returns 0, or -1 with err
 * naming the band when a band's fit fails, or when no band has enough
 * points. */
#define RF_CALIB_BAND_GAP_MHZ 100.0
struct rf_calib_band {
	double freq_min_mhz, freq_max_mhz;
	long n_points;
	int fitted;                 /* 0: too few points (r empty) */
	struct rf_calib_result r;
};
struct rf_calib_bands {
	struct rf_calib_band *items;   /* owned, by frequency */
	int n;
	int main;                      /* the fitted band with the most points */
};
int rf_calibrate_spm_bands(const struct rf_compare *c, const struct rf_cells *cells,
			   const struct rf_spm_coeffs *start,
			   const struct rf_class_table *classes,
			   const struct rf_calib_options *o, struct rf_calib_bands *out,
			   struct rf_error *err);
void rf_calib_bands_free(struct rf_calib_bands *b);

/* The model file (rf_spm_load reads it: k1..k7, distance_unit) with the
 * report under "calibration" (the band with the most points), "bands"
 * (each fitted band's range, coefficients and report) and "cell_offsets"
 * (each cell's from its band's fit); class_csv: the class table written beside it
 * (or NULL).  Written atomically. */
int rf_calib_write_json(const char *path, const struct rf_calib_bands *b,
			const struct rf_calib_options *o, const char *class_csv,
			struct rf_error *err);
/* The calibrated class table (code,name,loss_db,height_m) for
 * `rfplan import --clutter-classes`; heights from the workspace's table. */
int rf_calib_write_classes(const char *path, const struct rf_calib_result *r,
			   const struct rf_class_table *classes, struct rf_error *err);
void rf_calib_print(FILE *f, const struct rf_calib_result *r);

/* ---- The whole rfplan calibrate (calibrate_run.c) ---- */

/* What one `rfplan calibrate` is given (all borrowed). */
struct rf_calibrate_job {
	const char *workdir;         /* the workspace */
	const char *prediction;      /* an rfplan predict --model spm output: its
					run.json's request and cells; NULL: po */
	const char *out;             /* the calibrated SPM model file (JSON) */
	const char *cells_path;      /* NULL: run.json's, else WORKDIR/cells.csv
					when present, else one cell per site */
	const struct rf_cell_defaults *defaults;
	const struct rf_predict_options *po;   /* the request without prediction
						  (model SPM, its starting
						  coefficients) */
	struct rf_meas_source meas;
	struct rf_compare_options co;          /* want_terms set */
	struct rf_calib_options ko;            /* file_names filled in here */
	int threads;                 /* 0: all */
};

/* Everything `rfplan calibrate` does: the workspace, the cells and the
 * request (run.json, which must be an SPM prediction, or job->po), the
 * measurements, rf_compare_points, rf_calibrate_spm_bands; the model file
 * and with ko.classes the class table (OUT's stem + "_classes.csv"),
 * written atomically; a warning per band too small to fit; each fitted
 * band's report on report (NULL: none) and an info line.  0, or -1 with err
 * (no file left behind; an interruption says so, rf_interrupt_note). */
int rf_calibrate_run(const struct rf_calibrate_job *job, FILE *report, struct rf_log *log,
		     struct rf_error *err);

#endif

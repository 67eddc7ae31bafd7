/* One prediction run, the whole sequence behind `rfplan predict` and each
 * region of `rfplan batch` (doc/design.md): resolve the output directory,
 * load the cells, rf_predict into a temporary directory, write run.json
 * (and tile.json when tiled), and swap the directory into place. */
#ifndef RFPLAN_PREDICT_RUN_H
#define RFPLAN_PREDICT_RUN_H

#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "rfplan/error.h"
#include "rfplan/log.h"
#include "rfplan/workspace.h"

struct rf_predict_request {
	const char *outdir;          /* NULL: WORKDIR/predict */
	const char *cells_path;      /* NULL: the rule of rf_predict_load_cells */
	const struct rf_cell_defaults *cell_defaults;  /* for missing cell columns */
	const struct rf_predict_options *options;
	int force;                   /* replace an earlier predict output */
	int wait;                    /* wait for a concurrent run into outdir (else fail) */
	int no_cache;                /* compute every cell, read and write no path-loss
					matrix (predict --no-cache) */
	int argc;                    /* command line recorded in run.json */
	char **argv;
};

struct rf_predict_result {
	char *outdir;                /* the output directory written (owned) */
	char *cells_path;            /* the cells file read, NULL for one per site (owned) */
	struct rf_cells cells;       /* the cells predicted */
	struct rf_predict_summary sum;
};

/* The one rule for the cells of a prediction: the file `path` when given
 * (an error if it cannot be read); else the workspace's cells.csv when it
 * exists (an error if it is malformed, never a silent fallback); else one
 * default cell per site (said on the log).  *cells_path: the file read,
 * malloc'd, or NULL.  Returns 0 or -1 with err. */
int rf_predict_load_cells(const struct rf_workspace *ws, const char *path,
			  const struct rf_cell_defaults *d, char **cells_path,
			  struct rf_cells *cells, struct rf_log *log, struct rf_error *err);

/* The whole run (see above).  Nothing appears in the output directory
 * unless every step succeeded.  res is filled (free it with
 * rf_predict_result_free, also after an error).  Returns 0 or -1 with err. */
int rf_predict_run(const struct rf_workspace *ws, const struct rf_predict_request *req,
		   struct rf_predict_result *res, struct rf_log *log, struct rf_error *err);
void rf_predict_result_free(struct rf_predict_result *res);

#endif

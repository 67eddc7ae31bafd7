/* run.json of a prediction (doc/outputs.md), and the prediction request it
 * records: one writer and one reader of struct rf_predict_options, so that
 * rfplan compare and calibrate rebuild exactly the request the maps were
 * computed with (doc/calibration.md). */
#ifndef RFPLAN_RUN_MANIFEST_H
#define RFPLAN_RUN_MANIFEST_H

#include "rfplan/cells.h"
#include "rfplan/error.h"
#include "rfplan/log.h"
#include "rfplan/predict.h"
#include "rfplan/workspace.h"

/* run.json (jansson): inputs with SHA-256, parameters, model options,
 * cells, timings, outputs, warnings, rfplan version.  argv: the command
 * line (may be NULL). */
int rf_run_manifest_write(const char *path, const struct rf_workspace *ws,
			  const char *cells_path, const struct rf_cells *cells,
			  const struct rf_predict_options *o,
			  const struct rf_predict_summary *sum, int argc, char **argv,
			  const struct rf_log *log, struct rf_error *err);

/* A prediction request read back; po's class edges point into the owned
 * arrays (rf_run_request_free). */
struct rf_run_request {
	struct rf_predict_options po;
	double *rsrp_edges, *sinr_edges;   /* owned */
	struct rf_spm_calib *spm_calib; /* owned; po.engine.model.spm_calib */
};

/* The request in a run.json file of rfplan predict ("rfplan_predict":
 * true): every member that the writer records (run_manifest.c: "model",
 * every field of struct rf_model_options; "parameters", every other field
 * of struct rf_predict_options but engine.tile_k / tile_n, which tile.json
 * records) is required and no other is accepted, so a run.json from an
 * rfplan that recorded less (or more) of the request is refused rather than
 * read with defaults.  tile_k / tile_n are 0.  Returns 0, or -1 with err
 * naming the file ("PATH: model: ..."). */
int rf_run_request_load(const char *path, struct rf_run_request *r, struct rf_error *err);
void rf_run_request_free(struct rf_run_request *r);

#endif

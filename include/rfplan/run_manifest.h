/* run.json of a prediction (doc/outputs.md). */
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

#endif

/* The one run.json writer, shared by rfplan predict (rf_run_manifest_write)
 * and rfplan merge (which starts from tile 1's run.json): the members that
 * describe a run's result, and the atomic write. */
#ifndef RFPLAN_RUN_JSON_PRIV_H
#define RFPLAN_RUN_JSON_PRIV_H

#include <jansson.h>

#include "rfplan/engine.h"
#include "rfplan/run_manifest.h"

/* Sets, in this order (members already in root keep their place): grid
 * (g), pixels_computed, pixels_served and served_area_km2 (sum),
 * timings_s (taken), command (argv), outputs (sum's, then run.json) and
 * warnings (taken). */
void rf_run_json_results(json_t *root, const struct rf_grid *g, long pixels_computed,
			 const struct rf_predict_summary *sum, json_t *timings, int argc,
			 char **argv, json_t *warnings);

/* Per cell of cs, what its path loss came from (sum->matrix, enum
 * rf_matrix_use: "none", "computed", "reused", "off") and its matrix's key:
 * run.json's "pathloss_matrices" (doc/engine.md), also optimize.json's. */
json_t *rf_run_matrices_json(const struct rf_cells *cs, const struct rf_predict_summary *sum);

/* json_dump_file (indented, in order) to PATH.tmp, renamed to path; run.json
 * and tile.json.  Returns 0 or -1 with err (root NULL is an error). */
int rf_run_json_write(const char *path, json_t *root, struct rf_error *err);

/* The request's two members of run.json, new references: "model" (every
 * field of struct rf_model_options) and "parameters" (the rest of struct
 * rf_predict_options, tiles aside); the one writer of both. */
json_t *rf_run_model_json(const struct rf_model_options *m);
json_t *rf_run_params_json(const struct rf_predict_options *o);

/* run.json at path, parsed (rf_input_json's checks) and checked to be an
 * rfplan predict run.json ("rfplan_predict": true); NULL with err. */
json_t *rf_run_json_open(const char *path, struct rf_error *err);

/* Their one reader: rf_run_request_load without the file (root: run.json's
 * object; path names it in errors). */
int rf_run_request_from_json(const char *path, json_t *root, struct rf_run_request *r,
			     struct rf_error *err);

/* The workspace in run.json (src/engine/run_workspace.c, doc/outputs.md):
 * rf_run_json_set_workspace records in root the workspace ws_dir as
 * "workspace_relative" (from the directory of run_json, the file root is
 * written to: the output's temporary directory, a sibling of the final
 * one, gives the same path) and "workspace_absolute"; -1 with err when
 * either directory cannot be resolved.
 * rf_run_workspace_dir gives the workspace of the run.json at run_json
 * (root, its content) for a reader in any working directory: the first of
 * "workspace_relative" (from run_json's directory) and
 * "workspace_absolute" that is a directory, else "workspace" as given to
 * predict (old files: relative to the working directory, as before);
 * malloc'd, NULL when run.json names none.  rf_run_input_path: an input
 * path of run.json ("inputs"), rebased on that workspace when it lies in
 * the relative workspace as given (WS/cells.csv); malloc'd. */
int rf_run_json_set_workspace(json_t *root, const char *run_json, const char *ws_dir,
			      struct rf_error *err);
char *rf_run_workspace_dir(const char *run_json, const json_t *root);
char *rf_run_input_path(const char *run_json, const json_t *root, const char *path);


#endif

/* One prediction run: output directory, cells, rf_predict, run.json,
 * tile.json, commit (include/rfplan/predict_run.h).  Called by `rfplan
 * predict` and by each region of `rfplan batch` alike. */
#include "rfplan/predict_run.h"
#include "rfplan/run_manifest.h"
#include "rfplan/interrupt.h"
#include "rfplan/outdir.h"
#include "core/util.h"
#include "engine_priv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int rf_predict_load_cells(const struct rf_workspace *ws, const char *path,
			  const struct rf_cell_defaults *d, char **cells_path,
			  struct rf_cells *cells, struct rf_log *log, struct rf_error *err)
{
	struct stat st;
	*cells_path = path ? rf_xstrdup(path) : rf_workspace_path(ws, "cells.csv");
	if (path || stat(*cells_path, &st) == 0)
		return rf_cells_read(*cells_path, &ws->sites, d, cells, err);
	free(*cells_path);
	*cells_path = NULL;
	rf_info(log, "no cells file: one omnidirectional cell per site (--default-cell)");
	return rf_cells_from_sites(&ws->sites, d, cells, err);
}

int rf_predict_run(const struct rf_workspace *ws, const struct rf_predict_request *req,
		   struct rf_predict_result *res, struct rf_log *log, struct rf_error *err)
{
	const struct rf_predict_options *o = req->options;
	struct rf_outdir *od = NULL;
	const char *tmp;
	char *path = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	res->outdir = req->outdir ? rf_xstrdup(req->outdir) : rf_workspace_path(ws, "predict");
	od = rf_outdir_begin(res->outdir, (req->force ? RF_OUTDIR_FORCE : 0) |
					  (req->wait ? RF_OUTDIR_WAIT : 0), log, err);
	if (!od)
		goto out;
	tmp = rf_outdir_tmp(od);
	if (rf_predict_load_cells(ws, req->cells_path, req->cell_defaults, &res->cells_path,
				  &res->cells, log, err) ||
	    rf_predict(ws, &res->cells, o, !req->no_cache, tmp, &res->sum, log, err))
		goto out;
	/* run.json lists tile.json too: a later --force removes only the
	 * files listed there (rf_outdir_begin) */
	if (o->engine.tile_n)
		rf_predict_record_output(&res->sum, "tile.json");
	path = rf_path_join(tmp, "run.json");
	if (rf_run_manifest_write(path, ws, res->cells_path, &res->cells, o, &res->sum,
				  req->argc, req->argv, log, err))
		goto out;
	if (o->engine.tile_n) {
		free(path);
		path = rf_path_join(tmp, "tile.json");
		if (rf_tile_manifest_write(path, o->engine.tile_k, o->engine.tile_n, &res->sum,
					   err))
			goto out;
	}
	rc = rf_outdir_commit(od, err);
	od = NULL;
out:
	rf_outdir_abort(od);
	if (rc)
		rf_interrupt_note(err, res->outdir);
	free(path);
	return rc;
}

void rf_predict_result_free(struct rf_predict_result *res)
{
	rf_predict_summary_free(&res->sum);
	rf_cells_free(&res->cells);
	free(res->outdir);
	free(res->cells_path);
	memset(res, 0, sizeof(*res));
}

/* The prediction a planning command works on (rf_plan_load, planning.h):
 * its request and cells from run.json (the reader rfplan compare uses), the
 * engine under that request, every cell's RSRP through rf_engine_rsrp (the
 * values rsrp.tif is made of) from the losses rf_predict takes (its stored
 * path-loss matrices when present) and the best-server map predict wrote. */
#include "rfplan/planning.h"
#include "engine/engine_priv.h"
#include "engine/run_manifest.h"
#include "rfplan/compare.h"
#include "rfplan/lte.h"
#include "core/util.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The workspace run.json names (malloc'd), or NULL with err. */
static char *run_workspace(const char *run_json, struct rf_error *err)
{
	json_error_t je;
	json_t *root = json_load_file(run_json, 0, &je);
	char *out;
	if (!root) {
		rf_error_set(err, "%s: %s (is it an rfplan predict output directory?)", run_json,
			     je.text);
		return NULL;
	}
	out = rf_run_workspace_dir(run_json, root);
	if (!out)
		rf_error_set(err, "%s: no 'workspace' member: pass --workspace DIR", run_json);
	json_decref(root);
	return out;
}

static int load_cells(const struct rf_plan_input *in, const char *cells_path,
		      const char *run_json, struct rf_cells *cells, struct rf_log *log,
		      struct rf_error *err)
{
	struct rf_cell_defaults d;
	char *path = cells_path ? rf_xstrdup(cells_path) : rf_compare_run_cells_path(run_json);
	char *dem = rf_workspace_path(&in->ws, "dem.tif");
	int rc;
	rf_cell_defaults_init(&d);
	rc = path ? rf_cells_read(path, &in->ws.sites, &d, cells, err)
		  : rf_cells_from_sites(&in->ws.sites, &d, cells, err);
	if (!rc)
		rc = rf_cells_locate(cells, dem, log, err);
	free(path);
	free(dem);
	return rc;
}

/* best_server.tif, which must be on the engine's grid (the prediction's
 * output grid: untiled, or merged). */
static int load_best(const char *predict_dir, struct rf_plan_input *in, struct rf_error *err)
{
	struct rf_class_raster r;
	const struct rf_grid *g = &in->eng.grid;
	char *p = rf_path_join(predict_dir, "best_server.tif");
	int rc = rf_class_raster_read(p, NULL, &r, err);
	if (!rc) {
		if (r.grid.width != g->width || r.grid.height != g->height ||
		    fabs(r.grid.west_deg - g->west_deg) > 1e-3 * g->dlon_deg ||
		    fabs(r.grid.north_deg - g->north_deg) > 1e-3 * g->dlat_deg)
			rc = rf_error_set(err, "%s: a %dx%d grid, the prediction's request gives "
					  "%dx%d at another origin: is run.json from the same "
					  "prediction?", p, r.grid.width, r.grid.height, g->width,
					  g->height);
		else {
			in->best = r.code;
			r.code = NULL;
		}
		rf_class_raster_free(&r);
	}
	free(p);
	return rc;
}

/* Every cell's RSRP over its window (cells whose window is empty: NULL).
 * The loss as rf_predict takes it: the workspace's path-loss matrices of
 * the prediction's request when present (the same bits as computing it)
 * unless no_cache, none stored (a planning command leaves the workspace as
 * it is). */
static int compute_rsrp(struct rf_plan_input *in, int no_cache, struct rf_log *log,
			struct rf_error *err)
{
	int n = (int)in->cells.count, n_idx = 0, rc = 0, reused = 0;
	int *idx = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	struct rf_cell_result *res;
	struct rf_predict_summary sum;
	memset(&sum, 0, sizeof(sum));
	for (int c = 0; c < n; c++)
		if (in->eng.windows[c].width > 0)
			idx[n_idx++] = c;
	res = rf_xcalloc((size_t)(n_idx ? n_idx : 1), sizeof(*res));
	in->rsrp_dbm = rf_xcalloc((size_t)(n ? n : 1), sizeof(float *));
	if (n_idx) {
		rc = rf_predict_losses(&in->eng, &in->ws, &in->req.po,
				       no_cache ? RF_CACHE_OFF : RF_CACHE_READ, idx, n_idx,
				       res, &sum, log, err);
		for (int k = 0; k < n_idx; k++)
			reused += sum.matrix[idx[k]] == RF_MATRIX_REUSED;
		if (!rc)   /* after a failure or a signal, only its one message */
			rf_info(log, "RSRP: %d of %d cells from path-loss matrices", reused,
				n_idx);
	}
	rf_predict_summary_free(&sum);
	for (int k = 0; k < n_idx; k++) {
		if (!rc) {
			/* RSRP in place of the loss, as rf_predict does */
			rf_engine_rsrp(&in->eng, idx[k], &res[k], in->req.po.rx_gain_dbi,
				       in->req.po.body_loss_db, res[k].loss_db);
			in->rsrp_dbm[idx[k]] = res[k].loss_db;
			res[k].loss_db = NULL;
		}
		rf_cell_result_free(&res[k]);
	}
	free(res);
	free(idx);
	return rc;
}

int rf_plan_load(const char *predict_dir, const char *workspace_dir, const char *cells_path,
		 int threads, int no_cache, struct rf_plan_input *in, struct rf_log *log,
		 struct rf_error *err)
{
	char *run_json = rf_path_join(predict_dir, "run.json");
	char *ws_dir = workspace_dir ? rf_xstrdup(workspace_dir) : run_workspace(run_json, err);
	int rc = -1;

	memset(in, 0, sizeof(*in));
	if (!ws_dir)
		goto out;
	if (rf_workspace_open(ws_dir, &in->ws, err)) {
		size_t len = strlen(err->msg);
		snprintf(err->msg + len, sizeof(err->msg) - len,
			 " (the workspace of %s; --workspace DIR names another)", run_json);
		goto out;
	}
	in->have_ws = 1;
	if (load_cells(in, cells_path, run_json, &in->cells, log, err) ||
	    rf_compare_run_options(run_json, &in->cells, &in->req, err))
		goto out;
	in->req.po.engine.threads = threads;
	if (in->cells.count > RF_BEST_NODATA - 1) {
		rf_error_set(err, "%zu cells: at most %d are supported", in->cells.count,
			     RF_BEST_NODATA - 1);
		goto out;
	}
	if (rf_engine_open(&in->eng, &in->ws, &in->cells, &in->req.po.engine, log, err))
		goto out;
	in->have_eng = 1;
	in->eng.loss_radius_km = in->req.po.engine.main_radius_km;   /* as rf_predict */
	rc = load_best(predict_dir, in, err) || compute_rsrp(in, no_cache, log, err) ? -1 : 0;
out:
	free(ws_dir);
	free(run_json);
	return rc;
}

void rf_plan_input_free(struct rf_plan_input *in)
{
	if (in->rsrp_dbm)
		for (size_t c = 0; c < in->cells.count; c++)
			free(in->rsrp_dbm[c]);
	free(in->rsrp_dbm);
	free(in->best);
	if (in->have_eng)
		rf_engine_close(&in->eng);
	rf_run_request_free(&in->req);
	rf_cells_free(&in->cells);
	if (in->have_ws)
		rf_workspace_close(&in->ws);
	memset(in, 0, sizeof(*in));
}

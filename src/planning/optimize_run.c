/* The whole `rfplan optimize` (optimize.h): cells, the engine and every
 * cell's loss once (rf_predict_losses: predict's path-loss matrices), the search, then the output directory with the
 * optimised cells, the change list, optimize.json and predict's maps of the
 * optimised cells. */
#include "optimize_priv.h"
#include "engine/engine_priv.h"
#include "rfplan/interrupt.h"
#include "rfplan/outdir.h"
#include "rfplan/predict_run.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every cell's loss and starting gain and RSRP, once: the loss as rf_predict
 * takes it (its matrix in WS/pathloss when the key matches, else computed
 * and stored), so that a predict before or after costs no second
 * propagation. */
static int initial(const struct rf_workspace *ws, struct rf_opt_state *st, struct rf_log *log,
		   struct rf_error *err)
{
	int n = (int)st->cells->count, m = 0, rc;
	int *idx = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	struct rf_cell_result *res;
	double t0 = rf_monotonic_s();
	st->loss = rf_xcalloc((size_t)(n ? n : 1), sizeof(float *));
	st->gain = rf_xcalloc((size_t)(n ? n : 1), sizeof(float *));
	st->rsrp = rf_xcalloc((size_t)(n ? n : 1), sizeof(float *));
	for (int c = 0; c < n; c++)
		if (st->eng->windows[c].width > 0)
			idx[m++] = c;
	res = rf_xcalloc((size_t)(m ? m : 1), sizeof(*res));
	rc = rf_predict_losses(st->eng, ws, &st->o->predict,
			       st->o->no_cache ? RF_CACHE_OFF : RF_CACHE_RW, idx, m, res,
			       &st->losses, log, err);
	st->res->pathloss_s = rf_monotonic_s() - t0;
	for (int k = 0; k < m; k++) {
		int c = idx[k];
		size_t np = (size_t)res[k].win.width * (size_t)res[k].win.height;
		st->loss[c] = res[k].loss_db;
		st->gain[c] = res[k].gain_dbi;
		st->rsrp[c] = rf_xmalloc((np ? np : 1) * sizeof(float));
		st->res->matrices_reused += st->losses.matrix[c] == RF_MATRIX_REUSED;
		if (!rc)
			rf_engine_rsrp(st->eng, c, &res[k], st->o->predict.rx_gain_dbi,
				       st->o->predict.body_loss_db, st->rsrp[c]);
	}
	if (!rc)   /* after a failure or a signal, only its one message */
		rf_info(log, "path loss: %d of %d cells from path-loss matrices, %.3f s",
			st->res->matrices_reused, m, st->res->pathloss_s);
	free(res);
	free(idx);
	return rc;
}

static int count_changes(const struct rf_opt_state *st)
{
	int n = 0;
	for (size_t i = 0; i < st->cells->count; i++) {
		const struct rf_cell *c = &st->cells->items[i], *s = &st->start[i];
		n += (c->mech_tilt_deg != s->mech_tilt_deg) + (c->azimuth_deg != s->azimuth_deg) +
		     (c->tx_power_dbm != s->tx_power_dbm);
	}
	return n;
}

/* The files into dir; the maps by rf_predict on the optimised cells (the
 * same matrices: the loss does not depend on what the search changed), then
 * optimize.json with their timing. */
static int write_outputs(const struct rf_workspace *ws, struct rf_opt_state *st,
			 const char *dir, struct rf_log *log, struct rf_error *err)
{
	static const char *const names[] = { "cells_optimized.csv", "changes.csv",
					     "optimize.json" };
	char *p[3];
	double t0;
	int rc;
	for (int i = 0; i < 3; i++)
		p[i] = rf_path_join(dir, names[i]);
	rc = rf_opt_write_cells(p[0], st->cells, err) || rf_opt_write_changes(p[1], st, err);
	t0 = rf_monotonic_s();
	if (!rc)
		rc = rf_predict(ws, st->cells, &st->o->predict, !st->o->no_cache, dir, &st->maps,
				log, err);
	st->res->maps_s = rf_monotonic_s() - t0;
	if (!rc)
		rc = rf_opt_write_json(p[2], st, err);
	for (int i = 0; i < 3; i++)
		free(p[i]);
	return rc ? -1 : 0;
}

static void report(const char *what, const struct rf_opt_figures *f, struct rf_log *log)
{
	rf_info(log, "%s: objective %.6f, RSRP area %.6f km^2, SINR area %.6f km^2, served "
		"%.6f km^2, overshoot %.6f km^2", what, f->objective, f->rsrp_area_km2,
		f->sinr_area_km2, f->served_area_km2, f->overshoot_area_km2);
}

int rf_optimize_run(const struct rf_workspace *ws, const char *cells_path,
		    const struct rf_cell_defaults *d, const struct rf_optimize_options *o,
		    const char *outdir, struct rf_optimize_result *res, struct rf_log *log,
		    struct rf_error *err)
{
	struct rf_opt_state st;
	struct rf_cells cells;
	struct rf_engine eng;
	struct rf_log quiet;
	struct rf_outdir *od = NULL;
	char *read_path = NULL, *dem = rf_workspace_path(ws, "dem.tif");
	int rc = -1, have_eng = 0;

	memset(res, 0, sizeof(*res));
	memset(&st, 0, sizeof(st));
	memset(&cells, 0, sizeof(cells));
	memset(&eng, 0, sizeof(eng));
	rf_log_init(&quiet, 0);
	if (rf_predict_load_cells(ws, cells_path, d, &read_path, &cells, log, err) ||
	    rf_cells_locate(&cells, dem, log, err))
		goto out;
	st.o = o;
	st.cells = &cells;
	st.res = res;
	st.quiet = &quiet;
	st.start = rf_xmalloc((cells.count ? cells.count : 1) * sizeof(*st.start));
	st.limits = rf_xmalloc((cells.count ? cells.count : 1) * sizeof(*st.limits));
	for (size_t i = 0; i < cells.count; i++) {
		st.start[i] = cells.items[i];
		st.limits[i] = o->limits;
	}
	if (rf_opt_read_constraints(&st, err))
		goto out;
	for (size_t i = 0; i < cells.count; i++) {
		const struct rf_opt_limits *l = &st.limits[i];
		const struct rf_cell *c = &cells.items[i];
		if (l->tilt && (c->mech_tilt_deg < l->tilt_min_deg ||
				c->mech_tilt_deg > l->tilt_max_deg))
			rf_info(log, "cell %s/%s: mech_tilt_deg %g is outside its range %g..%g: kept "
				"unless a tilt of the range raises the objective", c->site_id,
				c->cell_id, c->mech_tilt_deg, l->tilt_min_deg, l->tilt_max_deg);
	}
	if (!(od = rf_outdir_begin(outdir, 0, log, err)))
		goto out;
	if (rf_engine_open(&eng, ws, &cells, &o->predict.engine, log, err))
		goto out;
	have_eng = 1;
	eng.loss_radius_km = o->predict.engine.main_radius_km;   /* as rf_predict */
	st.eng = &eng;
	if (o->weight_path && rf_opt_read_weight(&st, o->weight_path, err))
		goto out;
	if (rf_engine_check_validity(&eng, o->predict.strict, log, err) ||
	    initial(ws, &st, log, err))
		goto out;
	rf_opt_prepare(&st);
	rf_opt_figures(&st, &res->before, 1);
	st.objective = res->before.objective;
	report("before", &res->before, log);
	if (rf_opt_search(&st, log, err))
		goto out;
	rf_opt_figures(&st, &res->after, 0);
	res->changes = count_changes(&st);
	report("after", &res->after, log);
	rf_info(log, "optimize: %ld candidates in %.3f s (%.1f per second), %d change(s)",
		res->candidates, res->search_s,
		res->search_s > 0 ? res->candidates / res->search_s : 0.0, res->changes);
	if (write_outputs(ws, &st, rf_outdir_tmp(od), log, err))
		goto out;
	rc = rf_outdir_commit(od, err);
	od = NULL;
out:
	if (od)
		rf_outdir_abort(od);
	rf_opt_state_free(&st);
	if (have_eng)
		rf_engine_close(&eng);
	rf_cells_free(&cells);
	rf_log_free(&quiet);
	free(read_path);
	free(dem);
	if (rc)
		rf_interrupt_note(err, outdir);
	return rc;
}

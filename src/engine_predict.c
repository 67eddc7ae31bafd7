/* The whole prediction: locate cells, path loss of every cell, RSRP, the
 * per-pixel LTE combination (best server, overlap, SINR, RSRQ), statistics,
 * outputs.  doc/engine.md and doc/lte.md. */
#include "engine_priv.h"
#include "rfplan/engine.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const double default_rsrp_edges[] = { -80, -90, -100, -110, -120 };
static const double default_sinr_edges[] = { 20, 13, 0, -3 };

void rf_predict_options_default(struct rf_predict_options *o)
{
	memset(o, 0, sizeof(*o));
	rf_engine_options_default(&o->engine);
	rf_lte_params_default(&o->lte);
	o->rsrp_edges = default_rsrp_edges;
	o->n_rsrp_edges = 5;
	o->sinr_edges = default_sinr_edges;
	o->n_sinr_edges = 4;
}

void rf_predict_summary_free(struct rf_predict_summary *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n_outputs; i++)
		free(s->outputs[i]);
	free(s->outputs);
	s->outputs = NULL;
	s->n_outputs = 0;
}

double rf_predict_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void rf_predict_maps_free(struct rf_predict_maps *m)
{
	free(m->rsrp_dbm);
	free(m->sinr_db);
	free(m->rsrq_db);
	free(m->best);
	free(m->overlap);
	memset(m, 0, sizeof(*m));
}

/* Per pixel of the output grid, the cells' RSRP in index order (NAN where a
 * cell's window does not reach), combined by rf_lte_combine.  Rows are
 * independent, so the maps do not depend on the thread count. */
static void combine(const struct rf_engine *eng, float *const *rsrp_cells,
		    const struct rf_predict_options *o, struct rf_predict_maps *m)
{
	const struct rf_grid *g = &eng->grid;
	int n = (int)eng->cells->count;
	size_t np = (size_t)g->width * (size_t)g->height;
	struct rf_lte_carrier *car = rf_xmalloc((size_t)n * sizeof(*car));
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();

	for (int c = 0; c < n; c++) {
		car[c].freq_mhz = eng->cells->items[c].frequency_mhz;
		car[c].bandwidth_mhz = eng->cells->items[c].bandwidth_mhz;
		car[c].n_rb = eng->cells->items[c].n_rb;
	}
	m->rsrp_dbm = rf_xmalloc(np * sizeof(float));
	m->sinr_db = rf_xmalloc(np * sizeof(float));
	m->rsrq_db = rf_xmalloc(np * sizeof(float));
	m->best = rf_xmalloc(np * sizeof(uint16_t));
	m->overlap = rf_xmalloc(np * sizeof(uint16_t));

	#pragma omp parallel num_threads(threads)
	{
		double *v = rf_xmalloc((size_t)n * sizeof(double));
		#pragma omp for schedule(static)
		for (int row = 0; row < g->height; row++) {
			for (int col = 0; col < g->width; col++) {
				size_t i = (size_t)row * g->width + col;
				struct rf_lte_pixel px;
				for (int c = 0; c < n; c++) {
					const struct rf_window *w = &eng->windows[c];
					int x = col - w->x0, y = row - w->y0;
					v[c] = x >= 0 && y >= 0 && x < w->width && y < w->height
						? rsrp_cells[c][(size_t)y * w->width + x] : NAN;
				}
				rf_lte_combine(&o->lte, car, v, n, &px);
				m->rsrp_dbm[i] = (float)px.rsrp_dbm;
				m->sinr_db[i] = (float)px.sinr_db;
				m->rsrq_db[i] = (float)px.rsrq_db;
				m->best[i] = px.best < 0 ? RF_BEST_NODATA : (uint16_t)px.best;
				m->overlap[i] = px.best < 0 ? RF_BEST_NODATA : (uint16_t)px.overlap;
			}
		}
		free(v);
	}
	free(car);
}

int rf_predict(const struct rf_workspace *ws, struct rf_cells *cells,
	       const struct rf_predict_options *o, const char *dir,
	       struct rf_predict_summary *sum, struct rf_log *log, struct rf_error *err)
{
	struct rf_engine eng;
	struct rf_cell_result *res = NULL;
	float **rsrp = NULL;
	struct rf_predict_maps maps;
	char *dem = rf_workspace_path(ws, "dem.tif");
	int n = (int)cells->count, rc = -1;
	double t0 = rf_predict_now_s(), t;

	memset(sum, 0, sizeof(*sum));
	memset(&maps, 0, sizeof(maps));
	memset(&eng, 0, sizeof(eng));
	if (n > RF_BEST_NODATA - 1) {
		rf_error_set(err, "%d cells: at most %d are supported", n, RF_BEST_NODATA - 1);
		goto out;
	}
	if (rf_cells_locate(cells, dem, log, err))
		goto out;
	t = rf_predict_now_s();
	sum->t_locate_s = t - t0;
	if (rf_engine_open(&eng, ws, cells, &o->engine, log, err) ||
	    rf_engine_check_validity(&eng, o->strict, log, err))
		goto out;
	sum->grid = eng.grid;
	rf_info(log, "%d cells on a %dx%d grid, model %s, radius %g km", n, eng.grid.width,
		eng.grid.height, rf_model_name(o->engine.model.model), o->engine.radius_km);
	sum->t_terrain_s = rf_predict_now_s() - t;
	t = rf_predict_now_s();

	res = rf_xcalloc((size_t)n, sizeof(*res));
	if (rf_engine_run(&eng, res, log, err))
		goto out;
	sum->t_pathloss_s = rf_predict_now_s() - t;
	t = rf_predict_now_s();

	/* Per-cell path loss rasters first, then RSRP in place of the loss. */
	rsrp = rf_xcalloc((size_t)n, sizeof(*rsrp));
	for (int c = 0; c < n; c++) {
		size_t np = (size_t)res[c].win.width * (size_t)res[c].win.height;
		for (size_t i = 0; i < np; i++)
			sum->pixels_computed += !isnan(res[c].loss_db[i]);
		if (o->per_cell && rf_write_pathloss(&eng, c, &res[c], dir, sum, err))
			goto out;
		rf_engine_rsrp(&eng, c, &res[c], o->rx_gain_dbi, o->body_loss_db, res[c].loss_db);
		rsrp[c] = res[c].loss_db;
		res[c].loss_db = NULL;
		free(res[c].gain_dbi);
		res[c].gain_dbi = NULL;
	}
	combine(&eng, rsrp, o, &maps);
	sum->t_combine_s = rf_predict_now_s() - t;
	t = rf_predict_now_s();
	if (rf_write_maps(&eng, &maps, o, dir, sum, err))
		goto out;
	sum->t_write_s = rf_predict_now_s() - t;
	rc = 0;
out:
	if (res)
		for (int c = 0; c < n; c++)
			rf_cell_result_free(&res[c]);
	if (rsrp)
		for (int c = 0; c < n; c++)
			free(rsrp[c]);
	free(res);
	free(rsrp);
	rf_predict_maps_free(&maps);
	rf_engine_close(&eng);
	free(dem);
	return rc;
}

/* The search of `rfplan optimize` (optimize.h, doc/planning.md): every
 * cell's loss computed once, then coordinate descent over a discrete grid of
 * tilt, azimuth and power per cell, in a random order from the seed, each
 * candidate evaluated by recomputing that cell's gain, RSRP and the
 * combination over its window only. */
#include "optimize_priv.h"
#include "engine/engine_priv.h"
#include "rfplan/geo.h"
#include "rfplan/interrupt.h"
#include "rfplan/lte.h"
#include "core/util.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

void rf_optimize_options_default(struct rf_optimize_options *o)
{
	memset(o, 0, sizeof(*o));
	rf_predict_options_default(&o->predict);
	o->limits.tilt_min_deg = 1;
	o->limits.tilt_max_deg = 0;
	o->limits.power_min_db = 1;
	o->limits.power_max_db = 0;
	o->rsrp_threshold_dbm = -110;
	o->sinr_threshold_db = -3;
	o->overshoot_penalty = 1;
	o->tilt_step_deg = 1;
	o->azimuth_step_deg = 5;
	o->power_step_db = 1;
	o->seed = 1;
	o->max_passes = 5;
}

/* splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): the cell order from the seed. */
static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Fisher-Yates (Knuth, TAOCP vol. 2, 3.4.2 algorithm P). */
static void shuffle(int *a, int n, uint64_t *s)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(next_random(s) % (uint64_t)(i + 1));
		int t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* One pixel's combination from the current RSRP, cell `cand` taking
 * cand_rsrp instead (NULL: none): the cells covering the pixel in index
 * order, as rf_predict's combine. */
static void combine_pixel(const struct rf_opt_state *st, int row, int col, int cand,
			  const float *cand_rsrp, double *v, struct rf_lte_carrier *vc,
			  int *pc, struct rf_lte_pixel *px)
{
	const struct rf_engine *eng = st->eng;
	const int *list = st->row_cells + st->row_start[row];
	int nr = st->row_start[row + 1] - st->row_start[row], k = 0;
	for (int j = 0; j < nr; j++) {
		int c = list[j];
		const struct rf_window *w = &eng->windows[c];
		int x = col - w->x0;
		size_t i;
		if (x < 0 || x >= w->width)
			continue;
		i = (size_t)(row - w->y0) * w->width + x;
		v[k] = c == cand && cand_rsrp ? cand_rsrp[i] : st->rsrp[c][i];
		vc[k] = st->car[c];
		pc[k++] = c;
	}
	rf_lte_combine(&st->o->predict.lte, vc, v, k, px);
	if (px->best >= 0)
		px->best = pc[px->best];
}

/* A pixel's part of the objective and of the figures (the values compared
 * as the maps hold them, Float32). */
static double pixel_value(const struct rf_opt_state *st, int row, int col,
			  const struct rf_lte_pixel *px, struct rf_opt_figures *f)
{
	const struct rf_grid *g = &st->eng->grid;
	double a = st->area_km2[row], v, w;
	int rsrp_ok, sinr_ok;
	if (px->best < 0)
		return 0.0;
	rsrp_ok = (double)(float)px->rsrp_dbm >= st->o->rsrp_threshold_dbm;
	sinr_ok = (double)(float)px->sinr_db >= st->o->sinr_threshold_db;
	if (f) {
		f->rsrp_area_km2 += rsrp_ok ? a : 0.0;
		f->sinr_area_km2 += sinr_ok ? a : 0.0;
	}
	if (!rsrp_ok || !sinr_ok)
		return 0.0;
	w = st->weight ? st->weight[(size_t)row * g->width + col] : a;
	v = w;
	if (f) {
		f->served_area_km2 += a;
		f->weight_served += st->weight ? w : 0.0;
	}
	if (st->o->overshoot_km > 0) {
		const struct rf_cell *c = &st->cells->items[px->best];
		double lat = g->north_deg - (row + 0.5) * g->dlat_deg;
		double lon = g->west_deg + (col + 0.5) * g->dlon_deg;
		if (rf_geo_fast_inverse(c->lat_deg, c->lon_deg, lat, lon, NULL) >
		    st->o->overshoot_km * 1000.0) {
			v = -st->o->overshoot_penalty * w;
			if (f)
				f->overshoot_area_km2 += a;
		}
	}
	return v;
}

/* The objective's change over cell cand's window when it takes cand_rsrp;
 * the new pixel values into out (window-sized).  Rows summed in order:
 * independent of the thread count. */
static double window_delta(struct rf_opt_state *st, int cand, const float *cand_rsrp,
			   double *out)
{
	const struct rf_window *w = &st->eng->windows[cand];
	int n = (int)st->cells->count;
	double delta = 0.0;
	#pragma omp parallel num_threads(st->threads)
	{
		double *v = rf_xmalloc((size_t)n * sizeof(double));
		struct rf_lte_carrier *vc = rf_xmalloc((size_t)n * sizeof(*vc));
		int *pc = rf_xmalloc((size_t)n * sizeof(int));
		#pragma omp for schedule(static)
		for (int y = 0; y < w->height; y++) {
			int row = w->y0 + y;
			double s = 0.0;
			for (int x = 0; x < w->width; x++) {
				struct rf_lte_pixel px;
				size_t gi = (size_t)row * st->eng->grid.width + (size_t)(w->x0 + x);
				size_t wi = (size_t)y * w->width + x;
				combine_pixel(st, row, w->x0 + x, cand, cand_rsrp, v, vc, pc, &px);
				out[wi] = pixel_value(st, row, w->x0 + x, &px, NULL);
				s += out[wi] - st->value[gi];
			}
			st->row_sum[y] = s;
		}
		free(v);
		free(vc);
		free(pc);
	}
	for (int y = 0; y < w->height; y++)
		delta += st->row_sum[y];
	return delta;
}

void rf_opt_figures(struct rf_opt_state *st, struct rf_opt_figures *f, int keep)
{
	const struct rf_grid *g = &st->eng->grid;
	int n = (int)st->cells->count;
	double *v = rf_xmalloc((size_t)(n ? n : 1) * sizeof(double));
	struct rf_lte_carrier *vc = rf_xmalloc((size_t)(n ? n : 1) * sizeof(*vc));
	int *pc = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	memset(f, 0, sizeof(*f));
	for (int row = 0; row < g->height; row++)
		for (int col = 0; col < g->width; col++) {
			struct rf_lte_pixel px;
			size_t gi = (size_t)row * g->width + col;
			double val;
			combine_pixel(st, row, col, -1, NULL, v, vc, pc, &px);
			val = pixel_value(st, row, col, &px, f);
			f->objective += val;
			if (keep)
				st->value[gi] = val;
		}
	free(v);
	free(vc);
	free(pc);
}

/* Cell c's gain over its window from its current parameters, then its RSRP
 * into out: the engine's gain (the loss given) and rf_engine_rsrp. */
static int cell_rsrp(struct rf_opt_state *st, int c, int regain, float *out,
		     struct rf_error *err)
{
	struct rf_cell_result r;
	int from = RF_LOSS_GIVEN;
	if (regain) {
		memset(&r, 0, sizeof(r));
		r.win = st->eng->windows[c];
		r.loss_db = st->loss[c];
		r.first_failure_pixel = -1;
		if (rf_engine_compute_with(st->eng, &c, 1, &r, &from, st->quiet, err)) {
			free(r.gain_dbi);
			return -1;
		}
		free(st->gain[c]);
		st->gain[c] = r.gain_dbi;
	}
	r.win = st->eng->windows[c];
	r.loss_db = st->loss[c];
	r.gain_dbi = st->gain[c];
	rf_engine_rsrp(st->eng, c, &r, st->o->predict.rx_gain_dbi, st->o->predict.body_loss_db,
		       out);
	return 0;
}

/* Set parameter p of cell c to value (tilt, azimuth: degrees; power: dB
 * from the starting power). */
static void set_param(struct rf_opt_state *st, int c, int p, double value)
{
	struct rf_cell *cell = &st->cells->items[c];
	const struct rf_cell *s = &st->start[c];
	if (p == RF_OPT_TILT)
		cell->mech_tilt_deg = value;
	else if (p == RF_OPT_AZIMUTH)
		cell->azimuth_deg = value;
	else {
		cell->tx_power_dbm = s->tx_power_dbm + value;
		cell->rs_epre_dbm = s->rs_epre_given ? s->rs_epre_dbm + value
						     : rf_lte_rs_epre_dbm(cell->tx_power_dbm, cell->n_rb);
	}
}

static double get_param(const struct rf_opt_state *st, int c, int p)
{
	const struct rf_cell *cell = &st->cells->items[c];
	if (p == RF_OPT_TILT)
		return cell->mech_tilt_deg;
	if (p == RF_OPT_AZIMUTH)
		return cell->azimuth_deg;
	return cell->tx_power_dbm - st->start[c].tx_power_dbm;
}

/* The values of parameter p for cell c: the grid of its range. */
static int candidates(const struct rf_opt_state *st, int c, int p, double *vals, int cap)
{
	const struct rf_opt_limits *l = &st->limits[c];
	const struct rf_optimize_options *o = st->o;
	int n = 0;
	if (p == RF_OPT_TILT && l->tilt)
		for (double t = l->tilt_min_deg; t <= l->tilt_max_deg + 1e-9 && n < cap;
		     t = l->tilt_min_deg + n * o->tilt_step_deg)
			vals[n++] = t;
	else if (p == RF_OPT_AZIMUTH && l->azimuth_delta_deg > 0) {
		int k = (int)floor(l->azimuth_delta_deg / o->azimuth_step_deg + 1e-9);
		for (int i = -k; i <= k && n < cap; i++) {
			double a = fmod(st->start[c].azimuth_deg + i * o->azimuth_step_deg, 360.0);
			vals[n++] = a < 0 ? a + 360.0 : a;
		}
	} else if (p == RF_OPT_POWER && l->power)
		for (double d = l->power_min_db; d <= l->power_max_db + 1e-9 && n < cap;
		     d = l->power_min_db + n * o->power_step_db)
			vals[n++] = d;
	return n;
}

/* Commit cell c's RSRP (computed into cand) and the window's values. */
static void commit(struct rf_opt_state *st, int c, float *cand, const double *vals)
{
	const struct rf_window *w = &st->eng->windows[c];
	size_t np = (size_t)w->width * (size_t)w->height;
	memcpy(st->rsrp[c], cand, np * sizeof(float));
	for (int y = 0; y < w->height; y++)
		memcpy(&st->value[(size_t)(w->y0 + y) * st->eng->grid.width + (size_t)w->x0],
		       &vals[(size_t)y * w->width], (size_t)w->width * sizeof(double));
}

/* One parameter of one cell: every value of its grid tried, the best kept
 * when it raises the objective (the current value wins ties).  1 when
 * changed, 0 not, -1 with err. */
static int try_param(struct rf_opt_state *st, int c, int p, float *cand, double *vals,
		     struct rf_error *err)
{
	double grid[RF_OPT_MAX_VALUES], cur = get_param(st, c, p), best = cur, best_delta = 0.0;
	int n = candidates(st, c, p, grid, RF_OPT_MAX_VALUES);
	for (int k = 0; k < n; k++) {
		double d;
		if (fabs(grid[k] - cur) < 1e-9)
			continue;
		set_param(st, c, p, grid[k]);
		if (cell_rsrp(st, c, p != RF_OPT_POWER, cand, err))
			return -1;
		d = window_delta(st, c, cand, vals);
		st->res->candidates++;
		if (d > best_delta + 1e-12) {
			best_delta = d;
			best = grid[k];
		}
	}
	set_param(st, c, p, best);
	if (cell_rsrp(st, c, p != RF_OPT_POWER, cand, err))
		return -1;
	if (best == cur)
		return 0;
	window_delta(st, c, cand, vals);
	commit(st, c, cand, vals);
	st->objective += best_delta;
	return 1;
}

int rf_opt_search(struct rf_opt_state *st, struct rf_log *log, struct rf_error *err)
{
	int n = (int)st->cells->count, m = 0, rc = 0;
	int *order = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	size_t big = 1;
	uint64_t seed = st->o->seed;
	float *cand;
	double *vals, t0 = rf_monotonic_s();
	for (int c = 0; c < n; c++) {
		const struct rf_window *w = &st->eng->windows[c];
		size_t np = (size_t)w->width * (size_t)w->height;
		if (np)
			order[m++] = c;
		if (np > big)
			big = np;
	}
	cand = rf_xmalloc(big * sizeof(float));
	vals = rf_xmalloc(big * sizeof(double));
	for (int pass = 1; pass <= st->o->max_passes && !rc; pass++) {
		int changed = 0;
		shuffle(order, m, &seed);
		for (int k = 0; k < m && !rc; k++) {
			if (rf_interrupt_check(err)) {
				rc = -1;
				break;
			}
			rf_progress(log, "optimize", (double)k / m);
			for (int p = 0; p < RF_OPT_NPARAMS && !rc; p++) {
				int r = try_param(st, order[k], p, cand, vals, err);
				if (r < 0)
					rc = -1;
				else
					changed += r;
			}
		}
		rf_progress(log, "optimize", 1.0);
		st->res->passes = pass;
		rf_info(log, "optimize: pass %d: objective %.6f km^2, %d change(s), %ld candidates",
			pass, st->objective, changed, st->res->candidates);
		if (!changed)
			break;
	}
	st->res->search_s = rf_monotonic_s() - t0;
	free(order);
	free(cand);
	free(vals);
	return rc;
}

void rf_opt_prepare(struct rf_opt_state *st)
{
	const struct rf_engine *eng = st->eng;
	const struct rf_grid *g = &eng->grid;
	int n = (int)st->cells->count, total = 0;
	st->threads = st->o->predict.engine.threads > 0 ? st->o->predict.engine.threads
							 : omp_get_max_threads();
	st->car = rf_xmalloc((size_t)(n ? n : 1) * sizeof(*st->car));
	for (int c = 0; c < n; c++)
		rf_lte_carrier_init(&st->car[c], st->cells->items[c].frequency_mhz,
				    st->cells->items[c].bandwidth_mhz, st->cells->items[c].n_rb,
				    &st->o->predict.lte);
	st->row_start = rf_xmalloc(((size_t)g->height + 1) * sizeof(int));
	for (int pass = 0; pass < 2; pass++) {
		total = 0;
		for (int row = 0; row < g->height; row++) {
			st->row_start[row] = total;
			for (int c = 0; c < n; c++) {
				const struct rf_window *w = &eng->windows[c];
				if (w->width > 0 && row >= w->y0 && row < w->y0 + w->height) {
					if (pass)
						st->row_cells[total] = c;
					total++;
				}
			}
		}
		st->row_start[g->height] = total;
		if (!pass)
			st->row_cells = rf_xmalloc((size_t)(total ? total : 1) * sizeof(int));
	}
	st->area_km2 = rf_xmalloc(((size_t)g->height ? (size_t)g->height : 1) * sizeof(double));
	for (int row = 0; row < g->height; row++)
		st->area_km2[row] = rf_lte_pixel_area_km2(g, row);
	st->value = rf_xcalloc((size_t)g->width * (size_t)g->height + 1, sizeof(double));
	st->row_sum = rf_xmalloc(((size_t)g->height + 1) * sizeof(double));
}

void rf_opt_state_free(struct rf_opt_state *st)
{
	int n = st->cells ? (int)st->cells->count : 0;
	for (int c = 0; c < n; c++) {
		if (st->loss)
			free(st->loss[c]);
		if (st->gain)
			free(st->gain[c]);
		if (st->rsrp)
			free(st->rsrp[c]);
	}
	free(st->loss);
	free(st->gain);
	free(st->rsrp);
	free(st->car);
	free(st->row_start);
	free(st->row_cells);
	free(st->area_km2);
	free(st->value);
	free(st->row_sum);
	free(st->weight);
	free(st->limits);
	free(st->start);
	rf_predict_summary_free(&st->losses);
	rf_predict_summary_free(&st->maps);
}

/* Coverage engine: the OpenMP loop over the rows of every cell's window,
 * each row's pixels computed by engine_pixel.c, or only their gains when
 * the loss is given (engine_gain.c).  doc/engine.md explains why results
 * do not depend on threads. */
#include "rfplan/engine.h"
#include "rfplan/interrupt.h"
#include "engine_pixel.h"
#include "engine_priv.h"

#include <math.h>
#include <omp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The (cell, row) work items of all requested cells, flattened so that one
 * dynamic loop balances rows of large and small windows across threads. */
struct work {
	int n_items;
	int *item_cell;   /* index into idx[] */
	int *item_row;    /* row within the window */
};

static void build_work(const struct rf_engine *eng, const int *idx, int n, struct work *w)
{
	w->n_items = 0;
	for (int k = 0; k < n; k++)
		w->n_items += eng->windows[idx[k]].height;
	w->item_cell = rf_xmalloc((size_t)w->n_items * sizeof(int));
	w->item_row = rf_xmalloc((size_t)w->n_items * sizeof(int));
	for (int k = 0, m = 0; k < n; k++)
		for (int r = 0; r < eng->windows[idx[k]].height; r++, m++) {
			w->item_cell[m] = k;
			w->item_row[m] = r;
		}
}

/* Row r of cell `cell`'s loss and gain, pixel by pixel (engine_pixel.c);
 * a refused pixel is nodata, the lowest one's message kept. */
static void compute_row(const struct rf_engine *eng, int cell, struct rf_cell_result *res,
			int r, const struct rf_geo_local_lon *lon, double *ground, double *clutter,
			unsigned char *water)
{
	const struct rf_window *win = &res->win;
	unsigned warn = 0;
	struct rf_pixel_ctx ctx;
	rf_pixel_ctx_init(eng, cell, &ctx);
	rf_pixel_ctx_row(eng, &ctx, win->y0 + r);
	rf_pixel_ctx_cols(&ctx, lon, win->x0, win->width);
	if (eng->loss_radius_km > 0)
		ctx.loss_radius_m = eng->loss_radius_km * 1000.0;
	for (int x = 0; x < win->width; x++) {
		size_t i = (size_t)r * win->width + x;
		double loss, gain;
		struct rf_error perr;
		if (rf_pixel_compute(eng, &ctx, win->x0 + x, win->y0 + r, ground, clutter,
				     water, &loss, &gain, &warn, NULL, NULL, NULL, &perr)) {
			res->loss_db[i] = res->gain_dbi[i] = NAN;
			#pragma omp critical(rf_engine_failure)
			{
				/* Keep the message of the lowest pixel index so the
				 * report does not depend on thread timing. */
				if (res->first_failure_pixel < 0 ||
				    (long)i < res->first_failure_pixel) {
					res->first_failure_pixel = (long)i;
					snprintf(res->first_failure, sizeof(res->first_failure),
						 "%.250s", perr.msg);
				}
				res->n_failed++;
			}
			continue;
		}
		res->loss_db[i] = (float)loss;
		res->gain_dbi[i] = (float)gain;
	}
	#pragma omp atomic update
	res->warnings |= warn;
}

int rf_engine_compute(const struct rf_engine *eng, const int *idx, int n,
		      struct rf_cell_result *results, struct rf_log *log,
		      struct rf_error *err)
{
	return rf_engine_compute_with(eng, idx, n, results, NULL, log, err);
}

/* What rows of the work list a pass runs, and their progress.  A cell
 * whose loss is given heads a group: the cells sharing its loss, whose
 * gains its rows compute too (one geometry per pixel for the site). */
struct pass {
	const int *loss_from;   /* rf_engine_compute_with's, or NULL */
	int shared;             /* 0: cells with their own loss, 1: sharing one */
	long done, n_items;
	int *rows_left;
	int *group;             /* the groups' members (build_groups), or NULL */
	int *group_start;       /* per cell: where its group starts in group */
	int *group_n;           /* per cell: its group's size (0: in another's) */
	struct rf_geo_local_lon **lon; /* per cell: its window's longitude terms
					  (rf_gain_window_lon), or NULL (grouped) */
};

/* A cell sharing the loss of a cell whose loss is given. */
static int grouped(const struct pass *p, int k)
{
	return p->loss_from && p->loss_from[k] >= 0 &&
	       p->loss_from[p->loss_from[k]] == RF_LOSS_GIVEN;
}

static int in_pass(const struct pass *p, int k)
{
	if (grouped(p, k))
		return 0;   /* its rows are its group head's */
	return (p->loss_from && p->loss_from[k] >= 0) == p->shared;
}

/* The groups, as compressed rows: head k's members (itself first) are
 * group[group_start[k] .. + group_n[k]]. */
static void build_groups(struct pass *p, int n)
{
	int *fill = rf_xcalloc((size_t)n, sizeof(int)), at = 0;
	p->group = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	p->group_n = rf_xcalloc((size_t)n, sizeof(int));
	p->group_start = rf_xcalloc((size_t)n, sizeof(int));
	for (int k = 0; k < n; k++)
		if (p->loss_from[k] == RF_LOSS_GIVEN)
			p->group_n[k] = 1;
		else if (grouped(p, k))
			p->group_n[p->loss_from[k]]++;
	for (int k = 0; k < n; k++) {
		p->group_start[k] = at;
		at += p->group_n[k];
	}
	for (int k = 0; k < n; k++)
		if (p->loss_from[k] == RF_LOSS_GIVEN)
			p->group[p->group_start[k] + fill[k]++] = k;
	for (int k = 0; k < n; k++)
		if (grouped(p, k)) {
			int h = p->loss_from[k];
			p->group[p->group_start[h] + fill[h]++] = k;
		}
	free(fill);
}

/* One row counted for cell k: its end reported, the progress. */
static void row_done(const struct rf_engine *eng, const int *idx, int n,
		     struct rf_cell_result *results, struct pass *p, int k, struct rf_log *log)
{
	int left;
	long now;
	#pragma omp atomic capture
	now = ++p->done;
	#pragma omp atomic capture
	left = --p->rows_left[k];
	if (left == 0 || omp_get_thread_num() == 0) {
		#pragma omp critical(rf_engine_report)
		{
			if (left == 0)
				rf_report_cell_done(eng, idx[k], k, n, &results[k], log);
			if (omp_get_thread_num() == 0)
				rf_progress(log, "path loss", (double)now / p->n_items);
		}
	}
}

static void run_pass(const struct rf_engine *eng, const int *idx, int n,
		     struct rf_cell_result *results, const struct work *w, struct pass *p,
		     int threads, struct rf_log *log)
{
	#pragma omp parallel num_threads(threads)
	{
		/* Per-thread scratch, allocated once per pass. */
		double *ground = rf_xmalloc((size_t)eng->max_points * sizeof(double));
		double *clutter = rf_xmalloc((size_t)eng->max_points * sizeof(double));
		unsigned char *water = rf_xmalloc((size_t)eng->max_points);
		#pragma omp for schedule(dynamic)
		for (int m = 0; m < w->n_items; m++) {
			int k = w->item_cell[m];
			/* after a signal the remaining rows are skipped (a
			 * parallel loop cannot be left); the caller fails */
			if (!in_pass(p, k) || rf_interrupted())
				continue;
			if (p->group && p->group_n[k] > 1) {
				const int *g = p->group + p->group_start[k];
				rf_gain_row_group(eng, idx, results, g, p->group_n[k], w->item_row[m],
						  p->lon[k]);
				for (int j = 0; j < p->group_n[k]; j++)
					row_done(eng, idx, n, results, p, g[j], log);
				continue;
			}
			if (p->loss_from && p->loss_from[k] != RF_LOSS_COMPUTE)
				/* the loss given or shared: the gain alone */
				rf_gain_row_group(eng, idx, results, &k, 1, w->item_row[m],
						  p->lon[k]);
			else
				compute_row(eng, idx[k], &results[k], w->item_row[m], p->lon[k],
					    ground, clutter, water);
			row_done(eng, idx, n, results, p, k, log);
		}
		free(ground);
		free(clutter);
		free(water);
	}
}

/* A cell sharing results[j]'s loss: a copy of it, its warnings and failures
 * (the windows are equal: the matrix key holds the window). */
static void share_loss(struct rf_cell_result *dst, const struct rf_cell_result *src)
{
	size_t np = (size_t)src->win.width * (size_t)src->win.height;
	dst->loss_db = rf_xmalloc((np ? np : 1) * sizeof(float));
	memcpy(dst->loss_db, src->loss_db, np * sizeof(float));
	dst->warnings = src->warnings;
	dst->n_failed = src->n_failed;
	dst->first_failure_pixel = src->first_failure_pixel;
	memcpy(dst->first_failure, src->first_failure, sizeof(dst->first_failure));
}

int rf_engine_compute_with(const struct rf_engine *eng, const int *idx, int n,
			   struct rf_cell_result *results, const int *loss_from,
			   struct rf_log *log, struct rf_error *err)
{
	struct work w;
	int threads = eng->opts.threads > 0 ? eng->opts.threads : omp_get_max_threads();
	struct pass p = { loss_from, 0, 0, 0, NULL, NULL, NULL, NULL, NULL };

	for (int k = 0; k < n; k++) {
		struct rf_cell_result *res = &results[k];
		size_t np;
		if (loss_from && loss_from[k] == RF_LOSS_GIVEN) {   /* the caller's loss */
			np = (size_t)res->win.width * (size_t)res->win.height;
			res->gain_dbi = rf_xmalloc(np * sizeof(float));
			continue;
		}
		memset(res, 0, sizeof(*res));
		res->win = eng->windows[idx[k]];
		res->first_failure_pixel = -1;
		np = (size_t)res->win.width * (size_t)res->win.height;
		if (!loss_from || loss_from[k] == RF_LOSS_COMPUTE)
			res->loss_db = rf_xmalloc(np * sizeof(float));
		res->gain_dbi = rf_xmalloc(np * sizeof(float));
	}
	build_work(eng, idx, n, &w);
	p.n_items = w.n_items;
	p.rows_left = rf_xmalloc((size_t)n * sizeof(int));
	for (int k = 0; k < n; k++)
		p.rows_left[k] = results[k].win.height;
	if (loss_from)
		build_groups(&p, n);
	p.lon = rf_xcalloc((size_t)(n ? n : 1), sizeof(*p.lon));
	for (int k = 0; k < n; k++)
		if (!grouped(&p, k))
			p.lon[k] = rf_gain_window_lon(eng, idx[k], &results[k].win);
	run_pass(eng, idx, n, results, &w, &p, threads, log);
	if (loss_from) {   /* then the cells sharing a loss computed or given */
		for (int k = 0; k < n; k++)
			if (loss_from[k] >= 0)
				share_loss(&results[k], &results[loss_from[k]]);
		p.shared = 1;
		if (!rf_interrupted())
			run_pass(eng, idx, n, results, &w, &p, threads, log);
	}
	free(w.item_cell);
	free(w.item_row);
	free(p.rows_left);
	free(p.group);
	free(p.group_start);
	free(p.group_n);
	for (int k = 0; k < n; k++)
		free(p.lon[k]);
	free(p.lon);
	/* the results' arrays stay allocated: the caller frees them as after
	 * any failure */
	if (rf_interrupt_check(err))
		return -1;
	rf_progress(log, "path loss", 1.0);

	return rf_report_results(eng, idx, n, results, log, err);
}

int rf_engine_run(const struct rf_engine *eng, struct rf_cell_result *results,
		  struct rf_log *log, struct rf_error *err)
{
	int n = (int)eng->cells->count, rc;
	int *idx = rf_xmalloc((size_t)n * sizeof(int));
	for (int i = 0; i < n; i++)
		idx[i] = i;
	rc = rf_engine_compute(eng, idx, n, results, log, err);
	free(idx);
	return rc;
}


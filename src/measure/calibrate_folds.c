/* The held-out groups of rfplan calibrate (calibrate.h, "Held-out
 * validation"): contiguous blocks, or one file, cell, site, UTC day,
 * block of time or value of a measurement column left out at a time. */
#include "calibrate_folds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Folds by UTC day or by time blocks of o->fold_block_s: groups in time
 * order, named by their UTC start; every point needs a time. */
static int time_groups(const struct rf_compare *c, const struct rf_calib_options *o,
		       struct rf_calib_result *r, int *fold, struct rf_error *err)
{
	double len = o->folds_by == RF_CALIB_FOLDS_DAY ? 86400.0 : o->fold_block_s;
	double *key = rf_xmalloc((c->n ? c->n : 1) * sizeof(double));
	size_t nk = 0;
	if (!(len > 0))
		return free(key), rf_error_set(err, "time folds need a block length > 0");
	for (size_t i = 0; i < c->n; i++) {
		if (isnan(c->pts[i].time_s)) {
			const struct rf_cmp_point *p = &c->pts[i];
			free(key);
			return rf_error_set(err, "folds by time: %s:%ld has no time (a csv 'time' "
					    "column or Cork's Timestamp)", o->file_names &&
					    p->file < o->n_files ? o->file_names[p->file] : "(file)",
					    p->line);
		}
		key[i] = floor(c->pts[i].time_s / len);
	}
	double *u = rf_xmalloc((c->n ? c->n : 1) * sizeof(double));
	memcpy(u, key, c->n * sizeof(double));
	qsort(u, c->n, sizeof(double), cmp_double);
	for (size_t i = 0; i < c->n; i++)
		if (!i || u[i] != u[nk - 1])
			u[nk++] = u[i];
	r->groups = rf_xcalloc(nk ? nk : 1, sizeof(*r->groups));
	for (size_t g = 0; g < nk; g++) {
		time_t t0 = (time_t)(u[g] * len);
		struct tm tm;
		char name[32];
		gmtime_r(&t0, &tm);
		strftime(name, sizeof(name), o->folds_by == RF_CALIB_FOLDS_DAY ? "%Y-%m-%d"
			 : "%Y-%m-%dT%H:%M:%SZ", &tm);
		r->groups[g].name = rf_xstrdup(name);
	}
	r->n_groups = (int)nk;
	for (size_t i = 0; i < c->n; i++) {
		size_t lo = 0, hi = nk - 1;
		while (lo < hi) {   /* binary search of the sorted unique keys */
			size_t mid = (lo + hi) / 2;
			if (u[mid] < key[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		fold[i] = (int)lo;
	}
	free(key);
	free(u);
	if (r->n_groups < 2)
		return rf_error_set(err, "folds by time: the points are in %d block (want >= 2 to "
				    "hold one out)", r->n_groups);
	return r->n_groups;
}

/* Folds by a measurement column (a route, a drive): one group per value,
 * in order of first appearance; every point needs a value. */
static int column_groups(const struct rf_compare *c, const struct rf_calib_options *o,
			 struct rf_calib_result *r, int *fold, struct rf_error *err)
{
	const char *name = o->fold_column ? o->fold_column : "?";
	r->groups = rf_xcalloc(c->n ? c->n : 1, sizeof(*r->groups));
	for (size_t i = 0; i < c->n; i++) {
		const struct rf_cmp_point *p = &c->pts[i];
		int g = 0;
		if (!p->fold_group)
			return rf_error_set(err, "--folds-by column=%s: %s:%ld has no value in "
					    "column '%s'", name, o->file_names &&
					    p->file < o->n_files ? o->file_names[p->file] : "(file)",
					    p->line, name);
		/* linear: a drive test has a few routes, not thousands */
		while (g < r->n_groups && strcmp(r->groups[g].name, p->fold_group))
			g++;
		if (g == r->n_groups)
			r->groups[r->n_groups++].name = rf_xstrdup(p->fold_group);
		fold[i] = g;
	}
	if (r->n_groups < 2)
		return rf_error_set(err, "--folds-by column=%s: the points are in %d group (want "
				    ">= 2 to hold one out)", name, r->n_groups);
	return r->n_groups;
}

/* The fold of each point (calibrate.h): contiguous blocks, or the index of
 * its group (file, cell or site, in order of first appearance) with
 * r->groups named; the number of folds, or -1 with err (fewer than 2). */
int rf_calib_fold_groups(const struct rf_compare *c, const struct rf_cells *cells,
		       const struct rf_calib_options *o, struct rf_calib_result *r, int *fold,
		       struct rf_error *err)
{
	int by = o->folds_by, nkeys, *index;
	r->folds_by = by;
	r->fold_column = o->fold_column;
	if (by == RF_CALIB_FOLDS_BLOCKS) {
		for (size_t i = 0; i < c->n; i++)
			fold[i] = (int)((long long)i * o->folds / (long long)c->n);
		return o->folds;
	}
	if (by == RF_CALIB_FOLDS_DAY || by == RF_CALIB_FOLDS_TIME)
		return time_groups(c, o, r, fold, err);
	if (by == RF_CALIB_FOLDS_COLUMN)
		return column_groups(c, o, r, fold, err);
	if (by != RF_CALIB_FOLDS_FILE && !cells)
		return rf_error_set(err, "folds by cell or site need the cells");
	nkeys = by == RF_CALIB_FOLDS_FILE ? o->n_files : (int)cells->count;
	for (size_t i = 0; by == RF_CALIB_FOLDS_FILE && i < c->n; i++)
		if (c->pts[i].file >= nkeys)
			nkeys = c->pts[i].file + 1;
	index = rf_xmalloc((size_t)(nkeys > 0 ? nkeys : 1) * sizeof(int));
	for (int k = 0; k < nkeys; k++)
		index[k] = -1;
	r->groups = rf_xcalloc((size_t)(nkeys > 0 ? nkeys : 1), sizeof(*r->groups));
	for (size_t i = 0; i < c->n; i++) {
		int key = by == RF_CALIB_FOLDS_FILE ? c->pts[i].file : c->pts[i].cell;
		char name[256];
		if (by == RF_CALIB_FOLDS_SITE) {   /* the first cell of the site */
			for (int k = 0; k < key; k++)
				if (!strcmp(cells->items[k].site_id, cells->items[key].site_id)) {
					key = k;
					break;
				}
		}
		if (index[key] < 0) {
			index[key] = r->n_groups;
			if (by == RF_CALIB_FOLDS_FILE)
				snprintf(name, sizeof(name), "%s", o->file_names && key < o->n_files
					 ? o->file_names[key] : "(file)");
			else if (by == RF_CALIB_FOLDS_CELL)
				snprintf(name, sizeof(name), "%s/%s", cells->items[key].site_id,
					 cells->items[key].cell_id);
			else
				snprintf(name, sizeof(name), "%s", cells->items[key].site_id);
			r->groups[r->n_groups++].name = rf_xstrdup(name);
		}
		fold[i] = index[key];
	}
	free(index);
	if (r->n_groups < 2)
		return rf_error_set(err, "--folds-by %s: the points are in %d group (want >= 2 to "
				    "hold one out)", by == RF_CALIB_FOLDS_FILE ? "file"
				    : by == RF_CALIB_FOLDS_CELL ? "cell" : "site", r->n_groups);
	return r->n_groups;
}

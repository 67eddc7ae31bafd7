/* rfplan compare's statistics: overall, per cell, per clutter class and per
 * distance bin, as compare.json and as the printed table. */
#include "rfplan/version.h"
#include "rfplan/compare.h"
#include "core/output_util.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const double rf_cmp_dist_edges_km[RF_CMP_N_DIST + 1] = { 0, 0.5, 1, 2, 5, 10, INFINITY };

void rf_cmp_stats_compute(const struct rf_cmp_point *pts, size_t n, const char *sel,
			  struct rf_cmp_stats *s)
{
	double se = 0, se2 = 0, sp = 0, sm = 0;
	long k = 0;
	memset(s, 0, sizeof(*s));
	s->mean_db = s->std_db = s->rmse_db = s->corr = NAN;
	for (size_t i = 0; i < n; i++)
		if (!sel || sel[i]) {
			se += pts[i].err_db;
			se2 += pts[i].err_db * pts[i].err_db;
			sp += pts[i].pred_dbm;
			sm += pts[i].meas_dbm;
			k++;
		}
	s->n = k;
	if (!k)
		return;
	s->mean_db = se / k;
	s->rmse_db = sqrt(se2 / k);
	/* the deviations from the means, a second pass (no cancellation) */
	double mp = sp / k, mm = sm / k, me = s->mean_db, vp = 0, vm = 0, cpm = 0, ve = 0;
	for (size_t i = 0; i < n; i++)
		if (!sel || sel[i]) {
			double dp = pts[i].pred_dbm - mp, dm = pts[i].meas_dbm - mm;
			double de = pts[i].err_db - me;
			vp += dp * dp;
			vm += dm * dm;
			cpm += dp * dm;
			ve += de * de;
		}
	s->std_db = sqrt(ve / k);
	if (k >= 3 && vp > 0 && vm > 0)
		s->corr = cpm / sqrt(vp * vm);
}

void rf_cmp_stats_offset_removed(const struct rf_cmp_point *pts, size_t n, int n_cells,
				 struct rf_cmp_stats *s)
{
	double *sum = rf_xcalloc((size_t)(n_cells > 0 ? n_cells : 1), sizeof(double));
	long *cnt = rf_xcalloc((size_t)(n_cells > 0 ? n_cells : 1), sizeof(long));
	struct rf_cmp_point *tmp = rf_xmalloc((n ? n : 1) * sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		if (pts[i].cell >= 0 && pts[i].cell < n_cells) {
			sum[pts[i].cell] += pts[i].err_db;
			cnt[pts[i].cell]++;
		}
	for (size_t i = 0; i < n; i++) {
		int c = pts[i].cell;
		double off = c >= 0 && c < n_cells && cnt[c] ? sum[c] / (double)cnt[c] : 0.0;
		tmp[i] = pts[i];
		tmp[i].pred_dbm -= off;
		tmp[i].err_db -= off;
	}
	rf_cmp_stats_compute(tmp, n, NULL, s);
	free(tmp);
	free(sum);
	free(cnt);
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *stats_json(const struct rf_cmp_stats *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "count", json_integer(s->n));
	json_object_set_new(o, "mean_error_db", num_or_null(s->mean_db));
	json_object_set_new(o, "std_db", num_or_null(s->std_db));
	json_object_set_new(o, "rmse_db", num_or_null(s->rmse_db));
	json_object_set_new(o, "correlation", num_or_null(s->corr));
	return o;
}

/* The groups of the report: kind 0 per cell, 1 per clutter class, 2 per
 * distance bin; calls fn for each non-empty group with its selection. */
typedef void (*group_fn)(void *ctx, int kind, int key, const struct rf_cmp_stats *s);

static void for_groups(const struct rf_compare *c, int n_cells, group_fn fn, void *ctx)
{
	char *sel = rf_xmalloc(c->n ? c->n : 1);
	struct rf_cmp_stats s;
	for (int cell = 0; cell < n_cells; cell++) {
		long any = 0;
		for (size_t i = 0; i < c->n; i++)
			any += sel[i] = c->pts[i].cell == cell;
		if (!any)
			continue;
		rf_cmp_stats_compute(c->pts, c->n, sel, &s);
		fn(ctx, 0, cell, &s);
	}
	char *seen = rf_xcalloc(65537, 1);
	for (size_t i = 0; i < c->n; i++)
		seen[c->pts[i].clutter + 1] = 1;
	for (int code = -1; code < RF_CLASS_CODES; code++) {
		if (!seen[code + 1])
			continue;
		for (size_t i = 0; i < c->n; i++)
			sel[i] = c->pts[i].clutter == code;
		rf_cmp_stats_compute(c->pts, c->n, sel, &s);
		fn(ctx, 1, code, &s);
	}
	free(seen);
	for (int b = 0; b < RF_CMP_N_DIST; b++) {
		long any = 0;
		for (size_t i = 0; i < c->n; i++) {
			double km = c->pts[i].dist_m / 1000.0;
			any += sel[i] = km >= rf_cmp_dist_edges_km[b] && km < rf_cmp_dist_edges_km[b + 1];
		}
		if (!any)
			continue;
		rf_cmp_stats_compute(c->pts, c->n, sel, &s);
		fn(ctx, 2, b, &s);
	}
	free(sel);
}

static const char *class_name(const struct rf_workspace *ws, int code)
{
	const struct rf_clutter_class *k = code >= 0 ? rf_class_table_find(&ws->classes, code) : NULL;
	return k ? k->name : code < 0 ? "none" : "unknown";
}

static void dist_label(int b, char *buf, size_t len)
{
	if (isinf(rf_cmp_dist_edges_km[b + 1]))
		snprintf(buf, len, ">= %g km", rf_cmp_dist_edges_km[b]);
	else
		snprintf(buf, len, "%g-%g km", rf_cmp_dist_edges_km[b], rf_cmp_dist_edges_km[b + 1]);
}

struct json_ctx {
	json_t *cells, *classes, *dist;
	const struct rf_cells *cs;
	const struct rf_workspace *ws;
};

static void json_group(void *vctx, int kind, int key, const struct rf_cmp_stats *s)
{
	struct json_ctx *x = vctx;
	json_t *o = stats_json(s);
	char buf[64];
	if (kind == 0) {
		json_object_set_new(o, "site_id", json_string(x->cs->items[key].site_id));
		json_object_set_new(o, "cell_id", json_string(x->cs->items[key].cell_id));
		json_array_append_new(x->cells, o);
	} else if (kind == 1) {
		json_object_set_new(o, "code", key >= 0 ? json_integer(key) : json_null());
		json_object_set_new(o, "name", json_string(class_name(x->ws, key)));
		json_array_append_new(x->classes, o);
	} else {
		dist_label(key, buf, sizeof(buf));
		json_object_set_new(o, "bin", json_string(buf));
		json_object_set_new(o, "from_km", json_real(rf_cmp_dist_edges_km[key]));
		json_object_set_new(o, "to_km", isinf(rf_cmp_dist_edges_km[key + 1])
						? json_null() : json_real(rf_cmp_dist_edges_km[key + 1]));
		json_array_append_new(x->dist, o);
	}
}

int rf_compare_write_json(const char *path, const struct rf_compare *c,
			  const struct rf_measurements *m, const struct rf_cells *cells,
			  const struct rf_workspace *ws, const struct rf_compare_options *o,
			  struct rf_error *err)
{
	struct rf_cmp_stats all;
	struct json_ctx x = { json_array(), json_array(), json_array(), cells, ws };
	json_t *root = json_object(), *files = json_array(), *ex = json_object();
	int rc = 0;

	for (int i = 0; i < m->n_files; i++)
		json_array_append_new(files, json_pack("{s:s, s:s}", "path", m->files[i], "format",
						       rf_measure_format_name(m->formats[i])));
	for (int r = 0; r < RF_MEAS_N_REASONS; r++)
		json_object_set_new(ex, rf_measure_reason_name((enum rf_measure_reason)r),
				    json_integer(m->excluded[r]));
	for (int r = 0; r < RF_CMP_N_EXCL; r++)
		json_object_set_new(ex, rf_cmp_excl_name((enum rf_cmp_excl)r),
				    json_integer(c->excluded[r]));
	rf_cmp_stats_compute(c->pts, c->n, NULL, &all);
	for_groups(c, (int)cells->count, json_group, &x);
	json_object_set_new(root, "rfplan_compare", json_true());
	json_object_set_new(root, "rfplan_version", json_string(rf_version()));
	json_object_set_new(root, "workspace", json_string(ws->dir));
	json_object_set_new(root, "measurement_files", files);
	json_object_set_new(root, "error_convention", json_string("error = predicted - measured"));
	json_object_set_new(root, "options",
			    json_pack("{s:f, s:f, s:b}", "min_distance_m", o->min_distance_m,
				      "floor_dbm", o->floor_dbm, "bin", o->bin));
	json_object_set_new(root, "rows_read", json_integer(m->n_rows));
	json_object_set_new(root, "measurements_kept", json_integer(c->n_measurements -
		c->excluded[0] - c->excluded[1] - c->excluded[2] - c->excluded[3]));
	json_object_set_new(root, "excluded", ex);
	json_object_set_new(root, "matched", json_pack("{s:I, s:I, s:I}", "own_cell",
						       (json_int_t)c->n_cell, "best_server",
						       (json_int_t)c->n_best, "id_not_in_cells",
						       (json_int_t)c->n_id_unknown));
	json_object_set_new(root, "points", json_integer((json_int_t)c->n));
	json_object_set_new(root, "overall", stats_json(&all));
	/* one offset per cell removed: the std a planner reads when the cells'
	 * EIRPs are unknown (doc/calibration.md) */
	rf_cmp_stats_offset_removed(c->pts, c->n, (int)cells->count, &all);
	json_object_set_new(root, "overall_offset_removed", stats_json(&all));
	json_object_set_new(root, "per_cell", x.cells);
	json_object_set_new(root, "per_clutter_class", x.classes);
	json_object_set_new(root, "per_distance", x.dist);
	/* the files of the output directory (cmd_compare.c's write_outputs):
	 * a later --force removes only these (rf_outdir_begin) */
	json_object_set_new(root, "outputs", json_pack("[s,s,s,s,s,s]", "compare.json",
							"points.gpkg", "points.qml", "scatter.png",
							"histogram.png", "error_distance.png"));
	rc = rf_out_write_json(path, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, err);
	json_decref(root);
	return rc;
}

static void row(FILE *f, const char *label, const struct rf_cmp_stats *s)
{
	char c[16];
	if (isfinite(s->corr))
		snprintf(c, sizeof(c), "%.3f", s->corr);
	else
		snprintf(c, sizeof(c), "-");
	fprintf(f, "  %-28.28s %7ld %8.2f %7.2f %7.2f %7s\n", label, s->n, s->mean_db, s->std_db,
		s->rmse_db, c);
}

struct print_ctx {
	FILE *f;
	int last_kind;
	const struct rf_cells *cs;
	const struct rf_workspace *ws;
};

static void print_group(void *vctx, int kind, int key, const struct rf_cmp_stats *s)
{
	static const char *const heads[] = { "per cell", "per clutter class", "per distance" };
	struct print_ctx *x = vctx;
	char buf[96];
	if (kind != x->last_kind)
		fprintf(x->f, "%s\n", heads[kind]);
	x->last_kind = kind;
	if (kind == 0)
		snprintf(buf, sizeof(buf), "%s/%s", x->cs->items[key].site_id,
			 x->cs->items[key].cell_id);
	else if (kind == 1)
		snprintf(buf, sizeof(buf), "%d %s", key, class_name(x->ws, key));
	else
		dist_label(key, buf, sizeof(buf));
	row(x->f, buf, s);
}

void rf_compare_print(FILE *f, const struct rf_compare *c, const struct rf_measurements *m,
		      const struct rf_cells *cells, const struct rf_workspace *ws)
{
	struct rf_cmp_stats all;
	struct print_ctx x = { f, -1, cells, ws };
	long excl = 0;
	for (int r = 0; r < RF_MEAS_N_REASONS; r++)
		excl += m->excluded[r];
	fprintf(f, "measurements: %ld rows read, %ld excluded by the reader", m->n_rows, excl);
	for (int r = 0; r < RF_MEAS_N_REASONS; r++)
		if (m->excluded[r])
			fprintf(f, "; %s %ld", rf_measure_reason_name((enum rf_measure_reason)r),
				m->excluded[r]);
	fprintf(f, "\n");
	fprintf(f, "compared: %ld", c->n_cell + c->n_best);
	for (int r = 0; r < RF_CMP_N_EXCL; r++)
		if (c->excluded[r])
			fprintf(f, "; excluded %s %ld", rf_cmp_excl_name((enum rf_cmp_excl)r),
				c->excluded[r]);
	fprintf(f, "\nmatched: %ld with their own cell, %ld with the best server", c->n_cell,
		c->n_best);
	if (c->n_id_unknown)
		fprintf(f, " (%ld carried a cell id or PCI matching no single cell)",
			c->n_id_unknown);
	fprintf(f, "\npoints: %zu%s; error = predicted - measured, dB\n", c->n,
		c->n < (size_t)(c->n_cell + c->n_best) ? " (averaged per pixel and cell)" : "");
	fprintf(f, "  %-28s %7s %8s %7s %7s %7s\n", "", "count", "mean", "std", "rmse", "corr");
	rf_cmp_stats_compute(c->pts, c->n, NULL, &all);
	row(f, "overall", &all);
	rf_cmp_stats_offset_removed(c->pts, c->n, (int)cells->count, &all);
	row(f, "offset removed (per cell)", &all);
	for_groups(c, (int)cells->count, print_group, &x);
}

/* The files of `rfplan optimize` (doc/planning.md): cells_optimized.csv,
 * changes.csv, optimize.json, and the constraints CSV it reads. */
#include "optimize_priv.h"
#include "engine/run_manifest.h"
#include "rfplan/csvtab.h"
#include "core/output_util.h"
#include "core/util.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers with 17 significant digits: read back as the same double, so
 * predict on the file computes what the search did. */
static int write_cells(FILE *f, const void *ctx)
{
	const struct rf_cells *cs = ctx;
	int bad = fputs("site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,"
			"tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,"
			"pci\n", f) < 0;
	for (size_t i = 0; i < cs->count && !bad; i++) {
		const struct rf_cell *c = &cs->items[i];
		char *abs = c->antenna_path ? realpath(c->antenna_path, NULL) : NULL;
		bad |= rf_csv_write_field(f, c->site_id) || fputc(',', f) == EOF ||
		       rf_csv_write_field(f, c->cell_id) ||
		       fprintf(f, ",%.17g,%.17g,%.17g,", c->azimuth_deg, c->height_agl_m,
			       c->mech_tilt_deg) < 0 ||
		       rf_csv_write_field(f, abs ? abs : c->antenna_path ? c->antenna_path
									 : c->antenna_spec) ||
		       fprintf(f, ",%.17g,%.17g,", c->gain_dbi, c->tx_power_dbm) < 0;
		free(abs);
		if (!bad && c->rs_epre_given)
			bad |= fprintf(f, "%.17g", c->rs_epre_dbm) < 0;
		bad |= fprintf(f, ",%.17g,%.17g,%.17g,", c->frequency_mhz, c->bandwidth_mhz,
			       c->feeder_loss_db) < 0;
		if (!bad && c->pci >= 0)
			bad |= fprintf(f, "%d", c->pci) < 0;
		bad |= fputc('\n', f) == EOF;
	}
	return bad ? -1 : 0;
}

int rf_opt_write_cells(const char *path, const struct rf_cells *cells, struct rf_error *err)
{
	return rf_out_write_text(path, write_cells, cells, err);
}

static const char *const param_names[RF_OPT_NPARAMS] = { "mech_tilt_deg", "azimuth_deg",
							  "tx_power_dbm" };

static int write_changes(FILE *f, const void *ctx)
{
	const struct rf_opt_state *st = ctx;
	int bad = fputs("site_id,cell_id,parameter,before,after\n", f) < 0;
	for (size_t i = 0; i < st->cells->count && !bad; i++) {
		const struct rf_cell *c = &st->cells->items[i], *s = &st->start[i];
		const double before[] = { s->mech_tilt_deg, s->azimuth_deg, s->tx_power_dbm };
		const double after[] = { c->mech_tilt_deg, c->azimuth_deg, c->tx_power_dbm };
		for (int p = 0; p < RF_OPT_NPARAMS && !bad; p++)
			if (before[p] != after[p])
				bad |= rf_csv_write_field(f, c->site_id) || fputc(',', f) == EOF ||
				       rf_csv_write_field(f, c->cell_id) ||
				       fprintf(f, ",%s,%.17g,%.17g\n", param_names[p], before[p],
					       after[p]) < 0;
	}
	return bad ? -1 : 0;
}

int rf_opt_write_changes(const char *path, const struct rf_opt_state *st, struct rf_error *err)
{
	return rf_out_write_text(path, write_changes, st, err);
}

static json_t *figures_json(const struct rf_opt_figures *f)
{
	return json_pack("{s:f,s:f,s:f,s:f,s:f,s:f}", "objective", f->objective,
			 "rsrp_area_km2", f->rsrp_area_km2, "sinr_area_km2", f->sinr_area_km2,
			 "served_area_km2", f->served_area_km2, "overshoot_area_km2",
			 f->overshoot_area_km2, "weight_served", f->weight_served);
}

int rf_opt_write_json(const char *path, const struct rf_opt_state *st, struct rf_error *err)
{
	const struct rf_optimize_options *o = st->o;
	const struct rf_optimize_result *r = st->res;
	json_t *root = json_pack("{s:b,s:{s:f,s:f,s:f,s:f,s:s?},s:I,s:i,s:o,s:o,s:i,s:i,s:I,s:f}",
				 "rfplan_optimize", 1, "objective", "rsrp_threshold_dbm",
				 o->rsrp_threshold_dbm, "sinr_threshold_db", o->sinr_threshold_db,
				 "overshoot_km", o->overshoot_km, "overshoot_penalty",
				 o->overshoot_penalty, "weight", o->weight_path, "seed", (json_int_t)o->seed, "max_passes",
				 o->max_passes, "before", figures_json(&r->before), "after",
				 figures_json(&r->after), "passes", r->passes, "changes", r->changes,
				 "candidates", (json_int_t)r->candidates, "search_s", r->search_s);
	int rc;
	if (!root)
		return rf_error_set(err, "%s: cannot build the JSON", path);
	/* where each cell's loss came from, for the search and for the maps
	 * (run.json's format), and the seconds of the three steps */
	json_object_set_new(root, "pathloss_matrices", rf_run_matrices_json(st->cells, &st->losses));
	json_object_set_new(root, "maps_pathloss_matrices",
			    rf_run_matrices_json(st->cells, &st->maps));
	json_object_set_new(root, "timings_s",
			    json_pack("{s:f,s:f,s:f}", "pathloss", r->pathloss_s, "search",
				      r->search_s, "maps", r->maps_s));
	rc = rf_out_write_json(path, root, JSON_INDENT(2), err);
	json_decref(root);
	return rc;
}

static const char *const constraint_cols[] = { "site_id", "cell_id", "tilt_min", "tilt_max",
					       "azimuth_delta", "power_min_db", "power_max_db",
					       NULL };

/* One optional number: 1 read, 0 empty, -1 with err. */
static int field(const struct rf_csv_table *t, size_t row, const char *name, double lo,
		 double hi, double *out, struct rf_error *err)
{
	int col = rf_csv_column(t, name);
	if (col < 0 || !*rf_csv_field(t, row, col))
		return 0;
	if (rf_csv_double(t, row, col, out, err))
		return -1;
	if (*out < lo || *out > hi)
		return rf_error_set(err, "%s:%ld: column %s: %g is outside %g..%g", t->path,
				    t->rows[row].line, name, *out, lo, hi);
	return 1;
}

/* A row's limits over the defaults l; empty fields keep them. */
static int row_limits(const struct rf_csv_table *t, size_t row, struct rf_opt_limits *l,
		      struct rf_error *err)
{
	int a = field(t, row, "tilt_min", -90, 90, &l->tilt_min_deg, err), b, c, d, e;
	if (a < 0 || (b = field(t, row, "tilt_max", -90, 90, &l->tilt_max_deg, err)) < 0 ||
	    (c = field(t, row, "azimuth_delta", 0, 180, &l->azimuth_delta_deg, err)) < 0 ||
	    (d = field(t, row, "power_min_db", -60, 60, &l->power_min_db, err)) < 0 ||
	    (e = field(t, row, "power_max_db", -60, 60, &l->power_max_db, err)) < 0)
		return -1;
	if (a != b)
		return rf_error_set(err, "%s:%ld: tilt_min and tilt_max go together", t->path,
				    t->rows[row].line);
	if (d != e)
		return rf_error_set(err, "%s:%ld: power_min_db and power_max_db go together",
				    t->path, t->rows[row].line);
	if ((a && l->tilt_min_deg > l->tilt_max_deg) || (d && l->power_min_db > l->power_max_db))
		return rf_error_set(err, "%s:%ld: a minimum above its maximum", t->path,
				    t->rows[row].line);
	l->tilt |= a;
	l->power |= d;
	(void)c;
	return 0;
}

int rf_opt_read_constraints(struct rf_opt_state *st, struct rf_error *err)
{
	struct rf_csv_table t;
	int rc = 0, cs, cc;
	if (!st->o->constraints_path)
		return 0;
	if (rf_csv_read(st->o->constraints_path, &t, err))
		return -1;
	cs = rf_csv_column(&t, "site_id");
	cc = rf_csv_column(&t, "cell_id");
	if (rf_csv_check_columns(&t, constraint_cols, err))
		rc = -1;
	else if (cs < 0)
		rc = rf_error_set(err, "%s: no column site_id", t.path);
	for (size_t r = 0; r < t.n_rows && !rc; r++) {
		const char *site = rf_csv_field(&t, r, cs), *cell = rf_csv_field(&t, r, cc);
		int found = 0;
		for (size_t i = 0; i < st->cells->count && !rc; i++) {
			const struct rf_cell *c = &st->cells->items[i];
			if (strcmp(c->site_id, site) || (*cell && strcmp(c->cell_id, cell)))
				continue;
			found = 1;
			rc = row_limits(&t, r, &st->limits[i], err);
		}
		if (!rc && !found)
			rc = rf_error_set(err, "%s:%ld: no cell %s%s%s", t.path, t.rows[r].line,
					  site, *cell ? "/" : "", cell);
	}
	rf_csv_free(&t);
	return rc;
}

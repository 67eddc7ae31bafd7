/* rfplan calibrate's outputs: the SPM model file with its report, the
 * calibrated class table, and the printed summary. */
#include "rfplan/version.h"
#include "rfplan/calibrate.h"
#include "core/mkdir_parents.h"
#include "core/output_util.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const knames[RF_CALIB_NK] = { "k1", "k2", "k3", "k4", "k5", "k6", "k7" };

static void kvals(const struct rf_spm_coeffs *k, double K[RF_CALIB_NK])
{
	K[0] = k->k1; K[1] = k->k2; K[2] = k->k3; K[3] = k->k4;
	K[4] = k->k5; K[5] = k->k6; K[6] = k->k7;
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

/* The model keys of one fit (model, k1..k7, distance_unit) and its report
 * ("calibration") into root. */
static void fit_json(json_t *root, const struct rf_calib_result *r,
		     const struct rf_calib_options *o, const char *class_csv)
{
	double K[RF_CALIB_NK], K0[RF_CALIB_NK];
	json_t *cal = json_object(), *fitted = json_array();
	json_t *fixed = json_object(), *se = json_object(), *start = json_object();

	kvals(&r->fitted, K);
	kvals(&r->start, K0);
	json_object_set_new(root, "model", json_string("spm"));
	for (int j = 0; j < RF_CALIB_NK; j++) {
		json_object_set_new(root, knames[j], json_real(K[j]));
		json_object_set_new(start, knames[j], json_real(K0[j]));
		if (r->fitted_k[j]) {
			json_array_append_new(fitted, json_string(knames[j]));
			json_object_set_new(se, knames[j], num_or_null(r->std_error[j]));
		} else {
			json_object_set_new(fixed, knames[j], json_string(r->reason[j]));
		}
	}
	json_object_set_new(root, "distance_unit", json_string(r->fitted.distance_km ? "km" : "m"));
	json_object_set_new(cal, "rfplan_version", json_string(rf_version()));
	json_object_set_new(cal, "error_convention", json_string("error = predicted - measured"));
	json_object_set_new(cal, "points", json_integer(r->n_points));
	json_object_set_new(cal, "start", start);
	json_object_set_new(cal, "fitted", fitted);
	json_object_set_new(cal, "fixed", fixed);
	json_object_set_new(cal, "std_error", se);
	/* collinearity, bounds and stability per coefficient (calibrate.h) */
	json_t *vif = json_object(), *range = json_object(), *bound = json_array();
	json_t *unstable = json_array();
	for (int j = 0; j < RF_CALIB_NK; j++) {
		if (r->fitted_k[j] && j > 0)
			json_object_set_new(vif, knames[j], num_or_null(r->vif[j]));
		if (r->fitted_k[j])
			json_object_set_new(range, knames[j], num_or_null(r->fold_range[j]));
		if (r->at_bound[j])
			json_array_append_new(bound, json_string(knames[j]));
		if (r->unstable[j])
			json_array_append_new(unstable, json_string(knames[j]));
	}
	json_object_set_new(cal, "variance_inflation_factor", vif);
	json_object_set_new(cal, "at_bound", bound);
	json_object_set_new(cal, "fold_range", range);
	json_object_set_new(cal, "unstable_across_folds", unstable);
	json_object_set_new(cal, "before", stats_json(&r->before));
	json_object_set_new(cal, "after_in_sample", stats_json(&r->after));
	json_object_set_new(cal, "heldout", stats_json(&r->heldout));
	json_object_set_new(cal, "folds", json_integer(r->folds));
	static const char *const by_name[] = { "blocks", "file", "cell", "site", "day", "time",
					       "column" };
	json_object_set_new(cal, "folds_by", json_string(by_name[r->folds_by]));
	if (r->folds_by == RF_CALIB_FOLDS_TIME)
		json_object_set_new(cal, "fold_block_s", json_real(o->fold_block_s));
	if (r->folds_by == RF_CALIB_FOLDS_COLUMN && o->fold_column)
		json_object_set_new(cal, "fold_column", json_string(o->fold_column));
	if (r->n_groups) {   /* leave-one-group-out: each group's held-out figures */
		json_t *g = json_array();
		for (int k = 0; k < r->n_groups; k++) {
			json_t *gj = stats_json(&r->groups[k].heldout);
			json_object_set_new(gj, "name", json_string(r->groups[k].name));
			json_array_append_new(g, gj);
		}
		json_object_set_new(cal, "heldout_by_group", g);
	}
	json_object_set_new(cal, "points_at_free_space_floor", json_integer(r->n_floor));
	json_object_set_new(cal, "class_losses_fitted", json_boolean(o->classes));
	if (o->classes)
		json_object_set_new(cal, "class_weight_points", json_real(o->class_weight));
	json_t *cl = json_array();
	for (int k = 0; k < r->n_classes; k++)
		json_array_append_new(cl, json_pack("{s:i, s:s, s:I, s:f, s:f}", "code",
						    r->classes[k].code, "name", r->classes[k].name,
						    "points", (json_int_t)r->classes[k].n,
						    "default_loss_db", r->classes[k].default_loss_db,
						    "loss_db", r->classes[k].loss_db));
	json_object_set_new(cal, "clutter_classes", cl);
	static const char *const off_by[] = { "none", "cell", "site", "column" };
	json_object_set_new(cal, "offset_by", json_string(off_by[o->offset_by]));
	if (o->offset_by == RF_CALIB_OFFSET_COLUMN) {   /* each value's offset */
		json_t *gv = json_array();
		for (int g = 0; g < r->n_offsets; g++)
			json_array_append_new(gv, json_pack("{s:s, s:f, s:o, s:I}", "value",
							    r->offsets[g].group, "offset_db",
							    r->offsets[g].offset_db, "std_error_db",
							    num_or_null(r->offsets[g].std_error_db),
							    "points", (json_int_t)r->offsets[g].n));
		json_object_set_new(cal, "offset_groups", gv);
	}
	if (r->n_offsets) {
		json_object_set_new(cal, "offset_prior_sigma_db", json_real(o->offset_sigma_db));
		json_object_set_new(cal, "offset_ridge_weight_points", num_or_null(r->offset_lambda));
	}
	json_object_set_new(cal, "class_table", class_csv ? json_string(class_csv) : json_null());
	json_object_set_new(root, "calibration", cal);
}

/* One "cell_offsets" entry. */
static json_t *offset_json(const struct rf_calib_offset *e)
{
	json_t *eo = json_object();
	json_object_set_new(eo, "site_id", json_string(e->site_id));
	if (e->cell_id)
		json_object_set_new(eo, "cell_id", json_string(e->cell_id));
	json_object_set_new(eo, "offset_db", json_real(e->offset_db));
	json_object_set_new(eo, "std_error_db", num_or_null(e->std_error_db));
	json_object_set_new(eo, "points", json_integer(e->n));
	if (e->group)
		json_object_set_new(eo, "group", json_string(e->group));
	return eo;
}

int rf_calib_write_json(const char *path, const struct rf_calib_bands *b,
			const struct rf_calib_options *o, const char *class_csv,
			struct rf_error *err)
{
	json_t *root = json_object(), *bands = json_array(), *offs = json_array();
	struct rf_made_dirs made = { NULL, 0 };
	FILE *f;
	char *tmp;

	/* the top level: the band with the most points (a plain SPM model
	 * file for readers that know no bands) */
	fit_json(root, &b->items[b->main].r, o, class_csv);
	for (int i = 0; i < b->n; i++) {
		const struct rf_calib_band *band = &b->items[i];
		if (!band->fitted)
			continue;
		json_t *bj = json_object();
		json_object_set_new(bj, "frequency_min_mhz", json_real(band->freq_min_mhz));
		json_object_set_new(bj, "frequency_max_mhz", json_real(band->freq_max_mhz));
		fit_json(bj, &band->r, o, NULL);
		json_object_del(bj, "model");
		json_object_del(bj, "distance_unit");
		json_object_set_new(bj, "points", json_integer(band->n_points));
		json_array_append_new(bands, bj);
		/* each cell's offset from the fit of its own band (per column
		 * value: each cell's from its group's) */
		const struct rf_calib_offset *list = band->r.n_cell_offsets ? band->r.cell_offsets
									      : band->r.offsets;
		int n_list = band->r.offset_by == RF_CALIB_OFFSET_COLUMN ? band->r.n_cell_offsets
									 : band->r.n_offsets;
		for (int g = 0; g < n_list; g++) {
			const struct rf_calib_offset *e = &list[g];
			if (e->freq_mhz >= band->freq_min_mhz && e->freq_mhz <= band->freq_max_mhz)
				json_array_append_new(offs, offset_json(e));
		}
	}
	json_object_set_new(root, "bands", bands);
	if (json_array_size(offs))   /* rf_spm_load_offsets reads them */
		json_object_set_new(root, "cell_offsets", offs);
	else
		json_decref(offs);

	if (rf_mkdir_parents(path, &made, err))
		return json_decref(root), -1;
	tmp = rf_out_tmp_create(path, &f, err);
	if (!tmp) {
		json_decref(root);
		rf_made_dirs_undo(&made);
		return -1;
	}
	int bad = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || fputc('\n', f) < 0;
	bad |= fclose(f) != 0;
	json_decref(root);
	if (bad) {
		rf_out_abort(tmp);
		rf_made_dirs_undo(&made);
		return rf_error_set(err, "%s: cannot write", path);
	}
	/* nothing in place after a failure: the directories made go too */
	if (rf_out_commit(tmp, path, err)) {
		rf_made_dirs_undo(&made);
		return -1;
	}
	rf_made_dirs_keep(&made);
	return 0;
}

int rf_calib_write_classes(const char *path, const struct rf_calib_result *r,
			   const struct rf_class_table *classes, struct rf_error *err)
{
	struct rf_class_table t;
	struct rf_made_dirs made = { NULL, 0 };
	if (rf_mkdir_parents(path, &made, err))
		return -1;
	t.count = classes->count;
	t.items = rf_xcalloc(t.count ? t.count : 1, sizeof(*t.items));
	for (size_t i = 0; i < t.count; i++) {
		t.items[i] = classes->items[i];
		for (int k = 0; k < r->n_classes; k++)
			if (r->classes[k].code == t.items[i].code)
				t.items[i].loss_db = r->classes[k].loss_db;
	}
	int rc = rf_class_table_write(path, &t, err);
	free(t.items);   /* the names are borrowed */
	if (rc)
		rf_made_dirs_undo(&made);   /* nothing written: no directory left */
	else
		rf_made_dirs_keep(&made);
	return rc;
}

static void stats_row(FILE *f, const char *what, const struct rf_cmp_stats *s)
{
	fprintf(f, "  %-34s %6ld %8.2f %7.2f %7.2f", what, s->n, s->mean_db, s->std_db,
		s->rmse_db);
	if (isfinite(s->corr))
		fprintf(f, " %7.3f\n", s->corr);
	else
		fprintf(f, " %7s\n", "-");
}

void rf_calib_print(FILE *f, const struct rf_calib_result *r)
{
	double K[RF_CALIB_NK], K0[RF_CALIB_NK];
	kvals(&r->fitted, K);
	kvals(&r->start, K0);
	fprintf(f, "SPM coefficients (d in %s):\n", r->fitted.distance_km ? "km" : "m");
	for (int j = 0; j < RF_CALIB_NK; j++) {
		if (r->fitted_k[j]) {
			fprintf(f, "  %s %10.3f  (start %8.3f, std error %.3f", knames[j], K[j],
				K0[j], r->std_error[j]);
			if (j > 0 && isfinite(r->vif[j]))
				fprintf(f, ", VIF %.1f", r->vif[j]);
			if (r->unstable[j])
				fprintf(f, "; varies by %.3f across the folds, more than its std "
					"error", r->fold_range[j]);
			fprintf(f, ")\n");
		}
		else
			fprintf(f, "  %s %10.3f  fixed: %s\n", knames[j], K[j], r->reason[j]);
	}
	for (int k = 0; k < r->n_classes; k++)
		if (r->classes[k].n || r->classes[k].loss_db != r->classes[k].default_loss_db)
			fprintf(f, "  class %d %-24s %6ld points  loss %6.2f dB (default %.2f)\n",
				r->classes[k].code, r->classes[k].name, r->classes[k].n,
				r->classes[k].loss_db, r->classes[k].default_loss_db);
	if (r->n_offsets) {
		int big = 0;
		double s2 = 0;
		long with = 0;
		for (int g = 0; g < r->n_offsets; g++) {
			if (!r->offsets[g].n)
				continue;
			with++;
			s2 += r->offsets[g].offset_db * r->offsets[g].offset_db;
			if (fabs(r->offsets[g].offset_db) > fabs(r->offsets[big].offset_db) ||
			    !r->offsets[big].n)
				big = g;
		}
		fprintf(f, "  offsets: %d %s (%ld with points), rms %.2f dB, ridge weight %.1f "
			"points; largest %s%s%s %+.2f dB (std error %.2f, %ld points)\n",
			r->n_offsets, r->offset_by == RF_CALIB_OFFSET_COLUMN ? "column values"
			: r->offsets[0].cell_id ? "cells" : "sites", with,
			with ? sqrt(s2 / (double)with) : 0.0, r->offset_lambda,
			r->offsets[big].site_id, r->offsets[big].cell_id ? "/" : "",
			r->offsets[big].cell_id ? r->offsets[big].cell_id : "",
			r->offsets[big].offset_db, r->offsets[big].std_error_db, r->offsets[big].n);
	}
	fprintf(f, "error = predicted - measured, dB      count     mean     std    rmse    corr\n");
	stats_row(f, "before (starting model)", &r->before);
	stats_row(f, "after, on the points fitted", &r->after);
	char what[64];
	static const char *const unit[] = { "block", "file", "cell", "site", "day",
					    "time block", "value of" };
	if (r->n_groups && r->folds_by == RF_CALIB_FOLDS_COLUMN)
		snprintf(what, sizeof(what), "after, held out, one %s out", r->fold_column);
	else if (r->n_groups)
		snprintf(what, sizeof(what), "after, held out, one %s out", unit[r->folds_by]);
	else
		snprintf(what, sizeof(what), "after, held out (%d-fold)", r->folds);
	stats_row(f, what, &r->heldout);
	if (r->n_groups > RF_CALIB_PRINT_GROUPS)
		fprintf(f, "  (%d groups held out one at a time: each one's figures in the "
			"file's calibration.heldout_by_group)\n", r->n_groups);
	for (int k = 0; k < r->n_groups && r->n_groups <= RF_CALIB_PRINT_GROUPS; k++) {
		const char *nm = r->groups[k].name, *slash = strrchr(nm, '/');
		char label[64];
		/* a file by its base name, a cell or site by its id */
		snprintf(label, sizeof(label), "  held out: %s",
			 r->folds_by == RF_CALIB_FOLDS_FILE && slash ? slash + 1 : nm);
		stats_row(f, label, &r->groups[k].heldout);
	}
	if (r->n_floor)
		fprintf(f, "note: %ld points are at the free-space floor under the fitted model\n",
			r->n_floor);
}

/* The whole `rfplan calibrate` (rf_calibrate_run): read the workspace,
 * cells, request and measurements, evaluate the points (rf_compare_points),
 * fit (rf_calibrate_spm_bands), write the model file and class table; the
 * sequence the CLI used to hold (doc/design.md, "Thin commands"). */
#include "rfplan/calibrate.h"
#include "rfplan/interrupt.h"
#include "core/mkdir_parents.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "DIR/stem.json" -> "DIR/stem_classes.csv". */
static char *classes_path(const char *out)
{
	size_t n = strlen(out);
	char *p = rf_xmalloc(n + 16);
	const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
	if (dot && (!slash || dot > slash))
		n = (size_t)(dot - out);
	snprintf(p, n + 16, "%.*s_classes.csv", (int)n, out);
	return p;
}

/* Each fitted band's report on f. */
static void report_bands(FILE *f, const struct rf_calib_bands *res)
{
	for (int b = 0; b < res->n; b++) {
		if (!res->items[b].fitted)
			continue;
		if (res->n > 1)
			fprintf(f, "band %g-%g MHz, %ld points%s:\n", res->items[b].freq_min_mhz,
				res->items[b].freq_max_mhz, res->items[b].n_points,
				b == res->main ? " (the file's top-level coefficients)" : "");
		rf_calib_print(f, &res->items[b].r);
	}
}

int rf_calibrate_run(const struct rf_calibrate_job *j, FILE *report, struct rf_log *log,
		     struct rf_error *err)
{
	struct rf_workspace ws;
	struct rf_cells cells;
	struct rf_measurements m;
	struct rf_compare c;
	struct rf_calib_bands res;
	struct rf_run_request req;
	struct rf_calib_options ko = j->ko;
	char *csv = NULL, *run_json = NULL;
	int have_ws = 0, rc = -1, csv_written = 0;
	struct rf_made_dirs made = { NULL, 0 };   /* -o's missing parents */

	memset(&cells, 0, sizeof(cells));
	memset(&c, 0, sizeof(c));
	memset(&res, 0, sizeof(res));
	memset(&req, 0, sizeof(req));
	rf_measurements_init(&m);
	req.po = *j->po;   /* the caller's (borrowed); run.json's replaces it */
	if (j->prediction)
		run_json = rf_path_join(j->prediction, "run.json");
	if (rf_workspace_open(j->workdir, &ws, err))
		goto out;
	have_ws = 1;
	if (rf_compare_load_cells(&ws, j->cells_path, j->defaults, run_json, &cells, log, err))
		goto out;
	if (run_json) {
		if (rf_compare_run_options(run_json, &cells, &req, err))
			goto out;
		if (req.po.engine.model.model != RF_MODEL_SPM) {
			rf_error_set(err, "%s: the prediction's model is %s: --prediction takes an "
				     "rfplan predict --model spm output", run_json,
				     rf_model_name(req.po.engine.model.model));
			goto out;
		}
	}
	req.po.engine.threads = j->threads;
	/* the class table's losses are the fixed part only without P.2108 */
	const struct rf_engine_options *eo = &req.po.engine;
	int class_losses = eo->use_clutter && ws.has_clutter &&
			   eo->clutter_loss == RF_CLUTTER_LOSS_NONE;
	if (ko.classes && eo->clutter_loss == RF_CLUTTER_LOSS_P2108) {
		rf_error_set(err, "option --classes fits the class table's loss_db, which the "
			     "prediction's --clutter-loss p2108 does not use");
		goto out;
	}
	if (rf_compare_read_measurements(&j->meas, &m, log, err))
		goto out;
	ko.file_names = (const char *const *)m.files;
	ko.n_files = m.n_files;
	if (rf_compare_points(&ws, &cells, &req.po, NULL, &m, &j->co, &c, log, err) ||
	    rf_calibrate_spm_bands(&c, &cells, &eo->model.spm, class_losses ? &ws.classes : NULL,
				   &ko, &res, err) ||
	    rf_interrupt_check(err))   /* before any file is written */
		goto out;
	for (int b = 0; b < res.n; b++)
		if (!res.items[b].fitted)
			rf_warn(log, "band %g-%g MHz: %ld points, too few to calibrate (want >= %d): "
				"its cells are not in the model file", res.items[b].freq_min_mhz,
				res.items[b].freq_max_mhz, res.items[b].n_points, RF_CALIB_MIN_POINTS);
	if (ko.classes && !class_losses)
		rf_warn(log, "--classes: the workspace has no clutter (or --no-clutter): no class "
			"loss fitted");
	/* the files' missing parents, removed again if a write fails */
	if (rf_mkdir_parents(j->out, &made, err))
		goto out;
	if (ko.classes && res.items[res.main].r.n_classes) {
		csv = classes_path(j->out);
		if (rf_calib_write_classes(csv, &res.items[res.main].r, &ws.classes, err))
			goto out;
		csv_written = 1;
	}
	if (rf_calib_write_json(j->out, &res, &ko, csv, err))
		goto out;
	if (report)
		report_bands(report, &res);
	rf_info(log, "%s: calibrated SPM (rfplan predict --model spm --spm-file %s)%s%s", j->out,
		j->out, csv ? "; class table " : "", csv ? csv : "");
	rc = 0;
out:
	if (rc) {
		if (csv_written)
			remove(csv);
		rf_made_dirs_undo(&made);
		rf_interrupt_note(err, j->out);
	} else
		rf_made_dirs_keep(&made);
	rf_calib_bands_free(&res);
	rf_run_request_free(&req);
	free(run_json);
	rf_compare_free(&c);
	rf_measurements_free(&m);
	rf_cells_free(&cells);
	if (have_ws)
		rf_workspace_close(&ws);
	free(csv);
	return rc;
}

/* The whole `rfplan compare` (rf_compare_run) and the measurement reading
 * it shares with `rfplan calibrate` (rf_compare_read_measurements): the
 * sequence the CLI used to hold, so that the command only parses its
 * options and calls one function (doc/design.md, "Thin commands"). */
#include "rfplan/compare.h"
#include "rfplan/interrupt.h"
#include "rfplan/outdir.h"
#include "rfplan/predict_run.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int rf_compare_read_measurements(const struct rf_meas_source *src, struct rf_measurements *out,
				 struct rf_log *log, struct rf_error *err)
{
	if (rf_measurements_check_memory(src->files, src->n_files,
					 rf_compare_point_bytes(), err))
		return -1;
	for (int i = 0; i < src->n_files; i++)
		if (rf_measurements_read(out, src->files[i], src->format, src->cols, err))
			return -1;
	for (int r = 0; r < RF_MEAS_N_REASONS; r++)
		if (out->excluded[r])
			rf_warn(log, "%ld rows excluded: %s (first: %s:%ld)", out->excluded[r],
				rf_measure_reason_name((enum rf_measure_reason)r),
				out->files[out->first_file[r]], out->first_line[r]);
	return 0;
}

/* compare.h.  The cells: cells_path, else the file its run.json names, else
 * one default cell per site; without a prediction directory predict's own
 * rule (rf_predict_load_cells); located on the DEM. */
int rf_compare_load_cells(const struct rf_workspace *ws, const char *cells_path,
			  const struct rf_cell_defaults *defaults, const char *run_json,
			  struct rf_cells *cells, struct rf_log *log, struct rf_error *err)
{
	char *path = NULL, *dem = rf_workspace_path(ws, "dem.tif");
	int rc;
	if (!run_json) {
		rc = rf_predict_load_cells(ws, cells_path, defaults, &path, cells, log, err);
	} else {
		path = cells_path ? rf_xstrdup(cells_path) : rf_compare_run_cells_path(run_json);
		rc = path ? rf_cells_read(path, &ws->sites, defaults, cells, err)
			  : rf_cells_from_sites(&ws->sites, defaults, cells, err);
	}
	if (!rc)
		rc = rf_cells_locate(cells, dem, log, err);
	free(path);
	free(dem);
	return rc;
}

static int write_outputs(const char *dir, const struct rf_compare *c,
			 const struct rf_measurements *m, const struct rf_cells *cells,
			 const struct rf_workspace *ws, const struct rf_compare_options *co,
			 struct rf_error *err)
{
	char *json = rf_path_join(dir, "compare.json"), *gpkg = rf_path_join(dir, "points.gpkg");
	int rc = rf_compare_write_json(json, c, m, cells, ws, co, err) ||
		 rf_compare_write_gpkg(gpkg, c, m, cells, ws, err) ||
		 rf_compare_write_plots(dir, c, err);
	free(json);
	free(gpkg);
	return rc ? -1 : 0;
}

int rf_compare_run(const struct rf_compare_job *j, FILE *report, struct rf_log *log,
		   struct rf_error *err)
{
	struct rf_workspace ws;
	struct rf_cells cells;
	struct rf_measurements m;
	struct rf_cmp_maps maps;
	struct rf_compare c;
	struct rf_run_request req;
	struct rf_outdir *od = NULL;
	char *run_json = NULL, *outdir = NULL;
	int have_ws = 0, rc = -1;

	memset(&cells, 0, sizeof(cells));
	memset(&maps, 0, sizeof(maps));
	memset(&c, 0, sizeof(c));
	memset(&req, 0, sizeof(req));
	rf_measurements_init(&m);
	if (rf_workspace_open(j->workdir, &ws, err))
		goto out;
	have_ws = 1;
	run_json = j->predict_dir ? rf_path_join(j->predict_dir, "run.json") : NULL;
	outdir = j->outdir ? rf_xstrdup(j->outdir) : rf_workspace_path(&ws, "compare");
	if (rf_compare_load_cells(&ws, j->cells_path, j->defaults, run_json, &cells, log, err) ||
	    (run_json && rf_compare_run_options(run_json, &cells, &req, err)) ||
	    (!j->no_maps && rf_cmp_maps_read(j->predict_dir, &maps, err)) ||
	    rf_compare_read_measurements(&j->meas, &m, log, err))
		goto out;
	if (!run_json)   /* the caller's request (borrowed) */
		req.po = *j->po;
	req.po.engine.threads = j->threads;
	/* the output directory is checked (and locked) before the work */
	od = rf_outdir_begin(outdir, j->force ? RF_OUTDIR_FORCE : 0, log, err);
	if (!od || rf_compare_points(&ws, &cells, &req.po, j->no_maps ? NULL : &maps, &m, &j->co,
				     &c, log, err) ||
	    write_outputs(rf_outdir_tmp(od), &c, &m, &cells, &ws, &j->co, err))
		goto out;
	rc = rf_outdir_commit(od, err);
	od = NULL;
	if (rc)
		goto out;
	if (report)
		rf_compare_print(report, &c, &m, &cells, &ws);
	rf_info(log, "%s: compare.json, points.gpkg, scatter.png, histogram.png, "
		"error_distance.png", outdir);
out:
	if (rc) {
		rf_outdir_abort(od);
		if (outdir)
			rf_interrupt_note(err, outdir);
	}
	rf_compare_free(&c);
	rf_cmp_maps_free(&maps);
	rf_run_request_free(&req);   /* without run.json: owns nothing */
	rf_measurements_free(&m);
	rf_cells_free(&cells);
	if (have_ws)
		rf_workspace_close(&ws);
	free(run_json);
	free(outdir);
	return rc;
}

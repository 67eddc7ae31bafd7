/* run.json of rfplan predict (jansson): what was computed, from what, how,
 * and how long it took, so a result can be traced and reproduced. */
#include "rfplan/engine.h"
#include "rfplan/run_manifest.h"
#include "rfplan/predict.h"
#include "rfplan/gis.h"
#include "rfplan/output.h"
#include "rfplan/version.h"
#include "run_manifest.h"
#include "core/util.h"
#include "core/output_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* path's digest from ws's record: a file the run has hashed already (dem.tif
 * for the path-loss matrices and the hillshade) is not read again. */
static int add_input(json_t *arr, const struct rf_workspace *ws, const char *role,
		     const char *path, struct rf_error *err)
{
	char hex[65];
	struct stat st;
	if (stat(path, &st))
		return 0;  /* optional inputs (clutter, cells.csv) may be absent */
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(arr, i), "path")), path))
			return 0;
	if (rf_workspace_sha256(ws, path, hex, err))
		return -1;
	json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}", "role", role, "path", path,
					     "sha256", hex, "bytes", (json_int_t)st.st_size));
	return 0;
}

static json_t *inputs_json(const struct rf_workspace *ws, const char *cells_path,
			   const struct rf_cells *cells, struct rf_error *err)
{
	static const char *const files[][2] = {
		{ "manifest.json", "workspace manifest" }, { "dem.tif", "dem" },
		{ "clutter.tif", "clutter" }, { "clutter_classes.csv", "clutter classes" },
		{ "sites.csv", "sites" },
	};
	json_t *arr = json_array();
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = rf_workspace_path(ws, files[i][0]);
		int rc = add_input(arr, ws, files[i][1], p, err);
		free(p);
		if (rc)
			goto fail;
	}
	if (cells_path && add_input(arr, ws, "cells", cells_path, err))
		goto fail;
	for (size_t i = 0; i < cells->count; i++)
		if (cells->items[i].antenna_path &&
		    add_input(arr, ws, "antenna", cells->items[i].antenna_path, err))
			goto fail;
	return arr;
fail:
	json_decref(arr);
	return NULL;
}

static json_t *cells_json(const struct rf_cells *cs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < cs->count; i++) {
		const struct rf_cell *c = &cs->items[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:s, s:f,"
				      " s:f, s:f, s:b, s:f, s:f, s:i, s:f}",
				      "index", (json_int_t)i, "site_id", c->site_id,
				      "cell_id", c->cell_id, "lat_deg", c->lat_deg,
				      "lon_deg", c->lon_deg, "ground_m", c->ground_m,
				      "azimuth_deg", c->azimuth_deg, "height_agl_m", c->height_agl_m,
				      "mech_tilt_deg", c->mech_tilt_deg,
				      "antenna", c->antenna_spec, "gain_dbi", c->gain_dbi,
				      "tx_power_dbm", c->tx_power_dbm, "rs_epre_dbm", c->rs_epre_dbm,
				      "rs_epre_given", c->rs_epre_given,
				      "frequency_mhz", c->frequency_mhz,
				      "bandwidth_mhz", c->bandwidth_mhz, "n_rb", c->n_rb,
				      "feeder_loss_db", c->feeder_loss_db);
		json_object_set_new(o, "pci", c->pci >= 0 ? json_integer(c->pci) : json_null());
		json_object_set_new(o, "line", json_integer(c->line));
		/* for the sector wedges of a merge's coverage.gpkg (doc/outputs.md) */
		json_object_set_new(o, "beamwidth_deg", json_real(rf_cell_beamwidth_deg(c)));
		json_array_append_new(a, o);
	}
	return a;
}

void rf_run_json_results(json_t *root, const struct rf_grid *g, long pixels_computed,
			 const struct rf_predict_summary *sum, json_t *timings, int argc,
			 char **argv, json_t *warnings)
{
	json_t *arr;
	json_object_set_new(root, "grid", json_pack("{s:s, s:i, s:i, s:f, s:f, s:f, s:f}",
						    "crs", "EPSG:4326", "width", g->width,
						    "height", g->height, "west_deg", g->west_deg,
						    "north_deg", g->north_deg, "dlon_deg", g->dlon_deg,
						    "dlat_deg", g->dlat_deg));
	json_object_set_new(root, "pixels_computed", json_integer(pixels_computed));
	json_object_set_new(root, "pixels_served", json_integer(sum->pixels_served));
	json_object_set_new(root, "served_area_km2", json_real(sum->served_area_km2));
	json_object_set_new(root, "timings_s", timings);
	arr = json_array();
	for (int i = 0; i < argc; i++)
		json_array_append_new(arr, json_string(argv[i]));
	json_object_set_new(root, "command", arr);
	arr = json_array();
	for (int i = 0; i < sum->n_outputs; i++)
		json_array_append_new(arr, json_string(sum->outputs[i]));
	json_array_append_new(arr, json_string("run.json"));
	json_object_set_new(root, "outputs", arr);
	json_object_set_new(root, "warnings", warnings);
}

int rf_run_json_write(const char *path, json_t *root, struct rf_error *err)
{
	return rf_out_write_json(path, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, err);
}

/* Per cell, what its path loss came from (enum rf_matrix_use) and its
 * matrix's key (doc/engine.md, "Path-loss matrices"). */
json_t *rf_run_matrices_json(const struct rf_cells *cs, const struct rf_predict_summary *sum)
{
	static const char *const use[] = { "none", "computed", "reused", "off" };
	json_t *a = json_array();
	for (size_t i = 0; i < cs->count; i++) {
		const struct rf_cell *c = &cs->items[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?}", "site_id", c->site_id,
						   "cell_id", c->cell_id, "matrix",
						   use[sum->matrix[i] & 3], "key",
						   sum->matrix_key[i][0] ? sum->matrix_key[i] : NULL));
	}
	return a;
}

int rf_run_manifest_write(const char *path, const struct rf_workspace *ws,
			  const char *cells_path, const struct rf_cells *cells,
			  const struct rf_predict_options *o,
			  const struct rf_predict_summary *sum, int argc, char **argv,
			  const struct rf_log *log, struct rf_error *err)
{
	json_t *root, *inputs, *warnings;
	char when[32];
	int rc;

	inputs = inputs_json(ws, cells_path, cells, err);
	if (!inputs)
		return -1;
	rf_utc_stamp(when, sizeof(when));
	root = json_pack("{s:b, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
			 "rfplan_predict", 1, "rfplan_version", rf_version(),
			 "created_utc", when, "workspace", ws->dir, "inputs", inputs,
			 "model", rf_run_model_json(&o->engine.model),
			 "parameters", rf_run_params_json(o),
			 "cells", cells_json(cells));
	if (rf_run_json_set_workspace(root, path, ws->dir, err)) {
		json_decref(root);
		return -1;
	}
	if (sum->matrix)
		json_object_set_new(root, "pathloss_matrices", rf_run_matrices_json(cells, sum));
	warnings = json_array();
	for (size_t i = 0; log && i < log->n_warnings; i++)
		json_array_append_new(warnings, json_string(log->warnings[i]));
	rf_run_json_results(root, &sum->grid, sum->pixels_computed, sum,
			    json_pack("{s:f, s:f, s:f, s:f, s:f}", "locate", sum->t_locate_s,
				      "terrain", sum->t_terrain_s, "pathloss", sum->t_pathloss_s,
				      "combine", sum->t_combine_s, "write", sum->t_write_s),
			    argc, argv, warnings);
	rc = rf_run_json_write(path, root, err);
	json_decref(root);
	return rc;
}

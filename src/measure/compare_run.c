/* What rfplan compare reads from a prediction directory: its best-server
 * maps, and from run.json the options it was computed with (so a cell's
 * value at a point is the one its map would hold). */
#include "rfplan/input.h"
#include "rfplan/compare.h"
#include "rfplan/predict.h"
#include "rfplan/run_manifest.h"
#include "engine/run_manifest.h"
#include "core/util.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rf_cmp_maps_read(const char *dir, struct rf_cmp_maps *m, struct rf_error *err)
{
	char *p = rf_path_join(dir, "rsrp.tif");
	int rc;
	memset(m, 0, sizeof(*m));
	rc = rf_raster_read(p, 1, NULL, &m->rsrp, err);
	free(p);
	if (rc)
		return -1;
	p = rf_path_join(dir, "best_server.tif");
	rc = rf_class_raster_read(p, NULL, &m->best, err);
	if (!rc && (m->best.grid.width != m->rsrp.grid.width ||
		    m->best.grid.height != m->rsrp.grid.height))
		rc = rf_error_set(err, "%s: not on rsrp.tif's grid", p);
	free(p);
	if (rc)
		rf_cmp_maps_free(m);
	return rc;
}

void rf_cmp_maps_free(struct rf_cmp_maps *m)
{
	rf_raster_free(&m->rsrp);
	rf_class_raster_free(&m->best);
}

/* A number from obj[key]; missing keys leave *out. */
static int num(const char *path, json_t *obj, const char *key, double *out,
	       struct rf_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return 0;
	if (!json_is_number(v))
		return rf_error_set(err, "%s: '%s' is not a number", path, key);
	*out = json_number_value(v);
	return 0;
}

static int same(double a, double b)
{
	return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(b));
}

static int check_cells(const char *path, json_t *arr, const struct rf_cells *cells,
		       struct rf_error *err)
{
	if (!json_is_array(arr))
		return rf_error_set(err, "%s: no 'cells' array", path);
	if (json_array_size(arr) != cells->count)
		return rf_error_set(err, "%s: the prediction has %zu cells, the cells given %zu: "
				    "pass the --cells / --default-cell of the prediction", path,
				    json_array_size(arr), cells->count);
	for (size_t i = 0; i < cells->count; i++) {
		json_t *o = json_array_get(arr, i);
		const struct rf_cell *c = &cells->items[i];
		const char *site = json_string_value(json_object_get(o, "site_id"));
		const char *cell = json_string_value(json_object_get(o, "cell_id"));
		double h = NAN, f = NAN, p = NAN;
		num(path, o, "height_agl_m", &h, err);
		num(path, o, "frequency_mhz", &f, err);
		num(path, o, "rs_epre_dbm", &p, err);
		if (!site || !cell || strcmp(site, c->site_id) || strcmp(cell, c->cell_id) ||
		    !same(h, c->height_agl_m) || !same(f, c->frequency_mhz) ||
		    !same(p, c->rs_epre_dbm))
			return rf_error_set(err, "%s: cell %zu (%s/%s) differs from the cells given "
					    "(%s/%s, height, frequency or RS EPRE): pass the --cells "
					    "/ --default-cell of the prediction", path, i + 1,
					    site ? site : "?", cell ? cell : "?", c->site_id,
					    c->cell_id);
	}
	return 0;
}

int rf_compare_run_options(const char *path, const struct rf_cells *cells,
			   struct rf_run_request *req, struct rf_error *err)
{
	json_t *root = rf_run_json_open(path, err);
	int rc;
	memset(req, 0, sizeof(*req));
	if (!root)
		return -1;
	rc = rf_run_request_from_json(path, root, req, err) ||
	     check_cells(path, json_object_get(root, "cells"), cells, err);
	json_decref(root);
	/* one code path per quantity: beyond the main radius such maps hold the
	 * extended matrix's interpolated loss, which a point's own profile does
	 * not reproduce (doc/engine.md, "Two resolutions") */
	if (!rc && req->po.engine.main_radius_km > 0)
		rc = rf_error_set(err, "%s: the prediction used two resolutions (--main-radius %g "
				  "--ext-res %g): its maps beyond the main radius are interpolated, "
				  "which a point cannot reproduce; use a prediction made without "
				  "--main-radius", path, req->po.engine.main_radius_km,
				  req->po.engine.ext_res_m);
	if (rc) {
		rf_run_request_free(req);
		return -1;
	}
	/* the whole map: a pixel's value does not depend on the tile (engine.h) */
	req->po.engine.tile_k = req->po.engine.tile_n = 0;
	return 0;
}

char *rf_compare_run_cells_path(const char *path)
{
	struct rf_error ignored;
	json_t *root = rf_input_json(path, &ignored), *in;
	char *out = NULL;
	in = root ? json_object_get(root, "inputs") : NULL;
	for (size_t i = 0; i < json_array_size(in); i++) {
		json_t *o = json_array_get(in, i);
		const char *role = json_string_value(json_object_get(o, "role"));
		const char *p = json_string_value(json_object_get(o, "path"));
		if (role && p && !strcmp(role, "cells")) {
			/* a relative workspace's WS/cells.csv: from any directory */
			out = rf_run_input_path(path, root, p);
			break;
		}
	}
	json_decref(root);
	return out;
}

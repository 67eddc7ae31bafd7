/* The plan of rfplan batch (JSON, jansson): shared "defaults" overlaid with
 * each region's keys, checked key by key; errors name the file and the JSON
 * path (doc/batch.md).  The "predict" keys: batch_plan_predict.c; the key readers shared by both:
 * batch_plan_keys.c. */
#include "batch_priv.h"
#include "rfplan/input.h"
#include "core/util.h"

#include <jansson.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const region_keys[] = {
	"name", "dem", "dem_srs", "dem_band", "dem_units", "clutter", "clutter_classes", "clutter_srs",
	"sites", "sites_format", "sites_srs", "columns", "cells", "res", "bounds",
	"margin_km", "predict", NULL
};

static int dems(struct rf_plan_ctx *c, json_t *o, struct rf_import_options *io)
{
	json_t *v = json_object_get(o, "dem"), *e;
	const char **list;
	size_t i;
	if (!v)
		return rf_plan_bad(c, NULL, "dem", "missing");
	if (json_is_string(v)) {
		list = rf_plan_own(c->plan, rf_xcalloc(1, sizeof(char *)));
		io->n_dem = 1;
		io->dem_paths = list;
		return rf_plan_str(c, o, NULL, "dem", 1, &list[0]);
	}
	if (!json_is_array(v) || !json_array_size(v))
		return rf_plan_bad(c, NULL, "dem", "not a file name or a non-empty array of them");
	list = rf_plan_own(c->plan, rf_xcalloc(json_array_size(v), sizeof(char *)));
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) || !json_string_length(e))
			return rf_plan_bad(c, NULL, "dem", "element %zu is not a file name", i);
		list[i] = rf_plan_path(c, NULL, "dem", json_string_value(e));
	}
	io->dem_paths = list;
	io->n_dem = json_array_size(v);
	return 0;
}

static int resolution(struct rf_plan_ctx *c, json_t *o, struct rf_import_options *io)
{
	json_t *v = json_object_get(o, "res");
	const char *s;
	size_t n;
	char numtxt[64];
	if (!v)
		return 0;
	if (json_is_number(v)) {
		io->res_mode = RF_RES_DEGREES;
		io->res_value = json_number_value(v);
		if (io->res_value > 0 && io->res_value <= 1)
			return 0;
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		n = strlen(s);
		if (!strcmp(s, "auto"))
			return 0;
		io->res_mode = RF_RES_METRES;
		if (n > 1 && n < sizeof(numtxt) && s[n - 1] == 'm') {
			memcpy(numtxt, s, n - 1);
			numtxt[n - 1] = '\0';
			if (!rf_parse_double(numtxt, &io->res_value) && io->res_value > 0 &&
			    io->res_value <= 100000)
				return 0;
		}
	}
	return rf_plan_bad(c, NULL, "res", "not \"auto\", \"Nm\" (metres) or a number of degrees (0, 1]");
}

static int bounds(struct rf_plan_ctx *c, json_t *o, struct rf_import_options *io)
{
	json_t *v = json_object_get(o, "bounds");
	double x[4];
	if (!v)
		return 0;
	for (size_t i = 0; i < 4; i++)
		x[i] = json_number_value(json_array_get(v, i));
	if (!json_is_array(v) || json_array_size(v) != 4 || !(x[0] < x[2]) || !(x[1] < x[3]) ||
	    x[0] < -180 || x[2] > 180 || x[1] < -90 || x[3] > 90)
		return rf_plan_bad(c, NULL, "bounds", "not [W, S, E, N] in degrees (W < E, S < N)");
	io->has_bounds = 1;
	io->bounds = (struct rf_bounds){ x[0], x[1], x[2], x[3] };
	return 0;
}

static int sites(struct rf_plan_ctx *c, json_t *o, struct rf_import_options *io)
{
	static const char *const col_keys[] = { "id", "name", "lat", "lon", "x", "y", "alt", NULL };
	const char **cols[] = { &io->sites.col_id, &io->sites.col_name, &io->sites.col_lat,
				&io->sites.col_lon, &io->sites.col_x, &io->sites.col_y,
				&io->sites.col_alt };
	json_t *cj = json_object_get(o, "columns");
	const char *fmt = NULL;
	if (rf_plan_str(c, o, NULL, "sites", 1, &io->sites_path) ||
	    rf_plan_str(c, o, NULL, "sites_srs", 0, &io->sites.srs) ||
	    rf_plan_str(c, o, NULL, "sites_format", 0, &fmt))
		return -1;
	if (fmt && !strcmp(fmt, "generic"))
		io->sites.format = RF_SITES_GENERIC;
	else if (fmt && strcmp(fmt, "acma"))
		return rf_plan_bad(c, NULL, "sites_format", "'%s' is not acma or generic", fmt);
	if (!cj)
		return 0;
	if (!json_is_object(cj))
		return rf_plan_bad(c, NULL, "columns", "not an object");
	if (rf_plan_known(c, cj, "columns", col_keys))
		return -1;
	for (size_t i = 0; col_keys[i]; i++)
		if (rf_plan_str(c, cj, "columns", col_keys[i], 0, cols[i]))
			return -1;
	return 0;
}

/* "m", "ft" or "us-ft", as import's --dem-units. */
static int dem_units(struct rf_plan_ctx *c, json_t *o, struct rf_import_options *io)
{
	const char *u = NULL;
	if (rf_plan_str(c, o, NULL, "dem_units", 0, &u) || !u)
		return u ? -1 : 0;
	if (!strcmp(u, "m"))
		io->dem_units = RF_DEM_UNITS_M;
	else if (!strcmp(u, "ft"))
		io->dem_units = RF_DEM_UNITS_FT;
	else if (!strcmp(u, "us-ft"))
		io->dem_units = RF_DEM_UNITS_US_FT;
	else
		return rf_plan_bad(c, NULL, "dem_units", "'%s' is not \"m\", \"ft\" or \"us-ft\"", u);
	return 0;
}

static int import_opts(struct rf_plan_ctx *c, json_t *o, struct rf_import_options *io)
{
	rf_import_options_default(io);
	if (dems(c, o, io) || rf_plan_str(c, o, NULL, "dem_srs", 0, &io->dem_srs) ||
	    rf_plan_int(c, o, NULL, "dem_band", 1, 65535, &io->dem_band) || dem_units(c, o, io) ||
	    rf_plan_str(c, o, NULL, "clutter", 1, &io->clutter_path) ||
	    rf_plan_str(c, o, NULL, "clutter_classes", 1, &io->clutter_classes) ||
	    rf_plan_str(c, o, NULL, "clutter_srs", 0, &io->clutter_srs) || sites(c, o, io) ||
	    rf_plan_str(c, o, NULL, "cells", 1, &io->cells_path) || resolution(c, o, io) ||
	    bounds(c, o, io) || rf_plan_num(c, o, NULL, "margin_km", 0.001, 10000, &io->margin_km))
		return -1;
	if (!io->clutter_path != !io->clutter_classes)
		return rf_plan_bad(c, NULL, io->clutter_path ? "clutter" : "clutter_classes",
			   "needs %s too", io->clutter_path ? "clutter_classes" : "clutter");
	if (io->has_bounds && io->margin_km > 0)
		return rf_plan_bad(c, NULL, "margin_km", "bounds and margin_km exclude each other");
	if (io->margin_km > 0 && !io->sites_path)
		return rf_plan_bad(c, NULL, "margin_km", "needs sites");
	return 0;
}

static int region_name(struct rf_plan_ctx *c, json_t *o, struct rf_batch_region *r)
{
	if (rf_plan_str(c, o, NULL, "name", 0, &r->name))
		return -1;
	if (!r->name)
		return rf_plan_bad(c, NULL, "name", "missing");
	for (const char *p = r->name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return rf_plan_bad(c, NULL, "name", "'%s': use letters, digits, '.', '_', '-'",
				   r->name);
	if (r->name[0] == '.')
		return rf_plan_bad(c, NULL, "name", "'%s' must not start with '.'", r->name);
	for (size_t i = 0; i < c->index; i++)
		if (!strcmp(c->plan->regions[i].name, r->name))
			return rf_plan_bad(c, NULL, "name", "'%s' is also regions[%zu]'s name", r->name, i);
	return 0;
}

/* The defaults overlaid with the region (objects such as "predict" merged
 * key by key), checked, and its canonical JSON. */
static int region(struct rf_plan_ctx *c, double threshold_dbm, struct rf_batch_region *r)
{
	json_t *m = c->defaults ? json_deep_copy(c->defaults) : json_object();
	int rc;
	if (!json_is_object(c->raw)) {
		json_decref(m);
		return rf_error_set(c->err, "%s: regions[%zu]: not an object", c->plan->path,
				    c->index);
	}
	json_object_update_recursive(m, c->raw);
	rc = rf_plan_known(c, m, NULL, region_keys) || region_name(c, m, r) ||
	     import_opts(c, m, &r->import) ||
	     rf_plan_predict(c, json_object_get(m, "predict"), r) ? -1 : 0;
	if (!rc) {
		/* The plan's directory as an absolute path: the same plan run from
		 * another directory is still up to date. */
		json_object_set_new(m, "plan_dir", json_string(c->plan->root));
		json_object_set_new(m, "rsrp_threshold_dbm", json_real(threshold_dbm));
		r->canonical = json_dumps(m, JSON_SORT_KEYS | JSON_COMPACT);
	}
	json_decref(m);
	return rc;
}

int rf_batch_plan_read(const char *path, struct rf_batch_plan *plan, struct rf_error *err)
{
	return rf_batch_plan_read_ex(path, 0, plan, err);
}

int rf_batch_plan_read_ex(const char *path, int allow_outside, struct rf_batch_plan *plan,
			  struct rf_error *err)
{
	static const char *const top_keys[] = {"defaults", "regions", "rsrp_threshold_dbm", NULL};
	json_t *root = rf_input_json(path, err), *regions, *v;
	struct rf_plan_ctx c = { plan, NULL, NULL, NULL, 0, NULL, err };
	const char *key, *slash = strrchr(path, '/');
	int rc = -1;

	memset(plan, 0, sizeof(*plan));
	plan->path = rf_xstrdup(path);
	plan->rsrp_threshold_dbm = -100.0;
	if (!root) {
		rf_batch_plan_free(plan);   /* a failed read leaves nothing to free */
		return -1;
	}
	c.dir = rf_xstrdup(path);
	c.dir[slash ? (size_t)(slash - path) : 0] = '\0';
	plan->allow_outside = allow_outside;
	plan->root = realpath(c.dir[0] ? c.dir : (slash ? "/" : "."), NULL);
	if (!plan->root) {
		rf_error_set(err, "%s: cannot resolve the plan's directory: %s", path,
			     strerror(errno));
		goto out;
	}
	if (!json_is_object(root)) {
		rf_error_set(err, "%s: not a JSON object", path);
		goto out;
	}
	json_object_foreach(root, key, v)
		if (strcmp(key, "defaults") && strcmp(key, "regions") &&
		    strcmp(key, "rsrp_threshold_dbm")) {
			rf_error_set(err, "%s: %s: unknown key (did you mean '%s'? keys: defaults, "
				     "regions, rsrp_threshold_dbm)", path, key,
				     rf_closest_name(key, top_keys));
			goto out;
		}
	v = json_object_get(root, "rsrp_threshold_dbm");
	if (v && (!json_is_number(v) || !(fabs(json_number_value(v)) <= 300))) {
		rf_error_set(err, "%s: rsrp_threshold_dbm: not a number of dBm", path);
		goto out;
	}
	if (v)
		plan->rsrp_threshold_dbm = json_number_value(v);
	c.defaults = json_object_get(root, "defaults");
	if (c.defaults && (!json_is_object(c.defaults) || json_object_get(c.defaults, "name"))) {
		rf_error_set(err, "%s: defaults: not an object of region keys without a name",
			     path);
		goto out;
	}
	regions = json_object_get(root, "regions");
	if (!json_is_array(regions) || !json_array_size(regions)) {
		rf_error_set(err, "%s: regions: %s", path, regions ? "not a non-empty array"
								   : "missing");
		goto out;
	}
	plan->regions = rf_xcalloc(json_array_size(regions), sizeof(*plan->regions));
	for (c.index = 0; c.index < json_array_size(regions); c.index++) {
		c.raw = json_array_get(regions, c.index);
		c.region = &plan->regions[c.index];
		plan->n_regions++;
		if (region(&c, plan->rsrp_threshold_dbm, &plan->regions[c.index]))
			goto out;
	}
	rc = 0;
out:
	free(c.dir);
	json_decref(root);
	if (rc)
		rf_batch_plan_free(plan);   /* (callers may free again: it is reset) */
	return rc;
}

void rf_batch_plan_free(struct rf_batch_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->n_regions; i++)
		free(plan->regions[i].canonical);
	for (size_t i = 0; i < plan->n_owned; i++)
		free(plan->owned[i]);
	free(plan->owned);
	free(plan->regions);
	free(plan->path);
	free(plan->root);
	memset(plan, 0, sizeof(*plan));
}

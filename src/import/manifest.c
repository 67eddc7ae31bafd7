/* manifest.json of a workspace (jansson): what was imported, from where, how
 * (CRSs and PROJ operations), onto which grid, with which options and
 * warnings.  Fields are documented in doc/workspace.md. */
#include "import_priv.h"
#include "core/output_util.h"
#include "rfplan/version.h"
#include "rfplan/workspace.h"

#include <jansson.h>
#include <stdio.h>

static json_t *op_json(const struct rf_imp_op *o)
{
	return json_pack("{s:s, s:o, s:b}", "name", o->name, "accuracy_m",
			 o->accuracy_m < 0 ? json_null() : json_real(o->accuracy_m),
			 "grids_available", o->instantiable);
}

static json_t *source_json(const struct rf_imp_source *s)
{
	json_t *j = json_object(), *crs = json_object(), *cands = json_array();

	json_object_set_new(j, "path", json_string(s->path));
	json_object_set_new(j, "sha256", json_string(s->sha256));
	json_object_set_new(j, "size", json_pack("[i,i]", s->width, s->height));
	json_object_set_new(j, "bands", json_integer(s->n_bands));
	json_object_set_new(j, "band", json_integer(s->band));
	json_object_set_new(j, "datatype", json_string(s->datatype));
	json_object_set_new(j, "nodata", s->has_nodata ? json_real(s->nodata) : json_null());
	json_object_set_new(j, "pixel_m", json_pack("[f,f]", s->res_x_m, s->res_y_m));
	json_object_set_new(j, "unit_type", json_string(s->z_unit));
	json_object_set_new(crs, "name", json_string(s->crs_name));
	json_object_set_new(crs, "id", s->crs_id ? json_string(s->crs_id) : json_null());
	json_object_set_new(crs, "id_confidence", json_integer(s->crs_id ? s->crs_id_confidence : 0));
	json_object_set_new(crs, "override", s->srs_override ? json_string(s->srs_override)
							     : json_null());
	json_object_set_new(crs, "wkt", json_string(s->crs_wkt));
	json_object_set_new(j, "crs", crs);
	json_object_set_new(j, "extent_wgs84",
			    json_pack("[f,f,f,f]", s->wgs84.west_deg, s->wgs84.south_deg,
				      s->wgs84.east_deg, s->wgs84.north_deg));
	for (size_t i = 0; i < s->n_ops; i++)
		json_array_append_new(cands, op_json(&s->ops[i]));
	json_object_set_new(j, "operation", s->op_used >= 0 ? op_json(&s->ops[s->op_used])
							   : json_null());
	json_object_set_new(j, "operation_candidates", cands);
	return j;
}

static json_t *grid_json(const struct rf_imp_state *st)
{
	const struct rf_grid *g = &st->grid;
	struct rf_bounds b;
	rf_grid_bounds(g, &b);
	return json_pack("{s:s, s:i, s:i, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "crs",
			 "EPSG:4326", "width", g->width, "height", g->height, "west_deg",
			 b.west_deg, "south_deg", b.south_deg, "east_deg", b.east_deg,
			 "north_deg", b.north_deg, "dlon_deg", g->dlon_deg, "dlat_deg",
			 g->dlat_deg, "pixel_ew_m", st->res_ew_m, "pixel_ns_m", st->res_ns_m);
}

static json_t *options_json(const struct rf_import_options *o)
{
	static const char *const res_names[] = { "auto", "metres", "degrees" };
	const struct rf_sites_options *so = &o->sites;
	json_t *j = json_object();
	json_object_set_new(j, "dem_srs", o->dem_srs ? json_string(o->dem_srs) : json_null());
	json_object_set_new(j, "dem_band", json_integer(o->dem_band > 0 ? o->dem_band : 1));
	json_object_set_new(j, "clutter_srs", o->clutter_srs ? json_string(o->clutter_srs)
							     : json_null());
	json_object_set_new(j, "sites_format",
			    json_string(so->format == RF_SITES_ACMA ? "acma" : "generic"));
	json_object_set_new(j, "sites_srs", rf_sites_srs(so) ? json_string(rf_sites_srs(so))
							     : json_null());
	json_object_set_new(j, "res", json_string(res_names[o->res_mode]));
	json_object_set_new(j, "res_value", o->res_mode == RF_RES_AUTO ? json_null()
								       : json_real(o->res_value));
	json_object_set_new(j, "bounds", o->has_bounds
		? json_pack("[f,f,f,f]", o->bounds.west_deg, o->bounds.south_deg,
			    o->bounds.east_deg, o->bounds.north_deg)
		: json_null());
	json_object_set_new(j, "margin_km", o->margin_km > 0 ? json_real(o->margin_km) : json_null());
	json_object_set_new(j, "sea_level", json_boolean(o->sea_level));
	json_object_set_new(j, "force", json_boolean(o->force));
	return j;
}

static json_t *clutter_json(const struct rf_imp_state *st)
{
	json_t *j = json_object(), *miss = json_array();
	json_object_set_new(j, "source", source_json(&st->clutter));
	json_object_set_new(j, "classes", json_pack("{s:s, s:s, s:I}", "path",
						    st->opts->clutter_classes, "sha256",
						    st->classes_sha256, "count",
						    (json_int_t)st->classes.count));
	json_object_set_new(j, "file", json_string("clutter.tif"));
	json_object_set_new(j, "classes_file", json_string("clutter_classes.csv"));
	json_object_set_new(j, "resampling", json_string(st->clutter_resampling));
	json_object_set_new(j, "nodata", json_integer(RF_CLASS_NODATA));
	json_object_set_new(j, "void_pixels", json_integer((json_int_t)st->clutter_voids));
	for (size_t i = 0; i < st->n_missing; i++)
		json_array_append_new(miss, json_pack("{s:i, s:I}", "code", st->missing[i].code,
						      "pixels", (json_int_t)st->missing[i].pixels));
	json_object_set_new(j, "missing_classes", miss);
	return j;
}

static json_t *sites_json(const struct rf_imp_state *st)
{
	const struct rf_sites_report *r = &st->sites_report;
	json_t *j = json_object(), *out = json_array();
	json_object_set_new(j, "path", json_string(st->opts->sites_path));
	json_object_set_new(j, "sha256", json_string(st->sites_sha256));
	json_object_set_new(j, "file", json_string("sites.csv"));
	json_object_set_new(j, "count", json_integer((json_int_t)st->sites.count));
	json_object_set_new(j, "inside", json_integer((json_int_t)st->sites_inside));
	for (size_t i = 0; i < st->n_outside; i++)
		json_array_append_new(out, json_string(st->outside_ids[i]));
	json_object_set_new(j, "outside", out);
	json_object_set_new(j, "altitude_undefined", json_integer((json_int_t)r->altitude_undefined));
	json_object_set_new(j, "altitude_empty", json_integer((json_int_t)r->altitude_empty));
	json_object_set_new(j, "operation", r->transform_desc
		? json_pack("{s:s, s:o}", "name", r->transform_desc, "accuracy_m",
			    r->transform_accuracy_m < 0 ? json_null()
							: json_real(r->transform_accuracy_m))
		: json_null());
	return j;
}

int rf_imp_manifest_write(const struct rf_imp_state *st, const char *path, struct rf_error *err)
{
	const struct rf_import_options *o = st->opts;
	json_t *m = json_object(), *dems = json_array(), *warn = json_array();
	size_t n_px = (size_t)st->grid.width * (size_t)st->grid.height;
	char when[32];
	int rc = 0;

	rf_utc_stamp(when, sizeof(when));
	json_object_set_new(m, "rfplan_workspace", json_integer(1));
	json_object_set_new(m, "rfplan_version", json_string(rf_version()));
	json_object_set_new(m, "created_utc", json_string(when));
	json_object_set_new(m, "command", o->command_line ? json_string(o->command_line)
							  : json_null());
	json_object_set_new(m, "grid", grid_json(st));
	for (size_t i = 0; i < st->n_dem; i++)
		json_array_append_new(dems, source_json(&st->dem[i]));
	json_object_set_new(m, "dem", json_pack("{s:s, s:o, s:f, s:s, s:I, s:f, s:I}", "file",
						"dem.tif", "sources", dems, "nodata", RF_DEM_NODATA,
						"resampling", "bilinear", "void_pixels",
						(json_int_t)st->dem_voids, "void_percent",
						100.0 * (double)st->dem_voids / (double)n_px,
						"sea_pixels_raised", (json_int_t)st->sea_pixels));
	/* heights converted from feet at import: doc/import.md, "Height units" */
	json_object_set_new(json_object_get(m, "dem"), "heights_converted",
			    json_pack("{s:s, s:f, s:s}", "from_unit", st->dem_z_name,
				      "metres_per_unit", st->dem_z_to_m, "by",
				      o->dem_units == RF_DEM_UNITS_FILE ? "unit type of the file"
									: "--dem-units"));
	json_object_set_new(m, "clutter", st->has_clutter ? clutter_json(st) : json_null());
	json_object_set_new(m, "sites", st->has_sites ? sites_json(st) : json_null());
	json_object_set_new(m, "cells", st->has_cells
		? json_pack("{s:s, s:s, s:s, s:I}", "path", o->cells_path, "sha256",
			    st->cells_sha256, "file", "cells.csv", "rows", (json_int_t)st->cells_rows)
		: json_null());
	json_object_set_new(m, "options", options_json(o));
	for (size_t i = 0; i < st->log->n_warnings; i++)
		json_array_append_new(warn, json_string(st->log->warnings[i]));
	json_object_set_new(m, "warnings", warn);
	rc = rf_out_write_json(path, m, JSON_INDENT(2) | JSON_PRESERVE_ORDER, err);
	json_decref(m);
	return rc;
}

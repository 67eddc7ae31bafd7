/* The prediction request in run.json: the one writer and the one reader of
 * struct rf_predict_options ("model" and "parameters"), side by side so a
 * field is added to both at once (tests/unit/test_run_request.c fills every
 * field with a distinct value and reads it back).  rfplan compare and
 * calibrate evaluate their points with the request read here, so they see
 * the maps' model whatever option was given to predict. */
#include "rfplan/input.h"
#include "rfplan/p2109.h"
#include "rfplan/run_manifest.h"
#include "lte/lte_service_json.h"
#include "run_manifest.h"
#include "core/util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

json_t *rf_run_model_json(const struct rf_model_options *m)
{
	const struct rf_spm_coeffs *k = &m->spm;
	json_t *j = json_pack("{s:s, s:f, s:s, s:i, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:s,"
			 " s:{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:b}, s:{s:f, s:f, s:f, s:f, s:f}}",
			 "name", rf_model_name(m->model), "k_factor", m->k_factor,
			 "polarization", m->polarization ? "vertical" : "horizontal",
			 "climate", m->climate, "n0", m->n0, "epsilon", m->epsilon,
			 "sigma", m->sigma, "time_pct", m->time_pct,
			 "location_pct", m->location_pct, "situation_pct", m->situation_pct,
			 "mdvar", m->mdvar, "env", rf_env_name(m->env), "spm",
			 "k1", k->k1, "k2", k->k2, "k3", k->k3, "k4", k->k4, "k5", k->k5,
			 "k6", k->k6, "k7", k->k7, "distance_km", k->distance_km,
			 "p1812", "dn", m->dn, "n0", m->p1812_n0, "dct_km", m->dct_km,
			 "dcr_km", m->dcr_km, "wa_m", m->wa_m);
	/* a calibrated file's bands and per-cell offsets (doc/calibration.md),
	 * only when given */
	if (j && m->spm_calib && m->spm_calib->n_bands) {
		json_t *a = json_array();
		for (size_t i = 0; i < m->spm_calib->n_bands; i++) {
			const struct rf_spm_band *b = &m->spm_calib->bands[i];
			json_array_append_new(a, json_pack("{s:f, s:f, s:[f, f, f, f, f, f, f]}",
							   "frequency_min_mhz", b->freq_min_mhz,
							   "frequency_max_mhz", b->freq_max_mhz, "k",
							   b->k.k1, b->k.k2, b->k.k3, b->k.k4, b->k.k5,
							   b->k.k6, b->k.k7));
		}
		json_object_set_new(json_object_get(j, "spm"), "bands", a);
		json_object_set_new(json_object_get(j, "spm"), "band_tolerance_mhz",
				    json_real(m->spm_calib->band_tolerance_mhz));
	}
	if (j && m->spm_calib && m->spm_calib->count) {
		json_t *a = json_array();
		for (size_t i = 0; i < m->spm_calib->count; i++) {
			const struct rf_spm_offset *e = &m->spm_calib->items[i];
			json_array_append_new(a, json_pack("{s:s, s:o, s:f}", "site_id", e->site_id,
							   "cell_id", e->cell_id
							   ? json_string(e->cell_id) : json_null(),
							   "offset_db", e->offset_db));
		}
		json_object_set_new(json_object_get(j, "spm"), "cell_offsets", a);
	}
	return j;
}

static json_t *edges_json(const double *e, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_real(e[i]));
	return a;
}

json_t *rf_run_params_json(const struct rf_predict_options *o)
{
	const struct rf_engine_options *e = &o->engine;
	json_t *cl = json_pack("{s:s, s:f}", "method",
			       e->clutter_loss == RF_CLUTTER_LOSS_P2108 ? "p2108" : "none",
			       "percent", e->clutter_pct);
	if (e->clutter_loss == RF_CLUTTER_LOSS_P2108)   /* doc/models.md */
		json_object_set_new(cl, "recommendation", json_string("ITU-R P.2108-1"));
	char products[128];
	rf_products_format(o->products, products, sizeof(products));
	return json_pack("{s:f, s:f, s:f, s:i, s:f, s:b, s:i, s:f, s:f, s:f, s:f, s:f, s:f, s:o, s:o,"
			 " s:b, s:b, s:o, s:{s:b, s:s, s:f, s:s}, s:i, s:o, s:s}",
			 "radius_km", e->radius_km, "main_radius_km", e->main_radius_km,
			 "ext_res_m", e->ext_res_m, "profile_points_max", e->profile_points_max,
			 "rx_height_m", e->rx_height_m,
			 "clutter", e->use_clutter, "threads", e->threads,
			 "rx_gain_dbi", o->rx_gain_dbi, "body_loss_db", o->body_loss_db,
			 "noise_figure_db", o->lte.noise_figure_db, "load", o->lte.load,
			 "overlap_margin_db", o->lte.overlap_margin_db,
			 "min_rsrp_dbm", o->lte.min_rsrp_dbm,
			 "rsrp_classes_dbm", edges_json(o->rsrp_edges, o->n_rsrp_edges),
			 "sinr_classes_db", edges_json(o->sinr_edges, o->n_sinr_edges),
			 "per_cell", o->per_cell, "strict", o->strict, "clutter_loss", cl,
			 "indoor", "enabled", o->indoor, "recommendation", "ITU-R P.2109-0",
			 "percent", o->indoor_pct, "building_class",
			 rf_p2109_class_name((enum rf_p2109_class)o->building_class),
			 "png_width_px", o->png_width_px,
			 "lte_service", rf_lte_service_json(&o->service), "products", products);
}

/* An array of numbers, malloc'd into *out; -1 when not one. */
static int edges_from(json_t *a, double **out, int *n)
{
	if (!json_is_array(a) || !json_array_size(a))
		return -1;
	*out = rf_xmalloc(json_array_size(a) * sizeof(double));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *v = json_array_get(a, i);
		if (!json_is_number(v))
			return -1;
		(*out)[i] = json_number_value(v);
	}
	*n = (int)json_array_size(a);
	return 0;
}

/* run.json's model.spm.bands (with the band tolerance) into r. */
static int bands_from(const char *path, json_t *a, double tol, struct rf_run_request *r,
		      struct rf_error *err)
{
	struct rf_spm_calib *t = r->spm_calib;
	if (!json_is_array(a) || !json_array_size(a))
		return rf_error_set(err, "%s: model.spm.bands is not a non-empty array", path);
	t->bands = rf_xcalloc(json_array_size(a), sizeof(*t->bands));
	t->band_tolerance_mhz = tol;
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct rf_spm_band *b = &t->bands[i];
		json_error_t je;
		if (json_unpack_ex(json_array_get(a, i), &je, JSON_STRICT,
				   "{s:F, s:F, s:[F, F, F, F, F, F, F]}", "frequency_min_mhz",
				   &b->freq_min_mhz, "frequency_max_mhz", &b->freq_max_mhz, "k",
				   &b->k.k1, &b->k.k2, &b->k.k3, &b->k.k4, &b->k.k5, &b->k.k6,
				   &b->k.k7))
			return rf_error_set(err, "%s: model.spm.bands[%zu]: %s", path, i, je.text);
		b->k.distance_km = r->po.engine.model.spm.distance_km;
		t->n_bands++;
	}
	return 0;
}

/* run.json's model.spm.cell_offsets into r (owned there). */
static int offsets_from(const char *path, json_t *a, struct rf_run_request *r,
			struct rf_error *err)
{
	if (!json_is_array(a))
		return rf_error_set(err, "%s: model.spm.cell_offsets is not an array", path);
	r->spm_calib->items = rf_xcalloc(json_array_size(a) + 1, sizeof(struct rf_spm_offset));
	for (size_t i = 0; i < json_array_size(a); i++) {
		struct rf_spm_offset *e = &r->spm_calib->items[i];
		const char *site;
		json_t *cell;
		json_error_t je;
		if (json_unpack_ex(json_array_get(a, i), &je, JSON_STRICT, "{s:s, s:o, s:F}",
				   "site_id", &site, "cell_id", &cell, "offset_db", &e->offset_db))
			return rf_error_set(err, "%s: model.spm.cell_offsets[%zu]: %s", path, i,
					    je.text);
		if (!json_is_string(cell) && !json_is_null(cell))
			return rf_error_set(err, "%s: model.spm.cell_offsets[%zu]: cell_id is "
					    "neither a string nor null", path, i);
		e->site_id = rf_xstrdup(site);
		e->cell_id = json_is_string(cell) ? rf_xstrdup(json_string_value(cell)) : NULL;
		r->spm_calib->count++;
	}
	return 0;
}

static int model_from(const char *path, json_t *mj, struct rf_run_request *r,
		      struct rf_error *err)
{
	struct rf_model_options *m = &r->po.engine.model;
	struct rf_spm_coeffs *k = &m->spm;
	const char *name, *pol, *env;
	json_t *offsets = NULL, *bands = NULL;
	double tol = 0;
	json_error_t je;
	if (json_unpack_ex(mj, &je, JSON_STRICT,
			   "{s:s, s:F, s:s, s:i, s:F, s:F, s:F, s:F, s:F, s:F, s:i, s:s,"
			   " s:{s:F, s:F, s:F, s:F, s:F, s:F, s:F, s:b, s?o, s?o, s?F}, s:{s:F, s:F, s:F, s:F, s:F}}",
			   "name", &name, "k_factor", &m->k_factor, "polarization", &pol,
			   "climate", &m->climate, "n0", &m->n0, "epsilon", &m->epsilon,
			   "sigma", &m->sigma, "time_pct", &m->time_pct,
			   "location_pct", &m->location_pct, "situation_pct", &m->situation_pct,
			   "mdvar", &m->mdvar, "env", &env, "spm",
			   "k1", &k->k1, "k2", &k->k2, "k3", &k->k3, "k4", &k->k4, "k5", &k->k5,
			   "k6", &k->k6, "k7", &k->k7, "distance_km", &k->distance_km,
			   "cell_offsets", &offsets, "bands", &bands, "band_tolerance_mhz", &tol,
			   "p1812", "dn", &m->dn, "n0", &m->p1812_n0, "dct_km", &m->dct_km,
			   "dcr_km", &m->dcr_km, "wa_m", &m->wa_m))
		return rf_error_set(err, "%s: model: %s", path, je.text);
	if (offsets || bands) {
		r->spm_calib = rf_xcalloc(1, sizeof(*r->spm_calib));
		m->spm_calib = r->spm_calib;
	}
	if ((offsets && offsets_from(path, offsets, r, err)) ||
	    (bands && bands_from(path, bands, tol, r, err)))
		return -1;
	if (rf_model_parse(name, &m->model))
		return rf_error_set(err, "%s: model.name '%s' unknown", path, name);
	if (rf_env_parse(env, &m->env))
		return rf_error_set(err, "%s: model.env '%s' unknown", path, env);
	if (strcmp(pol, "vertical") && strcmp(pol, "horizontal"))
		return rf_error_set(err, "%s: model.polarization '%s' is neither vertical nor "
				    "horizontal", path, pol);
	m->polarization = !strcmp(pol, "vertical");
	return 0;
}

static int params_from(const char *path, json_t *pj, struct rf_run_request *r,
		       struct rf_error *err)
{
	struct rf_predict_options *o = &r->po;
	struct rf_engine_options *e = &o->engine;
	json_t *re, *se, *svc, *cl;
	const char *rec, *cls, *method, *products = NULL;
	json_error_t je;
	enum rf_p2109_class bc;
	if (json_unpack_ex(pj, &je, JSON_STRICT,
			   "{s:F, s?F, s?F, s?i, s:F, s:b, s:i, s:F, s:F, s:F, s:F, s:F, s:F, s:o, s:o,"
			   " s:b, s:b, s:o, s:{s:b, s:s, s:F, s:s}, s:i, s:o, s?s}",
			   "radius_km", &e->radius_km, "main_radius_km", &e->main_radius_km,
			   "ext_res_m", &e->ext_res_m, "profile_points_max", &e->profile_points_max,
			   "rx_height_m", &e->rx_height_m,
			   "clutter", &e->use_clutter, "threads", &e->threads,
			   "rx_gain_dbi", &o->rx_gain_dbi, "body_loss_db", &o->body_loss_db,
			   "noise_figure_db", &o->lte.noise_figure_db, "load", &o->lte.load,
			   "overlap_margin_db", &o->lte.overlap_margin_db,
			   "min_rsrp_dbm", &o->lte.min_rsrp_dbm,
			   "rsrp_classes_dbm", &re, "sinr_classes_db", &se,
			   "per_cell", &o->per_cell, "strict", &o->strict, "clutter_loss", &cl,
			   "indoor", "enabled", &o->indoor, "recommendation", &rec,
			   "percent", &o->indoor_pct, "building_class", &cls,
			   "png_width_px", &o->png_width_px, "lte_service", &svc,
			   "products", &products))
		return rf_error_set(err, "%s: parameters: %s", path, je.text);
	if (products && rf_products_parse(products, "parameters.products", &o->products, err))
		return -1;
	rec = NULL;
	if (json_unpack_ex(cl, &je, JSON_STRICT, "{s:s, s:F, s?s}", "method", &method,
			   "percent", &e->clutter_pct, "recommendation", &rec))
		return rf_error_set(err, "%s: parameters.clutter_loss: %s", path, je.text);
	if (!strcmp(method, "p2108"))
		e->clutter_loss = RF_CLUTTER_LOSS_P2108;
	else if (!strcmp(method, "none"))
		e->clutter_loss = RF_CLUTTER_LOSS_NONE;
	else
		return rf_error_set(err, "%s: parameters.clutter_loss.method '%s' is neither "
				    "none nor p2108", path, method);
	if (rf_p2109_class_parse(cls, &bc))
		return rf_error_set(err, "%s: parameters.indoor.building_class '%s' unknown",
				    path, cls);
	o->building_class = (int)bc;
	if (edges_from(re, &r->rsrp_edges, &o->n_rsrp_edges) ||
	    edges_from(se, &r->sinr_edges, &o->n_sinr_edges))
		return rf_error_set(err, "%s: parameters: rsrp_classes_dbm or sinr_classes_db is "
				    "not an array of numbers", path);
	o->rsrp_edges = r->rsrp_edges;
	o->sinr_edges = r->sinr_edges;
	if (rf_lte_service_from_json(svc, &o->service))
		return rf_error_set(err, "%s: parameters.lte_service is malformed", path);
	return 0;
}

int rf_run_request_from_json(const char *path, json_t *root, struct rf_run_request *r,
			     struct rf_error *err)
{
	memset(r, 0, sizeof(*r));
	rf_predict_options_default(&r->po);
	if (model_from(path, json_object_get(root, "model"), r, err) ||
	    params_from(path, json_object_get(root, "parameters"), r, err)) {
		size_t n = strlen(err->msg);
		snprintf(err->msg + n, sizeof(err->msg) - n, "%s",
			 " (a run.json that does not record the whole request: run rfplan "
			 "predict again with this rfplan)");
		rf_run_request_free(r);
		return -1;
	}
	return 0;
}

json_t *rf_run_json_open(const char *path, struct rf_error *err)
{
	struct rf_error load_err;
	json_t *root = rf_input_json(path, &load_err);
	if (!root) {
		rf_error_set(err, "%s (is it an rfplan predict output directory?)", load_err.msg);
		return NULL;
	}
	if (!json_is_true(json_object_get(root, "rfplan_predict"))) {
		rf_error_set(err, "%s: not an rfplan predict run.json", path);
		json_decref(root);
		return NULL;
	}
	return root;
}

int rf_run_request_load(const char *path, struct rf_run_request *r, struct rf_error *err)
{
	json_t *root = rf_run_json_open(path, err);
	int rc;
	memset(r, 0, sizeof(*r));
	if (!root)
		return -1;
	rc = rf_run_request_from_json(path, root, r, err);
	json_decref(root);
	return rc;
}

void rf_run_request_free(struct rf_run_request *r)
{
	free(r->rsrp_edges);
	free(r->sinr_edges);
	r->rsrp_edges = r->sinr_edges = NULL;
	r->po.rsrp_edges = r->po.sinr_edges = NULL;
	rf_spm_calib_free(r->spm_calib);
	free(r->spm_calib);
	r->spm_calib = NULL;
	r->po.engine.model.spm_calib = NULL;
}

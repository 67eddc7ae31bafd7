/* The "predict" keys of a plan region: rfplan predict's options, with the
 * command line's ranges (doc/batch.md, doc/engine.md). */
#include "batch_priv.h"
#include "rfplan/lte.h"
#include "rfplan/predict.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Class edges: an array of numbers, through rf_lte_parse_edges (sorted,
 * no duplicates). */
static int edges(struct rf_plan_ctx *c, json_t *o, const char *key, const double **out, int *n)
{
	json_t *v = json_object_get(o, key), *e;
	char list[1024] = "";
	size_t i;
	double *arr;
	struct rf_error perr;
	if (!v)
		return 0;
	if (!json_is_array(v) || !json_array_size(v))
		return rf_plan_bad(c, "predict", key, "not a non-empty array of numbers");
	json_array_foreach(v, i, e) {
		size_t len = strlen(list);
		if (!json_is_number(e))
			return rf_plan_bad(c, "predict", key, "element %zu is not a number", i);
		snprintf(list + len, sizeof(list) - len, "%s%.17g", i ? "," : "",
			 json_number_value(e));
	}
	*n = rf_lte_parse_edges(list, &arr, &perr);
	if (*n < 0)
		return rf_plan_bad(c, "predict", key, "%s", perr.msg);
	*out = rf_plan_own(c->plan, arr);
	return 0;
}

/* An "antenna" value that names a pattern file (not empty, not the built-in
 * "sector[:HBW:VBW:FTB]"). */
static int antenna_file(const char *key, const char *v)
{
	return !strcmp(key, "antenna") && v[0] &&
	       !(strncasecmp(v, "sector", 6) == 0 && (v[6] == '\0' || v[6] == ':'));
}

/* default_cell: {"frequency_mhz": 700, "antenna": "x.msi", ...} through
 * rf_cell_defaults_parse ("k=v,..."); an antenna file is relative to the
 * plan's directory and confined to its tree, like the other file names. */
static int cell_defaults(struct rf_plan_ctx *c, json_t *o, struct rf_cell_defaults *d)
{
	json_t *v = json_object_get(o, "default_cell"), *e;
	const char *key;
	char spec[2048] = "";
	struct rf_error perr;
	if (!v)
		return 0;
	if (!json_is_object(v))
		return rf_plan_bad(c, "predict", "default_cell", "not an object");
	json_object_foreach(v, key, e) {
		size_t len = strlen(spec);
		if (json_is_number(e))
			snprintf(spec + len, sizeof(spec) - len, "%s%s=%.17g", len ? "," : "", key,
				 json_number_value(e));
		else if (json_is_string(e) && !strchr(json_string_value(e), ','))
			snprintf(spec + len, sizeof(spec) - len, "%s%s=%s", len ? "," : "", key,
				 antenna_file(key, json_string_value(e))
				 ? rf_plan_path(c, "predict", "default_cell", json_string_value(e))
				 : json_string_value(e));
		else
			return rf_plan_bad(c, "predict", "default_cell", "%s: not a number or a string", key);
	}
	if (rf_cell_defaults_parse(rf_plan_own(c->plan, rf_xstrdup(spec)), d, &perr))
		return rf_plan_bad(c, "predict", "default_cell", "%s", perr.msg);
	return 0;
}

static const char *const predict_keys[] = {
	"model", "radius_km", "main_radius_km", "ext_res_m", "profile_spacing", "rx_height_m", "rx_gain_dbi", "body_loss_db", "noise_figure_db",
	"load", "overlap_margin_db", "min_rsrp_dbm", "rsrp_classes_dbm", "sinr_classes_db",
	"strict", "clutter", "k_factor", "pol", "climate", "n0", "epsilon", "sigma",
	"time_pct", "location_pct", "situation_pct", "mdvar", "env", "default_cell", "dn",
	"products", NULL
};

int rf_plan_predict(struct rf_plan_ctx *c, json_t *p, struct rf_batch_region *r)
{
	struct rf_predict_options *o = &r->predict;
	struct rf_model_options *m = &o->engine.model;
	const char *s = NULL;
	rf_predict_options_default(o);
	rf_cell_defaults_init(&r->cell_defaults);
	if (!p)
		return 0;
	if (!json_is_object(p))
		return rf_plan_bad(c, NULL, "predict", "not an object");
	if (rf_plan_known(c, p, "predict", predict_keys) ||
	    rf_plan_str(c, p, "predict", "model", 0, &s))
		return -1;
	if (s && rf_model_parse(s, &m->model))
		return rf_plan_bad(c, "predict", "model", "unknown model '%s' (fspl, los, hata, cost231, "
			   "itm, spm)", s);
	s = NULL;
	if (rf_plan_str(c, p, "predict", "env", 0, &s))
		return -1;
	if (s && rf_env_parse(s, &m->env))
		return rf_plan_bad(c, "predict", "env", "unknown environment '%s'", s);
	s = NULL;
	if (rf_plan_str(c, p, "predict", "pol", 0, &s))
		return -1;
	if (s && strcmp(s, "h") && strcmp(s, "v"))
		return rf_plan_bad(c, "predict", "pol", "'%s' is not h or v", s);
	if (s)
		m->polarization = s[0] == 'v';
	s = NULL;
	if (rf_plan_str(c, p, "predict", "profile_spacing", 0, &s))
		return -1;
	if (s && rf_profile_spacing_parse(s, &o->engine.profile_points_max))
		return rf_plan_bad(c, "predict", "profile_spacing", "'%s' is not dem, auto or a "
			   "number of points 16..100000", s);
	s = NULL;
	if (rf_plan_str(c, p, "predict", "products", 0, &s))
		return -1;
	if (s) {   /* "maps,gpkg", as --products */
		struct rf_error e;
		if (rf_products_parse(s, "products", &o->products, &e))
			return rf_plan_bad(c, "predict", "products", "%s", e.msg + strlen("products: "));
	}
	if (rf_plan_num(c, p, "predict", "radius_km", 0.01, 500, &o->engine.radius_km) ||
	    rf_plan_num(c, p, "predict", "main_radius_km", 0.01, 500, &o->engine.main_radius_km) ||
	    rf_plan_num(c, p, "predict", "ext_res_m", 1, 100000, &o->engine.ext_res_m) ||
	    rf_plan_num(c, p, "predict", "rx_height_m", 0.01, 3000, &o->engine.rx_height_m) ||
	    rf_plan_num(c, p, "predict", "rx_gain_dbi", -50, 50, &o->rx_gain_dbi) ||
	    rf_plan_num(c, p, "predict", "body_loss_db", 0, 100, &o->body_loss_db) ||
	    rf_plan_num(c, p, "predict", "noise_figure_db", 0, 50, &o->lte.noise_figure_db) ||
	    rf_plan_num(c, p, "predict", "load", 0, 1, &o->lte.load) ||
	    rf_plan_num(c, p, "predict", "overlap_margin_db", 0, 100, &o->lte.overlap_margin_db) ||
	    rf_plan_num(c, p, "predict", "min_rsrp_dbm", -200, 0, &o->lte.min_rsrp_dbm) ||
	    rf_plan_num(c, p, "predict", "k_factor", 0.1, 100, &m->k_factor) ||
	    rf_plan_num(c, p, "predict", "n0", 250, 400, &m->n0) ||
	    rf_plan_num(c, p, "predict", "dn", 1, 156, &m->dn) ||
	    rf_plan_num(c, p, "predict", "epsilon", 1, 1e6, &m->epsilon) ||
	    rf_plan_num(c, p, "predict", "sigma", 1e-9, 1e6, &m->sigma) ||
	    rf_plan_num(c, p, "predict", "time_pct", 0.1, 99.9, &m->time_pct) ||
	    rf_plan_num(c, p, "predict", "location_pct", 0.1, 99.9, &m->location_pct) ||
	    rf_plan_num(c, p, "predict", "situation_pct", 0.1, 99.9, &m->situation_pct) ||
	    rf_plan_int(c, p, "predict", "climate", 1, 7, &m->climate) ||
	    rf_plan_int(c, p, "predict", "mdvar", 0, 33, &m->mdvar) ||
	    rf_plan_bool(c, p, "predict", "strict", &o->strict) ||
	    rf_plan_bool(c, p, "predict", "clutter", &o->engine.use_clutter) ||
	    edges(c, p, "rsrp_classes_dbm", &o->rsrp_edges, &o->n_rsrp_edges) ||
	    edges(c, p, "sinr_classes_db", &o->sinr_edges, &o->n_sinr_edges) ||
	    cell_defaults(c, p, &r->cell_defaults))
		return -1;
	if (m->mdvar % 10 > 3)
		return rf_plan_bad(c, "predict", "mdvar", "%d is not 0..3 (+10, +20, +30)", m->mdvar);
	if ((o->engine.main_radius_km > 0) != (o->engine.ext_res_m > 0))
		return rf_plan_bad(c, "predict", o->engine.main_radius_km > 0 ? "main_radius_km"
			   : "ext_res_m", "needs %s too (two resolutions)",
			   o->engine.main_radius_km > 0 ? "ext_res_m" : "main_radius_km");
	if (o->engine.main_radius_km > 0 && !(o->engine.main_radius_km < o->engine.radius_km))
		return rf_plan_bad(c, "predict", "main_radius_km", "%g is not below radius_km %g",
			   o->engine.main_radius_km, o->engine.radius_km);
	if (json_object_get(p, "n0"))   /* --n0 sets P.1812's N0 too */
		m->p1812_n0 = m->n0;
	return 0;
}


/* The prediction request in run.json (src/engine/run_request.c): one writer, one
 * reader.  Every field of struct rf_predict_options is given a value that
 * differs from its default and from the other fields', written, read back
 * and compared byte for byte: a field the writer or the reader forgets
 * comes back as its default and fails the comparison.  A new field must be
 * added here too: the size check below fails until it is (LP64). */
#include "check.h"
#include "rfplan/p2109.h"
#include "rfplan/run_manifest.h"
#include "engine/run_manifest.h"

#include <jansson.h>
#include <string.h>
#include <unistd.h>

/* sizeof(struct rf_predict_options) when every field below is set; a
 * different size means a field was added or removed: give it a distinct
 * value in fill(), make run_request.c write and read it, then update this. */
#define REQUEST_BYTES 776

static const double rsrp_edges[] = { -71.25, -93.5, -121.75 };
static const double sinr_edges[] = { 17.5, -1.25 };

/* calibrated per-cell SPM offsets: one per cell, one for a whole site */
static struct rf_spm_offset offset_items[] = { { "S1", "2", 3.25 }, { "S2", NULL, -1.75 } };
static struct rf_spm_band band_items[] = { { 700.5, 800.5, { 1.5, 2.5, 3.5, 4.5, 5.5, 6.5,
							      7.5, 1 } } };
static const struct rf_spm_calib offsets = { offset_items, 2, band_items, 1, 12.5 };

static void fill(struct rf_predict_options *o)
{
	struct rf_engine_options *e = &o->engine;
	struct rf_model_options *m = &e->model;
	struct rf_lte_service_params *s = &o->service;
	rf_predict_options_default(o);
	m->model = RF_MODEL_P1812;
	m->k_factor = 1.0625;
	m->polarization = 0;
	m->climate = 3;
	m->n0 = 311.5;
	m->epsilon = 12.25;
	m->sigma = 0.0175;
	m->time_pct = 11.5;
	m->location_pct = 12.5;
	m->situation_pct = 13.5;
	m->mdvar = 2;
	m->env = RF_ENV_SUBURBAN;
	m->spm = (struct rf_spm_coeffs){ 21.5, 22.5, 23.5, 24.5, 25.5, 26.5, 27.5, 1 };
	m->spm_calib = &offsets;
	m->dn = 55.5;
	m->p1812_n0 = 333.5;
	m->dct_km = 4.5;
	m->dcr_km = 5.5;
	m->wa_m = 66.5;
	e->radius_km = 7.5;
	e->main_radius_km = 2.5;
	e->ext_res_m = 90.5;
	e->profile_points_max = 99;
	e->rx_height_m = 3.25;
	e->use_clutter = 0;
	e->threads = 3;
	e->clutter_loss = RF_CLUTTER_LOSS_P2108;
	e->clutter_pct = 77.5;
	/* tile_k, tile_n: tile.json's, not the request's (run_manifest.h) */
	o->lte.noise_figure_db = 8.5;
	o->lte.load = 0.625;
	o->lte.overlap_margin_db = 4.75;
	o->lte.min_rsrp_dbm = -118.5;
	o->rx_gain_dbi = 1.5;
	o->body_loss_db = 2.5;
	o->rsrp_edges = rsrp_edges;
	o->n_rsrp_edges = 3;
	o->sinr_edges = sinr_edges;
	o->n_sinr_edges = 2;
	o->per_cell = 1;
	o->strict = 1;
	o->indoor = 1;
	o->indoor_pct = 85.5;
	o->building_class = RF_P2109_THERMALLY_EFFICIENT;
	o->png_width_px = 1234;
	o->products = RF_PRODUCT_MAPS | RF_PRODUCT_GPKG | RF_PRODUCT_QGIS;
	s->enabled = 0;
	s->cqi.sinr_db[7] = 5.125;
	s->cqi.efficiency[9] = 2.875;
	s->dl.alpha = 0.5;
	s->dl.sinr_min_db = -9.5;
	s->dl.thr_max_bps_hz = 4.25;
	s->ul.alpha = 0.375;
	s->ul.sinr_min_db = -8.5;
	s->ul.thr_max_bps_hz = 3.75;
	s->mimo_layers = 2;
	s->crs_ports = 4;
	s->pdcch_symbols = 2;
	s->ue_power_dbm = 20.5;
	s->ul_rbs = 6;
	s->enb_noise_figure_db = 4.25;
	s->ul_iot_db = 2.25;
	s->sigma_db = 7.5;
	s->reliability_pct = 81.25;
	s->dl_target_mbps = 3.5;
	s->ul_target_mbps = 1.25;
	s->coverage_threshold_dbm = -105.5;
}

static json_t *root_of(const struct rf_predict_options *o)
{
	return json_pack("{s:b, s:o, s:o}", "rfplan_predict", 1, "model",
			 rf_run_model_json(&o->engine.model), "parameters", rf_run_params_json(o));
}

int main(void)
{
	struct rf_predict_options want, def;
	struct rf_run_request r;
	struct rf_error err;
	json_t *root;

	TEST_PLAN(5);
	TEST_BEGIN("run request: every field written and read back bit for bit");
	CHECK_MSG(sizeof(struct rf_predict_options) == REQUEST_BYTES,
		  "struct rf_predict_options is %zu bytes, not %d: a field was added; give it "
		  "a value in fill(), record it in run_request.c, update REQUEST_BYTES",
		  sizeof(struct rf_predict_options), REQUEST_BYTES);
	fill(&want);
	rf_predict_options_default(&def);
	/* every field differs from its default (the defaults are what a
	 * forgotten field would come back as) */
	CHECK(want.engine.model.model != def.engine.model.model &&
	      want.engine.model.polarization != def.engine.model.polarization &&
	      want.engine.model.env != def.engine.model.env &&
	      want.engine.model.spm.distance_km != def.engine.model.spm.distance_km &&
	      want.engine.use_clutter != def.engine.use_clutter &&
	      want.engine.clutter_loss != def.engine.clutter_loss &&
	      want.building_class != def.building_class && want.service.enabled != def.service.enabled);
	root = root_of(&want);
	CHECK(root != NULL);
	CHECK_MSG(rf_run_request_from_json("run.json", root, &r, &err) == 0, "%s", err.msg);
	CHECK(r.po.n_rsrp_edges == 3 && r.po.n_sinr_edges == 2 &&
	      memcmp(r.po.rsrp_edges, rsrp_edges, sizeof(rsrp_edges)) == 0 &&
	      memcmp(r.po.sinr_edges, sinr_edges, sizeof(sinr_edges)) == 0);
	const struct rf_spm_calib *ro = r.po.engine.model.spm_calib;
	CHECK(ro && ro->count == 2 && !strcmp(ro->items[0].site_id, "S1") &&
	      !strcmp(ro->items[0].cell_id, "2") && ro->items[0].offset_db == 3.25 &&
	      !strcmp(ro->items[1].site_id, "S2") && ro->items[1].cell_id == NULL &&
	      ro->items[1].offset_db == -1.75);
	CHECK(ro && ro->n_bands == 1 && ro->band_tolerance_mhz == 12.5 &&
	      memcmp(&ro->bands[0], &band_items[0], sizeof(band_items[0])) == 0);
	r.po.rsrp_edges = want.rsrp_edges;
	r.po.sinr_edges = want.sinr_edges;
	r.po.engine.model.spm_calib = want.engine.model.spm_calib;
	CHECK_MSG(memcmp(&r.po, &want, sizeof(want)) == 0,
		  "the request read back differs from the one written");
	r.po.rsrp_edges = r.rsrp_edges;
	r.po.sinr_edges = r.sinr_edges;
	rf_run_request_free(&r);
	TEST_END();

	TEST_BEGIN("run request: the defaults round-trip too (NAN sigma, no P.2108)");
	json_t *droot = root_of(&def);
	CHECK_MSG(rf_run_request_from_json("run.json", droot, &r, &err) == 0, "%s", err.msg);
	r.po.rsrp_edges = def.rsrp_edges;
	r.po.sinr_edges = def.sinr_edges;
	CHECK(isnan(r.po.service.sigma_db));
	r.po.service.sigma_db = def.service.sigma_db = 0;   /* null in JSON: any NAN */
	CHECK(memcmp(&r.po, &def, sizeof(def)) == 0);
	r.po.rsrp_edges = r.rsrp_edges;
	r.po.sinr_edges = r.sinr_edges;
	rf_run_request_free(&r);
	json_decref(droot);
	TEST_END();

	TEST_BEGIN("run request: a missing member is refused, naming it");
	json_t *cut = json_deep_copy(root);
	json_object_del(json_object_get(cut, "parameters"), "clutter_loss");
	CHECK(rf_run_request_from_json("x/run.json", cut, &r, &err) == -1);
	CHECK_MSG(strstr(err.msg, "x/run.json: parameters: Object item not found: clutter_loss"),
		  "%s", err.msg);
	CHECK(strstr(err.msg, "run rfplan predict again"));
	json_decref(cut);
	cut = json_deep_copy(root);
	json_object_del(json_object_get(json_object_get(cut, "model"), "p1812"), "dn");
	CHECK(rf_run_request_from_json("x/run.json", cut, &r, &err) == -1);
	CHECK_MSG(strstr(err.msg, "x/run.json: model: Object item not found: dn"), "%s", err.msg);
	json_decref(cut);
	TEST_END();

	TEST_BEGIN("run request: an unknown member is refused, naming it");
	cut = json_deep_copy(root);
	json_object_set_new(json_object_get(cut, "parameters"), "reliability_pct", json_real(90));
	CHECK(rf_run_request_from_json("x/run.json", cut, &r, &err) == -1);
	CHECK_MSG(strstr(err.msg, "x/run.json: parameters:") && strstr(err.msg, "reliability_pct"),
		  "%s", err.msg);
	json_decref(cut);
	cut = json_deep_copy(root);
	json_object_set_new(json_object_get(cut, "model"), "name", json_string("okumura"));
	CHECK(rf_run_request_from_json("x/run.json", cut, &r, &err) == -1);
	CHECK_MSG(strstr(err.msg, "model.name 'okumura' unknown"), "%s", err.msg);
	json_decref(cut);
	TEST_END();

	TEST_BEGIN("run request: rf_run_request_load needs rfplan predict's run.json");
	char path[] = "/tmp/rfplan-run-request-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	json_object_set_new(root, "rfplan_predict", json_false());
	CHECK(json_dumpfd(root, fd, 0) == 0);
	close(fd);
	CHECK(rf_run_request_load(path, &r, &err) == -1 &&
	      strstr(err.msg, "not an rfplan predict run.json"));
	json_object_set_new(root, "rfplan_predict", json_true());
	CHECK(json_dump_file(root, path, 0) == 0);
	CHECK_MSG(rf_run_request_load(path, &r, &err) == 0, "%s", err.msg);
	CHECK(r.po.engine.clutter_loss == RF_CLUTTER_LOSS_P2108 && r.po.engine.model.dn == 55.5);
	rf_run_request_free(&r);
	unlink(path);
	json_decref(root);
	TEST_END();
	return test_exit_status();
}

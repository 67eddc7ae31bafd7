/* The service-map options in run.json (lte_service_json.h). */
#include "lte_service_json.h"

#include <math.h>

static json_t *real_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

json_t *rf_lte_service_json(const struct rf_lte_service_params *p)
{
	json_t *thr = json_array(), *eff = json_array();
	for (int k = 1; k <= RF_CQI_MAX; k++) {
		json_array_append_new(thr, json_real(p->cqi.sinr_db[k]));
		json_array_append_new(eff, json_real(p->cqi.efficiency[k]));
	}
	return json_pack("{s:b, s:o, s:o, s:[f,f,f], s:[f,f,f], s:i, s:i, s:i, s:f, s:i, s:f,"
			 " s:f, s:o, s:f, s:f, s:f, s:f}",
			 "maps", p->enabled, "cqi_sinr_db", thr, "cqi_efficiency", eff,
			 "dl_shannon", p->dl.alpha, p->dl.sinr_min_db, p->dl.thr_max_bps_hz,
			 "ul_shannon", p->ul.alpha, p->ul.sinr_min_db, p->ul.thr_max_bps_hz,
			 "mimo_layers", p->mimo_layers, "crs_ports", p->crs_ports,
			 "pdcch_symbols", p->pdcch_symbols, "ue_power_dbm", p->ue_power_dbm,
			 "ul_rbs", p->ul_rbs, "enb_noise_figure_db", p->enb_noise_figure_db,
			 "ul_iot_db", p->ul_iot_db, "shadowing_sigma_db", real_or_null(p->sigma_db),
			 "reliability_pct", p->reliability_pct,
			 "coverage_threshold_dbm", p->coverage_threshold_dbm,
			 "dl_target_mbps", p->dl_target_mbps, "ul_target_mbps", p->ul_target_mbps);
}

int rf_lte_service_from_json(const json_t *j, struct rf_lte_service_params *p)
{
	json_t *thr = NULL, *eff = NULL, *sigma = NULL, *rel = NULL;
	int maps;
	rf_lte_service_default(p);
	if (!j) {
		p->enabled = 0;
		return 0;
	}
	if (json_unpack((json_t *)j, "{s:b, s:o, s:o, s:[F,F,F], s:[F,F,F], s:i, s:i, s:i, s:F,"
			" s:i, s:F, s:F, s:o, s?F, s?o, s:F, s?F, s?F}",
			"maps", &maps, "cqi_sinr_db", &thr, "cqi_efficiency", &eff,
			"dl_shannon", &p->dl.alpha, &p->dl.sinr_min_db, &p->dl.thr_max_bps_hz,
			"ul_shannon", &p->ul.alpha, &p->ul.sinr_min_db, &p->ul.thr_max_bps_hz,
			"mimo_layers", &p->mimo_layers, "crs_ports", &p->crs_ports,
			"pdcch_symbols", &p->pdcch_symbols, "ue_power_dbm", &p->ue_power_dbm,
			"ul_rbs", &p->ul_rbs, "enb_noise_figure_db", &p->enb_noise_figure_db,
			"ul_iot_db", &p->ul_iot_db, "shadowing_sigma_db", &sigma,
			"reliability_pct", &p->reliability_pct, "reliability", &rel,
			"coverage_threshold_dbm", &p->coverage_threshold_dbm,
			"dl_target_mbps", &p->dl_target_mbps, "ul_target_mbps", &p->ul_target_mbps) ||
	    json_array_size(thr) != RF_CQI_MAX || json_array_size(eff) != RF_CQI_MAX)
		return -1;
	p->enabled = maps;
	p->sigma_db = json_is_number(sigma) ? json_number_value(sigma) : NAN;
	/* run.json of rfplan before 0 < P < 100: "reliability" as a fraction */
	if (json_is_number(rel))
		p->reliability_pct = 100.0 * json_number_value(rel);
	for (int k = 1; k <= RF_CQI_MAX; k++) {
		p->cqi.sinr_db[k] = json_number_value(json_array_get(thr, k - 1));
		p->cqi.efficiency[k] = json_number_value(json_array_get(eff, k - 1));
	}
	return 0;
}

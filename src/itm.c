/* STUB: replaced by the ITM implementation (issue 3). */
#include "rfplan/itm.h"

int rf_itm_p2p(const struct rf_itm_params *p, const double *z_m, int n_points,
	       double step_m, struct rf_itm_result *out, struct rf_error *err)
{
	(void)p; (void)z_m; (void)n_points; (void)step_m; (void)out;
	return rf_error_set(err, "ITM: not implemented yet");
}

int rf_itm_area(const struct rf_itm_params *p, double dist_km, double delta_h_m,
		int tx_siting, int rx_siting, struct rf_itm_result *out,
		struct rf_error *err)
{
	(void)p; (void)dist_km; (void)delta_h_m; (void)tx_siting; (void)rx_siting; (void)out;
	return rf_error_set(err, "ITM: not implemented yet");
}

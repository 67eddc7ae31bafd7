/* ITM area mode [Alg section 3 "qlra", sections 4-5; NTIA's ITM_AREA_TLS]:
 * path parameters estimated from delta_h and the siting criteria. */
#include "itm_internal.h"

#include <string.h>

/* qlra [Alg eq. 3.2-3.4]: effective heights raised for careful siting,
 * horizons shortened by terrain irregularity. */
static void area_geometry(const int siting[2], double gamma_e, struct itm_path *path)
{
	const double dh = path->delta_h_m;

	for (int i = 0; i < 2; i++) {
		const double h_m = path->h_m[i];
		double d_ls_m;

		if (siting[i] == 0) {
			path->h_e_m[i] = h_m;
		} else {
			double b = siting[i] == 1 ? 4.0 : 9.0;
			if (h_m < 5.0)
				b *= sin(0.1 * ITM_PI * h_m);
			path->h_e_m[i] = h_m + (1.0 + b) * exp(-fmin(20.0, 2.0 * h_m / fmax(1e-3, dh)));
		}
		d_ls_m = sqrt(2.0 * path->h_e_m[i] / gamma_e);
		path->d_hzn_m[i] = d_ls_m * exp(-0.07 * sqrt(dh / fmax(path->h_e_m[i], 5.0)));
		path->theta_hzn_rad[i] =
			(0.65 * dh * (d_ls_m / path->d_hzn_m[i] - 1.0) - 2.0 * path->h_e_m[i]) / d_ls_m;
	}
}

int rf_itm_area(const struct rf_itm_params *p, double dist_km, double delta_h_m,
		int tx_siting, int rx_siting, struct rf_itm_result *out,
		struct rf_error *err)
{
	const int siting[2] = { tx_siting, rx_siting };
	struct itm_env env;
	struct itm_path path;
	double a_ref_db;
	int warnings = 0, mode = 0;

	memset(out, 0, sizeof(*out));
	if (rf_itm_validate(p, &warnings, err))
		return -1;
	if (!(dist_km > 0.0) || !isfinite(dist_km))
		return rf_error_set(err, "ITM: path distance %g km is not positive", dist_km);
	if (!(delta_h_m >= 0.0) || !isfinite(delta_h_m))
		return rf_error_set(err, "ITM: terrain irregularity delta_h %g m is negative",
				    delta_h_m);
	for (int i = 0; i < 2; i++)
		if (siting[i] < 0 || siting[i] > 2)
			return rf_error_set(err, "ITM: %s siting criteria %d is not 0 (random), "
					    "1 (careful) or 2 (very careful)",
					    i == 0 ? "transmitter" : "receiver", siting[i]);

	/* area mode takes N_s at sea level (h_sys = 0) */
	rf_itm_environment(p, 0.0, &env);
	path.dist_m = dist_km * 1000.0;
	path.delta_h_m = delta_h_m;
	path.h_m[0] = p->tx_height_m;
	path.h_m[1] = p->rx_height_m;
	area_geometry(siting, env.gamma_e, &path);
	if (rf_itm_reference_attenuation(&env, &path, 0, &a_ref_db, &mode, &warnings, err))
		return -1;

	out->free_space_db = rf_itm_free_space_db(path.dist_m, p->freq_mhz);
	out->loss_db = out->free_space_db +
		       rf_itm_variability(p, &path, a_ref_db, &warnings);
	out->ref_attenuation_db = a_ref_db;
	out->distance_m = path.dist_m;
	out->delta_h_m = delta_h_m;
	for (int i = 0; i < 2; i++) {
		out->horizon_dist_m[i] = path.d_hzn_m[i];
		out->horizon_angle_rad[i] = path.theta_hzn_rad[i];
		out->eff_height_m[i] = path.h_e_m[i];
	}
	out->n_s = env.n_s;
	out->mode = mode;
	out->warnings = warnings;
	return 0;
}

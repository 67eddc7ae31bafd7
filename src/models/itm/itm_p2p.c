/* ITM point-to-point mode on a terrain profile [Alg sections 2-5; NTIA's
 * ITM_P2P_TLS].  Thread-safe, no allocation. */
#include "itm_internal.h"

#include <string.h>

/* Mean terrain height over the middle 80 % of the profile (NTIA's h_sys,
 * which sets N_s), the lowest and highest heights, and a check that every
 * height is finite: the sum of all heights is finite only if each one is. */
static int mean_path_height(const double *z_m, int np, double *h_sys_m, double *z_min_m,
			    double *z_max_m, struct rf_error *err)
{
	const int p10 = (int)(0.1 * np);
	double all = 0.0, mid = 0.0, lo = z_m[0], hi = z_m[0];

	for (int i = 0; i < p10; i++) {
		all += z_m[i];
		lo = z_m[i] < lo ? z_m[i] : lo;
		hi = z_m[i] > hi ? z_m[i] : hi;
	}
	for (int i = p10; i <= np - p10; i++) {
		mid += z_m[i];
		lo = z_m[i] < lo ? z_m[i] : lo;
		hi = z_m[i] > hi ? z_m[i] : hi;
	}
	for (int i = np - p10 + 1; i <= np; i++) {
		all += z_m[i];
		lo = z_m[i] < lo ? z_m[i] : lo;
		hi = z_m[i] > hi ? z_m[i] : hi;
	}
	if (!isfinite(all + mid)) {
		for (int i = 0; i <= np; i++)
			if (!isfinite(z_m[i]))
				return rf_error_set(err, "ITM: terrain profile point %d of %d is %g",
						    i, np + 1, z_m[i]);
		return rf_error_set(err, "ITM: terrain profile heights too large to sum");
	}
	*h_sys_m = mid / (np - 2 * p10 + 1);
	*z_min_m = lo;
	*z_max_m = hi;
	return 0;
}

/* Everything after the input checks; warnings so far in *warnings. */
static int p2p_core(const struct itm_p2p_prep *prep, double tx_height_m,
		    double rx_height_m, const double *z_m, int n_points, double step_m,
		    int warnings, struct rf_itm_result *out, struct rf_error *err)
{
	struct itm_env env = prep->env;
	struct itm_path path;
	double h_sys_m = 0.0, z_min_m = 0.0, z_max_m = 0.0, a_ref_db;
	int mode = 0, np = n_points - 1;

	if (!z_m || n_points < 2)
		return rf_error_set(err, "ITM: terrain profile has %d points, need at least 2",
				    n_points);
	if (!(step_m > 0.0) || !isfinite(step_m))
		return rf_error_set(err, "ITM: terrain profile spacing %g m is not positive",
				    step_m);
	if (mean_path_height(z_m, np, &h_sys_m, &z_min_m, &z_max_m, err))
		return -1;

	rf_itm_environment_refractivity(prep->p.n0, h_sys_m, &env);
	path.h_m[0] = tx_height_m;
	path.h_m[1] = rx_height_m;
	rf_itm_profile_geometry(z_m, np, step_m, env.gamma_e, z_min_m, z_max_m, &path);
	if (rf_itm_reference_attenuation(&env, &path, 1, &a_ref_db, &mode, &warnings, err))
		return -1;

	/* rf_itm_free_space_db with its frequency term kept */
	out->free_space_db = prep->fs_const_db + 20.0 * log10(path.dist_m / 1000.0);
	out->loss_db = rf_itm_variability_prepared(&prep->var, &path, a_ref_db, &warnings) +
		       out->free_space_db;
	out->ref_attenuation_db = a_ref_db;
	out->distance_m = path.dist_m;
	out->delta_h_m = path.delta_h_m;
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

/* The parameters' part of the work, for parameters already checked. */
static void prepare(const struct rf_itm_params *p, int warnings, struct itm_p2p_prep *prep)
{
	prep->p = *p;
	prep->warnings = warnings;
	rf_itm_environment_ground(p, &prep->env);
	prep->fs_const_db = 32.45 + 20.0 * log10(p->freq_mhz);
	rf_itm_variability_prepare(p, &prep->var);
}

int rf_itm_p2p_prepare(const struct rf_itm_params *p, struct itm_p2p_prep *prep,
		       struct rf_error *err)
{
	int warnings = 0;

	memset(prep, 0, sizeof(*prep));
	if (rf_itm_validate_others(p, &warnings, err))
		return -1;
	prepare(p, warnings, prep);
	return 0;
}

int rf_itm_p2p_prepared(const struct itm_p2p_prep *prep, double tx_height_m,
			double rx_height_m, const double *z_m, int n_points, double step_m,
			struct rf_itm_result *out, struct rf_error *err)
{
	int warnings = prep->warnings;

	memset(out, 0, sizeof(*out));
	if (rf_itm_validate_heights(tx_height_m, rx_height_m, &warnings, err))
		return -1;
	return p2p_core(prep, tx_height_m, rx_height_m, z_m, n_points, step_m, warnings, out,
			err);
}

int rf_itm_p2p(const struct rf_itm_params *p, const double *z_m, int n_points,
	       double step_m, struct rf_itm_result *out, struct rf_error *err)
{
	struct itm_p2p_prep prep;
	int warnings = 0;

	memset(out, 0, sizeof(*out));
	if (rf_itm_validate(p, &warnings, err))
		return -1;
	prepare(p, 0, &prep);
	return p2p_core(&prep, p->tx_height_m, p->rx_height_m, z_m, n_points, step_m, warnings,
			out, err);
}

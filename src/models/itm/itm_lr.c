/* ITM reference attenuation A_ref [Alg section 4, "lrprop"]: straight
 * lines fitted to diffraction and troposcatter far beyond the horizon, and
 * a two-ray + diffraction blend in line of sight. */
#include "itm_internal.h"

/* alos [Alg 4.44-4.50]: two-ray attenuation over rough ground, blended with
 * the extended diffraction line A_d0 + m_d d. */
static double los_loss_db(double dist_m, const struct itm_env *env,
			  const struct itm_path *path, double m_d, double a_d0_db,
			  double d_sml_m)
{
	const double wn = env->wave_number;
	const double sigma_h_m =
		itm_sigma_h(itm_terrain_roughness(dist_m, path->delta_h_m));
	const double he_sum = path->h_e_m[0] + path->h_e_m[1];
	const double sin_psi = he_sum / sqrt(dist_m * dist_m + he_sum * he_sum); /* 4.46 */
	double complex r_e, rr;
	double q, delta_phi, a_t_db, w;

	/* [Alg 4.47, 4.48]: reflection coefficient reduced by roughness, its
	 * magnitude kept at least sqrt(sin psi) */
	r_e = (sin_psi - env->z_g) / (sin_psi + env->z_g) *
	      exp(-fmin(10.0, wn * sigma_h_m * sin_psi));
	q = creal(r_e) * creal(r_e) + cimag(r_e) * cimag(r_e);
	if (q < 0.25 || q < sin_psi)
		r_e *= sqrt(sin_psi / q);
	/* [Alg 4.49, 4.50]: phase difference between the rays */
	delta_phi = wn * 2.0 * path->h_e_m[0] * path->h_e_m[1] / dist_m;
	if (delta_phi > ITM_PI / 2.0)
		delta_phi = ITM_PI - (ITM_PI / 2.0) * (ITM_PI / 2.0) / delta_phi;
	rr = cos(delta_phi) - I * sin(delta_phi) + r_e;
	a_t_db = -10.0 * log10(creal(rr) * creal(rr) + cimag(rr) * cimag(rr));
	w = 1.0 / (1.0 + env->freq_mhz * path->delta_h_m / fmax(10e3, d_sml_m));
	return w * a_t_db + (1.0 - w) * (m_d * dist_m + a_d0_db);
}

/* Line-of-sight range [Alg 4.16-4.21, ERL79 eq. 3.16-3.21]:
 * A = A_o + k_1 d + k_2 ln d, fitted through two line-of-sight points and
 * the diffraction line at the smooth-earth horizon d_sML. */
static double los_range_db(const struct itm_env *env, const struct itm_path *path,
			   double m_d, double a_d0_db, double d_sml_m, double d_ml_m)
{
	const double dist_m = path->dist_m;
	const double a_sml_db = d_sml_m * m_d + a_d0_db;
	double d0_m = 0.04 * env->freq_mhz * path->h_e_m[0] * path->h_e_m[1]; /* 3.16a */
	double d1_m, a1_db, k1 = 0.0, k2 = 0.0;
	int fitted = 0;

	if (a_d0_db >= 0.0) {
		d0_m = fmin(d0_m, 0.5 * d_ml_m);
		d1_m = d0_m + 0.25 * (d_ml_m - d0_m);                  /* 3.16d */
	} else {
		d1_m = fmax(-a_d0_db / m_d, 0.25 * d_ml_m);
	}
	a1_db = los_loss_db(d1_m, env, path, m_d, a_d0_db, d_sml_m);
	if (d0_m < d1_m) {
		const double a0_db = los_loss_db(d0_m, env, path, m_d, a_d0_db, d_sml_m);
		const double q = log(d_sml_m / d0_m);
		/* [ERL79 eq. 3.20] */
		k2 = fmax(0.0, ((d_sml_m - d0_m) * (a1_db - a0_db) -
				(d1_m - d0_m) * (a_sml_db - a0_db)) /
				       ((d_sml_m - d0_m) * log(d1_m / d0_m) -
					(d1_m - d0_m) * q));
		fitted = a_d0_db > 0.0 || k2 > 0.0;
		if (fitted) {
			/* [ERL79 eq. 3.21] */
			k1 = (a_sml_db - a0_db - k2 * q) / (d_sml_m - d0_m);
			if (k1 < 0.0) {
				k1 = 0.0;
				k2 = fdim(a_sml_db, a0_db) / q;
				if (k2 == 0.0)
					k1 = m_d;
			}
		}
	}
	if (!fitted) {
		k1 = fdim(a_sml_db, a1_db) / (d_sml_m - d1_m);
		k2 = 0.0;
		if (k1 == 0.0)
			k1 = m_d;
	}
	/* [ERL79 eq. 3.19] */
	return a_sml_db - k1 * d_sml_m - k2 * log(d_sml_m) + k1 * dist_m + k2 * log(dist_m);
}

static void distance_warnings(const struct itm_path *path, int *warnings)
{
	const double d_min_m = fabs(path->h_e_m[0] - path->h_e_m[1]) / 200e-3;

	if (path->dist_m < d_min_m)
		*warnings |= RF_ITM_WARN_DIST_SMALL_1;
	if (path->dist_m < 1e3)
		*warnings |= RF_ITM_WARN_DIST_SMALL_2;
	if (path->dist_m > 1000e3)
		*warnings |= RF_ITM_WARN_DIST_BIG_1;
	if (path->dist_m > 2000e3)
		*warnings |= RF_ITM_WARN_DIST_BIG_2;
}

/* Horizon checks; the surface refractivity, effective earth and ground
 * impedance limits NTIA's lrprop refuses. */
static int check_geometry(const struct itm_env *env, const struct itm_path *path,
			  const double d_hzn_s_m[2], int *warnings, struct rf_error *err)
{
	for (int i = 0; i < 2; i++) {
		const int tx = i == 0;
		if (fabs(path->theta_hzn_rad[i]) > 200e-3)
			*warnings |= tx ? RF_ITM_WARN_TX_HORIZON_ANGLE : RF_ITM_WARN_RX_HORIZON_ANGLE;
		if (path->d_hzn_m[i] < 0.1 * d_hzn_s_m[i])
			*warnings |= tx ? RF_ITM_WARN_TX_HORIZON_DIST_1 : RF_ITM_WARN_RX_HORIZON_DIST_1;
		if (path->d_hzn_m[i] > 3.0 * d_hzn_s_m[i])
			*warnings |= tx ? RF_ITM_WARN_TX_HORIZON_DIST_2 : RF_ITM_WARN_RX_HORIZON_DIST_2;
	}
	if (!(env->n_s >= 150.0))
		return rf_error_set(err, "ITM: surface refractivity N_s %g N-units is below 150",
				    env->n_s);
	if (env->n_s > 400.0)
		return rf_error_set(err, "ITM: surface refractivity N_s %g N-units is above 400",
				    env->n_s);
	if (env->n_s < 250.0)
		*warnings |= RF_ITM_WARN_SURFACE_REFRACTIVITY;
	if (!(env->a_e_m >= 4000000.0 && env->a_e_m <= 13333333.0))
		return rf_error_set(err, "ITM: effective earth radius %g m is outside 4000..13333 km",
				    env->a_e_m);
	if (creal(env->z_g) <= fabs(cimag(env->z_g)))
		return rf_error_set(err, "ITM: ground impedance Z_g %g%+gi has Re <= |Im| "
				    "(check epsilon and sigma)", creal(env->z_g), cimag(env->z_g));
	return 0;
}

int rf_itm_reference_attenuation(const struct itm_env *env,
				 const struct itm_path *path, int p2p,
				 double *a_ref_db, int *mode, int *warnings,
				 struct rf_error *err)
{
	const double a_e_m = env->a_e_m;
	const double dist_m = path->dist_m;
	const double d_ml_m = path->d_hzn_m[0] + path->d_hzn_m[1];
	/* smooth-earth horizon distances and line-of-sight range */
	const double d_hzn_s_m[2] = { sqrt(2.0 * path->h_e_m[0] * a_e_m),
				      sqrt(2.0 * path->h_e_m[1] * a_e_m) };
	const double d_sml_m = d_hzn_s_m[0] + d_hzn_s_m[1];
	const double theta_los = -fmax(path->theta_hzn_rad[0] + path->theta_hzn_rad[1],
				       -d_ml_m / a_e_m);
	const double scale_m = cbrt(a_e_m * a_e_m / env->freq_mhz);
	struct itm_diff_setup ds;
	double d3_m, d4_m, a3_db, a4_db, m_d, a_d0_db, a_db;

	if (check_geometry(env, path, d_hzn_s_m, warnings, err))
		return -1;

	/* diffraction line through two distances well beyond the horizons */
	d3_m = fmax(d_sml_m, d_ml_m + 5.0 * scale_m);
	d4_m = d3_m + 10.0 * scale_m;
	rf_itm_diffraction_setup(env, path, p2p, d_sml_m, &ds);
	a3_db = rf_itm_diffraction_loss(d3_m, env, path, &ds, theta_los);
	a4_db = rf_itm_diffraction_loss(d4_m, env, path, &ds, theta_los);
	m_d = (a4_db - a3_db) / (d4_m - d3_m);
	a_d0_db = a3_db - m_d * d3_m;

	distance_warnings(path, warnings);

	if (dist_m < d_sml_m) {
		a_db = los_range_db(env, path, m_d, a_d0_db, d_sml_m, d_ml_m);
		*mode = RF_ITM_MODE_LOS;
	} else {
		/* troposcatter line through d_ML + 200 km and + 400 km; H_0
		 * from the far point feeds the near one */
		const double d5_m = d_ml_m + 200e3, d6_m = d_ml_m + 400e3;
		double h0_db = -1.0, a5_db, a6_db, m_s, a_s0_db, d_x_m;

		a6_db = rf_itm_troposcatter_loss(d6_m, env, path, theta_los, &h0_db);
		a5_db = rf_itm_troposcatter_loss(d5_m, env, path, theta_los, &h0_db);
		if (a5_db < 1000.0) {
			m_s = (a6_db - a5_db) / 200e3;
			/* diffraction-to-scatter transition distance */
			d_x_m = fmax(fmax(d_sml_m, d_ml_m + 1.088 * scale_m * log(env->freq_mhz)),
				     (a5_db - a_d0_db - m_s * d5_m) / (m_d - m_s));
			a_s0_db = (m_d - m_s) * d_x_m + a_d0_db;
		} else {
			/* no scatter prediction: stay on the diffraction line */
			m_s = m_d;
			a_s0_db = a_d0_db;
			d_x_m = 10e6;
		}
		if (dist_m > d_x_m) {
			a_db = m_s * dist_m + a_s0_db;
			*mode = RF_ITM_MODE_TROPOSCATTER;
		} else {
			a_db = m_d * dist_m + a_d0_db;
			*mode = RF_ITM_MODE_DIFFRACTION;
		}
	}
	*a_ref_db = fmax(a_db, 0.0);
	return 0;
}

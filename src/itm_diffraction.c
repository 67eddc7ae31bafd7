/* ITM diffraction attenuation [Alg section 4, "adiff"]: a weighted mix of
 * double knife-edge and smooth-earth (Vogler's three radii) diffraction,
 * plus a clutter term. */
#include "itm_internal.h"

/* Knife-edge loss for v^2 [TN101 vol. 2 eq. III.24b, III.24c]; 5.76 = 2.4^2. */
static double fresnel_knife_edge_db(double v2)
{
	if (v2 < 5.76)
		return 6.02 + 9.11 * sqrt(v2) - 1.27 * v2;
	return 12.953 + 10.0 * log10(v2);
}

/* Double knife edge over the two horizons [TN101 eq. I.7, I.1];
 * 0.0795775 = 1 / (4 pi). */
static double knife_edge_db(double dist_m, const struct itm_env *env,
			    const struct itm_path *path, double theta_los)
{
	const double d_ml_m = path->d_hzn_m[0] + path->d_hzn_m[1];
	const double theta_nlos = dist_m / env->a_e_m - theta_los;  /* [Alg 4.12] */
	const double d_nlos_m = dist_m - d_ml_m;
	const double c = 0.0795775 * env->wave_number * theta_nlos * theta_nlos * d_nlos_m;
	const double v1 = c * path->d_hzn_m[0] / (d_nlos_m + path->d_hzn_m[0]);
	const double v2 = c * path->d_hzn_m[1] / (d_nlos_m + path->d_hzn_m[1]);

	return fresnel_knife_edge_db(v1) + fresnel_knife_edge_db(v2);
}

/* Height-gain function F(x, K) of Vogler's method (Vogler 1964; [Alg 6.x]). */
static double height_gain_db(double x_km, double k)
{
	double w, f_db;

	if (x_km < 200.0) {
		w = -log(k);
		if (k < 1e-5 || x_km * w * w * w > 5495.0) {
			f_db = -117.0;
			if (x_km > 1.0)
				f_db += 17.372 * log(x_km);
		} else {
			f_db = 2.5e-5 * x_km * x_km / k - 8.686 * w - 15.0;
		}
		return f_db;
	}
	f_db = 0.05751 * x_km - 4.343 * log(x_km);
	if (x_km < 2000.0) {
		w = 0.0134 * x_km * exp(-0.005 * x_km);
		f_db = (1.0 - w) * f_db + w * (17.372 * log(x_km) - 117.0);
	}
	return f_db;
}

/* Smooth-earth diffraction, Vogler's three-radii method [Alg 4.20]: one
 * radius for the diffraction arc, one for each terminal's horizon. */
static double smooth_earth_db(double dist_m, const struct itm_env *env,
			      const struct itm_path *path, double theta_los)
{
	const double theta_nlos = dist_m / env->a_e_m - theta_los;   /* [Alg 4.12] */
	const double d_ml_m = path->d_hzn_m[0] + path->d_hzn_m[1];
	const double f_third = cbrt(env->freq_mhz);
	const double abs_zg = cabs(env->z_g);
	double radius_m[3], d_km[3], x_km[3], k[3];

	radius_m[0] = (dist_m - d_ml_m) / theta_nlos;
	radius_m[1] = 0.5 * path->d_hzn_m[0] * path->d_hzn_m[0] / path->h_e_m[0];
	radius_m[2] = 0.5 * path->d_hzn_m[1] * path->d_hzn_m[1] / path->h_e_m[1];
	d_km[0] = radius_m[0] * theta_nlos / 1000.0;
	d_km[1] = path->d_hzn_m[0] / 1000.0;
	d_km[2] = path->d_hzn_m[1] / 1000.0;

	for (int i = 0; i < 3; i++) {
		/* C_0 = (4/3 earth radius / radius)^(1/3) [Vogler 1964 eq. 2];
		 * K [eq. 6a, 7a]; B_0 from [Fig. 4] */
		double c0 = cbrt(4.0 / 3.0 * ITM_ACTUAL_EARTH_RADIUS_M / radius_m[i]);
		double b0;
		k[i] = 0.017778 * c0 / f_third / abs_zg;
		b0 = 1.607 - k[i];
		x_km[i] = b0 * c0 * c0 * f_third * d_km[i];
	}
	x_km[0] += x_km[1] + x_km[2];

	/* distance function G(x) [TN101 eq. 8.4] minus the two height gains */
	return 0.05751 * x_km[0] - 10.0 * log10(x_km[0]) -
	       height_gain_db(x_km[1], k[1]) - height_gain_db(x_km[2], k[2]) - 20.0;
}

/* adiff: A_d at dist_m (beyond the horizons), [ERL79 eq. 3.23, 3.38c]. */
double rf_itm_diffraction_loss(double dist_m, const struct itm_env *env,
			       const struct itm_path *path, int p2p,
			       double theta_los, double d_sml_m)
{
	const double f = env->freq_mhz;
	const double a_k_db = knife_edge_db(dist_m, env, path, theta_los);
	const double a_se_db = smooth_earth_db(dist_m, env, path, theta_los);
	const double hh = path->h_m[0] * path->h_m[1];
	const double d_ml_m = path->d_hzn_m[0] + path->d_hzn_m[1];
	double sigma_h_m, a_fo_db, delta_h_d_m, q, root, w;

	/* clutter factor over the smooth-earth line-of-sight range [ERL79
	 * p. 3-13, eq. 3.38c] */
	sigma_h_m = itm_sigma_h(itm_terrain_roughness(d_sml_m, path->delta_h_m));
	a_fo_db = fmin(15.0, 5.0 * log10(1.0 + 1e-5 * hh * f * sigma_h_m));

	/* weighting between smooth earth and knife edge [ERL79 eq. 3.23];
	 * C ~= 10 for low antennas on known paths (p. 3-8) */
	delta_h_d_m = itm_terrain_roughness(dist_m, path->delta_h_m);
	q = hh + (p2p ? 10.0 : 0.0);
	root = sqrt(1.0 + (path->h_e_m[0] * path->h_e_m[1] - hh) / q);
	q = (root + (-theta_los * env->a_e_m + d_ml_m) / dist_m) *
	    fmin(delta_h_d_m * env->wave_number, 6283.2);
	w = 25.1 / (25.1 + sqrt(q));
	return w * a_se_db + (1.0 - w) * a_k_db + a_fo_db;
}

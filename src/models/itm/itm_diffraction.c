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

/* C_0 = (4/3 earth radius / radius)^(1/3) [Vogler 1964 eq. 2], K [eq. 6a,
 * 7a] and x = B_0 C_0^2 f^(1/3) d, B_0 from [Fig. 4], for one radius. */
static double vogler_x_km(const struct itm_env *env, double radius_m, double d_km,
			  double *k)
{
	const double c0 = cbrt(4.0 / 3.0 * ITM_ACTUAL_EARTH_RADIUS_M / radius_m);
	double b0;

	*k = 0.017778 * c0 / env->f_third / env->abs_zg;
	b0 = 1.607 - *k;
	return b0 * c0 * c0 * env->f_third * d_km;
}

/* Smooth-earth diffraction, Vogler's three-radii method [Alg 4.20]: one
 * radius for the diffraction arc, one for each terminal's horizon.  The
 * terminals' terms do not depend on the distance: set up once per path. */
static double smooth_earth_db(double dist_m, const struct itm_env *env,
			      const struct itm_diff_setup *ds, double theta_los)
{
	const double theta_nlos = dist_m / env->a_e_m - theta_los;   /* [Alg 4.12] */
	const double radius_m = (dist_m - ds->d_ml_m) / theta_nlos;
	double k, x_km;

	x_km = vogler_x_km(env, radius_m, radius_m * theta_nlos / 1000.0, &k);
	x_km += ds->x_hzn_km;

	/* distance function G(x) [TN101 eq. 8.4] minus the two height gains */
	return 0.05751 * x_km - 10.0 * log10(x_km) - ds->gain_db[0] - ds->gain_db[1] - 20.0;
}

/* The parts of adiff that depend on the path but not on the distance it
 * is evaluated at (lrprop evaluates it at d_3 and d_4). */
void rf_itm_diffraction_setup(const struct itm_env *env, const struct itm_path *path,
			      int p2p, double d_sml_m, struct itm_diff_setup *ds)
{
	const double hh = path->h_m[0] * path->h_m[1];
	double x_km[2], k[2], sigma_h_m, q;

	ds->d_ml_m = path->d_hzn_m[0] + path->d_hzn_m[1];
	for (int i = 0; i < 2; i++) {
		const double radius_m = 0.5 * path->d_hzn_m[i] * path->d_hzn_m[i] / path->h_e_m[i];
		x_km[i] = vogler_x_km(env, radius_m, path->d_hzn_m[i] / 1000.0, &k[i]);
	}
	ds->x_hzn_km = x_km[0] + x_km[1];
	for (int i = 0; i < 2; i++)
		ds->gain_db[i] = height_gain_db(x_km[i], k[i]);

	/* clutter factor over the smooth-earth line-of-sight range [ERL79
	 * p. 3-13, eq. 3.38c] */
	sigma_h_m = itm_sigma_h(itm_terrain_roughness(d_sml_m, path->delta_h_m));
	ds->a_fo_db = fmin(15.0, 5.0 * log10(1.0 + 1e-5 * hh * env->freq_mhz * sigma_h_m));

	/* [ERL79 eq. 3.23]: C ~= 10 for low antennas on known paths (p. 3-8) */
	q = hh + (p2p ? 10.0 : 0.0);
	ds->root = sqrt(1.0 + (path->h_e_m[0] * path->h_e_m[1] - hh) / q);
}

/* adiff: A_d at dist_m (beyond the horizons), [ERL79 eq. 3.23, 3.38c]. */
double rf_itm_diffraction_loss(double dist_m, const struct itm_env *env,
			       const struct itm_path *path, const struct itm_diff_setup *ds,
			       double theta_los)
{
	const double a_k_db = knife_edge_db(dist_m, env, path, theta_los);
	const double a_se_db = smooth_earth_db(dist_m, env, ds, theta_los);
	double delta_h_d_m, q, w;

	/* weighting between smooth earth and knife edge [ERL79 eq. 3.23] */
	delta_h_d_m = itm_terrain_roughness(dist_m, path->delta_h_m);
	q = (ds->root + (-theta_los * env->a_e_m + ds->d_ml_m) / dist_m) *
	    fmin(delta_h_d_m * env->wave_number, 6283.2);
	w = 25.1 / (25.1 + sqrt(q));
	return w * a_se_db + (1.0 - w) * a_k_db + ds->a_fo_db;
}

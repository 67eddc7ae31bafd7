/* ITM variability [Alg section 5, "avar"]: the quantile of attenuation for
 * given time, location and situation percentages, per radio climate and
 * mode of variability.  Climate constants from [Alg Table 5.1] (the curve
 * fits of TN101 Fig. 10.13 in the form of TN101 vol. 2 eq. III.69/70). */
#include "itm_internal.h"

/* Per climate 1..7 (index climate - 1). */
struct climate_curves {
	double v_med[5];        /* V(0.5): c1, c2, x1, x2, x3 */
	double sigma_minus[5];  /* sigma_T-: the same form */
	double sigma_plus[5];   /* sigma_T+ */
	double c_d, z_d;        /* ducting tail [Alg Table 5.1] */
	double g_minus[3];      /* frequency factors g-(f), g+(f) */
	double g_plus[3];
};

static const struct climate_curves climate_table[7] = {
	{ { -9.67, 12.7, 144.9e3, 190.3e3, 133.8e3 },
	  { 2.13, 159.5, 762.2e3, 123.6e3, 94.5e3 },
	  { 2.11, 102.3, 636.9e3, 134.8e3, 95.6e3 },
	  1.224, 1.282, { 1.0, 0.0, 0.0 }, { 1.0, 0.0, 0.0 } },
	{ { -0.62, 9.19, 228.9e3, 205.2e3, 143.6e3 },
	  { 2.66, 7.67, 100.4e3, 172.5e3, 136.4e3 },
	  { 6.87, 15.53, 138.7e3, 143.7e3, 98.6e3 },
	  0.801, 2.161, { 1.0, 0.0, 0.0 }, { 0.93, 0.31, 2.00 } },
	{ { 1.26, 15.5, 262.6e3, 185.2e3, 99.8e3 },
	  { 6.11, 6.65, 138.2e3, 242.2e3, 178.6e3 },
	  { 10.08, 9.60, 165.3e3, 225.7e3, 129.7e3 },
	  1.380, 1.282, { 1.0, 0.0, 0.0 }, { 1.0, 0.0, 0.0 } },
	{ { -9.21, 9.05, 84.1e3, 101.1e3, 98.6e3 },
	  { 1.98, 13.11, 139.1e3, 132.7e3, 193.5e3 },
	  { 3.68, 159.3, 464.4e3, 93.1e3, 94.2e3 },
	  1.000, 20.0, { 1.0, 0.0, 0.0 }, { 0.93, 0.19, 1.79 } },
	{ { -0.62, 9.19, 228.9e3, 205.2e3, 143.6e3 },
	  { 2.68, 7.16, 93.7e3, 186.8e3, 133.5e3 },
	  { 4.75, 8.12, 93.2e3, 135.9e3, 113.4e3 },
	  1.224, 1.282, { 0.92, 0.25, 1.77 }, { 0.93, 0.31, 2.00 } },
	{ { -0.39, 2.86, 141.7e3, 315.9e3, 167.4e3 },
	  { 6.86, 10.38, 187.8e3, 169.6e3, 108.9e3 },
	  { 8.58, 13.97, 216.0e3, 152.0e3, 122.7e3 },
	  1.518, 1.282, { 1.0, 0.0, 0.0 }, { 1.0, 0.0, 0.0 } },
	{ { 3.15, 857.9, 2222.e3, 164.8e3, 116.3e3 },
	  { 8.51, 169.8, 609.8e3, 119.9e3, 106.6e3 },
	  { 8.43, 8.19, 136.2e3, 188.5e3, 122.9e3 },
	  1.518, 1.282, { 1.0, 0.0, 0.0 }, { 1.0, 0.0, 0.0 } },
};

/* [TN101 vol. 2 eq. III.69, III.70] */
static double curve(const double c[5], double d_e_m)
{
	const double r = (d_e_m - c[3]) / c[4];
	const double s = (d_e_m / c[2]) * (d_e_m / c[2]);

	return (c[0] + c[1] / (1.0 + r * r)) * s / (1.0 + s);
}

/* qerfi: inverse of the complementary normal distribution, Abramowitz &
 * Stegun 26.2.23 (|error| < 4.5e-4); q in (0, 1). */
static double inv_q(double q)
{
	const double c0 = 2.515516, c1 = 0.802853, c2 = 0.010328;
	const double d1 = 1.432788, d2 = 0.189269, d3 = 0.001308;
	const double x = q > 0.5 ? 1.0 - q : q;
	const double t = sqrt(-2.0 * log(x));
	const double z = t - ((c2 * t + c1) * t + c0) / (((d3 * t + d2) * t + d1) * t + 1.0);

	return q > 0.5 ? -z : z;
}

/* The parts of avar that depend on the parameters alone: the standard
 * normal deviates per mode of variability, the frequency factors of the
 * time variability and the frequency term of the effective distance. */
void rf_itm_variability_prepare(const struct rf_itm_params *p, struct itm_var_prep *vp)
{
	const struct climate_curves *cc = &climate_table[p->climate - 1];
	const double wn = p->freq_mhz / 47.7;
	double q;
	int kind = p->mdvar;

	vp->cc = cc;
	vp->wn = wn;
	vp->z_s = inv_q(p->situation_pct / 100.0);
	vp->z_t = inv_q(p->time_pct / 100.0);
	vp->z_l = inv_q(p->location_pct / 100.0);
	vp->d_ex_freq_m = cbrt(575.7e12 / wn);

	/* +20 removes situation variability, +10 location variability
	 * (Hufford 1982) */
	vp->no_situation = kind >= 20;
	if (vp->no_situation)
		kind -= 20;
	vp->no_location = kind >= 10;
	if (vp->no_location)
		kind -= 10;
	vp->kind = kind;
	if (kind == RF_ITM_SINGLE_MESSAGE) {
		vp->z_t = vp->z_s;
		vp->z_l = vp->z_s;
	} else if (kind == RF_ITM_ACCIDENTAL) {
		vp->z_l = vp->z_s;
	} else if (kind == RF_ITM_MOBILE) {
		vp->z_l = vp->z_t;
	}
	vp->warnings = fabs(vp->z_t) > 3.10 || fabs(vp->z_l) > 3.10 || fabs(vp->z_s) > 3.10
		? RF_ITM_WARN_EXTREME_VARIABILITY : 0;

	q = log(0.133 * wn);
	vp->g_m = cc->g_minus[0] + cc->g_minus[1] /
				   ((cc->g_minus[2] * q) * (cc->g_minus[2] * q) + 1.0);
	vp->g_p = cc->g_plus[0] + cc->g_plus[1] /
				  ((cc->g_plus[2] * q) * (cc->g_plus[2] * q) + 1.0);
}

double rf_itm_variability(const struct rf_itm_params *p,
			  const struct itm_path *path, double a_ref_db,
			  int *warnings)
{
	struct itm_var_prep vp;

	rf_itm_variability_prepare(p, &vp);
	return rf_itm_variability_prepared(&vp, path, a_ref_db, warnings);
}

double rf_itm_variability_prepared(const struct itm_var_prep *vp,
				   const struct itm_path *path, double a_ref_db,
				   int *warnings)
{
	const struct climate_curves *cc = vp->cc;
	const double wn = vp->wn, z_s = vp->z_s, z_t = vp->z_t, z_l = vp->z_l;
	const int kind = vp->kind;
	double d_ex_m, d_e_m, sigma_s, sigma_l, v_med_db;
	double sigma_tm, sigma_tp, sigma_td, sigma_t, y_t, y_l, y_s0, y_r, y_s, a_db;

	/* effective distance [Alg 5.3] */
	d_ex_m = sqrt(2.0 * ITM_A9000_M * path->h_e_m[0]) +
		 sqrt(2.0 * ITM_A9000_M * path->h_e_m[1]) + vp->d_ex_freq_m;
	d_e_m = path->dist_m < d_ex_m ? 130e3 * path->dist_m / d_ex_m
				     : 130e3 + path->dist_m - d_ex_m;

	/* situation variability [Alg 5.10] */
	sigma_s = vp->no_situation ? 0.0 : 5.0 + 3.0 * exp(-d_e_m / 100e3);
	v_med_db = curve(cc->v_med, d_e_m);
	*warnings |= vp->warnings;

	/* location variability [Alg 5.9] */
	if (vp->no_location) {
		sigma_l = 0.0;
	} else {
		const double dh_d = itm_terrain_roughness(path->dist_m, path->delta_h_m);
		sigma_l = 10.0 * wn * dh_d / (wn * dh_d + 13.0);
	}
	y_l = sigma_l * z_l;

	/* time variability, with the ducting tail beyond z_d */
	sigma_tm = curve(cc->sigma_minus, d_e_m) * vp->g_m;
	sigma_tp = curve(cc->sigma_plus, d_e_m) * vp->g_p;
	sigma_td = cc->c_d * sigma_tp;
	if (z_t < 0.0)
		sigma_t = sigma_tm;
	else if (z_t <= cc->z_d)
		sigma_t = sigma_tp;
	else
		sigma_t = sigma_td + (sigma_tp - sigma_td) * cc->z_d / z_t;
	y_t = sigma_t * z_t;

	/* combination [Alg 5.11] */
	y_s0 = sigma_s * sigma_s + y_t * y_t / (7.8 + z_s * z_s) +
	       y_l * y_l / (24.0 + z_s * z_s);
	if (kind == RF_ITM_SINGLE_MESSAGE) {
		y_r = 0.0;
		y_s = sqrt(sigma_t * sigma_t + sigma_l * sigma_l + y_s0) * z_s;
	} else if (kind == RF_ITM_ACCIDENTAL) {
		y_r = y_t;
		y_s = sqrt(sigma_l * sigma_l + y_s0) * z_s;
	} else if (kind == RF_ITM_MOBILE) {
		y_r = sqrt(sigma_t * sigma_t + sigma_l * sigma_l) * z_t;
		y_s = sqrt(y_s0) * z_s;
	} else {
		y_r = y_t + y_l;
		y_s = sqrt(y_s0) * z_s;
	}

	a_db = a_ref_db - v_med_db - y_r - y_s;
	/* soft floor for negative attenuation [Alg eq. 5.12] */
	if (a_db < 0.0)
		a_db = a_db * (29.0 - a_db) / (29.0 - 10.0 * a_db);
	return a_db;
}

/* ITM forward-scatter (troposcatter) attenuation [Alg section 4, "ascat"],
 * after NBS Technical Note 101 chapter 9. */
#include "itm_internal.h"

/* Attenuation function F(theta d) [Alg eq. 6.9], theta_d in metres*rad. */
static double scatter_f_db(double theta_d)
{
	static const double a[] = { 133.4, 104.6, 71.8 };
	static const double b[] = { 0.332e-3, 0.212e-3, 0.157e-3 };
	static const double c[] = { -10.0, -2.5, 5.0 };
	int i = theta_d <= 10e3 ? 0 : theta_d <= 70e3 ? 1 : 2;

	return a[i] + b[i] * theta_d + c[i] * log10(theta_d);
}

/* One curve H_01(r, j) of the frequency gain function [Alg eq. 6.13]. */
static double h0_curve_db(int j, double r)
{
	static const double a[] = { 25.0, 80.0, 177.0, 395.0, 705.0 };
	static const double b[] = { 24.0, 45.0, 68.0, 80.0, 105.0 };
	const double r2 = 1.0 / (r * r);

	return 10.0 * log10(1.0 + a[j] * r2 * r2 + b[j] * r2);
}

/* H_0(r, eta_s) [TN101 section 9.2]: interpolated between the curves for
 * integer eta_s, 1 <= eta_s <= 5. */
static double h0_db(double r, double eta_s)
{
	double frac, h_db;
	int i;

	eta_s = fmin(fmax(eta_s, 1.0), 5.0);
	i = (int)eta_s;
	frac = eta_s - i;
	h_db = h0_curve_db(i - 1, r);
	if (frac != 0.0)
		h_db = (1.0 - frac) * h_db + frac * h0_curve_db(i, r);
	return h_db;
}

/* ascat: A_scat at dist_m.  Returns 1001 dB where it is undefined (both
 * r_1 and r_2 below 0.2 [Alg p. 11]).  *h0_db is H_0 from a previous call
 * (negative for none): a value above 15 dB is reused rather than
 * recomputed, and a new value above 15 dB is replaced by the previous one
 * ([Alg p. 12]: at d_5 use H_0 from d_6). */
double rf_itm_troposcatter_loss(double dist_m, const struct itm_env *env,
				const struct itm_path *path, double theta_los,
				double *h0_db_io)
{
	const double sqrt2 = sqrt(2.0);
	const double wn = env->wave_number;
	double h0, th;

	if (*h0_db_io > 15.0) {
		h0 = *h0_db_io;
	} else {
		double ad_m = path->d_hzn_m[0] - path->d_hzn_m[1];
		double rr = path->h_e_m[1] / path->h_e_m[0];
		double theta, r1, r2, s, q, h0_m, eta_s, h00, dh0;

		if (ad_m < 0.0) {
			ad_m = -ad_m;
			rr = 1.0 / rr;
		}
		theta = path->theta_hzn_rad[0] + path->theta_hzn_rad[1] + dist_m / env->a_e_m;
		r1 = 2.0 * wn * theta * path->h_e_m[0];   /* [TN101 eq. 9.4a] */
		r2 = 2.0 * wn * theta * path->h_e_m[1];
		if (r1 < 0.2 && r2 < 0.2)
			return 1001.0;
		/* asymmetry s and q, truncated to 0.1..10 [Alg p. 16, TN101 9.5] */
		s = (dist_m - ad_m) / (dist_m + ad_m);
		q = fmin(fmax(0.1, rr / s), 10.0);
		s = fmax(0.1, s);
		/* height of the crossover [Alg 4.66], scattering efficiency
		 * eta_s with Z_0 = 1.7556 km, Z_1 = 8 km [Alg 4.67, TN101 9.3a] */
		h0_m = (dist_m - ad_m) * (dist_m + ad_m) * theta * 0.25 / dist_m;
		eta_s = (h0_m / 1.7556e3) *
			(1.0 + (0.031 - env->n_s * 2.32e-3 + env->n_s * env->n_s * 5.67e-6) *
				       exp(-pow(fmin(1.7, h0_m / 8.0e3), 6)));
		h00 = (h0_db(r1, eta_s) + h0_db(r2, eta_s)) / 2.0;
		dh0 = fmin(h00, 6.0 * (0.6 - log10(fmax(eta_s, 1.0))) * log10(s) * log10(q));
		h0 = fmax(h00 + dh0, 0.0);   /* [TN101 9.5, p. 9.4] */
		if (eta_s < 1.0)
			/* interpolate towards the eta_s = 0 special case */
			h0 = eta_s * h0 + (1.0 - eta_s) * 10.0 *
				log10((1.0 + sqrt2 / r1) * (1.0 + sqrt2 / r1) *
				      (1.0 + sqrt2 / r2) * (1.0 + sqrt2 / r2) *
				      (r1 + r2) / (r1 + r2 + 2.0 * sqrt2));
		if (h0 > 15.0 && *h0_db_io >= 0.0)
			h0 = *h0_db_io;
	}
	*h0_db_io = h0;
	th = dist_m / env->a_e_m - theta_los;
	/* [Alg 4.63], D_0 = 40 km [Alg 6.8], H = 47.7 m */
	return scatter_f_db(th * dist_m) + 10.0 * log10(wn * 47.7 * th * th * th * th) -
	       0.1 * (env->n_s - 301.0) * exp(-th * dist_m / 40e3) + h0;
}

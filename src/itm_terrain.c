/* ITM point-to-point: path parameters from a terrain profile [Alg section
 * 3]: radio horizons (hzns), least-squares fits (zlsq1), the terrain
 * irregularity delta_h (dlthx) and effective heights (qlrpfl).  The profile
 * is z_m[0..np], spaced step_m.  No allocation: dlthx resamples into a
 * fixed 245-point local array. */
#include "itm_internal.h"

#define DLTHX_MAX_POINTS 245 /* 10 * 25 - 5, the most dlthx resamples */

/* hzns [Alg section 3, TN101 eq. 6.15]: the highest elevation angle seen
 * from each terminal, and the distance to where it is seen.  When nothing
 * rises above the direct ray the horizon is the other terminal. */
static void find_horizons(const double *z_m, int np, double step_m, double a_e_m,
			  struct itm_path *path)
{
	const double dist_m = np * step_m;
	const double z_tx_m = z_m[0] + path->h_m[0];
	const double z_rx_m = z_m[np] + path->h_m[1];
	const double half_curv = 1.0 / (2.0 * a_e_m);
	double d_tx_m = 0.0, d_rx_m = dist_m;
	double th_tx, th_rx;

	th_tx = (z_rx_m - z_tx_m) / dist_m - dist_m * half_curv;
	th_rx = -(z_rx_m - z_tx_m) / dist_m - dist_m * half_curv;
	path->d_hzn_m[0] = dist_m;
	path->d_hzn_m[1] = dist_m;
	for (int i = 1; i < np; i++) {
		double t_tx, t_rx;
		d_tx_m += step_m;
		d_rx_m -= step_m;
		t_tx = (z_m[i] - z_tx_m) / d_tx_m - d_tx_m * half_curv;
		t_rx = -(z_rx_m - z_m[i]) / d_rx_m - d_rx_m * half_curv;
		if (t_tx > th_tx) {
			th_tx = t_tx;
			path->d_hzn_m[0] = d_tx_m;
		}
		if (t_rx > th_rx) {
			th_rx = t_rx;
			path->d_hzn_m[1] = d_rx_m;
		}
	}
	path->theta_hzn_rad[0] = th_tx;
	path->theta_hzn_rad[1] = th_rx;
}

/* zlsq1: least-squares line through z over [start_m, end_m] (clipped to
 * the profile, widened to at least one step); returns the line's heights at
 * the profile's two ends (x = 0 and x = np). */
static void fit_line(const double *z_m, int np, double step_m, double start_m,
		     double end_m, double *at_start_m, double *at_end_m)
{
	int i_start = (int)fdim(start_m / step_m, 0.0);
	int i_end = np - (int)fdim(np, end_m / step_m);
	double x_len, x_mid, x_mid_end, sum_y, sum_xy;

	if (i_end <= i_start) {
		i_start = (int)fdim(i_start, 1.0);
		i_end = np - (int)fdim(np, i_end + 1.0);
	}
	x_len = i_end - i_start;
	/* x measured from the middle of the interval; the end points carry
	 * half weight (trapezoidal sums, as zlsq1) */
	x_mid = -0.5 * x_len;
	x_mid_end = i_end + x_mid;
	sum_y = 0.5 * (z_m[i_start] + z_m[i_end]);
	sum_xy = 0.5 * (z_m[i_start] - z_m[i_end]) * x_mid;
	for (int i = i_start + 1; i < i_end; i++) {
		x_mid += 1.0;
		sum_y += z_m[i];
		sum_xy += z_m[i] * x_mid;
	}
	sum_y /= x_len;
	sum_xy = sum_xy * 12.0 / ((x_len * x_len + 2.0) * x_len);
	*at_start_m = sum_y - sum_xy * x_mid_end;
	*at_end_m = sum_y + sum_xy * (np - x_mid_end);
}

/* Wirth's selection: the k-th smallest (0-based) of a[0..n-1], reordering a
 * so that a[0..k-1] <= a[k] <= a[k+1..n-1].  Tried and slower here: a
 * one-pass top-m buffer (the residuals of a profile come in long monotone
 * runs), a branch-free out-of-place three-way partition (its stores
 * depend on the previous comparison) and a first pass around a pivot
 * sampled near the answer (Floyd-Rivest's idea): none faster. */
static double select_kth(double *a, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = a[k];
		int i = lo, j = hi;
		do {
			while (a[i] < pivot)
				i++;
			while (pivot < a[j])
				j--;
			if (i <= j) {
				double t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				j--;
			}
		} while (i <= j);
		if (j < k)
			lo = i;
		if (k < i)
			hi = j;
	}
	return a[k];
}

/* dlthx [Alg section 3]: delta_h between start_m and end_m.  The profile is
 * resampled at n = 10 p10 - 5 points, a least-squares line removed, and the
 * interdecile range of the residuals (10th largest percentile minus 90th)
 * scaled up to an infinite path by inverting [ERL79 eq. 3]. */
static double delta_h(const double *z_m, int np, double step_m, double start_m,
		      double end_m)
{
	double s[DLTHX_MAX_POINTS];
	double x_start = start_m / step_m, x_end = end_m / step_m;
	double x_step, fit_a, fit_b, slope, q10, q90;
	int p10, n, i;

	if (x_end - x_start < 2.0)
		return 0.0;
	p10 = (int)(0.1 * (x_end - x_start + 8.0));
	if (p10 < 4)
		p10 = 4;
	if (p10 > 25)
		p10 = 25;
	n = 10 * p10 - 5;
	x_step = (x_end - x_start) / (n - 1);
	i = (int)x_start;
	/* the float rounding is dlthx's; it is exact for any real profile */
	x_start -= (float)(i + 1.0);
	for (int j = 0; j < n; j++) {
		while (x_start > 0.0 && i + 1 < np) {
			x_start -= 1.0;
			i++;
		}
		s[j] = z_m[i + 1] + (z_m[i + 1] - z_m[i]) * x_start;
		x_start += x_step;
	}
	fit_line(s, n - 1, 1.0, 0.0, n - 1, &fit_a, &fit_b);
	slope = (fit_b - fit_a) / (n - 1);
	for (int j = 0; j < n; j++) {
		s[j] -= fit_a;
		fit_a += slope;
	}
	/* the p10-th largest minus the (n - p10 + 1)-th largest, i.e. in
	 * ascending order index n - p10 minus index p10 - 1 */
	q10 = select_kth(s, n, n - p10);
	/* after that, s[0..n-p10-1] holds the n-p10 smallest: the lower
	 * quantile is among them (the same order statistic, found in less) */
	q90 = select_kth(s, n - p10, p10 - 1);
	return (q10 - q90) / (1.0 - 0.8 * exp(-(end_m - start_m) / 50e3));
}

/* qlrpfl [Alg section 3]: horizons, delta_h and effective heights.  The
 * terrain is considered from min(15 h, 0.1 d_hzn) from each end
 * (Hufford 1982, p. 25). */
void rf_itm_profile_geometry(const double *z_m, int np, double step_m,
			     double gamma_e, struct itm_path *path)
{
	const double a_e_m = 1.0 / gamma_e;
	const double dist_m = np * step_m;
	double start_m, end_m, fit_tx_m, fit_rx_m, unused_m;

	path->dist_m = dist_m;
	find_horizons(z_m, np, step_m, a_e_m, path);
	start_m = fmin(15.0 * path->h_m[0], 0.1 * path->d_hzn_m[0]);
	end_m = dist_m - fmin(15.0 * path->h_m[1], 0.1 * path->d_hzn_m[1]);
	path->delta_h_m = delta_h(z_m, np, step_m, start_m, end_m);

	if (path->d_hzn_m[0] + path->d_hzn_m[1] > 1.5 * dist_m) {
		/* well inside line of sight: effective heights over one fit
		 * of the whole path, horizons as in area mode [Alg eq. 3.3,
		 * 3.4], heights scaled up if the horizons fall short */
		const double dh = path->delta_h_m;
		double sum_m;
		fit_line(z_m, np, step_m, start_m, end_m, &fit_tx_m, &fit_rx_m);
		path->h_e_m[0] = path->h_m[0] + fdim(z_m[0], fit_tx_m);
		path->h_e_m[1] = path->h_m[1] + fdim(z_m[np], fit_rx_m);
		for (int i = 0; i < 2; i++)
			path->d_hzn_m[i] = sqrt(2.0 * path->h_e_m[i] * a_e_m) *
					   exp(-0.07 * sqrt(dh / fmax(path->h_e_m[i], 5.0)));
		sum_m = path->d_hzn_m[0] + path->d_hzn_m[1];
		if (sum_m <= dist_m) {
			double q = (dist_m / sum_m) * (dist_m / sum_m);
			for (int i = 0; i < 2; i++) {
				path->h_e_m[i] *= q;
				path->d_hzn_m[i] = sqrt(2.0 * path->h_e_m[i] * a_e_m) *
						   exp(-0.07 * sqrt(dh / fmax(path->h_e_m[i], 5.0)));
			}
		}
		for (int i = 0; i < 2; i++) {
			double d_ls_m = sqrt(2.0 * path->h_e_m[i] * a_e_m);
			path->theta_hzn_rad[i] =
				(0.65 * dh * (d_ls_m / path->d_hzn_m[i] - 1.0) -
				 2.0 * path->h_e_m[i]) / d_ls_m;
		}
	} else {
		/* effective heights over the foreground up to 0.9 of each
		 * horizon distance */
		fit_line(z_m, np, step_m, start_m, 0.9 * path->d_hzn_m[0], &fit_tx_m,
			 &unused_m);
		path->h_e_m[0] = path->h_m[0] + fdim(z_m[0], fit_tx_m);
		fit_line(z_m, np, step_m, dist_m - 0.9 * path->d_hzn_m[1], end_m, &unused_m,
			 &fit_rx_m);
		path->h_e_m[1] = path->h_m[1] + fdim(z_m[np], fit_rx_m);
	}
}

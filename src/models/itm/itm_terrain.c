/* ITM point-to-point: path parameters from a terrain profile [Alg section
 * 3]: radio horizons (hzns), least-squares fits (zlsq1), the terrain
 * irregularity delta_h (dlthx) and effective heights (qlrpfl).  The profile
 * is z_m[0..np], spaced step_m.  No allocation: dlthx resamples into a
 * fixed 245-point local array. */
#include "itm_internal.h"

#define DLTHX_MAX_POINTS 245 /* 10 * 25 - 5, the most dlthx resamples */
#define DECILE_SAMPLES 11    /* residuals sampled for remove_line_select */
#define FEW_MAX 96           /* largest group for select_kth_few */

/* hzns [Alg section 3, TN101 eq. 6.15]: the highest elevation angle seen
 * from each terminal, and the distance to where it is seen.  When nothing
 * rises above the direct ray the horizon is the other terminal.
 *
 * The angle of point i from the transmitter is t = a / d - d / (2 a_e),
 * a = z_i - z_tx; it is a new horizon when t > th.  The divisions are
 * needed only for candidates: a point is passed over when
 * w = a - (th + d / (2 a_e)) d, the same test multiplied by d, is below
 * -margin, where margin = 1e-12 (max |a| + |th| dist + dist^2 / (2 a_e))
 * exceeds the rounding error of both forms (under 1e-15 of those terms)
 * by a factor of 1000: every point the division form would take is still
 * tested in that form, so the horizons are the same bits.  z_min_m and
 * z_max_m bound the profile heights. */
static void find_horizons(const double *z_m, int np, double step_m, double a_e_m,
			  double z_min_m, double z_max_m, struct itm_path *path)
{
	const double dist_m = np * step_m;
	const double z_tx_m = z_m[0] + path->h_m[0];
	const double z_rx_m = z_m[np] + path->h_m[1];
	const double half_curv = 1.0 / (2.0 * a_e_m);
	const double a_tx_max_m = fmax(z_max_m - z_tx_m, z_tx_m - z_min_m);
	const double a_rx_max_m = fmax(z_max_m - z_rx_m, z_rx_m - z_min_m);
	const double bulge_m = dist_m * dist_m * half_curv;
	double d_tx_m = 0.0, d_rx_m = dist_m;
	double th_tx, th_rx, margin_tx, margin_rx;

	th_tx = (z_rx_m - z_tx_m) / dist_m - dist_m * half_curv;
	th_rx = -(z_rx_m - z_tx_m) / dist_m - dist_m * half_curv;
	margin_tx = -1e-12 * (a_tx_max_m + fabs(th_tx) * dist_m + bulge_m);
	margin_rx = -1e-12 * (a_rx_max_m + fabs(th_rx) * dist_m + bulge_m);
	path->d_hzn_m[0] = dist_m;
	path->d_hzn_m[1] = dist_m;
	for (int i = 1; i < np; i++) {
		const double a_tx = z_m[i] - z_tx_m, a_rx = z_m[i] - z_rx_m;
		d_tx_m += step_m;
		d_rx_m -= step_m;
		if (a_tx - (th_tx + d_tx_m * half_curv) * d_tx_m >= margin_tx) {
			const double t_tx = (z_m[i] - z_tx_m) / d_tx_m - d_tx_m * half_curv;
			if (t_tx > th_tx) {
				th_tx = t_tx;
				path->d_hzn_m[0] = d_tx_m;
				margin_tx = -1e-12 * (a_tx_max_m + fabs(th_tx) * dist_m + bulge_m);
			}
		}
		if (a_rx - (th_rx + d_rx_m * half_curv) * d_rx_m >= margin_rx) {
			const double t_rx = -(z_rx_m - z_m[i]) / d_rx_m - d_rx_m * half_curv;
			if (t_rx > th_rx) {
				th_rx = t_rx;
				path->d_hzn_m[1] = d_rx_m;
				margin_rx = -1e-12 * (a_rx_max_m + fabs(th_rx) * dist_m + bulge_m);
			}
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
 * so that a[0..k-1] <= a[k] <= a[k+1..n-1].  Used on all of dlthx's
 * residuals only when remove_line_select's thresholds fall short, and on
 * large groups (ties).  Tried on all the residuals and not faster: a
 * one-pass top-m buffer (the residuals of a profile come in long monotone
 * runs), a branch-free out-of-place three-way partition (its stores depend
 * on the previous comparison), a first pass around one pivot sampled near
 * the answer (Floyd-Rivest's idea). */
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

/* select_kth for a few values: quickselect with Lomuto's partition done
 * branch-free (each value is swapped into place whether or not it belongs
 * below the pivot; the boundary moves by the comparison), where Wirth's
 * scanning loops mispredict a branch at nearly every exchange.  Values
 * equal to the pivot go above it, so each tied value can cost a round: at
 * most n^2 / 2 steps, hence the size limit.  On dlthx's groups (20 km bench
 * case, callgrind's branch simulation): 9.9 M mispredicted branches in
 * dlthx instead of 18.6 M; 5 % less CPU at 30 km. */
static double select_kth_few(double *a, int n, int k)
{
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		const int mid = lo + (hi - lo) / 2;
		const double pivot = a[mid];
		int store = lo;
		a[mid] = a[hi];
		a[hi] = pivot;
		for (int i = lo; i < hi; i++) {
			const double v = a[i];
			a[i] = a[store];
			a[store] = v;
			store += v < pivot;
		}
		a[hi] = a[store];
		a[store] = pivot;
		if (k == store)
			return pivot;
		if (k < store)
			hi = store - 1;
		else
			lo = store + 1;
	}
	return a[k];
}

static double select_group(double *a, int n, int k)
{
	return n <= FEW_MAX ? select_kth_few(a, n, k) : select_kth(a, n, k);
}

/* Removes the line fit_a + j slope from s[0..n-1] (n >= 35; the line's
 * heights accumulated as dlthx does) and returns the p10-th largest (*q_hi)
 * and p10-th smallest (*q_lo) residual, p10 <= n / 8: the same values as
 * selecting among all n, found among few.  Thresholds come from 11
 * residuals sampled evenly along s (their line heights need not be the
 * same bits): the second smallest and second largest, near the 17th and
 * 83rd percentiles (the residuals of a profile vary smoothly, so even
 * sampling is representative).  The pass that removes the line copies the
 * residuals at or beyond each threshold, branch-free; each order statistic
 * is then selected among those.  A side with fewer than p10 copied is
 * copied again beyond the third sampled value (~25 %), and selected among
 * all n if still short.  Chosen with callgrind's branch simulation on the
 * 20 km bench case among one or two thresholds from 7, 11 or 15 samples
 * and other ranks: the fewest instructions and mispredicted branches. */
static void remove_line_select(double *s, int n, double fit_a, double slope, int p10,
			       double *q_hi, double *q_lo)
{
	double smp[DECILE_SAMPLES], below[DLTHX_MAX_POINTS], above[DLTHX_MAX_POINTS], t_lo, t_hi;
	int n_below = 0, n_above = 0;

	for (int k = 0; k < DECILE_SAMPLES; k++) {
		const int m = (2 * k + 1) * n / (2 * DECILE_SAMPLES);
		const double v = s[m] - (fit_a + m * slope);
		int j = k;
		for (; j > 0 && smp[j - 1] > v; j--)
			smp[j] = smp[j - 1];
		smp[j] = v;
	}
	t_lo = smp[1];
	t_hi = smp[DECILE_SAMPLES - 2];
	for (int j = 0; j < n; j++) {
		const double v = s[j] - fit_a;
		fit_a += slope;
		s[j] = v;
		below[n_below] = v;
		n_below += v <= t_lo;
		above[n_above] = v;
		n_above += v >= t_hi;
	}
	if (n_below < p10) {
		t_lo = smp[2];
		n_below = 0;
		for (int j = 0; j < n; j++) {
			below[n_below] = s[j];
			n_below += s[j] <= t_lo;
		}
	}
	if (n_above < p10) {
		t_hi = smp[DECILE_SAMPLES - 3];
		n_above = 0;
		for (int j = 0; j < n; j++) {
			above[n_above] = s[j];
			n_above += s[j] >= t_hi;
		}
	}
	*q_hi = n_above >= p10 ? select_group(above, n_above, n_above - p10)
			       : select_kth(s, n, n - p10);
	*q_lo = n_below >= p10 ? select_group(below, n_below, p10 - 1) : select_kth(s, n, p10 - 1);
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
		/* dlthx steps x_start down by 1 while it is positive.  From
		 * x in (0, 2] that is one subtraction of 1 or 2: x - 1 is exact
		 * for x >= 1 (Sterbenz), so the two steps round as x - 2 does;
		 * one dependent subtraction per point rather than two */
		if (x_start > 0.0) {
			if (x_start <= 1.0 && i + 1 < np) {
				x_start -= 1.0;
				i += 1;
			} else if (x_start <= 2.0 && i + 2 < np) {
				x_start -= 2.0;
				i += 2;
			} else {
				while (x_start > 0.0 && i + 1 < np) {
					x_start -= 1.0;
					i++;
				}
			}
		}
		s[j] = z_m[i + 1] + (z_m[i + 1] - z_m[i]) * x_start;
		x_start += x_step;
	}
	fit_line(s, n - 1, 1.0, 0.0, n - 1, &fit_a, &fit_b);
	slope = (fit_b - fit_a) / (n - 1);
	/* the p10-th largest minus the (n - p10 + 1)-th largest, i.e. in
	 * ascending order index n - p10 minus index p10 - 1 */
	remove_line_select(s, n, fit_a, slope, p10, &q10, &q90);
	return (q10 - q90) / (1.0 - 0.8 * exp(-(end_m - start_m) / 50e3));
}

/* qlrpfl [Alg section 3]: horizons, delta_h and effective heights.  The
 * terrain is considered from min(15 h, 0.1 d_hzn) from each end
 * (Hufford 1982, p. 25). */
void rf_itm_profile_geometry(const double *z_m, int np, double step_m,
			     double gamma_e, double z_min_m, double z_max_m,
			     struct itm_path *path)
{
	const double a_e_m = 1.0 / gamma_e;
	const double dist_m = np * step_m;
	double start_m, end_m, fit_tx_m, fit_rx_m, unused_m;

	path->dist_m = dist_m;
	find_horizons(z_m, np, step_m, a_e_m, z_min_m, z_max_m, path);
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

/* SPM calibration: which coefficients the points determine, the regularised
 * least-squares fit, and k-fold held-out statistics (calibrate.h). */
#include "rfplan/calibrate.h"
#include "calibrate_folds.h"
#include "calibrate_linalg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_P (RF_CALIB_NK + 256)   /* unknowns: coefficients + classes */

void rf_calib_options_default(struct rf_calib_options *o)
{
	o->classes = 0;
	o->class_weight = 20.0;
	o->folds = 5;
	o->offset_by = RF_CALIB_OFFSET_NONE;
	o->offset_sigma_db = 6.0;
	o->folds_by = RF_CALIB_FOLDS_BLOCKS;
	o->file_names = NULL;
	o->n_files = 0;
}

void rf_calib_result_free(struct rf_calib_result *r)
{
	free(r->classes);
	free(r->offsets);
	free(r->cell_offsets);
	for (int g = 0; g < r->n_groups; g++)
		free(r->groups[g].name);
	free(r->groups);
	memset(r, 0, sizeof(*r));
}

static void regressors(const struct rf_spm_terms *t, double x[RF_CALIB_NK])
{
	x[0] = 1.0;
	x[1] = t->log_d;
	x[2] = t->log_heff;
	x[3] = t->diff_db;
	x[4] = t->log_d * t->log_heff;
	x[5] = t->hrx_m;
	x[6] = log10(t->hrx_m);
}

static void coeffs_get(const struct rf_spm_coeffs *k, double K[RF_CALIB_NK])
{
	K[0] = k->k1; K[1] = k->k2; K[2] = k->k3; K[3] = k->k4;
	K[4] = k->k5; K[5] = k->k6; K[6] = k->k7;
}

static void coeffs_set(struct rf_spm_coeffs *k, const double K[RF_CALIB_NK])
{
	k->k1 = K[0]; k->k2 = K[1]; k->k3 = K[2]; k->k4 = K[3];
	k->k5 = K[4]; k->k6 = K[5]; k->k7 = K[6];
}

/* What a fit needs besides the points. */
struct fit_setup {
	const struct rf_compare *c;
	double K0[RF_CALIB_NK];   /* starting coefficients (fixed ones keep them) */
	int fit[RF_CALIB_NK];
	int classes;              /* fit class losses */
	double w;                 /* class ridge weight */
	int n_cls;
	int *cls_of;              /* per point: class index, -1 none */
	double *L0;               /* per class: default loss */
	int n_off;                /* offset groups (0: no offsets) */
	int *off_of;              /* per point: its group, -1 none */
	double lambda;            /* offset ridge weight, points */
};

/* The loss added to the SPM's at point i: its class's loss L when class
 * losses are fitted, else the prediction request's own (fixed_db: the
 * class table's loss or P.2108, as the map). */
static double fixed_part(const struct fit_setup *s, size_t i, const double *L)
{
	int k = s->cls_of[i];
	return s->classes && k >= 0 ? L[k] : s->c->pts[i].t.fixed_db;
}

/* The offset of point i's group (0 without). */
static double offset_of(const struct fit_setup *s, size_t i, const double *O)
{
	return s->n_off && s->off_of[i] >= 0 ? O[s->off_of[i]] : 0.0;
}

static int n_coef_unknowns(const struct fit_setup *s)
{
	int n = 0;
	for (int j = 0; j < RF_CALIB_NK; j++)
		n += s->fit[j];
	return n;
}

/* The SPM loss of point i under K, less its offset (the engine lowers the
 * cell's K1 by it: rf_spm_cell_coeffs), before the free-space floor. */
static double spm_loss(const struct fit_setup *s, size_t i, const double K[RF_CALIB_NK],
		       const double *O)
{
	double x[RF_CALIB_NK], v = 0;
	regressors(&s->c->pts[i].t, x);
	for (int j = 0; j < RF_CALIB_NK; j++)
		v += K[j] * x[j];
	return v - offset_of(s, i, O);
}

/* Fit on the points with use[i] (NULL: all) into K, L (per class) and O
 * (per offset group), minimising
 *   sum_i (y_i - x_i.K - L_c(i) + O_g(i))^2 + w sum_c (L_c - L0_c)^2
 *     + lambda sum_g O_g^2
 * through its normal equations (each point adds its few non-zero
 * regressors).  se / se_off (or NULL) receive the standard errors
 * s sqrt((A^-1)_jj), s^2 = RSS / (n - p); *rss the residual sum of
 * squares.  -1 singular. */
static int fit(const struct fit_setup *s, const char *use, double K[RF_CALIB_NK], double *L,
	       double *O, double se[RF_CALIB_NK], double *se_off, double *rss_out)
{
	const struct rf_compare *c = s->c;
	int nk = n_coef_unknowns(s), nc = s->classes ? s->n_cls : 0, p = nk + nc + s->n_off;
	int col[RF_CALIB_NK], idx[RF_CALIB_NK + 2];
	double val[RF_CALIB_NK + 2];
	double *A = rf_xcalloc((size_t)p * p, sizeof(double)), *b = rf_xcalloc((size_t)p, sizeof(double));
	long n = 0;

	for (int j = 0, m = 0; j < RF_CALIB_NK; j++)
		col[j] = s->fit[j] ? m++ : -1;
	for (size_t i = 0; i < c->n; i++) {
		if (use && !use[i])
			continue;
		const struct rf_cmp_point *pt = &c->pts[i];
		double x[RF_CALIB_NK], z = pt->eirp_db - pt->meas_dbm;
		int k = s->cls_of[i], q = 0;
		regressors(&pt->t, x);
		for (int j = 0; j < RF_CALIB_NK; j++) {
			if (col[j] >= 0) {
				idx[q] = col[j];
				val[q++] = x[j];
			} else {
				z -= s->K0[j] * x[j];
			}
		}
		if (k >= 0 && s->classes) {
			idx[q] = nk + k;
			val[q++] = 1.0;
		} else {
			z -= pt->t.fixed_db;
		}
		if (s->n_off && s->off_of[i] >= 0) {
			idx[q] = nk + nc + s->off_of[i];
			val[q++] = -1.0;   /* the offset lowers the loss */
		}
		for (int r = 0; r < q; r++) {
			b[idx[r]] += val[r] * z;
			for (int t = 0; t < q; t++)
				A[idx[r] * p + idx[t]] += val[r] * val[t];
		}
		n++;
	}
	for (int k = 0; k < nc; k++) {
		A[(nk + k) * p + nk + k] += s->w;
		b[nk + k] += s->w * s->L0[k];
	}
	for (int g = 0; g < s->n_off; g++)
		A[(nk + nc + g) * p + nk + nc + g] += s->lambda;   /* prior mean 0 */
	double *A2 = rf_xmalloc((size_t)p * p * sizeof(double));
	memcpy(A2, A, (size_t)p * p * sizeof(double));
	int rc = rf_calib_solve(A2, b, p);
	if (!rc) {
		for (int j = 0; j < RF_CALIB_NK; j++)
			K[j] = col[j] >= 0 ? b[col[j]] : s->K0[j];
		for (int k = 0; k < s->n_cls; k++)
			L[k] = s->classes ? b[nk + k] : s->L0[k];
		for (int g = 0; g < s->n_off; g++)
			O[g] = b[nk + nc + g];
		double rss = 0;
		for (size_t i = 0; i < c->n; i++) {
			if (use && !use[i])
				continue;
			double e = c->pts[i].eirp_db - c->pts[i].meas_dbm - spm_loss(s, i, K, O) -
				   fixed_part(s, i, L);
			rss += e * e;
		}
		if (rss_out)
			*rss_out = rss / (double)(n > p ? n - p : 1);
		if (se || se_off) {
			double s2 = n > p ? rss / (double)(n - p) : NAN;
			double *d = rf_xcalloc((size_t)p, sizeof(double));
			memcpy(A2, A, (size_t)p * p * sizeof(double));
			int bad = rf_calib_chol_inverse_diag(A2, p, d);
			for (int j = 0; se && j < RF_CALIB_NK; j++)
				se[j] = col[j] >= 0 && !bad ? sqrt(s2 * d[col[j]]) : NAN;
			for (int g = 0; se_off && g < s->n_off; g++)
				se_off[g] = bad ? NAN : sqrt(s2 * d[nk + nc + g]);
			free(d);
		}
	}
	free(A);
	free(A2);
	free(b);
	return rc;
}

/* The offsets' ridge weight lambda = s^2 / sigma_p^2: the posterior mode
 * of a Gaussian prior N(0, sigma_p^2) on each offset with residuals of
 * variance s^2 (Hoerl & Kennard, Technometrics 12, 1970; Bishop, Pattern
 * Recognition and Machine Learning, eq. 3.55), s^2 re-estimated from the
 * residuals of the previous fit, RF_CALIB_LAMBDA_ITER times from s = sigma_p. */
static int fit_offsets(struct fit_setup *s, double sigma_p_db, double K[RF_CALIB_NK],
		       double *L, double *O, double se[RF_CALIB_NK], double *se_off)
{
	double s2 = 0;
	if (!s->n_off)
		return fit(s, NULL, K, L, O, se, se_off, NULL);
	s->lambda = 1.0;
	for (int it = 0; it < RF_CALIB_LAMBDA_ITER; it++) {
		if (fit(s, NULL, K, L, O, NULL, NULL, &s2))
			return -1;
		s->lambda = fmax(s2, 1e-6) / (sigma_p_db * sigma_p_db);
	}
	return fit(s, NULL, K, L, O, se, se_off, NULL);
}

/* The predicted RSRP of point i under K, L and O: the engine's floor at
 * free space (doc/models.md), plus the fixed part. */
static double predict(const struct fit_setup *s, size_t i, const double K[RF_CALIB_NK],
		      const double *L, const double *O, int *floored)
{
	const struct rf_cmp_point *pt = &s->c->pts[i];
	double spm = spm_loss(s, i, K, O);
	*floored = spm < pt->t.free_space_db;
	double loss = fmax(spm, pt->t.free_space_db) + fixed_part(s, i, L);
	return pt->eirp_db - loss;
}

static void stats_of(const struct fit_setup *s, const double *pred, struct rf_cmp_stats *st)
{
	struct rf_cmp_point *tmp = rf_xmalloc(s->c->n * sizeof(*tmp));
	for (size_t i = 0; i < s->c->n; i++) {
		tmp[i] = s->c->pts[i];
		tmp[i].pred_dbm = pred[i];
		tmp[i].err_db = pred[i] - tmp[i].meas_dbm;
	}
	rf_cmp_stats_compute(tmp, s->c->n, NULL, st);
	free(tmp);
}

/* stats_of over the points with sel[i]. */
static void stats_sel(const struct fit_setup *s, const double *pred, const char *sel,
		      struct rf_cmp_stats *st)
{
	struct rf_cmp_point *tmp = rf_xmalloc((s->c->n ? s->c->n : 1) * sizeof(*tmp));
	for (size_t i = 0; i < s->c->n; i++) {
		tmp[i] = s->c->pts[i];
		tmp[i].pred_dbm = pred[i];
		tmp[i].err_db = pred[i] - tmp[i].meas_dbm;
	}
	rf_cmp_stats_compute(tmp, s->c->n, sel, st);
	free(tmp);
}

static void range_std(const struct rf_compare *c, int j, double *range, double *sd)
{
	double lo = INFINITY, hi = -INFINITY, s = 0, s2 = 0;
	for (size_t i = 0; i < c->n; i++) {
		double x[RF_CALIB_NK];
		regressors(&c->pts[i].t, x);
		lo = fmin(lo, x[j]);
		hi = fmax(hi, x[j]);
		s += x[j];
		s2 += x[j] * x[j];
	}
	double m = s / c->n;
	*range = hi - lo;
	*sd = sqrt(fmax(s2 / c->n - m * m, 0));
}

/* Variance inflation factors of the fitted non-constant regressors:
 * diag of the inverse of their correlation matrix. */
static void vifs(const struct rf_compare *c, const int fitm[RF_CALIB_NK], double vif[RF_CALIB_NK])
{
	int idx[RF_CALIB_NK], m = 0;
	double mean[RF_CALIB_NK] = { 0 }, sd[RF_CALIB_NK] = { 0 };
	for (int j = 1; j < RF_CALIB_NK; j++) {
		vif[j] = 1.0;
		if (fitm[j])
			idx[m++] = j;
	}
	if (m < 2)
		return;
	double R[RF_CALIB_NK * RF_CALIB_NK] = { 0 };
	for (size_t i = 0; i < c->n; i++) {
		double x[RF_CALIB_NK];
		regressors(&c->pts[i].t, x);
		for (int a = 0; a < m; a++)
			mean[a] += x[idx[a]] / c->n;
	}
	for (size_t i = 0; i < c->n; i++) {
		double x[RF_CALIB_NK];
		regressors(&c->pts[i].t, x);
		for (int a = 0; a < m; a++)
			for (int b = 0; b < m; b++)
				R[a * m + b] += (x[idx[a]] - mean[a]) * (x[idx[b]] - mean[b]);
	}
	for (int a = 0; a < m; a++)
		sd[a] = sqrt(R[a * m + a]);
	for (int a = 0; a < m; a++)
		for (int b = 0; b < m; b++)
			R[a * m + b] /= sd[a] * sd[b];
	for (int a = 0; a < m; a++) {
		double A[RF_CALIB_NK * RF_CALIB_NK], e[RF_CALIB_NK] = { 0 };
		memcpy(A, R, sizeof(A));
		e[a] = 1.0;
		vif[idx[a]] = rf_calib_solve(A, e, m) ? INFINITY : e[a];
	}
}

/* The physical bounds of calibrate.h. */
static const struct { int j; double lo, hi; } kbounds[] = {
	{ 1, 20.0, 60.0 }, { 3, 0.0, INFINITY }, { 4, -INFINITY, 0.0 }, { 5, -INFINITY, 0.0 }
};
#define N_KBOUNDS ((int)(sizeof(kbounds) / sizeof(kbounds[0])))

/* The fitted coefficient furthest outside its bound: fixed at it (K0 and
 * the reason set); 0 when none is outside. */
static int bound_fix(struct fit_setup *s, const double K[RF_CALIB_NK], struct rf_calib_result *r)
{
	int worst = -1;
	double v = 0, at = 0;
	for (int b = 0; b < N_KBOUNDS; b++) {
		int j = kbounds[b].j;
		double out = K[j] < kbounds[b].lo ? kbounds[b].lo - K[j]
			     : K[j] > kbounds[b].hi ? K[j] - kbounds[b].hi : 0.0;
		if (s->fit[j] && out > v) {
			v = out;
			worst = b;
			at = K[j] < kbounds[b].lo ? kbounds[b].lo : kbounds[b].hi;
		}
	}
	if (worst < 0)
		return 0;
	int j = kbounds[worst].j;
	s->fit[j] = r->fitted_k[j] = 0;
	s->K0[j] = at;
	r->at_bound[j] = 1;
	snprintf(r->reason[j], sizeof(r->reason[j]), "at its physical bound %g (the "
		 "unconstrained fit gave %.3f; bounds: K2 in [20, 60], K4 >= 0, K5 <= 0, "
		 "K6 <= 0)", at, K[j]);
	return 1;
}

/* A coefficient at its bound that the residuals would move into the
 * feasible side (sum_i x_ij r_i > 0 at a lower bound, < 0 at an upper one:
 * the Kuhn-Tucker test): released, fitted again; 0 when none. */
static int bound_release(struct fit_setup *s, const double K[RF_CALIB_NK], const double *L,
			 const double *O, struct rf_calib_result *r)
{
	for (int b = 0; b < N_KBOUNDS; b++) {
		int j = kbounds[b].j;
		double g = 0;
		if (!r->at_bound[j])
			continue;
		for (size_t i = 0; i < s->c->n; i++) {
			double x[RF_CALIB_NK];
			const struct rf_cmp_point *p = &s->c->pts[i];
			regressors(&p->t, x);
			g += x[j] * (p->eirp_db - p->meas_dbm - spm_loss(s, i, K, O) -
				     fixed_part(s, i, L));
		}
		if ((K[j] == kbounds[b].lo && g > 0) || (K[j] == kbounds[b].hi && g < 0)) {
			s->fit[j] = r->fitted_k[j] = 1;
			r->at_bound[j] = 0;
			r->reason[j][0] = '\0';
			return 1;
		}
	}
	return 0;
}

/* Which coefficients the points determine (calibrate.h); -1 when none of
 * log d's variation is there. */
static int choose(const struct rf_compare *c, struct rf_calib_result *r, struct rf_error *err)
{
	double range, sd;
	long n_diff = 0;
	for (int j = 0; j < RF_CALIB_NK; j++)
		r->fitted_k[j] = 1;
	range_std(c, 1, &range, &sd);
	if (range < 0.18)
		return rf_error_set(err, "ill-conditioned: the %zu points span distances within a "
				    "factor %.2f (want >= 1.5): the distance slope K2 cannot be "
				    "determined", c->n, pow(10.0, range));
	range_std(c, 5, &range, &sd);
	if (range < 0.5) {
		r->fitted_k[5] = r->fitted_k[6] = 0;
		snprintf(r->reason[5], sizeof(r->reason[5]), "every point has the receiver "
			 "height %.2f m: K6 Hrx is a constant, absorbed by K1", c->pts[0].t.hrx_m);
		snprintf(r->reason[6], sizeof(r->reason[6]), "every point has the receiver "
			 "height %.2f m: K7 log Hrx is a constant, absorbed by K1",
			 c->pts[0].t.hrx_m);
	}
	for (size_t i = 0; i < c->n; i++)
		n_diff += c->pts[i].t.diff_db > 0.5;
	if (n_diff < 10 || n_diff < 0.05 * (double)c->n) {
		r->fitted_k[3] = 0;
		snprintf(r->reason[3], sizeof(r->reason[3]), "only %ld of %zu paths have a "
			 "diffraction loss above 0.5 dB", n_diff, c->n);
	}
	range_std(c, 2, &range, &sd);
	if (sd < 0.03) {
		r->fitted_k[2] = r->fitted_k[4] = 0;
		snprintf(r->reason[2], sizeof(r->reason[2]), "log10 Heff hardly varies over the "
			 "points (std %.3f): antenna heights too alike", sd);
		snprintf(r->reason[4], sizeof(r->reason[4]), "log10 Heff hardly varies over the "
			 "points (std %.3f): antenna heights too alike", sd);
	}
	/* collinearity: drop the least important first (K5, K3, K4) */
	static const int order[] = { 4, 2, 3 };
	for (;;) {
		double vif[RF_CALIB_NK];
		int drop = -1;
		vifs(c, r->fitted_k, vif);
		for (int o = 0; o < 3 && drop < 0; o++)
			if (r->fitted_k[order[o]] && vif[order[o]] > RF_CALIB_MAX_VIF)
				drop = order[o];
		if (drop < 0)
			break;
		r->fitted_k[drop] = 0;
		snprintf(r->reason[drop], sizeof(r->reason[drop]), "collinear with the other "
			 "terms over these points (variance inflation factor %.0f > %.0f)",
			 vif[drop], RF_CALIB_MAX_VIF);
	}
	return 0;
}

static int setup_classes(const struct rf_compare *c, const struct rf_class_table *t,
			 struct rf_calib_result *r, struct fit_setup *s)
{
	int *index = rf_xmalloc(RF_CLASS_CODES * sizeof(int));
	for (int i = 0; i < RF_CLASS_CODES; i++)
		index[i] = -1;
	r->n_classes = t ? (int)t->count : 0;
	r->classes = rf_xcalloc((size_t)(r->n_classes ? r->n_classes : 1), sizeof(*r->classes));
	s->L0 = rf_xcalloc((size_t)(r->n_classes ? r->n_classes : 1), sizeof(double));
	for (int k = 0; k < r->n_classes; k++) {
		r->classes[k].code = t->items[k].code;
		r->classes[k].name = t->items[k].name;
		r->classes[k].default_loss_db = r->classes[k].loss_db = t->items[k].loss_db;
		s->L0[k] = t->items[k].loss_db;
		if (t->items[k].code >= 0 && t->items[k].code < RF_CLASS_CODES)
			index[t->items[k].code] = k;
	}
	s->n_cls = r->n_classes;
	s->cls_of = rf_xmalloc((c->n ? c->n : 1) * sizeof(int));
	for (size_t i = 0; i < c->n; i++) {
		int code = c->pts[i].clutter;
		s->cls_of[i] = code >= 0 ? index[code] : -1;
		if (s->cls_of[i] >= 0)
			r->classes[s->cls_of[i]].n++;
	}
	free(index);
	return 0;
}

/* The offset groups of offset_by COLUMN: the distinct values of the
 * points' group (in order of first appearance); a point without one has
 * no offset. */
static void setup_column_offsets(const struct rf_compare *c, struct rf_calib_result *r,
				 struct fit_setup *s)
{
	s->off_of = rf_xmalloc((c->n ? c->n : 1) * sizeof(int));
	r->offsets = rf_xcalloc(c->n ? c->n : 1, sizeof(*r->offsets));
	for (size_t i = 0; i < c->n; i++) {
		const char *v = c->pts[i].group;
		int g = 0;
		s->off_of[i] = -1;
		if (!v)
			continue;
		while (g < r->n_offsets && strcmp(r->offsets[g].group, v))
			g++;
		if (g == r->n_offsets) {
			r->offsets[g].group = r->offsets[g].site_id = v;
			r->offsets[g].freq_mhz = NAN;
			r->n_offsets++;
		}
		s->off_of[i] = g;
		r->offsets[g].n++;
	}
	s->n_off = r->n_offsets;
}

/* offset_by COLUMN: each cell with points takes the offset of the group
 * most of its points carry (the first such group on a tie). */
static void column_cell_offsets(const struct rf_compare *c, const struct rf_cells *cells,
				const struct fit_setup *s, struct rf_calib_result *r)
{
	size_t nc = cells->count;
	long *count = rf_xcalloc((nc ? nc : 1) * (size_t)(r->n_offsets ? r->n_offsets : 1),
				 sizeof(long));
	long *npts = rf_xcalloc(nc ? nc : 1, sizeof(long));
	r->cell_offsets = rf_xcalloc(nc ? nc : 1, sizeof(*r->cell_offsets));
	for (size_t i = 0; i < c->n; i++) {
		int k = c->pts[i].cell;
		if (k < 0 || (size_t)k >= nc)
			continue;
		npts[k]++;
		if (s->off_of[i] >= 0)
			count[(size_t)k * r->n_offsets + s->off_of[i]]++;
	}
	for (size_t k = 0; k < nc; k++) {
		int best = -1;
		for (int g = 0; g < r->n_offsets; g++)
			if (count[k * r->n_offsets + g] &&
			    (best < 0 || count[k * r->n_offsets + g] > count[k * r->n_offsets + best]))
				best = g;
		if (best < 0)
			continue;
		struct rf_calib_offset *e = &r->cell_offsets[r->n_cell_offsets++];
		*e = r->offsets[best];
		e->site_id = cells->items[k].site_id;
		e->cell_id = cells->items[k].cell_id;
		e->freq_mhz = cells->items[k].frequency_mhz;
		e->n = npts[k];
	}
	free(count);
	free(npts);
}

/* The offset groups: per cell, or per site (first cell's site_id). */
static void setup_offsets(const struct rf_compare *c, const struct rf_cells *cells, int by,
			  struct rf_calib_result *r, struct fit_setup *s)
{
	size_t nc = cells ? cells->count : 0;
	int *group = rf_xmalloc((nc ? nc : 1) * sizeof(int));
	s->off_of = rf_xmalloc((c->n ? c->n : 1) * sizeof(int));
	r->offsets = rf_xcalloc(nc ? nc : 1, sizeof(*r->offsets));
	for (size_t k = 0; k < nc; k++) {
		size_t same = k;
		if (by == RF_CALIB_OFFSET_SITE)
			for (same = 0; same < k; same++)
				if (!strcmp(cells->items[same].site_id, cells->items[k].site_id))
					break;
		if (same < k) {
			group[k] = group[same];
			continue;
		}
		group[k] = r->n_offsets;
		r->offsets[r->n_offsets].site_id = cells->items[k].site_id;
		r->offsets[r->n_offsets].freq_mhz = cells->items[k].frequency_mhz;
		r->offsets[r->n_offsets++].cell_id = by == RF_CALIB_OFFSET_CELL
						     ? cells->items[k].cell_id : NULL;
	}
	for (size_t i = 0; i < c->n; i++) {
		int k = c->pts[i].cell;
		s->off_of[i] = k >= 0 && (size_t)k < nc ? group[k] : -1;
		if (s->off_of[i] >= 0)
			r->offsets[s->off_of[i]].n++;
	}
	s->n_off = r->n_offsets;
	free(group);
}

int rf_calibrate_spm(const struct rf_compare *c, const struct rf_cells *cells,
		     const struct rf_spm_coeffs *start, const struct rf_class_table *classes,
		     const struct rf_calib_options *o, struct rf_calib_result *r,
		     struct rf_error *err)
{
	struct fit_setup s;
	double K[RF_CALIB_NK], *L = NULL, *pred = NULL, Kf[RF_CALIB_NK], *Lf = NULL;
	double *O = NULL, *Of = NULL, *se_off = NULL;
	int *fold = NULL, n_folds;
	char *use = NULL;
	int rc = -1, floored;

	memset(r, 0, sizeof(*r));
	memset(&s, 0, sizeof(s));
	r->start = r->fitted = *start;
	r->n_points = (long)c->n;
	r->folds = o->folds;
	if ((long)c->n < RF_CALIB_MIN_POINTS)
		return rf_error_set(err, "too few points to calibrate: %zu (want >= %d)", c->n,
				    RF_CALIB_MIN_POINTS);
	if (o->offset_by != RF_CALIB_OFFSET_NONE && (!cells || !(o->offset_sigma_db > 0)))
		return rf_error_set(err, "per-cell offsets need the cells and a prior sigma > 0 "
				    "(got %g dB)", o->offset_sigma_db);
	if (o->folds_by == RF_CALIB_FOLDS_BLOCKS && (o->folds < 2 || (size_t)o->folds > c->n / 10))
		return rf_error_set(err, "%d folds for %zu points: want 2 <= folds <= points / 10",
				    o->folds, c->n);
	if (choose(c, r, err))
		return -1;
	s.c = c;
	coeffs_get(start, s.K0);
	memcpy(s.fit, r->fitted_k, sizeof(s.fit));
	s.classes = o->classes;
	s.w = o->class_weight;
	setup_classes(c, classes, r, &s);
	r->offset_by = o->offset_by;
	if (o->offset_by == RF_CALIB_OFFSET_COLUMN)
		setup_column_offsets(c, r, &s);
	else if (o->offset_by != RF_CALIB_OFFSET_NONE)
		setup_offsets(c, cells, o->offset_by, r, &s);
	O = rf_xcalloc((size_t)(s.n_off + 1), sizeof(double));
	Of = rf_xcalloc((size_t)(s.n_off + 1), sizeof(double));
	se_off = rf_xcalloc((size_t)(s.n_off + 1), sizeof(double));
	L = rf_xcalloc((size_t)(s.n_cls + 1), sizeof(double));
	Lf = rf_xcalloc((size_t)(s.n_cls + 1), sizeof(double));
	pred = rf_xmalloc(c->n * sizeof(double));
	use = rf_xmalloc(c->n);

	/* before: the starting model with the table's losses */
	for (size_t i = 0; i < c->n; i++)
		pred[i] = predict(&s, i, s.K0, s.L0, O, &floored);   /* O: zeros */
	stats_of(&s, pred, &r->before);
	r->heldout_before = r->before;   /* nothing was fitted: every point is held out */

	/* drop, one at a time, the terms the points do not determine; then
	 * the bounds' active set (calibrate.h) */
	for (int active_steps = 0;;) {
		static const int order[] = { 4, 2, 3 };
		int drop = -1;
		double u = 0, range, sd;
		if (fit_offsets(&s, o->offset_sigma_db, K, L, O, r->std_error, se_off)) {
			rf_error_set(err, "ill-conditioned: the least-squares system is singular");
			goto done;
		}
		for (int k = 0; k < 3 && drop < 0; k++) {
			int j = order[k];
			if (!s.fit[j])
				continue;
			range_std(c, j, &range, &sd);
			u = r->std_error[j] * range;
			if (!(u <= RF_CALIB_MAX_TERM_DB))
				drop = j;
		}
		if (drop < 0) {
			if (active_steps++ < 4 * N_KBOUNDS &&
			    (bound_fix(&s, K, r) || bound_release(&s, K, L, O, r)))
				continue;
			break;
		}
		s.fit[drop] = r->fitted_k[drop] = 0;
		snprintf(r->reason[drop], sizeof(r->reason[drop]), "not determined by these "
			 "points: its term would be uncertain by %.1f dB across them (std error x "
			 "range of the regressor > %.1f dB)", u, RF_CALIB_MAX_TERM_DB);
	}
	for (size_t i = 0; i < c->n; i++) {
		pred[i] = predict(&s, i, K, L, O, &floored);
		r->n_floor += floored;
	}
	stats_of(&s, pred, &r->after);
	coeffs_set(&r->fitted, K);
	for (int k = 0; k < s.n_cls; k++)
		r->classes[k].loss_db = L[k];
	for (int g = 0; g < s.n_off; g++) {
		r->offsets[g].offset_db = O[g];
		r->offsets[g].std_error_db = se_off[g];
	}
	r->offset_lambda = s.n_off ? s.lambda : NAN;
	if (o->offset_by == RF_CALIB_OFFSET_COLUMN)
		column_cell_offsets(c, cells, &s, r);
	vifs(c, s.fit, r->vif);
	r->vif[0] = NAN;
	for (int j = 1; j < RF_CALIB_NK; j++)
		if (!s.fit[j])
			r->vif[j] = NAN;
	double kmin[RF_CALIB_NK], kmax[RF_CALIB_NK];
	for (int j = 0; j < RF_CALIB_NK; j++) {
		kmin[j] = INFINITY;
		kmax[j] = -INFINITY;
	}

	/* k-fold: contiguous blocks in point order (a route's consecutive
	 * points are correlated; a block holds out a stretch of road), or one
	 * group (file, cell, site) left out at a time */
	fold = rf_xmalloc((c->n ? c->n : 1) * sizeof(int));
	n_folds = rf_calib_fold_groups(c, cells, o, r, fold, err);
	if (n_folds < 0)
		goto done;
	r->folds = n_folds;
	for (int f = 0; f < n_folds; f++) {
		for (size_t i = 0; i < c->n; i++)
			use[i] = fold[i] != f;
		if (fit(&s, use, Kf, Lf, Of, NULL, NULL, NULL)) {
			rf_error_set(err, "ill-conditioned: fold %d of %d%s%s leaves a singular system",
				     f + 1, n_folds, r->n_groups ? ": without " : "",
				     r->n_groups ? r->groups[f].name : "");
			goto done;
		}
		for (size_t i = 0; i < c->n; i++)
			if (!use[i])
				pred[i] = predict(&s, i, Kf, Lf, Of, &floored);
		for (int j = 0; j < RF_CALIB_NK; j++) {
			kmin[j] = fmin(kmin[j], Kf[j]);
			kmax[j] = fmax(kmax[j], Kf[j]);
		}
	}
	stats_of(&s, pred, &r->heldout);
	for (int g = 0; g < r->n_groups; g++) {
		for (size_t i = 0; i < c->n; i++)
			use[i] = fold[i] == g;
		stats_sel(&s, pred, use, &r->groups[g].heldout);
	}
	/* a fit whose K's swing between folds by more than their standard
	 * errors: the points hold more than one model (say so) */
	for (int j = 0; j < RF_CALIB_NK; j++) {
		r->fold_range[j] = s.fit[j] ? kmax[j] - kmin[j] : NAN;
		/* (1e-6: noise-free points, where both are rounding) */
		r->unstable[j] = s.fit[j] && r->fold_range[j] > fmax(r->std_error[j], 1e-6);
	}
	rc = 0;
done:
	free(L);
	free(Lf);
	free(pred);
	free(use);
	free(s.cls_of);
	free(s.L0);
	free(s.off_of);
	free(fold);
	free(O);
	free(Of);
	free(se_off);
	if (rc)
		rf_calib_result_free(r);
	return rc;
}

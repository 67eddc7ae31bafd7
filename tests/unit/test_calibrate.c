/* The SPM least squares of calibrate.h on points made here (no terrain):
 * exact recovery from noise-free data, the fixed coefficients and their
 * reasons, the class ridge against its closed form worked out below, and
 * the ill-conditioned cases. */
#include "check.h"
#include "rfplan/calibrate.h"

/* Truth, d in metres. */
static const struct rf_spm_coeffs truth = { 30.0, 38.0, 4.0, 0.7, -3.0, 0.0, 0.0, 0 };

/* Point i on a grid of distances, heights and diffraction losses, with
 * the observed loss of the truth plus offset_db: eirp 0, so measured RSRP
 * = -loss.  Free space far below, so the floor never binds. */
static void make_point(struct rf_cmp_point *p, int i, int clutter, double offset_db)
{
	memset(p, 0, sizeof(*p));
	p->t.log_d = 2.0 + 0.1 * (i % 20);             /* 100 m .. 7.9 km */
	p->t.log_heff = 1.0 + 0.15 * ((i / 20) % 7);   /* 10 .. 79 m */
	p->t.diff_db = 3.0 * ((i / 140) % 5);          /* 0 .. 12 dB */
	p->t.hrx_m = 1.5;
	p->t.free_space_db = -1000.0;
	p->clutter = clutter;
	p->eirp_db = 0.0;
	double loss = rf_spm_db(&truth, pow(10.0, p->t.log_d), pow(10.0, p->t.log_heff),
				p->t.diff_db, 1.5) + offset_db;
	p->meas_dbm = -loss;
	p->cell = 0;
	p->n = 1;
}

static void test_exact(void)
{
	struct rf_compare c;
	struct rf_calib_result r;
	struct rf_calib_options o;
	struct rf_spm_coeffs start;
	struct rf_error err;
	TEST_BEGIN("noise-free points: K1..K5 recovered exactly, K6/K7 fixed (one rx height)");
	memset(&c, 0, sizeof(c));
	c.n = 700;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (size_t i = 0; i < c.n; i++)
		make_point(&c.pts[i], (int)i, -1, 0.0);
	rf_spm_default(&start);
	rf_calib_options_default(&o);
	CHECK_MSG(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0, "%s", err.msg);
	CHECK_NEAR(r.fitted.k1, 30.0, 1e-6);
	CHECK_NEAR(r.fitted.k2, 38.0, 1e-6);
	CHECK_NEAR(r.fitted.k3, 4.0, 1e-6);
	CHECK_NEAR(r.fitted.k4, 0.7, 1e-8);
	CHECK_NEAR(r.fitted.k5, -3.0, 1e-6);
	CHECK(r.fitted_k[0] && r.fitted_k[1] && r.fitted_k[2] && r.fitted_k[3] && r.fitted_k[4]);
	CHECK(!r.fitted_k[5] && !r.fitted_k[6]);
	CHECK(strstr(r.reason[5], "receiver height 1.50 m") != NULL);
	CHECK_NEAR(r.fitted.k6, start.k6, 0);
	CHECK_NEAR(r.heldout.rmse_db, 0.0, 1e-6);
	CHECK(r.before.rmse_db > 1.0);
	rf_calib_result_free(&r);

	/* no diffraction anywhere: K4 is fixed, with its reason */
	for (size_t i = 0; i < c.n; i++)
		make_point(&c.pts[i], (int)(i % 140), -1, 0.0);
	CHECK(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0);
	CHECK(!r.fitted_k[3] && strstr(r.reason[3], "diffraction loss above 0.5 dB"));
	rf_calib_result_free(&r);
	free(c.pts);
	TEST_END();
}

/* Two classes A and B with default loss 0, the same regressors in both
 * (each point twice), the truth offset by d in A only.  With K1 free the
 * problem is, for K1' = K1 + k:
 *   min n (d - k - LA)^2 + n (k + LB)^2 + w LA^2 + w LB^2
 * whose stationarity gives LA = a (d - k), LB = -a k, a = n / (n + w), and
 * LA = -LB, so k = d / 2 and LA - LB = a d = n d / (n + w). */
static void test_class_ridge(void)
{
	struct rf_compare c;
	struct rf_calib_result r;
	struct rf_calib_options o;
	struct rf_error err;
	struct rf_clutter_class items[3] = {
		{ 1, "A", 0.0, 0.0, 0 }, { 2, "B", 0.0, 0.0, 0 }, { 3, "C (no points)", 5.0, 0.0, 0 }
	};
	struct rf_class_table t = { items, 3 };
	const int n = 350;
	const double d = 6.0;
	TEST_BEGIN("--classes: the ridge toward the defaults matches its closed form");
	memset(&c, 0, sizeof(c));
	c.n = 2 * n;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (int i = 0; i < n; i++) {
		make_point(&c.pts[2 * i], i * 2, 1, d);
		make_point(&c.pts[2 * i + 1], i * 2, 2, 0.0);
	}
	rf_calib_options_default(&o);
	o.classes = 1;
	for (int k = 0; k < 2; k++) {
		o.class_weight = k ? 20.0 : 2.0;
		CHECK_MSG(rf_calibrate_spm(&c, NULL, &truth, &t, &o, &r, &err) == 0, "%s", err.msg);
		double a = n / (n + o.class_weight);
		CHECK(r.n_classes == 3 && r.classes[0].n == n && r.classes[1].n == n);
		CHECK_NEAR(r.classes[0].loss_db - r.classes[1].loss_db, a * d, 1e-6);
		CHECK_NEAR(r.classes[0].loss_db, a * d / 2, 1e-6);
		CHECK_NEAR(r.fitted.k1, truth.k1 + d / 2, 1e-6);
		CHECK_NEAR(r.fitted.k2, truth.k2, 1e-6);
		CHECK_NEAR(r.classes[2].loss_db, 5.0, 0);   /* no point: its default */
		rf_calib_result_free(&r);
	}
	free(c.pts);
	TEST_END();
}

/* The fixed part is each point's own (fixed_db: what the prediction
 * request adds to the SPM's loss, e.g. P.2108 at both ends, varying along
 * distance), not a class table's: observed loss = truth + fixed_db, so
 * subtracting it recovers the truth exactly; ignoring it would not (the
 * offsets 0, 7.5, 15 dB repeat with i % 3, uncorrelated with the terms). */
static void test_fixed_part(void)
{
	struct rf_compare c;
	struct rf_calib_result r;
	struct rf_calib_options o;
	struct rf_spm_coeffs start;
	struct rf_error err;
	TEST_BEGIN("the per-point fixed part (P.2108) is the request's, not a class loss");
	memset(&c, 0, sizeof(c));
	c.n = 700;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (size_t i = 0; i < c.n; i++) {
		double fixed = 7.5 * (double)(i % 3);
		make_point(&c.pts[i], (int)i, -1, fixed);
		c.pts[i].t.fixed_db = fixed;
	}
	rf_spm_default(&start);
	rf_calib_options_default(&o);
	CHECK_MSG(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0, "%s", err.msg);
	CHECK_NEAR(r.fitted.k1, 30.0, 1e-6);
	CHECK_NEAR(r.fitted.k2, 38.0, 1e-6);
	CHECK_NEAR(r.fitted.k4, 0.7, 1e-8);
	CHECK_NEAR(r.after.rmse_db, 0.0, 1e-6);
	CHECK_NEAR(r.heldout.rmse_db, 0.0, 1e-6);
	rf_calib_result_free(&r);
	free(c.pts);
	TEST_END();
}

static void test_ill_conditioned(void)
{
	struct rf_compare c;
	struct rf_calib_result r;
	struct rf_calib_options o;
	struct rf_error err;
	TEST_BEGIN("too few points, one distance only, too many folds: errors");
	memset(&c, 0, sizeof(c));
	c.n = 200;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (size_t i = 0; i < c.n; i++)
		make_point(&c.pts[i], (int)i, -1, 0.0);
	rf_calib_options_default(&o);
	c.n = 29;
	CHECK(rf_calibrate_spm(&c, NULL, &truth, NULL, &o, &r, &err) == -1);
	CHECK(strstr(err.msg, "too few points to calibrate: 29 (want >= 30)") != NULL);
	c.n = 200;
	o.folds = 21;
	CHECK(rf_calibrate_spm(&c, NULL, &truth, NULL, &o, &r, &err) == -1);
	CHECK(strstr(err.msg, "21 folds for 200 points") != NULL);
	o.folds = 5;
	for (size_t i = 0; i < c.n; i++)
		c.pts[i].t.log_d = 3.0 + 0.001 * (double)(i % 7);   /* 1000 .. 1014 m */
	CHECK(rf_calibrate_spm(&c, NULL, &truth, NULL, &o, &r, &err) == -1);
	CHECK(strstr(err.msg, "ill-conditioned: the 200 points span distances within a "
			      "factor 1.01") != NULL);
	free(c.pts);
	TEST_END();
}

/* Park-Miller minimal standard generator (x = 16807 x mod 2^31 - 1, exact
 * in doubles) and the Box-Muller transform: a seeded N(0, 1). */
static double gauss(double *seed)
{
	*seed = fmod(16807.0 * *seed, 2147483647.0);
	double u1 = *seed / 2147483647.0;
	*seed = fmod(16807.0 * *seed, 2147483647.0);
	double u2 = *seed / 2147483647.0;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* Six cells on three sites with known offsets (summing to 0: K1 free, the
 * ridge makes the fitted ones sum to 0 too, calibrate.h), points
 * interleaved over the cells (so every fold holds each cell), the SPM loss
 * of truth2 less the cell's offset plus N(0, 6^2) shadowing; a seventh cell
 * without points.  truth2 keeps the defaults' K3 and K5 (5.83, -6.55), so
 * a height term the noisy points leave undetermined (fixed at its start)
 * is still the truth.  Expected:
 * - each offset within 3 x 6 / sqrt(700) = 0.68 dB of the truth: the
 *   sampling error of a cell's mean residual (the common mode, which K1
 *   and the ridge share, is pinned by the zero sum), and within 3 of its
 *   own reported standard error (which carries that common mode too);
 * - the fitted K's within 2 standard errors of truth2, the fixed ones at
 *   their start (= truth2);
 * - the held-out std within 0.3 dB of 6 (sampling error 6 / sqrt(2 x 4200)
 *   = 0.07 dB, plus the fitted offsets' error);
 * - the point-less cell at 0 exactly, with the prior's sigma as its
 *   standard error (the posterior of N(0, sigma_p^2) without data), to 5 %
 *   (s is re-estimated once more after lambda). */
static void test_offsets(void)
{
	static const struct rf_spm_coeffs truth2 = { 30.0, 38.0, 5.83, 0.7, -6.55, 0.0, 0.0, 0 };
	static const double off_true[7] = { 6.0, -4.0, 2.0, -5.0, 3.0, -2.0, 0.0 };
	static const char *const site[7] = { "A", "A", "B", "B", "C", "C", "D" };
	static const char *const cell[7] = { "1", "2", "1", "2", "1", "2", "1" };
	struct rf_cell items[7];
	struct rf_cells cells = { items, 7, NULL, 0, NULL };
	struct rf_compare c;
	struct rf_calib_result r;
	struct rf_calib_options o;
	struct rf_spm_coeffs start;
	struct rf_error err;
	double seed = 4242.0, sigma = 6.0;
	TEST_BEGIN("--per-cell-offset: known offsets and K's recovered within their standard "
		   "errors, held-out std = shadowing, a cell without points at 0");
	memset(items, 0, sizeof(items));
	for (int k = 0; k < 7; k++) {
		items[k].site_id = (char *)site[k];
		items[k].cell_id = (char *)cell[k];
	}
	memset(&c, 0, sizeof(c));
	c.n = 4200;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (size_t i = 0; i < c.n; i++) {
		struct rf_cmp_point *p = &c.pts[i];
		int k = (int)(i % 6);
		make_point(p, (int)(i / 6), -1, 0.0);
		double loss = rf_spm_db(&truth2, pow(10.0, p->t.log_d), pow(10.0, p->t.log_heff),
					p->t.diff_db, 1.5);
		p->meas_dbm = -(loss - off_true[k] + sigma * gauss(&seed));
		p->cell = k;
	}
	rf_spm_default(&start);
	rf_calib_options_default(&o);
	o.offset_by = RF_CALIB_OFFSET_CELL;
	CHECK_MSG(rf_calibrate_spm(&c, &cells, &start, NULL, &o, &r, &err) == 0, "%s", err.msg);
	CHECK(r.n_offsets == 7);
	for (int k = 0; k < 6 && r.n_offsets == 7; k++) {
		double e = fabs(r.offsets[k].offset_db - off_true[k]);
		CHECK_MSG(e <= 3 * sigma / sqrt(700.0) && e <= 3 * r.offsets[k].std_error_db,
			  "cell %d: %g vs %g (se %g)", k, r.offsets[k].offset_db, off_true[k],
			  r.offsets[k].std_error_db);
		CHECK(r.offsets[k].n == 700 && r.offsets[k].cell_id == cell[k]);
	}
	if (r.n_offsets == 7) {
		CHECK(r.offsets[6].n == 0);
		CHECK_NEAR(r.offsets[6].offset_db, 0.0, 1e-9);
		CHECK_NEAR(r.offsets[6].std_error_db, o.offset_sigma_db, 0.05 * o.offset_sigma_db);
	}
	const double kt[5] = { truth2.k1, truth2.k2, truth2.k3, truth2.k4, truth2.k5 };
	const double kf[5] = { r.fitted.k1, r.fitted.k2, r.fitted.k3, r.fitted.k4, r.fitted.k5 };
	CHECK(r.fitted_k[0] && r.fitted_k[1] && r.fitted_k[3]);
	for (int j = 0; j < 5; j++)
		CHECK_MSG(r.fitted_k[j] ? fabs(kf[j] - kt[j]) <= 2 * r.std_error[j] : kf[j] == kt[j],
			  "K%d: %g vs %g (se %g)", j + 1, kf[j], kt[j], r.std_error[j]);
	CHECK_MSG(fabs(r.heldout.std_db - sigma) < 0.3, "held-out std %g", r.heldout.std_db);
	CHECK(r.offset_lambda > 0.5 && r.offset_lambda < 1.5);   /* s^2 / sigma_p^2 ~ 36 / 36 */
	rf_calib_result_free(&r);

	/* one cell left out at a time: its offset is then unknown (0), so its
	 * held-out mean error is minus its true offset (predicted - measured,
	 * measured = truth + offset), within 3 x 6 / sqrt(700) = 0.68 dB plus
	 * what K1 takes of it (the others' offsets sum to -off: 1/5 of it,
	 * the tolerance below allows 0.25 x |off|) */
	o.folds_by = RF_CALIB_FOLDS_CELL;
	CHECK_MSG(rf_calibrate_spm(&c, &cells, &start, NULL, &o, &r, &err) == 0, "%s", err.msg);
	CHECK(r.n_groups == 6 && r.folds == 6);
	for (int k = 0; k < 6 && r.n_groups == 6; k++) {
		CHECK(!strcmp(r.groups[k].name, k % 2 ? (k == 1 ? "A/2" : k == 3 ? "B/2" : "C/2")
						      : (k == 0 ? "A/1" : k == 2 ? "B/1" : "C/1")));
		CHECK(r.groups[k].heldout.n == 700);
		CHECK_MSG(fabs(r.groups[k].heldout.mean_db + off_true[k]) <
			  0.68 + 0.25 * fabs(off_true[k]), "cell %d held out: mean %g, offset %g", k,
			  r.groups[k].heldout.mean_db, off_true[k]);
	}
	rf_calib_result_free(&r);

	/* time blocks: point i at 1970-01-01 + i seconds, blocks of 1000 s:
	 * 5 groups of 1000, 1000, 1000, 1000 and 200 points, named by their
	 * UTC start; a point without a time is an error naming it */
	for (size_t i = 0; i < c.n; i++) {
		c.pts[i].time_s = (double)i;
		c.pts[i].line = (long)i + 2;
	}
	o.folds_by = RF_CALIB_FOLDS_TIME;
	o.fold_block_s = 1000.0;
	CHECK_MSG(rf_calibrate_spm(&c, &cells, &start, NULL, &o, &r, &err) == 0, "%s", err.msg);
	CHECK(r.n_groups == 5);
	if (r.n_groups == 5) {
		CHECK(!strcmp(r.groups[0].name, "1970-01-01T00:00:00Z"));
		CHECK(!strcmp(r.groups[4].name, "1970-01-01T01:06:40Z"));   /* 4000 s */
		CHECK(r.groups[0].heldout.n == 1000 && r.groups[4].heldout.n == 200);
	}
	rf_calib_result_free(&r);
	c.pts[17].time_s = NAN;
	CHECK(rf_calibrate_spm(&c, &cells, &start, NULL, &o, &r, &err) == -1);
	CHECK_MSG(strstr(err.msg, "folds by time: (file):19 has no time"), "%s", err.msg);
	o.folds_by = RF_CALIB_FOLDS_BLOCKS;

	/* the same points without offsets: the std left is the offsets' and
	 * the shadowing's together, sqrt(6^2 + 15.7) = 7.2 (the offsets'
	 * mean square is (36 + 16 + 4 + 25 + 9 + 4) / 6 = 15.7) */
	o.offset_by = RF_CALIB_OFFSET_NONE;
	CHECK(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0);
	CHECK_MSG(r.heldout.std_db > 6.8, "held-out std without offsets %g", r.heldout.std_db);
	rf_calib_result_free(&r);
	free(c.pts);
	TEST_END();
}

/* Two bands with different truths: cells 0-2 at 800 MHz (truth_lo) and
 * 3-5 at 2600 MHz (truth_hi: 12 dB more at K1 and a steeper K2), 6 dB
 * shadowing, and 12 points of a 3500 MHz cell (too few: not fitted).  Each
 * band's K1, K2, K4 within 2 of its standard errors of its own truth (K3
 * and K5 at the defaults in both truths, so a fixed one is the truth too). */
static void test_bands(void)
{
	static const struct rf_spm_coeffs truth_lo = { 25.0, 36.0, 5.83, 0.7, -6.55, 0, 0, 0 };
	static const struct rf_spm_coeffs truth_hi = { 37.0, 40.0, 5.83, 0.7, -6.55, 0, 0, 0 };
	struct rf_cell items[7];
	struct rf_cells cells = { items, 7, NULL, 0, NULL };
	struct rf_compare c;
	struct rf_calib_bands b;
	struct rf_calib_options o;
	struct rf_spm_coeffs start;
	struct rf_error err;
	double seed = 99.0;
	TEST_BEGIN("per band: each band's K's within 2 standard errors of its own truth; a band "
		   "with too few points is not fitted");
	memset(items, 0, sizeof(items));
	for (int k = 0; k < 7; k++) {
		items[k].site_id = (char *)"S";
		items[k].cell_id = (char *)"1";
		items[k].frequency_mhz = k < 3 ? 800.0 : k < 6 ? 2600.0 : 3500.0;
	}
	memset(&c, 0, sizeof(c));
	c.n = 4200 + 12;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (size_t i = 0; i < c.n; i++) {
		struct rf_cmp_point *p = &c.pts[i];
		int k = i < 4200 ? (int)(i % 6) : 6;
		const struct rf_spm_coeffs *t = k < 3 ? &truth_lo : &truth_hi;
		make_point(p, (int)(i / 6) % 700, -1, 0.0);
		double loss = rf_spm_db(t, pow(10.0, p->t.log_d), pow(10.0, p->t.log_heff),
					p->t.diff_db, 1.5);
		p->meas_dbm = -(loss + 6.0 * gauss(&seed));
		p->cell = k;
	}
	rf_spm_default(&start);
	rf_calib_options_default(&o);
	CHECK_MSG(rf_calibrate_spm_bands(&c, &cells, &start, NULL, &o, &b, &err) == 0, "%s", err.msg);
	CHECK(b.n == 3);
	if (b.n == 3) {
		CHECK(b.items[0].fitted && b.items[1].fitted && !b.items[2].fitted);
		CHECK(b.items[0].freq_min_mhz == 800.0 && b.items[0].freq_max_mhz == 800.0);
		CHECK(b.items[1].freq_min_mhz == 2600.0 && b.items[2].n_points == 12);
		CHECK(b.items[0].n_points == 2100 && b.items[1].n_points == 2100);
		for (int k = 0; k < 2; k++) {
			const struct rf_calib_result *r = &b.items[k].r;
			const struct rf_spm_coeffs *t = k ? &truth_hi : &truth_lo;
			const double kt[5] = { t->k1, t->k2, t->k3, t->k4, t->k5 };
			const double kf[5] = { r->fitted.k1, r->fitted.k2, r->fitted.k3, r->fitted.k4,
					       r->fitted.k5 };
			CHECK(r->fitted_k[0] && r->fitted_k[1] && r->fitted_k[3]);
			for (int j = 0; j < 5; j++)
				CHECK_MSG(r->fitted_k[j] ? fabs(kf[j] - kt[j]) <= 2 * r->std_error[j]
							 : kf[j] == kt[j],
					  "band %d K%d: %g vs %g (se %g)", k, j + 1, kf[j], kt[j],
					  r->std_error[j]);
		}
	}
	rf_calib_bands_free(&b);
	free(c.pts);
	TEST_END();
}

/* Bounds: noise-free points of an unphysical truth, K4 = -0.5 (diffraction
 * that lowers the loss): the constrained fit holds K4 at its bound 0,
 * reports it at_bound with the reason, and fits the rest (so its
 * in-sample RMSE is above 0, while the truth's K's are out of reach).
 * Stability: the first half of the points from truth, the second from
 * truth with K1 + 8 dB: contiguous folds see different models, the K's
 * swing between folds by more than their standard errors and the result
 * says so; the noise-free single-truth fit does not.  VIFs of the fitted
 * non-constant terms are finite and >= 1 (1 / (1 - R^2), R^2 of the
 * term on the others). */
static void test_bounds_stability(void)
{
	static const struct rf_spm_coeffs bad = { 30.0, 38.0, 4.0, -0.5, -3.0, 0.0, 0.0, 0 };
	struct rf_compare c;
	struct rf_calib_result r;
	struct rf_calib_options o;
	struct rf_spm_coeffs start;
	struct rf_error err;
	TEST_BEGIN("physical bounds: K4 < 0 held at 0 and reported; K's swinging between "
		   "folds reported; VIFs");
	memset(&c, 0, sizeof(c));
	c.n = 700;
	c.pts = rf_xcalloc(c.n, sizeof(*c.pts));
	for (size_t i = 0; i < c.n; i++) {
		struct rf_cmp_point *p = &c.pts[i];
		make_point(p, (int)i, -1, 0.0);
		p->meas_dbm = -rf_spm_db(&bad, pow(10.0, p->t.log_d), pow(10.0, p->t.log_heff),
					 p->t.diff_db, 1.5);
	}
	rf_spm_default(&start);
	rf_calib_options_default(&o);
	CHECK_MSG(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0, "%s", err.msg);
	CHECK(r.at_bound[3] && !r.fitted_k[3] && r.fitted.k4 == 0.0);
	CHECK_MSG(strstr(r.reason[3], "at its physical bound 0"), "%s", r.reason[3]);
	CHECK(r.after.rmse_db > 0.1);
	CHECK(!r.at_bound[1] && !r.at_bound[4]);
	for (int j = 1; j < 5; j++)
		CHECK(!r.fitted_k[j] || (isfinite(r.vif[j]) && r.vif[j] >= 1.0));
	rf_calib_result_free(&r);

	for (size_t i = 0; i < c.n; i++)
		make_point(&c.pts[i], (int)(i % 700), -1, i < c.n / 2 ? 0.0 : 8.0);
	CHECK(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0);
	CHECK(r.unstable[0] && r.fold_range[0] > r.std_error[0]);
	rf_calib_result_free(&r);
	for (size_t i = 0; i < c.n; i++)
		make_point(&c.pts[i], (int)i, -1, 0.0);
	CHECK(rf_calibrate_spm(&c, NULL, &start, NULL, &o, &r, &err) == 0);
	for (int j = 0; j < RF_CALIB_NK; j++)
		CHECK(!r.unstable[j]);
	rf_calib_result_free(&r);
	free(c.pts);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(7);
	test_exact();
	test_class_ridge();
	test_fixed_part();
	test_ill_conditioned();
	test_offsets();
	test_bands();
	test_bounds_stability();
	return test_exit_status();
}

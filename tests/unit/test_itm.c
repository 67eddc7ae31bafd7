/* ITM (Longley-Rice) against NTIA's own published cases, plus invariants.
 *
 * Reference data: ../shared/data/reference/itm/ (NTIA/itm @ 183ad95b):
 * p2p.csv (inputs and expected A__db to 0.01 dB, each row's profile the same
 * row of pfls.csv in pfl form [np, dx_m, z0..z_np]) and area.csv (expected
 * A__db to 0.1 dB).  Columns are mapped by their header names.  Every case
 * must agree within the published rounding plus a margin: 0.01 dB for p2p
 * (0.005 + 0.005), 0.06 dB for area (0.05 + 0.01), both tighter than the
 * 0.1 dB rfplan requires; the largest error is reported in the case name. */
#define P2P_TOL_DB 0.01
#define AREA_TOL_DB 0.06
#include "check.h"
#include "rfplan/itm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 32
#define MAX_CASES 16

struct table {
	int n_cols, n_rows;
	char names[MAX_COLS][32];
	double v[MAX_CASES][MAX_COLS];
};

/* Split line (modified) at commas into at most max fields; returns count. */
static int split_csv(char *line, char **fields, int max)
{
	int n = 0;
	char *s = line;
	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		fields[n++] = s;
		s = strchr(s, ',');
		if (!s)
			break;
		*s++ = '\0';
	}
	return n;
}

static int parse_num(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return end != s && *end == '\0';
}

/* Read a small numeric CSV with a header line. */
static int read_table(const char *path, struct table *t)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *fields[MAX_COLS];
	size_t cap = 0;
	int ok = 1;

	memset(t, 0, sizeof(*t));
	if (!f)
		return 0;
	if (getline(&line, &cap, f) < 0) {
		ok = 0;
	} else {
		t->n_cols = split_csv(line, fields, MAX_COLS);
		for (int i = 0; i < t->n_cols; i++)
			snprintf(t->names[i], sizeof(t->names[i]), "%s", fields[i]);
	}
	while (ok && t->n_rows < MAX_CASES && getline(&line, &cap, f) > 0) {
		if (line[0] == '\n' || line[0] == '\r')
			continue;
		if (split_csv(line, fields, MAX_COLS) != t->n_cols) {
			ok = 0;
			break;
		}
		for (int i = 0; i < t->n_cols; i++)
			ok = ok && parse_num(fields[i], &t->v[t->n_rows][i]);
		t->n_rows++;
	}
	free(line);
	fclose(f);
	return ok && t->n_rows > 0;
}

static double col(const struct table *t, int row, const char *name)
{
	for (int i = 0; i < t->n_cols; i++)
		if (!strcmp(t->names[i], name))
			return t->v[row][i];
	fprintf(stderr, "  missing column %s\n", name);
	return NAN;
}

/* Read row `row` (0-based) of pfls.csv: returns a malloc'd z array. */
static double *read_profile(const char *path, int row, int *n_points, double *step_m)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *s, *end;
	size_t cap = 0;
	double *z = NULL, np;
	int r = 0;

	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		if (r++ < row)
			continue;
		np = strtod(line, &end);
		if (*end != ',' || np < 1 || np > 1e6)
			break;
		*step_m = strtod(end + 1, &end);
		*n_points = (int)np + 1;
		z = malloc(sizeof(double) * (size_t)*n_points);
		s = end;
		for (int i = 0; i < *n_points; i++) {
			if (*s != ',') {
				free(z);
				z = NULL;
				break;
			}
			z[i] = strtod(s + 1, &end);
			if (end == s + 1) {
				free(z);
				z = NULL;
				break;
			}
			s = end;
		}
		break;
	}
	free(line);
	fclose(f);
	return z;
}

static void base_params(struct rf_itm_params *p)
{
	memset(p, 0, sizeof(*p));
	p->freq_mhz = 900;
	p->tx_height_m = 30;
	p->rx_height_m = 1.5;
	p->polarization = RF_ITM_VERTICAL;
	p->climate = RF_ITM_CONTINENTAL_TEMPERATE;
	p->n0 = 301;
	p->epsilon = 15;
	p->sigma = 0.005;
	p->mdvar = 12;
	p->time_pct = p->location_pct = p->situation_pct = 50;
}

static void params_from_row(const struct table *t, int r, struct rf_itm_params *p)
{
	memset(p, 0, sizeof(*p));
	p->tx_height_m = col(t, r, "h_tx__meter");
	p->rx_height_m = col(t, r, "h_rx__meter");
	p->epsilon = col(t, r, "epsilon");
	p->sigma = col(t, r, "sigma");
	p->n0 = col(t, r, "N_0");
	p->freq_mhz = col(t, r, "f__mhz");
	p->polarization = (int)col(t, r, "pol");
	p->climate = (int)col(t, r, "climate");
	p->time_pct = col(t, r, "time");
	p->location_pct = col(t, r, "location");
	p->situation_pct = col(t, r, "situation");
	p->mdvar = (int)col(t, r, "mdvar");
}

static void test_ntia_p2p(void)
{
	char path[512], pfl_path[512], name[160];
	struct table t;
	double got[MAX_CASES], want[MAX_CASES], max_err = 0.0;
	int rc[MAX_CASES], n = 0;
	struct rf_error err = { "" };

	TEST_BEGIN("itm p2p: NTIA cases");
	if (!test_data_path(path, sizeof(path), "reference/itm/p2p.csv") ||
	    !test_data_path(pfl_path, sizeof(pfl_path), "reference/itm/pfls.csv")) {
		TEST_END();
		return;
	}
	if (!read_table(path, &t)) {
		CHECK_MSG(0, "cannot read %s", path);
		TEST_END();
		return;
	}
	for (int r = 0; r < t.n_rows; r++) {
		struct rf_itm_params p;
		struct rf_itm_result res;
		int n_points = 0;
		double step_m = 0;
		double *z = read_profile(pfl_path, r, &n_points, &step_m);

		params_from_row(&t, r, &p);
		want[r] = col(&t, r, "A__db");
		rc[r] = z ? rf_itm_p2p(&p, z, n_points, step_m, &res, &err) : -2;
		got[r] = rc[r] == 0 ? res.loss_db : NAN;
		if (rc[r] == 0 && fabs(got[r] - want[r]) > max_err)
			max_err = fabs(got[r] - want[r]);
		free(z);
		n++;
	}
	snprintf(name, sizeof(name), "itm p2p: %d NTIA cases within %.2f dB (max abs error %.4f dB)",
		 n, P2P_TOL_DB, max_err);
	TEST_BEGIN(name);
	CHECK(n == 5);
	for (int r = 0; r < n; r++) {
		CHECK_MSG(rc[r] == 0, "case %d: rc %d (%s)", r + 1, rc[r],
			  rc[r] == -2 ? "profile unreadable" : err.msg);
		CHECK_MSG(fabs(got[r] - want[r]) <= P2P_TOL_DB, "case %d: A = %.3f dB, want %.2f",
			  r + 1, got[r], want[r]);
	}
	TEST_END();
}

static void test_ntia_area(void)
{
	char path[512], name[160];
	struct table t;
	double max_err = 0.0;
	struct rf_error err = { "" };

	TEST_BEGIN("itm area: NTIA cases");
	if (!test_data_path(path, sizeof(path), "reference/itm/area.csv")) {
		TEST_END();
		return;
	}
	if (!read_table(path, &t)) {
		CHECK_MSG(0, "cannot read %s", path);
		TEST_END();
		return;
	}
	double got[MAX_CASES], want[MAX_CASES];
	int rc[MAX_CASES];
	for (int r = 0; r < t.n_rows; r++) {
		struct rf_itm_params p;
		struct rf_itm_result res;

		params_from_row(&t, r, &p);
		want[r] = col(&t, r, "A__db");
		rc[r] = rf_itm_area(&p, col(&t, r, "d__km"), col(&t, r, "delta_h__meter"),
				    (int)col(&t, r, "tx_siting_criteria"),
				    (int)col(&t, r, "rx_siting_criteria"), &res, &err);
		got[r] = rc[r] == 0 ? res.loss_db : NAN;
		if (rc[r] == 0 && fabs(got[r] - want[r]) > max_err)
			max_err = fabs(got[r] - want[r]);
	}
	snprintf(name, sizeof(name), "itm area: %d NTIA cases within %.2f dB (max abs error %.4f dB)",
		 t.n_rows, AREA_TOL_DB, max_err);
	TEST_BEGIN(name);
	CHECK(t.n_rows == 5);
	for (int r = 0; r < t.n_rows; r++) {
		CHECK_MSG(rc[r] == 0, "case %d: %s", r + 1, err.msg);
		CHECK_MSG(fabs(got[r] - want[r]) <= AREA_TOL_DB, "case %d: A = %.3f dB, want %.1f",
			  r + 1, got[r], want[r]);
	}
	TEST_END();
}

/* Basic transmission loss must not fall as the path gets longer (area mode,
 * everything else fixed); modes go LOS -> diffraction -> troposcatter. */
static void test_area_monotonic(void)
{
	struct rf_itm_params p;
	struct rf_itm_result res;
	struct rf_error err;
	double prev = -1.0;
	int ok = 1, prev_mode = RF_ITM_MODE_LOS;

	TEST_BEGIN("itm area: loss increases with distance, modes in order");
	base_params(&p);
	for (double d_km = 1.0; d_km <= 1500.0; d_km *= 1.05) {
		if (rf_itm_area(&p, d_km, 90.0, 0, 0, &res, &err)) {
			CHECK_MSG(0, "%g km: %s", d_km, err.msg);
			ok = 0;
			break;
		}
		CHECK_MSG(res.loss_db >= prev, "loss %.3f dB at %g km below %.3f dB before",
			  res.loss_db, d_km, prev);
		CHECK_MSG(res.mode >= prev_mode, "mode %d at %g km after mode %d", res.mode,
			  d_km, prev_mode);
		prev = res.loss_db;
		prev_mode = res.mode;
	}
	CHECK(ok);
	CHECK(prev_mode == RF_ITM_MODE_TROPOSCATTER);
	TEST_END();
}

/* Loss not exceeded for a larger fraction of time is larger (broadcast). */
static void test_time_monotonic(void)
{
	struct rf_itm_params p;
	struct rf_itm_result res;
	struct rf_error err;
	double prev = -1e9;

	TEST_BEGIN("itm area: loss increases with time percentage");
	base_params(&p);
	p.mdvar = RF_ITM_BROADCAST;
	for (double t = 1.0; t < 100.0; t += 7.0) {
		p.time_pct = t;
		CHECK(rf_itm_area(&p, 60.0, 90.0, 0, 0, &res, &err) == 0);
		CHECK_MSG(res.loss_db > prev, "time %g%%: %.3f dB not above %.3f", t,
			  res.loss_db, prev);
		prev = res.loss_db;
	}
	TEST_END();
}

/* Free-space loss by hand: 32.45 + 20 log10(230) + 20 log10(16)
 * = 32.45 + 47.2346 + 24.0824 = 103.767 dB. */
static void test_free_space(void)
{
	struct rf_itm_params p;
	struct rf_itm_result res;
	struct rf_error err;

	TEST_BEGIN("itm: free-space loss field, 16 km at 230 MHz");
	base_params(&p);
	p.freq_mhz = 230;
	CHECK(rf_itm_area(&p, 16.0, 0.0, 0, 0, &res, &err) == 0);
	CHECK_NEAR(res.free_space_db, 103.767, 0.001);
	CHECK_NEAR(res.distance_m, 16000.0, 1e-9);
	TEST_END();
}

static void expect_error(const char *what, int rc, const struct rf_error *err,
			 const char *word, const char *value)
{
	CHECK_MSG(rc == -1, "%s: rc %d, want -1", what, rc);
	CHECK_MSG(strstr(err->msg, word) && strstr(err->msg, value),
		  "%s: message '%s' should name '%s' and '%s'", what, err->msg, word, value);
}

static void test_errors(void)
{
	struct rf_itm_params p;
	struct rf_itm_result res;
	struct rf_error err;
	const double flat[3] = { 100, 100, 100 };
	const double bad[4] = { 100, NAN, 100, 100 };

	TEST_BEGIN("itm: hard limits are errors naming the parameter and value");
	base_params(&p);
	p.freq_mhz = 15;
	expect_error("freq", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "frequency", "15");
	expect_error("freq p2p", rf_itm_p2p(&p, flat, 3, 100, &res, &err), &err, "frequency",
		     "15");
	base_params(&p);
	p.freq_mhz = 25000;
	expect_error("freq high", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "frequency",
		     "25000");
	base_params(&p);
	p.tx_height_m = 0.4;
	expect_error("tx height", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err,
		     "transmitter height", "0.4");
	base_params(&p);
	p.climate = 8;
	expect_error("climate", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "climate", "8");
	base_params(&p);
	p.mdvar = 4;
	expect_error("mdvar", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "mdvar", "4");
	base_params(&p);
	p.time_pct = 100;
	expect_error("time", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "time", "100");
	base_params(&p);
	p.n0 = 200;
	expect_error("N0", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "N0", "200");
	base_params(&p);
	p.sigma = 0;
	expect_error("sigma", rf_itm_area(&p, 10, 50, 0, 0, &res, &err), &err, "sigma", "0");
	base_params(&p);
	expect_error("distance", rf_itm_area(&p, 0, 50, 0, 0, &res, &err), &err, "distance", "0");
	expect_error("delta_h", rf_itm_area(&p, 10, -1, 0, 0, &res, &err), &err, "delta_h", "-1");
	expect_error("siting", rf_itm_area(&p, 10, 50, 3, 0, &res, &err), &err, "siting", "3");
	expect_error("profile size", rf_itm_p2p(&p, flat, 1, 100, &res, &err), &err, "points",
		     "1");
	expect_error("profile step", rf_itm_p2p(&p, flat, 3, 0, &res, &err), &err, "spacing",
		     "0");
	expect_error("profile NaN", rf_itm_p2p(&p, bad, 4, 100, &res, &err), &err, "point 1",
		     "nan");
	TEST_END();
}

static void test_warnings(void)
{
	struct rf_itm_params p;
	struct rf_itm_result res;
	struct rf_error err;
	double z[201];

	TEST_BEGIN("itm: soft limits are warnings, results still given");
	base_params(&p);
	p.freq_mhz = 30;   /* below 40 MHz: NTIA warns, still computes */
	CHECK(rf_itm_area(&p, 10, 50, 0, 0, &res, &err) == 0);
	CHECK(res.warnings & RF_ITM_WARN_FREQUENCY);
	CHECK(isfinite(res.loss_db) && res.loss_db > res.free_space_db - 10);
	base_params(&p);
	CHECK(rf_itm_area(&p, 0.5, 50, 0, 0, &res, &err) == 0);
	CHECK(res.warnings & RF_ITM_WARN_DIST_SMALL_2);
	CHECK(!(res.warnings & RF_ITM_WARN_FREQUENCY));
	CHECK(rf_itm_warning_text(RF_ITM_WARN_DIST_SMALL_2) != NULL);
	CHECK(rf_itm_warning_text(0x8000) == NULL);
	/* flat 20 km profile, 30 m to 1.5 m: line of sight, delta_h 0, no
	 * warnings (heights, distance and horizons all in range) */
	for (int i = 0; i <= 200; i++)
		z[i] = 50.0;
	CHECK(rf_itm_p2p(&p, z, 201, 100.0, &res, &err) == 0);
	CHECK_NEAR(res.delta_h_m, 0.0, 1e-9);
	CHECK_NEAR(res.distance_m, 20000.0, 1e-6);
	CHECK(res.mode == RF_ITM_MODE_LOS);
	CHECK_MSG(res.warnings == 0, "warnings 0x%x", res.warnings);
	TEST_END();
}

/* A 150 m ridge across the middle of a flat 20 km path (tx 30 m, rx 1.5 m,
 * 900 MHz) stands ~120 m above the direct ray: by ITU-R P.526 eq. 26,
 * v = 120 sqrt(2 / 0.333 m * (1/10 km + 1/10 km)) = 4.2, and J(v) ~ 25 dB
 * (eq. 31).  ITM must charge the ridge at least 10 dB over flat ground. */
static void test_ridge(void)
{
	struct rf_itm_params p;
	struct rf_itm_result flat, ridge;
	struct rf_error err;
	double z[201];

	TEST_BEGIN("itm p2p: a ridge across the path adds loss");
	base_params(&p);
	for (int i = 0; i <= 200; i++)
		z[i] = 50.0;
	CHECK(rf_itm_p2p(&p, z, 201, 100.0, &flat, &err) == 0);
	for (int i = 95; i <= 105; i++)
		z[i] = 200.0;
	CHECK(rf_itm_p2p(&p, z, 201, 100.0, &ridge, &err) == 0);
	CHECK_MSG(ridge.loss_db > flat.loss_db + 10.0, "ridge %.2f dB, flat %.2f dB",
		  ridge.loss_db, flat.loss_db);
	CHECK(ridge.horizon_dist_m[0] < 10.6e3 && ridge.horizon_dist_m[1] < 10.6e3);
	TEST_END();
}

/* Thread safety: the same 400 profiles computed serially and by OpenMP
 * threads give bit-identical results (no shared state in the model). */
static void test_threads(void)
{
	enum { N_PATHS = 400, N_POINTS = 600 };
	double serial[N_PATHS], parallel[N_PATHS];
	struct rf_itm_params p;
	int failures = 0;

	TEST_BEGIN("itm p2p: results independent of the thread count");
	base_params(&p);
	for (int pass = 0; pass < 2; pass++) {
		double *out = pass ? parallel : serial;
#pragma omp parallel for if (pass) schedule(dynamic, 7) reduction(+ : failures)
		for (int k = 0; k < N_PATHS; k++) {
			double z[N_POINTS];
			struct rf_itm_result res;
			struct rf_error err;
			/* a hilly synthetic profile, a different one per path */
			for (int i = 0; i < N_POINTS; i++)
				z[i] = 200.0 + 80.0 * sin(0.013 * i * (1 + k % 5)) +
				       30.0 * sin(0.31 * i + k);
			if (rf_itm_p2p(&p, z, N_POINTS - k, 25.0 + k, &res, &err))
				failures++;
			out[k] = res.loss_db;
		}
	}
	CHECK(failures == 0);
	CHECK(memcmp(serial, parallel, sizeof(serial)) == 0);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(9);
	test_ntia_p2p();
	test_ntia_area();
	test_area_monotonic();
	test_time_monotonic();
	test_free_space();
	test_errors();
	test_warnings();
	test_ridge();
	test_threads();
	return test_exit_status();
}

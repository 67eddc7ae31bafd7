/* The engine's speed-ups that must not change results: the local geodesic
 * (geo_local.h) against PROJ's geod_inverse (C. F. F. Karney's algorithm,
 * the reference), the lean calls (ITM, FSPL, Hata, COST-231) against
 * rf_model_path_loss, the ITM parameters prepared once per cell against
 * rf_itm_p2p, and ITM's terrain
 * analysis (horizons without a division per point, the two quantiles of
 * dlthx selected among few) against the plain form of Hufford's algorithm
 * written out here: horizons by one division per point and terminal, the
 * quantiles by sorting. */
#include "check.h"
#include "rfplan/geo.h"
#include "rfplan/itm.h"
#include "rfplan/model.h"
#include "../../src/geo/geo_local.h"
#include "../../src/models/model_engine.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return ((*s >> 8) & 0xffffff) / 16777216.0;
}

static void test_local_geodesic(void)
{
	struct geod_geodesic g;
	unsigned s = 4242u;
	double worst40 = 0, worst100 = 0, worst_az = 0;

	TEST_BEGIN("local geodesic within the bound of geo_local.h (vs PROJ geod_inverse)");
	geod_init(&g, 6378137.0, 1 / 298.257223563);
	for (int i = 0; i < 50000; i++) {
		double lat = -80 + 160 * rnd(&s), lon = -180 + 360 * rnd(&s);
		double az = 360 * rnd(&s), dist = 1 + 99999 * rnd(&s) * rnd(&s);
		double lat2, lon2, d, a1, a2, fa, f, de;
		struct rf_geo_local loc;
		geod_direct(&g, lat, lon, az, dist, &lat2, &lon2, NULL);
		geod_inverse(&g, lat, lon, lat2, lon2, &d, &a1, &a2);
		rf_geo_local_init(&loc, lat, lon);
		f = rf_geo_local_inverse(&loc, lat2, lon2, &fa);
		if (d <= 40e3 && fabs(f - d) > worst40)
			worst40 = fabs(f - d);
		if (fabs(f - d) > worst100)
			worst100 = fabs(f - d);
		de = fabs(remainder(fa - a1, 360.0));
		if (de > worst_az)
			worst_az = de;
	}
	CHECK_MSG(worst40 < 2e-6, "worst distance error up to 40 km: %g m", worst40);
	CHECK_MSG(worst100 < 40e-6, "worst distance error up to 100 km: %g m", worst100);
	CHECK_MSG(worst_az < 1e-5, "worst azimuth error %g deg", worst_az);
	/* the split form (rows and columns precomputed) gives the same bits */
	{
		struct rf_geo_local loc;
		struct rf_geo_local_lat la;
		struct rf_geo_local_lon lo;
		double a = 0, b = 0;
		rf_geo_local_init(&loc, -33.9, 151.2);
		rf_geo_local_lat(&loc, -34.05, &la);
		rf_geo_local_lon(&loc, 151.31, &lo);
		CHECK(rf_geo_local_inverse(&loc, -34.05, 151.31, &a) ==
		      rf_geo_local_inverse_pre(&loc, &la, &lo, &b));
		CHECK(a == b);
	}
	TEST_END();
}

/* The engine's lean call against the full one, per model: the same loss
 * and warnings (ITM: also its mode; FSPL: also with no heights at all). */
static void test_lean(enum rf_model_id model)
{
	struct rf_model_options o;
	struct rf_link link = { 1800, 30, 1.5 };
	unsigned s = 99u;
	double z[400], cl[400];
	int same = 0, cases = 0;
	char name[128];

	snprintf(name, sizeof(name), "lean %s call: the same path loss and warnings as "
		 "rf_model_path_loss", rf_model_name(model));
	TEST_BEGIN(name);
	rf_model_options_default(&o);
	o.model = model;
	for (int k = 0; k < 200; k++) {
		int n = 3 + (int)(390 * rnd(&s));
		struct rf_profile p = { n, 20 + 80 * rnd(&s), z, (k & 1) ? cl : NULL,
					(k & 2) ? 40.0 : 0.0, (k & 4) ? 12.0 : 0.0 };
		struct rf_loss_terms full, lean;
		struct rf_error e1, e2;
		double base = 500 * rnd(&s);
		for (int i = 0; i < n; i++) {
			z[i] = base + 150 * sin(i / (5 + 30 * rnd(&s))) + 20 * rnd(&s);
			cl[i] = 15 * rnd(&s);
		}
		/* Hata's range: 150-1500 MHz (COST-231 to 2000) */
		link.freq_mhz = model == RF_MODEL_HATA ? 900 : 1800;
		int r1 = rf_model_path_loss(&o, &link, &p, &full, &e1);
		int r2 = rf_model_path_loss_lean(&o, NULL, &link, &p, &lean, &e2);
		cases++;
		same += r1 == r2 && (r1 || (full.path_loss_db == lean.path_loss_db &&
					    (model != RF_MODEL_ITM || full.mode == lean.mode) &&
					    full.warnings == lean.warnings &&
					    full.distance_m == lean.distance_m &&
					    full.free_space_db == lean.free_space_db));
		if (model == RF_MODEL_FSPL) {
			/* free space reads no height: none given */
			struct rf_profile bare = { n, p.step_m, NULL, NULL, 0.0, 0.0 };
			cases++;
			same += rf_model_path_loss_lean(&o, NULL, &link, &bare, &lean, &e2) == 0 &&
				lean.path_loss_db == full.path_loss_db;
		}
	}
	CHECK_MSG(same == cases, "%d of %d profiles agree", same, cases);
	TEST_END();
}

/* Random profiles: smooth hills plus noise, with flat runs and integer
 * heights (ties for the selections, as on SRTM), 2 to 700 points. */
static int random_profile(unsigned *s, double *z, int max_n)
{
	const int n = 2 + (int)((max_n - 2) * rnd(s));
	const double base = 1000 * rnd(s), amp = 300 * rnd(s), len = 3 + 60 * rnd(s);
	const double noise = 30 * rnd(s);
	const int flat = rnd(s) < 0.3, integer = rnd(s) < 0.5;

	for (int i = 0; i < n; i++) {
		double v = base + amp * sin(i / len) + noise * rnd(s);
		if (flat && (i / 17) % 3 == 1)
			v = base;
		z[i] = integer ? floor(v) : v;
	}
	return n;
}

static void test_prepared_itm(void)
{
	struct rf_model_options o;
	unsigned s = 7u;
	double z[700], cl[700];
	int same = 0, cases = 0, failed = 0;

	TEST_BEGIN("ITM prepared per cell: the same bits, warnings and errors as without");
	rf_model_options_default(&o);
	for (int k = 0; k < 400; k++) {
		struct rf_link link = { 30 + 9000 * rnd(&s), 0.3 + 60 * rnd(&s), 0.3 + 20 * rnd(&s) };
		int n = random_profile(&s, z, 700);
		struct rf_profile p = { n, 20 + 80 * rnd(&s), z, (k & 1) ? cl : NULL,
					(k & 2) ? 40.0 : 0.0, (k & 4) ? 12.0 : 0.0 };
		struct rf_model_cell mc;
		struct rf_loss_terms a, b;
		struct rf_error e1 = { 0 }, e2 = { 0 };
		int r1, r2;

		o.polarization = k % 2;
		o.climate = 1 + k % 7;
		o.mdvar = (int[]){ 0, 1, 2, 3, 12, 21, 33 }[k % 7];
		o.time_pct = 1 + 98 * rnd(&s);
		o.location_pct = 1 + 98 * rnd(&s);
		o.situation_pct = 1 + 98 * rnd(&s);
		if (k % 50 == 49)
			o.climate = 9; /* refused: the cell is not prepared */
		for (int i = 0; i < n; i++)
			cl[i] = 15 * rnd(&s);
		rf_model_cell_prepare(&o, link.freq_mhz, &mc);
		r1 = rf_model_path_loss_lean(&o, NULL, &link, &p, &a, &e1);
		r2 = rf_model_path_loss_lean(&o, &mc, &link, &p, &b, &e2);
		cases++;
		failed += r1 != 0;
		same += r1 == r2 && !strcmp(e1.msg, e2.msg) &&
			(r1 || (a.path_loss_db == b.path_loss_db && a.mode == b.mode &&
				a.warnings == b.warnings && a.itm_warnings == b.itm_warnings &&
				a.free_space_db == b.free_space_db &&
				a.diffraction_db == b.diffraction_db &&
				a.variability_db == b.variability_db));
	}
	CHECK_MSG(same == cases, "%d of %d profiles agree", same, cases);
	CHECK_MSG(failed > 8 && failed < cases / 2, "%d of %d refused (heights, climate)",
		  failed, cases);
	TEST_END();
}

/* hzns as [Alg section 3] writes it: each point's elevation angle by a
 * division, from both ends. */
static void plain_horizons(const double *z, int np, double step, double gamma_e,
			   const double h[2], double d_hzn[2], double th[2])
{
	const double dist = np * step, a_e = 1.0 / gamma_e;
	const double z_tx = z[0] + h[0], z_rx = z[np] + h[1], half = 1.0 / (2.0 * a_e);
	double d_tx = 0.0, d_rx = dist;

	th[0] = (z_rx - z_tx) / dist - dist * half;
	th[1] = -(z_rx - z_tx) / dist - dist * half;
	d_hzn[0] = d_hzn[1] = dist;
	for (int i = 1; i < np; i++) {
		double t_tx, t_rx;
		d_tx += step;
		d_rx -= step;
		t_tx = (z[i] - z_tx) / d_tx - d_tx * half;
		t_rx = -(z_rx - z[i]) / d_rx - d_rx * half;
		if (t_tx > th[0]) {
			th[0] = t_tx;
			d_hzn[0] = d_tx;
		}
		if (t_rx > th[1]) {
			th[1] = t_rx;
			d_hzn[1] = d_rx;
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	const double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* dlthx's resampling and line removal as NTIA's reference does them (the
 * zlsq1 trapezoidal fit with the end points at half weight), then the two
 * quantiles read from the sorted residuals. */
static double plain_delta_h(const double *z, int np, double step, double start, double end)
{
	double s[245], x_start = start / step, x_end = end / step, x_step;
	double x_mid, sum_y, sum_xy, fit_a, slope;
	int p10, n, i;

	if (x_end - x_start < 2.0)
		return 0.0;
	p10 = (int)(0.1 * (x_end - x_start + 8.0));
	p10 = p10 < 4 ? 4 : p10 > 25 ? 25 : p10;
	n = 10 * p10 - 5;
	x_step = (x_end - x_start) / (n - 1);
	i = (int)x_start;
	x_start -= (float)(i + 1.0);
	for (int j = 0; j < n; j++) {
		while (x_start > 0.0 && i + 1 < np) {
			x_start -= 1.0;
			i++;
		}
		s[j] = z[i + 1] + (z[i + 1] - z[i]) * x_start;
		x_start += x_step;
	}
	x_mid = -0.5 * (n - 1);
	sum_y = 0.5 * (s[0] + s[n - 1]);
	sum_xy = 0.5 * (s[0] - s[n - 1]) * x_mid;
	{
		const double x_mid_end = (n - 1) + x_mid;
		for (int j = 1; j < n - 1; j++) {
			x_mid += 1.0;
			sum_y += s[j];
			sum_xy += s[j] * x_mid;
		}
		sum_y /= (n - 1);
		sum_xy = sum_xy * 12.0 / (((double)(n - 1) * (n - 1) + 2.0) * (n - 1));
		fit_a = sum_y - sum_xy * x_mid_end;
		slope = (sum_y + sum_xy * ((n - 1) - x_mid_end) - fit_a) / (n - 1);
	}
	for (int j = 0; j < n; j++) {
		s[j] -= fit_a;
		fit_a += slope;
	}
	qsort(s, (size_t)n, sizeof(s[0]), cmp_double);
	return (s[n - p10] - s[p10 - 1]) / (1.0 - 0.8 * exp(-(end - start) / 50e3));
}

static void test_itm_terrain_plain(void)
{
	struct rf_itm_params p = { 1800, 30, 1.5, 1, 5, 301, 15, 0.005, 12, 50, 50, 50 };
	unsigned s = 2024u;
	double z[700];
	int dh_same = 0, hz_same = 0, hz_cases = 0, cases = 0;

	TEST_BEGIN("ITM terrain analysis: the same bits as hzns by divisions and dlthx by sorting");
	for (int k = 0; k < 3000; k++) {
		const int n = random_profile(&s, z, 700), np = n - 1;
		const double step = 10 + 90 * rnd(&s);
		const double h[2] = { 1 + 100 * rnd(&s) * rnd(&s), 1 + 10 * rnd(&s) };
		struct rf_itm_result r;
		struct rf_error err;
		double gamma_e, d_hzn[2], th[2], start, end;

		p.tx_height_m = h[0];
		p.rx_height_m = h[1];
		if (rf_itm_p2p(&p, z, n, step, &r, &err))
			continue;
		cases++;
		gamma_e = 157e-9 * (1.0 - 0.04665 * exp(r.n_s / 179.3));
		plain_horizons(z, np, step, gamma_e, h, d_hzn, th);
		start = fmin(15.0 * h[0], 0.1 * d_hzn[0]);
		end = np * step - fmin(15.0 * h[1], 0.1 * d_hzn[1]);
		dh_same += r.delta_h_m == plain_delta_h(z, np, step, start, end);
		/* beyond line of sight ITM reports hzns' horizons as they are */
		if (d_hzn[0] + d_hzn[1] <= 1.5 * np * step) {
			hz_cases++;
			hz_same += r.horizon_dist_m[0] == d_hzn[0] && r.horizon_dist_m[1] == d_hzn[1] &&
				   r.horizon_angle_rad[0] == th[0] && r.horizon_angle_rad[1] == th[1];
		}
	}
	CHECK_MSG(cases > 2900, "%d of 3000 profiles computed", cases);
	CHECK_MSG(dh_same == cases, "delta_h: %d of %d the same", dh_same, cases);
	CHECK_MSG(hz_cases > 500 && hz_same == hz_cases, "horizons: %d of %d the same",
		  hz_same, hz_cases);
	TEST_END();
}

int main(void)
{
	TEST_PLAN(7 /* 4 cases, the lean call once per model (4) */);
	test_local_geodesic();
	test_lean(RF_MODEL_ITM);
	test_lean(RF_MODEL_FSPL);
	test_lean(RF_MODEL_HATA);
	test_lean(RF_MODEL_COST231);
	test_prepared_itm();
	test_itm_terrain_plain();
	return test_exit_status();
}

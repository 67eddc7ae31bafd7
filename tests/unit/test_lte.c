/* LTE metrics: expected values are hand computations written out here, or
 * 3GPP tables (TS 36.101 table 5.6-1 for N_RB). */
#include "check.h"
#include "rfplan/lte.h"

#include <geodesic.h>
#include <stdlib.h>

static void test_n_rb(void)
{
	TEST_BEGIN("bandwidth -> N_RB (TS 36.101 table 5.6-1)");
	CHECK(rf_lte_n_rb(1.4) == 6);
	CHECK(rf_lte_n_rb(3) == 15);
	CHECK(rf_lte_n_rb(5) == 25);
	CHECK(rf_lte_n_rb(10) == 50);
	CHECK(rf_lte_n_rb(15) == 75);
	CHECK(rf_lte_n_rb(20) == 100);
	CHECK(rf_lte_n_rb(7) == -1);
	CHECK(rf_lte_n_rb(0) == -1);
	CHECK(rf_lte_n_rb(1.5) == -1);
	TEST_END();
}

static void test_epre_noise(void)
{
	TEST_BEGIN("RS EPRE 43 dBm over 50 RB");
	/* 12 * 50 = 600 subcarriers; 10 log10(600) = 27.7815; 43 - 27.7815 */
	CHECK_NEAR(rf_lte_rs_epre_dbm(43, 50), 15.2185, 0.001);
	/* 46 dBm over 100 RB: 10 log10(1200) = 30.7918 -> 15.2082 */
	CHECK_NEAR(rf_lte_rs_epre_dbm(46, 100), 15.2082, 0.001);
	TEST_END();

	TEST_BEGIN("noise per RE and per carrier");
	/* -174 + 10 log10(15000) (= 41.7609) + 7 = -125.2391 dBm */
	CHECK_NEAR(rf_lte_noise_re_dbm(7), -125.2391, 0.001);
	/* 50 RB: -174 + 10 log10(9e6) (= 69.5424) + 7 = -97.4576 dBm */
	CHECK_NEAR(rf_lte_noise_carrier_dbm(50, 7), -97.4576, 0.001);
	TEST_END();
}

static void test_cochannel(void)
{
	TEST_BEGIN("co-channel overlap rules");
	CHECK(rf_lte_cochannel(1800, 10, 1800, 10));
	CHECK(rf_lte_cochannel(1800, 10, 1805, 5));    /* 1795..1805 vs 1802.5..1807.5 */
	CHECK_NEAR(rf_lte_overlap_mhz(1800, 10, 1805, 5), 2.5, 1e-9);
	CHECK(!rf_lte_cochannel(1800, 10, 1810, 10));  /* touching at 1805: no overlap */
	CHECK(!rf_lte_cochannel(1800, 10, 2600, 20));
	CHECK(rf_lte_cochannel(1800, 20, 1800, 1.4));  /* nested */
	CHECK_NEAR(rf_lte_overlap_mhz(1800, 20, 1800, 1.4), 1.4, 1e-9);
	TEST_END();
}

static void test_combine(void)
{
	struct rf_lte_params p;
	struct rf_lte_carrier car[3];
	struct rf_lte_pixel px;
	rf_lte_params_default(&p);
	rf_lte_carrier_init(&car[0], 1800, 10, 50, &p);
	rf_lte_carrier_init(&car[1], 1800, 10, 50, &p);
	rf_lte_carrier_init(&car[2], 2600, 20, 100, &p);

	TEST_BEGIN("SINR of two equal co-channel cells at full load = 0 dB");
	{
		/* Strong signals: noise -125.24 dBm is 85 dB below, negligible.
		 * S / (I + N) = 1 / (1 + 10^-8.5) -> 0.0000 dB. */
		double rsrp[2] = { -40, -40 };
		rf_lte_combine(&p, car, rsrp, 2, &px);
		CHECK(px.best == 0);  /* tie -> lowest index */
		CHECK_NEAR(px.sinr_db, 0.0, 1e-3);
		CHECK(px.overlap == 2);
	}
	TEST_END();

	TEST_BEGIN("RS-SINR ignores the load, PDSCH SINR at 50% load, with noise, by hand");
	{
		/* S = -90 dBm = 1e-9 mW; I = 1e-9.5 = 3.16228e-10 mW;
		 * N = 10^-12.52391 = 2.99289e-13 mW.  The interferer's reference
		 * signals are sent at every load:
		 * RS-SINR = 10 log10(1e-9 / (N + I)) = 4.99589 dB;
		 * its data REs at load 0.5:
		 * PDSCH SINR = 10 log10(1e-9 / (N + 0.5 I)) = 8.00209 dB
		 * (python3: math.log10 of the same sums). */
		double rsrp[2] = { -90, -95 };
		p.load = 0.5;
		rf_lte_combine(&p, car, rsrp, 2, &px);
		CHECK_NEAR(px.sinr_db, 4.99589, 0.0001);
		CHECK_NEAR(px.pdsch_sinr_db, 8.00209, 0.0001);
		/* the PDSCH SINR rebuilt from the RS-SINR map value (Float32) */
		CHECK_NEAR(rf_lte_pdsch_sinr_db((float)px.sinr_db, -90, 7, 0.5), 8.00209, 0.0001);
		/* load 0.25: 10 log10(1e-9 / (N + 0.25 I)) = 11.00419 dB */
		CHECK_NEAR(rf_lte_pdsch_sinr_db((float)px.sinr_db, -90, 7, 0.25), 11.00419, 0.0001);
		p.load = 1.0;
		rf_lte_combine(&p, car, rsrp, 2, &px);
		CHECK_NEAR(px.sinr_db, 4.99589, 0.0001);
		CHECK(px.pdsch_sinr_db == px.sinr_db);
		/* no interference: PDSCH SINR = RS-SINR = S / N at any load */
		CHECK_NEAR(rf_lte_pdsch_sinr_db(45.2391, -80, 7, 0.3), 45.2391, 0.0001);
	}
	TEST_END();

	TEST_BEGIN("RSRQ of a single cell, full load, no interference");
	{
		/* RSSI = 12 N S + N_carrier.  S = -80 dBm, N = 50:
		 * 600 * 1e-8 mW = 6e-6 mW; N_carrier = 10^-9.74576 = 1.7959e-10 mW;
		 * RSRQ = 50e-8 / (6e-6 + 1.7959e-10) = 0.0833308 -> -10.7921 dB
		 * (noise-free limit: -10 log10(12) = -10.7918 dB). */
		double rsrp[3] = { -80, NAN, NAN };
		rf_lte_combine(&p, car, rsrp, 3, &px);
		CHECK(px.best == 0);
		CHECK_NEAR(px.rsrq_db, -10.7921, 0.001);
		CHECK(px.overlap == 1);
		/* SINR = -80 - (-125.2391) = 45.2391 dB */
		CHECK_NEAR(px.sinr_db, 45.2391, 0.001);
	}
	TEST_END();

	TEST_BEGIN("RSRQ with an equal co-channel interferer at full load");
	{
		/* RSSI = 600 S + 600 S (+ negligible noise) -> RSRQ = 50/1200
		 * = -13.8021 dB.  The 2600 MHz cell is not co-channel. */
		double rsrp[3] = { -50, -50, -45 };
		rf_lte_combine(&p, car, rsrp, 3, &px);
		CHECK(px.best == 2);  /* -45 is strongest: other carrier */
		CHECK_NEAR(px.rsrq_db, -10.7918, 0.001);
		double rsrp2[3] = { -50, -50, -100 };
		rf_lte_combine(&p, car, rsrp2, 3, &px);
		CHECK(px.best == 0);
		CHECK_NEAR(px.rsrq_db, -13.8021, 0.001);
	}
	TEST_END();

	TEST_BEGIN("overlap margin and minimum RSRP");
	{
		/* best -100; -104 within 5 dB; -106 outside; min -120 */
		double rsrp[3] = { -104, -100, -106 };
		rf_lte_combine(&p, car, rsrp, 3, &px);
		CHECK(px.best == 1);
		CHECK(px.overlap == 2);
		/* everything below -120: best exists, overlap 0 */
		double weak[2] = { -125, -123 };
		rf_lte_combine(&p, car, weak, 2, &px);
		CHECK(px.best == 1);
		CHECK(px.overlap == 0);
		double none[2] = { NAN, NAN };
		rf_lte_combine(&p, car, none, 2, &px);
		CHECK(px.best == -1);
		CHECK(isnan(px.rsrp_dbm));
	}
	TEST_END();
}

static void test_stats(void)
{
	double *e = NULL;
	int n;
	TEST_BEGIN("class edges parsing");
	n = rf_lte_parse_edges("-100,-80,-120,-90,-110", &e, NULL);
	CHECK(n == 5);
	if (n == 5) {
		CHECK(e[0] == -80 && e[1] == -90 && e[4] == -120);
	}
	free(e);
	CHECK(rf_lte_parse_edges("-80,x", &e, NULL) == -1);
	CHECK(rf_lte_parse_edges("-80,-80", &e, NULL) == -1);
	TEST_END();

	TEST_BEGIN("pixel area on the ellipsoid = PROJ geod_polygonarea");
	{
		/* A 0.01 x 0.01 degree pixel whose north edge is at 45 N, and one
		 * at the equator; reference: the geodesic polygon through its
		 * corners (the geodesic edges bow from the parallels by ~2 cm,
		 * a relative area difference below 1e-5). */
		double norths[2] = { 45.0, 0.01 };
		struct geod_geodesic gd;
		geod_init(&gd, 6378137, 1 / 298.257223563);
		for (int k = 0; k < 2; k++) {
			struct rf_grid g = { 1, 1, 10.0, norths[k], 0.01, 0.01 };
			double lats[4] = { norths[k], norths[k], norths[k] - 0.01, norths[k] - 0.01 };
			double lons[4] = { 10.0, 10.01, 10.01, 10.0 };
			double area_m2, perim;
			geod_polygonarea(&gd, lats, lons, 4, &area_m2, &perim);
			area_m2 = fabs(area_m2);
			CHECK_NEAR(rf_lte_pixel_area_km2(&g, 0), area_m2 / 1e6, area_m2 / 1e6 * 1e-5);
		}
	}
	TEST_END();

	TEST_BEGIN("class areas");
	{
		/* 2 x 1 grid of 0.01-degree pixels at the equator; pixel 0 cell 0
		 * at -85 dBm, 10 dB; pixel 1 no server.  Area: rf_lte_pixel_area
		 * (tested above against PROJ). */
		struct rf_grid g = { 2, 1, 0, 0.01, 0.01, 0.01 };
		uint16_t best[2] = { 0, 65535 };
		float rsrp[2] = { -85, NAN }, sinr[2] = { 10, NAN };
		double re[2] = { -80, -90 }, se[2] = { 13, 0 };
		double a = rf_lte_pixel_area_km2(&g, 0);
		struct rf_lte_stats s;
		rf_lte_stats_compute(&g, best, rsrp, sinr, NULL, 1, re, 2, se, 2, &s);
		CHECK_NEAR(s.total_area_km2, a, 1e-12);
		CHECK(!s.has_ground && s.land_area_km2 == 0 && s.sea_area_km2 == 0);
		CHECK_NEAR(s.rsrp.area_km2[1], a, 1e-12);   /* [-90, -80) */
		CHECK(s.rsrp.area_km2[0] == 0 && s.rsrp.area_km2[2] == 0);
		CHECK_NEAR(s.sinr.area_km2[1], a, 1e-12);   /* [0, 13) */
		CHECK_NEAR(s.cell_area_km2[0], a, 1e-12);
		rf_lte_stats_free(&s);
	}
	TEST_END();

	TEST_BEGIN("land and sea: sea is a DEM void or a height <= 0 m");
	{
		/* 4 x 1 grid at the equator (every pixel the same area a), each
		 * served by cell 0: heights 12 m (land), 0 m and NAN (sea),
		 * 0.5 m (land).  Land 2a, sea 2a; the land scope's RSRP classes
		 * hold only the land pixels (-85 and -95 dBm), shares of 2a. */
		struct rf_grid g = { 4, 1, 0, 0.01, 0.01, 0.01 };
		uint16_t best[4] = { 0, 0, 0, 0 };
		float rsrp[4] = { -85, -85, -85, -95 }, sinr[4] = { 10, 10, 10, 10 };
		float ground[4] = { 12, 0, NAN, 0.5f };
		double re[2] = { -80, -90 }, se[2] = { 13, 0 };
		double a = rf_lte_pixel_area_km2(&g, 0);
		struct rf_lte_stats s;
		CHECK(rf_lte_is_land(12) && !rf_lte_is_land(0) && !rf_lte_is_land(-3) &&
		      !rf_lte_is_land(NAN));
		rf_lte_stats_compute(&g, best, rsrp, sinr, ground, 1, re, 2, se, 2, &s);
		CHECK(s.has_ground);
		CHECK_NEAR(s.total_area_km2, 4 * a, 1e-12);
		CHECK_NEAR(s.land_area_km2, 2 * a, 1e-12);
		CHECK_NEAR(s.sea_area_km2, 2 * a, 1e-12);
		CHECK_NEAR(s.rsrp.area_km2[1], 3 * a, 1e-12);      /* [-90, -80): 3 pixels */
		CHECK_NEAR(s.land_rsrp.area_km2[1], a, 1e-12);     /* only the 12 m one */
		CHECK_NEAR(s.land_rsrp.area_km2[2], a, 1e-12);     /* -95 dBm, 0.5 m */
		CHECK_NEAR(s.land_sinr.area_km2[1], 2 * a, 1e-12);
		rf_lte_stats_free(&s);
	}
	TEST_END();
}

int main(void)
{
	TEST_PLAN(13);
	test_n_rb();
	test_epre_noise();
	test_cochannel();
	test_combine();
	test_stats();
	return test_exit_status();
}

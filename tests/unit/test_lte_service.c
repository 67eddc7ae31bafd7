/* LTE service metrics (doc/lte.md "Service maps").  Expected values: TS
 * 36.213 Table 7.2.3-1 (efficiency = modulation order x code rate / 1024),
 * the Vienna simulators' 10 % BLER thresholds as published, TR 36.942 Table
 * A.2-1's parameters put into the A.2 formula by hand below, tabulated
 * normal-distribution values (Abramowitz & Stegun table 26.1), and Jakes'
 * cell-area reliability against its defining integral. */
#include "check.h"
#include "rfplan/lte.h"
#include "rfplan/lte_service.h"

#include <stdio.h>
#include <unistd.h>

static const char *write_tmp(char *path, size_t len, const char *text)
{
	snprintf(path, len, "/tmp/rfplan-test-lte-service-%ld.csv", (long)getpid());
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void test_cqi(void)
{
	struct rf_cqi_table t, d;
	struct rf_error err;

	TEST_BEGIN("CQI table: data/lte/cqi_sinr.csv == built-in, TS 36.213 efficiencies");
	rf_cqi_table_default(&t);
	CHECK(rf_cqi_table_read("data/lte/cqi_sinr.csv", &d, &err) == 0);
	for (int k = 1; k <= RF_CQI_MAX; k++) {
		CHECK_MSG(d.sinr_db[k] == t.sinr_db[k], "CQI %d SINR", k);
		CHECK_MSG(d.efficiency[k] == t.efficiency[k], "CQI %d efficiency", k);
	}
	/* Table 7.2.3-1: CQI 1 QPSK 78/1024, CQI 7 16QAM 378/1024, CQI 15
	 * 64QAM 948/1024 (efficiency rounded to 4 decimals in the table). */
	CHECK_NEAR(t.efficiency[1], 2 * 78 / 1024.0, 1e-4);
	CHECK_NEAR(t.efficiency[7], 4 * 378 / 1024.0, 1e-4);
	CHECK_NEAR(t.efficiency[15], 6 * 948 / 1024.0, 1e-4);
	TEST_END();

	TEST_BEGIN("CQI of a SINR: the highest whose threshold is met");
	CHECK(rf_cqi_from_sinr(&t, -7.0) == 0);     /* below CQI 1's -6.934 */
	CHECK(rf_cqi_from_sinr(&t, -6.934) == 1);   /* threshold met exactly */
	CHECK(rf_cqi_from_sinr(&t, 0.0) == 4);      /* -1.254 <= 0 < 0.761 */
	CHECK(rf_cqi_from_sinr(&t, 10.0) == 9);     /* 8.576 <= 10 < 10.37 */
	CHECK(rf_cqi_from_sinr(&t, 19.83) == 15);
	CHECK(rf_cqi_from_sinr(&t, 45.0) == 15);
	CHECK(rf_cqi_from_sinr(&t, NAN) == 0);
	TEST_END();

	/* Invariant: the CQI is the highest k whose threshold the SINR meets,
	 * found by bisection = the same by scanning k = 1..15 upward (the
	 * definition), on a sweep of SINRs, each threshold itself and just
	 * below it, and the infinities. */
	TEST_BEGIN("CQI of a SINR by bisection = by scanning the thresholds");
	{
		int bad = 0;
		rf_cqi_table_default(&t);
		for (int i = -4000; i <= 4000; i++) {
			double v[4] = { i * 0.01, 0, 0, 0 };
			int nv = 1;
			if (i >= 1 && i <= RF_CQI_MAX) {
				v[nv++] = t.sinr_db[i];
				v[nv++] = nextafter(t.sinr_db[i], -INFINITY);
			}
			if (i == 0)
				v[nv++] = INFINITY, v[nv++] = -INFINITY;
			for (int q = 0; q < nv; q++) {
				int k = 0;
				while (k < RF_CQI_MAX && v[q] >= t.sinr_db[k + 1])
					k++;
				bad += rf_cqi_from_sinr(&t, v[q]) != k;
			}
		}
		CHECK(bad == 0);
	}
	TEST_END();

	TEST_BEGIN("CQI table file errors name the file, line and column");
	char path[128];
	write_tmp(path, sizeof(path), "cqi,sinr_db,efficiency\n1,-7,0.15\n2,-8,0.23\n");
	CHECK(rf_cqi_table_read(path, &d, &err) == -1);
	CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, ":3:") && strstr(err.msg, "sinr_db"),
		  "message '%s'", err.msg);
	write_tmp(path, sizeof(path), "cqi,sinr_db,efficiency\n1,-7,0.15\n1,-6,0.2\n");
	CHECK(rf_cqi_table_read(path, &d, &err) == -1);
	CHECK_MSG(strstr(err.msg, "already"), "message '%s'", err.msg);
	write_tmp(path, sizeof(path), "cqi,sinr_db\n1,-7\n");
	CHECK(rf_cqi_table_read(path, &d, &err) == -1);
	CHECK_MSG(strstr(err.msg, "efficiency"), "message '%s'", err.msg);
	write_tmp(path, sizeof(path), "cqi,sinr_db,efficiency\n1,-7,0.15\n");
	CHECK(rf_cqi_table_read(path, &d, &err) == -1);
	CHECK_MSG(strstr(err.msg, "CQI 2"), "message '%s'", err.msg);
	/* a misspelt column: snr_db is one insertion from sinr_db */
	write_tmp(path, sizeof(path), "cqi,snr_db,efficiency\n1,-7,0.15\n");
	CHECK(rf_cqi_table_read(path, &d, &err) == -1);
	CHECK_MSG(strstr(err.msg, ":1: column 2 'snr_db' is not a known column (did you mean "
			 "'sinr_db'?)"), "message '%s'", err.msg);
	unlink(path);
	TEST_END();
}

static void test_shannon(void)
{
	struct rf_shannon dl, ul;
	rf_shannon_default_dl(&dl);
	rf_shannon_default_ul(&ul);

	TEST_BEGIN("TR 36.942 A.2 truncated Shannon, DL and UL parameters of Table A.2-1");
	CHECK(dl.alpha == 0.6 && dl.sinr_min_db == -10 && dl.thr_max_bps_hz == 4.4);
	CHECK(ul.alpha == 0.4 && ul.sinr_min_db == -10 && ul.thr_max_bps_hz == 2.0);
	/* 0 dB: 0.6 log2(2) = 0.6 */
	CHECK_NEAR(rf_shannon_bps_hz(&dl, 0), 0.6, 1e-12);
	/* -10 dB (the floor, included): 0.6 log2(1.1) = 0.6 x 0.1375035 */
	CHECK_NEAR(rf_shannon_bps_hz(&dl, -10), 0.0825021, 1e-6);
	CHECK(rf_shannon_bps_hz(&dl, -10.01) == 0);
	/* 10 dB: DL 0.6 log2(11) = 0.6 x 3.4594316 = 2.0756590; UL 0.4 x = 1.3837726 */
	CHECK_NEAR(rf_shannon_bps_hz(&dl, 10), 2.0756590, 1e-6);
	CHECK_NEAR(rf_shannon_bps_hz(&ul, 10), 1.3837726, 1e-6);
	/* Ceilings: DL reaches 4.4 at 2^(4.4/0.6) - 1 = 160.27 (22.05 dB), UL
	 * 2.0 at 2^5 - 1 = 31 (14.91 dB). */
	CHECK_NEAR(rf_shannon_bps_hz(&dl, 22.0), 0.6 * log2(1 + pow(10, 2.2)), 1e-9);
	CHECK(rf_shannon_bps_hz(&dl, 22.1) == 4.4);
	CHECK(rf_shannon_bps_hz(&ul, 15.0) == 2.0);
	CHECK(rf_shannon_bps_hz(&dl, NAN) == 0);
	TEST_END();

	/* The SINR from which on the service maps skip the A.2 formula: 0.1 dB
	 * above the ceilings, 10 log10(2^(4.4/0.6) - 1) + 0.1 = 22.148520 dB
	 * (DL) and 10 log10(2^5 - 1) + 0.1 = 15.013617 dB (UL) (python3);
	 * every SINR from there on gives Thr_MAX itself (swept to +100 dB in
	 * 0.001 dB steps); none for a curve that never levels off. */
	TEST_BEGIN("A.2 saturation SINR: Thr_MAX exactly from there on");
	{
		struct rf_shannon flat = dl;
		int bad = 0;
		double sd = rf_shannon_saturation_db(&dl), su = rf_shannon_saturation_db(&ul);
		CHECK_NEAR(sd, 22.148520, 1e-6);
		CHECK_NEAR(su, 15.013617, 1e-6);
		for (int i = 0; i <= 100000; i++) {
			bad += rf_shannon_bps_hz(&dl, sd + i * 0.001) != dl.thr_max_bps_hz;
			bad += rf_shannon_bps_hz(&ul, su + i * 0.001) != ul.thr_max_bps_hz;
		}
		CHECK(bad == 0);
		flat.alpha = 0;
		CHECK(isinf(rf_shannon_saturation_db(&flat)));
		flat = dl;
		flat.thr_max_bps_hz = 2000;   /* 2^(2000/0.6): beyond a double */
		CHECK(isinf(rf_shannon_saturation_db(&flat)));
	}
	TEST_END();
}

static void test_resources(void)
{
	TEST_BEGIN("data REs per RB pair (TS 36.211 CRS and DM-RS positions)");
	/* 168 - 12 x CFI - CRS outside the control region: 1 port 2 REs in
	 * symbols 0,4,7,11; 2 ports 4; 4 ports also 4 in symbols 1 and 8. */
	CHECK(rf_lte_dl_data_re_per_rb(1, 3) == 168 - 36 - 6);
	CHECK(rf_lte_dl_data_re_per_rb(2, 3) == 168 - 36 - 12);
	CHECK(rf_lte_dl_data_re_per_rb(4, 3) == 168 - 36 - 16);
	CHECK(rf_lte_dl_data_re_per_rb(2, 1) == 168 - 12 - 12);
	CHECK(rf_lte_dl_data_re_per_rb(4, 1) == 168 - 12 - 20);
	CHECK(rf_lte_dl_data_re_per_rb(3, 3) == -1);
	CHECK(rf_lte_dl_data_re_per_rb(2, 4) == -1);
	CHECK(RF_LTE_UL_DATA_RE_PER_RB == 168 - 24);
	TEST_END();

	TEST_BEGIN("throughput = layers x bits/RE x N_RB x REs x 1000 / 1e6");
	/* 10 MHz, 2 ports, CFI 3, SINR 0 dB: 0.6 x 50 x 120 x 1000 = 3.6 Mbit/s */
	CHECK_NEAR(rf_lte_throughput_mbps(0.6, 50, 120, 1), 3.6, 1e-12);
	CHECK_NEAR(rf_lte_throughput_mbps(0.6, 50, 120, 2), 7.2, 1e-12);
	/* CQI 15 on 20 MHz, 4 layers, 4 ports: 5.5547 x 100 x 116 x 4 = 257.74 */
	CHECK_NEAR(rf_lte_throughput_mbps(5.5547, 100, 116, 4), 257.73808, 1e-5);
	/* doc/lte.md worked example: RS-SINR 10 dB on 10 MHz (50 RB x 120 REs
	 * x 1000 = 6e6 REs/s): TR 36.942 2.0756590 bit/RE -> 12.4540 Mbit/s;
	 * CQI 9 (2.4063 bit/RE) -> 14.4378 Mbit/s. */
	struct rf_shannon dl;
	struct rf_cqi_table t;
	rf_shannon_default_dl(&dl);
	rf_cqi_table_default(&t);
	CHECK_NEAR(rf_lte_throughput_mbps(rf_shannon_bps_hz(&dl, 10), 50, 120, 1), 12.4540, 1e-4);
	CHECK_NEAR(rf_lte_throughput_mbps(t.efficiency[rf_cqi_from_sinr(&t, 10)], 50, 120, 1),
		   14.4378, 1e-4);
	TEST_END();
}

static void test_uplink(void)
{
	TEST_BEGIN("uplink SINR by reciprocity, hand computation");
	/* RSRP -100 dBm from EPRE 43 - 10 log10(600) = 15.2185 dBm: coupling
	 * -115.2185 dB; UE 23 dBm -> -92.2185 dBm.  Noise over 50 RB: -174 +
	 * 10 log10(9e6) (69.5424) + NF 5 = -99.4576 dBm, + IoT 3 = -96.4576.
	 * SINR = 4.2391 dB. */
	double epre = rf_lte_rs_epre_dbm(43, 50);
	CHECK_NEAR(rf_lte_ul_sinr_db(-100, epre, 23, 50, 5, 3), 4.2391, 1e-3);
	/* 6 RB: noise 10 log10(50/6) = 9.2082 dB lower: 13.4473 dB */
	CHECK_NEAR(rf_lte_ul_sinr_db(-100, epre, 23, 6, 5, 3), 13.4473, 1e-3);
	/* doc/lte.md worked example: 4.2391 dB -> 0.4 log2(1 + 2.6538) = 0.74780
	 * bit/RE on 50 RB x 144 REs x 1000 = 5.3841 Mbit/s */
	struct rf_shannon ul;
	rf_shannon_default_ul(&ul);
	CHECK_NEAR(rf_shannon_bps_hz(&ul, rf_lte_ul_sinr_db(-100, epre, 23, 50, 5, 3)), 0.74780,
		   1e-5);
	CHECK_NEAR(rf_lte_throughput_mbps(0.7477982, 50, RF_LTE_UL_DATA_RE_PER_RB, 1), 5.3841,
		   1e-4);
	TEST_END();

	TEST_BEGIN("limiting link from the margins over the SINR floors");
	CHECK(rf_lte_ul_limited(5, -10, 8, -10) == 0);    /* UL margin 18 > DL 15 */
	CHECK(rf_lte_ul_limited(5, -10, 5, -10) == 0);    /* balanced */
	CHECK(rf_lte_ul_limited(5, -10, 0, -10) == 1);    /* UL 10 < DL 15, closes */
	CHECK(rf_lte_ul_limited(5, -10, -12, -10) == 2);  /* UL fails */
	CHECK(rf_lte_ul_limited(-15, -10, -12, -10) == 0); /* DL fails first */
	TEST_END();
}

static void test_ul_allocation(void)
{
	/* The allocation of most UL throughput at 23 dBm, 50 RB cell of 43 dBm
	 * (RS EPRE 15.2185 dBm), NF 5, IoT 3: for a coupling loss CL the SINR
	 * over one RB is s1 = 23 - CL - (-174 + 10 log10 180e3 + 5) - 3 =
	 * 136.447275 - CL and over n RBs s1 - 10 log10 n.  Brute force in
	 * python3 over n = 1..50 of T(n) = min(0.4 log2(1 + 10^(s_n/10)), 2.0)
	 * x n x 144 x 1000 / 1e6 (0 below s_n = -10 dB), the largest n of
	 * the maximum (1 when every T is 0):
	 *   CL 120: s1 16.447275, n 50, T 2.628623 (T(1) 0.288, T(6) 1.058442)
	 *   CL 130: s1  6.447275, n 44, T 0.349466 (T(50) = 0: below -10 dB)
	 *   CL 140: s1 -3.552725, n  4, T 0.034786 (T(6) = 0)
	 *   CL 150: s1 -13.552725, n 1, T 0. */
	TEST_BEGIN("UL allocation of most throughput at full UE power = brute force over 1..N_RB");
	{
		static const double cl[] = { 120, 130, 140, 150 };
		static const int want_n[] = { 50, 44, 4, 1 };
		static const double want_t[] = { 2.628623, 0.349466, 0.034786, 0 };
		double epre = rf_lte_rs_epre_dbm(43, 50);
		struct rf_shannon ul;
		rf_shannon_default_ul(&ul);
		for (int k = 0; k < 4; k++) {
			double s1 = rf_lte_ul_sinr_db(epre - cl[k], epre, 23, 1, 5, 3);
			int n = rf_lte_ul_best_rbs(&ul, s1, 50);
			CHECK_NEAR(s1, 136.447275 - cl[k], 1e-6);
			CHECK(n == want_n[k]);
			CHECK_NEAR(rf_lte_throughput_mbps(rf_shannon_bps_hz(&ul, s1 - 10 * log10(n)), n,
							  RF_LTE_UL_DATA_RE_PER_RB, 1), want_t[k], 1e-6);
			/* and no allocation does better */
			for (int m = 1; m <= 50; m++)
				CHECK(rf_lte_throughput_mbps(rf_shannon_bps_hz(&ul, s1 - 10 * log10(m)), m,
							     RF_LTE_UL_DATA_RE_PER_RB, 1) <=
				      want_t[k] + 1e-6);
		}
		CHECK(rf_lte_ul_best_rbs(&ul, 40, 6) == 6);
		CHECK(rf_lte_ul_best_rbs(&ul, NAN, 50) == 1);
	}
	TEST_END();

	/* Invariant: the allocation by bisection, with 10 log10 n computed or
	 * from rf_lte_ten_log10_table, = the definition scanned: the largest
	 * n of 1..N_RB whose SINR s - 10 log10 n meets SINR_MIN (1 when none
	 * does), on a sweep of 1-RB SINRs, each edge s = SINR_MIN + 10 log10 n
	 * itself and the doubles just below and above it, for every LTE
	 * bandwidth's N_RB. */
	TEST_BEGIN("UL allocation by bisection (table or not) = the largest n meeting SINR_MIN");
	{
		static const int n_rb[] = { 6, 15, 25, 50, 75, 100 };
		double tab[101];
		struct rf_shannon ul;
		int bad = 0;
		rf_shannon_default_ul(&ul);
		rf_lte_ten_log10_table(tab, 100);
		CHECK(tab[1] == 0 && tab[100] == 20 && isinf(tab[0]));
		for (int b = 0; b < 6; b++)
			for (int i = -3000; i <= 4000; i++) {
				double v[4] = { i * 0.01, NAN, NAN, NAN };
				int nv = 1;
				if (i >= 1 && i <= n_rb[b]) {
					v[1] = ul.sinr_min_db + 10.0 * log10(i);
					v[2] = nextafter(v[1], -INFINITY);
					v[3] = nextafter(v[1], INFINITY);
					nv = 4;
				}
				for (int q = 0; q < nv; q++) {
					int want = 1;
					for (int n = 1; n <= n_rb[b]; n++)
						if (v[q] - 10.0 * log10(n) >= ul.sinr_min_db)
							want = n;
					bad += rf_lte_ul_best_rbs(&ul, v[q], n_rb[b]) != want;
					bad += rf_lte_ul_best_rbs_table(&ul, v[q], n_rb[b], tab) != want;
				}
			}
		CHECK(bad == 0);
	}
	TEST_END();

	/* Required SINRs of throughput targets (python3):
	 *   req(b) = max(SINR_MIN, 10 log10(2^(b / alpha) - 1)), inf above Thr_MAX;
	 *   UL, 1-RB SINR for T on the best of n = 1..50 RBs:
	 *     min_n req(T x 1e6 / (n x 144 x 1000)) + 10 log10 n
	 *   T 0: -10 (n 1); T 0.1: 1.023608 (n 12); T 1: 11.337128 (n 50);
	 *   T 1 on 6 RB fixed: 15.864166; T 0 on 6 RB: -2.218487; T 5 on 6 RB: inf.
	 *   DL 10 Mbit/s on 50 RB x 120 RE, 1 layer: b = 1.666667, 7.677458 dB. */
	TEST_BEGIN("SINR needed for DL / UL throughput targets (A.2 inverted), by hand");
	{
		struct rf_shannon ul, dl;
		rf_shannon_default_ul(&ul);
		rf_shannon_default_dl(&dl);
		CHECK_NEAR(rf_shannon_required_sinr_db(&dl, 10e6 / (50 * 120 * 1000.0)), 7.677458,
			   1e-6);
		CHECK_NEAR(rf_shannon_required_sinr_db(&dl, 0), -10, 0);
		CHECK(isinf(rf_shannon_required_sinr_db(&dl, 4.5)));
		CHECK_NEAR(rf_lte_ul_required_sinr_1rb_db(&ul, 0, 0, 50), -10, 1e-12);
		CHECK_NEAR(rf_lte_ul_required_sinr_1rb_db(&ul, 0.1, 0, 50), 1.023608, 1e-6);
		CHECK_NEAR(rf_lte_ul_required_sinr_1rb_db(&ul, 1, 0, 50), 11.337128, 1e-6);
		CHECK_NEAR(rf_lte_ul_required_sinr_1rb_db(&ul, 1, 6, 50), 15.864166, 1e-6);
		CHECK_NEAR(rf_lte_ul_required_sinr_1rb_db(&ul, 0, 6, 50), -2.218487, 1e-6);
		CHECK(isinf(rf_lte_ul_required_sinr_1rb_db(&ul, 5, 6, 50)));
		/* A lone noise-limited cell at RSRP -100 dBm (43 dBm, 50 RB, UE NF 7):
		 * DL SINR = -100 + 125.2391 = 25.2391 dB, UL 1-RB SINR = -100 -
		 * 15.2185 + 136.4473 = 21.2288 dB.  With 1 Mbit/s UL and 10 Mbit/s DL
		 * targets: m_UL = 21.2288 - 11.3371 = 9.89 < m_DL = 25.2391 - 7.6775
		 * = 17.56: uplink-limited but closing (1); with 10 Mbit/s UL (req.
		 * 27.03 dB on 50 RB) the uplink misses it (2); with no targets
		 * the DL margin 35.24 dB and UL 31.23 dB: 1, not a failure. */
		double dl_s = 25.2391, ul_s = 21.2288;
		CHECK(rf_lte_ul_limited(dl_s, 7.677458, ul_s,
					rf_lte_ul_required_sinr_1rb_db(&ul, 1, 0, 50)) == 1);
		CHECK(rf_lte_ul_limited(dl_s, 7.677458, ul_s,
					rf_lte_ul_required_sinr_1rb_db(&ul, 10, 0, 50)) == 2);
		CHECK(rf_lte_ul_limited(dl_s, -10, ul_s, -10) == 1);
		/* a DL target the pixel cannot reach: downlink-limited */
		CHECK(rf_lte_ul_limited(5, 7.677458, ul_s, -10) == 0);
	}
	TEST_END();
}

static void test_probability(void)
{
	TEST_BEGIN("Q function and its inverse (A&S table 26.1)");
	CHECK_NEAR(rf_q(0), 0.5, 1e-15);
	CHECK_NEAR(rf_q(1), 0.158655254, 1e-9);
	CHECK_NEAR(rf_q(-1.25), 0.894350226, 1e-9);
	CHECK_NEAR(rf_q_inverse(0.1), 1.281551566, 1e-8);
	CHECK_NEAR(rf_q_inverse(0.05), 1.644853627, 1e-8);
	CHECK_NEAR(rf_q_inverse(0.9), -1.281551566, 1e-8);
	TEST_END();

	TEST_BEGIN("coverage probability: normal CDF of the margin");
	/* RSRP -100, threshold -110, sigma 8: Q(-10/8) = Phi(1.25) = 0.894350 */
	CHECK_NEAR(rf_coverage_probability(-100, -110, 8), 0.894350226, 1e-9);
	CHECK_NEAR(rf_coverage_probability(-110, -110, 8), 0.5, 1e-15);
	CHECK(rf_coverage_probability(-100, -110, 0) == 1);
	CHECK(rf_coverage_probability(-111, -110, 0) == 0);
	TEST_END();

	TEST_BEGIN("Jakes' cell-area reliability vs its defining integral");
	/* 50 % at the edge, sigma/n = 2 (8 dB, n = 4): Jakes' figure gives about
	 * 0.77.  The closed form must equal (2 / R^2) int_0^R P(r) r dr with
	 * P(r) = Q((threshold - median(r)) / sigma), median(r) = edge median -
	 * 10 n log10(r / R), integrated here by the midpoint rule. */
	double fu = rf_jakes_area_reliability(0, 8, 4);
	CHECK_NEAR(fu, 0.77, 0.005);
	const double cases[][3] = { { 0, 8, 4 }, { 5, 8, 3.5 }, { -3, 6, 2 }, { 10, 10, 4 } };
	for (int c = 0; c < 4; c++) {
		double m = cases[c][0], s = cases[c][1], n = cases[c][2], sum = 0;
		int steps = 200000;
		for (int i = 0; i < steps; i++) {
			double x = (i + 0.5) / steps;   /* r / R */
			sum += rf_q((-m + 10 * n * log10(x)) / s) * x;
		}
		CHECK_NEAR(rf_jakes_area_reliability(m, s, n), 2 * sum / steps, 1e-6);
	}
	TEST_END();
}

int main(void)
{
	TEST_PLAN(16);
	test_cqi();
	test_shannon();
	test_resources();
	test_uplink();
	test_ul_allocation();
	test_probability();
	return test_exit_status();
}

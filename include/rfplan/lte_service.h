/* LTE service metrics derived from the best-server maps: downlink CQI and
 * throughput, uplink SINR and throughput, the limiting link, and coverage
 * probability under lognormal shadowing.  Every equation, its source and a
 * worked example are in doc/lte.md ("Service maps").  Pure computation,
 * thread-safe; rf_cqi_table_read is the only function touching a file. */
#ifndef RFPLAN_LTE_SERVICE_H
#define RFPLAN_LTE_SERVICE_H

#include "rfplan/error.h"

#define RF_CQI_MAX 15

/* TS 36.213 Table 7.2.3-1 (4-bit CQI table) with the SINR each CQI needs:
 * entry k = 1..15 (index 0 unused).  efficiency is the table's
 * (modulation order x code rate), information bits per resource element. */
struct rf_cqi_table {
	double sinr_db[RF_CQI_MAX + 1];     /* ascending in k */
	double efficiency[RF_CQI_MAX + 1];  /* bits/RE */
};

/* The built-in table: TS 36.213 Table 7.2.3-1 efficiencies and the 10 %
 * BLER SINR thresholds of the Vienna LTE simulators (doc/lte.md); identical
 * to data/lte/cqi_sinr.csv (test_lte_service checks). */
void rf_cqi_table_default(struct rf_cqi_table *t);

/* Read a table in the format of data/lte/cqi_sinr.csv: columns cqi (1..15,
 * each once), sinr_db (strictly increasing with cqi), efficiency (> 0,
 * non-decreasing); other columns are ignored.  Errors say FILE:LINE:
 * column.  Returns 0 or -1 with err. */
int rf_cqi_table_read(const char *path, struct rf_cqi_table *t, struct rf_error *err);

/* The highest CQI whose SINR requirement sinr_db meets (sinr >= threshold),
 * 0 below CQI 1 or for NAN. */
int rf_cqi_from_sinr(const struct rf_cqi_table *t, double sinr_db);

/* 3GPP TR 36.942 Annex A.2 link adaptation: the attenuated, truncated
 * Shannon bound
 *   Thr = 0                    SINR < SINR_MIN
 *   Thr = alpha log2(1 + SINR) SINR_MIN <= SINR < SINR_MAX
 *   Thr = Thr_MAX              SINR >= SINR_MAX (alpha log2(1+SINR_MAX) = Thr_MAX)
 * in bit/s/Hz. */
struct rf_shannon {
	double alpha;
	double sinr_min_db;
	double thr_max_bps_hz;
};
/* Table A.2-1: downlink alpha 0.6, SINR_MIN -10 dB, Thr_MAX 4.4 bit/s/Hz;
 * uplink alpha 0.4, SINR_MIN -10 dB, Thr_MAX 2.0 bit/s/Hz. */
void rf_shannon_default_dl(struct rf_shannon *m);
void rf_shannon_default_ul(struct rf_shannon *m);
double rf_shannon_bps_hz(const struct rf_shannon *m, double sinr_db);
/* The least SINR, dB, at which rf_shannon_bps_hz reaches bps_hz >= 0:
 * max(SINR_MIN, 10 log10(2^(bps_hz / alpha) - 1)); SINR_MIN for 0;
 * INFINITY above Thr_MAX (never reached). */
double rf_shannon_required_sinr_db(const struct rf_shannon *m, double bps_hz);
/* A SINR, dB, from which on rf_shannon_bps_hz returns Thr_MAX itself (the
 * min() of A.2 taken), so that a loop over many SINRs can skip its pow and
 * log2 there and give the same bits; INFINITY when there is none to trust
 * (alpha or Thr_MAX not above 0, Thr_MAX / alpha beyond a double's
 * exponent). */
double rf_shannon_saturation_db(const struct rf_shannon *m);

/* Resource elements per resource-block pair (1 ms subframe, normal cyclic
 * prefix: 12 x 14 = 168) left for data.
 * Downlink (PDSCH): 168 - 12 x pdcch_symbols - CRS REs outside the control
 * region (TS 36.211 6.10.1: ports 0/1 in symbols 0, 4, 7, 11, ports 2/3 in
 * 1 and 8; 2 REs per port and symbol per RB).  crs_ports 1, 2 or 4,
 * pdcch_symbols 1..3.  Returns -1 for other values.
 * Uplink (PUSCH): 168 - 24 (DM-RS, one symbol per slot, TS 36.211 5.5.2.1.2)
 * = 144. */
int rf_lte_dl_data_re_per_rb(int crs_ports, int pdcch_symbols);
#define RF_LTE_UL_DATA_RE_PER_RB 144

/* Throughput in Mbit/s of bits_per_re on n_rb resource blocks of data_re
 * REs each, 1000 subframes per second, times layers:
 *   T = layers x bits_per_re x n_rb x data_re x 1000 / 1e6. */
double rf_lte_throughput_mbps(double bits_per_re, int n_rb, int data_re_per_rb, int layers);

/* Uplink SINR at the serving cell's receiver (doc/lte.md): by reciprocity
 * the coupling loss is the downlink one, so the received UE power is
 * rsrp_dbm - rs_epre_dbm + ue_power_dbm, against the thermal noise over
 * ul_rbs RBs at the eNB noise figure raised by the interference margin:
 *   SINR = P_rx - (kT + 10 log10(ul_rbs x 180 kHz) + NF_eNB + IoT). */
double rf_lte_ul_sinr_db(double rsrp_dbm, double rs_epre_dbm, double ue_power_dbm,
			 int ul_rbs, double enb_noise_figure_db, double iot_db);

/* The PUSCH allocation, 1..n_rb_max resource blocks, that maximises the
 * UL throughput of a UE at its maximum power whose SINR over one RB is
 * sinr_1rb_db (over n RBs: sinr_1rb_db - 10 log10 n).  With the A.2
 * curve g(x) = min(alpha log2(1 + x), Thr_MAX), concave with g(0) = 0,
 * n g(P / n) does not decrease with n, so the best n is the largest whose
 * SINR still meets SINR_MIN (1 when none does): doc/lte.md. */
int rf_lte_ul_best_rbs(const struct rf_shannon *ul, double sinr_1rb_db, int n_rb_max);
/* The same with 10 log10 n read from ten_log10[n] (rf_lte_ten_log10_table,
 * n up to n_rb_max; NULL: computed), for a loop over many pixels. */
int rf_lte_ul_best_rbs_table(const struct rf_shannon *ul, double sinr_1rb_db, int n_rb_max,
			     const double *ten_log10);
/* ten_log10[n] = 10 log10 n for n = 1..n_max (the expression the UL SINR
 * over n RBs uses, so the same bits), ten_log10[0] = -inf; n_max + 1
 * doubles. */
void rf_lte_ten_log10_table(double *ten_log10, int n_max);

/* The SINR over one RB (the UE's full power in one RB, dB) that the uplink
 * needs for target_mbps (>= 0; 0 = the link closes: SINR >= SINR_MIN) on
 * PUSCH: on fixed_rbs RBs when > 0, else on the best allocation of
 * 1..n_rb_max RBs: min over n of SINR_req(T / (n x 144 x 1000)) + 10 log10 n.
 * INFINITY when no allocation reaches the target. */
double rf_lte_ul_required_sinr_1rb_db(const struct rf_shannon *ul, double target_mbps,
				      int fixed_rbs, int n_rb_max);

/* The limiting link at one pixel (ul_limited.tif): which link first misses
 * its target as the coupling loss to the serving cell grows.  Each margin
 * is in dB of coupling loss: m_DL = SINR_DL - SINR_DL,req and m_UL =
 * SINR_UL,1RB - SINR_UL,1RB,req (the required SINRs of the throughput
 * targets, rf_shannon_required_sinr_db and rf_lte_ul_required_sinr_1rb_db):
 *   0  downlink-limited or balanced (m_UL >= m_DL)
 *   1  uplink-limited, the uplink meets its target (m_DL > m_UL >= 0)
 *   2  the uplink misses its target first (m_UL < 0 and m_UL < m_DL). */
int rf_lte_ul_limited(double dl_sinr_db, double dl_min_db, double ul_sinr_db,
		      double ul_min_db);

/* Standard normal tail Q(x) = P(X > x) = erfc(x / sqrt 2) / 2. */
double rf_q(double x);
/* x with Q(x) = p, 0 < p < 1 (bisection to 1e-12). */
double rf_q_inverse(double p);

/* Probability that the received level exceeds threshold_dbm when it is
 * lognormal around median_dbm with deviation sigma_db:
 * Q((threshold - median) / sigma); for sigma 0, 1 when median >= threshold,
 * else 0. */
double rf_coverage_probability(double median_dbm, double threshold_dbm, double sigma_db);

/* Jakes' cell-area reliability (W. C. Jakes (ed.), Microwave Mobile
 * Communications, Wiley 1974, chapter 2, after Reudink; restated in
 * T. S. Rappaport, Wireless Communications, 2nd ed., section 4.11.2):
 * the fraction of a circular cell's area where the level exceeds the
 * threshold, for a mean level falling as 10 n log10(r) and lognormal
 * shadowing sigma, with edge_margin_db = median at the edge - threshold:
 *   a = -edge_margin / (sigma sqrt 2),  b = 10 n log10(e) / (sigma sqrt 2)
 *   F_u = 1/2 [1 - erf(a) + exp((1 - 2ab) / b^2) (1 - erf((1 - ab) / b))]. */
double rf_jakes_area_reliability(double edge_margin_db, double sigma_db, double n_exponent);

/* Options of the service maps (rfplan predict). */
struct rf_lte_service_params {
	int enabled;                  /* CQI, throughput, uplink maps; default 1 */
	struct rf_cqi_table cqi;
	struct rf_shannon dl, ul;
	int mimo_layers;              /* 1, 2 or 4; default 1 */
	int crs_ports;                /* 1, 2 or 4, >= layers; default 2 */
	int pdcch_symbols;            /* 1..3; default 3 */
	double ue_power_dbm;          /* default 23 */
	int ul_rbs;                   /* PUSCH RBs; 0 = the best allocation per pixel (default) */
	double dl_target_mbps;        /* ul_limited: DL target, >= 0; default 0 (link closes) */
	double ul_target_mbps;        /* ul_limited: UL target, >= 0; default 0 (link closes) */
	double enb_noise_figure_db;   /* default 5 */
	double ul_iot_db;             /* uplink interference margin; default 3 */
	double sigma_db;              /* shadowing; NAN = no coverage probability (default) */
	double reliability_pct;       /* location reliability, 0 < P < 100 %; default 90 */
	double coverage_threshold_dbm;/* default -110 */
};
void rf_lte_service_default(struct rf_lte_service_params *p);

#endif

/* LTE service metrics: CQI (TS 36.213 Table 7.2.3-1 with a link-level
 * SINR mapping), TR 36.942 Annex A.2 throughput, resource elements, uplink
 * SINR, the limiting link, coverage probability and Jakes' cell-area
 * reliability.  Equations and sources: doc/lte.md ("Service maps"). */
#include "rfplan/lte_service.h"
#include "rfplan/csvtab.h"
#include "rfplan/lte.h"

#include <math.h>
#include <string.h>

/* TS 36.213 Table 7.2.3-1, efficiency column (bits per RE), CQI 1..15. */
static const double cqi_efficiency[RF_CQI_MAX + 1] = {
	0, 0.1523, 0.2344, 0.3770, 0.6016, 0.8770, 1.1758, 1.4766, 1.9141, 2.4063,
	2.7305, 3.3223, 3.9023, 4.5234, 5.1152, 5.5547,
};
/* SINR (dB) at 10 % BLER per CQI, AWGN, from the Vienna LTE simulators
 * (TU Wien; Ikuno, Wrulich, Rupp, "System level simulation of LTE networks",
 * IEEE VTC 2010-Spring), table of utils/cqiMapper.m SINR_to_CQI2. */
static const double cqi_sinr_db[RF_CQI_MAX + 1] = {
	0, -6.934, -5.147, -3.180, -1.254, 0.761, 2.700, 4.697, 6.528, 8.576,
	10.370, 12.300, 14.180, 15.890, 17.820, 19.830,
};

void rf_cqi_table_default(struct rf_cqi_table *t)
{
	memcpy(t->sinr_db, cqi_sinr_db, sizeof(t->sinr_db));
	memcpy(t->efficiency, cqi_efficiency, sizeof(t->efficiency));
	t->sinr_db[0] = NAN;
	t->efficiency[0] = 0;
}

static int column(const struct rf_csv_table *tab, const char *name, struct rf_error *err)
{
	int c = rf_csv_column(tab, name);
	if (c < 0)
		rf_error_set(err, "%s: no column '%s' (need cqi, sinr_db, efficiency)", tab->path,
			     name);
	return c;
}

static int check_table(const struct rf_csv_table *tab, const long *line,
		       const struct rf_cqi_table *t, struct rf_error *err)
{
	for (int k = 1; k <= RF_CQI_MAX; k++) {
		if (!line[k])
			return rf_error_set(err, "%s: no row for CQI %d (need 1..15)", tab->path, k);
		if (t->efficiency[k] <= 0)
			return rf_error_set(err, "%s:%ld: column efficiency: must be > 0", tab->path,
					    line[k]);
		if (k > 1 && !(t->sinr_db[k] > t->sinr_db[k - 1]))
			return rf_error_set(err, "%s:%ld: column sinr_db: %g is not above CQI %d's %g",
					    tab->path, line[k], t->sinr_db[k], k - 1,
					    t->sinr_db[k - 1]);
		if (k > 1 && t->efficiency[k] < t->efficiency[k - 1])
			return rf_error_set(err, "%s:%ld: column efficiency: %g is below CQI %d's %g",
					    tab->path, line[k], t->efficiency[k], k - 1,
					    t->efficiency[k - 1]);
	}
	return 0;
}

/* The columns of data/lte/cqi_sinr.csv; the first three are read. */
static const char *const cqi_columns[] = {"cqi", "sinr_db", "efficiency", "modulation",
					  "code_rate_x1024", "note", "comment", NULL};

int rf_cqi_table_read(const char *path, struct rf_cqi_table *t, struct rf_error *err)
{
	struct rf_csv_table tab;
	struct rf_cqi_table out;
	long line[RF_CQI_MAX + 1] = { 0 };
	int rc = -1, cc, cs, ce;

	if (rf_csv_read(path, &tab, err))
		return -1;
	rf_cqi_table_default(&out);
	if (rf_csv_check_columns(&tab, cqi_columns, err))
		goto out;
	if ((cc = column(&tab, "cqi", err)) < 0 || (cs = column(&tab, "sinr_db", err)) < 0 ||
	    (ce = column(&tab, "efficiency", err)) < 0)
		goto out;
	for (size_t r = 0; r < tab.n_rows; r++) {
		long k;
		if (rf_parse_long(rf_csv_field(&tab, r, cc), &k) || k < 1 || k > RF_CQI_MAX) {
			rf_error_set(err, "%s:%ld: column cqi: '%s' is not a CQI 1..15", path,
				     tab.rows[r].line, rf_csv_field(&tab, r, cc));
			goto out;
		}
		if (line[k]) {
			rf_error_set(err, "%s:%ld: column cqi: CQI %ld already at line %ld", path,
				     tab.rows[r].line, k, line[k]);
			goto out;
		}
		line[k] = tab.rows[r].line;
		if (rf_csv_double(&tab, r, cs, &out.sinr_db[k], err) ||
		    rf_csv_double(&tab, r, ce, &out.efficiency[k], err))
			goto out;
	}
	if (check_table(&tab, line, &out, err))
		goto out;
	*t = out;
	rc = 0;
out:
	rf_csv_free(&tab);
	return rc;
}

int rf_cqi_from_sinr(const struct rf_cqi_table *t, double sinr_db)
{
	/* Thresholds ascend (rf_cqi_table_read checks it): the highest met is
	 * the largest k with sinr_db >= t[k], found by bisection (4 comparisons
	 * instead of up to 15; a NaN meets none: 0). */
	int lo = 0, hi = RF_CQI_MAX;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (sinr_db >= t->sinr_db[mid])
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

void rf_shannon_default_dl(struct rf_shannon *m)
{
	/* TR 36.942 Table A.2-1, downlink. */
	m->alpha = 0.6;
	m->sinr_min_db = -10.0;
	m->thr_max_bps_hz = 4.4;
}

void rf_shannon_default_ul(struct rf_shannon *m)
{
	/* TR 36.942 Table A.2-1, uplink. */
	m->alpha = 0.4;
	m->sinr_min_db = -10.0;
	m->thr_max_bps_hz = 2.0;
}

double rf_shannon_bps_hz(const struct rf_shannon *m, double sinr_db)
{
	if (isnan(sinr_db) || sinr_db < m->sinr_min_db)
		return 0.0;
	/* alpha log2(1 + SINR) reaches Thr_MAX at SINR_MAX: the min() is the
	 * third branch of TR 36.942 A.2. */
	return fmin(m->alpha * log2(1.0 + pow(10.0, sinr_db / 10.0)), m->thr_max_bps_hz);
}

double rf_shannon_required_sinr_db(const struct rf_shannon *m, double bps_hz)
{
	if (bps_hz > m->thr_max_bps_hz)
		return INFINITY;
	/* inverse of alpha log2(1 + SINR); -inf for 0, hence the fmax */
	return fmax(10.0 * log10(exp2(bps_hz / m->alpha) - 1.0), m->sinr_min_db);
}

/* 0.1 dB above the SINR x0 where alpha log2(1 + x) meets Thr_MAX: there
 * log2(1 + x) exceeds log2(1 + x0) by log2((1 + 10^0.01 x0) / (1 + x0)),
 * a share of it of at least log2(10^0.01) / 1024 > 3e-5 (x0 < 2^1024;
 * more for every higher SINR: the curve rises), far beyond what the
 * rounding of pow and log2 (an ulp or two, 1e-16 of the value) could take
 * back; so fmin() returns Thr_MAX for every SINR from there on.  Checked
 * once more on the value itself. */
#define SATURATION_MARGIN_DB 0.1

double rf_shannon_saturation_db(const struct rf_shannon *m)
{
	double s;
	if (!(m->alpha > 0) || !(m->thr_max_bps_hz > 0))
		return INFINITY;
	s = rf_shannon_required_sinr_db(m, m->thr_max_bps_hz) + SATURATION_MARGIN_DB;
	if (!isfinite(s) || rf_shannon_bps_hz(m, s) != m->thr_max_bps_hz)
		return INFINITY;
	return s;
}

int rf_lte_dl_data_re_per_rb(int crs_ports, int pdcch_symbols)
{
	/* CRS REs per RB pair in each OFDM symbol l of the subframe (TS 36.211
	 * 6.10.1.2): 2 per port in the port's symbols. */
	int crs[14] = { 0 };
	if ((crs_ports != 1 && crs_ports != 2 && crs_ports != 4) || pdcch_symbols < 1 ||
	    pdcch_symbols > 3)
		return -1;
	int p01 = crs_ports == 1 ? 2 : 4;
	crs[0] = crs[4] = crs[7] = crs[11] = p01;
	if (crs_ports == 4)
		crs[1] = crs[8] = 4;
	int re = 12 * 14 - 12 * pdcch_symbols;
	for (int l = pdcch_symbols; l < 14; l++)
		re -= crs[l];
	return re;
}

double rf_lte_throughput_mbps(double bits_per_re, int n_rb, int data_re_per_rb, int layers)
{
	return layers * bits_per_re * n_rb * data_re_per_rb * 1000.0 / 1e6;
}

double rf_lte_ul_sinr_db(double rsrp_dbm, double rs_epre_dbm, double ue_power_dbm,
			 int ul_rbs, double enb_noise_figure_db, double iot_db)
{
	double p_rx = rsrp_dbm - rs_epre_dbm + ue_power_dbm;
	double n = RF_LTE_KT_DBM_HZ + 10.0 * log10(ul_rbs * RF_LTE_RB_HZ) + enb_noise_figure_db;
	return p_rx - (n + iot_db);
}

void rf_lte_ten_log10_table(double *ten_log10, int n_max)
{
	ten_log10[0] = -INFINITY;
	for (int n = 1; n <= n_max; n++)
		ten_log10[n] = 10.0 * log10(n);
}

/* 10 log10 n from the table when there is one, else computed: the same
 * expression, so the same bits. */
static double ten_log10_of(const double *ten_log10, int n)
{
	return ten_log10 ? ten_log10[n] : 10.0 * log10(n);
}

int rf_lte_ul_best_rbs_table(const struct rf_shannon *ul, double sinr_1rb_db, int n_rb_max,
			     const double *ten_log10)
{
	double room_db = sinr_1rb_db - ul->sinr_min_db;
	int lo = 1, hi = n_rb_max;
	if (isnan(room_db) || room_db < 0 || n_rb_max <= 1)
		return 1;
	/* The test the throughput makes, SINR_n = sinr_1rb_db - 10 log10 n >=
	 * SINR_MIN, holds for n = 1 (room_db >= 0) and, 10 log10 n rising
	 * with n, for every n up to the largest that meets it: bisection. */
	if (sinr_1rb_db - ten_log10_of(ten_log10, hi) >= ul->sinr_min_db)
		return hi;   /* every RB (near the site): no search */
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (sinr_1rb_db - ten_log10_of(ten_log10, mid) >= ul->sinr_min_db)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

int rf_lte_ul_best_rbs(const struct rf_shannon *ul, double sinr_1rb_db, int n_rb_max)
{
	return rf_lte_ul_best_rbs_table(ul, sinr_1rb_db, n_rb_max, NULL);
}

double rf_lte_ul_required_sinr_1rb_db(const struct rf_shannon *ul, double target_mbps,
				      int fixed_rbs, int n_rb_max)
{
	int lo = fixed_rbs > 0 ? fixed_rbs : 1, hi = fixed_rbs > 0 ? fixed_rbs : n_rb_max;
	double best = INFINITY;
	for (int n = lo; n <= hi; n++) {
		double bps = target_mbps * 1e6 / ((double)n * RF_LTE_UL_DATA_RE_PER_RB * 1000.0);
		best = fmin(best, rf_shannon_required_sinr_db(ul, bps) + 10.0 * log10(n));
	}
	return best;
}

int rf_lte_ul_limited(double dl_sinr_db, double dl_min_db, double ul_sinr_db,
		      double ul_min_db)
{
	double m_dl = dl_sinr_db - dl_min_db, m_ul = ul_sinr_db - ul_min_db;
	if (m_ul >= m_dl)
		return 0;
	return m_ul >= 0 ? 1 : 2;
}

double rf_q(double x)
{
	return 0.5 * erfc(x / M_SQRT2);
}

double rf_q_inverse(double p)
{
	double lo = -40, hi = 40;   /* Q is decreasing */
	for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
		double mid = 0.5 * (lo + hi);
		if (rf_q(mid) > p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

double rf_coverage_probability(double median_dbm, double threshold_dbm, double sigma_db)
{
	if (sigma_db <= 0)
		return median_dbm >= threshold_dbm ? 1.0 : 0.0;
	return rf_q((threshold_dbm - median_dbm) / sigma_db);
}

double rf_jakes_area_reliability(double edge_margin_db, double sigma_db, double n_exponent)
{
	double a = -edge_margin_db / (sigma_db * M_SQRT2);
	double b = 10.0 * n_exponent * M_LOG10E / (sigma_db * M_SQRT2);
	return 0.5 * (1.0 - erf(a) + exp((1.0 - 2.0 * a * b) / (b * b)) *
					  (1.0 - erf((1.0 - a * b) / b)));
}

void rf_lte_service_default(struct rf_lte_service_params *p)
{
	memset(p, 0, sizeof(*p));
	p->enabled = 1;
	rf_cqi_table_default(&p->cqi);
	rf_shannon_default_dl(&p->dl);
	rf_shannon_default_ul(&p->ul);
	p->mimo_layers = 1;
	p->crs_ports = 2;
	p->pdcch_symbols = 3;
	p->ue_power_dbm = 23.0;
	p->ul_rbs = 0;
	p->dl_target_mbps = 0.0;
	p->ul_target_mbps = 0.0;
	p->enb_noise_figure_db = 5.0;
	p->ul_iot_db = 3.0;
	p->sigma_db = NAN;
	p->reliability_pct = 90.0;
	p->coverage_threshold_dbm = -110.0;
}

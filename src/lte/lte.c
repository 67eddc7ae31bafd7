/* LTE link metrics at one pixel: RS EPRE, noise, co-channel rules, best
 * server, overlap, RS-SINR, PDSCH SINR and RSRQ.  Equations and sources: doc/lte.md. */
#include "rfplan/lte.h"

#include <math.h>

int rf_lte_n_rb(double bandwidth_mhz)
{
	/* 3GPP TS 36.101 table 5.6-1: transmission bandwidth configuration. */
	static const struct { double bw_mhz; int n_rb; } table[] = {
		{ 1.4, 6 }, { 3, 15 }, { 5, 25 }, { 10, 50 }, { 15, 75 }, { 20, 100 },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (fabs(bandwidth_mhz - table[i].bw_mhz) < 1e-6)
			return table[i].n_rb;
	return -1;
}

double rf_lte_rs_epre_dbm(double p_total_dbm, int n_rb)
{
	return p_total_dbm - 10.0 * log10((double)RF_LTE_SUBCARRIERS_PER_RB * n_rb);
}

double rf_lte_noise_re_dbm(double noise_figure_db)
{
	return RF_LTE_KT_DBM_HZ + 10.0 * log10(RF_LTE_SUBCARRIER_HZ) + noise_figure_db;
}

double rf_lte_noise_carrier_dbm(int n_rb, double noise_figure_db)
{
	return RF_LTE_KT_DBM_HZ + 10.0 * log10(n_rb * RF_LTE_RB_HZ) + noise_figure_db;
}

double rf_lte_overlap_mhz(double f1_mhz, double bw1_mhz, double f2_mhz, double bw2_mhz)
{
	double lo = fmax(f1_mhz - bw1_mhz / 2, f2_mhz - bw2_mhz / 2);
	double hi = fmin(f1_mhz + bw1_mhz / 2, f2_mhz + bw2_mhz / 2);
	return hi > lo ? hi - lo : 0.0;
}

int rf_lte_cochannel(double f1_mhz, double bw1_mhz, double f2_mhz, double bw2_mhz)
{
	return rf_lte_overlap_mhz(f1_mhz, bw1_mhz, f2_mhz, bw2_mhz) > 0;
}

void rf_lte_params_default(struct rf_lte_params *p)
{
	p->noise_figure_db = 7.0;
	p->load = 1.0;
	p->overlap_margin_db = 5.0;
	p->min_rsrp_dbm = -120.0;
}

static double mw(double dbm)
{
	return pow(10.0, dbm / 10.0);
}

void rf_lte_carrier_init(struct rf_lte_carrier *c, double freq_mhz, double bandwidth_mhz,
			 int n_rb, const struct rf_lte_params *p)
{
	c->freq_mhz = freq_mhz;
	c->bandwidth_mhz = bandwidth_mhz;
	c->n_rb = n_rb;
	c->noise_re_mw = mw(rf_lte_noise_re_dbm(p->noise_figure_db));
	c->noise_carrier_mw = mw(rf_lte_noise_carrier_dbm(n_rb, p->noise_figure_db));
}

void rf_lte_combine(const struct rf_lte_params *p, const struct rf_lte_carrier *carriers,
		    const double *rsrp_dbm, int n, struct rf_lte_pixel *out)
{
	int best = -1;
	out->overlap = 0;
	out->rsrp_dbm = out->sinr_db = out->pdsch_sinr_db = out->rsrq_db = NAN;
	for (int c = 0; c < n; c++)
		if (!isnan(rsrp_dbm[c]) && (best < 0 || rsrp_dbm[c] > rsrp_dbm[best]))
			best = c;  /* strict '>': ties keep the lowest index */
	out->best = best;
	if (best < 0)
		return;

	const struct rf_lte_carrier *b = &carriers[best];
	double s_mw = mw(rsrp_dbm[best]);
	double n_re_mw = b->noise_re_mw;
	double n_car_mw = b->noise_carrier_mw;
	double res = (double)RF_LTE_SUBCARRIERS_PER_RB * b->n_rb;
	double i_re_mw = 0, rssi_mw = res * s_mw + n_car_mw;

	out->rsrp_dbm = rsrp_dbm[best];
	for (int c = 0; c < n; c++) {
		double r = rsrp_dbm[c];
		if (isnan(r))
			continue;
		if (r >= rsrp_dbm[best] - p->overlap_margin_db && r >= p->min_rsrp_dbm)
			out->overlap++;
		if (c == best)
			continue;
		double ov = rf_lte_overlap_mhz(b->freq_mhz, b->bandwidth_mhz,
					       carriers[c].freq_mhz, carriers[c].bandwidth_mhz);
		if (ov <= 0)
			continue;
		/* reference signals are sent at every load: the full RSRP_c (one
		 * pow for both sums: the same value) */
		double r_mw = mw(r);
		i_re_mw += r_mw;
		rssi_mw += p->load * res * (ov / b->bandwidth_mhz) * r_mw;
	}
	double i_pdsch_mw = p->load * i_re_mw;
	out->sinr_db = 10.0 * log10(s_mw / (n_re_mw + i_re_mw));
	/* at full load, or without interferers, the same expression's value */
	out->pdsch_sinr_db = i_pdsch_mw == i_re_mw ? out->sinr_db
			   : 10.0 * log10(s_mw / (n_re_mw + i_pdsch_mw));
	out->rsrq_db = 10.0 * log10(b->n_rb * s_mw / rssi_mw);
}

double rf_lte_pdsch_sinr_db(double rs_sinr_db, double rsrp_dbm, double noise_figure_db,
			    double load)
{
	double s_mw = mw(rsrp_dbm), n_mw = mw(rf_lte_noise_re_dbm(noise_figure_db));
	/* rounding of a stored RS-SINR can make S / SINR fall just below N */
	double i_mw = fmax(s_mw / mw(rs_sinr_db) - n_mw, 0.0);
	return 10.0 * log10(s_mw / (n_mw + load * i_mw));
}

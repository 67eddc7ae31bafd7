/* Okumura-Hata and COST-231 Hata median path loss, and the effective
 * transmitter height they take from the terrain. */
#include "rfplan/model.h"

#include <math.h>

/* Mobile antenna correction a(hm), dB. Hata (1980), IEEE Trans. VT-29,
 * eqs. (4a)-(4b); the large-city forms are given for f <= 200 MHz and
 * f >= 400 MHz: rfplan switches at 300 MHz (Rappaport, Wireless
 * Communications, 2nd ed., eqs. 4.84-4.85). */
static double a_hm_db(double freq_mhz, double hm_m, int large_city)
{
	double lf = log10(freq_mhz), t;
	if (!large_city)
		return (1.1 * lf - 0.7) * hm_m - (1.56 * lf - 0.8);
	if (freq_mhz <= 300.0) {
		t = log10(1.54 * hm_m);
		return 8.29 * t * t - 1.1;
	}
	t = log10(11.75 * hm_m);
	return 3.2 * t * t - 4.97;
}

/* Hata's open-area correction, eq. (6): subtracted from the urban loss. */
static double open_correction_db(double freq_mhz)
{
	double lf = log10(freq_mhz);
	return 4.78 * lf * lf - 18.33 * lf + 40.94;
}

double rf_hata_db(double freq_mhz, double hb_m, double hm_m, double dist_km, enum rf_env env)
{
	double lf = log10(freq_mhz), lhb = log10(hb_m), t;
	int large = env == RF_ENV_URBAN_LARGE || env == RF_ENV_METROPOLITAN;
	/* Hata (1980) eq. (3): urban */
	double l = 69.55 + 26.16 * lf - 13.82 * lhb - a_hm_db(freq_mhz, hm_m, large)
		+ (44.9 - 6.55 * lhb) * log10(dist_km);
	switch (env) {
	case RF_ENV_SUBURBAN: /* eq. (5) */
		t = log10(freq_mhz / 28.0);
		return l - 2.0 * t * t - 5.4;
	case RF_ENV_OPEN:
		return l - open_correction_db(freq_mhz);
	default:
		return l;
	}
}

double rf_cost231_db(double freq_mhz, double hb_m, double hm_m, double dist_km, enum rf_env env)
{
	double lf = log10(freq_mhz), lhb = log10(hb_m);
	double cm = (env == RF_ENV_METROPOLITAN || env == RF_ENV_URBAN_LARGE) ? 3.0 : 0.0;
	/* COST 231 final report (1999), sec. 4.4.1, eq. (4.4.3) */
	double l = 46.3 + 33.9 * lf - 13.82 * lhb - a_hm_db(freq_mhz, hm_m, 0)
		+ (44.9 - 6.55 * lhb) * log10(dist_km) + cm;
	if (env == RF_ENV_OPEN)
		l -= open_correction_db(freq_mhz);
	return l;
}

unsigned rf_hata_warnings(int cost231, double freq_mhz, double hb_m, double hm_m,
			  double dist_km)
{
	unsigned w = 0;
	double fmin = cost231 ? 1500.0 : 150.0, fmax = cost231 ? 2000.0 : 1500.0;
	if (freq_mhz < fmin || freq_mhz > fmax)
		w |= RF_WARN_FREQ_RANGE;
	if (dist_km < 1.0 || dist_km > 20.0)
		w |= RF_WARN_DIST_RANGE;
	if (hb_m < 30.0 || hb_m > 200.0)
		w |= RF_WARN_TX_HEIGHT;
	if (hm_m < 1.0 || hm_m > 10.0)
		w |= RF_WARN_RX_HEIGHT;
	return w;
}

double rf_effective_tx_height_m(const struct rf_link *link, const struct rf_profile *prof)
{
	double dist = (prof->n - 1) * prof->step_m;
	double da = dist >= 15000.0 ? 3000.0 : 0.2 * dist;
	double db = dist >= 15000.0 ? 15000.0 : dist;
	int i0 = (int)ceil(da / prof->step_m - 1e-9), i1 = (int)floor(db / prof->step_m + 1e-9);
	double sum = 0.0;
	if (i0 < 1)
		i0 = 1;
	if (i1 > prof->n - 1)
		i1 = prof->n - 1;
	if (i0 > i1)
		i0 = i1;
	for (int i = i0; i <= i1; i++)
		sum += prof->ground_m[i];
	return prof->ground_m[0] + link->tx_height_agl_m - sum / (i1 - i0 + 1);
}

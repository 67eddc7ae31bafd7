/* Private to the P.1812 module (src/p1812*.c). */
#ifndef RFPLAN_P1812_INTERNAL_H
#define RFPLAN_P1812_INTERNAL_H

#include "rfplan/p1812.h"

/* Distance of profile point i, km. */
static inline double p1812_d(const struct rf_p1812_path *path, int i)
{
	return path->d_km ? path->d_km[i] : i * path->step_km;
}

/* Height used by the diffraction model at point i: terrain plus
 * representative clutter, bare terrain at the terminals (sec. 3.2). */
static inline double p1812_g(const struct rf_p1812_path *path, int i)
{
	double h = path->h_m[i];
	if (path->r_m && i > 0 && i < path->n - 1)
		h += path->r_m[i];
	return h;
}

/* 1 / d_i and 1 / (dtot - d_i) at the intermediate points 1..n-2, computed
 * once per path: the profile passes multiply instead of dividing. */
struct p1812_recip {
	const double *inv_d, *inv_dr;
};

/* Sec. 4.3.4: delta-Bullington diffraction loss Ld (eq. 39) for effective
 * earth radius ap_km, both polarizations (ld[0] horizontal, ld[1]
 * vertical); hts/hrs antenna heights AMSL, hstd/hsrd the smooth-surface
 * heights of sec. 5.6.2 of Attachment 1.  lbulla/lbulls/ldsph (may be NULL)
 * receive the terms of eq. (39); ldsph for the polarization pol. */
void p1812_delta_bullington(const struct rf_p1812_path *path, const struct p1812_recip *rc,
			    double hts, double hrs,
			    double hstd, double hsrd, double ap_km, double f_ghz,
			    double omega, int pol, double ld[2], double *lbulla,
			    double *lbulls, double *ldsph);

/* Attachment 2 to Annex 1, eqs. (94)-(95) of P.1812-6: the inverse
 * complementary cumulative normal distribution, I(x) for 0 < x < 1. */
double p1812_inv_cum_norm(double x);

/* Sec. 3.6 / 3.5 helpers on the zones: the longest continuous section (km)
 * whose zone is in mask (bit z set for zone z), and the total length whose
 * zone is z divided by the path length. */
double p1812_longest_section_km(const struct rf_p1812_path *path, unsigned mask);
double p1812_fraction(const struct rf_p1812_path *path, int zone);

#endif

/* ITU-R P.1812-6 sec. 4.3: the delta-Bullington diffraction model
 * (Bullington over the actual profile, minus Bullington over the smooth
 * profile, plus the spherical-earth loss). */
#include "p1812_internal.h"

#include <math.h>

/* Eq. (12): knife-edge loss J(nu), 0 for nu <= -0.78. */
static double knife_edge_db(double nu)
{
	if (nu <= -0.78)
		return 0.0;
	return 6.9 + 20.0 * log10(sqrt((nu - 0.1) * (nu - 0.1) + 1.0) + nu - 0.1);
}

/* Sec. 4.3.1, eqs. (13)-(21): Bullington loss over the profile (flat: every
 * height 0, the second use of the method in sec. 4.3.4). */
static double bullington_db(const struct rf_p1812_path *path, const struct p1812_recip *rc,
			    int flat, double hts, double hrs, double ap_km, double f_ghz)
{
	const int n = path->n;
	const double ce = 1.0 / ap_km, lambda = 0.2998 / f_ghz;   /* c = 2.998e8 m/s */
	const double dtot = p1812_d(path, n - 1);
	const double *inv_d = rc->inv_d, *inv_dr = rc->inv_dr;
	double stim = -INFINITY, str, luc;

	for (int i = 1; i < n - 1; i++) {     /* eq. (13) */
		double d = p1812_d(path, i), g = flat ? 0.0 : p1812_g(path, i);
		double s = (g + 500.0 * ce * d * (dtot - d) - hts) * inv_d[i];
		if (s > stim)
			stim = s;
	}
	str = (hrs - hts) / dtot;              /* eq. (14) */
	if (stim < str) {
		/* line of sight: the point of highest nu, eq. (15) */
		const double k = 0.002 * dtot / lambda;
		double numax = -INFINITY;
		for (int i = 1; i < n - 1; i++) {
			double d = p1812_d(path, i), g = flat ? 0.0 : p1812_g(path, i);
			double nu = (g + 500.0 * ce * d * (dtot - d) -
				     (hts * (dtot - d) + hrs * d) / dtot) *
				    sqrt(k * inv_d[i] * inv_dr[i]);
			if (nu > numax)
				numax = nu;
		}
		luc = knife_edge_db(numax);    /* eq. (16) */
	} else {
		double srim = -INFINITY, dbp, nub;
		for (int i = 1; i < n - 1; i++) {   /* eq. (17) */
			double d = p1812_d(path, i), g = flat ? 0.0 : p1812_g(path, i);
			double s = (g + 500.0 * ce * d * (dtot - d) - hrs) * inv_dr[i];
			if (s > srim)
				srim = s;
		}
		dbp = (hrs - hts + srim * dtot) / (stim + srim);          /* eq. (18) */
		nub = (hts + stim * dbp - (hts * (dtot - dbp) + hrs * dbp) / dtot) *
		      sqrt(0.002 * dtot / (lambda * dbp * (dtot - dbp)));  /* eq. (19) */
		luc = knife_edge_db(nub);                                  /* eq. (20) */
	}
	return luc + (1.0 - exp(-luc / 6.0)) * (10.0 + 0.02 * dtot);       /* eq. (21) */
}

/* Sec. 4.3.3, eqs. (29)-(36): first-term spherical-earth loss for one
 * ground (epsr, sigma), both polarizations. */
static void first_term_inner(double epsr, double sigma, double d, double hte, double hre,
			     double adft, double f, double out[2])
{
	double k[2];
	k[0] = 0.036 * pow(adft * f, -1.0 / 3.0) *
	       pow((epsr - 1.0) * (epsr - 1.0) + (18.0 * sigma / f) * (18.0 * sigma / f),
		   -0.25);                                                  /* eq. (29a) */
	k[1] = k[0] * sqrt(epsr * epsr + (18.0 * sigma / f) * (18.0 * sigma / f)); /* (29b) */
	for (int j = 0; j < 2; j++) {
		double k2 = k[j] * k[j], k4 = k2 * k2;
		double beta = (1.0 + 1.6 * k2 + 0.67 * k4) / (1.0 + 4.5 * k2 + 1.53 * k4); /* (30) */
		double x = 21.88 * beta * cbrt(f / (adft * adft)) * d;           /* eq. (31) */
		double yfac = 0.9575 * beta * cbrt(f * f / adft);                /* eq. (32) */
		double b[2] = { beta * yfac * hte, beta * yfac * hre };          /* eq. (35) */
		double fx, gy[2], gmin = 2.0 + 20.0 * log10(k[j]);
		if (x >= 1.6)                                                    /* eq. (33) */
			fx = 11.0 + 10.0 * log10(x) - 17.6 * x;
		else
			fx = -20.0 * log10(x) - 5.6488 * pow(x, 1.425);
		for (int e = 0; e < 2; e++) {                                    /* eq. (34) */
			if (b[e] > 2.0)
				gy[e] = 17.6 * sqrt(b[e] - 1.1) - 5.0 * log10(b[e] - 1.1) - 8.0;
			else
				gy[e] = 20.0 * log10(b[e] + 0.1 * b[e] * b[e] * b[e]);
			if (gy[e] < gmin)
				gy[e] = gmin;
		}
		out[j] = -fx - gy[0] - gy[1];                                    /* eq. (36) */
	}
}

/* Eq. (28): land (epsr 22, sigma 0.003) and sea (80, 5) mixed by omega. */
static void first_term(double d, double hte, double hre, double adft, double f, double omega,
		       double out[2])
{
	double land[2], sea[2];
	first_term_inner(22.0, 0.003, d, hte, hre, adft, f, land);
	first_term_inner(80.0, 5.0, d, hte, hre, adft, f, sea);
	for (int j = 0; j < 2; j++)
		out[j] = omega * sea[j] + (1.0 - omega) * land[j];
}

/* Sec. 4.3.2, eqs. (22)-(27): spherical-earth diffraction loss. */
static void spherical_earth(double d, double hte, double hre, double ap, double f,
			    double omega, double out[2])
{
	const double lambda = 0.2998 / f;
	double dlos = sqrt(2.0 * ap) * (sqrt(0.001 * hte) + sqrt(0.001 * hre));   /* (22) */
	double c, m, b, dse1, dse2, hse, hreq, aem, ldft[2];

	if (d >= dlos) {
		first_term(d, hte, hre, ap, f, omega, out);
		return;
	}
	c = (hte - hre) / (hte + hre);                                          /* (24d) */
	m = 250.0 * d * d / (ap * (hte + hre));                                 /* (24e) */
	b = 2.0 * sqrt((m + 1.0) / (3.0 * m)) *
	    cos(M_PI / 3.0 + acos(1.5 * c * sqrt(3.0 * m / ((m + 1.0) * (m + 1.0) * (m + 1.0)))) /
				 3.0);                                          /* (24c) */
	dse1 = d / 2.0 * (1.0 + b);                                             /* (24a) */
	dse2 = d - dse1;                                                        /* (24b) */
	hse = ((hte - 500.0 * dse1 * dse1 / ap) * dse2 +
	       (hre - 500.0 * dse2 * dse2 / ap) * dse1) / d;                    /* (23) */
	hreq = 17.456 * sqrt(dse1 * dse2 * lambda / d);                         /* (25) */
	if (hse > hreq) {
		out[0] = out[1] = 0.0;
		return;
	}
	aem = 500.0 * (d / (sqrt(hte) + sqrt(hre))) * (d / (sqrt(hte) + sqrt(hre)));  /* (26) */
	first_term(d, hte, hre, aem, f, omega, ldft);
	/* Eq. (27) is for Ldft >= 0; the WP3K reference zeroes Ldsph only when
	 * both polarizations' Ldft are negative, and so does this code
	 * (eq. 39 then takes max(Ldsph - Lbulls, 0) anyway). */
	if (ldft[0] < 0.0 && ldft[1] < 0.0) {
		out[0] = out[1] = 0.0;
		return;
	}
	for (int j = 0; j < 2; j++)
		out[j] = (1.0 - hse / hreq) * ldft[j];                          /* (27) */
}

void p1812_delta_bullington(const struct rf_p1812_path *path, const struct p1812_recip *rc,
			    double hts, double hrs,
			    double hstd, double hsrd, double ap_km, double f_ghz,
			    double omega, int pol, double ld[2], double *lbulla,
			    double *lbulls, double *ldsph)
{
	const double dtot = p1812_d(path, path->n - 1);
	double la = bullington_db(path, rc, 0, hts, hrs, ap_km, f_ghz);
	double hts1 = hts - hstd, hrs1 = hrs - hsrd;            /* eqs. (37a), (37b) */
	double ls = bullington_db(path, rc, 1, hts1, hrs1, ap_km, f_ghz);
	double sph[2];

	spherical_earth(dtot, hts1, hrs1, ap_km, f_ghz, omega, sph);   /* eqs. (38a), (38b) */
	for (int j = 0; j < 2; j++)
		ld[j] = la + fmax(sph[j] - ls, 0.0);                   /* eq. (39) */
	if (lbulla)
		*lbulla = la;
	if (lbulls)
		*lbulls = ls;
	if (ldsph)
		*ldsph = sph[pol];
}

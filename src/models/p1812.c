/* ITU-R P.1812-6 Annex 1: the path analysis (Attachment 1 sec. 5), the line
 * of sight, ducting and troposcatter terms and their combination (sec. 4).
 * Diffraction: p1812_diffraction.c; zones and helpers: p1812_zone.c. */
#include "p1812_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Paths up to this many points keep their reciprocals on the stack. */
#define RECIP_STACK_POINTS 2048

static int out_of(struct rf_error *err, const char *what, double v, double lo, double hi,
		  const char *unit)
{
	return rf_error_set(err, "P.1812: %s %g%s is outside %g..%g%s", what, v, unit, lo, hi,
			    unit);
}

int rf_p1812_prepare(const struct rf_p1812_params *p, struct rf_p1812_prep *prep,
		     struct rf_error *err)
{
	memset(prep, 0, sizeof(*prep));
	if (!(p->freq_mhz >= 30.0 && p->freq_mhz <= 6000.0))
		return out_of(err, "frequency", p->freq_mhz, 30, 6000, " MHz");
	if (!(p->time_pct >= 1.0 && p->time_pct <= 50.0))
		return out_of(err, "time percentage", p->time_pct, 1, 50, " %");
	if (!(p->location_pct >= 1.0 && p->location_pct <= 99.0))
		return out_of(err, "location percentage", p->location_pct, 1, 99, " %");
	if (!(p->tx_height_m >= 1.0 && p->tx_height_m <= 3000.0))
		return out_of(err, "tx height above ground", p->tx_height_m, 1, 3000, " m");
	if (!(p->rx_height_m >= 1.0 && p->rx_height_m <= 3000.0))
		return out_of(err, "rx height above ground", p->rx_height_m, 1, 3000, " m");
	if (!(p->dn > 0.0 && p->dn < 157.0))
		return rf_error_set(err, "P.1812: DN %g N-units/km must be > 0 and < 157 "
				    "(eq. 6)", p->dn);
	if (!(p->n0 >= 200.0 && p->n0 <= 500.0))
		return out_of(err, "N0", p->n0, 200, 500, " N-units");
	if (!(p->phi_path_deg >= -90.0 && p->phi_path_deg <= 90.0))
		return out_of(err, "path-centre latitude", p->phi_path_deg, -90, 90, " deg");
	if (p->polarization != 0 && p->polarization != 1)
		return rf_error_set(err, "P.1812: polarization %d is not 0 (h) or 1 (v)",
				    p->polarization);
	if (p->sigma_loc_db < 0.0 && !(p->wa_m > 0.0 && isfinite(p->wa_m)))
		return rf_error_set(err, "P.1812: area width %g m must be > 0", p->wa_m);
	if (!isfinite(p->sigma_loc_db) || !isfinite(p->dct_km) || !isfinite(p->dcr_km))
		return rf_error_set(err, "P.1812: sigma_L, dct and dcr must be finite");
	prep->p = *p;
	prep->f_ghz = p->freq_mhz / 1000.0;
	prep->ae_km = 6371.0 * 157.0 / (157.0 - p->dn);   /* eqs. (6), (7a) */
	prep->ab_km = 6371.0 * 3.0;                       /* eq. (7b), k_beta = 3 */
	return 0;
}

static int check_path(const struct rf_p1812_path *path, struct rf_error *err)
{
	if (path->n < 3)
		return rf_error_set(err, "P.1812: a profile needs at least 3 points, not %d",
				    path->n);
	if (!path->d_km && !(path->step_km > 0.0 && isfinite(path->step_km)))
		return rf_error_set(err, "P.1812: profile spacing %g km must be > 0",
				    path->step_km);
	if (path->d_km && path->d_km[0] != 0.0)
		return rf_error_set(err, "P.1812: the profile must start at 0 km, not %g",
				    path->d_km[0]);
	for (int i = 0; i < path->n; i++) {
		if (!isfinite(path->h_m[i]) || (path->r_m && !isfinite(path->r_m[i])))
			return rf_error_set(err, "P.1812: profile point %d: height is not a "
					    "number", i);
		if (path->d_km && i > 0 && !(path->d_km[i] > path->d_km[i - 1]))
			return rf_error_set(err, "P.1812: profile point %d: distance %g km is "
					    "not greater than the previous %g km", i,
					    path->d_km[i], path->d_km[i - 1]);
		if (path->zone && path->zone[i] != RF_P1812_SEA &&
		    path->zone[i] != RF_P1812_COASTAL && path->zone[i] != RF_P1812_INLAND)
			return rf_error_set(err, "P.1812: profile point %d: zone %d is not 1 "
					    "(sea), 3 (coastal land) or 4 (inland)", i,
					    path->zone[i]);
	}
	return 0;
}

/* What Attachment 1 sec. 5 derives from the profile. */
struct p1812_geom {
	double dtot, hts, hrs;
	double hstd, hsrd;          /* eq. (89), diffraction model */
	double hte, hre, hm;        /* eqs. (92), (93), ducting model */
	double theta_t, theta_r, theta, dlt, dlr;
	int los;
};

/* Eqs. (85)-(89): the smooth-earth surface and the smooth-surface heights
 * for the diffraction model (on bare terrain h). */
static void smooth_surface(const struct rf_p1812_path *path, const struct p1812_recip *rc,
			   struct p1812_geom *g, double *hst_out, double *hsr_out)
{
	const int n = path->n;
	const double *h = path->h_m, dtot = g->dtot;
	double v1 = 0.0, v2 = 0.0, hst, hsr;
	double hobs = -INFINITY, aobt = -INFINITY, aobr = -INFINITY;

	for (int i = 1; i < n; i++) {
		double di = p1812_d(path, i), dp = p1812_d(path, i - 1), dd = di - dp;
		v1 += dd * (h[i] + h[i - 1]);                                  /* (85) */
		v2 += dd * (h[i] * (2.0 * di + dp) + h[i - 1] * (di + 2.0 * dp)); /* (86) */
	}
	hst = (2.0 * v1 * dtot - v2) / (dtot * dtot);                          /* (87a) */
	hsr = (v2 - v1 * dtot) / (dtot * dtot);                                /* (87b) */
	for (int i = 1; i < n - 1; i++) {
		double d = p1812_d(path, i);
		double hh = h[i] - (g->hts * (dtot - d) + g->hrs * d) / dtot;   /* (88d) */
		double at = hh * rc->inv_d[i], ar = hh * rc->inv_dr[i];
		/* comparisons, not fmax: a library call at -O2 (per point, per pixel) */
		hobs = hh > hobs ? hh : hobs;                                   /* (88a) */
		aobt = at > aobt ? at : aobt;                                   /* (88b) */
		aobr = ar > aobr ? ar : aobr;                                   /* (88c) */
	}
	double hstp = hst, hsrp = hsr;
	if (hobs > 0.0) {
		hstp = hst - hobs * aobt / (aobt + aobr);                      /* (88e) */
		hsrp = hsr - hobs * aobr / (aobt + aobr);                      /* (88f) */
	}
	g->hstd = hstp < h[0] ? hstp : h[0];                                   /* (89a) */
	g->hsrd = hsrp <= h[n - 1] ? hsrp : h[n - 1];                          /* (89b) */
	*hst_out = hst;
	*hsr_out = hsr;
}

/* Eqs. (76)-(82): horizon angles and distances, path angular distance. */
static void horizons(const struct rf_p1812_path *path, const struct p1812_recip *rc,
		     double ae, double f_ghz, struct p1812_geom *g, int *lt, int *lr)
{
	const int n = path->n;
	const double *h = path->h_m, dtot = g->dtot;
	double tmax = -INFINITY, td, rd;
	int it = 1;

	for (int i = 1; i < n - 1; i++) {                  /* (76), first maximum */
		double d = p1812_d(path, i);
		double a = (h[i] - g->hts) * 0.001 * rc->inv_d[i] - d / (2.0 * ae);
		if (a > tmax) {
			tmax = a;
			it = i;
		}
	}
	tmax = 1000.0 * atan(tmax);
	td = 1000.0 * atan((g->hrs - g->hts) / (1000.0 * dtot) - dtot / (2.0 * ae));  /* (77) */
	rd = 1000.0 * atan((g->hts - g->hrs) / (1000.0 * dtot) - dtot / (2.0 * ae));  /* (80) */
	g->los = tmax <= td;                               /* the LoS test, (78) */
	g->theta_t = fmax(tmax, td);                       /* (78) */
	if (!g->los) {
		double rmax = -INFINITY;
		int ir = n - 2;
		for (int i = 1; i < n - 1; i++) {          /* (81), last maximum */
			double dr = dtot - p1812_d(path, i);
			double a = (h[i] - g->hrs) * 0.001 * rc->inv_dr[i] - dr / (2.0 * ae);
			if (a >= rmax) {
				rmax = a;
				ir = i;
			}
		}
		g->theta_r = 1000.0 * atan(rmax);
		*lt = it;
		*lr = ir;
		g->dlt = p1812_d(path, it);                            /* (79) */
		g->dlr = dtot - p1812_d(path, ir);                     /* (81a) */
	} else {
		/* line of sight: both horizons at the Bullington point of the
		 * 50 % diffraction model, the point of highest nu (eq. 15) */
		const double lambda = 0.2998 / f_ghz, ce = 1.0 / ae, k = 0.002 * dtot / lambda;
		double numax = -INFINITY;
		int im = 1;
		for (int i = 1; i < n - 1; i++) {
			double d = p1812_d(path, i);
			double nu = (h[i] + 500.0 * ce * d * (dtot - d) -
				     (g->hts * (dtot - d) + g->hrs * d) / dtot) *
				    sqrt(k * rc->inv_d[i] * rc->inv_dr[i]);
			if (nu >= numax) {
				numax = nu;
				im = i;
			}
		}
		g->theta_r = rd;                                       /* (80) */
		*lt = *lr = im;
		g->dlt = p1812_d(path, im);
		g->dlr = dtot - g->dlt;
	}
	g->theta = 1e3 * dtot / ae + g->theta_t + g->theta_r;          /* (82) */
}

/* Eqs. (90)-(93): heights for the ducting/layer-reflection model. */
static void ducting_heights(const struct rf_p1812_path *path, const struct rf_p1812_params *p,
			    double hst, double hsr, int lt, int lr, struct p1812_geom *g)
{
	const int n = path->n;
	const double *h = path->h_m;
	double m, hm = -INFINITY;
	hst = fmin(hst, h[0]);                                     /* (90a) */
	hsr = fmin(hsr, h[n - 1]);                                 /* (90b) */
	m = (hsr - hst) / g->dtot;                                 /* (91) */
	g->hte = p->tx_height_m + h[0] - hst;                      /* (92a) */
	g->hre = p->rx_height_m + h[n - 1] - hsr;                  /* (92b) */
	for (int i = lt; i <= lr; i++) {                           /* (93) */
		double v = h[i] - (hst + m * p1812_d(path, i));
		hm = v > hm ? v : hm;
	}
	g->hm = hm;
}

/* Eqs. (2)-(5): b0, the time percentage of lapse rates above 100 N/km. */
static double beta0_pct(double phi_deg, double dtm, double dlm)
{
	double tau = 1.0 - exp(-4.12e-4 * pow(dlm, 2.41));                         /* (3) */
	double mu1 = pow(pow(10.0, -dtm / (16.0 - 6.6 * tau)) +
			 pow(10.0, -5.0 * (0.496 + 0.354 * tau)), 0.2);           /* (2) */
	double phi = fabs(phi_deg);
	mu1 = fmin(mu1, 1.0);
	if (phi <= 70.0) {
		double mu4 = pow(mu1, -0.935 + 0.0176 * phi);                      /* (4) */
		return pow(10.0, -0.015 * phi + 1.67) * mu1 * mu4;                 /* (5) */
	}
	return 4.17 * mu1 * pow(mu1, 0.3);
}

/* Sec. 4.5, eqs. (46)-(56): ducting / layer reflection. */
static double ducting_db(const struct rf_p1812_prep *pr, const struct p1812_geom *g,
			 double dct, double dcr, double dlm, double omega, double b0)
{
	const double f = pr->f_ghz, p = pr->p.time_pct, ae = pr->ae_km, dtot = g->dtot;
	double alf = f < 0.5 ? 45.375 - 137.0 * f + 92.5 * f * f : 0.0;          /* (47a) */
	double th2t = g->theta_t - 0.1 * g->dlt, th2r = g->theta_r - 0.1 * g->dlr; /* (48a) */
	double ast = 0.0, asr = 0.0, act = 0.0, acr = 0.0;

	if (th2t > 0.0)                                                            /* (48) */
		ast = 20.0 * log10(1.0 + 0.361 * th2t * sqrt(f * g->dlt)) + 0.264 * th2t * cbrt(f);
	if (th2r > 0.0)
		asr = 20.0 * log10(1.0 + 0.361 * th2r * sqrt(f * g->dlr)) + 0.264 * th2r * cbrt(f);
	if (dct <= 5.0 && dct <= g->dlt && omega >= 0.75)                          /* (49) */
		act = -3.0 * exp(-0.25 * dct * dct) * (1.0 + tanh(0.07 * (50.0 - g->hts)));
	if (dcr <= 5.0 && dcr <= g->dlr && omega >= 0.75)
		acr = -3.0 * exp(-0.25 * dcr * dcr) * (1.0 + tanh(0.07 * (50.0 - g->hrs)));
	double af = 102.45 + 20.0 * log10(f) + 20.0 * log10(g->dlt + g->dlr) + alf + ast +
		    asr + act + acr;                                               /* (47) */

	double gamma_d = 5e-5 * ae * cbrt(f);                                      /* (51) */
	double th1t = fmin(g->theta_t, 0.1 * g->dlt), th1r = fmin(g->theta_r, 0.1 * g->dlr);
	double theta1 = 1e3 * dtot / ae + th1t + th1r;                             /* (52) */
	double di = fmin(dtot - g->dlt - g->dlr, 40.0);                            /* (56a) */
	double mu3 = g->hm > 10.0 ? exp(-4.6e-5 * (g->hm - 10.0) * (43.0 + 6.0 * di)) : 1.0;
	double tau = 1.0 - exp(-4.12e-4 * pow(dlm, 2.41));                         /* (3) */
	double alpha = fmax(-0.6 - 3.5e-9 * pow(dtot, 3.1) * tau, -3.4);           /* (55a) */
	double sq = sqrt(g->hte) + sqrt(g->hre);
	double mu2 = fmin(pow(500.0 / ae * dtot * dtot / (sq * sq), alpha), 1.0);  /* (55) */
	double beta = b0 * mu2 * mu3;                                              /* (54) */
	double lb = log10(beta);
	double gam = 1.076 / pow(2.0058 - lb, 1.012) *
		     exp(-(9.51 - 4.8 * lb + 0.198 * lb * lb) * 1e-6 * pow(dtot, 1.13)); /* (53a) */
	double ap = -12.0 + (1.2 + 3.7e-3 * dtot) * log10(p / beta) +
		    12.0 * pow(p / beta, gam);                                     /* (53) */
	return af + gamma_d * theta1 + ap;                                         /* (50), (46) */
}

/* Sec. 4.4, eqs. (44)-(45): troposcatter. */
static double troposcatter_db(double f, double dtot, double theta, double p, double n0)
{
	double lf = 25.0 * log10(f) - 2.5 * log10(f / 2.0) * log10(f / 2.0);      /* (45) */
	return 190.1 + lf + 20.0 * log10(dtot) + 0.573 * theta - 0.15 * n0 -
	       10.125 * pow(log10(50.0 / p), 0.7);                                 /* (44) */
}

/* Sec. 4.8, eq. (66): sigma_L from the area width and the receiver's height
 * relative to its clutter. */
double rf_p1812_sigma_loc_db(double freq_mhz, double wa_m, double h_m, double r_m)
{
	const double f = freq_mhz / 1000.0;
	double uh = h_m < r_m ? 1.0 : h_m >= r_m + 10.0 ? 0.0 : 1.0 - (h_m - r_m) / 10.0;
	return (0.52 + 0.024 * f) * pow(wa_m, 0.28) * uh;
}

int rf_p1812_loss(const struct rf_p1812_prep *pr, const struct rf_p1812_path *path,
		  struct rf_p1812_result *out, struct rf_error *err)
{
	const struct rf_p1812_params *P = &pr->p;
	const double f = pr->f_ghz, p = P->time_pct, ae = pr->ae_km;
	const int n = path->n, pol = P->polarization;
	struct p1812_geom g;
	double hst, hsr, omega, b0, dtm, dlm, dct, dcr;
	int lt, lr;

	memset(out, 0, sizeof(*out));
	if (check_path(path, err))
		return -1;
	memset(&g, 0, sizeof(g));
	g.dtot = p1812_d(path, n - 1);
	g.hts = path->h_m[0] + P->tx_height_m;
	g.hrs = path->h_m[n - 1] + P->rx_height_m;

	/* Sec. 3.5-3.6: zones, b0 */
	dtm = p1812_longest_section_km(path, 1u << RF_P1812_COASTAL | 1u << RF_P1812_INLAND);
	dlm = p1812_longest_section_km(path, 1u << RF_P1812_INLAND);
	b0 = beta0_pct(P->phi_path_deg, dtm, dlm);
	omega = p1812_fraction(path, RF_P1812_SEA);                                /* (1) */
	dct = P->dct_km < 0.0 ? RF_P1812_DEFAULT_DC_KM : P->dct_km;
	dcr = P->dcr_km < 0.0 ? RF_P1812_DEFAULT_DC_KM : P->dcr_km;
	if (path->zone && path->zone[0] == RF_P1812_SEA)
		dct = 0.0;
	if (path->zone && path->zone[n - 1] == RF_P1812_SEA)
		dcr = 0.0;

	/* 1 / d and 1 / (dtot - d) once for every pass over the profile */
	double rstack[2 * RECIP_STACK_POINTS], *rheap = NULL;
	double *inv = n <= RECIP_STACK_POINTS ? rstack
		: (rheap = rf_xmalloc(2 * (size_t)n * sizeof(double)));
	struct p1812_recip rc = { inv, inv + n };
	for (int i = 1; i < n - 1; i++) {
		double d = p1812_d(path, i);
		inv[i] = 1.0 / d;
		inv[n + i] = 1.0 / (g.dtot - d);
	}

	/* Attachment 1 sec. 5 */
	smooth_surface(path, &rc, &g, &hst, &hsr);
	horizons(path, &rc, ae, f, &g, &lt, &lr);
	ducting_heights(path, P, hst, hsr, lt, lr, &g);

	/* Eqs. (57), (58): interpolation factors */
	double fj = 1.0 - 0.5 * (1.0 + tanh(3.0 * 0.8 * (g.theta - 0.3) / 0.3));
	double fk = 1.0 - 0.5 * (1.0 + tanh(3.0 * 0.5 * (g.dtot - 20.0) / 20.0));

	/* Sec. 4.2, eqs. (8)-(11): free space over the 3-D distance, LoS */
	double dfs = sqrt(g.dtot * g.dtot + (g.hts - g.hrs) * (g.hts - g.hrs) * 1e-6); /* (8a) */
	double lbfs = 92.4 + 20.0 * log10(f) + 20.0 * log10(dfs);                    /* (8) */
	double es = 2.6 * (1.0 - exp(-0.1 * (g.dlt + g.dlr)));
	double lb0p = lbfs + es * log10(p / 50.0);                                 /* (9a), (10) */
	double lb0b = lbfs + es * log10(b0 / 50.0);                                /* (9b), (11) */

	/* Sec. 4.3.5, eqs. (40)-(41): diffraction not exceeded for p % */
	double ld50[2], ldb[2], ldp[2];
	p1812_delta_bullington(path, &rc, g.hts, g.hrs, g.hstd, g.hsrd, ae, f, omega, pol, ld50,
			       &out->lbulla_db, &out->lbulls_db, &out->ldsph_db);
	double fi = p > b0 ? p1812_inv_cum_norm(p / 100.0) / p1812_inv_cum_norm(b0 / 100.0)
			   : 1.0;                                                  /* (40) */
	if (p == 50.0) {
		ldp[0] = ld50[0];
		ldp[1] = ld50[1];
	} else {
		p1812_delta_bullington(path, &rc, g.hts, g.hrs, g.hstd, g.hsrd, pr->ab_km, f,
				       omega, pol, ldb, NULL, NULL, NULL);
		for (int j = 0; j < 2; j++)
			ldp[j] = ld50[j] + fi * (ldb[j] - ld50[j]);                /* (41) */
	}
	free(rheap);   /* the last pass over the profile is done */
	double lbd50 = lbfs + ld50[pol];                                           /* (42) */
	double lbd = lb0p + ldp[pol];                                              /* (43) */

	/* Sec. 4.6: the overall prediction */
	double lminb0p = lb0p + (1.0 - omega) * ldp[pol];                          /* (59) */
	if (p >= b0) {
		double fi2 = p1812_inv_cum_norm(p / 100.0) / p1812_inv_cum_norm(b0 / 100.0);
		lminb0p = lbd50 + (lb0b + (1.0 - omega) * ldp[pol] - lbd50) * fi2;
	}
	double lba = ducting_db(pr, &g, dct, dcr, dlm, omega, b0);
	/* eq. (60), eta = 2.5, as max + eta ln(1 + exp(-|a - b| / eta)) */
	double lminbap = fmax(lba, lb0p) + 2.5 * log1p(exp(-fabs(lba - lb0p) / 2.5));
	double lbda = lminbap <= lbd ? lminbap + (lbd - lminbap) * fk : lbd;       /* (61) */
	double lbam = lbda + (lminb0p - lbda) * fj;                                /* (62) */
	double lbs = troposcatter_db(f, g.dtot, g.theta, p, P->n0);
	double lbc = -5.0 * log10(pow(10.0, -0.2 * lbs) + pow(10.0, -0.2 * lbam)); /* (63) */

	/* Sec. 4.8, eq. (67): location variability (none for a receiver at sea) */
	double lloc = 0.0;
	/* (I(0.5) of the approximation is 1e-10, not 0: 50 % is exactly 0) */
	if (P->location_pct != 50.0 && !(path->zone && path->zone[n - 1] == RF_P1812_SEA)) {
		double sigma = P->sigma_loc_db >= 0.0 ? P->sigma_loc_db
			: rf_p1812_sigma_loc_db(P->freq_mhz, P->wa_m, P->rx_height_m,
				       path->r_m ? path->r_m[n - 1] : 0.0);
		lloc = -p1812_inv_cum_norm(P->location_pct / 100.0) * sigma;
	}

	out->lb_db = fmax(lb0p, lbc + lloc);                                       /* (69) */
	out->lbfs_db = lbfs;
	out->lb0p_db = lb0p;
	out->ldp_db = ldp[pol];
	out->lbd_db = lbd;
	out->lba_db = lba;
	out->lbs_db = lbs;
	out->lbam_db = lbam;
	out->lbc_db = lbc;
	out->lloc_db = lloc;
	out->b0_pct = b0;
	out->ae_km = ae;
	out->theta_mrad = g.theta;
	out->dlt_km = g.dlt;
	out->dlr_km = g.dlr;
	out->omega = omega;
	out->los = g.los;
	/* The mechanism that carries the result: troposcatter when it is the
	 * stronger term of eq. (63); ducting when eqs. (61)-(62) take Lbam
	 * more than half way towards it (Fk < 0.5: paths beyond 20 km; Fj <
	 * 0.5: angular distance beyond 0.3 mrad); else diffraction, or line of
	 * sight on a LoS path with no diffraction loss. */
	if (lbs < lbam)
		out->mechanism = RF_P1812_TROPOSCATTER;
	else if (lminbap < lbd && fk < 0.5 && fj < 0.5)
		out->mechanism = RF_P1812_DUCTING;
	else
		out->mechanism = g.los && ldp[pol] <= 0.0 ? RF_P1812_LOS : RF_P1812_DIFFRACTION;
	return 0;
}

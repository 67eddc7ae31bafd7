/* ITU-R P.2109-0 building entry loss (p2109.h): eqs. (1)-(10) and the
 * coefficients of Table 3, from the Recommendation's text. */
#include "rfplan/p2109.h"
#include "rfplan/normal.h"

#include <math.h>
#include <strings.h>

/* Table 3: r, s, t, u, v, w, x, y, z per building class. */
struct coeffs {
	double r, s, t, u, v, w, x, y, z;
};
static const struct coeffs table3[2] = {
	{ 12.64, 3.72, 0.96, 9.6, 2.0, 9.1, -3.0, 4.5, -2.0 },    /* traditional */
	{ 28.19, -3.00, 8.48, 13.5, 3.8, 27.8, -2.9, 9.4, -2.1 }, /* thermally efficient */
};

int rf_p2109_class_parse(const char *name, enum rf_p2109_class *out)
{
	if (!strcasecmp(name, "traditional")) {
		*out = RF_P2109_TRADITIONAL;
		return 0;
	}
	if (!strcasecmp(name, "efficient") || !strcasecmp(name, "thermally-efficient")) {
		*out = RF_P2109_THERMALLY_EFFICIENT;
		return 0;
	}
	return -1;
}

const char *rf_p2109_class_name(enum rf_p2109_class c)
{
	return c == RF_P2109_THERMALLY_EFFICIENT ? "efficient" : "traditional";
}

int rf_p2109_loss_db(double freq_mhz, double pct, enum rf_p2109_class cls, double elev_deg,
		     double *loss_db, struct rf_error *err)
{
	const struct coeffs *k;
	double lf, l_h, l_e, mu1, mu2, sigma1, sigma2, finv, a, b;
	const double c = -3.0;                                       /* eq. (4) */

	if (!(freq_mhz >= RF_P2109_FMIN_MHZ && freq_mhz <= RF_P2109_FMAX_MHZ))
		return rf_error_set(err, "ITU-R P.2109: frequency %g MHz is outside its range "
				    "80-100000 MHz", freq_mhz);
	if (!(pct > 0.0 && pct < 100.0))
		return rf_error_set(err, "ITU-R P.2109: probability %g %% is outside its range "
				    "(0, 100) %%", pct);
	if (!(elev_deg >= -90.0 && elev_deg <= 90.0))
		return rf_error_set(err, "ITU-R P.2109: elevation angle %g deg is outside its "
				    "range -90-90 deg", elev_deg);
	if (cls != RF_P2109_TRADITIONAL && cls != RF_P2109_THERMALLY_EFFICIENT)
		return rf_error_set(err, "ITU-R P.2109: unknown building class %d", (int)cls);
	k = &table3[cls - 1];
	lf = log10(freq_mhz / 1000.0);                  /* the equations take f in GHz */
	l_h = k->r + k->s * lf + k->t * lf * lf;        /* eq. (9) */
	l_e = 0.212 * fabs(elev_deg);                   /* eq. (10) */
	mu1 = l_h + l_e;                                /* eq. (5) */
	mu2 = k->w + k->x * lf;                         /* eq. (6) */
	sigma1 = k->u + k->v * lf;                      /* eq. (7) */
	sigma2 = k->y + k->z * lf;                      /* eq. (8) */
	finv = rf_normal_quantile(pct / 100.0);         /* F^-1(P), P = pct / 100 */
	a = finv * sigma1 + mu1;                        /* eq. (2) */
	b = finv * sigma2 + mu2;                        /* eq. (3) */
	*loss_db = 10.0 * log10(pow(10.0, 0.1 * a) + pow(10.0, 0.1 * b) + pow(10.0, 0.1 * c));  /* eq. (1) */
	return 0;
}

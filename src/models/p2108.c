/* ITU-R P.2108-1 clutter loss, section 3 (p2108.h).  Equations from the
 * Recommendation's text; its numbering (2a)-(8) is that of the 2021 edition
 * (the reference implementations of ITU-R WP3K and NTIA use the same). */
#include "rfplan/p2108.h"
#include "rfplan/normal.h"

#include <math.h>
#include <strings.h>

static const struct {
	const char *name;
	enum rf_p2108_clutter type;
} names[] = {
	{ "water-sea", RF_P2108_WATER_SEA }, { "water", RF_P2108_WATER_SEA },
	{ "sea", RF_P2108_WATER_SEA }, { "water/sea", RF_P2108_WATER_SEA },
	{ "open-rural", RF_P2108_OPEN_RURAL }, { "open", RF_P2108_OPEN_RURAL },
	{ "rural", RF_P2108_OPEN_RURAL }, { "open/rural", RF_P2108_OPEN_RURAL },
	{ "suburban", RF_P2108_SUBURBAN }, { "urban", RF_P2108_URBAN },
	{ "trees-forest", RF_P2108_TREES_FOREST }, { "trees", RF_P2108_TREES_FOREST },
	{ "forest", RF_P2108_TREES_FOREST }, { "trees/forest", RF_P2108_TREES_FOREST },
	{ "dense-urban", RF_P2108_DENSE_URBAN }, { "dense_urban", RF_P2108_DENSE_URBAN },
	{ "dense urban", RF_P2108_DENSE_URBAN },
};

int rf_p2108_clutter_parse(const char *name, enum rf_p2108_clutter *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name)) {
			*out = names[i].type;
			return 0;
		}
	return -1;
}

const char *rf_p2108_clutter_name(enum rf_p2108_clutter type)
{
	switch (type) {
	case RF_P2108_WATER_SEA: return "water-sea";
	case RF_P2108_OPEN_RURAL: return "open-rural";
	case RF_P2108_SUBURBAN: return "suburban";
	case RF_P2108_URBAN: return "urban";
	case RF_P2108_TREES_FOREST: return "trees-forest";
	case RF_P2108_DENSE_URBAN: return "dense-urban";
	default: return "";
	}
}

double rf_p2108_default_height_m(enum rf_p2108_clutter type)
{
	switch (type) {   /* Table 3 */
	case RF_P2108_WATER_SEA:
	case RF_P2108_OPEN_RURAL:
	case RF_P2108_SUBURBAN: return 10.0;
	case RF_P2108_URBAN:
	case RF_P2108_TREES_FOREST: return 15.0;
	case RF_P2108_DENSE_URBAN: return 20.0;
	default: return 0.0;
	}
}

static int range_error(struct rf_error *err, const char *sec, const char *what, double v,
		       const char *range)
{
	return rf_error_set(err, "ITU-R P.2108 %s: %s %g is outside its range %s", sec, what, v,
			    range);
}

/* Knife-edge loss J(nu), the P.526 approximation P.2108 eq. (2a) uses:
 * 0 for nu <= -0.78. */
static double j_nu_db(double nu)
{
	if (nu <= -0.78)
		return 0.0;
	return 6.9 + 20.0 * log10(sqrt((nu - 0.1) * (nu - 0.1) + 1.0) + nu - 0.1);
}

int rf_p2108_terminal_db(double freq_mhz, double height_m, double street_width_m,
			 double clutter_height_m, enum rf_p2108_clutter type,
			 double *loss_db, struct rf_error *err)
{
	const char *s = "sec. 3.1";
	double f_ghz = freq_mhz / 1000.0, h_dif, theta_deg, nu;

	if (!(freq_mhz >= RF_P2108_TERMINAL_FMIN_MHZ && freq_mhz <= RF_P2108_TERMINAL_FMAX_MHZ))
		return range_error(err, s, "frequency (MHz)", freq_mhz, "30-3000 MHz");
	if (!(height_m > 0.0))
		return range_error(err, s, "antenna height (m)", height_m, "> 0 m");
	if (!(street_width_m > 0.0))
		return range_error(err, s, "street width (m)", street_width_m, "> 0 m");
	if (!(clutter_height_m > 0.0))
		return range_error(err, s, "clutter height (m)", clutter_height_m, "> 0 m");
	if (type < RF_P2108_WATER_SEA || type > RF_P2108_DENSE_URBAN)
		return rf_error_set(err, "ITU-R P.2108 sec. 3.1: unknown clutter type %d",
				    (int)type);
	if (height_m >= clutter_height_m) {   /* above the clutter: no correction */
		*loss_db = 0.0;
		return 0;
	}
	if (type == RF_P2108_WATER_SEA || type == RF_P2108_OPEN_RURAL) {
		/* eq. (2f) K_h2, eq. (2b) */
		double k_h2 = 21.8 + 6.2 * log10(f_ghz);
		*loss_db = -k_h2 * log10(height_m / clutter_height_m);
		return 0;
	}
	h_dif = clutter_height_m - height_m;                         /* eq. (2d) */
	theta_deg = atan(h_dif / street_width_m) * 180.0 / M_PI;     /* eq. (2e) */
	nu = 0.342 * sqrt(f_ghz) * sqrt(h_dif * theta_deg);          /* eqs. (2g), (2c) */
	*loss_db = j_nu_db(nu) - 6.03;                               /* eq. (2a) */
	return 0;
}

/* Eqs. (3a)-(5b) at one distance; q = Q^-1(p / 100). */
static double terrestrial_at_db(double f_ghz, double dist_km, double q)
{
	const double sigma_l_db = 4.0, sigma_s_db = 6.0;            /* eqs. (4b), (5b) */
	double l_l = -2.0 * log10(pow(10.0, -5.0 * log10(f_ghz) - 12.5) +
				  pow(10.0, -16.5));                 /* eq. (4a) */
	double l_s = 32.98 + 23.9 * log10(dist_km) + 3.0 * log10(f_ghz);   /* eq. (5a) */
	double w_l = pow(10.0, -0.2 * l_l), w_s = pow(10.0, -0.2 * l_s);
	double sigma_cb = sqrt((sigma_l_db * sigma_l_db * w_l + sigma_s_db * sigma_s_db * w_s) /
			       (w_l + w_s));                         /* eq. (3b) */
	return -5.0 * log10(w_l + w_s) - sigma_cb * q;              /* eq. (3a) */
}

int rf_p2108_terrestrial_db(double freq_mhz, double dist_km, double pct, double *loss_db,
			    struct rf_error *err)
{
	const char *s = "sec. 3.2";
	double f_ghz = freq_mhz / 1000.0, q;

	if (!(freq_mhz >= RF_P2108_TERRESTRIAL_FMIN_MHZ &&
	      freq_mhz <= RF_P2108_TERRESTRIAL_FMAX_MHZ))
		return range_error(err, s, "frequency (MHz)", freq_mhz, "500-67000 MHz");
	if (!(dist_km >= RF_P2108_TERRESTRIAL_DMIN_KM))
		return range_error(err, s, "distance (km)", dist_km, ">= 0.25 km");
	if (!(pct > 0.0 && pct < 100.0))
		return range_error(err, s, "percentage of locations", pct, "(0, 100) %");
	q = -rf_normal_quantile(pct / 100.0);                       /* Q^-1(p/100) */
	/* eq. (6): the loss does not exceed its value at 2 km */
	*loss_db = fmin(terrestrial_at_db(f_ghz, dist_km, q), terrestrial_at_db(f_ghz, 2.0, q));
	return 0;
}

int rf_p2108_aeronautical_db(double freq_mhz, double elev_deg, double pct,
			     double *loss_db, struct rf_error *err)
{
	const char *s = "sec. 3.3";
	const double a1 = 0.05;
	double f_ghz = freq_mhz / 1000.0, k1, arg, q;

	if (!(freq_mhz >= RF_P2108_AERO_FMIN_MHZ && freq_mhz <= RF_P2108_AERO_FMAX_MHZ))
		return range_error(err, s, "frequency (MHz)", freq_mhz, "10000-100000 MHz");
	if (!(elev_deg >= 0.0 && elev_deg <= 90.0))
		return range_error(err, s, "elevation angle (deg)", elev_deg, "0-90 deg");
	if (!(pct > 0.0 && pct < 100.0))
		return range_error(err, s, "percentage of locations", pct, "(0, 100) %");
	k1 = 93.0 * pow(f_ghz, 0.175);                               /* eq. (8) */
	arg = a1 * (1.0 - elev_deg / 90.0) + M_PI * elev_deg / 180.0;
	q = -rf_normal_quantile(pct / 100.0);
	/* eq. (7); at 90 deg the base is ~0 and its power 0 gives 1: L = 0 at p 50 */
	*loss_db = pow(-k1 * log(1.0 - pct / 100.0) / tan(arg), 0.5 * (90.0 - elev_deg) / 90.0) -
		   1.0 - 0.6 * q;
	return 0;
}

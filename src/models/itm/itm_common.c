/* ITM: input validation, the environment (refractivity, effective earth,
 * ground impedance), free-space loss and the warning texts. */
#include "itm_internal.h"

#include <stddef.h>

static int valid_mdvar(int mdvar)
{
	/* NTIA's ITM accepts 0..3 plus 10 and/or 20 (0..3, 10..13, 20..23,
	 * 30..33). */
	return mdvar >= 0 && mdvar <= 33 && mdvar % 10 <= 3;
}

static int valid_pct(double pct)
{
	return pct > 0.0 && pct < 100.0;
}

/* The checks of NTIA's ValidateInputs, in the same order; warnings are the
 * soft limits, errors the hard ones. */
int rf_itm_validate(const struct rf_itm_params *p, int *warnings,
		    struct rf_error *err)
{
	if (rf_itm_validate_heights(p->tx_height_m, p->rx_height_m, warnings, err))
		return -1;
	return rf_itm_validate_others(p, warnings, err);
}

int rf_itm_validate_heights(double tx_height_m, double rx_height_m, int *warnings,
			    struct rf_error *err)
{
	if (!(tx_height_m >= 1.0 && tx_height_m <= 1000.0))
		*warnings |= RF_ITM_WARN_TX_HEIGHT;
	if (!(tx_height_m >= 0.5 && tx_height_m <= 3000.0))
		return rf_error_set(err, "ITM: transmitter height %g m is outside 0.5..3000 m",
				    tx_height_m);
	if (!(rx_height_m >= 1.0 && rx_height_m <= 1000.0))
		*warnings |= RF_ITM_WARN_RX_HEIGHT;
	if (!(rx_height_m >= 0.5 && rx_height_m <= 3000.0))
		return rf_error_set(err, "ITM: receiver height %g m is outside 0.5..3000 m",
				    rx_height_m);
	return 0;
}

int rf_itm_validate_others(const struct rf_itm_params *p, int *warnings,
			   struct rf_error *err)
{
	if (p->climate < RF_ITM_EQUATORIAL || p->climate > RF_ITM_MARITIME_TEMPERATE_SEA)
		return rf_error_set(err, "ITM: radio climate %d is not one of 1..7", p->climate);
	if (!(p->n0 >= 250.0 && p->n0 <= 400.0))
		return rf_error_set(err, "ITM: surface refractivity N0 %g N-units is outside 250..400",
				    p->n0);
	if (!(p->freq_mhz >= 40.0 && p->freq_mhz <= 10000.0))
		*warnings |= RF_ITM_WARN_FREQUENCY;
	if (!(p->freq_mhz >= 20.0 && p->freq_mhz <= 20000.0))
		return rf_error_set(err, "ITM: frequency %g MHz is outside 20..20000 MHz",
				    p->freq_mhz);
	if (p->polarization != RF_ITM_HORIZONTAL && p->polarization != RF_ITM_VERTICAL)
		return rf_error_set(err, "ITM: polarization %d is not 0 (horizontal) or 1 (vertical)",
				    p->polarization);
	if (!(p->epsilon >= 1.0) || !isfinite(p->epsilon))
		return rf_error_set(err, "ITM: relative permittivity epsilon %g is below 1",
				    p->epsilon);
	if (!(p->sigma > 0.0) || !isfinite(p->sigma))
		return rf_error_set(err, "ITM: ground conductivity sigma %g S/m is not positive",
				    p->sigma);
	if (!valid_mdvar(p->mdvar))
		return rf_error_set(err, "ITM: mode of variability mdvar %d is not 0..3 (+10, +20)",
				    p->mdvar);
	if (!valid_pct(p->situation_pct))
		return rf_error_set(err, "ITM: situation percentage %g is not in (0, 100)",
				    p->situation_pct);
	if (!valid_pct(p->time_pct))
		return rf_error_set(err, "ITM: time percentage %g is not in (0, 100)", p->time_pct);
	if (!valid_pct(p->location_pct))
		return rf_error_set(err, "ITM: location percentage %g is not in (0, 100)",
				    p->location_pct);
	return 0;
}

/* [Alg section 2]: surface refractivity at the mean path height, the
 * effective earth curvature, and the ground's surface transfer impedance. */
void rf_itm_environment(const struct rf_itm_params *p, double h_sys_m,
			struct itm_env *env)
{
	rf_itm_environment_ground(p, env);
	rf_itm_environment_refractivity(p->n0, h_sys_m, env);
}

void rf_itm_environment_ground(const struct rf_itm_params *p, struct itm_env *env)
{
	double complex ep_r;

	env->freq_mhz = p->freq_mhz;
	env->wave_number = p->freq_mhz / 47.7;
	/* [Alg eq. 2.3]: complex relative permittivity, Z_g for horizontal
	 * polarization, divided by ep_r for vertical */
	ep_r = p->epsilon + I * (18000.0 * p->sigma / p->freq_mhz);
	env->z_g = csqrt(ep_r - 1.0);
	if (p->polarization == RF_ITM_VERTICAL)
		env->z_g /= ep_r;
	env->abs_zg = cabs(env->z_g);
	env->f_third = cbrt(p->freq_mhz);
}

void rf_itm_environment_refractivity(double n0, double h_sys_m, struct itm_env *env)
{
	const double gamma_a = 157e-9; /* actual earth curvature, 1/m */

	/* [TN101 eq. 4.3] */
	env->n_s = h_sys_m == 0.0 ? n0 : n0 * exp(-h_sys_m / 9460.0);
	/* [TN101 eq. 4.4], as reworked in [Alg eq. 2.2] */
	env->gamma_e = gamma_a * (1.0 - 0.04665 * exp(env->n_s / 179.3));
	env->a_e_m = 1.0 / env->gamma_e;
}

double rf_itm_free_space_db(double dist_m, double freq_mhz)
{
	return 32.45 + 20.0 * log10(freq_mhz) + 20.0 * log10(dist_m / 1000.0);
}

const char *rf_itm_warning_text(int bit)
{
	switch (bit) {
	case RF_ITM_WARN_TX_HEIGHT: return "transmitter height outside 1..1000 m";
	case RF_ITM_WARN_RX_HEIGHT: return "receiver height outside 1..1000 m";
	case RF_ITM_WARN_FREQUENCY: return "frequency outside 40..10000 MHz";
	case RF_ITM_WARN_DIST_BIG_1: return "path longer than 1000 km";
	case RF_ITM_WARN_DIST_BIG_2: return "path longer than 2000 km";
	case RF_ITM_WARN_DIST_SMALL_1: return "path shorter than |h_e1 - h_e2| / 0.2";
	case RF_ITM_WARN_DIST_SMALL_2: return "path shorter than 1 km";
	case RF_ITM_WARN_TX_HORIZON_ANGLE: return "transmitter horizon angle above 0.2 rad";
	case RF_ITM_WARN_RX_HORIZON_ANGLE: return "receiver horizon angle above 0.2 rad";
	case RF_ITM_WARN_TX_HORIZON_DIST_1:
		return "transmitter horizon nearer than 0.1 x smooth-earth horizon";
	case RF_ITM_WARN_RX_HORIZON_DIST_1:
		return "receiver horizon nearer than 0.1 x smooth-earth horizon";
	case RF_ITM_WARN_TX_HORIZON_DIST_2:
		return "transmitter horizon farther than 3 x smooth-earth horizon";
	case RF_ITM_WARN_RX_HORIZON_DIST_2:
		return "receiver horizon farther than 3 x smooth-earth horizon";
	case RF_ITM_WARN_EXTREME_VARIABILITY:
		return "a time/location/situation quantile beyond 3.1 standard deviations";
	case RF_ITM_WARN_SURFACE_REFRACTIVITY: return "surface refractivity N_s below 250";
	default: return NULL;
	}
}

/* ITM's point-to-point mode prepared once for many profiles with the same
 * parameters: the part of the ITM port (src/models/itm/itm_*.c) the model layer uses
 * (model.c, and model_engine.h, which keeps one per cell).  The rest of
 * ITM's interface between its own files stays in itm_internal.h.  Equation
 * references as in itm_internal.h. */
#ifndef RFPLAN_ITM_PREP_H
#define RFPLAN_ITM_PREP_H

#include <complex.h>

#include "rfplan/error.h"
#include "rfplan/itm.h"

/* Environment of one prediction: depends on frequency, ground, climate
 * refractivity and the mean path height, not on the path geometry. */
struct itm_env {
	double freq_mhz;
	double wave_number;      /* k = f / 47.7 MHz*m, per metre */
	double complex z_g;      /* surface transfer impedance [Alg 2.1-2.3] */
	double abs_zg;           /* |z_g| */
	double f_third;          /* cbrt(freq_mhz), Vogler's frequency factor */
	double gamma_e;          /* effective earth curvature, 1/m */
	double a_e_m;            /* effective earth radius, 1/gamma_e */
	double n_s;              /* surface refractivity, N-units */
};

/* itm_variability.c: what the variability [Alg section 5] takes from the
 * parameters alone (rf_itm_variability_prepare, itm_internal.h). */
struct climate_curves;
struct itm_var_prep {
	const struct climate_curves *cc;
	double wn;               /* wave number, f / 47.7 MHz*m */
	double z_s, z_t, z_l;    /* standard normal deviates, per mdvar */
	double g_m, g_p;         /* frequency factors of sigma_T-, sigma_T+ */
	double d_ex_freq_m;      /* (575.7e12 / wn)^(1/3) of [Alg 5.3] */
	int kind;                /* mdvar without +10 / +20 */
	int no_situation, no_location;
	int warnings;            /* RF_ITM_WARN_EXTREME_VARIABILITY or 0 */
};

/* itm_p2p.c: point-to-point mode for many profiles with the same
 * parameters (the coverage engine: one cell).  rf_itm_p2p_prepare checks
 * every parameter except the two heights, with rf_itm_p2p's messages, and
 * keeps what depends on them alone; rf_itm_p2p_prepared then gives, for a
 * profile and the two heights, exactly what rf_itm_p2p gives (the same
 * bits, warnings and errors) with the same parameters and heights. */
struct itm_p2p_prep {
	struct rf_itm_params p;  /* heights unused */
	int warnings;            /* of the parameters other than the heights */
	struct itm_env env;      /* n_s, gamma_e, a_e_m set per profile */
	double fs_const_db;      /* 32.45 + 20 log10 f */
	struct itm_var_prep var;
};
int rf_itm_p2p_prepare(const struct rf_itm_params *p, struct itm_p2p_prep *prep,
		       struct rf_error *err);
int rf_itm_p2p_prepared(const struct itm_p2p_prep *prep, double tx_height_m,
			double rx_height_m, const double *z_m, int n_points, double step_m,
			struct rf_itm_result *out, struct rf_error *err);

#endif

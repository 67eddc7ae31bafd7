/* The Longley-Rice Irregular Terrain Model (ITM) v1.2.2, written from
 * G.A. Hufford, "The ITS Irregular Terrain Model, version 1.2.2: The
 * Algorithm" (NTIA/ITS) and NTIA's ITM documentation.  Point-to-point mode
 * on a terrain profile, and area mode.  Pure computation: thread-safe, no
 * allocation, no globals; safe to call from many OpenMP threads at once.
 * See doc/itm.md for the inputs, ranges and warnings. */
#ifndef RFPLAN_ITM_H
#define RFPLAN_ITM_H

#include "rfplan/error.h"

/* Climate codes (Hufford / NTIA). */
enum rf_itm_climate {
	RF_ITM_EQUATORIAL = 1,
	RF_ITM_CONTINENTAL_SUBTROPICAL = 2,
	RF_ITM_MARITIME_SUBTROPICAL = 3,
	RF_ITM_DESERT = 4,
	RF_ITM_CONTINENTAL_TEMPERATE = 5,
	RF_ITM_MARITIME_TEMPERATE_LAND = 6,
	RF_ITM_MARITIME_TEMPERATE_SEA = 7
};

/* Polarization codes. */
enum rf_itm_polarization {
	RF_ITM_HORIZONTAL = 0,
	RF_ITM_VERTICAL = 1
};

/* Mode of variability (mdvar): one of these, plus RF_ITM_MDVAR_NO_LOCATION
 * and/or RF_ITM_MDVAR_NO_SITUATION. */
enum rf_itm_mdvar {
	RF_ITM_SINGLE_MESSAGE = 0,
	RF_ITM_ACCIDENTAL = 1,
	RF_ITM_MOBILE = 2,
	RF_ITM_BROADCAST = 3,
	RF_ITM_MDVAR_NO_LOCATION = 10,  /* location variability eliminated */
	RF_ITM_MDVAR_NO_SITUATION = 20  /* direct situation variability eliminated */
};

struct rf_itm_params {
	double freq_mhz;          /* 20 .. 20000 (warning outside 40 .. 10000) */
	double tx_height_m;       /* structural height above ground, 0.5 .. 3000 */
	double rx_height_m;       /*   (warning outside 1 .. 1000) */
	int polarization;         /* enum rf_itm_polarization */
	int climate;              /* enum rf_itm_climate, 1..7 */
	double n0;                /* surface refractivity, N-units, 250..400 */
	double epsilon;           /* ground relative permittivity, >= 1 */
	double sigma;             /* ground conductivity, S/m, > 0 */
	int mdvar;                /* mode of variability: 0..3, +10, +20 */
	double time_pct;          /* 0 < p < 100 */
	double location_pct;
	double situation_pct;
};

/* Propagation mode (which range the distance falls in). */
enum rf_itm_mode {
	RF_ITM_MODE_LOS = 1,
	RF_ITM_MODE_DIFFRACTION = 2,
	RF_ITM_MODE_TROPOSCATTER = 3
};

/* Warning flags in rf_itm_result.warnings: the same bits as NTIA's ITM
 * (Warnings.h of NTIA/itm), so results can be compared code for code. */
#define RF_ITM_WARN_TX_HEIGHT            0x0001 /* tx height outside 1..1000 m */
#define RF_ITM_WARN_RX_HEIGHT            0x0002 /* rx height outside 1..1000 m */
#define RF_ITM_WARN_FREQUENCY            0x0004 /* outside 40..10000 MHz */
#define RF_ITM_WARN_DIST_BIG_1           0x0008 /* path longer than 1000 km */
#define RF_ITM_WARN_DIST_BIG_2           0x0010 /* path longer than 2000 km */
#define RF_ITM_WARN_DIST_SMALL_1         0x0020 /* path shorter than |he1-he2|/0.2 */
#define RF_ITM_WARN_DIST_SMALL_2         0x0040 /* path shorter than 1 km */
#define RF_ITM_WARN_TX_HORIZON_ANGLE     0x0080 /* |theta_hzn tx| > 0.2 rad */
#define RF_ITM_WARN_RX_HORIZON_ANGLE     0x0100
#define RF_ITM_WARN_TX_HORIZON_DIST_1    0x0200 /* horizon < 0.1 x smooth earth */
#define RF_ITM_WARN_RX_HORIZON_DIST_1    0x0400
#define RF_ITM_WARN_TX_HORIZON_DIST_2    0x0800 /* horizon > 3 x smooth earth */
#define RF_ITM_WARN_RX_HORIZON_DIST_2    0x1000
#define RF_ITM_WARN_EXTREME_VARIABILITY  0x2000 /* a quantile beyond 3.1 sigma */
#define RF_ITM_WARN_SURFACE_REFRACTIVITY 0x4000 /* N_s below 250 N-units */

struct rf_itm_result {
	double loss_db;           /* basic transmission loss A__db */
	double free_space_db;     /* free-space loss over the path */
	double ref_attenuation_db;/* reference attenuation A_ref (median) */
	double distance_m;
	double delta_h_m;         /* terrain irregularity parameter */
	double horizon_dist_m[2]; /* tx, rx horizon distances */
	double horizon_angle_rad[2];
	double eff_height_m[2];   /* effective heights h_e */
	double n_s;               /* surface refractivity used, N-units */
	int mode;                 /* enum rf_itm_mode */
	int warnings;             /* bit flags RF_ITM_WARN_* (NTIA's codes) */
};

/* Point-to-point: terrain z_m[0..n_points-1] (metres above sea level)
 * equally spaced by step_m, the transmitter above z_m[0], the receiver
 * above z_m[n_points-1] (NTIA's pfl is np = n_points - 1, xi = step_m,
 * z0..z_np).  n_points >= 2, step_m > 0, every z_m finite.  Returns 0 and
 * fills *out (warnings may be set), or -1 with err for inputs outside the
 * model's hard limits (NTIA's error codes; the message names the parameter
 * and its value).  No allocation: cost is a few passes over the profile. */
int rf_itm_p2p(const struct rf_itm_params *p, const double *z_m, int n_points,
	       double step_m, struct rf_itm_result *out, struct rf_error *err);

/* Area mode: distance (> 0), terrain irregularity delta_h (>= 0), siting
 * criteria (0 random, 1 careful, 2 very careful) for each terminal.
 * Returns 0 or -1 with err, as rf_itm_p2p. */
int rf_itm_area(const struct rf_itm_params *p, double dist_km, double delta_h_m,
		int tx_siting, int rx_siting, struct rf_itm_result *out,
		struct rf_error *err);

/* A short description of one warning bit (e.g. RF_ITM_WARN_FREQUENCY), or
 * NULL for a bit that is not a warning.  The string is a constant. */
const char *rf_itm_warning_text(int bit);

#endif

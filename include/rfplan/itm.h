/* The Longley-Rice Irregular Terrain Model (ITM) v1.2.2, written from
 * G.A. Hufford, "The ITS Irregular Terrain Model, version 1.2.2: The
 * Algorithm" (NTIA/ITS) and NTIA's ITM documentation.  Point-to-point mode
 * on a terrain profile, and area mode.  Pure computation: thread-safe, no
 * allocation in the hot path. */
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

struct rf_itm_params {
	double freq_mhz;          /* 20 .. 20000 */
	double tx_height_m;       /* structural height above ground, 0.5 .. 3000 */
	double rx_height_m;
	int polarization;         /* 0 horizontal, 1 vertical */
	int climate;              /* enum rf_itm_climate, 1..7 */
	double n0;                /* surface refractivity, N-units, 250..400 */
	double epsilon;           /* ground relative permittivity */
	double sigma;             /* ground conductivity, S/m */
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

struct rf_itm_result {
	double loss_db;           /* basic transmission loss A__db */
	double free_space_db;     /* free-space loss over the path */
	double ref_attenuation_db;/* reference attenuation A_ref (median) */
	double distance_m;
	double delta_h_m;         /* terrain irregularity parameter */
	double horizon_dist_m[2]; /* tx, rx horizon distances */
	double horizon_angle_rad[2];
	double eff_height_m[2];   /* effective heights h_e */
	int mode;                 /* enum rf_itm_mode */
	int warnings;             /* bit flags, NTIA's warning codes */
};

/* Point-to-point: terrain z_m[0..n_points-1] equally spaced by step_m, the
 * transmitter above z_m[0], the receiver above z_m[n_points-1] (NTIA's pfl is
 * np = n_points - 1, xi = step_m, z0..z_np).  Returns 0, or -1 with err for
 * inputs outside the model's hard limits (the NTIA error codes, named). */
int rf_itm_p2p(const struct rf_itm_params *p, const double *z_m, int n_points,
	       double step_m, struct rf_itm_result *out, struct rf_error *err);

/* Area mode: distance, terrain irregularity delta_h, siting criteria
 * (0 random, 1 careful, 2 very careful) for each terminal. */
int rf_itm_area(const struct rf_itm_params *p, double dist_km, double delta_h_m,
		int tx_siting, int rx_siting, struct rf_itm_result *out,
		struct rf_error *err);

#endif

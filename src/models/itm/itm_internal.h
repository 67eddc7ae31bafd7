/* Private interface between the ITM source files (src/models/itm/itm_*.c).  Equation
 * references are to G.A. Hufford, "The ITS Irregular Terrain Model, version
 * 1.2.2: The Algorithm" ([Alg]), NBS Technical Note 101 ([TN101]) and
 * Longley & Rice, ERL 79-ITS 67 ([ERL79]), as cited by NTIA's ITM. */
#ifndef RFPLAN_ITM_INTERNAL_H
#define RFPLAN_ITM_INTERNAL_H

#include <complex.h>
#include <math.h>

#include "rfplan/error.h"
#include "rfplan/itm.h"
#include "itm_prep.h"

#define ITM_PI 3.1415926535897932384
#define ITM_ACTUAL_EARTH_RADIUS_M 6370e3  /* a_0 in Vogler's 3-radii method */
#define ITM_A9000_M 9000e3                /* [Alg 5.3] effective distance radius */

/* Path geometry, in the form both modes give Longley-Rice. */
struct itm_path {
	double dist_m;
	double h_m[2];           /* structural heights tx, rx */
	double h_e_m[2];         /* effective heights */
	double d_hzn_m[2];       /* horizon distances */
	double theta_hzn_rad[2]; /* horizon elevation angles */
	double delta_h_m;        /* terrain irregularity parameter */
};

/* itm_common.c */
int rf_itm_validate(const struct rf_itm_params *p, int *warnings,
		    struct rf_error *err);
/* rf_itm_validate in two parts: the heights (checked first), the rest */
int rf_itm_validate_heights(double tx_height_m, double rx_height_m, int *warnings,
			    struct rf_error *err);
int rf_itm_validate_others(const struct rf_itm_params *p, int *warnings,
			   struct rf_error *err);
void rf_itm_environment(const struct rf_itm_params *p, double h_sys_m,
			struct itm_env *env);
/* rf_itm_environment in two parts: frequency and ground, then refractivity */
void rf_itm_environment_ground(const struct rf_itm_params *p, struct itm_env *env);
void rf_itm_environment_refractivity(double n0, double h_sys_m, struct itm_env *env);
double rf_itm_free_space_db(double dist_m, double freq_mhz);

/* itm_terrain.c: horizons, effective heights, delta_h of a profile;
 * z_min_m, z_max_m: the lowest and highest of z_m[0..np]. */
void rf_itm_profile_geometry(const double *z_m, int np, double step_m,
			     double gamma_e, double z_min_m, double z_max_m,
			     struct itm_path *path);

/* itm_lr.c: the reference attenuation A_ref [Alg section 4]. */
int rf_itm_reference_attenuation(const struct itm_env *env,
				 const struct itm_path *path, int p2p,
				 double *a_ref_db, int *mode, int *warnings,
				 struct rf_error *err);

/* itm_diffraction.c: what adiff computes once per path (the terminals'
 * smooth-earth terms, the clutter factor A_fo, the weighting's root), then
 * A_d at each distance lrprop asks for. */
struct itm_diff_setup {
	double d_ml_m;           /* d_Lt + d_Lr */
	double x_hzn_km;         /* Vogler's x_1 + x_2 */
	double gain_db[2];       /* height gains F(x_1, K_1), F(x_2, K_2) */
	double a_fo_db;          /* clutter factor [ERL79 eq. 3.38c] */
	double root;             /* sqrt(1 + (h_e1 h_e2 - h1 h2) / (h1 h2 + C)) */
};
void rf_itm_diffraction_setup(const struct itm_env *env, const struct itm_path *path,
			      int p2p, double d_sml_m, struct itm_diff_setup *ds);
double rf_itm_diffraction_loss(double dist_m, const struct itm_env *env,
			       const struct itm_path *path, const struct itm_diff_setup *ds,
			       double theta_los);

/* itm_scatter.c: *h0 carries H_0 from the d_6 call to the d_5 call. */
double rf_itm_troposcatter_loss(double dist_m, const struct itm_env *env,
				const struct itm_path *path, double theta_los,
				double *h0_db);

/* itm_variability.c [Alg section 5]: A_ref adjusted for time, location and
 * situation variability (without free-space loss).  The _prepare/_prepared
 * pair splits off what depends on the parameters alone (same results);
 * struct itm_var_prep is in itm_prep.h. */
double rf_itm_variability(const struct rf_itm_params *p,
			  const struct itm_path *path, double a_ref_db,
			  int *warnings);
void rf_itm_variability_prepare(const struct rf_itm_params *p, struct itm_var_prep *vp);
double rf_itm_variability_prepared(const struct itm_var_prep *vp,
				   const struct itm_path *path, double a_ref_db,
				   int *warnings);

/* [ERL79 eq. 3]: interdecile range of terrain heights over distance d. */
static inline double itm_terrain_roughness(double dist_m, double delta_h_m)
{
	return delta_h_m * (1.0 - 0.8 * exp(-dist_m / 50e3));
}

/* [ERL79 eq. 3.6a]: rms deviation of terrain within the first Fresnel zone.
 * The fourth root as two square roots (delta_h >= 0): within an ulp of
 * pow(delta_h, 0.25), at a fraction of its cost. */
static inline double itm_sigma_h(double delta_h_m)
{
	return 0.78 * delta_h_m * exp(-0.5 * sqrt(sqrt(delta_h_m)));
}

#endif

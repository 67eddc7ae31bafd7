/* ITU-R P.1812-6 (the same equations in -7 and -8): path-specific
 * prediction of the basic transmission loss Lb, 30 MHz - 6 GHz, 1-50 % of
 * time, from a terrain profile with representative clutter heights and
 * radio-climatic zones.  Equation numbers in the sources are those of
 * P.1812-6 Annex 1 (doc/models.md, "ITU-R P.1812").
 *
 * Units: frequencies in MHz at the API (GHz inside, as the Recommendation),
 * distances in km, heights in m, angles in mrad where P.1812 uses them.
 * All functions are thread-safe; rf_p1812_loss allocates only for profiles
 * of more than 2048 points (32 KB of reciprocals live on the stack). */
#ifndef RFPLAN_P1812_H
#define RFPLAN_P1812_H

#include "rfplan/error.h"

/* Radio-climatic zones of P.1812-6 Table 2 (the codes of the WP3K
 * reference implementation). */
enum { RF_P1812_SEA = 1, RF_P1812_COASTAL = 3, RF_P1812_INLAND = 4 };

/* Defaults: DN 45 N-units/km and N0 325 N-units are the values the WP3K
 * reference implementation uses when no map value is given (typical
 * mid-latitude values of P.1812-6 Figs. 2 and 3 / the DN50 and N050 maps of
 * ITU-R P.452); dct/dcr 500 km (no coast near). */
#define RF_P1812_DEFAULT_DN 45.0
#define RF_P1812_DEFAULT_N0 325.0
#define RF_P1812_DEFAULT_DC_KM 500.0
#define RF_P1812_DEFAULT_WA_M 100.0

struct rf_p1812_params {
	double freq_mhz;        /* 30 .. 6000 */
	double time_pct;        /* p, 1 .. 50 */
	double location_pct;    /* pL, 1 .. 99 (50: no location variability) */
	double sigma_loc_db;    /* < 0: eq. (66) from wa_m and the receiver's
				   height and clutter; else sigma_L as given */
	double wa_m;            /* eq. (66) resolution: width of the square area
				   the variability applies to, > 0 */
	int polarization;       /* 0 horizontal, 1 vertical */
	double tx_height_m;     /* antenna above ground, 1 .. 3000 */
	double rx_height_m;
	double dn;              /* DN, N-units/km, 0 < DN < 157 */
	double n0;              /* N0, N-units */
	double dct_km, dcr_km;  /* distance over land to the coast; < 0: 500 km
				   (0 when the terminal's zone is sea) */
	double phi_path_deg;    /* path-centre latitude, -90 .. 90 */
};

/* n >= 3 points from the transmitter (0) to the receiver (n-1). */
struct rf_p1812_path {
	int n;
	const double *d_km;          /* increasing, d_km[0] = 0; NULL: i * step_km */
	double step_km;
	const double *h_m;           /* terrain height AMSL */
	const double *r_m;           /* representative clutter height; NULL: 0.
					The terminals' own points are ignored
					(sec. 3.2: g = h there). */
	const unsigned char *zone;   /* RF_P1812_*; NULL: all inland */
};

enum rf_p1812_mechanism {
	RF_P1812_LOS = 1,            /* line of sight, no diffraction loss */
	RF_P1812_DIFFRACTION = 2,
	RF_P1812_DUCTING = 3,        /* ducting / layer reflection */
	RF_P1812_TROPOSCATTER = 4
};

struct rf_p1812_result {
	double lb_db;        /* eq. (69): Lb, basic transmission loss */
	double lbfs_db;      /* eq. (8): free space over the 3-D distance */
	double lb0p_db;      /* eq. (10): line of sight with multipath/focusing */
	double ldp_db;       /* eq. (41): diffraction loss not exceeded for p % */
	double lbd_db;       /* eq. (43): Lb0p + Ldp */
	double lbulla_db, lbulls_db, ldsph_db;   /* eqs. (21), (21), (27) at 50 % */
	double lba_db;       /* eq. (46): ducting / layer reflection */
	double lbs_db;       /* eq. (44): troposcatter */
	double lbam_db;      /* eq. (62) */
	double lbc_db;       /* eq. (63) */
	double lloc_db;      /* eq. (67): location variability, 0 at pL 50 % */
	double b0_pct;       /* eq. (5) */
	double ae_km;        /* eq. (7a) */
	double theta_mrad;   /* eq. (82): path angular distance */
	double dlt_km, dlr_km;
	double omega;        /* fraction of the path over sea */
	int los;             /* 1: line-of-sight path (eq. 79 test) */
	int mechanism;       /* enum rf_p1812_mechanism: the strongest term */
};

/* The per-frequency part, checked once (per cell in the engine). */
struct rf_p1812_prep {
	struct rf_p1812_params p;
	double f_ghz;
	double ae_km, ab_km;     /* eqs. (7a), (7b) */
};

/* Checks every parameter (messages name the parameter, its value and the
 * valid range) and fills prep.  0, or -1 with err. */
int rf_p1812_prepare(const struct rf_p1812_params *p, struct rf_p1812_prep *prep,
		     struct rf_error *err);

/* Lb along one path.  0, or -1 with err (fewer than 3 points, distances not
 * increasing, a non-finite height, an unknown zone). */
int rf_p1812_loss(const struct rf_p1812_prep *prep, const struct rf_p1812_path *path,
		  struct rf_p1812_result *out, struct rf_error *err);

/* Sec. 4.8 eq. (66): sigma_L, dB, for a receiver rx_height_m above ground
 * among clutter rx_clutter_m high, over a square wa_m wide. */
double rf_p1812_sigma_loc_db(double freq_mhz, double wa_m, double rx_height_m,
			     double rx_clutter_m);

/* Latitude of the point dpnt_km along the great circle from (lat_t, lon_t)
 * to (lat_r, lon_r): ITU-R P.2001-4 Attachment H (H.2, H.3), the path-centre
 * latitude of P.1812-6 sec. 3.5 with dpnt_km = half the path length. */
double rf_p1812_gc_lat_deg(double lat_t_deg, double lon_t_deg, double lat_r_deg,
			   double lon_r_deg, double dpnt_km);

/* Zones along an equally or unequally spaced profile from per-point water
 * flags (1 water): water points are sea; a land point within 50 km of a
 * water point of the profile and at most 100 m AMSL is coastal land; the
 * rest inland (P.1812-6 Table 2's definitions restricted to what the profile
 * shows).  Also the distances over land from each terminal to the first
 * water point along the path (dct/dcr; 0 for a terminal on water, < 0 when
 * the path has no water).  d_km NULL: i * step_km. */
void rf_p1812_zones(int n, const double *d_km, double step_km, const double *h_m,
		    const unsigned char *water, unsigned char *zone, double *dct_km,
		    double *dcr_km);

/* 1 when a clutter class name denotes water (zone "sea"): it contains
 * "water" or "ocean", or the word "sea", case-insensitive, and not
 * "wetland". */
int rf_p1812_class_is_water(const char *name);

/* A profile file: CSV with a header holding at least d_km, h_m_amsl, R_m
 * and zone (other columns ignored), one row per point from the transmitter,
 * d_km starting at 0 and increasing.  The arrays are owned. */
struct rf_p1812_profile_file {
	int n;
	double *d_km, *h_m, *r_m;
	unsigned char *zone;
};
/* Fails with "FILE: missing column NAME ...", "FILE:LINE: column NAME: ..."
 * (not a number, distances not increasing, zone not 1/3/4, negative R_m) or
 * "FILE: N points: need at least 3". */
int rf_p1812_profile_read(const char *path, struct rf_p1812_profile_file *out,
			  struct rf_error *err);
void rf_p1812_profile_free(struct rf_p1812_profile_file *f);

/* "line_of_sight", "diffraction", "ducting", "troposcatter" */
const char *rf_p1812_mechanism_name(int mechanism);

#endif

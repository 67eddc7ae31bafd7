/* Propagation models behind one call: basic transmission loss along one
 * terrain profile.  Used by `rfplan profile` (one path, every term) and by
 * the coverage engine (every pixel).  doc/models.md gives each model's
 * equations, source and validity range. */
#ifndef RFPLAN_MODEL_H
#define RFPLAN_MODEL_H

#include "rfplan/error.h"
#include "rfplan/p1812.h"

enum rf_model_id {
	RF_MODEL_FSPL,      /* ITU-R P.525 free space */
	RF_MODEL_LOS,       /* free space + P.526 knife-edge diffraction */
	RF_MODEL_HATA,      /* Okumura-Hata */
	RF_MODEL_COST231,   /* COST-231 Hata */
	RF_MODEL_ITM,       /* Longley-Rice ITM, point-to-point */
	RF_MODEL_SPM,       /* Standard Propagation Model, K1..K7 */
	RF_MODEL_P1812      /* ITU-R P.1812-6 path-specific (include/rfplan/p1812.h) */
};

enum rf_env {
	RF_ENV_URBAN,        /* Hata small/medium city; COST-231 medium city */
	RF_ENV_URBAN_LARGE,  /* Hata large city */
	RF_ENV_SUBURBAN,
	RF_ENV_OPEN,
	RF_ENV_METROPOLITAN  /* COST-231 metropolitan centre (Cm = 3 dB) */
};

/* SPM: PL = K1 + K2 log d + K3 log Heff + K4 diffraction + K5 log d log Heff
 *          + K6 Hrx + K7 log Hrx (+ clutter), d in metres or km as the model
 * file says (doc/models.md). */
struct rf_spm_coeffs {
	double k1, k2, k3, k4, k5, k6, k7;
	int distance_km;   /* 1: log10(d/km), 0: log10(d/m) */
};

/* The calibrated parts of an SPM model file (doc/calibration.md):
 * per-cell offsets ("cell_offsets": offset_db is added to the cell's
 * predicted signal, i.e. subtracted from its K1 -- its unknown EIRP and
 * feeder loss; an entry without cell_id applies to every cell of its site)
 * and per-band coefficients ("bands": the SPM has no frequency term, so a
 * calibration holds for the band it was fitted in). */
struct rf_spm_offset {
	char *site_id;       /* owned */
	char *cell_id;       /* owned; NULL: every cell of the site */
	double offset_db;
};
struct rf_spm_band {
	double freq_min_mhz, freq_max_mhz;   /* the fitted cells' range */
	struct rf_spm_coeffs k;
};
struct rf_spm_calib {
	struct rf_spm_offset *items;   /* owned */
	size_t count;
	struct rf_spm_band *bands;     /* owned; none: the file's k1..k7 for all */
	size_t n_bands;
	double band_tolerance_mhz;     /* predict --spm-band-tolerance (default 0) */
};
void rf_spm_calib_free(struct rf_spm_calib *t);
/* The band of freq_mhz: the one whose range, widened by the tolerance,
 * holds it (the nearest range when several); -1 when none or no bands. */
int rf_spm_band_find(const struct rf_spm_calib *t, double freq_mhz);
/* The offset of cell site_id/cell_id: an entry naming both, else one
 * naming its site alone; 1 when found (*offset_db set), 0 when none
 * (*offset_db = 0). */
int rf_spm_offset_find(const struct rf_spm_calib *t, const char *site_id,
		       const char *cell_id, double *offset_db);

struct rf_model_options {
	enum rf_model_id model;
	double k_factor;            /* effective earth radius factor, 4/3 */
	int polarization;           /* 0 horizontal, 1 vertical (default) */
	int climate;                /* ITM climate 1..7, default 5 */
	double n0;                  /* N-units, default 301 */
	double epsilon;             /* default 15 */
	double sigma;               /* S/m, default 0.005 */
	double time_pct;            /* default 50 */
	double location_pct;        /* default 50 */
	double situation_pct;       /* default 50 */
	int mdvar;                  /* default 12 (mobile, no location var.) */
	enum rf_env env;            /* default RF_ENV_URBAN */
	struct rf_spm_coeffs spm;   /* from data/models/spm_default.json */
	const struct rf_spm_calib *spm_calib;   /* borrowed; NULL: none (SPM only) */
	/* ITU-R P.1812 (time_pct 1..50, location_pct and polarization above) */
	double dn;                  /* DN, N-units/km, default 45 */
	double p1812_n0;            /* N0, N-units, default 325 (--n0 sets both) */
	double dct_km, dcr_km;      /* < 0 (default): from the profile's water
				      points, else 500 km */
	double wa_m;                /* eq. (66) area width, default 100 m */
};

/* A terrain profile from the transmitter (point 0) to the receiver (point
 * n-1), equally spaced. */
struct rf_profile {
	int n;                     /* points, >= 2 */
	double step_m;             /* spacing, > 0 */
	const double *ground_m;    /* terrain height at each point */
	const double *clutter_m;   /* obstacle height above ground at each point
				      (clutter class height), NULL = none; the
				      end points are ignored */
	/* Clutter height at the terminals' own points (0 = open ground).  A
	 * terminal below its clutter's height is treated as standing at the
	 * clutter top for the path (geometry, diffraction, ITM): the way down
	 * into the clutter is the class's loss_db, added by the caller (the
	 * terminal-clutter practice of ITU-R P.452-17 sec. 4.5 and P.1812-6
	 * sec. 4.7).  Hata/COST-231 keep the real heights: their fits already
	 * include street-level clutter. */
	double tx_clutter_m;
	double rx_clutter_m;
};

/* Where a profile lies, for the models that need it (P.1812): the
 * terminals' positions, degrees (the path-centre latitude), and 1 at the
 * profile points whose clutter class is water (NULL: no water;
 * rf_p1812_zones turns them into zones).  Without it (NULL), P.1812 puts
 * the path at the equator, all inland. */
struct rf_path_geo {
	double tx_lat_deg, tx_lon_deg, rx_lat_deg, rx_lon_deg;
	const unsigned char *water;
};

struct rf_link {
	double freq_mhz;
	double tx_height_agl_m;   /* antenna height above ground */
	double rx_height_agl_m;
};

/* The dominant obstacles of a diffraction path. */
#define RF_MAX_EDGES 3
struct rf_edge {
	double dist_m;       /* from the transmitter */
	double height_m;     /* obstacle top (terrain + clutter), AMSL */
	double v;            /* Fresnel-Kirchhoff diffraction parameter */
	double loss_db;      /* J(v) of this edge */
};

enum rf_path_mode { RF_MODE_LOS = 1, RF_MODE_DIFFRACTION = 2, RF_MODE_TROPOSCATTER = 3 };

/* Validity warnings (bit flags), so a coverage run can warn once. */
enum {
	RF_WARN_FREQ_RANGE = 1,     /* frequency outside the model's range */
	RF_WARN_DIST_RANGE = 2,     /* distance outside the model's range */
	RF_WARN_TX_HEIGHT = 4,      /* effective tx height outside range */
	RF_WARN_RX_HEIGHT = 8,
	RF_WARN_ITM = 16            /* ITM raised one of its own warnings */
};

struct rf_loss_terms {
	double distance_m;
	double free_space_db;      /* P.525 over the path */
	double diffraction_db;     /* knife-edge / model diffraction term */
	double path_loss_db;       /* total basic transmission loss, no clutter
				      loss at the receiver */
	int mode;                  /* enum rf_path_mode */
	int los_clear;             /* 1 when the direct ray clears the terrain */
	double min_clearance_ratio;/* min over the path of clearance / first
				      Fresnel radius (< 0: obstructed) */
	double eff_tx_height_m;    /* effective tx height used (Hata/SPM/ITM) */
	int n_edges;
	struct rf_edge edges[RF_MAX_EDGES];
	unsigned warnings;         /* RF_WARN_* */
	/* Extensions (models module): */
	double model_db;           /* the model's own formula before the
				      free-space floor (Hata/COST-231/SPM);
				      ITM: A__db; fspl/los: path_loss_db */
	double variability_db;     /* ITM: A__db - (free space + A_ref) */
	int itm_warnings;          /* ITM: RF_ITM_WARN_* bits, else 0 */
	struct rf_p1812_result p1812;  /* P.1812: every term, else zeros */
};

void rf_model_options_default(struct rf_model_options *o);
/* "fspl", "los", "hata", "cost231", "itm", "spm", "p1812" */
int rf_model_parse(const char *name, enum rf_model_id *out);
const char *rf_model_name(enum rf_model_id id);
/* "urban", "urban-large", "suburban", "open", "metropolitan" */
int rf_env_parse(const char *name, enum rf_env *out);
const char *rf_env_name(enum rf_env env);

/* Load SPM coefficients from a JSON model file (data/models/). */
int rf_spm_load(const char *path, struct rf_spm_coeffs *out, struct rf_error *err);
/* The same, and the file's "cell_offsets" (rfplan calibrate
 * --per-cell-offset) and "bands" into calib (freed by the caller; empty
 * when the file has none).  Errors name the file, the entry and the
 * member. */
int rf_spm_load_offsets(const char *path, struct rf_spm_coeffs *out,
			struct rf_spm_calib *calib, struct rf_error *err);
/* The SPM coefficients of one cell: its band's (rf_spm_band_find; o->spm
 * without bands or outside them: predict refuses such a cell first) with K1
 * lowered by the cell's offset (rf_spm_offset_find); 1 when the cell has an
 * offset. */
int rf_spm_cell_coeffs(const struct rf_model_options *o, const char *site_id,
		       const char *cell_id, double freq_mhz, struct rf_spm_coeffs *out);

/* Basic transmission loss along the profile.  Thread-safe.  Returns 0, or -1
 * with err when the inputs are outside the model's hard limits. */
int rf_model_path_loss(const struct rf_model_options *o, const struct rf_link *link,
		       const struct rf_profile *prof, struct rf_loss_terms *out,
		       struct rf_error *err);

/* As rf_model_path_loss, with the path's position (geo may be NULL). */
int rf_model_path_loss_geo(const struct rf_model_options *o, const struct rf_link *link,
			   const struct rf_profile *prof, const struct rf_path_geo *geo,
			   struct rf_loss_terms *out, struct rf_error *err);

/* ---- The models' building blocks (doc/models.md), pure functions. ---- */

/* ITU-R P.525-4 eq. (9): free-space basic transmission loss, dB:
 * 32.45 + 20 log10(f_MHz) + 20 log10(d_km).  dist_m > 0. */
double rf_fspl_db(double freq_mhz, double dist_m);
/* rf_fspl_db in two terms, the same bits: rf_fspl_db(f, d) ==
 * rf_fspl_db_from(rf_fspl_freq_term_db(f), d); the first, 32.45 + 20 log f,
 * kept per cell by the engine. */
double rf_fspl_freq_term_db(double freq_mhz);
double rf_fspl_db_from(double freq_term_db, double dist_m);

/* ITU-R P.526-15 eq. (31): knife-edge loss J(v), dB; 0 for v <= -0.78. */
double rf_knife_edge_db(double v);

/* ITU-R P.526-15 eq. (26): v = h sqrt(2/lambda (1/d1 + 1/d2)) for an edge
 * h_m above the line between the terminals, d1_m/d2_m from each end. */
double rf_fresnel_v(double h_m, double d1_m, double d2_m, double freq_mhz);

/* First Fresnel zone radius sqrt(lambda d1 d2 / (d1 + d2)), m (P.526 eq. 2). */
double rf_fresnel_radius_m(double d1_m, double d2_m, double freq_mhz);

/* Geometry of a profile with earth curvature (k-factor): line of sight,
 * minimum clearance / first Fresnel radius, and Deygout diffraction with up
 * to three edges (main edge, then the worst edge on each side).  Terminal
 * antennas at ground + height_agl at points 0 and n-1; clutter heights added
 * to the intermediate points only.  Fills distance_m, los_clear,
 * min_clearance_ratio, n_edges, edges and diffraction_db (the sum of J(v)
 * of the edges with v > -0.78; 0 when the first Fresnel zone is 55% clear). */
void rf_path_geometry(const struct rf_link *link, const struct rf_profile *prof,
		      double k_factor, struct rf_loss_terms *out);

/* Effective transmitter height for Hata/COST-231/SPM: antenna height above
 * the mean terrain between 3 and 15 km from the transmitter (CCIR Report
 * 567 / ITU-R P.529 definition); on a path shorter than 15 km, the mean over
 * [0.2 d, d] (the same 3/15 proportion).  May be <= 0 (antenna in a valley). */
double rf_effective_tx_height_m(const struct rf_link *link, const struct rf_profile *prof);

/* Okumura-Hata (Hata 1980) median loss, dB; env picks the variant
 * (urban, urban-large, suburban, open; metropolitan = urban-large).
 * hb_m effective base height (> 0), hm_m mobile height, d in km. */
double rf_hata_db(double freq_mhz, double hb_m, double hm_m, double dist_km, enum rf_env env);
/* COST-231 Hata (COST Action 231 final report, sec. 4.4.1), dB; Cm = 3 dB for
 * metropolitan and urban-large, 0 otherwise; open adds Hata's open-area
 * correction (an rfplan extension, doc/models.md). */
double rf_cost231_db(double freq_mhz, double hb_m, double hm_m, double dist_km, enum rf_env env);
/* Validity flags RF_WARN_* of Hata (150-1500 MHz) or COST-231 (1500-2000
 * MHz): 1-20 km, hb 30-200 m, hm 1-10 m. */
unsigned rf_hata_warnings(int cost231, double freq_mhz, double hb_m, double hm_m,
			  double dist_km);

/* SPM formula (see struct rf_spm_coeffs); heff_m > 0, hrx_m > 0. */
double rf_spm_db(const struct rf_spm_coeffs *k, double dist_m, double heff_m,
		 double diffraction_db, double hrx_m);
/* The built-in defaults, identical to data/models/spm_default.json. */
void rf_spm_default(struct rf_spm_coeffs *out);

/* What RF_WARN_DIST_RANGE means for model (enum rf_model) and what to do
 * about it, a constant sentence for predict's warning (once per run) and
 * profile's ("paths ... are <advice>"). */
const char *rf_dist_range_advice(int model);

#endif

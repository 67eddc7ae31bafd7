/* ITU-R P.2108-1 (09/2021), "Prediction of clutter loss": the three models
 * of its section 3 (doc/models.md, "P.2108 clutter loss").  Pure functions,
 * thread-safe.  Each refuses inputs outside the Recommendation's stated
 * ranges (return -1, err names the quantity and the range): never an
 * extrapolated number.  Frequencies in MHz as everywhere in rfplan (the
 * Recommendation's equations take GHz). */
#ifndef RFPLAN_P2108_H
#define RFPLAN_P2108_H

#include "rfplan/error.h"

/* The clutter types of P.2108 Table 3 (codes as NTIA's implementation). */
enum rf_p2108_clutter {
	RF_P2108_NONE = 0,          /* no P.2108 type given (class tables) */
	RF_P2108_WATER_SEA = 1,     /* eq. (2b), default R 10 m */
	RF_P2108_OPEN_RURAL = 2,    /* eq. (2b), default R 10 m */
	RF_P2108_SUBURBAN = 3,      /* eq. (2a), default R 10 m */
	RF_P2108_URBAN = 4,         /* eq. (2a), default R 15 m */
	RF_P2108_TREES_FOREST = 5,  /* eq. (2a), default R 15 m */
	RF_P2108_DENSE_URBAN = 6    /* eq. (2a), default R 20 m */
};

/* Names accepted (case-insensitive): water, sea, water-sea; open, rural,
 * open-rural; suburban; urban; trees, forest, trees-forest; dense-urban
 * (also dense_urban, "dense urban").  Returns 0, or -1 for another name. */
int rf_p2108_clutter_parse(const char *name, enum rf_p2108_clutter *out);
/* The canonical name ("water-sea", ..., "dense-urban"; "" for NONE). */
const char *rf_p2108_clutter_name(enum rf_p2108_clutter type);
/* Table 3's representative clutter height R, m (0 for NONE). */
double rf_p2108_default_height_m(enum rf_p2108_clutter type);

/* Validity ranges (the Recommendation's, as NTIA's implementation checks). */
#define RF_P2108_TERMINAL_FMIN_MHZ 30.0      /* sec. 3.1: 0.03-3 GHz */
#define RF_P2108_TERMINAL_FMAX_MHZ 3000.0
#define RF_P2108_STREET_WIDTH_M 27.0         /* sec. 3.1 default w_s */
#define RF_P2108_TERRESTRIAL_FMIN_MHZ 500.0  /* sec. 3.2: 0.5-67 GHz */
#define RF_P2108_TERRESTRIAL_FMAX_MHZ 67000.0
#define RF_P2108_TERRESTRIAL_DMIN_KM 0.25    /* sec. 3.2: d >= 0.25 km */
#define RF_P2108_AERO_FMIN_MHZ 10000.0       /* sec. 3.3: 10-100 GHz */
#define RF_P2108_AERO_FMAX_MHZ 100000.0

/* Sec. 3.1 height-gain terminal correction, eqs. (2a)-(2g): the median
 * loss A_h of a terminal at height_m above ground inside clutter of the
 * given type and representative height clutter_height_m, street width
 * street_width_m.  0 when height_m >= clutter_height_m.  Needs 30 MHz <=
 * f <= 3 GHz, height, street width and clutter height > 0, a type. */
int rf_p2108_terminal_db(double freq_mhz, double height_m, double street_width_m,
			 double clutter_height_m, enum rf_p2108_clutter type,
			 double *loss_db, struct rf_error *err);

/* Sec. 3.2 terrestrial statistical model, eqs. (3a)-(6): the clutter loss
 * L_ctt not exceeded at pct % of locations, at one end of a path of
 * dist_km (urban and suburban clutter), capped by eq. (6) at its value for
 * 2 km.  Needs 0.5 <= f <= 67 GHz, dist_km >= 0.25, 0 < pct < 100. */
int rf_p2108_terrestrial_db(double freq_mhz, double dist_km, double pct, double *loss_db,
			    struct rf_error *err);

/* Sec. 3.3 Earth-space and aeronautical statistical model, eqs. (7)-(8):
 * the loss L_ces not exceeded at pct % of locations at elevation elev_deg.
 * Needs 10 <= f <= 100 GHz, 0 <= elev_deg <= 90, 0 < pct < 100. */
int rf_p2108_aeronautical_db(double freq_mhz, double elev_deg, double pct,
			     double *loss_db, struct rf_error *err);

#endif

/* ITU-R P.2109-0 (06/2017), "Prediction of building entry loss" (doc/models.md,
 * "P.2109 building entry loss").  Pure function, thread-safe; refuses inputs
 * outside the Recommendation's ranges (never an extrapolated number). */
#ifndef RFPLAN_P2109_H
#define RFPLAN_P2109_H

#include "rfplan/error.h"

/* Table 3's two building classes. */
enum rf_p2109_class {
	RF_P2109_TRADITIONAL = 1,
	RF_P2109_THERMALLY_EFFICIENT = 2
};

/* "traditional"; "efficient" or "thermally-efficient".  0 or -1. */
int rf_p2109_class_parse(const char *name, enum rf_p2109_class *out);
const char *rf_p2109_class_name(enum rf_p2109_class c);   /* "traditional", "efficient" */

#define RF_P2109_FMIN_MHZ 80.0        /* 80 MHz - 100 GHz */
#define RF_P2109_FMAX_MHZ 100000.0

/* Building entry loss not exceeded with probability pct % (eqs. (1)-(10),
 * Table 3), for a wave arriving at elev_deg above the horizontal at the
 * facade.  Needs 80 MHz <= f <= 100 GHz, 0 < pct < 100, -90 <= elev_deg <=
 * 90 and a class.  Returns 0 or -1 with err. */
int rf_p2109_loss_db(double freq_mhz, double pct, enum rf_p2109_class cls, double elev_deg,
		     double *loss_db, struct rf_error *err);

#endif

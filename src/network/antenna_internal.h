/* Private to the antenna module (antenna.c, antenna_msi.c): the layout of
 * struct rf_antenna and the constructor from two measured cuts. */
#ifndef RFPLAN_ANTENNA_INTERNAL_H
#define RFPLAN_ANTENNA_INTERNAL_H

#include <stddef.h>

#include "rfplan/antenna.h"

/* Cuts are resampled at load time to this many steps per degree, so that a
 * lookup is one multiply and one linear interpolation (no search). */
#define RF_ANT_STEPS_PER_DEG 10
#define RF_ANT_TABLE_N (360 * RF_ANT_STEPS_PER_DEG)

enum rf_antenna_kind { RF_ANT_OMNI, RF_ANT_SECTOR, RF_ANT_CUTS };

/* One measured cut: points sorted by strictly increasing angle in [0, 360),
 * attenuation >= 0 dB below the peak gain. */
struct rf_antenna_cut {
	const double *angle_deg;
	const double *att_db;
	size_t n;
};

struct rf_antenna {
	enum rf_antenna_kind kind;
	char *name;
	double peak_gain_dbi;
	double freq_mhz;          /* 0 when unknown */
	double etilt_deg;         /* reported electrical tilt */
	/* RF_ANT_SECTOR */
	double h_bw_deg, v_bw_deg, ftb_db;
	/* RF_ANT_CUTS: tables of attenuation (dB) every 1/RF_ANT_STEPS_PER_DEG
	 * degree, with entry RF_ANT_TABLE_N repeating entry 0 (wrap). */
	double ref_dep_deg;       /* elevation (below horizon) of the H cut */
	double h_ref0_db;         /* A_V(ref): HPI front reference */
	double h_ref180_db;       /* A_V(180 - ref): HPI back reference */
	double max_att_db;        /* largest attenuation in either cut */
	double *h_att_db;
	double *v_att_db;
};

/* Build a pattern from its horizontal and vertical cuts (copied and
 * resampled).  name is copied.  etilt_deg < -90 means "unknown": the
 * vertical cut's main lobe is reported instead.  Never fails. */
struct rf_antenna *rf_antenna_from_cuts(const char *name, double peak_gain_dbi,
					double freq_mhz, double etilt_deg,
					const struct rf_antenna_cut *h,
					const struct rf_antenna_cut *v);

#endif

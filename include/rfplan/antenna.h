/* Antenna patterns: Planet/MSI files (.msi, .pln, .txt), an omnidirectional
 * antenna, and a parametric 3GPP TR 36.814-style sector.  doc/antennas.md
 * explains the formats, the angle conventions and the 3D combination of the
 * two cuts (horizontal projection interpolation). */
#ifndef RFPLAN_ANTENNA_H
#define RFPLAN_ANTENNA_H

#include "rfplan/error.h"

struct rf_antenna;   /* opaque; immutable after creation, thread-safe to read */

/* Read a Planet/MSI pattern.  GAIN without unit is dBd (dBi = dBd + 2.15).
 * Returns NULL and fills err (naming the file and line) on a missing block
 * or GAIN, a wrong point count, a non-numeric, NaN or negative attenuation,
 * an angle outside [0, 360) or not increasing.  Free with rf_antenna_free. */
struct rf_antenna *rf_antenna_read_msi(const char *path, struct rf_error *err);
/* Omnidirectional with a given gain. */
struct rf_antenna *rf_antenna_omni(double gain_dbi);
/* 3GPP TR 36.814-style sector: A_H = -min(12 (phi/phi3dB)^2, Am),
 * A_V = -min(12 ((theta - tilt)/theta3dB)^2, SLAv), A = -min(-(A_H + A_V), Am),
 * with SLAv = 20 dB, Am = front_to_back_db and no electrical tilt (the
 * installation's mechanical tilt is applied by rf_antenna_gain_dbi).  A
 * beamwidth or front-to-back that is 0 (or not positive) selects the
 * default: 65 deg, 10 deg, 25 dB. */
struct rf_antenna *rf_antenna_sector(double gain_dbi, double h_beamwidth_deg,
				     double v_beamwidth_deg, double front_to_back_db);
void rf_antenna_free(struct rf_antenna *a);   /* accepts NULL */

/* Accessors; the name is owned by the antenna. */
const char *rf_antenna_name(const struct rf_antenna *a);
double rf_antenna_peak_gain_dbi(const struct rf_antenna *a);
double rf_antenna_frequency_mhz(const struct rf_antenna *a); /* 0 unknown */
/* Electrical downtilt (deg, positive = down) from the file's ELECTRICAL_TILT
 * or TILT number, else the main lobe of the vertical cut; 0 for omni and
 * sector.  Informative: the vertical cut already contains it. */
double rf_antenna_electrical_tilt_deg(const struct rf_antenna *a);

/* Gain in dBi toward a direction, for an antenna installed with boresight
 * azimuth azimuth_deg (clockwise from north) and mechanical downtilt
 * mech_tilt_deg (positive = down).  target_azimuth_deg is the direction to
 * the target (clockwise from north), target_elevation_deg its elevation
 * angle above the horizontal (negative = below).  The direction is rotated
 * into the tilted antenna frame (a true 3D rotation about the antenna's
 * horizontal axis).  Never above the peak gain.  No allocation; safe to
 * call from many threads at once. */
double rf_antenna_gain_dbi(const struct rf_antenna *a, double azimuth_deg,
			   double mech_tilt_deg, double target_azimuth_deg,
			   double target_elevation_deg);

/* The same gain in two steps, for many targets of one installation: what
 * depends only on the installation (the tilt's sine and cosine) once in
 * rf_antenna_aim_init, what depends only on the target's elevation once per
 * target in rf_antenna_elevation (shared by the sectors of a site), then
 * rf_antenna_aim_gain_dbi per target.  The same expressions as
 * rf_antenna_gain_dbi, so the same bits. */
struct rf_antenna_aim {
	const struct rf_antenna *antenna;
	int omni;                  /* the gain is the peak gain everywhere: the
				      target's elevation is not read */
	double azimuth_deg;
	double cos_tilt, sin_tilt;
};
struct rf_antenna_elev {
	double cos_el, sin_el;   /* of the target's elevation angle */
};
void rf_antenna_aim_init(struct rf_antenna_aim *aim, const struct rf_antenna *a,
			 double azimuth_deg, double mech_tilt_deg);
void rf_antenna_elevation(double target_elevation_deg, struct rf_antenna_elev *e);
double rf_antenna_aim_gain_dbi(const struct rf_antenna_aim *aim, double target_azimuth_deg,
			       const struct rf_antenna_elev *e);

#endif

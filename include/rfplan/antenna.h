/* Antenna patterns: Planet/MSI files (.msi, .pln, .txt), an omnidirectional
 * antenna, and a parametric 3GPP TR 36.814-style sector.  doc/antennas.md
 * explains the 3D combination of the two cuts. */
#ifndef RFPLAN_ANTENNA_H
#define RFPLAN_ANTENNA_H

#include "rfplan/error.h"

struct rf_antenna;   /* opaque; immutable after creation, thread-safe to read */

/* Read a Planet/MSI pattern.  Errors name the file and line. */
struct rf_antenna *rf_antenna_read_msi(const char *path, struct rf_error *err);
/* Omnidirectional with a given gain. */
struct rf_antenna *rf_antenna_omni(double gain_dbi);
/* 3GPP TR 36.814-style sector: A_H = -min(12 (phi/phi3dB)^2, Am),
 * A_V = -min(12 ((theta - tilt)/theta3dB)^2, SLAv), A = -min(-(A_H + A_V), Am). */
struct rf_antenna *rf_antenna_sector(double gain_dbi, double h_beamwidth_deg,
				     double v_beamwidth_deg, double front_to_back_db);
void rf_antenna_free(struct rf_antenna *a);

const char *rf_antenna_name(const struct rf_antenna *a);
double rf_antenna_peak_gain_dbi(const struct rf_antenna *a);
double rf_antenna_frequency_mhz(const struct rf_antenna *a); /* 0 unknown */
double rf_antenna_electrical_tilt_deg(const struct rf_antenna *a);

/* Gain in dBi toward a direction, for an antenna installed with boresight
 * azimuth azimuth_deg (clockwise from north) and mechanical downtilt
 * mech_tilt_deg (positive = down).  target_azimuth_deg is the direction to
 * the target (clockwise from north), target_elevation_deg its elevation
 * angle above the horizontal (negative = below). */
double rf_antenna_gain_dbi(const struct rf_antenna *a, double azimuth_deg,
			   double mech_tilt_deg, double target_azimuth_deg,
			   double target_elevation_deg);

#endif

/* Geometry on the WGS84 ellipsoid and the effective (refracted) earth.
 *
 * Exact geodesics come from PROJ's geodesic library (geodesic.h, C. F. F.
 * Karney, "Algorithms for geodesics", J. Geodesy 87, 2013), accurate to
 * nanometres.  The engine's inner loop uses rf_geo_fast_inverse(): plane
 * geometry on the ellipsoid's radii of curvature at the mid-latitude.
 * Its error, measured against geod_inverse in tests/unit/test_geo.c over
 * random pairs with distances up to 100 km: relative distance error below
 * 2e-5 (2 m per 100 km) for latitudes up to +-45 degrees and below 1e-4
 * (10 m per 100 km) up to +-70 degrees; it grows with d^2 tan^2(lat), so it
 * is negligible for path loss (1e-4 is 0.001 dB).  The returned azimuth is
 * that of the chord at the mid-point: within 0.01 degree of the mean of the
 * geodesic's azimuths at its two ends (not the azimuth at point 1, which
 * differs by the meridian convergence).  Use the exact functions for anything
 reported to the user.  All functions are pure and thread-safe. */
#ifndef RFPLAN_GEO_H
#define RFPLAN_GEO_H

#define RF_WGS84_A_M 6378137.0
#define RF_WGS84_F (1.0 / 298.257223563)
/* Mean earth radius used with the k-factor (ITU-R P.452/P.530: 6371 km). */
#define RF_EARTH_RADIUS_M 6371000.0

/* Geodesic from point 1 to point 2: distance (m) and forward azimuths at each
 * end (degrees clockwise from north).  Any output pointer may be NULL. */
void rf_geo_inverse(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg,
		    double *dist_m, double *azi1_deg, double *azi2_deg);

/* The point at dist_m along azimuth azi_deg from point 1. */
void rf_geo_direct(double lat1_deg, double lon1_deg, double azi_deg, double dist_m,
		   double *lat2_deg, double *lon2_deg);

/* Fast approximation (see the error bound above); valid for distances up
 * to ~100 km away from the poles.  azi_deg may be NULL. */
double rf_geo_fast_inverse(double lat1_deg, double lon1_deg, double lat2_deg,
			   double lon2_deg, double *azi_deg);

/* Metres per degree of latitude / longitude at a latitude (meridional and
 * parallel radii of curvature of WGS84). */
double rf_geo_m_per_deg_lat(double lat_deg);
double rf_geo_m_per_deg_lon(double lat_deg);

/* Effective earth radius k * 6371 km (ITU-R P.452). */
double rf_effective_radius_m(double k_factor);

/* Earth bulge at a point d1_m from one end and d2_m from the other:
 * d1 d2 / (2 k R), metres (the height of the curved earth above the chord). */
double rf_earth_bulge_m(double d1_m, double d2_m, double k_factor);

#endif

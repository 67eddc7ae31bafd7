/* Private to the engine and viewshed (src/engine/engine_pixel.c, src/engine/viewshed.c):
 * distance and azimuth from one fixed point (a transmitter) to many nearby
 * points, nearly as exact as rf_geo_inverse() and ~40x cheaper.
 *
 * Method (geo.c): both points on the WGS84 ellipsoid in earth-centred
 * cartesian coordinates (longitudes relative to the fixed point, so no
 * cancellation); the chord c between them; the arc of the normal section
 * through them, s = 2 R asin(c / 2R), with R its radius of curvature from
 * Euler's theorem, 1/R = cos^2(a)/M + sin^2(a)/N, at the mid-latitude; the
 * azimuth of the chord in the local east/north/up frame of the fixed point
 * (the normal-section azimuth).  Measured against PROJ's geod_inverse
 * (tests/unit/test_perf.c, random pairs, latitudes +-80): distance within
 * 2 um (2e-9 relative) up to 40 km and 40 um up to 100 km, azimuth within
 * 1e-5 degree: floating-point noise for free-space loss (2e-8 dB) and
 * gains.  (ITM itself is not continuous at that level: see
 * doc/performance.md, "Where the time goes".) */
#ifndef RFPLAN_GEO_LOCAL_H
#define RFPLAN_GEO_LOCAL_H

struct rf_geo_local {
	double lat0_deg, lon0_deg;
	double sin0, cos0;      /* of the fixed point's latitude */
	double x0, z0;          /* its cartesian position (y0 = 0) */
};

/* What depends on one point's latitude, and on its longitude: a grid's
 * rows and columns share them (rf_geo_local_inverse_pre gives bit for bit
 * what rf_geo_local_inverse gives). */
struct rf_geo_local_lat {
	double s, c, n;           /* sin, cos, prime-vertical radius */
	double n_mid, m_mid;      /* radii of curvature at the mid-latitude */
};
struct rf_geo_local_lon {
	double s, s_half;         /* sin(dlon), sin(dlon / 2) */
};

void rf_geo_local_init(struct rf_geo_local *g, double lat_deg, double lon_deg);
void rf_geo_local_lat(const struct rf_geo_local *g, double lat_deg, struct rf_geo_local_lat *l);
void rf_geo_local_lon(const struct rf_geo_local *g, double lon_deg, struct rf_geo_local_lon *l);
double rf_geo_local_inverse_pre(const struct rf_geo_local *g, const struct rf_geo_local_lat *la,
				const struct rf_geo_local_lon *lo, double *azi_deg);
/* Distance (m) and azimuth at the fixed point (degrees clockwise from north;
 * azi_deg may be NULL) to (lat_deg, lon_deg). */
double rf_geo_local_inverse(const struct rf_geo_local *g, double lat_deg, double lon_deg,
			    double *azi_deg);

#endif

/* WGS84 geodesics (PROJ's geodesic library) and a fast local approximation. */
#include "rfplan/geo.h"

#include <geodesic.h>
#include <math.h>
#include <stddef.h>

#define DEG (M_PI / 180.0)

void rf_geo_inverse(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg,
		    double *dist_m, double *azi1_deg, double *azi2_deg)
{
	struct geod_geodesic g;
	double s12, a1, a2;
	geod_init(&g, RF_WGS84_A_M, RF_WGS84_F);
	geod_inverse(&g, lat1_deg, lon1_deg, lat2_deg, lon2_deg, &s12, &a1, &a2);
	if (dist_m)
		*dist_m = s12;
	if (azi1_deg)
		*azi1_deg = a1;
	if (azi2_deg)
		*azi2_deg = a2;
}

void rf_geo_direct(double lat1_deg, double lon1_deg, double azi_deg, double dist_m,
		   double *lat2_deg, double *lon2_deg)
{
	struct geod_geodesic g;
	geod_init(&g, RF_WGS84_A_M, RF_WGS84_F);
	geod_direct(&g, lat1_deg, lon1_deg, azi_deg, dist_m, lat2_deg, lon2_deg, NULL);
}

/* Meridional radius M = a(1-e2)/(1-e2 sin^2)^1.5 and prime-vertical radius
 * N = a/sqrt(1-e2 sin^2) (e.g. Snyder, Map Projections, USGS PP 1395, eqs.
 * 4-18 and 4-20). */
double rf_geo_m_per_deg_lat(double lat_deg)
{
	double e2 = RF_WGS84_F * (2.0 - RF_WGS84_F);
	double s = sin(lat_deg * DEG);
	double w = 1.0 - e2 * s * s;
	return RF_WGS84_A_M * (1.0 - e2) / (w * sqrt(w)) * DEG;
}

double rf_geo_m_per_deg_lon(double lat_deg)
{
	double e2 = RF_WGS84_F * (2.0 - RF_WGS84_F);
	double s = sin(lat_deg * DEG);
	return RF_WGS84_A_M / sqrt(1.0 - e2 * s * s) * cos(lat_deg * DEG) * DEG;
}

double rf_geo_fast_inverse(double lat1_deg, double lon1_deg, double lat2_deg,
			   double lon2_deg, double *azi_deg)
{
	double mid = 0.5 * (lat1_deg + lat2_deg);
	double dlon = lon2_deg - lon1_deg;
	double dx, dy;
	if (dlon > 180.0)
		dlon -= 360.0;
	else if (dlon < -180.0)
		dlon += 360.0;
	dx = dlon * rf_geo_m_per_deg_lon(mid);
	dy = (lat2_deg - lat1_deg) * rf_geo_m_per_deg_lat(mid);
	if (azi_deg)
		*azi_deg = atan2(dx, dy) / DEG;
	return hypot(dx, dy);
}

double rf_effective_radius_m(double k_factor)
{
	return k_factor * RF_EARTH_RADIUS_M;
}

double rf_earth_bulge_m(double d1_m, double d2_m, double k_factor)
{
	return d1_m * d2_m / (2.0 * rf_effective_radius_m(k_factor));
}

/* ---- Many distances from one point (geo_local.h) ---- */
#include "geo_local.h"

void rf_geo_local_init(struct rf_geo_local *g, double lat_deg, double lon_deg)
{
	double e2 = RF_WGS84_F * (2.0 - RF_WGS84_F);
	double n;
	g->lat0_deg = lat_deg;
	g->lon0_deg = lon_deg;
	g->sin0 = sin(lat_deg * DEG);
	g->cos0 = cos(lat_deg * DEG);
	n = RF_WGS84_A_M / sqrt(1.0 - e2 * g->sin0 * g->sin0);
	g->x0 = n * g->cos0;
	g->z0 = n * (1.0 - e2) * g->sin0;
}

void rf_geo_local_lat(const struct rf_geo_local *g, double lat_deg, struct rf_geo_local_lat *l)
{
	const double e2 = RF_WGS84_F * (2.0 - RF_WGS84_F);
	double sm, wm;
	l->s = sin(lat_deg * DEG);
	l->c = cos(lat_deg * DEG);
	l->n = RF_WGS84_A_M / sqrt(1.0 - e2 * l->s * l->s);
	/* radii of curvature at the mid-latitude, for Euler's radius */
	sm = sin(0.5 * (lat_deg + g->lat0_deg) * DEG);
	wm = 1.0 - e2 * sm * sm;
	l->n_mid = RF_WGS84_A_M / sqrt(wm);
	l->m_mid = l->n_mid * (1.0 - e2) / wm;
}

void rf_geo_local_lon(const struct rf_geo_local *g, double lon_deg, struct rf_geo_local_lon *l)
{
	double dlon = lon_deg - g->lon0_deg;
	if (dlon > 180.0)
		dlon -= 360.0;
	else if (dlon < -180.0)
		dlon += 360.0;
	l->s = sin(dlon * DEG);
	l->s_half = sin(0.5 * dlon * DEG);
}

double rf_geo_local_inverse_pre(const struct rf_geo_local *g, const struct rf_geo_local_lat *la,
				const struct rf_geo_local_lon *lo, double *azi_deg)
{
	const double e2 = RF_WGS84_F * (2.0 - RF_WGS84_F);
	double dx, dy, dz, east, north, chord2, chord, r, h2, x;

	/* Geographic to geocentric cartesian on the ellipsoid (IOGP Guidance
	 * Note 7-2, sec. 4.1.1), with the fixed point's meridian as the x-z
	 * plane; x uses cos(dlon) - 1 = -2 sin^2(dlon/2) to keep the small
	 * difference accurate. */
	dx = la->n * la->c * (-2.0 * lo->s_half * lo->s_half) + (la->n * la->c - g->x0);
	dy = la->n * la->c * lo->s;
	dz = la->n * (1.0 - e2) * la->s - g->z0;
	/* local east / north at the fixed point */
	east = dy;
	north = -g->sin0 * dx + g->cos0 * dz;
	chord2 = dx * dx + dy * dy + dz * dz;
	chord = sqrt(chord2);
	if (azi_deg)
		*azi_deg = atan2(east, north) / DEG;
	if (!(chord > 0))
		return 0.0;
	/* Euler's radius of the normal section, at the mid-latitude */
	h2 = east * east + north * north;
	r = h2 > 0 ? h2 / (north * north / la->m_mid + east * east / la->n_mid) : la->m_mid;
	/* arc of radius r over the chord: 2 r asin(c / 2r) as the series
	 * c (1 + x/6 + 3x^2/40 + 5x^3/112), x = (c/2r)^2 < 1e-4 here: the
	 * next term is below 1e-17 */
	x = chord2 / (4.0 * r * r);
	return chord * (1.0 + x * (1.0 / 6.0 + x * (3.0 / 40.0 + x * (5.0 / 112.0))));
}

double rf_geo_local_inverse(const struct rf_geo_local *g, double lat_deg, double lon_deg,
			    double *azi_deg)
{
	struct rf_geo_local_lat la;
	struct rf_geo_local_lon lo;
	rf_geo_local_lat(g, lat_deg, &la);
	rf_geo_local_lon(g, lon_deg, &lo);
	return rf_geo_local_inverse_pre(g, &la, &lo, azi_deg);
}

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

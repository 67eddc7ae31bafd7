/* Terrain profiles from an in-memory DEM and clutter (profile.h). */
#include "rfplan/profile.h"
#include "rfplan/geo.h"

#include <math.h>
#include <stdlib.h>

double rf_profile_step_m(const struct rf_grid *dem_grid, double lat_deg)
{
	double px = dem_grid->dlon_deg * rf_geo_m_per_deg_lon(lat_deg);
	double py = dem_grid->dlat_deg * rf_geo_m_per_deg_lat(lat_deg);
	return px < py ? px : py;
}

int rf_profile_points_step(double step_m, double dist_m)
{
	double n;
	if (!(step_m > 0) || !(dist_m > 0))
		return 2;
	n = ceil(dist_m / step_m) + 1.0;
	if (n > 1e8)
		n = 1e8;
	return n < 2 ? 2 : (int)n;
}

int rf_profile_points(const struct rf_grid *dem_grid, double lat_deg, double dist_m)
{
	return rf_profile_points_step(rf_profile_step_m(dem_grid, lat_deg), dist_m);
}

static double class_height_m(const struct rf_terrain *t, double lon_deg, double lat_deg)
{
	const struct rf_grid *g = &t->clutter->grid;
	double c = floor((lon_deg - g->west_deg) / g->dlon_deg);
	double r = floor((g->north_deg - lat_deg) / g->dlat_deg);
	unsigned code;
	if (!(c >= 0 && r >= 0 && c < g->width && r < g->height))
		return 0.0;
	code = t->clutter->code[(size_t)r * (size_t)g->width + (size_t)c];
	if (code == RF_CLASS_NODATA)
		return 0.0;
	/* Class tables are short (tens of rows): a scan beats a lookup table
	 * the size of the code space. */
	for (size_t i = 0; i < t->classes->count; i++)
		if (t->classes->items[i].code == (int)code)
			return t->classes->items[i].height_m;
	return 0.0;
}

int rf_profile_sample(const struct rf_terrain *terrain, double lat1_deg, double lon1_deg,
		      double lat2_deg, double lon2_deg, int exact_distance,
		      int max_points, double *ground_m, double *clutter_m,
		      struct rf_profile *prof, struct rf_error *err)
{
	double dist_m;
	int n, use_clutter = clutter_m && terrain->clutter && terrain->classes;

	if (exact_distance)
		rf_geo_inverse(lat1_deg, lon1_deg, lat2_deg, lon2_deg, &dist_m, NULL, NULL);
	else
		dist_m = rf_geo_fast_inverse(lat1_deg, lon1_deg, lat2_deg, lon2_deg, NULL);
	if (!(dist_m > 0))
		return rf_error_set(err, "profile: the two points coincide (%.7f, %.7f)",
				    lat1_deg, lon1_deg);
	n = rf_profile_points(&terrain->dem->grid, 0.5 * (lat1_deg + lat2_deg), dist_m);
	if (n > max_points)
		return rf_error_set(err, "profile: %d points needed, buffer holds %d", n,
				    max_points);
	for (int i = 0; i < n; i++) {
		double f = (double)i / (n - 1);
		double lat = lat1_deg + f * (lat2_deg - lat1_deg);
		double lon = lon1_deg + f * (lon2_deg - lon1_deg);
		double z = rf_raster_bilinear(terrain->dem, lon, lat);
		if (isnan(z))
			return rf_error_set(err, "profile: no terrain at %.7f,%.7f (%.0f m from "
					    "the transmitter): outside the DEM or a void",
					    lat, lon, f * dist_m);
		ground_m[i] = z;
		if (clutter_m)
			clutter_m[i] = use_clutter && i > 0 && i < n - 1
				? class_height_m(terrain, lon, lat) : 0.0;
	}
	prof->n = n;
	prof->step_m = dist_m / (n - 1);
	prof->ground_m = ground_m;
	prof->clutter_m = clutter_m;
	prof->tx_clutter_m = use_clutter ? class_height_m(terrain, lon1_deg, lat1_deg) : 0.0;
	prof->rx_clutter_m = use_clutter ? class_height_m(terrain, lon2_deg, lat2_deg) : 0.0;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Quantile by linear interpolation between order statistics. */
static double quantile(const double *sorted, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;
	if (i >= n - 1)
		return sorted[n - 1];
	return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
}

void rf_profile_stats(const struct rf_profile *prof, double *scratch,
		      struct rf_profile_stats *out)
{
	int n = prof->n;
	const double *z = prof->ground_m;
	double sx = 0, sz = 0, sxx = 0, sxz = 0, slope, icept;
	out->min_m = out->max_m = z[0];
	for (int i = 0; i < n; i++) {
		double x = i;
		if (z[i] < out->min_m)
			out->min_m = z[i];
		if (z[i] > out->max_m)
			out->max_m = z[i];
		sx += x;
		sz += z[i];
		sxx += x * x;
		sxz += x * z[i];
	}
	out->mean_m = sz / n;
	/* Least-squares line z = icept + slope * i. */
	slope = (n * sxz - sx * sz) / (n * sxx - sx * sx);
	icept = (sz - slope * sx) / n;
	for (int i = 0; i < n; i++)
		scratch[i] = z[i] - (icept + slope * i);
	qsort(scratch, (size_t)n, sizeof(double), cmp_double);
	out->delta_h_m = quantile(scratch, n, 0.9) - quantile(scratch, n, 0.1);
}

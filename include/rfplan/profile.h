/* Terrain profiles sampled from an in-memory DEM (and clutter), for the
 * propagation models (model.h).  No allocation: the caller owns the buffers,
 * so the coverage engine can call this once per pixel from many threads. */
#ifndef RFPLAN_PROFILE_H
#define RFPLAN_PROFILE_H

#include "rfplan/classes.h"
#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/model.h"

/* Terrain sources of a profile.  clutter and classes may be NULL (no
 * clutter); when given, a point's obstacle height is the height_m of the
 * class of the nearest clutter pixel (0 for nodata or a code missing from
 * the table).  The DEM and clutter need not share a grid. */
struct rf_terrain {
	const struct rf_raster *dem;
	const struct rf_class_raster *clutter;
	const struct rf_class_table *classes;
};

/* Number of points rf_profile_sample() uses for a path of dist_m at
 * latitude lat_deg: one per DEM pixel, i.e. step = the smaller of the pixel's
 * width and height in metres (so no pixel is skipped), at least 2. */
int rf_profile_points(const struct rf_grid *dem_grid, double lat_deg, double dist_m);
/* rf_profile_points in two steps, for callers that keep the step of a
 * latitude (the engine, per row): rf_profile_points(g, lat, d) ==
 * rf_profile_points_step(rf_profile_step_m(g, lat), d). */
double rf_profile_step_m(const struct rf_grid *dem_grid, double lat_deg);
int rf_profile_points_step(double step_m, double dist_m);

/* Sample the profile from (lat1, lon1) (the transmitter, point 0) to
 * (lat2, lon2) (the receiver, point n-1): n = rf_profile_points() equally
 * spaced points along the straight line in latitude/longitude (a rhumb
 * segment; at the engine's distances it departs from the geodesic by much
 * less than a pixel), heights by bilinear interpolation of the DEM.  The
 * path length is the exact WGS84 geodesic when exact_distance is set, else
 * rf_geo_fast_inverse() (geo.h).  ground_m and clutter_m (clutter_m may be
 * NULL: no clutter) must hold max_points values; prof points into them.
 * Clutter heights are 0 at both end points (the terminals' own clutter is a
 * receiver-side loss, not an obstacle).
 * Returns 0, or -1 with err when n > max_points, when the path leaves the
 * DEM, or when it crosses a void. */
int rf_profile_sample(const struct rf_terrain *terrain, double lat1_deg, double lon1_deg,
		      double lat2_deg, double lon2_deg, int exact_distance,
		      int max_points, double *ground_m, double *clutter_m,
		      struct rf_profile *prof, struct rf_error *err);

/* The water flags (rf_p1812_class_is_water of the clutter class) at the n
 * points rf_profile_sample took on the same path, for P.1812's zones;
 * all 0 without clutter. */
void rf_profile_sample_water(const struct rf_terrain *terrain, double lat1_deg,
			     double lon1_deg, double lat2_deg, double lon2_deg, int n,
			     unsigned char *water);

/* Statistics of a profile's terrain (ground only). */
struct rf_profile_stats {
	double min_m, max_m, mean_m;
	double delta_h_m;  /* interdecile range (90% - 10% quantile) of the
			      heights about their least-squares line: the
			      terrain irregularity Delta-h in the sense of
			      Longley-Rice (ITM computes its own over 10-90%
			      of the path; doc/models.md) */
};

/* scratch must hold prof->n doubles. */
void rf_profile_stats(const struct rf_profile *prof, double *scratch,
		      struct rf_profile_stats *out);

#endif

/* Line-of-sight (viewshed) map of one observer over a DEM window, exact on
 * pixel-centre profiles.  doc/viewshed.md gives the definition, the
 * algorithm and how it compares with gdal_viewshed. */
#ifndef RFPLAN_VIEWSHED_H
#define RFPLAN_VIEWSHED_H

#include <stdint.h>

#include "rfplan/error.h"
#include "rfplan/grid.h"

#define RF_VIEWSHED_VISIBLE 255
#define RF_VIEWSHED_HIDDEN 0
#define RF_VIEWSHED_NODATA 128   /* outside the radius, or a void target */

/* The band description of the map rf_viewshed_write writes: what marks a
 * GeoTIFF as an rfplan viewshed (rf_viewshed_run replaces no other). */
#define RF_VIEWSHED_BAND_DESC "line of sight: 255 visible, 0 not visible"

struct rf_viewshed_options {
	double observer_agl_m;   /* observer height above ground, default 30 */
	double target_agl_m;     /* target height above ground, default 1.5 */
	double radius_km;        /* default 30 */
	double k_factor;         /* effective earth radius factor, default 4/3;
				    0 = flat earth (no curvature) */
	int threads;             /* 0 = all cores */
};

void rf_viewshed_options_default(struct rf_viewshed_options *o);

/* The DEM window a viewshed of radius_km around (lat, lon) needs: the
 * bounds of the pixels of `dem_grid` within the radius (plus a margin),
 * clipped to it.  Returns 0, or -1 with err when the point is not inside
 * dem_grid's extent. */
int rf_viewshed_window(const struct rf_grid *dem_grid, double lat_deg, double lon_deg,
		       double radius_km, struct rf_bounds *out, struct rf_error *err);

/* Visibility of every pixel of dem (width * height bytes into out):
 * RF_VIEWSHED_VISIBLE when the straight line from the observer (bilinear
 * ground at (lat, lon) + observer_agl_m) to the pixel centre (its ground +
 * target_agl_m) clears every terrain sample of the pixel's own profile
 * (points at the DEM pitch as rf_profile_points(), bilinear heights, earth
 * bulge d1 d2 / 2kR), RF_VIEWSHED_HIDDEN otherwise, RF_VIEWSHED_NODATA
 * beyond radius_km or on a void target.  Void samples along a profile do not
 * block.  obstacle_m: NULL, or per pixel of dem a height above ground
 * (clutter) added to the terrain under the samples (the surface dem +
 * obstacle is interpolated); the two terminals stand on the bare dem.
 * Bit-identical for any thread count.  Returns 0, or -1 with err (observer
 * outside dem or on a void, bad options). */
int rf_viewshed_compute(const struct rf_raster *dem, const float *obstacle_m,
			double lat_deg, double lon_deg,
			const struct rf_viewshed_options *o, uint8_t *out,
			struct rf_error *err);

/* Byte GeoTIFF (COG, nodata RF_VIEWSHED_NODATA) at path and its QGIS style
 * (path with .qml in place of .tif, or appended): visible green, hidden grey. */
int rf_viewshed_write(const char *path, const struct rf_grid *g, const uint8_t *data,
		      struct rf_error *err);

#endif

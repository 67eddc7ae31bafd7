/* Results where planners work (doc/outputs.md, "GIS products"): a hillshade
 * of the terrain, a readable RSRP map for reports, the GeoPackage of vectors
 * (coverage.gpkg) and the QGIS project (project.qgs) that `rfplan predict`
 * writes next to its maps.  Every writer writes to a temporary name in the
 * destination directory and renames it into place when complete. */
#ifndef RFPLAN_GIS_H
#define RFPLAN_GIS_H

#include <stdint.h>

#include "rfplan/cells.h"
#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/output.h"
#include "rfplan/sites.h"

/* Width range of the readable map, pixels (--png-width). */
#define RF_REPORT_WIDTH_MIN 400
#define RF_REPORT_WIDTH_MAX 20000
#define RF_REPORT_WIDTH_DEFAULT 1600

/* Hillshade of the DEM dem_path over grid g (which must lie on the DEM's
 * pixels, as the engine's grid does): GDAL's DEMProcessing "hillshade"
 * (multidirectional, z factor 1, scale 111120 m per degree for the
 * EPSG:4326 grid), written as a Byte GeoTIFF (0 = no data) at out_path
 * (NULL: computed in memory only, for shade), with the metadata item
 * RFPLAN_KEY = key when key is not NULL (the workspace's hillshade cache).
 * When shade is not NULL it receives the g->width x g->height values
 * (malloc'd, owned by the caller).  Returns 0, or -1 with err. */
int rf_write_hillshade(const char *dem_path, const struct rf_grid *g, const char *out_path,
		       const char *key, uint8_t **shade, struct rf_error *err);
/* The same GeoTIFF written into path itself, not through a temporary and a
 * rename: path is the caller's own temporary already (the hillshade
 * cache's, a /proc/self/fd/N of core/cache_dir.h's rf_cache_tmp_create).
 * 0, or -1 with err. */
int rf_write_hillshade_to(const char *dem_path, const struct rf_grid *g, const char *path,
			  const char *key, uint8_t **shade, struct rf_error *err);

/* The readable RSRP map (a PNG for reports, not georeferenced): the classes
 * of s drawn over the hillshade `shade` (g's pixels, NULL for none), a title,
 * the cells' sites as markers with their names and a tick per sector
 * azimuth (none for a cell whose beamwidth_deg[i] is 360), a legend, a
 * scale bar and a north arrow; width_px wide (RF_REPORT_WIDTH_MIN..MAX),
 * height from the grid's ground aspect. */
int rf_write_report_png(const char *path, const struct rf_grid *g, const float *rsrp_dbm,
			const uint8_t *shade, const struct rf_color_scheme *s,
			const struct rf_sites *sites, const struct rf_cells *cells,
			const double *beamwidth_deg, const char *title, int width_px,
			struct rf_error *err);

/* Horizontal half-power beamwidth of a cell's antenna, degrees: the width
 * of the azimuth range around boresight where the horizontal gain is within
 * 3 dB of the peak (0.5 deg steps); 360 for an omnidirectional antenna. */
double rf_cell_beamwidth_deg(const struct rf_cell *c);

/* coverage.gpkg (GDAL's GPKG driver): layers
 *   sites        points, every sites.csv column,
 *   cells        sector wedges (azimuth +- half of beamwidth_deg[i],
 *                radius wedge_m; a circle when it is 360), every cells.csv
 *                column (the values used) and beamwidth_deg,
 *   rsrp_classes one multipolygon per RSRP class of s (GDALPolygonize of the
 *                class band, dissolved), class, label, lower_dbm, area_km2,
 *   best_server  one multipolygon per serving cell, index, site_id, cell_id,
 *                area_km2,
 * and the layer_styles table QGIS reads the layers' default styles from.
 * Areas are the sum of the member pixels' ellipsoidal areas (rf_lte_stats'
 * pixel areas).  Written to a temporary file and renamed; a path that
 * exists and cannot be replaced, or an unwritable directory, fails with
 * nothing written. */
int rf_write_coverage_gpkg(const char *path, const struct rf_grid *g, const float *rsrp_dbm,
			   const uint16_t *best, uint16_t best_nodata,
			   const struct rf_color_scheme *s, const struct rf_sites *sites,
			   const struct rf_cells *cells, const double *beamwidth_deg,
			   double wedge_m, struct rf_error *err);

/* project.qgs in dir: the rasters of dir that exist (a table of layers:
 * file, group, style), each with its .qml style embedded, in groups
 * Sites, Service, Quality, Coverage and Terrain (hillshade.tif at the
 * bottom), the sites and cells of coverage.gpkg on top with labels.  Paths
 * are relative to the project.  Returns 0, or -1 with err. */
int rf_write_qgis_project(const char *dir, const struct rf_grid *g, struct rf_error *err);

#endif

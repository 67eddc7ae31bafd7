/* rfplan import as a library call (the GDAL-utils pattern: an options struct
 * filled by the command, one function that does the work).
 *
 * rf_import() reads DEM(s), optional clutter + class table, optional sites
 * and cells, reprojects the rasters to one EPSG:4326 grid and writes a
 * workspace directory (doc/workspace.md) atomically: everything is built in
 * WORKDIR.tmp-XXXXXX next to WORKDIR and renamed into place; on failure
 * nothing is left behind and an existing workspace is untouched. */
#ifndef RFPLAN_IMPORT_H
#define RFPLAN_IMPORT_H

#include <stddef.h>

#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/log.h"
#include "rfplan/sites.h"

/* How the output resolution is chosen. */
/* Vertical unit of the DEM heights (--dem-units). */
enum rf_dem_units {
	RF_DEM_UNITS_FILE,   /* the band's GDAL unit type; none = metres */
	RF_DEM_UNITS_M,      /* metres */
	RF_DEM_UNITS_FT,     /* international feet, 0.3048 m */
	RF_DEM_UNITS_US_FT   /* US survey feet, 1200/3937 m */
};

enum rf_res_mode {
	RF_RES_AUTO,     /* keep the finest source ground resolution */
	RF_RES_METRES,   /* res_value metres (square ground pixels) */
	RF_RES_DEGREES   /* res_value degrees in latitude and longitude */
};

struct rf_import_options {
	const char *const *dem_paths;   /* n_dem >= 1 rasters, mosaicked */
	size_t n_dem;
	const char *dem_srs;            /* overrides the DEM files' CRS, or NULL */
	int dem_band;                   /* 1-based; 0 = band 1, warn if several */
	enum rf_dem_units dem_units;    /* heights converted to metres at import */

	const char *clutter_path;       /* class raster, or NULL */
	const char *clutter_classes;    /* class table CSV (needed with clutter) */
	const char *clutter_srs;        /* overrides the clutter CRS, or NULL */

	const char *sites_path;         /* sites CSV, or NULL */
	struct rf_sites_options sites;  /* format, column names, srs */

	const char *cells_path;         /* cells CSV, or NULL */

	enum rf_res_mode res_mode;
	double res_value;               /* metres or degrees (see res_mode) */

	int has_bounds;                 /* clip to bounds */
	struct rf_bounds bounds;
	double margin_km;               /* > 0: clip to sites' extent + margin */
	int sea_level;                  /* heights below 0 m are sea: raised to the
					   sea surface, 0 m (DEMs with bathymetry) */

	int allow_vrt_sources;          /* a VRT's raw raster bands, /vsi* and URL
					   sources, network drivers: refused unless
					   set (or RFPLAN_ALLOW_VRT_SOURCES=1),
					   doc/import.md "Inputs from others" */
	const char *inputs_root;        /* when set, the rasters and their VRT
					   sources must resolve inside this
					   directory (batch's plan tree), or NULL */

	const char *workdir;            /* output workspace directory */
	int force;                      /* replace an existing workspace */
	const char *command_line;       /* recorded in the manifest, or NULL */
};

/* Defaults: band 0, auto resolution, no clipping, ACMA sites. */
void rf_import_options_default(struct rf_import_options *o);

/* Run the import.  Reports go to log (rf_info/rf_verbose/rf_warn).  Returns
 * 0, or -1 with err naming the file or option and what is wrong. */
int rf_import(const struct rf_import_options *opts, struct rf_log *log,
	      struct rf_error *err);

/* Transform n points from src_srs to dst_srs (any PROJ/GDAL definition:
 * "EPSG:28348", WKT, PROJ string) with PROJ, in place.  Axis order is the GIS
 * one: x = easting or longitude, y = northing or latitude.  This is the
 * transformation the import uses for extents.  Returns 0 or -1. */
int rf_crs_transform(const char *src_srs, const char *dst_srs, size_t n,
		     double *x, double *y, struct rf_error *err);

/* Degrees of latitude and longitude spanned by dist_m metres on the WGS84
 * ellipsoid at latitude lat_deg (meridian and prime-vertical radii of
 * curvature, Snyder 1987 "Map Projections - A Working Manual", eq. 4-18 and
 * 4-20). */
void rf_metres_to_degrees(double dist_m, double lat_deg, double *dlat_deg,
			  double *dlon_deg);

#endif

/* What every GeoPackage writer of rfplan shares (coverage.gpkg, compare's
 * points.gpkg, neighbours.gpkg): layers with their fields, features, and
 * the layer_styles table QGIS reads a layer's default style from.  Private
 * to the library (output/, measure/, planning/). */
#ifndef RFPLAN_GPKG_UTIL_H
#define RFPLAN_GPKG_UTIL_H

#include "rfplan/error.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

struct rf_gpkg {
	GDALDatasetH ds;
	OGRSpatialReferenceH srs;   /* of the geometry layers (EPSG:4326) */
	const char *path;           /* the final name, for messages */
	struct rf_error *err;
	char *tmp;                  /* on disk: rf_gpkg_begin's temporary file, renamed by
				       rf_gpkg_end; NULL when built in memory */
	char vsi[128];              /* in memory: GDAL's /vsimem/ name (gdal_mem.h),
				       published by rf_gpkg_end */
};

/* Create path's GeoPackage, with the EPSG:4326 (lon, lat) srs, and start a
 * transaction.  in_memory: in GDAL's /vsimem/ (SQLite's journal files too,
 * and no name beside path that GDAL would open), written to path in one
 * piece by rf_gpkg_end; for a GeoPackage of a few MiB at most (its bytes
 * are held twice there).  Otherwise under a temporary name beside path that
 * GDAL creates.  0, or -1 with err (nothing left behind). */
int rf_gpkg_begin(struct rf_gpkg *k, const char *path, int in_memory, struct rf_error *err);

/* When ok: commit, close and write to path through a temporary file
 * renamed into place (0, or -1 with k->err); else close and discard (-1).
 * Frees what begin made. */
int rf_gpkg_end(struct rf_gpkg *k, int ok);

/* Set k->err to "PATH: WHAT: GDAL's last message"; returns -1. */
int rf_gpkg_fail(struct rf_gpkg *k, const char *what);

/* A layer (spatially indexed unless type is wkbNone) with the NULL-terminated
 * fields and their types; NULL with k->err. */
OGRLayerH rf_gpkg_layer(struct rf_gpkg *k, const char *name, OGRwkbGeometryType type,
			const char *const *fields, const OGRFieldType *types);

/* Add feature f (consumed) with geometry g (consumed, may be NULL). */
int rf_gpkg_add(struct rf_gpkg *k, OGRLayerH l, OGRFeatureH f, OGRGeometryH g);

/* One layer's default style for the layer_styles table. */
struct rf_gpkg_style {
	const char *table;          /* the layer it styles */
	const char *name;           /* styleName */
	const char *qml;            /* styleQML */
	const char *description;
};

/* The layer_styles table (the columns QGIS's OGR provider creates when it
 * saves a style to a GeoPackage), one default style per entry. */
int rf_gpkg_write_styles(struct rf_gpkg *k, const struct rf_gpkg_style *styles, size_t n);

#endif

/* coverage.gpkg through GDAL/OGR's C API (rf_write_coverage_gpkg, gis.h):
 * sites, sector wedges, RSRP classes and best-server areas polygonized from
 * the maps (GDALPolygonize), and the layer_styles table QGIS reads. */
#include "rfplan/gis.h"
#include "rfplan/geo.h"
#include "rfplan/lte.h"

#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gis_styles.h"
#include "core/output_util.h"
#include "gdal_mem.h"
#include "gpkg_util.h"

/* Coverage GeoPackages of grids up to 2048 x 2048 pixels are built in
 * memory (gpkg_util.h): their polygons take a few MiB. */
#define GPKG_IN_MEMORY_MAX_PX ((uint64_t)2048 * 2048)

#define ARC_STEP_DEG 2.0   /* wedge outline: a vertex every 2 degrees of arc */


static int write_sites(struct rf_gpkg *k, const struct rf_sites *sites)
{
	static const char *const names[] = { "site_id", "name", "lat_deg", "lon_deg",
					     "altitude_m", "altitude_given", "source_line", NULL };
	static const OGRFieldType types[] = { OFTString, OFTString, OFTReal, OFTReal, OFTReal,
					      OFTInteger, OFTInteger };
	OGRLayerH l = rf_gpkg_layer(k, "sites", wkbPoint, names, types);
	if (!l)
		return -1;
	for (size_t i = 0; sites && i < sites->count; i++) {
		const struct rf_site *s = &sites->items[i];
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
		OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
		OGR_G_SetPoint_2D(p, 0, s->lon_deg, s->lat_deg);
		OGR_F_SetFieldString(f, 0, s->id);
		OGR_F_SetFieldString(f, 1, s->name ? s->name : "");
		OGR_F_SetFieldDouble(f, 2, s->lat_deg);
		OGR_F_SetFieldDouble(f, 3, s->lon_deg);
		OGR_F_SetFieldDouble(f, 4, s->altitude_m);
		OGR_F_SetFieldInteger(f, 5, s->altitude_given);
		OGR_F_SetFieldInteger(f, 6, (int)s->line);
		if (rf_gpkg_add(k, l, f, p))
			return -1;
	}
	return 0;
}

/* The wedge azimuth +- bw/2 of radius r_m from the site (a circle when
 * bw >= 360), vertices by geodesic direct problems. */
static OGRGeometryH wedge(const struct rf_cell *c, double bw_deg, double r_m)
{
	OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
	OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
	int full = bw_deg >= 360, n = (int)ceil((full ? 360 : bw_deg) / ARC_STEP_DEG);
	double a0 = full ? 0 : c->azimuth_deg - bw_deg / 2, step = (full ? 360 : bw_deg) / n;
	if (!full)
		OGR_G_AddPoint_2D(ring, c->lon_deg, c->lat_deg);
	/* OGC order: exterior ring counter-clockwise, so the arc runs from the
	 * last azimuth back to the first (azimuths turn clockwise) */
	for (int i = n; i >= 0; i--) {
		double lat, lon;
		rf_geo_direct(c->lat_deg, c->lon_deg, a0 + i * step, r_m, &lat, &lon);
		OGR_G_AddPoint_2D(ring, lon, lat);
	}
	if (!full)
		OGR_G_AddPoint_2D(ring, c->lon_deg, c->lat_deg);
	OGR_G_AddGeometryDirectly(poly, ring);
	return poly;
}

static int write_cells(struct rf_gpkg *k, const struct rf_cells *cells,
		       const double *beamwidth_deg, double wedge_m)
{
	static const char *const names[] = { "site_id", "cell_id", "azimuth_deg", "height_agl_m",
		"mech_tilt_deg", "antenna", "gain_dbi", "tx_power_dbm", "rs_epre_dbm",
		"frequency_mhz", "bandwidth_mhz", "feeder_loss_db", "pci", "beamwidth_deg",
		"cell_index", "label", NULL };
	static const OGRFieldType types[] = { OFTString, OFTString, OFTReal, OFTReal, OFTReal,
		OFTString, OFTReal, OFTReal, OFTReal, OFTReal, OFTReal, OFTReal, OFTInteger,
		OFTReal, OFTInteger, OFTString };
	OGRLayerH l = rf_gpkg_layer(k, "cells", wkbPolygon, names, types);
	char label[256];
	if (!l)
		return -1;
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *c = &cells->items[i];
		double bw = beamwidth_deg[i];
		const double v[] = { c->azimuth_deg, c->height_agl_m, c->mech_tilt_deg, 0,
				     c->gain_dbi, c->tx_power_dbm, c->rs_epre_dbm,
				     c->frequency_mhz, c->bandwidth_mhz, c->feeder_loss_db };
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
		OGR_F_SetFieldString(f, 0, c->site_id);
		OGR_F_SetFieldString(f, 1, c->cell_id);
		for (int j = 2; j < 12; j++)
			if (j != 5)
				OGR_F_SetFieldDouble(f, j, v[j - 2]);
		OGR_F_SetFieldString(f, 5, c->antenna_spec ? c->antenna_spec : "");
		if (c->pci >= 0)
			OGR_F_SetFieldInteger(f, 12, c->pci);
		else
			OGR_F_SetFieldNull(f, 12);
		OGR_F_SetFieldDouble(f, 13, bw);
		OGR_F_SetFieldInteger(f, 14, (int)i);
		rf_cell_label(c, label, sizeof(label));
		OGR_F_SetFieldString(f, 15, label);
		if (rf_gpkg_add(k, l, f, wedge(c, bw, wedge_m)))
			return -1;
	}
	return 0;
}

/* GDALPolygonize of `value` (g's pixels, Int32, valid where value >= 0)
 * into one multipolygon per value 0..n-1 (the pieces of a value never
 * overlap nor share an edge, so collecting them is their union).  *area
 * receives each value's area (sum of pixel areas, km^2).  The MEM raster's
 * bands are value itself and a byte mask (GDALPolygonize reads its mask as
 * bytes), not copies: 5 bytes a pixel with the caller's value array
 * (core/limits.c GPKG_PX). */
static int polygonize(struct rf_gpkg *k, const struct rf_grid *g, const int32_t *value, int n,
		      OGRGeometryH *multi, double *area_km2)
{
	GDALDriverH mem = GDALGetDriverByName("MEM");
	GDALDriverH vmem = GDALGetDriverByName("Memory");
	GDALDatasetH r = mem ? GDALCreate(mem, "", g->width, g->height, 0, GDT_Int32, NULL)
			     : NULL;
	GDALDatasetH v = vmem ? GDALCreate(vmem, "", 0, 0, 0, GDT_Unknown, NULL) : NULL;
	double gt[6] = { g->west_deg, g->dlon_deg, 0, g->north_deg, 0, -g->dlat_deg };
	size_t np = (size_t)g->width * (size_t)g->height;
	uint8_t *mask = rf_xmalloc(np);
	int rc = -1;

	for (int i = 0; i < n; i++) {
		multi[i] = OGR_G_CreateGeometry(wkbMultiPolygon);
		area_km2[i] = 0;
	}
	for (int row = 0; row < g->height; row++) {
		double a = rf_lte_pixel_area_km2(g, row);
		for (int col = 0; col < g->width; col++) {
			size_t i = (size_t)row * g->width + col;
			mask[i] = value[i] >= 0 && value[i] < n;
			if (mask[i])
				area_km2[value[i]] += a;
		}
	}
	if (!r || !v || rf_mem_add_pointer_band(r, GDT_Int32, value) ||
	    rf_mem_add_pointer_band(r, GDT_Byte, mask)) {
		rf_gpkg_fail(k, "cannot create GDAL memory datasets");
		goto out;
	}
	GDALSetGeoTransform(r, gt);
	OGRLayerH l = GDALDatasetCreateLayer(v, "p", k->srs, wkbPolygon, NULL);
	OGRFieldDefnH fd = OGR_Fld_Create("value", OFTInteger);
	OGR_L_CreateField(l, fd, 1);
	OGR_Fld_Destroy(fd);
	if (GDALPolygonize(GDALGetRasterBand(r, 1), GDALGetRasterBand(r, 2), l, 0, NULL, NULL,
			   NULL) != CE_None) {
		rf_gpkg_fail(k, "polygonize");
		goto out;
	}
	OGR_L_ResetReading(l);
	OGRFeatureH f;
	while ((f = OGR_L_GetNextFeature(l))) {
		int val = OGR_F_GetFieldAsInteger(f, 0);
		if (val >= 0 && val < n)
			OGR_G_AddGeometry(multi[val], OGR_F_GetGeometryRef(f));
		OGR_F_Destroy(f);
	}
	rc = 0;
out:
	if (v)
		GDALClose(v);
	if (r)
		GDALClose(r);
	free(mask);
	return rc;
}

static int write_rsrp_classes(struct rf_gpkg *k, const struct rf_grid *g, const float *rsrp,
			      const struct rf_color_scheme *s)
{
	static const char *const names[] = { "class", "label", "lower_dbm", "area_km2", NULL };
	static const OGRFieldType types[] = { OFTInteger, OFTString, OFTReal, OFTReal };
	size_t np = (size_t)g->width * (size_t)g->height;
	int32_t *cls = rf_xmalloc(np * sizeof(int32_t));
	OGRGeometryH *multi = rf_xcalloc((size_t)s->n, sizeof(*multi));
	double *area = rf_xcalloc((size_t)s->n, sizeof(double));
	OGRLayerH l = rf_gpkg_layer(k, "rsrp_classes", wkbMultiPolygon, names, types);
	int rc = l ? 0 : -1;

	for (size_t i = 0; i < np; i++)
		cls[i] = rf_scheme_class(s, rsrp[i]);
	if (!rc)
		rc = polygonize(k, g, cls, s->n, multi, area);
	for (int i = 0; i < s->n; i++) {
		if (!rc && !OGR_G_IsEmpty(multi[i])) {
			OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
			OGR_F_SetFieldInteger(f, 0, i);
			OGR_F_SetFieldString(f, 1, s->classes[i].label ? s->classes[i].label : "");
			OGR_F_SetFieldDouble(f, 2, s->classes[i].lower);
			OGR_F_SetFieldDouble(f, 3, area[i]);
			rc = rf_gpkg_add(k, l, f, multi[i]);
		} else if (multi[i]) {
			OGR_G_DestroyGeometry(multi[i]);
		}
	}
	free(cls);
	free(multi);
	free(area);
	return rc;
}

static int write_best_server(struct rf_gpkg *k, const struct rf_grid *g, const uint16_t *best,
			     uint16_t nodata, const struct rf_cells *cells)
{
	static const char *const names[] = { "cell_index", "site_id", "cell_id", "label",
					     "area_km2", NULL };
	static const OGRFieldType types[] = { OFTInteger, OFTString, OFTString, OFTString,
					      OFTReal };
	size_t np = (size_t)g->width * (size_t)g->height;
	int n = (int)cells->count;
	int32_t *idx = rf_xmalloc(np * sizeof(int32_t));
	OGRGeometryH *multi = rf_xcalloc((size_t)n, sizeof(*multi));
	double *area = rf_xcalloc((size_t)n, sizeof(double));
	OGRLayerH l = rf_gpkg_layer(k, "best_server", wkbMultiPolygon, names, types);
	char label[256];
	int rc = l ? 0 : -1;

	for (size_t i = 0; i < np; i++)
		idx[i] = best[i] == nodata ? -1 : best[i];
	if (!rc)
		rc = polygonize(k, g, idx, n, multi, area);
	for (int i = 0; i < n; i++) {
		if (!rc && !OGR_G_IsEmpty(multi[i])) {
			const struct rf_cell *c = &cells->items[i];
			OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
			rf_cell_label(c, label, sizeof(label));
			OGR_F_SetFieldInteger(f, 0, i);
			OGR_F_SetFieldString(f, 1, c->site_id);
			OGR_F_SetFieldString(f, 2, c->cell_id);
			OGR_F_SetFieldString(f, 3, label);
			OGR_F_SetFieldDouble(f, 4, area[i]);
			rc = rf_gpkg_add(k, l, f, multi[i]);
		} else if (multi[i]) {
			OGR_G_DestroyGeometry(multi[i]);
		}
	}
	free(idx);
	free(multi);
	free(area);
	return rc;
}

/* The layers' default styles (layer_styles, rf_gpkg_write_styles). */
static int write_styles(struct rf_gpkg *k, const struct rf_color_scheme *s,
			const struct rf_cells *cells)
{
	static const char *const tables[] = { "sites", "cells", "rsrp_classes", "best_server" };
	char *qml[4] = { rf_style_sites(), rf_style_cells(), rf_style_rsrp_classes(s),
			 rf_style_best_server(cells) };
	struct rf_gpkg_style st[4];
	int rc;
	for (int i = 0; i < 4; i++)
		st[i] = (struct rf_gpkg_style){ tables[i], tables[i], qml[i],
						"rfplan default style" };
	rc = rf_gpkg_write_styles(k, st, 4);
	for (int i = 0; i < 4; i++)
		free(qml[i]);
	return rc;
}

/* Refuse to replace a GeoPackage that is read-only or open in another
 * program (SQLite's -wal / -journal files beside it). */
static int check_target(const char *path, struct rf_error *err)
{
	static const char *const side[] = { "-wal", "-journal" };
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISREG(st.st_mode))
		return rf_error_set(err, "%s exists and is not a file", path);
	if ((st.st_mode & 0222) == 0 || access(path, W_OK) != 0)   /* root ignores modes */
		return rf_error_set(err, "%s is read-only: refusing to replace it", path);
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(path) + 10;
		char *p = rf_xmalloc(n);
		snprintf(p, n, "%s%s", path, side[i]);
		int open_elsewhere = stat(p, &st) == 0;
		free(p);
		if (open_elsewhere)
			return rf_error_set(err, "%s is open in another program (%s%s exists): "
					    "close it and run again", path, path, side[i]);
	}
	return 0;
}

int rf_write_coverage_gpkg(const char *path, const struct rf_grid *g, const float *rsrp_dbm,
			   const uint16_t *best, uint16_t best_nodata,
			   const struct rf_color_scheme *s, const struct rf_sites *sites,
			   const struct rf_cells *cells, const double *beamwidth_deg,
			   double wedge_m, struct rf_error *err)
{
	struct rf_gpkg k;

	/* in memory up to the size of a map built there (output_geotiff.c) */
	int in_memory = (uint64_t)g->width * (uint64_t)g->height <= GPKG_IN_MEMORY_MAX_PX;
	if (check_target(path, err) || rf_gpkg_begin(&k, path, in_memory, err))
		return -1;
	return rf_gpkg_end(&k, !(write_sites(&k, sites) ||
				 write_cells(&k, cells, beamwidth_deg, wedge_m) ||
				 write_rsrp_classes(&k, g, rsrp_dbm, s) ||
				 write_best_server(&k, g, best, best_nodata, cells) ||
				 write_styles(&k, s, cells)));
}

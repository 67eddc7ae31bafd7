/* The viewshed map on disk: a Byte Cloud Optimized GeoTIFF (GDAL MEM
 * dataset copied by the COG driver to a temporary name, then renamed, as
 * output_geotiff.c does) and its QGIS style. */
#include "rfplan/output.h"
#include "rfplan/viewshed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "output_util.h"

static int gdal_fail(struct rf_error *err, const char *path, const char *what)
{
	const char *msg = CPLGetLastErrorMsg();
	return rf_error_set(err, "%s: %s%s%s", path, what, msg && *msg ? ": " : "",
			    msg ? msg : "");
}

static int write_tif(const char *path, const struct rf_grid *g, const uint8_t *data,
		     struct rf_error *err)
{
	GDALDriverH mem_drv = GDALGetDriverByName("MEM"), cog = GDALGetDriverByName("COG");
	double gt[6] = { g->west_deg, g->dlon_deg, 0.0, g->north_deg, 0.0, -g->dlat_deg };
	GDALDatasetH mem, out;
	OGRSpatialReferenceH srs;
	GDALRasterBandH band;
	char **opt = NULL;
	char *tmp;

	if (!mem_drv || !cog)
		return rf_error_set(err, "%s: GDAL lacks the MEM or COG driver", path);
	CPLErrorReset();
	mem = GDALCreate(mem_drv, "", g->width, g->height, 1, GDT_Byte, NULL);
	if (!mem)
		return gdal_fail(err, path, "cannot create the in-memory raster");
	GDALSetGeoTransform(mem, gt);
	srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(srs, 4326);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	GDALSetSpatialRef(mem, srs);
	OSRDestroySpatialReference(srs);
	band = GDALGetRasterBand(mem, 1);
	GDALSetRasterNoDataValue(band, RF_VIEWSHED_NODATA);
	GDALSetDescription(band, "line of sight: 255 visible, 0 not visible");
	if (GDALRasterIO(band, GF_Write, 0, 0, g->width, g->height, (void *)data, g->width,
			 g->height, GDT_Byte, 0, 0) != CE_None) {
		GDALClose(mem);
		return gdal_fail(err, path, "cannot fill the in-memory raster");
	}
	tmp = rf_out_tmp_create(path, NULL, err);
	if (!tmp) {
		GDALClose(mem);
		return -1;
	}
	opt = CSLSetNameValue(opt, "COMPRESS", "DEFLATE");
	opt = CSLSetNameValue(opt, "OVERVIEWS", "AUTO");
	opt = CSLSetNameValue(opt, "RESAMPLING", "NEAREST");
	out = GDALCreateCopy(cog, tmp, mem, FALSE, opt, NULL, NULL);
	CSLDestroy(opt);
	GDALClose(mem);
	if (!out) {
		rf_out_abort(tmp);
		return gdal_fail(err, path, "cannot write GeoTIFF");
	}
	GDALClose(out);
	if (CPLGetLastErrorType() >= CE_Failure) {
		rf_out_abort(tmp);
		return gdal_fail(err, path, "cannot write GeoTIFF");
	}
	return rf_out_commit(tmp, path, err);
}

int rf_viewshed_write(const char *path, const struct rf_grid *g, const uint8_t *data,
		      struct rf_error *err)
{
	/* rf_scheme_class: 255 -> visible; 0..254 -> not visible */
	static const struct rf_color_class classes[] = {
		{ 255, { 0x1a, 0x96, 0x41, 255 }, "visible" },
		{ 0, { 0x80, 0x80, 0x80, 160 }, "not visible" },
	};
	const struct rf_color_scheme scheme = { "Line of sight", 2, classes };
	size_t len = strlen(path);
	char *qml;
	int rc;

	if (write_tif(path, g, data, err))
		return -1;
	qml = rf_xmalloc(len + 5);
	if (len > 4 && !strcmp(path + len - 4, ".tif"))
		snprintf(qml, len + 5, "%.*s.qml", (int)(len - 4), path);
	else
		snprintf(qml, len + 5, "%s.qml", path);
	rc = rf_write_qml_classes(qml, &scheme, err);
	free(qml);
	return rc;
}

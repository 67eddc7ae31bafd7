/* hillshade.tif: GDAL's DEMProcessing hillshade of the workspace DEM over
 * the prediction grid (include/rfplan/gis.h). */
#include "rfplan/gis.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/output_util.h"

/* Metres per degree for GDAL's -s on a geographic grid (gdaldem's manual:
 * "111120 if the vertical units are metres"). */
#define M_PER_DEG "111120"

/* The DEM window under grid g, as an in-memory VRT (-srcwin). */
static GDALDatasetH dem_window(GDALDatasetH dem, const char *dem_path, const struct rf_grid *g,
			       struct rf_error *err)
{
	double gt[6];
	char num[4][32];
	GDALDatasetH vrt = NULL;
	int usage = 0;

	if (GDALGetGeoTransform(dem, gt) != CE_None || gt[1] <= 0 || gt[5] >= 0) {
		rf_error_set(err, "%s: no north-up geotransform", dem_path);
		return NULL;
	}
	long x0 = lround((g->west_deg - gt[0]) / gt[1]);
	long y0 = lround((gt[3] - g->north_deg) / -gt[5]);
	if (x0 < 0 || y0 < 0 || x0 + g->width > GDALGetRasterXSize(dem) ||
	    y0 + g->height > GDALGetRasterYSize(dem)) {
		rf_error_set(err, "%s: the map grid is not inside the DEM", dem_path);
		return NULL;
	}
	snprintf(num[0], sizeof(num[0]), "%ld", x0);
	snprintf(num[1], sizeof(num[1]), "%ld", y0);
	snprintf(num[2], sizeof(num[2]), "%d", g->width);
	snprintf(num[3], sizeof(num[3]), "%d", g->height);
	char *argv[] = { "-of", "VRT", "-srcwin", num[0], num[1], num[2], num[3], NULL };
	GDALTranslateOptions *o = GDALTranslateOptionsNew(argv, NULL);
	if (o)
		vrt = GDALTranslate("", dem, o, &usage);
	GDALTranslateOptionsFree(o);
	if (!vrt)
		rf_error_set(err, "%s: cannot cut the map window: %s", dem_path,
			     CPLGetLastErrorMsg());
	return vrt;
}

/* rf_write_hillshade, through a temporary and a rename when atomic, else
 * into out_path itself (rf_write_hillshade_to). */
static int hillshade(const char *dem_path, const struct rf_grid *g, const char *out_path,
		     int atomic, const char *key, uint8_t **shade, struct rf_error *err)
{
	/* ZLEVEL 1: libdeflate's fastest level (doc/performance.md, "The fixed
	 * cost of a run"); out_path NULL: in memory, for the shade only */
	char *argv[] = { "-of", out_path ? "GTiff" : "MEM", "-multidirectional",
			 "-compute_edges", "-z", "1", "-s", M_PER_DEG, out_path ? "-co" : NULL,
			 "COMPRESS=DEFLATE", "-co", "ZLEVEL=1", "-co", "TILED=YES", NULL };
	GDALDatasetH dem, win = NULL, hs = NULL;
	GDALDEMProcessingOptions *o = NULL;
	char *tmp = NULL;
	int usage = 0, rc = -1;

	if (shade)
		*shade = NULL;
	CPLErrorReset();
	dem = GDALOpen(dem_path, GA_ReadOnly);
	if (!dem)
		return rf_error_set(err, "%s: cannot open: %s", dem_path, CPLGetLastErrorMsg());
	win = dem_window(dem, dem_path, g, err);
	if (!win)
		goto out;
	if (out_path && atomic && !(tmp = rf_out_tmp_create(out_path, NULL, err)))
		goto out;
	o = GDALDEMProcessingOptionsNew(argv, NULL);
	hs = o ? GDALDEMProcessing(tmp ? tmp : out_path ? out_path : "", win, "hillshade", NULL,
				   o, &usage)
	       : NULL;
	if (!hs) {
		rf_error_set(err, "%s: hillshade failed: %s", out_path ? out_path : dem_path,
			     CPLGetLastErrorMsg());
		goto out;
	}
	GDALSetDescription(GDALGetRasterBand(hs, 1), "hillshade of the DEM (0 = no data)");
	if (key)
		GDALSetMetadataItem(hs, "RFPLAN_KEY", key, NULL);
	if (shade) {
		*shade = rf_xmalloc((size_t)g->width * (size_t)g->height);
		if (GDALRasterIO(GDALGetRasterBand(hs, 1), GF_Read, 0, 0, g->width, g->height,
				 *shade, g->width, g->height, GDT_Byte, 0, 0) != CE_None) {
			rf_error_set(err, "%s: cannot read back: %s",
				     out_path ? out_path : dem_path, CPLGetLastErrorMsg());
			goto out;
		}
	}
	if (!out_path) {
		rc = 0;
		goto out;
	}
	CPLErrorReset();
	GDALClose(hs);   /* void in GDAL 3.6: the error state tells */
	if (CPLGetLastErrorType() >= CE_Failure) {
		hs = NULL;
		rf_error_set(err, "%s: write failed: %s", out_path, CPLGetLastErrorMsg());
		goto out;
	}
	hs = NULL;
	rc = tmp ? rf_out_commit(tmp, out_path, err) : 0;
	tmp = NULL;
out:
	if (hs)
		GDALClose(hs);
	GDALDEMProcessingOptionsFree(o);
	rf_out_abort(tmp);
	if (win)
		GDALClose(win);
	GDALClose(dem);
	if (rc && shade) {
		free(*shade);
		*shade = NULL;
	}
	return rc;
}

int rf_write_hillshade(const char *dem_path, const struct rf_grid *g, const char *out_path,
		       const char *key, uint8_t **shade, struct rf_error *err)
{
	return hillshade(dem_path, g, out_path, 1, key, shade, err);
}

int rf_write_hillshade_to(const char *dem_path, const struct rf_grid *g, const char *path,
			  const char *key, uint8_t **shade, struct rf_error *err)
{
	return hillshade(dem_path, g, path, 0, key, shade, err);
}

/* `rfplan optimize --weight FILE.tif` (doc/planning.md): a traffic or
 * population raster resampled onto the prediction grid with GDALWarp's
 * "sum" resampling (each grid pixel the sum of the source pixels over it,
 * weighted by the fraction of each inside: the raster's total is kept),
 * so the objective counts the weight served instead of the area. */
#include "optimize_priv.h"
#include "rfplan/input.h"
#include "core/util.h"

#include <cpl_error.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Only GeoTIFF: a VRT or other format naming further files is not opened
 * (doc/errors.md, "Files from others"). */
static GDALDatasetH open_geotiff(const char *path, struct rf_error *err)
{
	static const char *const drivers[] = { "GTiff", NULL };
	GDALDatasetH ds;
	struct stat sb;
	if (stat(path, &sb)) {
		rf_error_set(err, "option --weight: %s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (rf_input_check(path, err))
		return NULL;
	CPLErrorReset();
	ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, NULL, NULL);
	if (!ds)
		rf_error_set(err, "option --weight: %s: cannot open as a GeoTIFF: %s", path,
			     CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown format");
	return ds;
}

int rf_opt_read_weight(struct rf_opt_state *st, const char *path, struct rf_error *err)
{
	const struct rf_grid *g = &st->eng->grid;
	char te[4][40], ts[2][16];
	GDALDatasetH src, out;
	GDALWarpAppOptions *wo;
	size_t np = (size_t)g->width * (size_t)g->height;
	int usage = 0, rc = 0;

	if (!(src = open_geotiff(path, err)))
		return -1;
	snprintf(te[0], sizeof(te[0]), "%.17g", g->west_deg);
	snprintf(te[1], sizeof(te[1]), "%.17g", g->north_deg - g->height * g->dlat_deg);
	snprintf(te[2], sizeof(te[2]), "%.17g", g->west_deg + g->width * g->dlon_deg);
	snprintf(te[3], sizeof(te[3]), "%.17g", g->north_deg);
	snprintf(ts[0], sizeof(ts[0]), "%d", g->width);
	snprintf(ts[1], sizeof(ts[1]), "%d", g->height);
	char *argv[] = { "-of", "MEM", "-t_srs", "EPSG:4326", "-r", "sum", "-ot", "Float64",
			 "-dstnodata", "nan", "-te", te[0], te[1], te[2], te[3], "-ts", ts[0],
			 ts[1], "-et", "0", NULL };
	wo = GDALWarpAppOptionsNew(argv, NULL);
	CPLErrorReset();
	out = wo ? GDALWarp("", NULL, 1, &src, wo, &usage) : NULL;
	GDALWarpAppOptionsFree(wo);
	if (!out) {
		GDALClose(src);
		return rf_error_set(err, "option --weight: %s: resampling failed: %s", path,
				    CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown error");
	}
	st->weight = rf_xmalloc((np ? np : 1) * sizeof(double));
	if (GDALRasterIO(GDALGetRasterBand(out, 1), GF_Read, 0, 0, g->width, g->height,
			 st->weight, g->width, g->height, GDT_Float64, 0, 0) != CE_None)
		rc = rf_error_set(err, "option --weight: %s: cannot read: %s", path,
				  CPLGetLastErrorMsg());
	for (size_t i = 0; i < np && !rc; i++) {
		if (isnan(st->weight[i]))
			st->weight[i] = 0.0;
		else if (!isfinite(st->weight[i]) || st->weight[i] < 0)
			rc = rf_error_set(err, "option --weight: %s: value %g: a weight is finite "
					  "and >= 0", path, st->weight[i]);
	}
	GDALClose(out);
	GDALClose(src);
	return rc;
}

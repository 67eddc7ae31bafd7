/* GeoTIFF writers: the band is built in a GDAL MEM dataset and copied with
 * GDAL's COG driver (tiled, DEFLATE + predictor, internal overviews; GDAL
 * "COG -- Cloud Optimized GeoTIFF generator", gdal.org/drivers/raster/cog.html).
 * The copy goes to a temporary name, renamed into place (doc/design.md);
 * a map of up to 2048 x 2048 pixels is built in GDAL's /vsimem/ first and
 * written there in one piece. */
#include "rfplan/output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "core/output_util.h"
#include "gdal_mem.h"

/* Internal overviews only when a side exceeds this many pixels: below it
 * QGIS reads the whole raster quickly (2048 x 2048 Float32 is 16 MiB); and
 * below it the COG is built in memory (publish). */
#define RF_COG_OVERVIEW_MIN_PX 2048
#define RF_COG_DEFLATE_LEVEL "1"
#define RF_COG_BLOCK_PX "256"

static int gdal_fail(struct rf_error *err, const char *path, const char *what)
{
	const char *msg = CPLGetLastErrorMsg();
	return rf_error_set(err, "%s: %s%s%s", path, what, msg && *msg ? ": " : "",
			    msg ? msg : "");
}

/* A one-band MEM dataset with the grid's georeferencing over the pixels
 * data (not copied, not owned: GDAL's MEM driver "DATAPOINTER" band option,
 * gdal.org/drivers/raster/mem.html), so that the COG driver reads the
 * caller's buffer directly. */
static GDALDatasetH mem_dataset(const struct rf_grid *g, GDALDataType type, const void *data,
				double nodata, const char *description)
{
	GDALDriverH mem = GDALGetDriverByName("MEM");
	GDALDatasetH ds;
	OGRSpatialReferenceH srs;
	GDALRasterBandH band;
	/* grid.h: north-up, column 0 starts at west_deg, row 0 at north_deg. */
	double gt[6] = { g->west_deg, g->dlon_deg, 0.0, g->north_deg, 0.0, -g->dlat_deg };

	if (!mem)
		return NULL;
	ds = GDALCreate(mem, "", g->width, g->height, 0, type, NULL);
	if (!ds)
		return NULL;
	if (rf_mem_add_pointer_band(ds, type, data)) {
		GDALClose(ds);
		return NULL;
	}
	GDALSetGeoTransform(ds, gt);
	srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(srs, 4326);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	GDALSetSpatialRef(ds, srs);
	OSRDestroySpatialReference(srs);
	band = GDALGetRasterBand(ds, 1);
	GDALSetRasterNoDataValue(band, nodata);
	if (description)
		GDALSetDescription(band, description);
	return ds;
}

/* Copy the MEM dataset to path (doc/performance.md, "The fixed cost of a
 * run").  A map with a side up to RF_COG_OVERVIEW_MIN_PX (no overviews, at
 * most 16 MiB) is built in GDAL's in-memory file system and written in one
 * piece through a temporary file renamed into place: GDAL then neither
 * opens a file of ours by name nor asks every driver to identify the empty
 * temporary file first (some 5 M instructions a map), and the file's
 * hundreds of small seeks and writes stay in memory.  A larger map is
 * copied to the temporary file by name, as it would not fit the memory
 * estimate twice (core/limits.c) and /vsimem/ grows a file by copying it.
 * The options, constants here, are not checked against the driver's list
 * (gdal_mem.h rf_gdal_option_check_off). */
static int publish(GDALDatasetH mem, const char *path, int is_integer, struct rf_error *err)
{
	GDALDriverH cog = GDALGetDriverByName("COG");
	const int large = GDALGetRasterXSize(mem) > RF_COG_OVERVIEW_MIN_PX ||
			  GDALGetRasterYSize(mem) > RF_COG_OVERVIEW_MIN_PX;
	char **opt = NULL;
	char vsi[128], *tmp = NULL, *saved;
	GDALDatasetH out;
	int ok;

	if (!cog)
		return rf_error_set(err, "%s: GDAL lacks the COG driver (GDAL >= 3.1 needed)", path);
	if (large) {
		tmp = rf_out_tmp_create(path, NULL, err);
		if (!tmp)
			return -1;
	} else {
		rf_vsimem_name(vsi, sizeof(vsi), "cog", mem, "tif");
	}
	opt = CSLSetNameValue(opt, "COMPRESS", "DEFLATE");
	/* level 1 of libdeflate: about 3x faster than GDAL's default 6 on the
	 * bench's maps for files a few per cent larger, the same pixels
	 * (doc/performance.md, "The fixed cost of a run") */
	opt = CSLSetNameValue(opt, "LEVEL", RF_COG_DEFLATE_LEVEL);
	/* 256: less padding in the edge tiles of a map a little under a
	 * multiple of 512 (973 x 659 on the bench: 0.79 M pixels compressed
	 * instead of 1.05 M) */
	opt = CSLSetNameValue(opt, "BLOCKSIZE", RF_COG_BLOCK_PX);
	/* PREDICTOR=YES: horizontal differencing for integers, the floating-point
	 * predictor for Float32 (Adobe TIFF Technical Note 3). */
	opt = CSLSetNameValue(opt, "PREDICTOR", "YES");
	/* Overviews until one tile holds the raster, for rasters large enough
	 * to need them on screen (building them costs more than the rest of
	 * the write on a small map); an index map must not be averaged. */
	opt = CSLSetNameValue(opt, "OVERVIEWS", large ? "AUTO" : "NONE");
	opt = CSLSetNameValue(opt, "RESAMPLING", is_integer ? "NEAREST" : "AVERAGE");
	CPLErrorReset();
	saved = rf_gdal_option_check_off();
	out = GDALCreateCopy(cog, large ? tmp : vsi, mem, FALSE, opt, NULL, NULL);
	rf_gdal_option_check_restore(saved);
	CSLDestroy(opt);
	ok = out != NULL;
	if (out)
		GDALClose(out);
	if (!ok || CPLGetLastErrorType() >= CE_Failure) {
		if (large)
			rf_out_abort(tmp);
		else
			rf_vsimem_discard(vsi);
		return gdal_fail(err, path, "cannot write GeoTIFF");
	}
	return large ? rf_out_commit(tmp, path, err) : rf_vsimem_publish(vsi, path, err);
}

static int check_grid(const char *path, const struct rf_grid *g, struct rf_error *err)
{
	if (g->width <= 0 || g->height <= 0 || !(g->dlon_deg > 0) || !(g->dlat_deg > 0))
		return rf_error_set(err, "%s: invalid grid %dx%d, pixel %g x %g deg", path,
				    g->width, g->height, g->dlon_deg, g->dlat_deg);
	return 0;
}

int rf_write_geotiff_f32(const char *path, const struct rf_grid *g, const float *data,
			 double nodata, const char *description, struct rf_error *err)
{
	size_t n = (size_t)g->width * (size_t)g->height;
	GDALDatasetH mem;
	float *px;
	int rc;

	if (check_grid(path, g, err))
		return -1;
	px = rf_xmalloc(n * sizeof(*px));
	for (size_t i = 0; i < n; i++)
		px[i] = isnan(data[i]) ? (float)nodata : data[i];
	CPLErrorReset();
	mem = mem_dataset(g, GDT_Float32, px, nodata, description);
	if (!mem) {
		free(px);
		return gdal_fail(err, path, "cannot create the in-memory raster");
	}
	rc = publish(mem, path, 0, err);
	GDALClose(mem);
	free(px);
	return rc;
}

/* An integer band (no NAN to map: the caller's nodata value is in data). */
static int write_integer(const char *path, const struct rf_grid *g, GDALDataType type,
			 const void *data, double nodata, const char *description,
			 struct rf_error *err)
{
	GDALDatasetH mem;
	int rc;

	if (check_grid(path, g, err))
		return -1;
	CPLErrorReset();
	mem = mem_dataset(g, type, data, nodata, description);
	if (!mem)
		return gdal_fail(err, path, "cannot create the in-memory raster");
	rc = publish(mem, path, 1, err);
	GDALClose(mem);
	return rc;
}

int rf_write_geotiff_u16(const char *path, const struct rf_grid *g, const uint16_t *data,
			 uint16_t nodata, const char *description, struct rf_error *err)
{
	return write_integer(path, g, GDT_UInt16, data, nodata, description, err);
}

int rf_write_geotiff_u8(const char *path, const struct rf_grid *g, const uint8_t *data,
			uint8_t nodata, const char *description, struct rf_error *err)
{
	return write_integer(path, g, GDT_Byte, data, nodata, description, err);
}

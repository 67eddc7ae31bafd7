/* Opening one raster input of the import: checks (file, raster, band,
 * georeferencing, CRS), a VRT that selects the band and applies a CRS
 * override, its extent in EPSG:4326, its ground resolution and the PROJ
 * operations that take it to EPSG:4326. */
#include "import_priv.h"
#include "rfplan/input.h"
#include "rfplan/limits.h"
#include "rfplan/sha256.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_utils.h>
#include <geodesic.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *gdal_msg(void)
{
	const char *m = CPLGetLastErrorMsg();
	return m && *m ? m : "unknown GDAL error";
}

/* Name, authority code (stated, or identified by GDAL with a confidence)
 * and WKT2 of the source CRS. */
static void describe_crs(struct rf_imp_source *s, OGRSpatialReferenceH srs)
{
	const char *name = OSRGetName(srs);
	const char *auth = OSRGetAuthorityName(srs, NULL);
	const char *code = OSRGetAuthorityCode(srs, NULL);
	const char *wkt_opts[] = { "FORMAT=WKT2_2019", NULL };
	char *wkt = NULL, buf[64];

	s->crs_name = rf_xstrdup(name ? name : "unnamed");
	if (auth && code) {
		snprintf(buf, sizeof(buf), "%s:%s", auth, code);
		s->crs_id = rf_xstrdup(buf);
		s->crs_id_confidence = 100;
	} else {
		int n = 0, *conf = NULL;
		OGRSpatialReferenceH *m = OSRFindMatches(srs, NULL, &n, &conf);
		if (m && n > 0 && OSRGetAuthorityName(m[0], NULL) && OSRGetAuthorityCode(m[0], NULL)) {
			snprintf(buf, sizeof(buf), "%s:%s", OSRGetAuthorityName(m[0], NULL),
				 OSRGetAuthorityCode(m[0], NULL));
			s->crs_id = rf_xstrdup(buf);
			s->crs_id_confidence = conf ? conf[0] : 0;
		}
		if (m)
			OSRFreeSRSArray(m);
		CPLFree(conf);
	}
	OSRExportToWktEx(srs, &wkt, wkt_opts);
	s->crs_wkt = rf_xstrdup(wkt ? wkt : "");
	CPLFree(wkt);
}

/* Pixel (px, py) (fractional, 0 = top-left corner) to EPSG:4326 lon/lat. */
static void pixel_xy(const double gt[6], double px, double py, double *x, double *y)
{
	*x = gt[0] + px * gt[1] + py * gt[2];
	*y = gt[3] + px * gt[4] + py * gt[5];
}

/* Extent in EPSG:4326: the source's edges densified (20 steps each) and
 * transformed, so that curved edges are enclosed; plus the ground size of
 * the centre pixel measured on the WGS84 ellipsoid (Karney's geodesics). */
static int geo_extent(struct rf_imp_source *s, struct rf_error *err)
{
	enum { STEPS = 20, NPT = 4 * STEPS + 3 };
	double x[NPT], y[NPT];
	size_t k = 0;
	struct geod_geodesic g;
	double dx_m, dy_m;

	for (int i = 0; i < STEPS; i++) {
		double t = (double)i / STEPS;
		pixel_xy(s->gt, t * s->width, 0, &x[k], &y[k]), k++;
		pixel_xy(s->gt, s->width, t * s->height, &x[k], &y[k]), k++;
		pixel_xy(s->gt, (1 - t) * s->width, s->height, &x[k], &y[k]), k++;
		pixel_xy(s->gt, 0, (1 - t) * s->height, &x[k], &y[k]), k++;
	}
	/* centre pixel, its east and its south neighbour */
	pixel_xy(s->gt, s->width / 2.0, s->height / 2.0, &x[k], &y[k]), k++;
	pixel_xy(s->gt, s->width / 2.0 + 1, s->height / 2.0, &x[k], &y[k]), k++;
	pixel_xy(s->gt, s->width / 2.0, s->height / 2.0 + 1, &x[k], &y[k]), k++;
	if (rf_crs_transform(s->crs_wkt, "EPSG:4326", k, x, y, err))
		return rf_error_prefix(err, "%s", s->path);
	s->wgs84.west_deg = s->wgs84.east_deg = x[0];
	s->wgs84.south_deg = s->wgs84.north_deg = y[0];
	for (size_t i = 1; i < 4 * STEPS; i++) {
		s->wgs84.west_deg = fmin(s->wgs84.west_deg, x[i]);
		s->wgs84.east_deg = fmax(s->wgs84.east_deg, x[i]);
		s->wgs84.south_deg = fmin(s->wgs84.south_deg, y[i]);
		s->wgs84.north_deg = fmax(s->wgs84.north_deg, y[i]);
	}
	geod_init(&g, 6378137.0, 1 / 298.257223563);
	geod_inverse(&g, y[k - 3], x[k - 3], y[k - 2], x[k - 2], &dx_m, NULL, NULL);
	geod_inverse(&g, y[k - 3], x[k - 3], y[k - 1], x[k - 1], &dy_m, NULL, NULL);
	s->res_x_m = dx_m;
	s->res_y_m = dy_m;
	if (!(s->wgs84.north_deg <= 90.5 && s->wgs84.south_deg >= -90.5 && dx_m > 0 && dy_m > 0))
		return rf_error_set(err, "%s: the georeferencing does not fit the CRS %s "
				    "(extent outside the Earth)", s->path, s->crs_name);
	return 0;
}

/* A VRT of the chosen band with the CRS override, if any. */
static int make_vrt(struct rf_imp_source *s, struct rf_error *err)
{
	char band[32];
	char *argv[12];
	int n = 0, usage = 0;
	GDALTranslateOptions *o;
	GDALDriverH drv = GDALGetDatasetDriver(s->ds);

	snprintf(band, sizeof(band), "%d", s->band);
	argv[n++] = "-of";
	argv[n++] = "VRT";
	argv[n++] = "-b";
	argv[n++] = band;
	/* A VRT source would be cloned (GDALTranslate's plain copy), its
	 * relative source names then resolved against the current directory,
	 * and a raw band's file there opened for update (created, truncated):
	 * -outsize 100% makes the new VRT read the source through its own name
	 * instead, with the same pixels. */
	if (drv && !strcmp(GDALGetDriverShortName(drv), "VRT")) {
		argv[n++] = "-outsize";
		argv[n++] = "100%";
		argv[n++] = "100%";
	}
	if (s->srs_override) {
		argv[n++] = "-a_srs";
		argv[n++] = (char *)s->srs_override;
	}
	argv[n] = NULL;
	o = GDALTranslateOptionsNew(argv, NULL);
	CPLErrorReset();
	s->vrt = o ? GDALTranslate("", s->ds, o, &usage) : NULL;
	GDALTranslateOptionsFree(o);
	if (!s->vrt)
		return rf_error_set(err, "%s: cannot select band %d: %s", s->path, s->band,
				    gdal_msg());
	return 0;
}

/* SHA-256 of a /vsi* file (allowed with --allow-vrt-sources), read
 * through GDAL's virtual file API. */
static int vsi_sha256(const char *path, char hex[65], struct rf_error *err)
{
	VSILFILE *f = VSIFOpenL(path, "rb");
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	size_t n;
	int ok = f && ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);

	while (ok && (n = VSIFReadL(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n);
	ok = ok && EVP_DigestFinal_ex(ctx, md, &len) && len == 32;
	for (unsigned i = 0; ok && i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	EVP_MD_CTX_free(ctx);
	if (f)
		VSIFCloseL(f);
	return ok ? 0 : rf_error_set(err, "%s: cannot read", path);
}

int rf_imp_source_open(struct rf_imp_source *s, const char *path, const char *option,
		       const char *srs_override, const char *srs_option, int band,
		       const char *band_option, const struct rf_imp_trust *trust,
		       struct rf_log *log, struct rf_error *err)
{
	struct stat stbuf;
	OGRSpatialReferenceH srs = NULL;
	GDALRasterBandH b;
	struct rf_imp_guard guard;
	int rc = -1, vsi = rf_imp_is_vsi(path);

	memset(s, 0, sizeof(*s));
	s->path = rf_xstrdup(path);
	s->op_used = -1;
	if (rf_imp_check_raster(path, option, trust->allow, trust->root, err))
		return -1;
	/* an allowed /vsi* path: GDAL's open says whether it exists */
	if (!vsi && stat(path, &stbuf) != 0)
		return rf_error_set(err, "%s: no such file", path);
	if (!vsi && rf_input_check(path, err))
		return -1;
	CPLErrorReset();
	rf_imp_guard_begin(&guard, trust->allow);
	s->ds = GDALOpenEx(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
	rf_imp_guard_end(&guard);
	if (!s->ds)
		return rf_error_set(err, "%s: not a raster GDAL can read (%s)", path, gdal_msg());
	s->n_bands = GDALGetRasterCount(s->ds);
	s->width = GDALGetRasterXSize(s->ds);
	s->height = GDALGetRasterYSize(s->ds);
	if (s->n_bands < 1)
		return rf_error_set(err, "%s: the raster has no band", path);
	if (band > s->n_bands)
		return rf_error_set(err, "%s: option --%s: band %d is out of range (the file has "
				    "%d band%s)", path, band_option, band, s->n_bands,
				    s->n_bands == 1 ? "" : "s");
	if (band <= 0 && s->n_bands > 1)
		rf_warn(log, "%s has %d bands: using band 1 (choose another with --%s)", path,
			s->n_bands, band_option);
	s->band = band > 0 ? band : 1;
	if (GDALGetGeoTransform(s->ds, s->gt) != CE_None)
		return rf_error_set(err, "%s: the raster is not georeferenced (no geotransform)",
				    path);
	if (srs_override) {
		srs = OSRNewSpatialReference(NULL);
		if (OSRSetFromUserInput(srs, srs_override) != OGRERR_NONE) {
			OSRDestroySpatialReference(srs);
			return rf_error_set(err, "option --%s: '%s' is not a CRS PROJ/GDAL knows",
					    srs_option, srs_override);
		}
		s->srs_override = srs_override;
	} else {
		OGRSpatialReferenceH file_srs = GDALGetSpatialRef(s->ds);
		if (!file_srs || (!OSRIsGeographic(file_srs) && !OSRIsProjected(file_srs)))
			return rf_error_set(err, "%s: the raster has no usable CRS; give one with "
					    "--%s", path, srs_option);
		srs = OSRClone(file_srs);
	}
	describe_crs(s, srs);
	s->geographic = OSRIsGeographic(srs);
	b = GDALGetRasterBand(s->ds, s->band);
	s->nodata = GDALGetRasterNoDataValue(b, &s->has_nodata);
	s->datatype = GDALGetDataTypeName(GDALGetRasterDataType(b));
	snprintf(s->z_unit, sizeof(s->z_unit), "%s", GDALGetRasterUnitType(b));
	if (geo_extent(s, err) || make_vrt(s, err))
		goto done;
	if (rf_imp_list_ops(s->crs_wkt, &s->wgs84, &s->ops, &s->n_ops, &s->op_used, err)) {
		rf_error_prefix(err, "%s", path);
		goto done;
	}
	if (vsi ? vsi_sha256(path, s->sha256, err) : rf_sha256_file(path, s->sha256, err))
		goto done;
	rc = 0;
done:
	OSRDestroySpatialReference(srs);
	return rc;
}

/* The window of s that GDALWarp reads for grid g, in the pixels of the
 * level it reads: the grid's edges (densified, 20 steps each) transformed
 * to the source CRS and through the inverse geotransform, clipped to the
 * raster; GDALWarp's default (-ovr AUTO) reads the coarsest overview whose
 * pixels are not coarser than the grid's, so the window shrinks by that
 * overview's factor on each axis. */
int rf_imp_source_window(const struct rf_imp_source *s, const struct rf_grid *g,
			 double *width_px, double *height_px, struct rf_error *err)
{
	enum { STEPS = 20, NPT = 4 * STEPS };
	double x[NPT], y[NPT], inv[6], x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY,
	       y1 = -INFINITY, ratio, factor = 1;
	struct rf_bounds b;
	GDALRasterBandH band = GDALGetRasterBand(s->ds, s->band);
	struct rf_error terr;
	size_t k = 0;

	rf_grid_bounds(g, &b);
	for (int i = 0; i < STEPS; i++) {
		double t = (double)i / STEPS;
		x[k] = b.west_deg + t * (b.east_deg - b.west_deg), y[k++] = b.north_deg;
		x[k] = b.east_deg, y[k++] = b.north_deg - t * (b.north_deg - b.south_deg);
		x[k] = b.east_deg - t * (b.east_deg - b.west_deg), y[k++] = b.south_deg;
		x[k] = b.west_deg, y[k++] = b.south_deg + t * (b.north_deg - b.south_deg);
	}
	/* edges PROJ cannot take back (outside the CRS's domain): the whole
	 * raster, the largest window the warp can read */
	if (rf_crs_transform("EPSG:4326", s->crs_wkt, k, x, y, &terr))
		k = 0;
	if (!GDALInvGeoTransform((double *)s->gt, inv))
		return rf_error_set(err, "%s: the geotransform cannot be inverted", s->path);
	for (size_t i = 0; i < k; i++) {
		double px = inv[0] + x[i] * inv[1] + y[i] * inv[2];
		double py = inv[3] + x[i] * inv[4] + y[i] * inv[5];
		if (!isfinite(px) || !isfinite(py))
			continue;   /* outside the source CRS's domain */
		x0 = fmin(x0, px), x1 = fmax(x1, px), y0 = fmin(y0, py), y1 = fmax(y1, py);
	}
	if (!(x0 <= x1))   /* nothing transformed: assume the whole raster */
		x0 = 0, y0 = 0, x1 = s->width, y1 = s->height;
	x0 = fmax(x0, 0), y0 = fmax(y0, 0);
	x1 = fmin(x1, s->width), y1 = fmin(y1, s->height);
	*width_px = fmax(x1 - x0, 0);
	*height_px = fmax(y1 - y0, 0);
	ratio = fmin(*width_px / g->width, *height_px / g->height);
	for (int i = 0; i < GDALGetOverviewCount(band); i++) {
		GDALRasterBandH o = GDALGetOverview(band, i);
		double f = o && GDALGetRasterBandXSize(o) > 0
			? (double)s->width / GDALGetRasterBandXSize(o) : 1;
		if (f <= ratio && f > factor)
			factor = f;
	}
	*width_px = ceil(*width_px / factor);
	*height_px = ceil(*height_px / factor);
	return 0;
}

/* The window against RFPLAN_MAX_MEMORY_MB (doc/errors.md, "Limits"). */
int rf_imp_source_check_read(const struct rf_imp_source *s, const struct rf_grid *g,
			     struct rf_error *err)
{
	double w, h;
	GDALDataType t = GDALGetRasterDataType(GDALGetRasterBand(s->ds, s->band));
	if (rf_imp_source_window(s, g, &w, &h, err))
		return -1;
	return rf_limits_check_source_read(s->path, w, h, GDALGetDataTypeSizeBytes(t), err);
}

void rf_imp_source_report(const struct rf_imp_source *s, struct rf_log *log)
{
	rf_info(log, "%s: %dx%d %s, CRS %s%s%s%s, pixel %.3g x %.3g m", s->path, s->width,
		s->height, s->datatype, s->crs_name, s->crs_id ? " (" : "",
		s->crs_id ? s->crs_id : "", s->crs_id ? ")" : "", s->res_x_m, s->res_y_m);
	if (s->has_nodata)
		rf_verbose(log, "%s: band %d nodata %.9g", s->path, s->band, s->nodata);
	if (s->crs_id && s->crs_id_confidence < 100)
		rf_verbose(log, "%s: CRS identified as %s with %d%% confidence", s->path,
			   s->crs_id, s->crs_id_confidence);
	if (s->op_used >= 0) {
		const struct rf_imp_op *o = &s->ops[s->op_used];
		rf_verbose(log, "%s: PROJ operation to EPSG:4326: %s (accuracy %s%.3g m; "
			   "%zu candidate%s)", s->path, o->name, o->accuracy_m < 0 ? "unknown " : "",
			   o->accuracy_m < 0 ? 0.0 : o->accuracy_m, s->n_ops, s->n_ops == 1 ? "" : "s");
		for (size_t i = 0; i < s->n_ops; i++)
			rf_verbose(log, "  candidate %zu: %s (accuracy %g m%s)", i + 1, s->ops[i].name,
				   s->ops[i].accuracy_m, s->ops[i].instantiable ? "" : ", grid missing");
	}
}

void rf_imp_source_close(struct rf_imp_source *s)
{
	if (s->vrt)
		GDALClose(s->vrt);
	if (s->ds)
		GDALClose(s->ds);
	for (size_t i = 0; i < s->n_ops; i++)
		free(s->ops[i].name);
	free(s->ops);
	free(s->path);
	free(s->crs_name);
	free(s->crs_id);
	free(s->crs_wkt);
	memset(s, 0, sizeof(*s));
	s->op_used = -1;
}

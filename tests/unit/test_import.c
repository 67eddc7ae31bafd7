/* Unit tests of the import library (rf_import, rf_crs_transform,
 * rf_metres_to_degrees, rf_sha256_file, rf_workspace_*).  Expected values
 * come from cs2cs, published tables and hand computations (see each case). */
#include "check.h"
#include "rfplan/import.h"
#include "rfplan/sha256.h"
#include "rfplan/workspace.h"

#include <gdal.h>
#include <cpl_error.h>
#include <ogr_srs_api.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Points in GDA94 / MGA zone 48 (EPSG:28348) and their EPSG:4326 values from
 *   printf "575000 8840000\n570030 8845010\n572222 8837777\n" |
 *     cs2cs -f %.10f EPSG:28348 EPSG:4326
 *   -10.4929744805	105.6853775308 0.0000000000
 *   -10.4477599903	105.6398689619 0.0000000000
 *   -10.5131323256	105.6600349958 0.0000000000
 * (PROJ 9.1; cs2cs prints latitude first for EPSG:4326). */
static const double mga_e[3] = { 575000, 570030, 572222 };
static const double mga_n[3] = { 8840000, 8845010, 8837777 };
static const double cs2cs_lat[3] = { -10.4929744805, -10.4477599903, -10.5131323256 };
static const double cs2cs_lon[3] = { 105.6853775308, 105.6398689619, 105.6600349958 };

/* The synthetic DEM below is the plane z = (E - 565000) + 0.5 (N - 8835000). */
static double plane_z(double e, double n)
{
	return (e - 565000.0) + 0.5 * (n - 8835000.0);
}

/* A 500 x 500 Float32 GeoTIFF in EPSG:28348, 30 m pixels, north-west corner
 * (565000, 8850000), pixel centres holding plane_z. */
static int make_plane_dem(const char *path)
{
	GDALDriverH drv = GDALGetDriverByName("GTiff");
	GDALDatasetH ds = GDALCreate(drv, path, 500, 500, 1, GDT_Float32, NULL);
	double gt[6] = { 565000, 30, 0, 8850000, 0, -30 };
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	float *row = malloc(500 * sizeof(float));
	int rc = 0;
	if (!ds || !row)
		return -1;
	OSRImportFromEPSG(srs, 28348);
	GDALSetGeoTransform(ds, gt);
	GDALSetSpatialRef(ds, srs);
	for (int r = 0; r < 500 && rc == 0; r++) {
		for (int c = 0; c < 500; c++)
			row[c] = (float)plane_z(565000 + (c + 0.5) * 30, 8850000 - (r + 0.5) * 30);
		rc = GDALRasterIOEx(GDALGetRasterBand(ds, 1), GF_Write, 0, r, 500, 1, row, 500, 1,
				    GDT_Float32, 0, 0, NULL) == CE_None ? 0 : -1;
	}
	free(row);
	OSRDestroySpatialReference(srs);
	GDALClose(ds);
	return rc;
}

static int dir_has_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			found = 1;
	closedir(d);
	return found;
}

static void test_transform(void)
{
	double x[3], y[3];
	struct rf_error err;
	TEST_BEGIN("rf_crs_transform EPSG:28348 -> EPSG:4326 matches cs2cs to 1e-8 degree");
	memcpy(x, mga_e, sizeof(x));
	memcpy(y, mga_n, sizeof(y));
	CHECK(rf_crs_transform("EPSG:28348", "EPSG:4326", 3, x, y, &err) == 0);
	for (int i = 0; i < 3; i++) {
		CHECK_NEAR(x[i], cs2cs_lon[i], 1e-8);
		CHECK_NEAR(y[i], cs2cs_lat[i], 1e-8);
	}
	/* and back to the MGA coordinates within 1 mm */
	CHECK(rf_crs_transform("EPSG:4326", "EPSG:28348", 3, x, y, &err) == 0);
	for (int i = 0; i < 3; i++) {
		CHECK_NEAR(x[i], mga_e[i], 1e-3);
		CHECK_NEAR(y[i], mga_n[i], 1e-3);
	}
	TEST_END();
}

static void test_metres_to_degrees(void)
{
	double dlat, dlon;
	TEST_BEGIN("rf_metres_to_degrees: length of a degree on WGS84");
	/* Length of one degree on the WGS84 ellipsoid from the standard series
	 * (e.g. the "Length of a degree" formulas in the Wikipedia Latitude
	 * article / NGA): latitude 111132.954 - 559.822 cos 2phi + 1.175 cos 4phi,
	 * longitude 111412.84 cos phi - 93.5 cos 3phi + 0.118 cos 5phi.  At 45:
	 * 111132.954 - 0 - 1.175 = 111131.779 m, and
	 * 78780.768 + 66.115 - 0.083 = 78846.800 m. */
	rf_metres_to_degrees(111131.779, 45.0, &dlat, &dlon);
	CHECK_NEAR(dlat, 1.0, 1e-6);
	rf_metres_to_degrees(78846.800, 45.0, &dlat, &dlon);
	CHECK_NEAR(dlon, 1.0, 1e-6);
	/* at the equator a degree of longitude is a * pi / 180 =
	 * 6378137 * 0.017453292519943 = 111319.491 m */
	rf_metres_to_degrees(111319.491, 0.0, &dlat, &dlon);
	CHECK_NEAR(dlon, 1.0, 1e-8);
	TEST_END();
}

static void test_sha256(const char *tmp)
{
	char path[512], hex[65];
	struct rf_error err;
	FILE *f;
	TEST_BEGIN("rf_sha256_file: FIPS 180-2 example 'abc'");
	snprintf(path, sizeof(path), "%s/abc.txt", tmp);
	f = fopen(path, "wb");
	fputs("abc", f);
	fclose(f);
	CHECK(rf_sha256_file(path, hex, &err) == 0);
	/* FIPS 180-2, Appendix B.1: SHA-256("abc") */
	CHECK(!strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	snprintf(path, sizeof(path), "%s/missing.txt", tmp);
	CHECK(rf_sha256_file(path, hex, &err) == -1);
	CHECK(strstr(err.msg, "missing.txt") != NULL);
	TEST_END();
}

static void test_import_plane(const char *tmp)
{
	char src[512], ws_dir[512];
	const char *dems[1];
	struct rf_import_options o;
	struct rf_log log;
	struct rf_error err;
	struct rf_workspace ws;
	struct rf_raster r;
	char *p;

	TEST_BEGIN("import of an EPSG:28348 DEM lands where cs2cs says (1 cm)");
	snprintf(src, sizeof(src), "%s/plane_mga48.tif", tmp);
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", tmp);
	CHECK(make_plane_dem(src) == 0);
	rf_import_options_default(&o);
	dems[0] = src;
	o.dem_paths = dems;
	o.n_dem = 1;
	o.workdir = ws_dir;
	rf_log_init(&log, 0);
	CHECK_MSG(rf_import(&o, &log, &err) == 0, "rf_import: %s", err.msg);
	CHECK(rf_workspace_probe(ws_dir) == 1);
	CHECK_MSG(rf_workspace_open(ws_dir, &ws, &err) == 0, "open: %s", err.msg);
	/* 30 m pixels at -10.5 degrees: ~0.000271 degrees of latitude */
	CHECK_NEAR(ws.grid.dlat_deg * 110600.0, 30.0, 0.2);
	p = rf_workspace_path(&ws, "dem.tif");
	CHECK(rf_raster_read(p, 1, NULL, &r, &err) == 0);
	free(p);
	for (int i = 0; i < 3 && r.data; i++)
		CHECK_NEAR(rf_raster_bilinear(&r, cs2cs_lon[i], cs2cs_lat[i]),
			   plane_z(mga_e[i], mga_n[i]), 0.01);
	/* expected values by hand: 10000 + 2500, 5030 + 5005, 7222 + 1388.5 */
	CHECK_NEAR(plane_z(mga_e[0], mga_n[0]), 12500.0, 1e-9);
	rf_raster_free(&r);
	rf_workspace_close(&ws);
	/* a second import without --force must fail and keep the workspace */
	CHECK(rf_import(&o, &log, &err) == -1);
	CHECK(strstr(err.msg, "--force") != NULL);
	CHECK(rf_workspace_probe(ws_dir) == 1);
	o.force = 1;
	CHECK_MSG(rf_import(&o, &log, &err) == 0, "rf_import --force: %s", err.msg);
	CHECK(rf_workspace_probe(ws_dir) == 1);
	CHECK(!dir_has_prefix(tmp, "ws.tmp-") && !dir_has_prefix(tmp, "ws.old-"));
	rf_log_free(&log);
	TEST_END();
}

static void test_import_failures(const char *tmp)
{
	char src[512], ws_dir[512], notws[512];
	const char *dems[1];
	struct rf_import_options o;
	struct rf_log log;
	struct rf_error err;
	FILE *f;

	TEST_BEGIN("failed imports leave nothing behind");
	snprintf(src, sizeof(src), "%s/plane_mga48.tif", tmp);
	snprintf(ws_dir, sizeof(ws_dir), "%s/bad", tmp);
	rf_import_options_default(&o);
	dems[0] = src;
	o.dem_paths = dems;
	o.n_dem = 1;
	o.workdir = ws_dir;
	o.dem_band = 2;
	rf_log_init(&log, 0);
	CHECK(rf_import(&o, &log, &err) == -1);
	CHECK(strstr(err.msg, "plane_mga48.tif") && strstr(err.msg, "band 2"));
	CHECK(rf_workspace_probe(ws_dir) == 0);
	CHECK(!dir_has_prefix(tmp, "bad.tmp-"));
	/* a file that is not a raster */
	o.dem_band = 0;
	snprintf(notws, sizeof(notws), "%s/abc.txt", tmp);
	dems[0] = notws;
	CHECK(rf_import(&o, &log, &err) == -1);
	CHECK(strstr(err.msg, "abc.txt") && strstr(err.msg, "not a raster"));
	CHECK(rf_workspace_probe(ws_dir) == 0);
	/* an existing directory that is not a workspace */
	dems[0] = src;
	snprintf(notws, sizeof(notws), "%s/notws", tmp);
	CHECK(mkdir(notws, 0755) == 0);
	f = fopen(strcat(strcpy(ws_dir, notws), "/keep.txt"), "w");
	fclose(f);
	o.workdir = notws;
	o.force = 1;
	CHECK(rf_import(&o, &log, &err) == -1);
	CHECK(strstr(err.msg, "not an rfplan workspace") != NULL);
	CHECK(access(ws_dir, F_OK) == 0);
	CHECK(rf_workspace_probe(notws) == -1);
	rf_log_free(&log);
	TEST_END();
}

int main(void)
{
	char tmp[] = "/tmp/rfplan-test-import.XXXXXX";
	char cmd[600];
	TEST_PLAN(5);
	CPLSetErrorHandler(CPLQuietErrorHandler);
	GDALAllRegister();
	if (!mkdtemp(tmp)) {
		test_fail_rest("test_import", "mkdtemp /tmp/rfplan-test-import.XXXXXX failed");
		return test_exit_status();
	}
	test_transform();
	test_metres_to_degrees();
	test_sha256(tmp);
	test_import_plane(tmp);
	test_import_failures(tmp);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	GDALDestroyDriverManager();
	return test_exit_status();
}

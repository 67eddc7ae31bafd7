/* Files built in GDAL's /vsimem/ and written in one piece
 * (src/output/gdal_mem.h rf_vsimem_publish; the small maps of
 * output_geotiff.c, the GeoPackages of gpkg_util.c rf_gpkg_begin with
 * in_memory): two threads building at once each get their own in-memory
 * file (its name holds the address of its owner), and a full disk fails
 * naming the file, leaving no temporary file beside it and nothing in
 * /vsimem/.  Expected values: each map is filled with its own index and
 * each GeoPackage holds index + 1 points, written here; the full disk is a
 * 64 KiB tmpfs, smaller than a 512 x 512 map of random Float32 (1 MiB
 * before DEFLATE, which cannot shrink random mantissas below 64 KiB) and
 * than a GeoPackage of 5,000 points (GDAL's empty GeoPackage alone is
 * ~100 KiB). */
#define _GNU_SOURCE   /* unshare(2) */
#include "check.h"
#include "output/gpkg_util.h"
#include "rfplan/output.h"

#include <dirent.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>

static int vsimem_entries(void)
{
	char **l = VSIReadDir("/vsimem/");
	int n = CSLCount(l);
	CSLDestroy(l);
	return n;
}

/* Entries of dir other than "." and "..". */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* A GeoPackage built in memory at path with n points in layer "pts". */
static int write_gpkg(const char *path, int n, struct rf_error *err)
{
	static const char *const fields[] = { "name", NULL };
	static const OGRFieldType types[] = { OFTString };
	struct rf_gpkg k;
	OGRLayerH l;
	int rc;
	if (rf_gpkg_begin(&k, path, 1, err))
		return -1;
	l = rf_gpkg_layer(&k, "pts", wkbPoint, fields, types);
	rc = l ? 0 : -1;
	for (int i = 0; i < n && !rc; i++) {
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
		OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
		char name[32];
		snprintf(name, sizeof(name), "point %d", i);
		OGR_F_SetFieldString(f, 0, name);
		OGR_G_SetPoint_2D(g, 0, 147.0 + i * 1e-5, -42.0);
		rc = rf_gpkg_add(&k, l, f, g);
	}
	return rf_gpkg_end(&k, !rc);
}

/* Pixel (5, 5) of path's band 1, NaN when unreadable. */
static float pixel(const char *path)
{
	GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
	float v = NAN;
	if (!ds)
		return v;
	if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 5, 5, 1, 1, &v, 1, 1, GDT_Float32, 0,
			 0) != CE_None)
		v = NAN;
	GDALClose(ds);
	return v;
}

static long points(const char *path)
{
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "pts") : NULL;
	long n = l ? (long)OGR_L_GetFeatureCount(l, 1) : -1;
	if (ds)
		GDALClose(ds);
	return n;
}

#define N_FILES 24

static void test_two_threads(const char *dir)
{
	const struct rf_grid g = { 64, 64, 147.0, -42.0, 0.001, 0.001 };
	int wrong = 0;
	TEST_BEGIN("vsimem: GeoTIFFs and GeoPackages built on two threads at once: each file its "
		   "own content, nothing left in /vsimem/ or beside them");
	#pragma omp parallel for num_threads(2) schedule(static, 1) reduction(+ : wrong)
	for (int i = 0; i < N_FILES; i++) {
		float *v = malloc(64 * 64 * sizeof(float));
		char path[256];
		struct rf_error err;
		for (int j = 0; j < 64 * 64; j++)
			v[j] = (float)i;
		snprintf(path, sizeof(path), "%s/map%d.tif", dir, i);
		if (rf_write_geotiff_f32(path, &g, v, -9999, "x", &err) || pixel(path) != (float)i)
			wrong++;
		snprintf(path, sizeof(path), "%s/points%d.gpkg", dir, i);
		if (write_gpkg(path, i + 1, &err) || points(path) != i + 1)
			wrong++;
		free(v);
	}
	CHECK_MSG(wrong == 0, "%d files wrong", wrong);
	CHECK_MSG(vsimem_entries() == 0, "%d entries in /vsimem/", vsimem_entries());
	CHECK_MSG(count_files(dir) == 2 * N_FILES, "%d files", count_files(dir));
	for (int i = 0; i < N_FILES; i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/map%d.tif", dir, i);
		unlink(path);
		snprintf(path, sizeof(path), "%s/points%d.gpkg", dir, i);
		unlink(path);
	}
	TEST_END();
}

static void test_full_disk(const char *dir)
{
	const struct rf_grid g = { 512, 512, 147.0, -42.0, 0.0001, 0.0001 };
	char mnt[256], path[300];
	struct rf_error err;
	TEST_BEGIN("vsimem: a full disk (64 KiB tmpfs): the GeoTIFF and the GeoPackage fail naming "
		   "the file, no temporary beside it, nothing left in /vsimem/");
	snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
	/* a private mount namespace: nothing outside this process sees it */
	if (mkdir(mnt, 0700) || unshare(CLONE_NEWNS) ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=64k")) {
		SKIP("cannot mount a tmpfs in a private namespace here (not root?)");
	} else {
		float *v = malloc((size_t)g.width * g.height * sizeof(float));
		srand(1);
		for (int j = 0; j < g.width * g.height; j++)
			v[j] = (float)rand() / (float)RAND_MAX * 100.0f;
		snprintf(path, sizeof(path), "%s/map.tif", mnt);
		CHECK(rf_write_geotiff_f32(path, &g, v, -9999, "x", &err) == -1);
		CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "No space left on device"),
			  "message: %s", err.msg);
		snprintf(path, sizeof(path), "%s/points.gpkg", mnt);
		CHECK(write_gpkg(path, 5000, &err) == -1);
		CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "No space left on device"),
			  "message: %s", err.msg);
		CHECK_MSG(count_files(mnt) == 0, "%d files left", count_files(mnt));
		CHECK_MSG(vsimem_entries() == 0, "%d entries in /vsimem/", vsimem_entries());
		free(v);
		umount2(mnt, MNT_DETACH);
	}
	rmdir(mnt);
	TEST_END();
}

/* A map written, and one whose directory is missing (the in-memory build
 * succeeds, the temporary file beside it cannot be made): nothing may stay
 * in /vsimem/ either way. */
static void test_geotiff_in_memory(const char *dir)
{
	const struct rf_grid g = { 6, 4, 147.0, -42.0, 0.01, 0.01 };
	char path[1024];
	struct rf_error err;
	float v[24];
	uint16_t u[24] = { 0 };
	int before = count_files(dir);

	for (int i = 0; i < 24; i++)
		v[i] = -70.0f - (float)i;
	TEST_BEGIN("geotiff built in /vsimem/: nothing left there, written or its directory missing");
	CHECK(vsimem_entries() == 0);
	snprintf(path, sizeof(path), "%s/mem.tif", dir);
	CHECK_MSG(rf_write_geotiff_f32(path, &g, v, -9999, "x", &err) == 0, "%s", err.msg);
	CHECK(rf_write_geotiff_u16(path, &g, u, 65535, "x", &err) == 0);
	CHECK_MSG(vsimem_entries() == 0, "%d entries", vsimem_entries());
	CHECK(count_files(dir) == before + 1);   /* mem.tif, no temporary */
	snprintf(path, sizeof(path), "%s/no-such-dir/mem.tif", dir);
	CHECK(rf_write_geotiff_f32(path, &g, v, -9999, "x", &err) == -1);
	CHECK_MSG(strstr(err.msg, path) != NULL, "message: %s", err.msg);
	CHECK_MSG(vsimem_entries() == 0, "%d entries", vsimem_entries());
	snprintf(path, sizeof(path), "%s/mem.tif", dir);
	unlink(path);
	CHECK(count_files(dir) == before);
	TEST_END();
}

int main(void)
{
	char dir[] = "/tmp/rfplan-test-gdal-mem.XXXXXX";
	GDALAllRegister();
	TEST_PLAN(3);
	if (!mkdtemp(dir)) {
		test_fail_rest("test_gdal_mem", "mkdtemp /tmp/rfplan-test-gdal-mem.XXXXXX failed");
		return test_exit_status();
	}
	test_two_threads(dir);
	test_full_disk(dir);
	test_geotiff_in_memory(dir);
	rmdir(dir);
	return test_exit_status();
}

/* The GIS products (include/rfplan/gis.h): half-power beamwidth, the
 * GeoPackage's layers and its refusals (read-only, open elsewhere,
 * unwritable place: clear error, nothing written), the project's layer
 * table (a map of another part of rfplan is listed only when its file
 * exists), the readable map's width limits, its legend (every class and
 * the terrain grey, whole, on a square map and on a strip).
 *
 * The sample: a 4 x 3 grid of 0.01 deg pixels, north-west corner 147.00 E
 * 42.00 S; RSRP -75 dBm (class 0) in column 0, -95 (class 2) in columns 1-2,
 * NAN in column 3; best server 0 in columns 0-1, 1 in column 2, none in 3. */
#include "check.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

#include "rfplan/antenna.h"
#include "rfplan/gis.h"
#include "rfplan/output.h"

#define W 4
#define H 3

static const struct rf_grid grid = { .width = W, .height = H, .west_deg = 147.0,
				     .north_deg = -42.0, .dlon_deg = 0.01, .dlat_deg = 0.01 };

struct sample {
	float rsrp[W * H];
	uint16_t best[W * H];
	struct rf_site site_items[1];
	struct rf_sites sites;
	struct rf_cell cell_items[2];
	struct rf_cells cells;
	struct rf_color_class cls[5];
	char labels[5 * RF_LABEL_MAX];
	struct rf_color_scheme s;
	double bw[2];   /* the cells' beamwidths: 65 deg sector, omni */
};

static void sample_init(struct sample *x)
{
	static const double edges[5] = { -80, -90, -100, -110, -120 };
	memset(x, 0, sizeof(*x));
	for (int r = 0; r < H; r++)
		for (int c = 0; c < W; c++) {
			x->rsrp[r * W + c] = c == 0 ? -75.0f : c < 3 ? -95.0f : NAN;
			x->best[r * W + c] = c < 2 ? 0 : c == 2 ? 1 : 65535;
		}
	x->site_items[0] = (struct rf_site){ "S1", "Hill", -42.015, 147.015, 100, 1, 2 };
	x->sites.items = x->site_items;
	x->sites.count = 1;
	for (int i = 0; i < 2; i++) {
		struct rf_cell *c = &x->cell_items[i];
		c->site_id = "S1";
		c->cell_id = i ? "B" : "A";
		c->antenna_spec = i ? "" : "sector";
		c->lat_deg = -42.015;
		c->lon_deg = 147.015;
		c->azimuth_deg = i ? 0 : 90;
		c->pci = i ? -1 : 7;
		c->frequency_mhz = 1800;
	}
	x->cells.items = x->cell_items;
	x->cells.count = 2;
	x->bw[0] = 65;
	x->bw[1] = 360;
	rf_rsrp_scheme(edges, 5, x->cls, x->labels, &x->s);
}

static int exists(const char *dir, const char *name)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

/* Files in dir other than those named (NULL-terminated). */
static int stray_files(const char *dir, const char *const *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		int k = e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, ".."));
		for (int i = 0; keep[i] && !k; i++)
			k = !strcmp(e->d_name, keep[i]);
		n += !k;
	}
	if (d)
		closedir(d);
	return n;
}

static void test_beamwidth(struct sample *x)
{
	struct rf_antenna *sec = rf_antenna_sector(15, 65, 10, 25), *omni = rf_antenna_omni(2);
	TEST_BEGIN("beamwidth: 3GPP sector of 65 deg, omni 360");
	/* A_H = -12 (phi / 65)^2 is -3 dB at phi = 32.5 deg: 65 deg, 0.5 deg steps */
	x->cell_items[0].antenna = sec;
	x->cell_items[1].antenna = omni;
	CHECK_NEAR(rf_cell_beamwidth_deg(&x->cell_items[0]), 65, 1.0);
	CHECK(rf_cell_beamwidth_deg(&x->cell_items[1]) == 360);
	TEST_END();
}

static void test_gpkg(const char *dir, struct sample *x)
{
	char path[512];
	struct rf_error err;
	snprintf(path, sizeof(path), "%s/coverage.gpkg", dir);

	TEST_BEGIN("gpkg: layers, features, styles");
	CHECK_MSG(rf_write_coverage_gpkg(path, &grid, x->rsrp, x->best, 65535, &x->s, &x->sites,
					 &x->cells, x->bw, 500, &err) == 0, "%s", err.msg);
	GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
	CHECK(ds != NULL);
	if (ds) {
		static const char *const names[] = { "sites", "cells", "rsrp_classes",
						     "best_server", "layer_styles" };
		static const int counts[] = { 1, 2, 2, 2, 4 };   /* classes 0 and 2 */
		for (int i = 0; i < 5; i++) {
			OGRLayerH l = GDALDatasetGetLayerByName(ds, names[i]);
			CHECK_MSG(l && OGR_L_GetFeatureCount(l, 1) == counts[i], "layer %s",
				  names[i]);
		}
		OGRLayerH l = GDALDatasetGetLayerByName(ds, "cells");
		OGRFeatureH f = l ? OGR_L_GetNextFeature(l) : NULL;
		CHECK(f && OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "pci")) == 7);
		CHECK(f && fabs(OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "beamwidth_deg"))
				- 65) <= 1);
		if (f)
			OGR_F_Destroy(f);
		GDALClose(ds);
	}
	TEST_END();

	TEST_BEGIN("gpkg: a read-only GeoPackage is refused and kept");
	struct stat before, after;
	chmod(path, 0444);
	stat(path, &before);
	CHECK(rf_write_coverage_gpkg(path, &grid, x->rsrp, x->best, 65535, &x->s, &x->sites,
				     &x->cells, x->bw, 500, &err) == -1);
	CHECK_MSG(strstr(err.msg, path) && strstr(err.msg, "read-only"), "%s", err.msg);
	CHECK(stat(path, &after) == 0 && after.st_ino == before.st_ino &&
	      after.st_size == before.st_size);
	chmod(path, 0644);
	{
		static const char *const keep[] = { "coverage.gpkg", NULL };
		CHECK(stray_files(dir, keep) == 0);
	}
	TEST_END();

	TEST_BEGIN("gpkg: a GeoPackage open in another program is refused");
	char wal[600];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	FILE *fw = fopen(wal, "w");
	if (fw)
		fclose(fw);
	CHECK(rf_write_coverage_gpkg(path, &grid, x->rsrp, x->best, 65535, &x->s, &x->sites,
				     &x->cells, x->bw, 500, &err) == -1);
	CHECK_MSG(strstr(err.msg, "open in another program") && strstr(err.msg, "-wal"), "%s",
		  err.msg);
	unlink(wal);
	{
		static const char *const keep[] = { "coverage.gpkg", NULL };
		CHECK(stray_files(dir, keep) == 0);
	}
	TEST_END();

	TEST_BEGIN("gpkg: an unwritable place fails with its name, nothing written");
	char bad[600];
	snprintf(bad, sizeof(bad), "%s/coverage.gpkg/x.gpkg", dir);   /* under a file */
	CHECK(rf_write_coverage_gpkg(bad, &grid, x->rsrp, x->best, 65535, &x->s, &x->sites,
				     &x->cells, x->bw, 500, &err) == -1);
	CHECK_MSG(strstr(err.msg, "x.gpkg") != NULL, "%s", err.msg);
	TEST_END();
}

static int has(const char *path, const char *needle)
{
	size_t n = 0;
	char *buf = NULL;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	buf = malloc(1 << 20);
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	int r = strstr(buf, needle) != NULL;
	free(buf);
	return r;
}

static void test_project(const char *dir, struct sample *x)
{
	char p[512], q[512];
	struct rf_error err;
	snprintf(p, sizeof(p), "%s/rsrp.tif", dir);
	snprintf(q, sizeof(q), "%s/rsrp.qml", dir);
	TEST_BEGIN("project: a table row is a layer when its file exists");
	CHECK(rf_write_geotiff_f32(p, &grid, x->rsrp, -9999, "rsrp", &err) == 0);
	CHECK(rf_write_qml_classes(q, &x->s, &err) == 0);
	CHECK_MSG(rf_write_qgis_project(dir, &grid, &err) == 0, "%s", err.msg);
	snprintf(p, sizeof(p), "%s/project.qgs", dir);
	CHECK(has(p, "<datasource>./rsrp.tif</datasource>"));
	CHECK(has(p, "<datasource>./coverage.gpkg|layername=sites</datasource>"));
	CHECK(!has(p, "cqi.tif"));
	CHECK(!has(p, "name=\"Service\""));
	/* another branch's map appears once written */
	snprintf(p, sizeof(p), "%s/cqi.tif", dir);
	snprintf(q, sizeof(q), "%s/cqi.qml", dir);
	CHECK(rf_write_geotiff_f32(p, &grid, x->rsrp, -9999, "cqi", &err) == 0);
	CHECK(rf_write_qml_classes(q, &x->s, &err) == 0);
	CHECK_MSG(rf_write_qgis_project(dir, &grid, &err) == 0, "%s", err.msg);
	snprintf(p, sizeof(p), "%s/project.qgs", dir);
	CHECK(has(p, "<datasource>./cqi.tif</datasource>"));
	CHECK(has(p, "<layer-tree-group name=\"Service\""));
	CHECK(exists(dir, "project.qgs"));
	TEST_END();
}

static void test_report(const char *dir, struct sample *x)
{
	char p[512];
	struct rf_error err;
	snprintf(p, sizeof(p), "%s/report.png", dir);
	TEST_BEGIN("report png: width outside 400..20000 refused, nothing written");
	CHECK(rf_write_report_png(p, &grid, x->rsrp, NULL, &x->s, &x->sites, &x->cells, x->bw,
				  "t", 0, &err) == -1);
	CHECK_MSG(strstr(err.msg, "400..20000") != NULL, "%s", err.msg);
	CHECK(rf_write_report_png(p, &grid, x->rsrp, NULL, &x->s, &x->sites, &x->cells, x->bw,
				  "t", 100000, &err) == -1);
	CHECK(!exists(dir, "report.png"));
	CHECK_MSG(rf_write_report_png(p, &grid, x->rsrp, NULL, &x->s, &x->sites, &x->cells,
				      x->bw, "t", 400, &err) == 0, "%s", err.msg);
	GDALDatasetH ds = GDALOpen(p, GA_ReadOnly);
	CHECK(ds && GDALGetRasterXSize(ds) == 400);
	/* height: 400 * (3 * 0.01) / (4 * 0.01 * cos(42.015 deg)) + title and margins */
	CHECK(ds && GDALGetRasterYSize(ds) > 400 * 3 / (4 * 0.7431));
	if (ds)
		GDALClose(ds);
	TEST_END();
}

/* The RGBA pixels of a PNG, w x h: GDAL's PNG driver gives 4 bands for
 * RGBA, 3 for RGB (the report map: doc/outputs.md), whose alpha is 255. */
static unsigned char *read_rgba(const char *path, int *w, int *h)
{
	GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
	unsigned char *px = NULL;
	int nb = ds ? GDALGetRasterCount(ds) : 0;
	if (nb != 4 && nb != 3) {
		if (ds)
			GDALClose(ds);
		return NULL;
	}
	*w = GDALGetRasterXSize(ds);
	*h = GDALGetRasterYSize(ds);
	px = malloc((size_t)*w * *h * 4);
	memset(px, 255, (size_t)*w * *h * 4);
	int bands[4] = { 1, 2, 3, 4 };
	if (GDALDatasetRasterIO(ds, GF_Read, 0, 0, *w, *h, px, *w, *h, GDT_Byte, nb, bands, 4,
				4 * *w, 1) != CE_None) {
		free(px);
		px = NULL;
	}
	GDALClose(ds);
	return px;
}

static int is_rgb(const unsigned char *p, int r, int g, int b)
{
	return p[0] == r && p[1] == g && p[2] == b;
}

/* The legend of a map with no coverage at all (every value NAN, no
 * hillshade: the map is flat terrain grey, so no class colour is on it).
 * At 1000 px the font scale s is 2: a swatch is 6s x 7s with a 1-px edge,
 * (6s - 2)(7s - 2) = 10 x 12 = 120 pixels of the class colour inside; rows
 * are 7s + 3s = 20 px apart; below the last class the terrain grey,
 * (0.35 + 0.6 * 181/255) * 245 = 190.1 -> 190, edged (110,110,110). */
static void check_legend(const char *path, struct sample *x, const char *what)
{
	int w = 0, h = 0, n[5] = { 0 }, rx = -1, ry = -1;
	unsigned char *px = read_rgba(path, &w, &h);
	CHECK_MSG(px != NULL, "%s: cannot read %s", what, path);
	if (!px)
		return;
	for (int y = 0; y < h; y++)
		for (int xx = 0; xx < w; xx++) {
			const unsigned char *p = px + 4 * ((size_t)y * w + xx);
			for (int k = 0; k < 5; k++)
				if (is_rgb(p, x->cls[k].rgba[0], x->cls[k].rgba[1], x->cls[k].rgba[2])) {
					n[k]++;
					if (k == 4 && rx < 0) {
						rx = xx;
						ry = y;
					}
				}
		}
	for (int k = 0; k < 5; k++)
		CHECK_MSG(n[k] == 120, "%s: class %d swatch has %d pixels, not 120", what, k, n[k]);
	int gy = ry + 20, bottom = gy + 12;   /* the grey swatch's inside, its lower edge */
	CHECK_MSG(rx >= 0 && bottom < h, "%s: no room below the last class (h %d)", what, h);
	if (rx >= 0 && bottom < h) {
		CHECK_MSG(is_rgb(px + 4 * ((size_t)gy * w + rx), 190, 190, 190), "%s: no grey", what);
		CHECK_MSG(is_rgb(px + 4 * ((size_t)(gy + 11) * w + rx + 9), 190, 190, 190),
			  "%s: grey swatch cut", what);
		CHECK_MSG(is_rgb(px + 4 * ((size_t)bottom * w + rx), 110, 110, 110),
			  "%s: grey swatch without its lower edge", what);
	}
	free(px);
}

static void test_report_legend(const char *dir, struct sample *x)
{
	static const struct rf_grid strip = { .width = 40, .height = 1, .west_deg = 147.0,
					      .north_deg = -42.0, .dlon_deg = 0.01,
					      .dlat_deg = 0.01 };
	float none[40];
	char p[512];
	struct rf_error err;
	for (int i = 0; i < 40; i++)
		none[i] = NAN;
	snprintf(p, sizeof(p), "%s/legend.png", dir);
	TEST_BEGIN("report png: legend whole with the grey class, square map and strip");
	CHECK_MSG(rf_write_report_png(p, &grid, none, NULL, &x->s, NULL, NULL, NULL, "t", 1000,
				      &err) == 0, "%s", err.msg);
	check_legend(p, x, "square");
	/* 40 x 1 pixels: the map is 1000 - 2 * 12 px wide and
	 * 976 * 0.01 / (40 * 0.01 * cos 42.005 deg) = 33 px high, the legend
	 * (m 6, title 14, 6 rows of 20: about 150 px) goes below it */
	CHECK_MSG(rf_write_report_png(p, &strip, none, NULL, &x->s, NULL, NULL, NULL, "t", 1000,
				      &err) == 0, "%s", err.msg);
	check_legend(p, x, "strip");
	unlink(p);
	TEST_END();
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[512];
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

int main(void)
{
	char dir[] = "/tmp/rfplan-test-gis.XXXXXX";
	struct sample x;

	TEST_PLAN(8);
	GDALAllRegister();
	CPLSetErrorHandler(CPLQuietErrorHandler);   /* as rfplan's main */
	sample_init(&x);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_beamwidth(&x);
	test_gpkg(dir, &x);
	test_project(dir, &x);
	test_report(dir, &x);
	test_report_legend(dir, &x);
	rf_antenna_free((struct rf_antenna *)x.cell_items[0].antenna);
	rf_antenna_free((struct rf_antenna *)x.cell_items[1].antenna);
	remove_dir(dir);
	return test_exit_status();
}

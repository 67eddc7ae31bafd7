/* Result writers: GeoTIFF (read back with GDAL), QML, PNG + world file +
 * legend (read back with libpng), KMZ (read back through GDAL's /vsizip/).
 *
 * Names from other people's files: the CSV text writer (RFC 4180, OWASP's
 * CSV-injection guard) and its reader, the XML escaper, the terminal
 * escaper, the bitmap font's coverage of printable ASCII.
 *
 * `test_output --write-dir DIR` instead writes a small sample (rsrp.tif,
 * rsrp.qml, rsrp.png/.pgw, rsrp_legend.png, rsrp.kmz, server.tif, server.qml;
 * see sample_grid below) for the QGIS check tests/cli/test_qgis.sh. */
#include "check.h"
#include "rfplan/csvtab.h"
#include "rfplan/log.h"
#include "rfplan/output.h"

#include "output/font5x7.h"
#include "core/output_util.h"

#include <dirent.h>
#include <stdint.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <png.h>

/* The five standard edges and the colours documented in doc/outputs.md. */
static const double edges[5] = { -80, -90, -100, -110, -120 };
static const unsigned char doc_rgb[5][3] = {
	{ 0x1a, 0x96, 0x41 }, { 0xa6, 0xd9, 0x6a }, { 0xff, 0xff, 0x00 },
	{ 0xfd, 0xae, 0x61 }, { 0xd7, 0x19, 0x1c },
};

/* 6 x 4 pixels of 0.01 deg, north-west corner 147.00 E, 42.00 S.  Column
 * values: -75, -85, -90 (exactly a class edge), the Float32 just below -90,
 * -105, -125 (below the last class); row 3 is NAN. */
static const struct rf_grid sample_grid = { 6, 4, 147.0, -42.0, 0.01, 0.01 };

static void sample_values(float *v)
{
	const float col[6] = { -75.0f, -85.0f, -90.0f, nextafterf(-90.0f, -INFINITY), -105.0f,
			       -125.0f };
	int r, c;
	for (r = 0; r < 4; r++)
		for (c = 0; c < 6; c++)
			v[r * 6 + c] = r == 3 ? NAN : col[c];
}

static void join(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1024];
	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			join(p, sizeof(p), dir, e->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(dir);
}

static char *read_text(const char *path)
{
	VSILFILE *f = VSIFOpenL(path, "rb");
	char *buf;
	size_t n;
	if (!f)
		return NULL;
	buf = calloc(1, 65536);
	n = VSIFReadL(buf, 1, 65535, f);
	buf[n] = '\0';
	VSIFCloseL(f);
	return buf;
}

/* The number between <tag> and </tag> in text, NAN if absent. */
static double xml_number(const char *text, const char *tag)
{
	char open[32];
	const char *p;
	snprintf(open, sizeof(open), "<%s>", tag);
	p = strstr(text, open);
	return p ? strtod(p + strlen(open), NULL) : NAN;
}

static int write_sample(const char *dir)
{
	struct rf_color_class cls[5];
	char labels[5 * RF_LABEL_MAX], p[1024], png[1024], legend[1024];
	const char *server_labels[3] = { "SITE1/A", "SITE1/B", "SITE2/A" };
	struct rf_color_scheme s;
	struct rf_error err;
	float v[24];
	uint16_t u[24];
	int i;

	sample_values(v);
	for (i = 0; i < 24; i++)
		u[i] = i >= 18 ? 65535 : (uint16_t)(i % 6 % 3);
	rf_rsrp_scheme(edges, 5, cls, labels, &s);
	join(p, sizeof(p), dir, "rsrp.tif");
	join(png, sizeof(png), dir, "rsrp.png");
	join(legend, sizeof(legend), dir, "rsrp_legend.png");
	if (rf_write_geotiff_f32(p, &sample_grid, v, -9999, "RSRP (dBm)", &err))
		goto fail;
	join(p, sizeof(p), dir, "rsrp.qml");
	if (rf_write_qml_classes(p, &s, &err))
		goto fail;
	if (rf_write_png_map(png, legend, &sample_grid, v, &s, &err))
		goto fail;
	join(p, sizeof(p), dir, "rsrp.kmz");
	if (rf_write_kmz(p, png, legend, &sample_grid, "RSRP", &err))
		goto fail;
	join(p, sizeof(p), dir, "server.tif");
	if (rf_write_geotiff_u16(p, &sample_grid, u, 65535, "best server", &err))
		goto fail;
	join(p, sizeof(p), dir, "server.qml");
	if (rf_write_qml_palette(p, 3, server_labels, &err))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "test_output: %s\n", err.msg);
	return 1;
}

static void test_scheme(void)
{
	struct rf_color_class cls[5];
	char labels[5 * RF_LABEL_MAX];
	struct rf_color_scheme s;
	int i;

	rf_rsrp_scheme(edges, 5, cls, labels, &s);
	TEST_BEGIN("rsrp scheme: labels and documented colours");
	CHECK(s.n == 5 && s.classes == cls);
	CHECK(strcmp(s.title, "RSRP (dBm)") == 0);
	CHECK(strcmp(cls[0].label, ">= -80 dBm") == 0);
	CHECK(strcmp(cls[1].label, "-90 to -80 dBm") == 0);
	CHECK(strcmp(cls[4].label, "-120 to -110 dBm") == 0);
	for (i = 0; i < 5; i++) {
		CHECK(cls[i].lower == edges[i]);
		CHECK_MSG(memcmp(cls[i].rgba, doc_rgb[i], 3) == 0 && cls[i].rgba[3] == 255,
			  "class %d colour %02x%02x%02x", i, cls[i].rgba[0], cls[i].rgba[1],
			  cls[i].rgba[2]);
	}
	TEST_END();

	TEST_BEGIN("rsrp scheme: class of a value (lower bound inclusive)");
	CHECK(rf_scheme_class(&s, -70) == 0);
	CHECK(rf_scheme_class(&s, -80) == 0);
	CHECK(rf_scheme_class(&s, -80.01) == 1);
	CHECK(rf_scheme_class(&s, -90) == 1);
	CHECK(rf_scheme_class(&s, -120) == 4);
	CHECK(rf_scheme_class(&s, -120.01) == -1);
	CHECK(rf_scheme_class(&s, NAN) == -1);
	TEST_END();

	TEST_BEGIN("rsrp scheme: three classes span the ramp ends and middle");
	{
		const double e3[3] = { -85, -100, -115 };
		rf_rsrp_scheme(e3, 3, cls, labels, &s);
		CHECK(memcmp(cls[0].rgba, doc_rgb[0], 3) == 0);
		CHECK(memcmp(cls[1].rgba, doc_rgb[2], 3) == 0);
		CHECK(memcmp(cls[2].rgba, doc_rgb[4], 3) == 0);
		CHECK(strcmp(cls[2].label, "-115 to -100 dBm") == 0);
	}
	TEST_END();
}

static void test_palette(void)
{
	unsigned char rgb[3];

	/* Hand computation, HSV -> RGB with S = 0.65:
	 * i=0: H=0, V=0.95: R=V=242.25->242, G=B=V(1-S)=0.3325*255=84.8->85.
	 * i=1: H=137.5078 (sector 2, f=0.29180), V=0.75: R=V(1-S)=0.2625*255=
	 *      66.9->67, G=191.25->191, B=V(1-S(1-f))=0.40475*255=103.2->103.
	 * i=2: H=275.0155 (sector 4, f=0.58359), V=0.95: R=V(1-S(1-f))=
	 *      0.69287*255=176.7->177, G=85, B=242. */
	TEST_BEGIN("palette colours: golden-angle hues");
	rf_palette_color(0, rgb);
	CHECK(rgb[0] == 242 && rgb[1] == 85 && rgb[2] == 85);
	rf_palette_color(1, rgb);
	CHECK(rgb[0] == 67 && rgb[1] == 191 && rgb[2] == 103);
	rf_palette_color(2, rgb);
	CHECK(rgb[0] == 177 && rgb[1] == 85 && rgb[2] == 242);
	TEST_END();
}

/* 700 x 600 and 2100 x 600 pixels: several 512-pixel tiles; the writer adds
 * internal overviews only when a side exceeds 2048 pixels (doc/outputs.md). */
static float big_value(int c, int r)
{
	return (c == 3 && r == 2) ? NAN : -60.0f - 0.1f * (float)c - (float)(r % 7);
}

static void test_geotiff_f32(const char *dir, int width)
{
	const struct rf_grid g = { width, 600, 147.0, -42.0, 0.001, 0.0005 };
	float *v = malloc(sizeof(float) * width * 600), px[4];
	char name[128];
	char path[1024];
	struct rf_error err;
	GDALDatasetH ds;
	int r, c;

	for (r = 0; r < 600; r++)
		for (c = 0; c < width; c++)
			v[r * width + c] = big_value(c, r);
	join(path, sizeof(path), dir, "f32.tif");
	snprintf(name, sizeof(name), "geotiff f32 %dx600: written, read back by GDAL, %s", width,
		 width > 2048 ? "with overviews" : "no overviews");
	TEST_BEGIN(name);
	CHECK_MSG(rf_write_geotiff_f32(path, &g, v, -9999.0, "RSRP (dBm)", &err) == 0, "%s",
		  err.msg);
	ds = GDALOpen(path, GA_ReadOnly);
	CHECK(ds != NULL);
	if (ds) {
		GDALRasterBandH b = GDALGetRasterBand(ds, 1);
		OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
		const char *code = srs ? OSRGetAuthorityCode(srs, NULL) : NULL;
		const char *comp = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE");
		const char *layout = GDALGetMetadataItem(ds, "LAYOUT", "IMAGE_STRUCTURE");
		const char *pred = GDALGetMetadataItem(ds, "PREDICTOR", "IMAGE_STRUCTURE");
		double gt[6], nd;
		int has_nd, bx, by;

		CHECK(GDALGetRasterXSize(ds) == width && GDALGetRasterYSize(ds) == 600);
		CHECK(GDALGetRasterDataType(b) == GDT_Float32);
		CHECK(code && strcmp(code, "4326") == 0);
		/* grid.h: the geotransform is (west, dlon, 0, north, 0, -dlat). */
		CHECK(GDALGetGeoTransform(ds, gt) == CE_None);
		CHECK(gt[0] == 147.0 && gt[1] == 0.001 && gt[2] == 0.0);
		CHECK(gt[3] == -42.0 && gt[4] == 0.0 && gt[5] == -0.0005);
		nd = GDALGetRasterNoDataValue(b, &has_nd);
		CHECK(has_nd && nd == -9999.0);
		CHECK(strcmp(GDALGetDescription(b), "RSRP (dBm)") == 0);
		CHECK_MSG(comp && strcmp(comp, "DEFLATE") == 0, "compression %s", comp);
		CHECK_MSG(layout && strcmp(layout, "COG") == 0, "layout %s", layout);
		CHECK_MSG(pred && strcmp(pred, "3") == 0, "predictor %s", pred);
		GDALGetBlockSize(b, &bx, &by);
		CHECK_MSG(bx < 700 && by < 600 && bx == by, "block %dx%d", bx, by);
		CHECK_MSG((GDALGetOverviewCount(b) > 0) == (width > 2048), "%d overviews",
			  GDALGetOverviewCount(b));
		/* Values exact; the NAN pixel holds the nodata value. */
		CHECK(GDALRasterIO(b, GF_Read, 2, 2, 2, 2, px, 2, 2, GDT_Float32, 0, 0) == CE_None);
		CHECK(px[0] == big_value(2, 2) && px[1] == -9999.0f);
		CHECK(px[2] == big_value(2, 3) && px[3] == big_value(3, 3));
		CHECK(GDALRasterIO(b, GF_Read, 699, 599, 1, 1, px, 1, 1, GDT_Float32, 0, 0) ==
		      CE_None);
		/* -60 - 69.9 - (599 mod 7 = 4) = -133.9 */
		CHECK_NEAR(px[0], -133.9, 1e-4);
		CHECK(px[0] == big_value(699, 599));
		GDALClose(ds);
	}
	TEST_END();
	free(v);
}

static void test_geotiff_u16(const char *dir)
{
	char path[1024];
	struct rf_error err;
	uint16_t u[24], back[24];
	GDALDatasetH ds;
	int i;

	for (i = 0; i < 24; i++)
		u[i] = i == 7 ? 65535 : (uint16_t)(i * 3);
	join(path, sizeof(path), dir, "u16.tif");
	TEST_BEGIN("geotiff u16: values, nodata, grid");
	CHECK_MSG(rf_write_geotiff_u16(path, &sample_grid, u, 65535, "best server", &err) == 0,
		  "%s", err.msg);
	ds = GDALOpen(path, GA_ReadOnly);
	CHECK(ds != NULL);
	if (ds) {
		GDALRasterBandH b = GDALGetRasterBand(ds, 1);
		double gt[6];
		int has_nd;
		CHECK(GDALGetRasterDataType(b) == GDT_UInt16);
		CHECK(GDALGetRasterNoDataValue(b, &has_nd) == 65535.0 && has_nd);
		CHECK(GDALGetGeoTransform(ds, gt) == CE_None && gt[0] == 147.0 && gt[1] == 0.01 &&
		      gt[3] == -42.0 && gt[5] == -0.01);
		CHECK(GDALRasterIO(b, GF_Read, 0, 0, 6, 4, back, 6, 4, GDT_UInt16, 0, 0) == CE_None);
		CHECK(memcmp(back, u, sizeof(u)) == 0);
		CHECK(back[1] == 3 && back[7] == 65535 && back[23] == 69);
		GDALClose(ds);
	}
	TEST_END();
}

static void test_failures(const char *dir)
{
	const struct rf_grid bad = { 0, 4, 147.0, -42.0, 0.01, 0.01 };
	char path[1024];
	struct rf_error err;
	float v[24];
	int before = count_files(dir);

	sample_values(v);
	TEST_BEGIN("writers fail cleanly, naming the file, leaving no file");
	join(path, sizeof(path), dir, "no-such-dir/x.tif");
	CHECK(rf_write_geotiff_f32(path, &sample_grid, v, -9999, "x", &err) == -1);
	CHECK_MSG(strstr(err.msg, path) != NULL, "message: %s", err.msg);
	join(path, sizeof(path), dir, "bad.tif");
	CHECK(rf_write_geotiff_f32(path, &bad, v, -9999, "x", &err) == -1);
	CHECK_MSG(strstr(err.msg, "bad.tif") != NULL, "message: %s", err.msg);
	join(path, sizeof(path), dir, "bad.kmz");
	CHECK(rf_write_kmz(path, "/nonexistent/map.png", NULL, &sample_grid, "x", &err) == -1);
	CHECK_MSG(strstr(err.msg, "bad.kmz") && strstr(err.msg, "/nonexistent/map.png"),
		  "message: %s", err.msg);
	CHECK(count_files(dir) == before);
	TEST_END();
}

static void test_qml(const char *dir)
{
	struct rf_color_class cls[5];
	char labels[5 * RF_LABEL_MAX], path[1024], *q;
	const char *pal[3] = { "S1/A&B", "S1/<B>", "S2/A" };
	struct rf_color_scheme s;
	struct rf_error err;

	rf_rsrp_scheme(edges, 5, cls, labels, &s);
	cls[2].label = "a<b & \"c\"";
	join(path, sizeof(path), dir, "c.qml");
	TEST_BEGIN("qml classes: discrete pseudocolour with the classes");
	CHECK_MSG(rf_write_qml_classes(path, &s, &err) == 0, "%s", err.msg);
	q = read_text(path);
	CHECK(q != NULL);
	if (q) {
		CHECK(strstr(q, "<qgis ") && strstr(q, "type=\"singlebandpseudocolor\""));
		CHECK(strstr(q, "colorRampType=\"DISCRETE\""));
		CHECK(strstr(q, "label=\"&gt;= -80 dBm\"") && strstr(q, "color=\"#1a9641\""));
		CHECK(strstr(q, "label=\"-120 to -110 dBm\"") && strstr(q, "color=\"#d7191c\""));
		CHECK(strstr(q, "label=\"a&lt;b &amp; &quot;c&quot;\""));
		/* The top class reaches to infinity; the class below -120 is clear. */
		CHECK(strstr(q, "value=\"inf\" color=\"#1a9641\""));
		CHECK(strstr(q, "alpha=\"0\""));
		free(q);
	}
	TEST_END();

	join(path, sizeof(path), dir, "p.qml");
	TEST_BEGIN("qml palette: one entry per value, escaped labels");
	CHECK_MSG(rf_write_qml_palette(path, 3, pal, &err) == 0, "%s", err.msg);
	q = read_text(path);
	CHECK(q != NULL);
	if (q) {
		CHECK(strstr(q, "type=\"paletted\""));
		/* colours from the hand computation in test_palette */
		CHECK(strstr(q, "value=\"0\" color=\"#f25555\" alpha=\"255\" label=\"S1/A&amp;B\""));
		CHECK(strstr(q, "value=\"1\" color=\"#43bf67\" alpha=\"255\" label=\"S1/&lt;B&gt;\""));
		CHECK(strstr(q, "value=\"2\" color=\"#b155f2\""));
		CHECK(!strstr(q, "value=\"3\""));
		free(q);
	}
	TEST_END();
}

static int read_png(const char *path, png_image *img, unsigned char **px)
{
	memset(img, 0, sizeof(*img));
	img->version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(img, path))
		return -1;
	img->format = PNG_FORMAT_RGBA;
	*px = malloc(PNG_IMAGE_SIZE(*img));
	if (!png_image_finish_read(img, NULL, *px, 0, NULL)) {
		free(*px);
		return -1;
	}
	return 0;
}

static const unsigned char *pixel(const png_image *img, const unsigned char *px, int c, int r)
{
	return px + 4 * ((size_t)r * img->width + c);
}

static void test_png(const char *dir)
{
	struct rf_color_class cls[5];
	char labels[5 * RF_LABEL_MAX], png[1024], legend[1024], pgw[1024];
	struct rf_color_scheme s;
	struct rf_error err;
	png_image img;
	unsigned char *px;
	float v[24];
	double w[6];
	FILE *f;
	int i, k;

	sample_values(v);
	rf_rsrp_scheme(edges, 5, cls, labels, &s);
	join(png, sizeof(png), dir, "map.png");
	join(legend, sizeof(legend), dir, "legend.png");
	join(pgw, sizeof(pgw), dir, "map.pgw");
	TEST_BEGIN("png map: class colours, transparent NAN and below last class");
	CHECK_MSG(rf_write_png_map(png, legend, &sample_grid, v, &s, &err) == 0, "%s", err.msg);
	CHECK(read_png(png, &img, &px) == 0);
	if (img.width == 6 && img.height == 4) {
		const unsigned char *p;
		p = pixel(&img, px, 0, 0); /* -75 dBm: >= -80 */
		CHECK(memcmp(p, doc_rgb[0], 3) == 0 && p[3] == 255);
		p = pixel(&img, px, 1, 1); /* -85 dBm */
		CHECK(memcmp(p, doc_rgb[1], 3) == 0 && p[3] == 255);
		p = pixel(&img, px, 2, 0); /* exactly -90: in -90 to -80 */
		CHECK(memcmp(p, doc_rgb[1], 3) == 0 && p[3] == 255);
		p = pixel(&img, px, 3, 0); /* just below -90 */
		CHECK(memcmp(p, doc_rgb[2], 3) == 0 && p[3] == 255);
		p = pixel(&img, px, 4, 2); /* -105 dBm */
		CHECK(memcmp(p, doc_rgb[3], 3) == 0 && p[3] == 255);
		CHECK(pixel(&img, px, 5, 0)[3] == 0); /* -125: below the last class */
		CHECK(pixel(&img, px, 0, 3)[3] == 0); /* NAN */
		free(px);
	} else {
		CHECK_MSG(0, "png is %ux%u, want 6x4", img.width, img.height);
	}
	TEST_END();

	TEST_BEGIN("png world file: 6 lines from the grid");
	f = fopen(pgw, "r");
	CHECK(f != NULL);
	if (f) {
		for (i = 0; i < 6; i++)
			CHECK(fscanf(f, "%lf", &w[i]) == 1);
		fclose(f);
		/* pixel 0.01 deg; upper-left centre = (147 + 0.005, -42 - 0.005) */
		CHECK_NEAR(w[0], 0.01, 1e-12);
		CHECK(w[1] == 0 && w[2] == 0);
		CHECK_NEAR(w[3], -0.01, 1e-12);
		CHECK_NEAR(w[4], 147.005, 1e-12);
		CHECK_NEAR(w[5], -42.005, 1e-12);
	}
	TEST_END();

	TEST_BEGIN("legend png: a swatch of every class colour");
	CHECK(read_png(legend, &img, &px) == 0);
	if (img.width > 0) {
		for (k = 0; k < 5; k++) {
			int found = 0;
			for (i = 0; i < (int)(img.width * img.height) && !found; i++)
				found = memcmp(px + 4 * i, doc_rgb[k], 3) == 0 && px[4 * i + 3] == 255;
			CHECK_MSG(found, "class %d colour not in legend", k);
		}
		free(px);
	}
	TEST_END();
}

/* The PNG encoder (PNG spec. ISO/IEC 15948): rf_out_png_rgb writes 8-bit
 * RGB (IHDR colour type 2, byte 25 of the file), rf_out_png_rgba RGBA
 * (type 6) whether or not a pixel is transparent; libpng reads back every
 * RGBA byte of the input (alpha 255 from the RGB file).  1100 x 300
 * pixels of a pseudo-random pattern (no runs: the RGBA files' zlib
 * streams are over 1 MiB, so two IDAT chunks). */
static void test_png_encoder(const char *dir)
{
	const int w = 1100, h = 300;
	size_t n = (size_t)w * h;
	unsigned char *in = malloc(4 * n), *px, head[26];
	char path[1024];
	struct rf_error err;
	png_image img;
	uint32_t x = 12345;
	FILE *f;

	TEST_BEGIN("png encoder: RGB and RGBA files, pixels read back the same");
	for (size_t i = 0; i < 4 * n; i++) {
		x = x * 1103515245u + 12345u;   /* the C standard's example LCG */
		in[i] = (unsigned char)(x >> 16);
	}
	for (int pass = 0; pass < 3; pass++) {
		static const char *const name[3] = { "enc_rgb.png", "enc_rgba.png", "enc_opaque.png" };
		for (size_t i = 0; i < n; i++)
			in[4 * i + 3] = 255;
		if (pass == 1)
			in[4 * (n / 2) + 3] = 7;   /* one pixel not opaque */
		join(path, sizeof(path), dir, name[pass]);
		CHECK_MSG((pass ? rf_out_png_rgba : rf_out_png_rgb)(path, w, h, in, &err) == 0, "%s",
			  err.msg);
		memset(head, 0, sizeof(head));
		f = fopen(path, "rb");
		CHECK(f && fread(head, 1, 26, f) == 26);
		if (f)
			fclose(f);
		CHECK_MSG(head[24] == 8 && head[25] == (pass ? 6 : 2),
			  "%s: bit depth %d, colour type %d", name[pass], head[24], head[25]);
		CHECK(read_png(path, &img, &px) == 0);
		if (img.width == (unsigned)w && img.height == (unsigned)h) {
			CHECK_MSG(memcmp(px, in, 4 * n) == 0, "%s: pixels differ", name[pass]);
			free(px);
		} else {
			CHECK_MSG(0, "png is %ux%u, want %dx%d", img.width, img.height, w, h);
		}
	}
	free(in);
	TEST_END();
}

/* Does the (GDAL virtual) file start with the PNG signature (PNG spec 5.2)? */
static int is_png(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a };
	unsigned char head[8];
	VSILFILE *f = VSIFOpenL(path, "rb");
	size_t n;
	if (!f)
		return 0;
	n = VSIFReadL(head, 1, 8, f);
	VSIFCloseL(f);
	return n == 8 && memcmp(head, sig, 8) == 0;
}

static void test_kmz(const char *dir)
{
	char kmz[1024], png[1024], legend[1024], vsi[1200];
	struct rf_error err;
	char *kml;

	join(kmz, sizeof(kmz), dir, "map.kmz");
	join(png, sizeof(png), dir, "map.png");
	join(legend, sizeof(legend), dir, "legend.png");
	TEST_BEGIN("kmz: doc.kml with the grid bounds, PNGs inside");
	CHECK_MSG(rf_write_kmz(kmz, png, legend, &sample_grid, "RSRP <test>", &err) == 0, "%s",
		  err.msg);
	snprintf(vsi, sizeof(vsi), "/vsizip/%s/doc.kml", kmz);
	kml = read_text(vsi);
	CHECK(kml != NULL);
	if (kml) {
		/* Bounds by hand: 6 x 0.01 deg east of 147, 4 x 0.01 deg south of -42. */
		CHECK_NEAR(xml_number(kml, "north"), -42.0, 1e-12);
		CHECK_NEAR(xml_number(kml, "south"), -42.04, 1e-12);
		CHECK_NEAR(xml_number(kml, "east"), 147.06, 1e-12);
		CHECK_NEAR(xml_number(kml, "west"), 147.0, 1e-12);
		CHECK(strstr(kml, "<GroundOverlay>") && strstr(kml, "<href>map.png</href>"));
		CHECK(strstr(kml, "<ScreenOverlay>") && strstr(kml, "<href>legend.png</href>"));
		CHECK(strstr(kml, "<name>RSRP &lt;test&gt;</name>"));
		free(kml);
	}
	snprintf(vsi, sizeof(vsi), "/vsizip/%s/map.png", kmz);
	CHECK(is_png(vsi));
	snprintf(vsi, sizeof(vsi), "/vsizip/%s/legend.png", kmz);
	CHECK(is_png(vsi));
	TEST_END();
}

/* What f (an open_memstream) holds after fn wrote s. */
static char *written(int (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fn(f, s);
	fclose(f);
	return buf;
}

static int xml_adapter(FILE *f, const char *s)
{
	rf_out_xml_escaped(f, s);
	return 0;
}

/* Fields of other people's names, the bytes RFC 4180 (sec. 2, rules 5-7:
 * a field with a comma, quote or line break is quoted, inner quotes
 * doubled) and OWASP's CSV-injection rule (a field starting with = + - @,
 * tab or CR gets a leading single quote) give for each, worked out by
 * hand; decimal numbers keep their sign; a leading quote is doubled. */
static const struct {
	const char *in, *field, *quoted;
} csv_cases[] = {
	{ "plain", "plain", "\"plain\"" },
	{ "a\"b", "\"a\"\"b\"", "\"a\"\"b\"" },
	{ "x,y", "\"x,y\"", "\"x,y\"" },
	{ "=1+2", "'=1+2", "\"'=1+2\"" },
	{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
	  "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
	{ "+x", "'+x", "\"'+x\"" },
	{ "-x", "'-x", "\"'-x\"" },
	{ "@SUM(A1)", "'@SUM(A1)", "\"'@SUM(A1)\"" },
	{ "\tx", "'\tx", "\"'\tx\"" },
	{ "\rx", "\"'\rx\"", "\"'\rx\"" },
	{ "-95.3", "-95.3", "\"-95.3\"" },
	{ "+5", "+5", "\"+5\"" },
	{ "-1.5e-3", "-1.5e-3", "\"-1.5e-3\"" },
	{ "-", "'-", "\"'-\"" },
	{ "-1e", "'-1e", "\"'-1e\"" },
	{ "'quoted", "''quoted", "\"''quoted\"" },
	{ "ctl\x01\x1b[2J", "ctl\x01\x1b[2J", "\"ctl\x01\x1b[2J\"" },
	{ "bad\xff\xfe utf8", "bad\xff\xfe utf8", "\"bad\xff\xfe utf8\"" },
	{ "caf\xc3\xa9", "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
};
#define N_CSV (sizeof(csv_cases) / sizeof(csv_cases[0]))

static void test_csv_writer(void)
{
	TEST_BEGIN("csv: text fields quoted by RFC 4180, formulas guarded, numbers kept");
	for (size_t i = 0; i < N_CSV; i++) {
		char *a = written(rf_csv_write_field, csv_cases[i].in);
		char *b = written(rf_csv_write_quoted, csv_cases[i].in);
		CHECK_MSG(a && !strcmp(a, csv_cases[i].field), "field %zu: [%s]", i, a);
		CHECK_MSG(b && !strcmp(b, csv_cases[i].quoted), "quoted %zu: [%s]", i, b);
		free(a);
		free(b);
	}
	TEST_END();
}

static void test_csv_round_trip(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct rf_csv_table t;
	struct rf_error err;
	TEST_BEGIN("csv: the reader takes the guard away again, and only it");
	fputs("id,name\n", f);
	/* bytes that are not UTF-8 are refused by the reader (its own test,
	 * test_csvtab.c): that case is written but not read back here */
	for (size_t i = 0; i < N_CSV; i++) {
		if (strchr(csv_cases[i].in, '\xff'))
			continue;
		rf_csv_write_field(f, csv_cases[i].in);
		fputc(',', f);
		rf_csv_write_quoted(f, csv_cases[i].in);
		fputc('\n', f);
	}
	/* Never written by rfplan: "'x" and "'-5" are read as they are. */
	fputs("'x,'-5\n", f);
	fclose(f);
	CHECK_MSG(rf_csv_read_buffer("t.csv", buf, len, &t, &err) == 0, "%s", err.msg);
	CHECK(t.n_rows == N_CSV);
	for (size_t i = 0, row = 0; i < N_CSV && row < t.n_rows; i++) {
		if (strchr(csv_cases[i].in, '\xff'))
			continue;
		/* the reader trims blanks at either end; a guarded tab is inside */
		CHECK_MSG(!strcmp(rf_csv_field(&t, row, 0), csv_cases[i].in), "row %zu: [%s]", row,
			  rf_csv_field(&t, row, 0));
		CHECK_MSG(!strcmp(rf_csv_field(&t, row, 1), csv_cases[i].in), "row %zu: [%s]", row,
			  rf_csv_field(&t, row, 1));
		row++;
	}
	if (t.n_rows == N_CSV) {
		CHECK(!strcmp(rf_csv_field(&t, N_CSV - 1, 0), "'x"));
		CHECK(!strcmp(rf_csv_field(&t, N_CSV - 1, 1), "'-5"));
	}
	rf_csv_free(&t);
	free(buf);
	TEST_END();
}

static void test_xml_escape(void)
{
	/* XML 1.0 sec. 2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
	 * [#x10000-#x10FFFF]; everything else (C0 controls, U+FFFE, bytes that
	 * are not UTF-8: a stray \xff, a surrogate ED A0 80 = 3 invalid bytes)
	 * becomes U+FFFD EF BF BD; the five specials and tab/LF/CR references. */
	static const char in[] = "a&<>\"'\t\n\r\x01\x1b|\xff|\xc3\xa9|\xed\xa0\x80|"
				 "\xef\xbf\xbe|\xf0\x9f\x93\xa1";
	static const char want[] = "a&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;"
				   "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|\xc3\xa9|"
				   "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|"
				   "\xf0\x9f\x93\xa1";
	TEST_BEGIN("xml: specials escaped, controls and invalid UTF-8 replaced");
	char *got = written(xml_adapter, in);
	CHECK_MSG(got && !strcmp(got, want), "[%s]", got);
	free(got);
	TEST_END();
}

static void test_log_escape(void)
{
	/* C0 controls (ESC, LF), C1 U+009B (the 8-bit CSI, C2 9B) and a stray
	 * \xff as \xNN per byte; tab and valid UTF-8 (U+00E9) kept. */
	char *got = rf_log_escape("id\x1b[2J\n\tx\xc2\x9b\xff\xc3\xa9");
	TEST_BEGIN("terminal: control characters and non-UTF-8 bytes escaped");
	CHECK_MSG(!strcmp(got, "id\\x1b[2J\\x0a\tx\\xc2\\x9b\\xff\xc3\xa9"), "[%s]", got);
	free(got);
	TEST_END();
}

static int glyph_empty(const unsigned char *g)
{
	for (int r = 0; r < RF_FONT_H; r++)
		if (g[r])
			return 0;
	return 1;
}

static void test_font(void)
{
	const unsigned char *box = rf_font5x7_glyph('\x01');
	const char *s = "\xc3\xa9";
	TEST_BEGIN("font: every printable ASCII character has its own glyph");
	CHECK(glyph_empty(rf_font5x7_glyph(' ')));
	for (int c = 0x21; c <= 0x7e; c++) {
		const unsigned char *g = rf_font5x7_glyph((char)c);
		CHECK_MSG(!glyph_empty(g), "'%c' is blank", c);
		CHECK_MSG(memcmp(g, box, RF_FONT_H) != 0, "'%c' is the missing-glyph box", c);
		for (int d = 0x21; d < c; d++)
			CHECK_MSG(memcmp(g, rf_font5x7_glyph((char)d), RF_FONT_H) != 0,
				  "'%c' and '%c' look the same", c, d);
	}
	/* UTF-8: one cell per character, a stray byte one cell */
	CHECK(rf_font5x7_count("a\xc3\xa9" "b") == 3);
	CHECK(rf_font5x7_count("\xff\xfe") == 2);
	CHECK(rf_font5x7_prefix("\xc3\xa9\xc3\xa9x", 1) == 2);
	CHECK(memcmp(rf_font5x7_next(&s), box, RF_FONT_H) == 0 && *s == '\0');
	TEST_END();
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/rfplan-test-output.XXXXXX";

	GDALAllRegister();
	if (argc == 3 && strcmp(argv[1], "--write-dir") == 0)
		return write_sample(argv[2]);
	TEST_PLAN(20 /* 19 cases, the geotiff f32 one twice */);
	if (!mkdtemp(dir)) {
		test_fail_rest("test_output", "mkdtemp /tmp/rfplan-test-output.XXXXXX failed");
		return test_exit_status();
	}
	test_scheme();
	test_palette();
	test_geotiff_f32(dir, 700);
	test_geotiff_f32(dir, 2100);
	test_geotiff_u16(dir);
	test_failures(dir);
	test_qml(dir);
	test_png(dir);
	test_png_encoder(dir);
	test_kmz(dir);
	test_csv_writer();
	test_csv_round_trip();
	test_xml_escape();
	test_log_escape();
	test_font();
	remove_dir(dir);
	return test_exit_status();
}

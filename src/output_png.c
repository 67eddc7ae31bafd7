/* PNG map of a value grid with its world file (.pgw), and the RGBA PNG
 * writer every picture of rfplan goes through (libpng). */
#include "rfplan/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "output_util.h"

/* libpng's errors arrive through this callback, which keeps the message
 * and returns to the writer's setjmp. */
struct png_fail {
	char msg[200];
};

static void png_error_cb(png_structp png, png_const_charp msg)
{
	struct png_fail *pf = png_get_error_ptr(png);
	snprintf(pf->msg, sizeof(pf->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Written with libpng's classic API (libpng 1.6 manual, "IV. Writing") to
 * choose the compression: zlib level RF_PNG_ZLIB_LEVEL and the Sub and Up
 * filters, instead of the simplified API's level 6 with all five filters
 * tried per row, which spent most of a prediction's writing time on the
 * 1600-pixel report map (doc/performance.md).  Lossless either way: the
 * pixels are the same. */
#define RF_PNG_ZLIB_LEVEL 3
int rf_out_png_rgba(const char *path, int width, int height, const unsigned char *rgba,
		    struct rf_error *err)
{
	struct png_fail pf = { "" };
	png_structp png;
	png_infop info = NULL;
	FILE *f;
	char *tmp = rf_out_tmp_create(path, &f, err);

	if (!tmp)
		return -1;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &pf, png_error_cb, png_warning_cb);
	if (png)
		info = png_create_info_struct(png);
	if (!png || !info) {
		png_destroy_write_struct(&png, &info);
		rf_error_set(err, "%s: cannot write PNG: out of memory", path);
		fclose(f);
		rf_out_abort(tmp);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		rf_error_set(err, "%s: cannot write PNG: %s", path, pf.msg);
		fclose(f);
		rf_out_abort(tmp);
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
		     PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, RF_PNG_ZLIB_LEVEL);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB | PNG_FILTER_UP);
	png_write_info(png, info);
	for (int y = 0; y < height; y++)
		png_write_row(png, rgba + (size_t)y * (size_t)width * 4);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	if (fclose(f) != 0) {
		rf_error_set(err, "%s: write error: %s", path, strerror(errno));
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, path, err);
}

/* PATH with ".png" replaced by ".pgw" (the ESRI world file naming: first and
 * last letter of the extension + "w"), or ".pgw" appended. */
static char *world_file_path(const char *png_path)
{
	size_t n = strlen(png_path);
	char *w = rf_xmalloc(n + 5);

	memcpy(w, png_path, n + 1);
	if (n >= 4 && strcasecmp(png_path + n - 4, ".png") == 0)
		memcpy(w + n - 4, ".pgw", 5);
	else
		memcpy(w + n, ".pgw", 5);
	return w;
}

/* ESRI world file: pixel size in x, rotation terms, minus the pixel size in
 * y, then the centre of the upper-left pixel (grid.h: west + dlon/2,
 * north - dlat/2); degrees of EPSG:4326. */
static int write_world_file(const char *path, const struct rf_grid *g, struct rf_error *err)
{
	FILE *f;
	char *tmp = rf_out_tmp_create(path, &f, err);
	int bad;

	if (!tmp)
		return -1;
	fprintf(f, "%.15g\n0\n0\n%.15g\n%.15g\n%.15g\n", g->dlon_deg, -g->dlat_deg,
		rf_grid_lon_deg(g, 0), rf_grid_lat_deg(g, 0));
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		rf_out_abort(tmp);
		return rf_error_set(err, "%s: write error: %s", path, strerror(errno));
	}
	return rf_out_commit(tmp, path, err);
}

int rf_write_png_map(const char *png_path, const char *legend_path,
		     const struct rf_grid *g, const float *data,
		     const struct rf_color_scheme *s, struct rf_error *err)
{
	size_t n = (size_t)g->width * (size_t)g->height, i;
	unsigned char *rgba;
	char *pgw;
	int rc;

	if (g->width <= 0 || g->height <= 0)
		return rf_error_set(err, "%s: invalid grid %dx%d", png_path, g->width, g->height);
	rgba = rf_xcalloc(n, 4); /* all transparent */
	for (i = 0; i < n; i++) {
		int k = rf_scheme_class(s, data[i]);
		if (k >= 0)
			memcpy(rgba + 4 * i, s->classes[k].rgba, 4);
	}
	rc = rf_out_png_rgba(png_path, g->width, g->height, rgba, err);
	free(rgba);
	if (rc)
		return -1;
	pgw = world_file_path(png_path);
	rc = write_world_file(pgw, g, err);
	free(pgw);
	if (rc)
		return -1;
	return legend_path ? rf_write_legend_png(legend_path, s, err) : 0;
}

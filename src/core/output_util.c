/* Temporary files, atomic publication and small I/O helpers for the result
 * writers. */
#include "output_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

char *rf_out_tmp_create(const char *final_path, FILE **fp, struct rf_error *err)
{
	const char *slash = strrchr(final_path, '/');
	size_t dir_len = slash ? (size_t)(slash - final_path + 1) : 0;
	const char *base = final_path + dir_len;
	size_t len = strlen(final_path) + sizeof("/..tmp-XXXXXX");
	char *tmp = rf_xmalloc(len);
	int fd;

	if (!*base) {
		free(tmp);
		rf_error_set(err, "%s: output path names a directory, not a file", final_path);
		return NULL;
	}
	snprintf(tmp, len, "%.*s.%s.tmp-XXXXXX", (int)dir_len, final_path, base);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rf_error_set(err, "%s: cannot create a temporary file in its directory: %s",
			     final_path, strerror(errno));
		free(tmp);
		return NULL;
	}
	/* mkstemp creates 0600; results are meant to be shared. */
	if (fchmod(fd, 0644) != 0) {
		rf_error_set(err, "%s: cannot set permissions: %s", tmp, strerror(errno));
		close(fd);
		rf_out_abort(tmp);
		return NULL;
	}
	if (fp) {
		*fp = fdopen(fd, "wb");
		if (!*fp) {
			rf_error_set(err, "%s: %s", tmp, strerror(errno));
			close(fd);
			rf_out_abort(tmp);
			return NULL;
		}
	} else {
		close(fd);
	}
	return tmp;
}

int rf_out_commit(char *tmp_path, const char *final_path, struct rf_error *err)
{
	if (rename(tmp_path, final_path) != 0) {
		rf_error_set(err, "%s: cannot rename %s into place: %s", final_path, tmp_path,
			     strerror(errno));
		rf_out_abort(tmp_path);
		return -1;
	}
	free(tmp_path);
	return 0;
}

int rf_out_write_text(const char *path, int (*write)(FILE *f, const void *ctx),
		      const void *ctx, struct rf_error *err)
{
	FILE *f;
	char *tmp = rf_out_tmp_create(path, &f, err);
	int rc;
	if (!tmp)
		return -1;
	rc = write(f, ctx);
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0) {
		rf_error_set(err, "%s: cannot write: %s", path, strerror(errno));
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, path, err);
}

static int dump_json(FILE *f, const void *ctx)
{
	const void *const *a = ctx;
	return json_dumpf(a[0], f, *(const size_t *)a[1]);
}

int rf_out_write_json(const char *path, const json_t *root, size_t flags,
		      struct rf_error *err)
{
	const void *ctx[2] = { root, &flags };
	if (!root)
		return rf_error_set(err, "%s: cannot write: no content", path);
	return rf_out_write_text(path, dump_json, ctx, err);
}

void rf_out_abort(char *tmp_path)
{
	if (!tmp_path)
		return;
	unlink(tmp_path);
	free(tmp_path);
}

unsigned char *rf_out_slurp(const char *path, size_t *len, struct rf_error *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f) {
		rf_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		rf_error_set(err, "%s: cannot determine the size: %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	buf = rf_xmalloc(n > 0 ? (size_t)n : 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		rf_error_set(err, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The PNG writer shared by the map, legend, plot and report writers.
 * libpng's errors arrive through this callback, which keeps the message
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
 * choose the compression: zlib level RF_PNG_ZLIB_LEVEL and the Up filter
 * alone (no per-row choice among filters), instead of the simplified API's
 * level 6 with all five filters tried per row, which spent most of a
 * prediction's writing time on the 1600-pixel report map
 * (doc/performance.md, "The fixed cost of a run": level 1 + Up halves the
 * instructions of level 3 + Sub/Up for files ~11 % larger).  Lossless
 * either way: the pixels are the same. */
#define RF_PNG_ZLIB_LEVEL 1
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
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
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


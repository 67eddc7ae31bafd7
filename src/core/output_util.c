/* Temporary files, atomic publication and small I/O helpers for the result
 * writers. */
#include "output_util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>
#include <libdeflate.h>

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

/* dst[k] = cur[k] - up[k] mod 256 for k < n, eight bytes at a time:
 * the bytes' differences within one 64-bit word without borrows between
 * them, ((x | H) - (y & ~H)) ^ ((x ^ ~y) & H) with H the bytes' high bits
 * (Warren, Hacker's Delight, 2nd ed., sec. 2-18). */
static void bytes_minus(unsigned char *dst, const unsigned char *cur, const unsigned char *up,
			size_t n)
{
	const uint64_t h = 0x8080808080808080u;
	size_t k = 0;
	for (; k + 8 <= n; k += 8) {
		uint64_t x, y, d;
		memcpy(&x, cur + k, 8);
		memcpy(&y, up + k, 8);
		d = ((x | h) - (y & ~h)) ^ ((x ^ ~y) & h);
		memcpy(dst + k, &d, 8);
	}
	for (; k < n; k++)
		dst[k] = (unsigned char)(cur[k] - up[k]);
}

/* The image as PNG scanlines (PNG spec., ISO/IEC 15948, 9 "Filtering"):
 * each row the filter type byte 2 (Up: the byte minus the byte above, mod
 * 256; the row above the first is zeros), then RGB (ch 3: every pixel
 * opaque, the alpha dropped) or RGBA bytes. */
static unsigned char *png_scanlines(int width, int height, const unsigned char *rgba, int ch,
				    size_t *len)
{
	size_t w = (size_t)width, stride = 1 + w * (size_t)ch;
	unsigned char *out = rf_xmalloc(stride * (size_t)height);
	/* the row above the first: zeros; RGB rows differenced in RGBA
	 * first, then packed */
	unsigned char *zero = rf_xcalloc(w, 4), *diff = ch == 4 ? NULL : rf_xmalloc(w * 4);
	for (int y = 0; y < height; y++) {
		unsigned char *row = out + (size_t)y * stride;
		const unsigned char *cur = rgba + (size_t)y * w * 4, *up = y ? cur - w * 4 : zero;
		row[0] = 2;
		row++;
		if (ch == 4) {
			bytes_minus(row, cur, up, w * 4);
		} else {
			bytes_minus(diff, cur, up, w * 4);
			for (size_t x = 0; x < w; x++)
				memcpy(row + 3 * x, diff + 4 * x, 3);
		}
	}
	free(diff);
	free(zero);
	*len = stride * (size_t)height;
	return out;
}

/* Written with libpng's classic API (libpng 1.6 manual, "IV. Writing") for
 * the signature, IHDR and the chunks' CRCs; the image data is compressed
 * here with libdeflate at level RF_PNG_DEFLATE_LEVEL and the Up filter
 * alone, and written as IDAT chunks (png_write_chunk) of at most
 * RF_PNG_IDAT_MAX bytes, then IEND.  libdeflate's level 1 takes about half
 * the time of zlib's level 1 for a smaller file on the 1600-pixel report
 * map (doc/performance.md, "The fixed cost of a run").  Lossless: the
 * pixels are the same.  rf_out_png_rgba writes RGBA; rf_out_png_rgb
 * (the report map, opaque) RGB, a quarter fewer bytes to compress. */
#define RF_PNG_DEFLATE_LEVEL 1
#define RF_PNG_IDAT_MAX ((size_t)1 << 20)
/* The PNG file: signature, IHDR (8 bits, RGB or RGBA by ch), the zlib
 * stream z as IDAT chunks, IEND; through a temporary name. */
static int png_file(const char *path, int width, int height, int ch, const unsigned char *z,
		    size_t z_len, struct rf_error *err)
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
		     ch == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (size_t off = 0; off < z_len; off += RF_PNG_IDAT_MAX)
		png_write_chunk(png, (png_const_bytep)"IDAT", z + off,
				z_len - off < RF_PNG_IDAT_MAX ? z_len - off : RF_PNG_IDAT_MAX);
	png_write_chunk(png, (png_const_bytep)"IEND", NULL, 0);
	png_destroy_write_struct(&png, &info);
	if (fflush(f) != 0 || ferror(f)) {
		rf_error_set(err, "%s: write error: %s", path, strerror(errno));
		fclose(f);
		rf_out_abort(tmp);
		return -1;
	}
	if (fclose(f) != 0) {
		rf_error_set(err, "%s: write error: %s", path, strerror(errno));
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, path, err);
}

static int png_write(const char *path, int width, int height, const unsigned char *rgba,
		     int ch, struct rf_error *err)
{
	size_t raw_len, z_len = 0;
	unsigned char *raw, *z = NULL;
	struct libdeflate_compressor *dc;
	int rc;

	if (width <= 0 || height <= 0)
		return rf_error_set(err, "%s: cannot write PNG: empty image %dx%d", path, width,
				    height);
	raw = png_scanlines(width, height, rgba, ch, &raw_len);
	dc = libdeflate_alloc_compressor(RF_PNG_DEFLATE_LEVEL);
	if (dc) {
		size_t bound = libdeflate_zlib_compress_bound(dc, raw_len);
		z = rf_xmalloc(bound);
		z_len = libdeflate_zlib_compress(dc, raw, raw_len, z, bound);
		libdeflate_free_compressor(dc);
	}
	free(raw);
	if (!z_len) {
		free(z);
		return rf_error_set(err, "%s: cannot write PNG: compression failed", path);
	}
	rc = png_file(path, width, height, ch, z, z_len, err);
	free(z);
	return rc;
}

int rf_out_png_rgba(const char *path, int width, int height, const unsigned char *rgba,
		    struct rf_error *err)
{
	return png_write(path, width, height, rgba, 4, err);
}

int rf_out_png_rgb(const char *path, int width, int height, const unsigned char *rgba,
		   struct rf_error *err)
{
	return png_write(path, width, height, rgba, 3, err);
}


/* Temporary files, atomic publication and small I/O helpers for the result
 * writers. */
#include "output_util.h"

#include <errno.h>
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

void rf_out_xml_escaped(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* PNG via libpng's simplified write API (libpng 1.6 manual, "XI. Simplified
 * API"); shared by the map, legend, plot and report writers. */
int rf_out_png_rgba(const char *path, int width, int height, const unsigned char *rgba,
		    struct rf_error *err)
{
	png_image img;
	FILE *f;
	char *tmp = rf_out_tmp_create(path, &f, err);
	int ok;

	if (!tmp)
		return -1;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)width;
	img.height = (png_uint_32)height;
	img.format = PNG_FORMAT_RGBA;
	ok = png_image_write_to_stdio(&img, f, 0, rgba, 0, NULL);
	if (!ok) {
		rf_error_set(err, "%s: cannot write PNG: %s", path, img.message);
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

/* Private helpers of the writers (output_*.c, sites.csv, class tables): temporary files in the
 * destination directory and the rename that publishes them, so a failed write
 * never leaves a file under its final name (doc/design.md). */
#ifndef RFPLAN_OUTPUT_UTIL_H
#define RFPLAN_OUTPUT_UTIL_H

#include <jansson.h>
#include <stdio.h>
#include <time.h>

#include "rfplan/error.h"

/* Create an empty temporary file "DIR/.NAME.tmp-XXXXXX" next to final_path
 * (mode 0644) with mkstemp(3) (O_CREAT|O_EXCL: a file or symbolic link
 * planted under any name is never opened, so never overwritten; the rename
 * then replaces a planted final name itself, not what it points to).  Every
 * file rfplan writes outside a fresh temporary directory goes through this
 * (doc/errors.md, "Files from others").  Returns the malloc'ed temporary path, or NULL with err naming
 * final_path.  When fp is not NULL the file is returned open for writing in
 * *fp; otherwise it is closed (for writers such as GDAL that open by name). */
char *rf_out_tmp_create(const char *final_path, FILE **fp, struct rf_error *err);

/* Rename tmp_path onto final_path and free tmp_path.  On failure the
 * temporary file is removed and err names final_path. */
int rf_out_commit(char *tmp_path, const char *final_path, struct rf_error *err);

/* Write a text file atomically: write(f, ctx) fills a temporary file next to
 * path (returning 0, or -1 on a write error), which is then renamed onto
 * path.  Returns 0, or -1 with err naming path; nothing is left behind. */
int rf_out_write_text(const char *path, int (*write)(FILE *f, const void *ctx),
		      const void *ctx, struct rf_error *err);

/* Write root as JSON (json_dumpf with flags) atomically to path, as
 * rf_out_write_text.  Returns 0, or -1 with err naming path. */
int rf_out_write_json(const char *path, const json_t *root, size_t flags,
		      struct rf_error *err);

/* Remove the temporary file (if any) and free tmp_path; accepts NULL. */
void rf_out_abort(char *tmp_path);

/* Read a whole file into a malloc'ed buffer; *len receives its size. */
unsigned char *rf_out_slurp(const char *path, size_t *len, struct rf_error *err);

/* Write an 8-bit RGBA image (rows top first) as PNG to path, atomically. */
int rf_out_png_rgba(const char *path, int width, int height, const unsigned char *rgba,
		    struct rf_error *err);
/* The same image written as an 8-bit RGB PNG, the alpha bytes dropped
 * (for an opaque image: the report map). */
int rf_out_png_rgb(const char *path, int width, int height, const unsigned char *rgba,
		   struct rf_error *err);

/* Set the modification time of every entry of the zip at path to `when`
 * (local time, DOS format; output_zip_time.c). */
int rf_out_zip_set_time(const char *path, time_t when, struct rf_error *err);

/* Write s to f as XML text or attribute value (output_xml.c): & < > " '
 * escaped, tab, LF and CR as character references; control characters,
 * noncharacters U+FFFE/U+FFFF and bytes that are not well-formed UTF-8
 * become U+FFFD, one per code point or stray byte. */
void rf_out_xml_escaped(FILE *f, const char *s);

#endif

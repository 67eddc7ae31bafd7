/* Files that others send: the one check every reader makes before it reads,
 * hashes or hands a path to GDAL (doc/errors.md, "Files from others").
 *
 * - Only a regular file is read: /dev/zero, a FIFO, a socket or a directory
 *   is refused before it is read, so nothing hangs or fills the memory.
 * - A text file read whole (CSV, JSON, antenna files) is at most
 *   RFPLAN_MAX_INPUT_MB MiB (default RF_INPUT_MAX_MB_DEFAULT) and no line is
 *   longer than RFPLAN_MAX_LINE_BYTES bytes (default
 *   RF_INPUT_MAX_LINE_BYTES_DEFAULT); both environment variables are read
 *   at each call.  Errors name the file (and the line) and the limit. */
#ifndef RFPLAN_INPUT_H
#define RFPLAN_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "rfplan/error.h"

#define RF_INPUT_MAX_MB_DEFAULT 1024
#define RF_INPUT_MAX_LINE_BYTES_DEFAULT 1048576

struct rf_input_limits {
	size_t max_bytes;       /* whole file */
	size_t max_line_bytes;  /* one line, without its line break */
};

/* The limits in force (defaults, or the environment variables).  -1 with
 * err naming the variable and its value when one is not a positive integer. */
int rf_input_limits_get(struct rf_input_limits *out, struct rf_error *err);

/* Refuse a path that exists and is not a regular file: "PATH: not a
 * regular file (a character device); rfplan reads regular files only".  A
 * missing path or a GDAL virtual path ("/vsi...") passes, for the caller's
 * own open to report (for rasters given to GDAL, and files hashed). */
int rf_input_check(const char *path, struct rf_error *err);

/* Read a whole text file into a malloc'ed, '\0'-terminated buffer (*len
 * without the '\0'; len may be NULL) after the checks above.  NULL with err
 * "PATH: cannot open: ...", "PATH: not a regular file ...", "PATH: N bytes,
 * more than the limit of M MiB (RFPLAN_MAX_INPUT_MB)" or "PATH:LINE: line
 * longer than N bytes (RFPLAN_MAX_LINE_BYTES)". */
char *rf_input_read(const char *path, size_t *len, struct rf_error *err);

/* Open a regular file for reading with fopen's "r" after the regular-file
 * and size checks (line lengths are the reader's own).  NULL with err. */
FILE *rf_input_fopen(const char *path, struct rf_error *err);

/* Parse a JSON file (jansson, no flags) after rf_input_read's checks; the
 * caller owns the result (json_decref).  NULL with err as rf_input_read's,
 * or "PATH:LINE:COLUMN: jansson's message" ("PATH: message" when jansson
 * gives no position).  The type is json_t from <jansson.h>. */
struct json_t;
struct json_t *rf_input_json(const char *path, struct rf_error *err);

/* The name of names (NULL-terminated, at least one) nearest to name by the
 * case-insensitive Levenshtein distance (Wagner and Fischer, "The
 * string-to-string correction problem", JACM 21(1), 1974); the first of
 * equally near ones.  For "did you mean" in the messages about unknown
 * columns and keys. */
const char *rf_closest_name(const char *name, const char *const *names);

#endif

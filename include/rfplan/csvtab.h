/* A CSV file read whole into memory with libcsv, for the readers of sites,
 * cells and class tables.  Handles quoted fields with commas, CRLF, a UTF-8
 * BOM, blanks around fields, trailing commas and blank lines; remembers each
 * row's line number so that errors can say "FILE:LINE: column NAME: ...".
 * A field that rf_csv_write_field guarded against CSV injection ("'=1",
 * "''x") is read without its guarding quote. */
#ifndef RFPLAN_CSVTAB_H
#define RFPLAN_CSVTAB_H

#include <stddef.h>
#include <stdio.h>

#include "rfplan/error.h"

struct rf_csv_row {
	long line;        /* 1-based line where the row starts */
	size_t n_fields;
	char **fields;    /* owned, blanks trimmed */
};

struct rf_csv_table {
	char *path;       /* owned copy, for messages */
	size_t n_cols;
	char **header;    /* owned, trimmed, BOM removed */
	long header_line; /* line of the header row */
	size_t n_rows;
	struct rf_csv_row *rows;  /* owned; blank lines are not rows */
};

/* Read a CSV file with a header row.  Fails on a missing/unreadable file,
 * one that is not a regular file or is beyond the size and line-length
 * limits (rfplan/input.h), an empty file (no header), malformed quoting
 * ("FILE:LINE: ..."), or a field that is not UTF-8 ("FILE:LINE: column N
 * (NAME): byte 0xE9 at byte K of the field is not UTF-8 ..."). */
int rf_csv_read(const char *path, struct rf_csv_table *out, struct rf_error *err);
/* Same from a memory buffer (for fuzzing and tests); name is used in
 * messages. */
int rf_csv_read_buffer(const char *name, const char *buf, size_t len,
		       struct rf_csv_table *out, struct rf_error *err);
void rf_csv_free(struct rf_csv_table *t);

/* Refuse a header column that is not in known (NULL-terminated,
 * case-insensitive): "FILE:LINE: column N 'NAME' is not a known column (did
 * you mean 'CLOSEST'?)" with the known name nearest by edit distance. */
int rf_csv_check_columns(const struct rf_csv_table *t, const char *const *known,
			 struct rf_error *err);

/* The header name nearest to name by edit distance (for "no column X (did
 * you mean Y?)" when a column named in an option is absent); borrowed from
 * t. */
const char *rf_csv_closest_column(const struct rf_csv_table *t, const char *name);

/* Index of the column whose header equals name (case-insensitive), or -1. */
int rf_csv_column(const struct rf_csv_table *t, const char *name);
/* Field of row at column col; "" when col < 0 or the row is short. */
const char *rf_csv_field(const struct rf_csv_table *t, size_t row, int col);
/* Parse a field as a finite number; on failure err says
 * "FILE:LINE: column NAME: 'VALUE' is not a number". */
int rf_csv_double(const struct rf_csv_table *t, size_t row, int col, double *out,
		  struct rf_error *err);

/* The one writer of CSV text fields (ids, names, labels, paths), for every
 * CSV rfplan writes (doc/outputs.md, "CSV files"): RFC 4180 quoting by
 * libcsv's csv_fwrite (inner quotes doubled), and OWASP's CSV-injection
 * guard: a field starting with = + - @, tab or CR (unless it is a decimal
 * number such as -95.3) or with a single quote is written after a single
 * quote.  The table reader above removes that one quote again, so rfplan
 * reads back exactly what it wrote.  Numbers are not text: write them with
 * printf.
 * rf_csv_write_field quotes only when needed (commas, quotes, line breaks,
 * blanks at either end; an empty string writes nothing);
 * rf_csv_write_quoted always quotes.  Return 0, or -1 on a write error. */
int rf_csv_write_field(FILE *f, const char *s);
int rf_csv_write_quoted(FILE *f, const char *s);

#endif

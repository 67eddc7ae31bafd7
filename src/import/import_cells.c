/* The import's cells step: check cells.csv against the sites, validate and
 * copy every antenna file it names into WORKDIR/antennas/, and write the
 * workspace's cells.csv with those paths rewritten, so that the workspace is
 * self-contained (antenna paths in cells.csv are relative to the CSV). */
#include "import_priv.h"
#include "rfplan/antenna.h"
#include "rfplan/cells.h"
#include "rfplan/csvtab.h"
#include "rfplan/input.h"
#include "rfplan/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Byte copy of src to dst. */
static int copy_file(const char *src, const char *dst, struct rf_error *err)
{
	FILE *in = rf_input_fopen(src, err), *out;   /* a regular file, within the size cap */
	char buf[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return -1;
	out = fopen(dst, "wb");
	if (!out) {
		fclose(in);
		return rf_error_set(err, "%s: %s", dst, strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = rf_error_set(err, "%s: write failed: %s", dst, strerror(errno));
			break;
		}
	if (ferror(in))
		rc = rf_error_set(err, "%s: read failed", src);
	fclose(in);
	if (fclose(out) != 0 && rc == 0)
		rc = rf_error_set(err, "%s: write failed: %s", dst, strerror(errno));
	return rc;
}

/* An antenna spec that names a file (not empty, not the built-in sector). */
static int names_file(const char *spec)
{
	return spec[0] && !(strncasecmp(spec, "sector", 6) == 0 &&
			    (spec[6] == '\0' || spec[6] == ':'));
}

/* spec resolved against the directory of the CSV (unless absolute). */
static char *resolve(const char *csv_path, const char *spec)
{
	const char *slash = strrchr(csv_path, '/');
	size_t dir_len = slash ? (size_t)(slash - csv_path) + 1 : 0;
	char *p;
	if (spec[0] == '/' || dir_len == 0)
		return rf_xstrdup(spec);
	p = rf_xmalloc(dir_len + strlen(spec) + 1);
	memcpy(p, csv_path, dir_len);
	strcpy(p + dir_len, spec);
	return p;
}

struct antenna_copy {
	char *source;     /* resolved source path */
	char *ws_rel;     /* "antennas/NAME" */
};

/* Copy one antenna file (once per source) and return its workspace path. */
static const char *copy_antenna(struct rf_imp_state *st, struct antenna_copy **copies,
				size_t *n_copies, const char *source, long line,
				struct rf_error *err)
{
	const char *base = strrchr(source, '/') ? strrchr(source, '/') + 1 : source;
	struct rf_antenna *a;
	char rel[600], *dst;
	int rc;

	for (size_t i = 0; i < *n_copies; i++)
		if (!strcmp((*copies)[i].source, source))
			return (*copies)[i].ws_rel;
	/* Validate now: a malformed pattern is an import error naming the line. */
	a = rf_antenna_read_msi(source, err);
	if (!a) {
		rf_error_prefix(err, "%s:%ld: column antenna", st->opts->cells_path, line);
		return NULL;
	}
	rf_antenna_free(a);
	snprintf(rel, sizeof(rel), "antennas/%s", base);
	for (size_t i = 0, k = 2; i < *n_copies; i++)
		if (!strcmp((*copies)[i].ws_rel, rel)) {  /* same name, other file */
			snprintf(rel, sizeof(rel), "antennas/%zu_%s", k++, base);
			i = (size_t)-1;
		}
	dst = rf_path_join(st->tmpdir, rel);
	rc = copy_file(source, dst, err);
	free(dst);
	if (rc)
		return NULL;
	*copies = rf_xrealloc(*copies, (*n_copies + 1) * sizeof(**copies));
	(*copies)[*n_copies].source = rf_xstrdup(source);
	(*copies)[*n_copies].ws_rel = rf_xstrdup(rel);
	return (*copies)[(*n_copies)++].ws_rel;
}

static int write_field(FILE *f, const char *s, int first)
{
	if (!first && fputc(',', f) == EOF)
		return -1;
	return rf_csv_write_field(f, s);
}

/* Write the table with the antenna column replaced by ws_paths[row]. */
static int write_cells(const char *path, const struct rf_csv_table *t, int ant_col,
		       const char *const *ws_paths, struct rf_error *err)
{
	FILE *f = fopen(path, "w");
	int bad = 0;
	if (!f)
		return rf_error_set(err, "%s: %s", path, strerror(errno));
	for (size_t c = 0; c < t->n_cols; c++)
		bad |= write_field(f, t->header[c], c == 0);
	bad |= fputc('\n', f) == EOF;
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < t->n_cols; c++) {
			const char *v = (int)c == ant_col && ws_paths[r] ? ws_paths[r]
									  : rf_csv_field(t, r, (int)c);
			bad |= write_field(f, v, c == 0);
		}
		bad |= fputc('\n', f) == EOF;
	}
	if (fclose(f) != 0 || bad)
		return rf_error_set(err, "%s: write failed: %s", path, strerror(errno));
	return 0;
}

/* Strictly inside, as rf_cells_locate (cells.c) wants it at predict. */
static int site_inside(const struct rf_site *s, const struct rf_bounds *b)
{
	return s->lat_deg > b->south_deg && s->lat_deg < b->north_deg &&
	       s->lon_deg > b->west_deg && s->lon_deg < b->east_deg;
}

int rf_imp_cells(struct rf_imp_state *st, struct rf_error *err)
{
	const char *cells = st->opts->cells_path;
	struct rf_csv_table t;
	struct antenna_copy *copies = NULL;
	size_t n_copies = 0;
	const char **ws_paths = NULL;
	char *path;
	int col, ant_col, rc = 0;

	if (rf_csv_read(cells, &t, err))
		return -1;
	col = rf_csv_column(&t, "site_id");
	ant_col = rf_csv_column(&t, "antenna");
	if (col < 0)
		rc = rf_error_set(err, "%s: no column site_id", cells);
	else if (t.n_rows == 0)
		rc = rf_error_set(err, "%s: no cells in the file", cells);
	if (rc == 0) {
		struct rf_sites_index ix;   /* binary search: 100 000 cells in a moment */
		struct rf_bounds b;
		rf_grid_bounds(&st->grid, &b);
		rf_sites_index_build(&st->sites, &ix);
		for (size_t i = 0; rc == 0 && i < t.n_rows; i++) {
			const char *id = rf_csv_field(&t, i, col);
			const struct rf_site *s = st->has_sites ? rf_sites_index_find(&ix, id) : NULL;
			if (!s)
				rc = rf_error_set(err, "%s:%ld: column site_id: '%s' is not a known "
						  "site%s", cells, t.rows[i].line, id,
						  st->has_sites ? "" : " (no --sites given)");
			else if (!site_inside(s, &b))
				rc = rf_error_set(err, "%s:%ld: column site_id: site '%s' at %.6f, "
						  "%.6f is outside the DEM (%.6f..%.6f N, %.6f..%.6f "
						  "E): no prediction could be made for this cell",
						  cells, t.rows[i].line, id, s->lat_deg, s->lon_deg,
						  b.south_deg, b.north_deg, b.west_deg, b.east_deg);
		}
		rf_sites_index_free(&ix);
	}
	for (size_t i = 0; rc == 0 && ant_col >= 0 && i < t.n_rows; i++) {
		/* batch: antenna files inside the plan's tree, before any is read */
		const char *spec = rf_csv_field(&t, i, ant_col);
		char *source = names_file(spec) ? resolve(cells, spec) : NULL;
		if (source && rf_imp_check_inside(&st->trust, source, err))
			rc = rf_error_prefix(err, "%s:%ld: column antenna", cells, t.rows[i].line);
		free(source);
	}
	if (rc == 0) {   /* every value checked now, not only at predict: doc/errors.md */
		struct rf_cell_defaults d;
		struct rf_cells cs;
		rf_cell_defaults_init(&d);
		if (rf_cells_read(cells, &st->sites, &d, &cs, err))
			rc = -1;
		else
			rf_cells_free(&cs);
	}
	ws_paths = rf_xcalloc(t.n_rows, sizeof(*ws_paths));
	if (rc == 0 && ant_col >= 0) {
		char *dir = rf_path_join(st->tmpdir, "antennas");
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			rc = rf_error_set(err, "%s: %s", dir, strerror(errno));
		free(dir);
	}
	for (size_t i = 0; rc == 0 && ant_col >= 0 && i < t.n_rows; i++) {
		const char *spec = rf_csv_field(&t, i, ant_col);
		char *source;
		if (!names_file(spec))
			continue;
		source = resolve(cells, spec);
		ws_paths[i] = copy_antenna(st, &copies, &n_copies, source, t.rows[i].line, err);
		free(source);
		if (!ws_paths[i])
			rc = -1;
	}
	st->cells_rows = t.n_rows;
	if (rc == 0)
		rc = rf_sha256_file(cells, st->cells_sha256, err);
	if (rc == 0) {
		path = rf_path_join(st->tmpdir, "cells.csv");
		rc = write_cells(path, &t, ant_col, ws_paths, err);
		free(path);
	}
	if (rc == 0) {
		st->has_cells = 1;
		rf_info(st->log, "%s: %zu cells, %zu antenna file%s copied into antennas/", cells,
			st->cells_rows, n_copies, n_copies == 1 ? "" : "s");
	}
	for (size_t i = 0; i < n_copies; i++) {
		free(copies[i].source);
		free(copies[i].ws_rel);
	}
	free(copies);
	free(ws_paths);
	rf_csv_free(&t);
	return rc;
}

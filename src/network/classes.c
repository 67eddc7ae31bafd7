/* Clutter class tables (see classes.h and doc/sites.md): CSV read with
 * libcsv through csvtab, columns found by header name. */
#include "rfplan/classes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rfplan/csvtab.h"
#include "rfplan/p2108.h"
#include "core/output_util.h"

#define CODE_MAX 65534  /* 65535 is RF_CLASS_NODATA (grid.h) */

static int row_error(const struct rf_csv_table *t, size_t r, int col, const char *what,
		     struct rf_error *err)
{
	return rf_error_set(err, "%s:%ld: column %s: '%s' %s", t->path, t->rows[r].line,
			    t->header[col], rf_csv_field(t, r, col), what);
}

static int read_class(const struct rf_csv_table *t, size_t r, const int *col,
		      const struct rf_class_columns *m, struct rf_clutter_class *c,
		      struct rf_error *err)
{
	long code;
	const char *name = rf_csv_field(t, r, col[1]);
	if (rf_parse_long(rf_csv_field(t, r, col[0]), &code) != 0)
		return row_error(t, r, col[0], "is not an integer class code", err);
	if (code < 0 || code > CODE_MAX)
		return row_error(t, r, col[0], "is outside the class codes 0..65534", err);
	if (name[0] == '\0')
		return rf_error_set(err, "%s:%ld: column %s: empty class name", t->path,
				    t->rows[r].line, t->header[col[1]]);
	c->loss_db = m->default_loss_db;
	c->height_m = m->default_height_m;
	if (col[2] >= 0 && rf_csv_double(t, r, col[2], &c->loss_db, err) < 0)
		return -1;
	if (col[3] >= 0 && rf_csv_double(t, r, col[3], &c->height_m, err) < 0)
		return -1;
	if (c->height_m < 0)
		return col[3] >= 0 ? row_error(t, r, col[3], "is a negative height", err)
				   : rf_error_set(err, "%s: negative default height", t->path);
	c->code = (int)code;
	c->name = rf_xstrdup(name);
	return 0;
}

/* The optional p2108_type column (col < 0: absent). */
static int read_p2108_type(const struct rf_csv_table *t, size_t r, int col,
			   struct rf_clutter_class *c, struct rf_error *err)
{
	enum rf_p2108_clutter type = RF_P2108_NONE;
	const char *v = col >= 0 ? rf_csv_field(t, r, col) : "";
	if (v[0] && rf_p2108_clutter_parse(v, &type))
		return row_error(t, r, col, "is not an ITU-R P.2108 clutter type (water-sea, "
				 "open-rural, suburban, urban, trees-forest, dense-urban)", err);
	c->p2108_type = (int)type;
	return 0;
}

static int check_duplicates(const struct rf_csv_table *t, const struct rf_class_table *ct,
			    struct rf_error *err)
{
	/* Codes are 0..65534: the line of each code seen, indexed by code. */
	long *line = rf_xcalloc(CODE_MAX + 1, sizeof(*line));
	int rc = 0;
	for (size_t i = 0; i < ct->count && rc == 0; i++) {
		int code = ct->items[i].code;
		if (line[code])
			rc = rf_error_set(err, "%s:%ld: class code %d already defined at line %ld",
					  t->path, t->rows[i].line, code, line[code]);
		line[code] = t->rows[i].line;
	}
	free(line);
	return rc;
}

static int find_columns(const struct rf_csv_table *t, const struct rf_class_columns *m,
			int *col, struct rf_error *err)
{
	const char *names[4] = {m->code, m->name, m->loss_db, m->height_m};
	char missing[256] = "";
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		col[i] = names[i] ? rf_csv_column(t, names[i]) : -1;
		if (names[i] && col[i] < 0 && n < sizeof(missing))
			n += (size_t)snprintf(missing + n, sizeof(missing) - n, "%s%s",
					      n ? ", " : "", names[i]);
	}
	if (n)
		return rf_error_set(err, "%s: missing column(s) %s (a class table needs "
				    "%s,%s,%s,%s)", t->path, missing, m->code, m->name,
				    m->loss_db ? m->loss_db : "-", m->height_m ? m->height_m : "-");
	return 0;
}

/* The columns of rfplan's own class tables (data/clutter/\*.csv); "note"
 * and "comment" are free text for people (the shipped tables and the
 * sample's), never read. */
static const char *const own_columns[] = {"code", "name", "loss_db", "height_m", "p2108_type",
					  "note", "comment", NULL};

/* own: rfplan's format, where a column outside own_columns is a mistake; a
 * mapped table (another's, with its own columns) may hold any others. */
static int read_table(const char *path, const struct rf_class_columns *m, int own,
		      struct rf_class_table *out, struct rf_error *err)
{
	struct rf_csv_table t;
	int col[4];
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if (!m->code || !m->name)
		return rf_error_set(err, "%s: the code and name columns must be named", path);
	if (rf_csv_read(path, &t, err) < 0)
		return -1;
	/* the unknown column first: a misspelt one is also a missing one */
	rc = own ? rf_csv_check_columns(&t, own_columns, err) : 0;
	if (rc == 0)
		rc = find_columns(&t, m, col, err);
	if (rc == 0 && t.n_rows == 0)
		rc = rf_error_set(err, "%s: no classes (only a header row)", path);
	if (rc == 0)
		out->items = rf_xcalloc(t.n_rows, sizeof(*out->items));
	for (size_t r = 0; r < t.n_rows && rc == 0; r++) {
		rc = read_class(&t, r, col, m, &out->items[r], err);
		if (rc == 0)
			out->count++;
		if (rc == 0)
			rc = read_p2108_type(&t, r, rf_csv_column(&t, "p2108_type"), &out->items[r],
					     err);
	}
	if (rc == 0)
		rc = check_duplicates(&t, out, err);
	rf_csv_free(&t);
	if (rc != 0)
		rf_class_table_free(out);
	return rc;
}

int rf_class_table_read_mapped(const char *path, const struct rf_class_columns *m,
			       struct rf_class_table *out, struct rf_error *err)
{
	return read_table(path, m, 0, out, err);
}

int rf_class_table_read(const char *path, struct rf_class_table *out, struct rf_error *err)
{
	const struct rf_class_columns m = {"code", "name", "loss_db", "height_m", 0, 0};
	return read_table(path, &m, 1, out, err);
}

static int write_classes(FILE *f, const void *ctx)
{
	const struct rf_class_table *t = ctx;
	int typed = 0;   /* the p2108_type column only when a class has one */
	for (size_t i = 0; i < t->count; i++)
		typed |= t->items[i].p2108_type != RF_P2108_NONE;
	if (fputs(typed ? "code,name,loss_db,height_m,p2108_type\n" : "code,name,loss_db,height_m\n",
		  f) < 0)
		return -1;
	for (size_t i = 0; i < t->count; i++) {
		const struct rf_clutter_class *c = &t->items[i];
		if (fprintf(f, "%d,", c->code) < 0 || rf_csv_write_field(f, c->name) < 0 ||
		    fprintf(f, ",%.15g,%.15g", c->loss_db, c->height_m) < 0 ||
		    (typed && fprintf(f, ",%s", rf_p2108_clutter_name(c->p2108_type)) < 0) ||
		    fputc('\n', f) == EOF)
			return -1;
	}
	return 0;
}

int rf_class_table_write(const char *path, const struct rf_class_table *t,
			 struct rf_error *err)
{
	return rf_out_write_text(path, write_classes, t, err);
}

const struct rf_clutter_class *rf_class_table_find(const struct rf_class_table *t, int code)
{
	for (size_t i = 0; i < t->count; i++)
		if (t->items[i].code == code)
			return &t->items[i];
	return NULL;
}

void rf_class_table_free(struct rf_class_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++)
		free(t->items[i].name);
	free(t->items);
	t->items = NULL;
	t->count = 0;
}

/* A whole CSV file in memory, parsed with libcsv (see csvtab.h).
 *
 * Choices (documented in doc/sites.md):
 * - libcsv runs with CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL: a quote
 *   inside an unquoted field (`12" dish`), text after a closing quote
 *   (`"a"b`) or a quote never closed are errors "FILE:LINE: ..." rather than
 *   silently producing a garbled field (RFC 4180 section 2, rules 5-7).
 * - The input is fed to libcsv one line at a time so that each row knows the
 *   line it starts on (rows with quoted newlines span several lines).  A line
 *   ends with LF, CRLF or a lone CR.
 * - A UTF-8 BOM at the start is removed; blanks around every field are
 *   trimmed (quoted or not); blank lines and rows whose fields are all empty
 *   (",,,", as spreadsheets write) are skipped; empty header names at the end
 *   of the header (a trailing comma) are dropped.
 * - A row may be shorter than the header (missing fields read as ""), or
 *   longer only by empty fields (trailing commas).  A non-empty field beyond
 *   the header is an error: it usually means an unquoted comma shifted the
 *   columns.
 * - Writing: one function for every text field of every CSV rfplan writes
 *   (RFC 4180 quoting, the CSV-injection guard); the reader removes the
 *   guard (needs_guard/unguard below). */
#include "rfplan/csvtab.h"
#include "rfplan/input.h"
#include "utf8.h"
#include "util.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct builder {
	const char *name;
	struct rf_csv_table *t;
	int have_header;
	char **fields;        /* fields of the row being parsed */
	size_t n_fields, cap_fields;
	size_t cap_rows;
	long row_line;        /* line where the row being parsed starts */
	int at_row_start;     /* no row in progress */
	int failed;
	struct rf_error *err;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char *trimmed_copy(const char *s, size_t len)
{
	char *out;
	while (len && is_blank(*s)) {
		s++;
		len--;
	}
	while (len && (is_blank(s[len - 1]) || s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	out = rf_xmalloc(len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static void free_fields(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

/* A decimal number as a spreadsheet reads one: [+-]digits[.digits][e[+-]digits]
 * (also ".5" and "5."); such a field is a value, never a formula. */
static int is_decimal(const char *s)
{
	size_t digits = 0;
	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* OWASP's CSV-injection rule: a text field starting with = + - @, tab or CR
 * is read by a spreadsheet as a formula, so it is written after a single
 * quote.  A field already starting with a quote gets one more, so that the
 * reader can take exactly one away (the guard is reversible).  Numbers
 * (-95.3) are values and keep their sign. */
static int needs_guard(const char *s)
{
	if (s[0] == '\'')
		return 1;
	return s[0] && strchr("=+-@\t\r", s[0]) && !is_decimal(s);
}

/* The inverse, applied to every field read (after the blanks are trimmed):
 * "'=1" -> "=1", "''x" -> "'x"; "'x" and "'-5", never written by rfplan,
 * stay as they are. */
static void unguard(char *field)
{
	if (field[0] == '\'' && needs_guard(field + 1))
		memmove(field, field + 1, strlen(field));
}

/* Offset of the first byte of s[0..len) that is not well-formed UTF-8 (the
 * one decoder, rf_utf8_seq: RFC 3629 sec. 4 / Unicode sec. 3.9), or -1 when
 * all of it is.  A field may hold NUL bytes: they count as ASCII. */
static long bad_utf8(const char *s, size_t len)
{
	char *z = rf_xmalloc(len + 1);
	size_t i = 0;
	long at = -1;
	memcpy(z, s, len);
	z[len] = '\0';
	while (i < len) {
		unsigned long cp;
		size_t n = z[i] ? rf_utf8_seq(z + i, &cp) : 1;
		if (n == 0) {
			at = (long)i;
			break;
		}
		i += n;
	}
	free(z);
	return at;
}

static void utf8_error(struct builder *b, const char *s, long at)
{
	size_t col = b->n_fields + 1;
	const char *name = b->have_header && col <= b->t->n_cols ? b->t->header[col - 1] : NULL;
	rf_error_set(b->err, "%s:%ld: %scolumn %zu%s%s%s: byte 0x%02X at byte %ld of the field is "
		     "not UTF-8 (save the file as UTF-8)", b->name, b->row_line,
		     b->have_header ? "" : "header ", col, name ? " (" : "", name ? name : "",
		     name ? ")" : "", (unsigned char)s[at], at + 1);
	b->failed = 1;
}

static void on_field(void *s, size_t len, void *data)
{
	struct builder *b = data;
	long bad = s && !b->failed ? bad_utf8(s, len) : -1;
	if (bad >= 0)
		utf8_error(b, s, bad);
	if (b->n_fields == b->cap_fields) {
		b->cap_fields = b->cap_fields ? 2 * b->cap_fields : 16;
		b->fields = rf_xrealloc(b->fields, b->cap_fields * sizeof(*b->fields));
	}
	b->fields[b->n_fields] = trimmed_copy(s ? s : "", s ? len : 0);
	unguard(b->fields[b->n_fields++]);
}

static void finish_header(struct builder *b)
{
	struct rf_csv_table *t = b->t;
	size_t n = b->n_fields;
	while (n > 0 && b->fields[n - 1][0] == '\0')
		free(b->fields[--n]);
	t->n_cols = n;
	t->header = b->fields;
	t->header_line = b->row_line;
	b->have_header = 1;
}

/* Drops trailing empty fields beyond the header; fails on non-empty ones. */
static int check_width(struct builder *b)
{
	size_t ncols = b->t->n_cols;
	while (b->n_fields > ncols && b->fields[b->n_fields - 1][0] == '\0')
		free(b->fields[--b->n_fields]);
	if (b->n_fields > ncols) {
		rf_error_set(b->err, "%s:%ld: %zu fields but the header has %zu columns "
			     "(field %zu is '%s'; a value with a comma must be quoted)",
			     b->name, b->row_line, b->n_fields, ncols, ncols + 1,
			     b->fields[ncols]);
		return -1;
	}
	return 0;
}

static int all_empty(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fields[i][0])
			return 0;
	return 1;
}

static void on_row(int c, void *data)
{
	struct builder *b = data;
	struct rf_csv_table *t = b->t;
	(void)c;
	b->at_row_start = 1;
	if (b->failed || all_empty(b->fields, b->n_fields)) {
		free_fields(b->fields, b->n_fields);
	} else if (!b->have_header) {
		finish_header(b);
	} else if (check_width(b) < 0) {
		b->failed = 1;
		free_fields(b->fields, b->n_fields);
	} else {
		if (t->n_rows == b->cap_rows) {
			b->cap_rows = b->cap_rows ? 2 * b->cap_rows : 64;
			t->rows = rf_xrealloc(t->rows, b->cap_rows * sizeof(*t->rows));
		}
		t->rows[t->n_rows].line = b->row_line;
		t->rows[t->n_rows].n_fields = b->n_fields;
		t->rows[t->n_rows].fields = b->fields;
		t->n_rows++;
	}
	b->fields = NULL;
	b->n_fields = b->cap_fields = 0;
}

/* Length of the line starting at s (including its LF, CRLF or lone CR). */
static size_t line_length(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r')
			return i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return len;
}

static int blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_blank(s[i]) && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

static int parse_error(struct builder *b, struct csv_parser *p, long line)
{
	if (csv_error(p) == CSV_EPARSE)
		return rf_error_set(b->err, "%s:%ld: malformed quoting in the row starting "
				    "at line %ld (a quote must open and close a whole field, "
				    "and be doubled inside it)", b->name, line, b->row_line);
	return rf_error_set(b->err, "%s:%ld: CSV parser: %s", b->name, line,
			    csv_strerror(csv_error(p)));
}

static int parse_all(struct builder *b, struct csv_parser *p, const char *buf, size_t len)
{
	long line = 1;
	size_t pos = 0;
	while (pos < len) {
		size_t n = line_length(buf + pos, len - pos);
		if (b->at_row_start) {
			if (blank_line(buf + pos, n)) {
				pos += n;
				line++;
				continue;
			}
			b->row_line = line;
			b->at_row_start = 0;
		}
		if (csv_parse(p, buf + pos, n, on_field, on_row, b) != n)
			return parse_error(b, p, line);
		if (b->failed)
			return -1;
		pos += n;
		line++;
	}
	if (csv_fini(p, on_field, on_row, b) != 0)
		return parse_error(b, p, line - (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r')));
	return b->failed ? -1 : 0;
}

int rf_csv_read_buffer(const char *name, const char *buf, size_t len,
		       struct rf_csv_table *out, struct rf_error *err)
{
	struct csv_parser p;
	struct builder b;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	out->path = rf_xstrdup(name);
	b.name = out->path;
	b.t = out;
	b.at_row_start = 1;
	b.err = err;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		rf_csv_free(out);
		return rf_error_set(err, "%s: cannot initialise the CSV parser", name);
	}
	rc = parse_all(&b, &p, buf, len);
	csv_free(&p);
	free_fields(b.fields, b.n_fields);
	if (rc == 0 && !b.have_header)
		rc = rf_error_set(err, "%s: empty file (no header row)", name);
	else if (rc == 0 && out->n_cols == 0)
		rc = rf_error_set(err, "%s:%ld: the header row has no column names",
				  name, b.row_line);
	if (rc != 0)
		rf_csv_free(out);
	return rc;
}

int rf_csv_read(const char *path, struct rf_csv_table *out, struct rf_error *err)
{
	size_t len = 0;
	char *buf;
	int rc;
	memset(out, 0, sizeof(*out));
	buf = rf_input_read(path, &len, err);
	if (!buf)
		return -1;
	rc = rf_csv_read_buffer(path, buf, len, out, err);
	free(buf);
	return rc;
}

void rf_csv_free(struct rf_csv_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_rows; i++)
		free_fields(t->rows[i].fields, t->rows[i].n_fields);
	free(t->rows);
	free_fields(t->header, t->n_cols);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

int rf_csv_column(const struct rf_csv_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_cols; i++)
		if (strcasecmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

const char *rf_csv_field(const struct rf_csv_table *t, size_t row, int col)
{
	if (col < 0 || row >= t->n_rows || (size_t)col >= t->rows[row].n_fields)
		return "";
	return t->rows[row].fields[col];
}

int rf_csv_double(const struct rf_csv_table *t, size_t row, int col, double *out,
		  struct rf_error *err)
{
	const char *v = rf_csv_field(t, row, col);
	const char *cname = col >= 0 && (size_t)col < t->n_cols ? t->header[col] : "?";
	long line = row < t->n_rows ? t->rows[row].line : 0;
	if (col < 0 || (size_t)col >= t->n_cols)
		return rf_error_set(err, "%s:%ld: no such column", t->path, line);
	if (rf_parse_double(v, out) != 0)
		return rf_error_set(err, "%s:%ld: column %s: '%s' is not a number",
				    t->path, line, cname, v);
	return 0;
}

static int write_text(FILE *f, const char *s, int always_quote)
{
	size_t n = strlen(s);
	char *guarded = NULL;
	int rc;
	if (needs_guard(s)) {
		guarded = rf_xmalloc(n + 2);
		guarded[0] = '\'';
		memcpy(guarded + 1, s, n + 1);
		s = guarded;
		n++;
	}
	if (!always_quote && (n == 0 || (!strpbrk(s, ",\"\r\n") && s[0] != ' ' &&
					  s[n - 1] != ' ')))
		rc = n == 0 || fputs(s, f) >= 0 ? 0 : -1;
	else
		rc = csv_fwrite(f, s, n) == 0 ? 0 : -1;   /* RFC 4180: "a""b" */
	free(guarded);
	return rc;
}

int rf_csv_write_field(FILE *f, const char *s)
{
	return write_text(f, s, 0);
}

int rf_csv_write_quoted(FILE *f, const char *s)
{
	return write_text(f, s, 1);
}

int rf_csv_check_columns(const struct rf_csv_table *t, const char *const *known,
			 struct rf_error *err)
{
	for (size_t c = 0; c < t->n_cols; c++) {
		size_t k = 0;
		while (known[k] && strcasecmp(known[k], t->header[c]))
			k++;
		if (!known[k])
			return rf_error_set(err, "%s:%ld: column %zu '%s' is not a known column "
					    "(did you mean '%s'?)", t->path, t->header_line, c + 1,
					    t->header[c], rf_closest_name(t->header[c], known));
	}
	return 0;
}

const char *rf_csv_closest_column(const struct rf_csv_table *t, const char *name)
{
	const char **names = rf_xmalloc((t->n_cols + 1) * sizeof(*names));
	const char *best;
	for (size_t c = 0; c < t->n_cols; c++)
		names[c] = t->header[c];
	names[t->n_cols] = NULL;
	best = t->n_cols ? rf_closest_name(name, names) : "";
	free(names);
	return best;
}

/* Terrain profile files: ITM's pfl form or a distance_m,height_m CSV. */
#include "rfplan/pfl.h"
#include "rfplan/input.h"
#include "core/util.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 10000000

static int is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',';
}

/* Next blank/comma separated token at *pos (updating *line); 0 at the end. */
static int next_token(const char **pos, long *line, char *tok, size_t toklen,
		      long *tok_line)
{
	const char *s = *pos;
	size_t n = 0;
	while (*s && is_sep((unsigned char)*s))
		if (*s++ == '\n')
			(*line)++;
	if (!*s)
		return 0;
	*tok_line = *line;
	while (*s && !is_sep((unsigned char)*s)) {
		if (n + 1 < toklen)
			tok[n++] = *s;
		s++;
	}
	tok[n] = '\0';
	*pos = s;
	return 1;
}

static int read_pfl_form(const char *path, const char *text, struct rf_pfl *out,
			 struct rf_error *err)
{
	const char *pos = text;
	long line = 1, tl;
	char tok[64];
	double np, dx, z;
	int i = 0, n;

	next_token(&pos, &line, tok, sizeof(tok), &tl);
	if (rf_parse_double(tok, &np) || np != floor(np) || np < 1 || np >= MAX_POINTS)
		return rf_error_set(err, "%s:%ld: np '%s' is not a whole number >= 1", path, tl, tok);
	if (!next_token(&pos, &line, tok, sizeof(tok), &tl))
		return rf_error_set(err, "%s: the spacing dx (2nd value) is missing", path);
	if (rf_parse_double(tok, &dx) || !(dx > 0))
		return rf_error_set(err, "%s:%ld: spacing dx '%s' is not a number > 0", path, tl, tok);
	n = (int)np + 1;
	out->z_m = rf_xmalloc((size_t)n * sizeof(double));
	while (next_token(&pos, &line, tok, sizeof(tok), &tl)) {
		if (i == n) {
			rf_error_set(err, "%s:%ld: extra value '%s' after the np + 1 = %d heights",
				     path, tl, tok, n);
			goto fail;
		}
		if (rf_parse_double(tok, &z)) {
			rf_error_set(err, "%s:%ld: height '%s' is not a number", path, tl, tok);
			goto fail;
		}
		out->z_m[i++] = z;
	}
	if (i < n) {
		rf_error_set(err, "%s: np = %d needs %d heights, found %d", path, n - 1, n, i);
		goto fail;
	}
	out->n = n;
	out->step_m = dx;
	return 0;
fail:
	free(out->z_m);
	out->z_m = NULL;
	return -1;
}

/* CSV form, parsed with libcsv one line at a time (line numbers). */
struct csv_state {
	const char *path;
	long line;
	int col, col_d, col_z, header_done, failed;
	double d, z;
	int have_d, have_z;
	double *dist, *height;
	size_t n, cap;
	struct rf_error *err;
};

static void on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	char buf[64];
	double v;
	int col = st->col++;
	if (st->failed)
		return;
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < 63 ? len : 63), (const char *)s);
	if (!st->header_done) {
		if (!strcmp(buf, "distance_m"))
			st->col_d = col;
		else if (!strcmp(buf, "height_m"))
			st->col_z = col;
		return;
	}
	if (col != st->col_d && col != st->col_z)
		return;
	if (rf_parse_double(buf, &v)) {
		rf_error_set(st->err, "%s:%ld: column %s: '%s' is not a number", st->path,
			     st->line, col == st->col_d ? "distance_m" : "height_m", buf);
		st->failed = 1;
		return;
	}
	if (col == st->col_d) {
		st->d = v;
		st->have_d = 1;
	} else {
		st->z = v;
		st->have_z = 1;
	}
}

static void on_row(int c, void *data)
{
	struct csv_state *st = data;
	(void)c;
	if (st->failed)
		return;
	if (!st->header_done) {
		st->header_done = 1;
		if (st->col_d < 0 || st->col_z < 0) {
			rf_error_set(st->err, "%s:%ld: the header must name columns distance_m "
				     "and height_m", st->path, st->line);
			st->failed = 1;
		}
	} else if (!st->have_d || !st->have_z) {
		rf_error_set(st->err, "%s:%ld: missing %s", st->path, st->line,
			     st->have_d ? "height_m" : "distance_m");
		st->failed = 1;
	} else if (st->n > 0 && !(st->d > st->dist[st->n - 1])) {
		rf_error_set(st->err, "%s:%ld: column distance_m: %g does not increase", st->path,
			     st->line, st->d);
		st->failed = 1;
	} else {
		if (st->n == st->cap) {
			st->cap = 2 * st->cap + 256;
			st->dist = rf_xrealloc(st->dist, st->cap * sizeof(double));
			st->height = rf_xrealloc(st->height, st->cap * sizeof(double));
		}
		st->dist[st->n] = st->d;
		st->height[st->n++] = st->z;
	}
	st->col = 0;
	st->have_d = st->have_z = 0;
}

/* Onto an even grid: as is when the spacing is even within 0.1%, else
 * linear interpolation at the smallest spacing. */
static int make_even(struct csv_state *st, struct rf_pfl *out, struct rf_error *err)
{
	size_t n = st->n;
	double total = st->dist[n - 1] - st->dist[0], mean = total / (double)(n - 1);
	double min_step = mean, npts;
	int even = 1;
	for (size_t i = 1; i < n; i++) {
		double s = st->dist[i] - st->dist[i - 1];
		if (fabs(s - mean) > 1e-3 * mean)
			even = 0;
		if (s < min_step)
			min_step = s;
	}
	if (even) {
		out->n = (int)n;
		out->step_m = mean;
		out->z_m = st->height;
		st->height = NULL;
		return 0;
	}
	npts = ceil(total / min_step - 1e-9) + 1.0;
	if (npts > MAX_POINTS)
		return rf_error_set(err, "%s: resampling at %g m would need %.3g points",
				    st->path, min_step, npts);
	out->n = (int)npts;
	out->step_m = total / (npts - 1);
	out->z_m = rf_xmalloc((size_t)out->n * sizeof(double));
	out->resampled = 1;
	for (int i = 0, j = 0; i < out->n; i++) {
		double d = st->dist[0] + i * out->step_m;
		while (j + 2 < (int)n && st->dist[j + 1] < d)
			j++;
		double f = (d - st->dist[j]) / (st->dist[j + 1] - st->dist[j]);
		f = f < 0 ? 0 : f > 1 ? 1 : f;
		out->z_m[i] = st->height[j] + f * (st->height[j + 1] - st->height[j]);
	}
	return 0;
}

static int read_csv_form(const char *path, const char *text, struct rf_pfl *out,
			 struct rf_error *err)
{
	struct csv_parser p;
	struct csv_state st = { .path = path, .col_d = -1, .col_z = -1, .err = err };
	const char *s = text;
	int rc = -1;

	if (csv_init(&p, 0) != 0)
		return rf_error_set(err, "%s: cannot initialise the CSV parser", path);
	while (*s && !st.failed) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		st.line++;
		if (csv_parse(&p, s, len, on_field, on_row, &st) != len) {
			rf_error_set(err, "%s:%ld: %s", path, st.line, csv_strerror(csv_error(&p)));
			break;
		}
		csv_fini(&p, on_field, on_row, &st);
		s += len + (eol ? 1 : 0);
	}
	if (!st.failed && st.line > 0 && st.n < 2)
		rf_error_set(err, "%s: a profile needs at least 2 points, found %zu", path, st.n);
	else if (!st.failed && st.line > 0)
		rc = make_even(&st, out, err);
	csv_free(&p);
	free(st.dist);
	free(st.height);
	return rc;
}

/* A profile that no terrain can have (doc/errors.md): longer than half the
 * Earth's circumference (about 20 000 km, the longest great-circle path),
 * or a height beyond +-100 km (Everest is 8849 m, the Challenger Deep
 * -10 935 m).  Finite but absurd numbers would otherwise give a NaN loss. */
#define MAX_LENGTH_M 2.0e7
#define MAX_ABS_HEIGHT_M 1.0e5

static int check_plausible(const char *path, struct rf_pfl *p, struct rf_error *err)
{
	double len_m = (p->n - 1) * p->step_m;
	int rc = 0;
	if (!(len_m <= MAX_LENGTH_M))
		rc = rf_error_set(err, "%s: the profile is %.6g km long (%d points every %g m): "
				  "a path on the Earth is at most 20000 km", path, len_m / 1000.0,
				  p->n, p->step_m);
	for (int i = 0; rc == 0 && i < p->n; i++)
		if (!(fabs(p->z_m[i]) <= MAX_ABS_HEIGHT_M))
			rc = rf_error_set(err, "%s: height %g m (point %d) is not a terrain height "
					  "(|h| <= 100 km)", path, p->z_m[i], i);
	if (rc)
		rf_pfl_free(p);
	return rc;
}

int rf_pfl_read(const char *path, struct rf_pfl *out, struct rf_error *err)
{
	const char *pos;
	char tok[64], *text;
	long line = 1, tl;
	double v;
	int rc;

	memset(out, 0, sizeof(*out));
	text = rf_input_read(path, NULL, err);   /* regular file, size and line caps */
	if (!text)
		return -1;
	pos = text;
	if (!next_token(&pos, &line, tok, sizeof(tok), &tl))
		rc = rf_error_set(err, "%s: empty profile file", path);
	else if (rf_parse_double(tok, &v) == 0)
		rc = read_pfl_form(path, text, out, err);
	else
		rc = read_csv_form(path, text, out, err);
	free(text);
	if (rc == 0)
		rc = check_plausible(path, out, err);
	return rc;
}

void rf_pfl_free(struct rf_pfl *p)
{
	if (!p)
		return;
	free(p->z_m);
	p->z_m = NULL;
}

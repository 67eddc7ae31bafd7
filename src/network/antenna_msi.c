/* Reader for Planet/MSI antenna pattern files (.msi, .pln, .txt): header
 * keys, then HORIZONTAL and VERTICAL blocks of "angle attenuation" lines.
 * doc/antennas.md describes the accepted variants. */
#include "antenna_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfplan/error.h"
#include "rfplan/input.h"

/* Planet convention: a gain without unit is in dBd; dBi = dBd + 2.15
 * (gain of a half-wave dipole over isotropic). */
#define DBD_TO_DBI 2.15
#define MAX_POINTS 100000L
#define ETILT_UNKNOWN -1000.0

struct cut_buf {
	double *angle_deg;
	double *att_db;
	size_t n;
	long line;        /* line of the block's keyword, 0 if not seen */
};

struct msi_reader {
	const char *path;
	FILE *fp;
	char *buf;
	size_t cap;
	long lineno;
};

/* Next line, trimmed of blanks and CR/LF; NULL at end of file. */
static char *next_line(struct msi_reader *r)
{
	char *s, *e;
	if (getline(&r->buf, &r->cap, r->fp) < 0)
		return NULL;
	r->lineno++;
	s = r->buf;
	if (r->lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;   /* UTF-8 byte-order mark */
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n", e[-1]))
		*--e = '\0';
	return s;
}

/* Cut the first blank-separated token off s; *rest gets the remainder
 * without leading blanks. */
static char *first_token(char *s, char **rest)
{
	char *e = s + strcspn(s, " \t");
	if (*e) {
		*e++ = '\0';
		e += strspn(e, " \t");
	}
	*rest = e;
	return s;
}

static int read_block(struct msi_reader *r, const char *which, char *count_str,
		      struct cut_buf *c, struct rf_error *err)
{
	long count;
	if (c->line)
		return rf_error_set(err, "%s:%ld: second %s block (the first is at line %ld)",
				    r->path, r->lineno, which, c->line);
	c->line = r->lineno;
	if (rf_parse_long(count_str, &count) < 0 || count < 1 || count > MAX_POINTS)
		return rf_error_set(err, "%s:%ld: %s: point count '%s' is not an integer in 1..%ld",
				    r->path, r->lineno, which, count_str, MAX_POINTS);
	c->angle_deg = rf_xmalloc((size_t)count * sizeof(double));
	c->att_db = rf_xmalloc((size_t)count * sizeof(double));
	while (c->n < (size_t)count) {
		char *line = next_line(r), *rest, *angle_s, *att_s;
		double angle, att;
		if (!line)
			return rf_error_set(err, "%s:%ld: %s block declares %ld points but the file ends after %zu",
					    r->path, c->line, which, count, c->n);
		if (!*line)
			continue;
		angle_s = first_token(line, &rest);
		att_s = first_token(rest, &rest);
		if (rf_parse_double(angle_s, &angle) < 0) {
			if (!*att_s || rf_parse_long(att_s, &(long){0}) == 0)
				return rf_error_set(err, "%s:%ld: %s block (line %ld) declares %ld points but '%s' starts after %zu",
						    r->path, r->lineno, which, c->line, count, angle_s, c->n);
			return rf_error_set(err, "%s:%ld: %s: angle '%s' is not a number",
					    r->path, r->lineno, which, angle_s);
		}
		if (!*att_s || *rest)
			return rf_error_set(err, "%s:%ld: %s: expected 'angle attenuation_dB', got '%s %s%s%s'",
					    r->path, r->lineno, which, angle_s, att_s, *rest ? " " : "", rest);
		if (rf_parse_double(att_s, &att) < 0)
			return rf_error_set(err, "%s:%ld: %s: attenuation '%s' is not a number",
					    r->path, r->lineno, which, att_s);
		if (angle < 0 || angle >= 360)
			return rf_error_set(err, "%s:%ld: %s: angle %g is outside [0, 360)",
					    r->path, r->lineno, which, angle);
		if (c->n > 0 && angle <= c->angle_deg[c->n - 1])
			return rf_error_set(err, "%s:%ld: %s: angle %g does not increase (previous %g)",
					    r->path, r->lineno, which, angle, c->angle_deg[c->n - 1]);
		if (att < 0)
			return rf_error_set(err, "%s:%ld: %s: attenuation %g dB is negative (MSI values are dB below the peak, without sign)",
					    r->path, r->lineno, which, att);
		c->angle_deg[c->n] = angle;
		c->att_db[c->n] = att;
		c->n++;
	}
	return 0;
}

/* "value [unit]" where the unit is unit0 (also the default when absent)
 * or unit1; *which_unit tells which (0 or 1). */
static int value_unit(struct msi_reader *r, const char *key, char *s,
		      const char *unit0, const char *unit1, double *value,
		      int *which_unit, struct rf_error *err)
{
	char *rest;
	char *num = first_token(s, &rest);
	if (rf_parse_double(num, value) < 0)
		return rf_error_set(err, "%s:%ld: %s: '%s' is not a number",
				    r->path, r->lineno, key, num);
	*which_unit = 0;
	if (!*rest || strcasecmp(rest, unit0) == 0)
		return 0;
	if (strcasecmp(rest, unit1) == 0) {
		*which_unit = 1;
		return 0;
	}
	return rf_error_set(err, "%s:%ld: %s: unit '%s' is not %s or %s",
			    r->path, r->lineno, key, rest, unit0, unit1);
}

struct msi_header {
	char *name;
	double gain_dbi;
	long gain_line;
	double freq_mhz;
	double etilt_deg;
};

static int header_line(struct msi_reader *r, const char *key, char *rest,
		       struct msi_header *hd, struct rf_error *err)
{
	int unit;
	double v;
	if (strcasecmp(key, "NAME") == 0) {
		free(hd->name);
		hd->name = rf_xstrdup(rest);
	} else if (strcasecmp(key, "GAIN") == 0) {
		if (value_unit(r, "GAIN", rest, "dBd", "dBi", &v, &unit, err) < 0)
			return -1;
		hd->gain_dbi = unit == 0 ? v + DBD_TO_DBI : v;
		hd->gain_line = r->lineno;
	} else if (strcasecmp(key, "FREQUENCY") == 0) {
		if (value_unit(r, "FREQUENCY", rest, "MHz", "GHz", &v, &unit, err) < 0)
			return -1;
		hd->freq_mhz = unit == 0 ? v : v * 1000.0;
	} else if (strcasecmp(key, "ELECTRICAL_TILT") == 0) {
		if (rf_parse_double(rest, &hd->etilt_deg) < 0)
			return rf_error_set(err, "%s:%ld: ELECTRICAL_TILT: '%s' is not a number",
					    r->path, r->lineno, rest);
	} else if (strcasecmp(key, "TILT") == 0) {
		/* "TILT 4", "TILT ELECTRICAL 4"; a bare word (ELECTRICAL,
		 * MECHANICAL, fixed) only says how the tilt is made. */
		char *word = first_token(rest, &rest);
		if (rf_parse_double(word, &v) == 0)
			hd->etilt_deg = v;
		else if (strcasecmp(word, "ELECTRICAL") == 0 && *rest &&
			 rf_parse_double(rest, &hd->etilt_deg) < 0)
			return rf_error_set(err, "%s:%ld: TILT ELECTRICAL: '%s' is not a number",
					    r->path, r->lineno, rest);
	} else if (rf_parse_double(key, &v) == 0) {
		return rf_error_set(err, "%s:%ld: data line '%s %s' outside a HORIZONTAL/VERTICAL block (more points than the block declares?)",
				    r->path, r->lineno, key, rest);
	}
	/* Other keys (MAKE, H_WIDTH, V_WIDTH, FRONT_TO_BACK, POLARIZATION,
	 * COMMENT, vendor extensions) are informative only. */
	return 0;
}

static int read_all(struct msi_reader *r, struct msi_header *hd, struct cut_buf *h,
		    struct cut_buf *v, struct rf_error *err)
{
	char *line;
	while ((line = next_line(r))) {
		char *rest, *key;
		if (!*line)
			continue;
		key = first_token(line, &rest);
		if (strcasecmp(key, "HORIZONTAL") == 0) {
			if (read_block(r, "HORIZONTAL", rest, h, err) < 0)
				return -1;
		} else if (strcasecmp(key, "VERTICAL") == 0) {
			if (read_block(r, "VERTICAL", rest, v, err) < 0)
				return -1;
		} else if (header_line(r, key, rest, hd, err) < 0) {
			return -1;
		}
	}
	if (ferror(r->fp))
		return rf_error_set(err, "%s:%ld: read error: %s", r->path, r->lineno, strerror(errno));
	if (!h->line)
		return rf_error_set(err, "%s: no HORIZONTAL block", r->path);
	if (!v->line)
		return rf_error_set(err, "%s: no VERTICAL block", r->path);
	if (!hd->gain_line)
		return rf_error_set(err, "%s: no GAIN line", r->path);
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

struct rf_antenna *rf_antenna_read_msi(const char *path, struct rf_error *err)
{
	struct msi_reader r = { .path = path };
	struct msi_header hd = { .etilt_deg = ETILT_UNKNOWN };
	struct cut_buf h = { 0 }, v = { 0 };
	struct rf_antenna *a = NULL;
	r.fp = rf_input_fopen(path, err);
	if (!r.fp)
		return NULL;
	if (read_all(&r, &hd, &h, &v, err) == 0) {
		struct rf_antenna_cut hc = { h.angle_deg, h.att_db, h.n };
		struct rf_antenna_cut vc = { v.angle_deg, v.att_db, v.n };
		a = rf_antenna_from_cuts(hd.name && *hd.name ? hd.name : base_name(path),
					 hd.gain_dbi, hd.freq_mhz, hd.etilt_deg, &hc, &vc);
	}
	fclose(r.fp);
	free(r.buf);
	free(hd.name);
	free(h.angle_deg);
	free(h.att_db);
	free(v.angle_deg);
	free(v.att_db);
	return a;
}

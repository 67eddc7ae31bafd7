/* Drive-test measurement files: the three formats of measure.h, read with
 * libcsv (csvtab.h); every row either kept or counted under one reason. */
#include "rfplan/measure.h"
#include "rfplan/csvtab.h"
#include "rfplan/limits.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 3GPP TS 36.133 sec. 9.1.4: a UE reports RSRP from -140 to -44 dBm; a
 * scanner measures down to about -150 dBm (its noise floor), which
 * --floor-dbm may keep: the reader takes [-150, -44]. */
#define RSRP_MIN_DBM (-150.0)
#define RSRP_MAX_DBM (-44.0)

void rf_measure_columns_default(struct rf_measure_columns *c)
{
	c->lat = "lat";
	c->lon = "lon";
	c->rsrp = "rsrp_dbm";
	c->site_id = "site_id";
	c->cell_id = "cell_id";
	c->pci = "pci";
	c->earfcn = "earfcn";
	c->freq = "frequency_mhz";
	c->time = "time";
	c->group = "";
	c->fold = "";
}

int rf_measure_columns_parse(char *spec, struct rf_measure_columns *c, struct rf_error *err)
{
	char *save = NULL;
	for (char *kv = strtok_r(spec, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		const char **slot = NULL;
		if (!eq || eq == kv || !eq[1])
			return rf_error_set(err, "'%s' is not NAME=HEADER", kv);
		*eq = '\0';
		if (!strcmp(kv, "lat")) slot = &c->lat;
		else if (!strcmp(kv, "lon")) slot = &c->lon;
		else if (!strcmp(kv, "rsrp_dbm")) slot = &c->rsrp;
		else if (!strcmp(kv, "site_id")) slot = &c->site_id;
		else if (!strcmp(kv, "cell_id")) slot = &c->cell_id;
		else if (!strcmp(kv, "pci")) slot = &c->pci;
		else if (!strcmp(kv, "earfcn")) slot = &c->earfcn;
		else if (!strcmp(kv, "frequency_mhz")) slot = &c->freq;
		else if (!strcmp(kv, "time")) slot = &c->time;
		if (!slot)
			return rf_error_set(err, "unknown field '%s' (lat, lon, rsrp_dbm, site_id, "
					    "cell_id, pci, earfcn, frequency_mhz, time)", kv);
		*slot = eq + 1;
	}
	return 0;
}

static const char *const format_names[] = { "auto", "csv", "cork", "opencellid" };

int rf_measure_format_parse(const char *name, enum rf_measure_format *out)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, format_names[i])) {
			*out = (enum rf_measure_format)i;
			return 0;
		}
	return -1;
}

const char *rf_measure_format_name(enum rf_measure_format f)
{
	return format_names[f];
}

const char *rf_measure_reason_name(enum rf_measure_reason r)
{
	static const char *const names[] = {
		"missing_coordinates", "invalid_coordinates", "missing_rsrp", "invalid_rsrp",
		"not_lte", "invalid_time"
	};
	return names[r];
}

void rf_measurements_init(struct rf_measurements *m)
{
	memset(m, 0, sizeof(*m));
}

void rf_measurements_free(struct rf_measurements *m)
{
	for (size_t i = 0; i < m->count; i++) {
		free(m->items[i].site_id);
		free(m->items[i].cell_id);
		free(m->items[i].group);
		free(m->items[i].fold_group);
	}
	for (int i = 0; i < m->n_files; i++)
		free(m->files[i]);
	free(m->items);
	free(m->files);
	free(m->formats);
	memset(m, 0, sizeof(*m));
}

double rf_earfcn_dl_mhz(long n)
{
	/* 3GPP TS 36.101 table 5.7.3-1: band, F_DL_low (MHz), N_Offs-DL, last N_DL */
	static const struct { double f_low; long offs, last; } bands[] = {
		{ 2110, 0, 599 },        /* 1 */
		{ 1930, 600, 1199 },     /* 2 */
		{ 1805, 1200, 1949 },    /* 3 */
		{ 2110, 1950, 2399 },    /* 4 */
		{ 869, 2400, 2649 },     /* 5 */
		{ 2620, 2750, 3449 },    /* 7 */
		{ 925, 3450, 3799 },     /* 8 */
		{ 729, 5010, 5179 },     /* 12 */
		{ 746, 5180, 5279 },     /* 13 */
		{ 791, 6150, 6449 },     /* 20 */
		{ 758, 9210, 9659 },     /* 28 */
		{ 2570, 37750, 38249 },  /* 38 */
		{ 2300, 38650, 39649 },  /* 40 */
		{ 2496, 39650, 41589 },  /* 41 */
	};
	for (size_t i = 0; i < sizeof(bands) / sizeof(bands[0]); i++)
		if (n >= bands[i].offs && n <= bands[i].last)
			return bands[i].f_low + 0.1 * (double)(n - bands[i].offs);
	return NAN;
}

/* Column indices of one file, -1 when absent. */
struct layout {
	int lat, lon, rsrp, site, cell, pci, earfcn, freq, tech, time, group, fold;
};

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
 * days_from_civil). */
static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A time as UTC seconds: "YYYY-MM-DD[T ]HH:MM:SS[.f][Z]" (ISO 8601, UTC),
 * Cork's "YYYY.MM.DD_HH.MM.SS", or a number of seconds; -1 otherwise. */
static int parse_time(const char *s, double *out)
{
	int y, mo, d, h, mi, n = 0;
	double sec;
	char sep1, sep2, sep3;
	if (!rf_parse_double(s, out))
		return 0;
	if (sscanf(s, "%4d%c%2d%c%2d%c%2d%*[:.]%2d%*[:.]%lf%n", &y, &sep1, &mo, &sep2, &d, &sep3,
		   &h, &mi, &sec, &n) != 9)
		return -1;
	if (!((sep1 == '-' && sep2 == '-' && (sep3 == 'T' || sep3 == ' ')) ||
	      (sep1 == '.' && sep2 == '.' && sep3 == '_')))
		return -1;
	if ((s[n] && strcmp(s + n, "Z")) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || !(sec >= 0 && sec < 61))
		return -1;
	*out = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
	return 0;
}

static int col(const struct rf_csv_table *t, const char *name)
{
	return name && *name ? rf_csv_column(t, name) : -1;
}

static enum rf_measure_format detect(const struct rf_csv_table *t,
				     const struct rf_measure_columns *c)
{
	if (rf_csv_column(t, "NetworkMode") >= 0 && rf_csv_column(t, "RSRP") >= 0 &&
	    rf_csv_column(t, "Latitude") >= 0 && rf_csv_column(t, "Longitude") >= 0)
		return RF_MEAS_CORK;
	if (rf_csv_column(t, "mcc") >= 0 && rf_csv_column(t, "cellid") >= 0 &&
	    rf_csv_column(t, "signal") >= 0 && rf_csv_column(t, "lat") >= 0 &&
	    rf_csv_column(t, "lon") >= 0)
		return RF_MEAS_OPENCELLID;
	if (col(t, c->lat) >= 0 && col(t, c->lon) >= 0 && col(t, c->rsrp) >= 0)
		return RF_MEAS_CSV;
	return RF_MEAS_AUTO;
}

/* A column named in --columns (not the default name) must be in the file:
 * a misspelt optional column would otherwise be read as absent. */
static int check_renamed(const struct rf_csv_table *t, const struct rf_measure_columns *c,
			 struct rf_error *err)
{
	struct rf_measure_columns d;
	const char *given[] = { c->site_id, c->cell_id, c->pci, c->earfcn, c->freq, c->time };
	rf_measure_columns_default(&d);
	const char *dflt[] = { d.site_id, d.cell_id, d.pci, d.earfcn, d.freq, d.time };
	for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
		if (given[i] && *given[i] && strcmp(given[i], dflt[i]) && col(t, given[i]) < 0)
			return rf_error_set(err, "%s:%ld: no column '%s' named in --columns "
					    "%s=%s (did you mean '%s'?)", t->path, t->header_line,
					    given[i], dflt[i], given[i],
					    rf_csv_closest_column(t, given[i]));
	return 0;
}

/* The column of calibrate's OPTION column=NAME (any format): its index, -1
 * when none is asked, -2 with err when the file has no column NAME. */
static int extra_col(const struct rf_csv_table *t, const char *name, const char *option,
		     struct rf_error *err)
{
	int k;
	if (!name || !*name)
		return -1;
	if ((k = col(t, name)) >= 0)
		return k;
	rf_error_set(err, "%s:%ld: no column '%s' (%s column=%s; did you mean '%s'?)", t->path,
		     t->header_line, name, option, name, rf_csv_closest_column(t, name));
	return -2;
}

static int set_layout(const struct rf_csv_table *t, enum rf_measure_format f,
		      const struct rf_measure_columns *c, struct layout *L, struct rf_error *err)
{
	const char *need[3];
	memset(L, -1, sizeof(*L));
	if (f == RF_MEAS_CORK) {
		L->lat = col(t, "Latitude"); L->lon = col(t, "Longitude");
		L->rsrp = col(t, "RSRP"); L->cell = col(t, "CellID");
		L->tech = col(t, "NetworkMode");
		L->time = col(t, "Timestamp");
		need[0] = "Latitude"; need[1] = "Longitude"; need[2] = "RSRP";
	} else if (f == RF_MEAS_OPENCELLID) {
		L->lat = col(t, "lat"); L->lon = col(t, "lon"); L->rsrp = col(t, "signal");
		L->cell = col(t, "cellid"); L->pci = col(t, "pci"); L->tech = col(t, "act");
		need[0] = "lat"; need[1] = "lon"; need[2] = "signal";
	} else {
		L->lat = col(t, c->lat); L->lon = col(t, c->lon); L->rsrp = col(t, c->rsrp);
		L->site = col(t, c->site_id); L->cell = col(t, c->cell_id);
		L->pci = col(t, c->pci); L->earfcn = col(t, c->earfcn); L->freq = col(t, c->freq);
		L->time = col(t, c->time);
		need[0] = c->lat; need[1] = c->lon; need[2] = c->rsrp;
	}
	if ((L->group = extra_col(t, c->group, "--offset-by", err)) == -2 ||
	    (L->fold = extra_col(t, c->fold, "--folds-by", err)) == -2)
		return -1;
	int idx[3] = { L->lat, L->lon, L->rsrp };
	for (int i = 0; i < 3; i++)
		if (idx[i] < 0)
			return rf_error_set(err, "%s:%ld: no column '%s' (format %s; did you mean "
					    "'%s'?)", t->path, t->header_line, need[i],
					    rf_measure_format_name(f), rf_csv_closest_column(t, need[i]));
	return f == RF_MEAS_CSV ? check_renamed(t, c, err) : 0;
}

static int missing(const char *s)
{
	return !*s || !strcmp(s, "-") || !strcasecmp(s, "nan") || !strcasecmp(s, "null");
}

/* Technology filter: Cork's NetworkMode LTE or 5G (non-standalone 5G rides
 * on an LTE anchor whose RSRP is the one reported); OpenCelliD's act LTE
 * or LTE+ (carrier aggregation).  HSPA+/UMTS rows carry no LTE RSRP. */
static int is_lte(enum rf_measure_format f, const char *tech)
{
	if (f == RF_MEAS_CORK)
		return !strcasecmp(tech, "LTE") || !strcasecmp(tech, "5G");
	if (f == RF_MEAS_OPENCELLID)
		return !strncasecmp(tech, "LTE", 3);
	return 1;
}

static void exclude(struct rf_measurements *m, enum rf_measure_reason r, long line)
{
	if (!m->excluded[r]++) {
		m->first_line[r] = line;
		m->first_file[r] = m->n_files;
	}
}

static char *opt_str(const struct rf_csv_table *t, size_t row, int c)
{
	const char *s = rf_csv_field(t, row, c);
	return c >= 0 && !missing(s) ? rf_xstrdup(s) : NULL;
}

/* One row: 1 kept into *x, 0 excluded (counted). */
static int parse_row(struct rf_measurements *m, const struct rf_csv_table *t, size_t row,
		     enum rf_measure_format f, const struct layout *L, struct rf_measurement *x)
{
	long line = t->rows[row].line;
	const char *slat = rf_csv_field(t, row, L->lat), *slon = rf_csv_field(t, row, L->lon);
	const char *srsrp = rf_csv_field(t, row, L->rsrp);
	double v;

	memset(x, 0, sizeof(*x));
	if (L->tech >= 0 && !is_lte(f, rf_csv_field(t, row, L->tech))) {
		exclude(m, RF_MEAS_NOT_LTE, line);
		return 0;
	}
	if (missing(slat) || missing(slon)) {
		exclude(m, RF_MEAS_MISSING_COORD, line);
		return 0;
	}
	if (rf_parse_double(slat, &x->lat_deg) || rf_parse_double(slon, &x->lon_deg) ||
	    fabs(x->lat_deg) > 90 || fabs(x->lon_deg) > 180 ||
	    (x->lat_deg == 0 && x->lon_deg == 0)) {
		exclude(m, RF_MEAS_BAD_COORD, line);
		return 0;
	}
	if (missing(srsrp)) {
		exclude(m, RF_MEAS_MISSING_RSRP, line);
		return 0;
	}
	if (rf_parse_double(srsrp, &x->rsrp_dbm) || x->rsrp_dbm < RSRP_MIN_DBM ||
	    x->rsrp_dbm > RSRP_MAX_DBM) {
		exclude(m, RF_MEAS_BAD_RSRP, line);
		return 0;
	}
	x->pci = -1;
	x->freq_mhz = NAN;
	x->time_s = NAN;
	if (L->time >= 0 && !missing(rf_csv_field(t, row, L->time)) &&
	    parse_time(rf_csv_field(t, row, L->time), &x->time_s)) {
		exclude(m, RF_MEAS_BAD_TIME, line);
		return 0;
	}
	if (L->pci >= 0 && !missing(rf_csv_field(t, row, L->pci)) &&
	    !rf_parse_double(rf_csv_field(t, row, L->pci), &v) && v >= 0 && v <= 503 &&
	    v == floor(v))
		x->pci = (int)v;
	if (L->freq >= 0 && !rf_parse_double(rf_csv_field(t, row, L->freq), &v) && v > 0)
		x->freq_mhz = v;
	else if (L->earfcn >= 0 && !rf_parse_double(rf_csv_field(t, row, L->earfcn), &v))
		x->freq_mhz = rf_earfcn_dl_mhz((long)v);
	x->site_id = opt_str(t, row, L->site);
	x->cell_id = opt_str(t, row, L->cell);
	x->group = opt_str(t, row, L->group);
	x->fold_group = opt_str(t, row, L->fold);
	x->file = m->n_files;
	x->line = line;
	return 1;
}

int rf_measurements_read(struct rf_measurements *m, const char *path,
			 enum rf_measure_format fmt, const struct rf_measure_columns *cols,
			 struct rf_error *err)
{
	struct rf_csv_table t;
	struct layout L;
	struct rf_measure_columns defcols;
	if (!cols) {
		rf_measure_columns_default(&defcols);
		cols = &defcols;
	}
	if (rf_csv_read(path, &t, err))
		return -1;
	if (fmt == RF_MEAS_AUTO && (fmt = detect(&t, cols)) == RF_MEAS_AUTO) {
		rf_error_set(err, "%s:1: no known measurement format (want a Cork drive-test "
			     "header with NetworkMode and RSRP, an OpenCelliD export with mcc, "
			     "cellid and signal, or columns '%s', '%s', '%s'; see --format, "
			     "--columns)", path, cols->lat, cols->lon, cols->rsrp);
		rf_csv_free(&t);
		return -1;
	}
	if (set_layout(&t, fmt, cols, &L, err)) {
		rf_csv_free(&t);
		return -1;
	}
	m->items = rf_xrealloc(m->items, (m->count + t.n_rows) * sizeof(*m->items));
	for (size_t r = 0; r < t.n_rows; r++) {
		m->n_rows++;
		if (parse_row(m, &t, r, fmt, &L, &m->items[m->count]))
			m->count++;
	}
	m->files = rf_xrealloc(m->files, (size_t)(m->n_files + 1) * sizeof(*m->files));
	m->formats = rf_xrealloc(m->formats, (size_t)(m->n_files + 1) * sizeof(*m->formats));
	m->files[m->n_files] = rf_xstrdup(path);
	m->formats[m->n_files] = fmt;
	m->n_files++;
	rf_csv_free(&t);
	return 0;
}

/* Lines and header fields of a CSV file, counted by a streaming scan that
 * holds nothing of it: rows (lines after the header, a last line without
 * its newline included) and the header's fields (commas outside quotes). */
static int count_rows(const char *path, uint64_t *bytes, uint64_t *rows, uint64_t *cols,
		      struct rf_error *err)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;
	uint64_t lines = 0;
	int in_header = 1, quoted = 0, last = '\n';
	if (!f)
		return rf_error_set(err, "%s: cannot open: %s", path, strerror(errno));
	*bytes = 0;
	*cols = 1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		*bytes += n;
		for (size_t i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				lines++;
				in_header = 0;
			} else if (in_header && buf[i] == '"') {
				quoted = !quoted;
			} else if (in_header && buf[i] == ',' && !quoted) {
				(*cols)++;
			}
		}
		last = buf[n - 1];
	}
	if (ferror(f)) {
		fclose(f);
		return rf_error_set(err, "%s: read error", path);
	}
	fclose(f);
	lines += last != '\n';
	*rows = lines ? lines - 1 : 0;
	return 0;
}

/* What rf_csv_read holds per row (csvtab.c): the row (its array grows by
 * doubling), a field-pointer array of at least 16, and one allocation per
 * field (glibc's smallest chunk is 32 bytes); and what a kept measurement
 * holds: its record (the array grows by the file's rows) and two id
 * strings. */
#define CSV_ROW_BYTES (2 * sizeof(struct rf_csv_row) + 16 * sizeof(char *) + 16)
#define CSV_FIELD_BYTES 32
#define KEPT_ROW_BYTES (sizeof(struct rf_measurement) + 2 * 32)

int rf_measurements_check_memory(const char *const *paths, int n_paths,
				 uint64_t point_bytes, struct rf_error *err)
{
	struct rf_error env_err = { "" };
	const char *src = "";
	uint64_t limit = rf_limits_max_memory_bytes(&src, &env_err);
	uint64_t total_rows = 0, peak_read = 0;
	if (env_err.msg[0])
		return rf_error_set(err, "%s", env_err.msg);
	for (int i = 0; i < n_paths; i++) {
		uint64_t bytes, rows, cols, reading, need;
		char a[32], b[32];
		if (count_rows(paths[i], &bytes, &rows, &cols, err))
			return -1;
		total_rows += rows;
		/* the file and its table while it is read, all rows kept so far,
		 * and what the caller holds per point afterwards */
		reading = bytes + rows * (CSV_ROW_BYTES + cols * CSV_FIELD_BYTES);
		if (reading > peak_read)
			peak_read = reading;
		need = peak_read + total_rows * (KEPT_ROW_BYTES + point_bytes);
		if (need <= limit)
			continue;
		rf_limits_format_bytes(need, a, sizeof(a));
		rf_limits_format_bytes(limit, b, sizeof(b));
		return rf_error_set(err, "%s: %llu measurement rows%s would need about %s of memory; "
				    "the limit is %s (%s): split the file, or set "
				    "RFPLAN_MAX_MEMORY_MB", paths[i], (unsigned long long)total_rows,
				    i ? " (with the files before it)" : "", a, b, src);
	}
	return 0;
}

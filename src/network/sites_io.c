/* The workspace's normalised sites.csv (write and read back), and the small
 * helpers of struct rf_sites. */
#include "rfplan/sites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rfplan/csvtab.h"
#include "core/output_util.h"

static const char *const HEADER[] = {"site_id", "name", "lat_deg", "lon_deg",
				     "altitude_m", "altitude_given", "source_line"};
#define N_HEADER (sizeof(HEADER) / sizeof(HEADER[0]))

void rf_sites_options_default(struct rf_sites_options *o)
{
	memset(o, 0, sizeof(*o));
	o->format = RF_SITES_ACMA;
}

const char *rf_sites_srs(const struct rf_sites_options *o)
{
	if (o->srs)
		return o->srs;
	return o->format == RF_SITES_ACMA ? RF_SITES_ACMA_SRS : NULL;
}

void rf_sites_report_free(struct rf_sites_report *report)
{
	if (!report)
		return;
	free(report->transform_desc);
	report->transform_desc = NULL;
}

void rf_sites_free(struct rf_sites *sites)
{
	if (!sites)
		return;
	for (size_t i = 0; i < sites->count; i++) {
		free(sites->items[i].id);
		free(sites->items[i].name);
	}
	free(sites->items);
	sites->items = NULL;
	sites->count = 0;
}

const struct rf_site *rf_sites_find(const struct rf_sites *sites, const char *id)
{
	for (size_t i = 0; i < sites->count; i++)
		if (strcmp(sites->items[i].id, id) == 0)
			return &sites->items[i];
	return NULL;
}

/* By id, then by position (the first of equal ids wins, as rf_sites_find). */
static int cmp_site_ptr(const void *pa, const void *pb)
{
	const struct rf_site *a = *(const struct rf_site *const *)pa;
	const struct rf_site *b = *(const struct rf_site *const *)pb;
	int d = strcmp(a->id, b->id);
	return d ? d : (a > b) - (a < b);
}

void rf_sites_index_build(const struct rf_sites *sites, struct rf_sites_index *ix)
{
	ix->count = sites->count;
	ix->by_id = rf_xmalloc((sites->count ? sites->count : 1) * sizeof(*ix->by_id));
	for (size_t i = 0; i < sites->count; i++)
		ix->by_id[i] = &sites->items[i];
	qsort(ix->by_id, ix->count, sizeof(*ix->by_id), cmp_site_ptr);
}

const struct rf_site *rf_sites_index_find(const struct rf_sites_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->count;   /* first element with id >= the key */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->count && strcmp(ix->by_id[lo]->id, id) == 0 ? ix->by_id[lo] : NULL;
}

void rf_sites_index_free(struct rf_sites_index *ix)
{
	free(ix->by_id);
	ix->by_id = NULL;
	ix->count = 0;
}

static int write_rows(FILE *f, const void *ctx)
{
	const struct rf_sites *sites = ctx;
	for (size_t i = 0; i < N_HEADER; i++)
		if (fprintf(f, "%s%s", i ? "," : "", HEADER[i]) < 0)
			return -1;
	if (fputc('\n', f) == EOF)
		return -1;
	for (size_t i = 0; i < sites->count; i++) {
		const struct rf_site *s = &sites->items[i];
		if (rf_csv_write_field(f, s->id) < 0 || fputc(',', f) == EOF || rf_csv_write_field(f, s->name) < 0)
			return -1;
		/* %.9f degrees: 1e-9 degree is 0.1 mm; %.15g keeps every digit
		 * of an altitude read from a decimal file. */
		if (fprintf(f, ",%.9f,%.9f,%.15g,%d,%ld\n", s->lat_deg, s->lon_deg,
			    s->altitude_m, s->altitude_given ? 1 : 0, s->line) < 0)
			return -1;
	}
	return 0;
}

int rf_sites_write_normalised(const char *path, const struct rf_sites *sites,
			      struct rf_error *err)
{
	return rf_out_write_text(path, write_rows, sites, err);
}

static int read_row(const struct rf_csv_table *t, size_t r, const int *col,
		    struct rf_site *s, struct rf_error *err)
{
	double given, line;
	const char *id = rf_csv_field(t, r, col[0]);
	if (id[0] == '\0')
		return rf_error_set(err, "%s:%ld: column site_id: empty site id", t->path,
				    t->rows[r].line);
	if (rf_csv_double(t, r, col[2], &s->lat_deg, err) < 0 ||
	    rf_csv_double(t, r, col[3], &s->lon_deg, err) < 0 ||
	    rf_csv_double(t, r, col[4], &s->altitude_m, err) < 0 ||
	    rf_csv_double(t, r, col[5], &given, err) < 0 ||
	    rf_csv_double(t, r, col[6], &line, err) < 0)
		return -1;
	if (s->lat_deg < -90 || s->lat_deg > 90 || s->lon_deg < -180 || s->lon_deg > 180)
		return rf_error_set(err, "%s:%ld: lat_deg/lon_deg '%s','%s' outside the globe",
				    t->path, t->rows[r].line, rf_csv_field(t, r, col[2]),
				    rf_csv_field(t, r, col[3]));
	if (given != 0 && given != 1)
		return rf_error_set(err, "%s:%ld: column altitude_given: '%s' is not 0 or 1",
				    t->path, t->rows[r].line, rf_csv_field(t, r, col[5]));
	s->altitude_given = (int)given;
	s->line = (long)line;
	s->id = rf_xstrdup(id);
	s->name = rf_xstrdup(rf_csv_field(t, r, col[1]));
	return 0;
}

int rf_sites_read_normalised(const char *path, struct rf_sites *out, struct rf_error *err)
{
	struct rf_csv_table t;
	int col[N_HEADER];
	int rc = 0;
	memset(out, 0, sizeof(*out));
	if (rf_csv_read(path, &t, err) < 0)
		return -1;
	for (size_t i = 0; i < N_HEADER && rc == 0; i++) {
		col[i] = rf_csv_column(&t, HEADER[i]);
		if (col[i] < 0)
			rc = rf_error_set(err, "%s: no column %s (not a normalised sites.csv?)",
					  path, HEADER[i]);
	}
	if (rc == 0)
		out->items = rf_xcalloc(t.n_rows, sizeof(*out->items));
	for (size_t r = 0; r < t.n_rows && rc == 0; r++) {
		rc = read_row(&t, r, col, &out->items[r], err);
		if (rc == 0)
			out->count++;
	}
	rf_csv_free(&t);
	if (rc != 0)
		rf_sites_free(out);
	return rc;
}

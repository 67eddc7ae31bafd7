/* Reading site files: ACMA RRL site.csv exports and generic CSV files with
 * lat/lon or easting/northing in any CRS (converted with PROJ).  Formats,
 * column names and errors are described in doc/sites.md. */
#include "rfplan/sites.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfplan/csvtab.h"

/* Plausible ground altitudes (m): Dead Sea shore about -430, Everest 8849. */
#define ALT_MIN_M -500.0
#define ALT_MAX_M 9000.0

/* Header names tried, in order, when a column is not named in the options. */
static const char *const ACMA_ID[] = {"SITE_ID", "SITE_NO", NULL};
static const char *const ACMA_NAME[] = {"NAME", NULL};
static const char *const ACMA_LAT[] = {"LATITUDE", NULL};
static const char *const ACMA_LON[] = {"LONGITUDE", NULL};
static const char *const ACMA_ALT[] = {"ELEVATION", NULL};
static const char *const GEN_ID[] = {"id", "site_id", "site_no", "siteid", "site", NULL};
static const char *const GEN_NAME[] = {"name", "site_name", "description", NULL};
static const char *const GEN_LAT[] = {"lat", "latitude", "lat_deg", NULL};
static const char *const GEN_LON[] = {"lon", "longitude", "lon_deg", "long", "lng", NULL};
static const char *const GEN_X[] = {"x", "easting", "east", NULL};
static const char *const GEN_Y[] = {"y", "northing", "north", NULL};
static const char *const GEN_ALT[] = {"altitude", "altitude_m", "elevation",
				      "elevation_m", "elev", "alt", NULL};
static const char *const NONE[] = {NULL};

struct columns {
	int id, name, a, b, alt;  /* a/b: lat/lon, or x/y when projected */
	int projected;
};

/* Column named `given` (if not NULL) or the first of `tries` present; -1. */
static int find_column(const struct rf_csv_table *t, const char *given,
		       const char *const *tries)
{
	if (given)
		return rf_csv_column(t, given);
	for (; *tries; tries++) {
		int c = rf_csv_column(t, *tries);
		if (c >= 0)
			return c;
	}
	return -1;
}

static void list_names(char *buf, size_t len, const char *const *tries)
{
	size_t n = 0;
	buf[0] = '\0';
	for (; *tries && n < len; tries++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", *tries);
}

static int missing_column(const struct rf_csv_table *t, const char *what,
			  const char *given, const char *const *tries, struct rf_error *err)
{
	char names[256];
	if (given)   /* a name from the options: the header's nearest */
		return rf_error_set(err, "%s:%ld: no %s column '%s' (did you mean '%s'?)", t->path,
				    t->header_line, what, given, rf_csv_closest_column(t, given));
	list_names(names, sizeof(names), tries);
	return rf_error_set(err, "%s: no %s column (looked for: %s)", t->path, what, names);
}

static int resolve_columns(const struct rf_csv_table *t, const struct rf_sites_options *o,
			   int projected_srs, struct columns *c, struct rf_error *err)
{
	int acma = o->format == RF_SITES_ACMA;
	c->projected = o->col_x || o->col_y || projected_srs;
	c->id = find_column(t, o->col_id, acma ? ACMA_ID : GEN_ID);
	c->name = find_column(t, o->col_name, acma ? ACMA_NAME : GEN_NAME);
	c->alt = find_column(t, o->col_alt, acma ? ACMA_ALT : GEN_ALT);
	if (c->projected) {
		c->a = find_column(t, o->col_x, acma ? NONE : GEN_X);
		c->b = find_column(t, o->col_y, acma ? NONE : GEN_Y);
	} else {
		c->a = find_column(t, o->col_lon, acma ? ACMA_LON : GEN_LON);
		c->b = find_column(t, o->col_lat, acma ? ACMA_LAT : GEN_LAT);
	}
	if (c->id < 0)
		return missing_column(t, "site id", o->col_id, acma ? ACMA_ID : GEN_ID, err);
	if (o->col_name && c->name < 0)
		return missing_column(t, "name", o->col_name, NONE, err);
	if (o->col_alt && c->alt < 0)
		return missing_column(t, "altitude", o->col_alt, NONE, err);
	if (c->projected) {
		if (c->a < 0)
			return missing_column(t, "easting (x)", o->col_x, acma ? NONE : GEN_X, err);
		if (c->b < 0)
			return missing_column(t, "northing (y)", o->col_y, acma ? NONE : GEN_Y, err);
	} else {
		if (c->b < 0)
			return missing_column(t, "latitude", o->col_lat, acma ? ACMA_LAT : GEN_LAT, err);
		if (c->a < 0)
			return missing_column(t, "longitude", o->col_lon, acma ? ACMA_LON : GEN_LON, err);
	}
	return 0;
}

/* The PROJ operation from opts->srs to EPSG:4326 in lon/lat order. */
struct transform {
	PJ_CONTEXT *ctx;
	PJ *op;
	int projected;
	char *used;          /* name and definition of the operation used */
	double used_acc_m;   /* worst stated accuracy of those used, -1 unknown */
	int several;         /* different operations for different sites */
};

static int srs_error(PJ_CONTEXT *ctx, const char *srs, const char *what, struct rf_error *err)
{
	int e = proj_context_errno(ctx);
	return rf_error_set(err, "srs '%s': %s%s%s", srs, what, e ? ": " : "",
			    e ? proj_context_errno_string(ctx, e) : "");
}

static int transform_open(struct transform *tr, const char *srs, struct rf_error *err)
{
	PJ *crs, *raw;
	PJ_TYPE type;
	memset(tr, 0, sizeof(*tr));
	if (!srs)
		return 0;
	tr->ctx = proj_context_create();
	proj_log_level(tr->ctx, PJ_LOG_NONE);
	crs = proj_create(tr->ctx, srs);
	if (!crs)
		return srs_error(tr->ctx, srs, "not a CRS PROJ knows", err);
	type = proj_get_type(crs);
	proj_destroy(crs);
	if (type == PJ_TYPE_PROJECTED_CRS)
		tr->projected = 1;
	else if (type != PJ_TYPE_GEOGRAPHIC_2D_CRS && type != PJ_TYPE_GEOGRAPHIC_3D_CRS &&
		 type != PJ_TYPE_COMPOUND_CRS)
		return rf_error_set(err, "srs '%s': not a geographic or projected CRS", srs);
	raw = proj_create_crs_to_crs(tr->ctx, srs, "EPSG:4326", NULL);
	if (!raw)
		return srs_error(tr->ctx, srs, "no operation to EPSG:4326", err);
	tr->op = proj_normalize_for_visualization(tr->ctx, raw);
	proj_destroy(raw);
	if (!tr->op)
		return srs_error(tr->ctx, srs, "cannot normalise the axis order", err);
	return 0;
}

/* proj_create_crs_to_crs may hold several candidate operations and picks one
 * per point (by area of use), so the operation is known only after
 * proj_trans: remember it, and whether sites used different ones. */
static void note_operation(struct transform *tr)
{
	PJ *used = proj_trans_get_last_used_operation(tr->op);
	PJ *o = used ? used : tr->op;
	PJ_PROJ_INFO info = proj_pj_info(o);
	const char *name = proj_get_name(o);
	const char *def = info.definition ? info.definition : "";
	double acc = proj_coordoperation_get_accuracy(tr->ctx, o);
	size_t n = strlen(name ? name : "") + strlen(def) + 4;
	char *desc = rf_xmalloc(n);
	snprintf(desc, n, "%s: %s", name ? name : "", def);
	if (!tr->used) {
		tr->used = desc;
		tr->used_acc_m = acc;
	} else {
		if (strcmp(tr->used, desc) != 0)
			tr->several = 1;
		if (acc < 0 || tr->used_acc_m < 0)
			tr->used_acc_m = -1;
		else if (acc > tr->used_acc_m)
			tr->used_acc_m = acc;
		free(desc);
	}
	proj_destroy(used);
}

static void transform_report(struct transform *tr, struct rf_sites_report *rep)
{
	size_t n;
	if (!tr->used)
		return;
	n = strlen(tr->used) + 64;
	rep->transform_desc = rf_xmalloc(n);
	snprintf(rep->transform_desc, n, "%s%s", tr->used,
		 tr->several ? " (and other operations for some sites)" : "");
	rep->transform_accuracy_m = tr->used_acc_m;
}

static void transform_close(struct transform *tr)
{
	free(tr->used);
	proj_destroy(tr->op);
	if (tr->ctx)
		proj_context_destroy(tr->ctx);
}

static int is_undefined(const char *v)
{
	return strcasecmp(v, "undefined") == 0 || strcasecmp(v, "null") == 0;
}

static int read_altitude(const struct rf_csv_table *t, size_t r, int col,
			 struct rf_site *s, struct rf_sites_report *rep, struct rf_error *err)
{
	const char *v = rf_csv_field(t, r, col);
	s->altitude_m = 0;
	s->altitude_given = 0;
	if (col < 0 || v[0] == '\0') {
		rep->altitude_empty++;
		return 0;
	}
	if (is_undefined(v)) {
		rep->altitude_undefined++;
		return 0;
	}
	if (rf_csv_double(t, r, col, &s->altitude_m, err) < 0)
		return -1;
	if (s->altitude_m < ALT_MIN_M || s->altitude_m > ALT_MAX_M)
		return rf_error_set(err, "%s:%ld: column %s: '%s' is not a plausible ground "
				    "altitude (m, %g..%g)", t->path, t->rows[r].line,
				    t->header[col], v, ALT_MIN_M, ALT_MAX_M);
	s->altitude_given = 1;
	return 0;
}

/* Converts (a, b) = (x, y) or (lon, lat) in place to lon/lat EPSG:4326. */
static int convert(const struct rf_csv_table *t, size_t r, const struct columns *c,
		   struct transform *tr, const char *srs, double *lon, double *lat,
		   struct rf_error *err)
{
	PJ_COORD in, out;
	if (!tr->op)
		return 0;
	in = proj_coord(*lon, *lat, 0, 0);
	out = proj_trans(tr->op, PJ_FWD, in);
	if (!isfinite(out.lp.lam) || !isfinite(out.lp.phi) || out.lp.lam == HUGE_VAL) {
		int e = proj_errno(tr->op);
		proj_errno_reset(tr->op);
		return rf_error_set(err, "%s:%ld: columns %s,%s: '%s','%s' cannot be converted "
				    "from %s to EPSG:4326%s%s", t->path, t->rows[r].line,
				    t->header[c->a], t->header[c->b], rf_csv_field(t, r, c->a),
				    rf_csv_field(t, r, c->b), srs, e ? ": " : "",
				    e ? proj_context_errno_string(tr->ctx, e) : "");
	}
	note_operation(tr);
	*lon = out.lp.lam;
	*lat = out.lp.phi;
	return 0;
}

static int range_error(const struct rf_csv_table *t, size_t r, int col, const char *what,
		       double v, struct rf_error *err)
{
	return rf_error_set(err, "%s:%ld: column %s: '%s' %s (%.9g)", t->path,
			    t->rows[r].line, t->header[col], rf_csv_field(t, r, col), what, v);
}

static int read_row(const struct rf_csv_table *t, size_t r, const struct columns *c,
		    struct transform *tr, const char *srs, struct rf_site *s,
		    struct rf_sites_report *rep, struct rf_error *err)
{
	const char *id = rf_csv_field(t, r, c->id);
	double a, b;
	s->line = t->rows[r].line;
	if (id[0] == '\0')
		return rf_error_set(err, "%s:%ld: column %s: empty site id", t->path, s->line,
				    t->header[c->id]);
	if (rf_csv_double(t, r, c->a, &a, err) < 0 || rf_csv_double(t, r, c->b, &b, err) < 0)
		return -1;
	if (!c->projected && (b < -90 || b > 90))
		return range_error(t, r, c->b, "is outside -90..90 degrees of latitude", b, err);
	if (!c->projected && (a < -180 || a > 180))
		return range_error(t, r, c->a, "is outside -180..180 degrees of longitude", a, err);
	if (convert(t, r, c, tr, srs, &a, &b, err) < 0)
		return -1;
	if (b < -90 || b > 90 || a < -180 || a > 180)
		return rf_error_set(err, "%s:%ld: columns %s,%s: converted from %s to lat %.9g "
				    "lon %.9g, outside the globe", t->path, s->line,
				    t->header[c->a], t->header[c->b], srs, b, a);
	if (read_altitude(t, r, c->alt, s, rep, err) < 0)
		return -1;
	s->lat_deg = b;
	s->lon_deg = a;
	s->id = rf_xstrdup(id);
	s->name = rf_xstrdup(rf_csv_field(t, r, c->name));
	return 0;
}

static int cmp_site_id(const void *pa, const void *pb)
{
	const struct rf_site *a = *(const struct rf_site *const *)pa;
	const struct rf_site *b = *(const struct rf_site *const *)pb;
	int d = strcmp(a->id, b->id);
	return d ? d : (a->line > b->line) - (a->line < b->line);
}

/* Site ids must be unique (ACMA's are; others are referenced by id). */
static int check_unique(const char *path, const struct rf_sites *s, struct rf_error *err)
{
	const struct rf_site **v = rf_xmalloc(s->count * sizeof(*v));
	int rc = 0;
	for (size_t i = 0; i < s->count; i++)
		v[i] = &s->items[i];
	qsort(v, s->count, sizeof(*v), cmp_site_id);
	for (size_t i = 1; i < s->count; i++) {
		if (strcmp(v[i - 1]->id, v[i]->id) == 0) {
			rc = rf_error_set(err, "%s:%ld: site id '%s' already used at line %ld",
					  path, v[i]->line, v[i]->id, v[i - 1]->line);
			break;
		}
	}
	free(v);
	return rc;
}

int rf_sites_read(const char *path, const struct rf_sites_options *opts,
		  struct rf_sites *out, struct rf_sites_report *report,
		  struct rf_error *err)
{
	struct rf_sites_options defaults;
	struct rf_sites_report local;
	struct rf_sites_report *rep = report ? report : &local;
	struct rf_csv_table t;
	struct transform tr;
	struct columns c;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(rep, 0, sizeof(*rep));
	rep->transform_accuracy_m = -1;
	if (!opts) {
		rf_sites_options_default(&defaults);
		opts = &defaults;
	}
	if (rf_csv_read(path, &t, err) < 0)
		return -1;
	if (transform_open(&tr, rf_sites_srs(opts), err) < 0) {
		rf_error_prefix(err, "%s", path);
		goto done;
	}
	if (resolve_columns(&t, opts, tr.projected, &c, err) < 0)
		goto done;
	if (c.projected && !tr.op) {
		rf_error_set(err, "%s: easting/northing columns need a projected srs "
			     "(e.g. EPSG:28355)", path);
		goto done;
	}
	if (t.n_rows == 0) {
		rf_error_set(err, "%s: no sites (only a header row)", path);
		goto done;
	}
	out->items = rf_xcalloc(t.n_rows, sizeof(*out->items));
	for (size_t r = 0; r < t.n_rows; r++) {
		if (read_row(&t, r, &c, &tr, rf_sites_srs(opts), &out->items[r], rep, err) < 0)
			goto done;
		out->count++;
	}
	rep->rows = t.n_rows;
	transform_report(&tr, rep);
	rc = check_unique(path, out, err);
done:
	transform_close(&tr);
	rf_csv_free(&t);
	if (rc < 0) {
		/* the caller's report, or the local one (which may hold the
		 * operation's name when a late check such as duplicate ids fails) */
		rf_sites_free(out);
		rf_sites_report_free(rep);
	} else if (rep == &local) {
		rf_sites_report_free(&local);
	}
	return rc;
}

/* Coverage statistics: area per RSRP / SINR class, in total and per best
 * server, and stats.csv.  Pixel areas on the WGS84 ellipsoid (doc/lte.md). */
#include "rfplan/lte.h"
#include "rfplan/csvtab.h"
#include "core/output_util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WGS84_A_M 6378137.0
#define WGS84_F (1.0 / 298.257223563)
#define DEG2RAD (M_PI / 180.0)

static int cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

int rf_lte_parse_edges(const char *s, double **edges_out, struct rf_error *err)
{
	char *copy = rf_xstrdup(s), *save = NULL, *tok;
	double *e = NULL;
	int n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double v;
		if (rf_parse_double(tok, &v)) {
			rf_error_set(err, "'%s' is not a number in class list '%s'", tok, s);
			free(copy);
			free(e);
			return -1;
		}
		e = rf_xrealloc(e, (size_t)(n + 1) * sizeof(*e));
		e[n++] = v;
	}
	free(copy);
	if (n == 0) {
		free(e);
		return rf_error_set(err, "empty class list '%s'", s);
	}
	qsort(e, (size_t)n, sizeof(*e), cmp_desc);
	for (int i = 1; i < n; i++)
		if (e[i] == e[i - 1]) {
			rf_error_set(err, "class list '%s': %g appears twice", s, e[i]);
			free(e);
			return -1;
		}
	*edges_out = e;
	return n;
}

/* Area per radian of longitude between the equator and latitude phi on
 * the WGS84 ellipsoid: (b^2 / 2) [sin phi / (1 - e^2 sin^2 phi)
 * + atanh(e sin phi) / e] (Snyder, Map Projections - A Working Manual, USGS
 * PP 1395, 1987, eq. 3-12 for q, times b^2 / 2). */
static double zone_area_m2(double lat_deg)
{
	double e2 = WGS84_F * (2 - WGS84_F), e = sqrt(e2);
	double b = WGS84_A_M * (1 - WGS84_F);
	double s = sin(lat_deg * DEG2RAD);
	return 0.5 * b * b * (s / (1 - e2 * s * s) + atanh(e * s) / e);
}

double rf_lte_pixel_area_km2(const struct rf_grid *g, int row)
{
	double lat_n = g->north_deg - row * g->dlat_deg;
	double lat_s = lat_n - g->dlat_deg;
	return g->dlon_deg * DEG2RAD * (zone_area_m2(lat_n) - zone_area_m2(lat_s)) / 1e6;
}

void rf_lte_class_init(struct rf_lte_class_stats *c, const double *edges, int n)
{
	c->n_edges = n;
	c->edges = rf_xmalloc((size_t)n * sizeof(double));
	memcpy(c->edges, edges, (size_t)n * sizeof(double));
	c->area_km2 = rf_xcalloc((size_t)n + 1, sizeof(double));
}

void rf_lte_class_free(struct rf_lte_class_stats *c)
{
	free(c->edges);
	free(c->area_km2);
	c->edges = c->area_km2 = NULL;
}

int rf_lte_class_of(const struct rf_lte_class_stats *c, double v)
{
	int i = 0;
	while (i < c->n_edges && v < c->edges[i])
		i++;
	return i;
}

int rf_lte_is_land(float ground_m)
{
	return ground_m > 0.0f;   /* NAN (a void) compares false: sea */
}

void rf_lte_stats_compute(const struct rf_grid *g, const uint16_t *best,
			  const float *rsrp_dbm, const float *sinr_db, const float *ground_m,
			  int n_cells,
			  const double *rsrp_edges, int n_rsrp_edges,
			  const double *sinr_edges, int n_sinr_edges,
			  struct rf_lte_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->n_cells = n_cells;
	out->cell_area_km2 = rf_xcalloc((size_t)n_cells, sizeof(double));
	out->cell_rsrp = rf_xcalloc((size_t)n_cells, sizeof(*out->cell_rsrp));
	out->cell_sinr = rf_xcalloc((size_t)n_cells, sizeof(*out->cell_sinr));
	rf_lte_class_init(&out->rsrp, rsrp_edges, n_rsrp_edges);
	rf_lte_class_init(&out->sinr, sinr_edges, n_sinr_edges);
	rf_lte_class_init(&out->land_rsrp, rsrp_edges, n_rsrp_edges);
	rf_lte_class_init(&out->land_sinr, sinr_edges, n_sinr_edges);
	out->has_ground = ground_m != NULL;
	for (int c = 0; c < n_cells; c++) {
		rf_lte_class_init(&out->cell_rsrp[c], rsrp_edges, n_rsrp_edges);
		rf_lte_class_init(&out->cell_sinr[c], sinr_edges, n_sinr_edges);
	}
	for (int row = 0; row < g->height; row++) {
		double a = rf_lte_pixel_area_km2(g, row);
		for (int col = 0; col < g->width; col++) {
			size_t i = (size_t)row * g->width + col;
			int b = best[i];
			if (b == RF_BEST_NODATA || b >= n_cells || isnan(rsrp_dbm[i]))
				continue;
			int land = ground_m && rf_lte_is_land(ground_m[i]);
			out->total_area_km2 += a;
			out->cell_area_km2[b] += a;
			if (ground_m)
				*(land ? &out->land_area_km2 : &out->sea_area_km2) += a;
			int k = rf_lte_class_of(&out->rsrp, rsrp_dbm[i]);
			out->rsrp.area_km2[k] += a;
			out->cell_rsrp[b].area_km2[k] += a;
			if (land)
				out->land_rsrp.area_km2[k] += a;
			if (!isnan(sinr_db[i])) {
				k = rf_lte_class_of(&out->sinr, sinr_db[i]);
				out->sinr.area_km2[k] += a;
				out->cell_sinr[b].area_km2[k] += a;
				if (land)
					out->land_sinr.area_km2[k] += a;
			}
		}
	}
}

void rf_lte_stats_free(struct rf_lte_stats *s)
{
	if (!s)
		return;
	rf_lte_class_free(&s->rsrp);
	rf_lte_class_free(&s->sinr);
	rf_lte_class_free(&s->land_rsrp);
	rf_lte_class_free(&s->land_sinr);
	for (int c = 0; c < s->n_cells; c++) {
		rf_lte_class_free(&s->cell_rsrp[c]);
		rf_lte_class_free(&s->cell_sinr[c]);
	}
	free(s->cell_rsrp);
	free(s->cell_sinr);
	free(s->cell_area_km2);
	memset(s, 0, sizeof(*s));
}

void rf_lte_class_write(FILE *f, const char *scope, const char *metric,
			const struct rf_lte_class_stats *c, double scope_area)
{
	for (int k = 0; k <= c->n_edges; k++) {
		char lo[32] = "", hi[32] = "";
		if (k < c->n_edges)
			snprintf(lo, sizeof(lo), "%g", c->edges[k]);
		if (k > 0)
			snprintf(hi, sizeof(hi), "%g", c->edges[k - 1]);
		rf_csv_write_quoted(f, scope);
		fprintf(f, ",%s,%d,%s,%s,%.6f,%.4f\n", metric, k, lo, hi,
			c->area_km2[k], scope_area > 0 ? 100.0 * c->area_km2[k] / scope_area : 0.0);
	}
}

int rf_lte_stats_write_csv(const char *path, const struct rf_lte_stats *s,
			   const char *const *cell_labels, struct rf_error *err)
{
	FILE *f;
	char *tmp = rf_out_tmp_create(path, &f, err);
	if (!tmp)
		return -1;
	fprintf(f, "scope,metric,class,lower,upper,area_km2,share_pct\n");
	fprintf(f, "\"total\",computed,0,,,%.6f,100.0000\n", s->total_area_km2);
	rf_lte_class_write(f, "total", "rsrp_dbm", &s->rsrp, s->total_area_km2);
	rf_lte_class_write(f, "total", "sinr_db", &s->sinr, s->total_area_km2);
	if (s->has_ground) {
		/* the land/sea split, and the land's own classes: shares of a
		 * coastal area not diluted by the sea (doc/lte.md) */
		double t = s->total_area_km2;
		fprintf(f, "\"total\",land,0,,,%.6f,%.4f\n", s->land_area_km2,
			t > 0 ? 100.0 * s->land_area_km2 / t : 0.0);
		fprintf(f, "\"total\",sea,0,,,%.6f,%.4f\n", s->sea_area_km2,
			t > 0 ? 100.0 * s->sea_area_km2 / t : 0.0);
		rf_lte_class_write(f, "land", "rsrp_dbm", &s->land_rsrp, s->land_area_km2);
		rf_lte_class_write(f, "land", "sinr_db", &s->land_sinr, s->land_area_km2);
	}
	for (int c = 0; c < s->n_cells; c++) {
		double a = s->cell_area_km2[c];
		rf_csv_write_quoted(f, cell_labels[c]);
		fprintf(f, ",best_server,0,,,%.6f,%.4f\n", a,
			s->total_area_km2 > 0 ? 100.0 * a / s->total_area_km2 : 0.0);
		rf_lte_class_write(f, cell_labels[c], "rsrp_dbm", &s->cell_rsrp[c], a);
		rf_lte_class_write(f, cell_labels[c], "sinr_db", &s->cell_sinr[c], a);
	}
	if (ferror(f) | fclose(f)) {
		rf_error_set(err, "%s: write failed: %s", path, strerror(errno));
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, path, err);
}

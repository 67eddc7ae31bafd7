/* rfplan predict's outputs: GeoTIFFs with QGIS styles, the RSRP PNG / KMZ,
 * best_server.csv, stats.csv, per-cell path loss (doc/engine.md). */
#include "engine_priv.h"
#include "rfplan/csvtab.h"
#include "rfplan/output.h"
#include "rfplan/predict.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CLASSES 32

/* A classed colour scheme built on the RSRP ramp, relabelled with a unit;
 * reverse: strong colours for low values (path loss, overlap). */
struct scheme {
	struct rf_color_class cls[MAX_CLASSES];
	char labels[MAX_CLASSES * RF_LABEL_MAX];
	struct rf_color_scheme s;
};

static void make_scheme(struct scheme *sc, const double *edges, int n, const char *unit,
			const char *title, int reverse)
{
	if (n > MAX_CLASSES)
		n = MAX_CLASSES;
	rf_rsrp_scheme(edges, n, sc->cls, sc->labels, &sc->s);
	for (int i = 0; i < n; i++) {
		char *l = sc->labels + (size_t)i * RF_LABEL_MAX;
		if (i == 0)
			snprintf(l, RF_LABEL_MAX, ">= %g %s", edges[0], unit);
		else
			snprintf(l, RF_LABEL_MAX, "%g to %g %s", edges[i], edges[i - 1], unit);
		sc->cls[i].label = l;
	}
	if (reverse)
		for (int i = 0; i < n / 2; i++) {
			unsigned char t[4];
			memcpy(t, sc->cls[i].rgba, 4);
			memcpy(sc->cls[i].rgba, sc->cls[n - 1 - i].rgba, 4);
			memcpy(sc->cls[n - 1 - i].rgba, t, 4);
		}
	sc->s.title = title;
}

/* NAME.tif (Float32) and NAME.qml. */
static int write_f32(const char *dir, const char *name, const struct rf_grid *g,
		     const float *data, const char *desc, const struct scheme *sc,
		     struct rf_predict_summary *sum, struct rf_error *err)
{
	char file[512];
	char *p;
	int rc;
	snprintf(file, sizeof(file), "%s.tif", name);
	p = rf_path_join(dir, file);
	rc = rf_write_geotiff_f32(p, g, data, RF_MAP_NODATA, desc, err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(sum, file);
	snprintf(file, sizeof(file), "%s.qml", name);
	p = rf_path_join(dir, file);
	rc = rf_write_qml_classes(p, &sc->s, err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(sum, file);
	return 0;
}

/* 1 when NAME.tif is already among the outputs. */
static int output_recorded(const struct rf_predict_summary *sum, const char *name)
{
	size_t len = strlen(name);
	for (int i = 0; i < sum->n_outputs; i++)
		if (!strncmp(sum->outputs[i], name, len) && !strcmp(sum->outputs[i] + len, ".tif"))
			return 1;
	return 0;
}

/* A cell label as a file name part: [A-Za-z0-9._-], anything else '_'. */
static void file_safe(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-'))
			*s = '_';
}

int rf_write_pathloss(const struct rf_engine *eng, int cell, const struct rf_cell_result *r,
		      const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	static const double edges[] = { 160, 140, 120, 100, 0 };
	const struct rf_cell *c = &eng->cells->items[cell];
	struct rf_grid g = eng->grid;
	struct scheme sc;
	char name[300], desc[300];
	snprintf(name, sizeof(name), "pathloss_%s_%s", c->site_id, c->cell_id);
	file_safe(name);
	/* ids that differ only in characters file_safe replaces ("a/b" and
	 * "a_b") would give one file name: the later cell gets "_2", "_3"... so
	 * each map is written, and listed in run.json, once */
	for (int k = 2; output_recorded(sum, name); k++) {
		char base[300];
		snprintf(base, sizeof(base), "pathloss_%s_%s", c->site_id, c->cell_id);
		file_safe(base);
		snprintf(name, sizeof(name), "%.280s_%d", base, k);
	}
	snprintf(desc, sizeof(desc), "path loss of %s/%s (dB)", c->site_id, c->cell_id);
	g.west_deg += r->win.x0 * g.dlon_deg;
	g.north_deg -= r->win.y0 * g.dlat_deg;
	g.width = r->win.width;
	g.height = r->win.height;
	make_scheme(&sc, edges, 5, "dB", "Path loss (dB)", 1);
	return write_f32(dir, name, &g, r->loss_db, desc, &sc, sum, err);
}

static int write_best_server(const struct rf_grid *g, const struct rf_cells *cs,
			     const struct rf_predict_maps *m, const char *dir,
			     struct rf_predict_summary *sum, struct rf_error *err)
{
	char **labels = rf_xcalloc(cs->count, sizeof(char *));
	char *p = rf_path_join(dir, "best_server.tif");
	int rc = rf_write_geotiff_u16(p, g, m->best, RF_BEST_NODATA,
				      "best server (cell index, best_server.csv)", err);
	free(p);
	if (!rc) {
		rf_predict_record_output(sum, "best_server.tif");
		for (size_t i = 0; i < cs->count; i++) {
			labels[i] = rf_xmalloc(256);
			rf_cell_label(&cs->items[i], labels[i], 256);
		}
		p = rf_path_join(dir, "best_server.qml");
		rc = rf_write_qml_palette(p, (int)cs->count, (const char *const *)labels, err);
		free(p);
	}
	if (!rc) {
		rf_predict_record_output(sum, "best_server.qml");
		p = rf_path_join(dir, "best_server.csv");
		FILE *f = fopen(p, "w");
		if (!f) {
			rc = rf_error_set(err, "%s: cannot create: %s", p, strerror(errno));
		} else {
			fprintf(f, "index,site_id,cell_id,pci,frequency_mhz\n");
			for (size_t i = 0; i < cs->count; i++) {
				const struct rf_cell *c = &cs->items[i];
				char pci[16] = "";
				if (c->pci >= 0)
					snprintf(pci, sizeof(pci), "%d", c->pci);
				fprintf(f, "%zu,", i);
				rf_csv_write_quoted(f, c->site_id);
				fputc(',', f);
				rf_csv_write_quoted(f, c->cell_id);
				fprintf(f, ",%s,%g\n", pci, c->frequency_mhz);
			}
			if (ferror(f) | fclose(f))
				rc = rf_error_set(err, "%s: write failed", p);
			else
				rf_predict_record_output(sum, "best_server.csv");
		}
		free(p);
	}
	for (size_t i = 0; i < cs->count; i++)
		free(labels[i]);
	free(labels);
	return rc;
}

static int write_png_kmz(const struct rf_grid *g, const struct rf_predict_maps *m,
			 const struct scheme *sc, const char *dir,
			 struct rf_predict_summary *sum, struct rf_error *err)
{
	char *png = rf_path_join(dir, "rsrp_map.png"), *legend = rf_path_join(dir, "rsrp_legend.png");
	char *kmz = rf_path_join(dir, "rsrp.kmz");
	int rc = rf_write_png_map(png, legend, g, m->rsrp_dbm, &sc->s, err);
	if (!rc) {
		rf_predict_record_output(sum, "rsrp_map.png");
		rf_predict_record_output(sum, "rsrp_map.pgw");
		rf_predict_record_output(sum, "rsrp_legend.png");
		rc = rf_write_kmz(kmz, png, legend, g, "rfplan RSRP", err);
	}
	if (!rc)
		rf_predict_record_output(sum, "rsrp.kmz");
	free(png);
	free(legend);
	free(kmz);
	return rc;
}

static int write_stats(const struct rf_grid *g, const struct rf_cells *cs,
		       const struct rf_predict_maps *m, const struct rf_predict_options *o,
		       const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	struct rf_lte_stats st;
	char **labels = rf_xcalloc(cs->count, sizeof(char *));
	char *p = rf_path_join(dir, "stats.csv");
	int rc = 0;
	for (size_t i = 0; i < cs->count; i++) {
		labels[i] = rf_xmalloc(256);
		rf_cell_label(&cs->items[i], labels[i], 256);
	}
	/* computed without stats.csv too: run.json records the served area */
	rf_lte_stats_compute(g, m->best, m->rsrp_dbm, m->sinr_db, m->ground_m, (int)cs->count,
			     o->rsrp_edges, o->n_rsrp_edges, o->sinr_edges, o->n_sinr_edges,
			     &st);
	sum->served_area_km2 = st.total_area_km2;
	if (rf_products_want(o, RF_PRODUCT_STATS)) {
		rc = rf_lte_stats_write_csv(p, &st, (const char *const *)labels, err);
		if (!rc && m->rsrp_indoor_dbm)
			rc = rf_indoor_stats_append(p, g, cs, m, o, err);
		if (!rc)
			rf_predict_record_output(sum, "stats.csv");
	}
	rf_lte_stats_free(&st);
	for (size_t i = 0; i < cs->count; i++)
		free(labels[i]);
	free(labels);
	free(p);
	return rc;
}

/* ---- the jobs of rf_write_products (engine_products.c) ---- */

static void schemes(const struct rf_predict_options *o, struct scheme *rsrp, struct scheme *sinr)
{
	make_scheme(rsrp, o->rsrp_edges, o->n_rsrp_edges, "dBm", "RSRP (dBm)", 0);
	make_scheme(sinr, o->sinr_edges, o->n_sinr_edges, "dB", "RS-SINR (dB)", 0);
}

int rf_job_rsrp(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		struct rf_error *err)
{
	struct scheme rsrp, sinr;
	schemes(c->o, &rsrp, &sinr);
	return write_f32(c->dir, "rsrp", c->g, c->m->rsrp_dbm, "best server RSRP (dBm)", &rsrp,
			 out, err);
}

int rf_job_sinr(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		struct rf_error *err)
{
	struct scheme rsrp, sinr;
	schemes(c->o, &rsrp, &sinr);
	return write_f32(c->dir, "sinr", c->g, c->m->sinr_db, "RS-SINR (dB)", &sinr, out, err);
}

int rf_job_rsrq(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		struct rf_error *err)
{
	static const double rsrq_edges[] = { -10, -15, -20 };
	struct scheme rsrq;
	make_scheme(&rsrq, rsrq_edges, 3, "dB", "RSRQ (dB)", 0);
	return write_f32(c->dir, "rsrq", c->g, c->m->rsrq_db, "RSRQ (dB)", &rsrq, out, err);
}

/* --indoor (engine_indoor.c); nothing without it */
int rf_job_indoor(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		  struct rf_error *err)
{
	struct scheme in;
	if (!c->m->rsrp_indoor_dbm)
		return 0;
	make_scheme(&in, c->o->rsrp_edges, c->o->n_rsrp_edges, "dBm", "Indoor RSRP (dBm)", 0);
	return write_f32(c->dir, "rsrp_indoor", c->g, c->m->rsrp_indoor_dbm,
			 "best server RSRP indoors, ITU-R P.2109 (dBm)", &in, out, err);
}

int rf_job_overlap(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		   struct rf_error *err)
{
	static const double overlap_edges[] = { 4, 3, 2, 1 };
	struct scheme ovl;
	char *p = rf_path_join(c->dir, "overlap.tif");
	int rc = rf_write_geotiff_u16(p, c->g, c->m->overlap, RF_BEST_NODATA,
				      "cells within the overlap margin of the best server", err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(out, "overlap.tif");
	make_scheme(&ovl, overlap_edges, 4, "cells", "Overlapping cells", 1);
	p = rf_path_join(c->dir, "overlap.qml");
	rc = rf_write_qml_classes(p, &ovl.s, err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(out, "overlap.qml");
	return 0;
}

int rf_job_best_server(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		       struct rf_error *err)
{
	return write_best_server(c->g, c->cells, c->m, c->dir, out, err);
}

int rf_job_kmz(const struct rf_products_ctx *c, struct rf_predict_summary *out,
	       struct rf_error *err)
{
	struct scheme rsrp, sinr;
	schemes(c->o, &rsrp, &sinr);
	return write_png_kmz(c->g, c->m, &rsrp, c->dir, out, err);
}

/* stats.csv with the service maps' rows (computed before the jobs) appended. */
int rf_job_stats(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		 struct rf_error *err)
{
	if (write_stats(c->g, c->cells, c->m, c->o, c->dir, out, err))
		return -1;
	if (!c->svc || !c->svc->cqi || !rf_products_want(c->o, RF_PRODUCT_STATS))
		return 0;
	return rf_service_stats_append(c->g, c->cells, c->m, c->svc, c->o, c->dir, err);
}

/* rfplan predict's outputs: GeoTIFFs with QGIS styles, the RSRP PNG / KMZ,
 * best_server.csv, stats.csv, per-cell path loss (doc/engine.md). */
#include "engine_priv.h"
#include "rfplan/csvtab.h"
#include "rfplan/output.h"
#include "rfplan/predict.h"
#include "core/util.h"

#include <cpl_conv.h>

#include <errno.h>
#include <omp.h>
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
	int rc;
	for (size_t i = 0; i < cs->count; i++) {
		labels[i] = rf_xmalloc(256);
		rf_cell_label(&cs->items[i], labels[i], 256);
	}
	rf_lte_stats_compute(g, m->best, m->rsrp_dbm, m->sinr_db, m->ground_m, (int)cs->count,
			     o->rsrp_edges, o->n_rsrp_edges, o->sinr_edges, o->n_sinr_edges,
			     &st);
	sum->served_area_km2 = st.total_area_km2;
	rc = rf_lte_stats_write_csv(p, &st, (const char *const *)labels, err);
	if (!rc && m->rsrp_indoor_dbm)
		rc = rf_indoor_stats_append(p, g, cs, m, o, err);
	if (!rc)
		rf_predict_record_output(sum, "stats.csv");
	rf_lte_stats_free(&st);
	for (size_t i = 0; i < cs->count; i++)
		free(labels[i]);
	free(labels);
	free(p);
	return rc;
}

/* The maps are written one after the other, each GeoTIFF compressed by
 * GDAL's own worker threads (GDAL_NUM_THREADS, as many as the engine's,
 * unless the user set it).  (Writing the maps as parallel jobs saved more,
 * but GDAL 3.6's COG driver is not thread-safe: two concurrent CreateCopy
 * calls validate their options against a creation-option list the other
 * thread is rebuilding, a heap-use-after-free that AddressSanitizer caught
 * in `make check`.) */
static int write_all(const struct rf_grid *g, const struct rf_cells *cells,
		     const struct rf_predict_maps *m, const struct rf_predict_options *o,
		     const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	static const double rsrq_edges[] = { -10, -15, -20 };
	static const double overlap_edges[] = { 4, 3, 2, 1 };
	size_t np = (size_t)g->width * (size_t)g->height;
	struct scheme rsrp, sinr, rsrq, ovl;

	make_scheme(&rsrp, o->rsrp_edges, o->n_rsrp_edges, "dBm", "RSRP (dBm)", 0);
	make_scheme(&sinr, o->sinr_edges, o->n_sinr_edges, "dB", "RS-SINR (dB)", 0);
	make_scheme(&rsrq, rsrq_edges, 3, "dB", "RSRQ (dB)", 0);
	make_scheme(&ovl, overlap_edges, 4, "cells", "Overlapping cells", 1);
	for (size_t i = 0; i < np; i++)
		if (m->best[i] != RF_BEST_NODATA)
			sum->pixels_served++;

	if (write_f32(dir, "rsrp", g, m->rsrp_dbm, "best server RSRP (dBm)", &rsrp, sum, err) ||
	    write_f32(dir, "sinr", g, m->sinr_db, "RS-SINR (dB)", &sinr, sum, err) ||
	    write_f32(dir, "rsrq", g, m->rsrq_db, "RSRQ (dB)", &rsrq, sum, err))
		return -1;
	if (m->rsrp_indoor_dbm) {   /* --indoor (engine_indoor.c) */
		struct scheme in;
		make_scheme(&in, o->rsrp_edges, o->n_rsrp_edges, "dBm", "Indoor RSRP (dBm)", 0);
		if (write_f32(dir, "rsrp_indoor", g, m->rsrp_indoor_dbm,
			      "best server RSRP indoors, ITU-R P.2109 (dBm)", &in, sum, err))
			return -1;
	}
	char *p = rf_path_join(dir, "overlap.tif");
	int rc = rf_write_geotiff_u16(p, g, m->overlap, RF_BEST_NODATA,
				      "cells within the overlap margin of the best server", err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(sum, "overlap.tif");
	p = rf_path_join(dir, "overlap.qml");
	rc = rf_write_qml_classes(p, &ovl.s, err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(sum, "overlap.qml");
	if (write_best_server(g, cells, m, dir, sum, err) ||
	    write_png_kmz(g, m, &rsrp, dir, sum, err) ||
	    write_stats(g, cells, m, o, dir, sum, err) ||
	    rf_write_service_maps(g, cells, m, o, dir, sum, err))
		return -1;
	return 0;
}

int rf_write_maps(const struct rf_grid *g, const struct rf_cells *cells,
		  const struct rf_predict_maps *m, const struct rf_predict_options *o,
		  const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();
	int set = CPLGetConfigOption("GDAL_NUM_THREADS", NULL) == NULL;
	char n[16];
	int rc;

	if (set) {
		snprintf(n, sizeof(n), "%d", threads);
		CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", n);
	}
	rc = write_all(g, cells, m, o, dir, sum, err);
	if (set)
		CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", NULL);
	return rc;
}

/* rfplan predict's service maps (doc/lte.md "Service maps"): cqi.tif,
 * pdsch_sinr.tif, throughput_dl_mbps.tif (+ PNG), ul_sinr.tif,
 * throughput_ul_mbps.tif, ul_rbs.tif, ul_limited.tif, coverage_probability.tif (with a shadowing sigma), their
 * QGIS styles, and their rows appended to stats.csv.  Every value is a
 * function of one pixel of the best-server maps and the serving cell, so
 * rf_merge reproduces them from the merged maps. */
#include "engine_priv.h"
#include "rfplan/lte_service.h"
#include "rfplan/predict.h"
#include "rfplan/csvtab.h"
#include "rfplan/output.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U8_NODATA 255
#define MAX_CLASSES 20

/* Class edges of the maps and of their stats.csv rows (doc/lte.md). */
static const double cqi_edges[] = { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
static const double dl_thr_edges[] = { 50, 20, 10, 5, 2, 1, 0 };
static const double ul_thr_edges[] = { 10, 5, 2, 1, 0.5, 0.1, 0 };
static const double limited_edges[] = { 2, 1, 0 };
static const double ul_rbs_edges[] = { 100, 50, 25, 10, 6, 3, 1 };
static const double prob_edges[] = { 0.95, 0.9, 0.75, 0.5, 0 };
#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A classed scheme: the RSRP ramp over the edges, labels "LOW to HIGH UNIT"
 * of value x scale. */
struct scheme {
	struct rf_color_class cls[MAX_CLASSES];
	char labels[MAX_CLASSES * RF_LABEL_MAX];
	char title[64];
	struct rf_color_scheme s;
};

static void make_scheme(struct scheme *sc, const double *edges, int n, double scale,
			const char *unit, const char *title)
{
	if (n > MAX_CLASSES)
		n = MAX_CLASSES;
	rf_rsrp_scheme(edges, n, sc->cls, sc->labels, &sc->s);
	for (int i = 0; i < n; i++) {
		char *l = sc->labels + (size_t)i * RF_LABEL_MAX;
		if (i == 0)
			snprintf(l, RF_LABEL_MAX, ">= %g %s", edges[0] * scale, unit);
		else
			snprintf(l, RF_LABEL_MAX, "%g to %g %s", edges[i] * scale,
				 edges[i - 1] * scale, unit);
		sc->cls[i].label = l;
	}
	snprintf(sc->title, sizeof(sc->title), "%s", title);
	sc->s.title = sc->title;
}

/* CQI 15..1 on the ramp, CQI 0 (served, below CQI 1) grey. */
static void cqi_scheme(struct scheme *sc)
{
	static const char *const mod[] = { "", "QPSK", "QPSK", "QPSK", "QPSK", "QPSK", "QPSK",
		"16QAM", "16QAM", "16QAM", "64QAM", "64QAM", "64QAM", "64QAM", "64QAM", "64QAM" };
	make_scheme(sc, cqi_edges, RF_CQI_MAX, 1, "", "CQI (TS 36.213 Table 7.2.3-1)");
	for (int i = 0; i <= RF_CQI_MAX; i++) {
		int k = (int)cqi_edges[i];
		char *l = sc->labels + (size_t)i * RF_LABEL_MAX;
		if (k)
			snprintf(l, RF_LABEL_MAX, "CQI %d (%s)", k, mod[k]);
		else
			snprintf(l, RF_LABEL_MAX, "CQI 0 (out of range)");
		sc->cls[i].label = l;
	}
	sc->cls[RF_CQI_MAX].lower = 0;
	memcpy(sc->cls[RF_CQI_MAX].rgba, (unsigned char[4]){ 0x80, 0x80, 0x80, 0xff }, 4);
	sc->s.n = RF_CQI_MAX + 1;
}

static void limited_scheme(struct scheme *sc)
{
	static const unsigned char rgba[3][4] = {
		{ 0xd7, 0x19, 0x1c, 0xff }, { 0xfd, 0xae, 0x61, 0xff }, { 0x1a, 0x96, 0x41, 0xff } };
	static const char *const label[3] = { "uplink misses its target", "uplink-limited",
		"downlink-limited" };
	make_scheme(sc, limited_edges, 3, 1, "", "Limiting link");
	for (int i = 0; i < 3; i++) {
		memcpy(sc->cls[i].rgba, rgba[i], 4);
		snprintf(sc->labels + (size_t)i * RF_LABEL_MAX, RF_LABEL_MAX, "%s", label[i]);
	}
}

/* NAME.tif (Float32 when f32, else UInt8 u8) and NAME.qml. */
static int write_map(const char *dir, const char *name, const struct rf_grid *g,
		     const float *f32, const uint8_t *u8, const char *desc,
		     const struct scheme *sc, struct rf_predict_summary *sum,
		     struct rf_error *err)
{
	char file[128];
	char *p;
	int rc;
	snprintf(file, sizeof(file), "%s.tif", name);
	p = rf_path_join(dir, file);
	rc = f32 ? rf_write_geotiff_f32(p, g, f32, RF_MAP_NODATA, desc, err)
		 : rf_write_geotiff_u8(p, g, u8, U8_NODATA, desc, err);
	free(p);
	if (rc)
		return -1;
	rf_predict_record_output(sum, file);
	snprintf(file, sizeof(file), "%s.qml", name);
	p = rf_path_join(dir, file);
	rc = rf_write_qml_classes(p, &sc->s, err);
	free(p);
	if (!rc)
		rf_predict_record_output(sum, file);
	return rc;
}

static int write_png(const char *dir, const char *name, const struct rf_grid *g,
		     const float *data, const struct scheme *sc,
		     struct rf_predict_summary *sum, struct rf_error *err)
{
	char file[128], legend[128], pgw[128];
	snprintf(file, sizeof(file), "%s.png", name);
	snprintf(legend, sizeof(legend), "%s_legend.png", name);
	snprintf(pgw, sizeof(pgw), "%s.pgw", name);
	char *p = rf_path_join(dir, file), *l = rf_path_join(dir, legend);
	int rc = rf_write_png_map(p, l, g, data, &sc->s, err);
	free(p);
	free(l);
	if (!rc) {
		rf_predict_record_output(sum, file);
		rf_predict_record_output(sum, pgw);
		rf_predict_record_output(sum, legend);
	}
	return rc;
}

/* A cell's peak throughputs (SINR at or above SINR_MAX), Mbit/s. */
static double dl_peak_mbps(const struct rf_lte_service_params *p, const struct rf_cell *c, int re_dl)
{
	return rf_lte_throughput_mbps(p->dl.thr_max_bps_hz, c->n_rb, re_dl, p->mimo_layers);
}

static int check_cells(const struct rf_cells *cs, const struct rf_lte_service_params *p,
		       struct rf_error *err)
{
	int re_dl = rf_lte_dl_data_re_per_rb(p->crs_ports, p->pdcch_symbols);
	for (size_t c = 0; c < cs->count; c++) {
		const struct rf_cell *cell = &cs->items[c];
		int ul_rbs = p->ul_rbs ? p->ul_rbs : cell->n_rb;
		double ul_peak = rf_lte_throughput_mbps(p->ul.thr_max_bps_hz, ul_rbs,
							RF_LTE_UL_DATA_RE_PER_RB, 1);
		if (p->ul_rbs > cell->n_rb)
			return rf_error_set(err, "option --ul-rbs: %d resource blocks exceed the %d "
					    "of cell %s/%s (%g MHz)", p->ul_rbs, cell->n_rb,
					    cell->site_id, cell->cell_id, cell->bandwidth_mhz);
		if (p->dl_target_mbps > dl_peak_mbps(p, cell, re_dl))
			return rf_error_set(err, "option --dl-target-mbps: %g Mbit/s is above the "
					    "%g Mbit/s peak of cell %s/%s (%g MHz)", p->dl_target_mbps,
					    dl_peak_mbps(p, cell, re_dl), cell->site_id,
					    cell->cell_id, cell->bandwidth_mhz);
		if (p->ul_target_mbps > ul_peak)
			return rf_error_set(err, "option --ul-target-mbps: %g Mbit/s is above the "
					    "%g Mbit/s peak of cell %s/%s (%d RB)", p->ul_target_mbps,
					    ul_peak, cell->site_id, cell->cell_id, ul_rbs);
	}
	return 0;
}

/* What the pixel loop needs of each cell, computed once: the UL SINR
 * over one RB is RSRP plus a term of the cell alone; the SINRs the two
 * throughput targets need. */
struct cell_terms {
	double ul_1rb_offset_db, ul_fixed_offset_db, dl_req_db, ul_req_1rb_db;
};

static struct cell_terms *cell_terms(const struct rf_cells *cs,
				     const struct rf_lte_service_params *p, int re_dl)
{
	int n = (int)cs->count;
	struct cell_terms *t = rf_xmalloc((size_t)(n ? n : 1) * sizeof(*t));
	for (int c = 0; c < n; c++) {
		const struct rf_cell *cell = &cs->items[c];
		double dl_bps = p->dl_target_mbps * 1e6 /
				(p->mimo_layers * (double)cell->n_rb * re_dl * 1000.0);
		t[c].ul_1rb_offset_db = rf_lte_ul_sinr_db(0, cell->rs_epre_dbm, p->ue_power_dbm, 1,
							  p->enb_noise_figure_db, p->ul_iot_db);
		t[c].ul_fixed_offset_db =
			rf_lte_ul_sinr_db(0, cell->rs_epre_dbm, p->ue_power_dbm,
					  p->ul_rbs ? p->ul_rbs : 1, p->enb_noise_figure_db,
					  p->ul_iot_db);
		t[c].dl_req_db = rf_shannon_required_sinr_db(&p->dl, dl_bps);
		t[c].ul_req_1rb_db = rf_lte_ul_required_sinr_1rb_db(&p->ul, p->ul_target_mbps,
								    p->ul_rbs, cell->n_rb);
	}
	return t;
}

static void compute(const struct rf_grid *g, const struct rf_cells *cs,
		    const struct rf_predict_maps *m, const struct rf_predict_options *o,
		    struct rf_service_maps *s)
{
	const struct rf_lte_service_params *p = &o->service;
	size_t np = (size_t)g->width * (size_t)g->height;
	int re_dl = rf_lte_dl_data_re_per_rb(p->crs_ports, p->pdcch_symbols);
	int cov = !isnan(p->sigma_db);
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();
	double load = o->lte.load, nf_db = o->lte.noise_figure_db;
	struct cell_terms *ct = cell_terms(cs, p, re_dl);
	/* 10 log10 n for the UL allocations, n up to the largest cell's RBs:
	 * looked up instead of computed per pixel (the same expression) */
	int n_rb_max = 1;
	for (size_t c = 0; c < cs->count; c++)
		if (cs->items[c].n_rb > n_rb_max)
			n_rb_max = cs->items[c].n_rb;
	double *ten_log10 = rf_xmalloc(((size_t)n_rb_max + 1) * sizeof(double));
	/* the SINRs from which on the A.2 curve is at Thr_MAX: no pow nor
	 * log2 there (rf_shannon_saturation_db, the same value) */
	double dl_sat_db = rf_shannon_saturation_db(&p->dl);
	double ul_sat_db = rf_shannon_saturation_db(&p->ul);
	rf_lte_ten_log10_table(ten_log10, n_rb_max);

	s->cqi = rf_xmalloc(np);
	s->limited = rf_xmalloc(np);
	s->ul_rbs = rf_xmalloc(np);
	s->pdsch_sinr_db = rf_xmalloc(np * sizeof(float));
	s->dl_mbps = rf_xmalloc(np * sizeof(float));
	s->ul_sinr_db = rf_xmalloc(np * sizeof(float));
	s->ul_mbps = rf_xmalloc(np * sizeof(float));
	if (cov)
		s->prob = rf_xmalloc(np * sizeof(float));
	#pragma omp parallel for schedule(static) num_threads(threads)
	for (size_t i = 0; i < np; i++) {
		int b = m->best[i];
		if (b == RF_BEST_NODATA || isnan(m->rsrp_dbm[i])) {
			s->cqi[i] = s->limited[i] = s->ul_rbs[i] = U8_NODATA;
			s->pdsch_sinr_db[i] = s->dl_mbps[i] = s->ul_sinr_db[i] = s->ul_mbps[i] = NAN;
			if (cov)
				s->prob[i] = NAN;
			continue;
		}
		const struct rf_cell *c = &cs->items[b];
		double rsrp = m->rsrp_dbm[i];
		/* sinr.tif is the RS-SINR (interferers' RS at full power); the data
		 * REs see the interferers at --load.  At full load the two are
		 * the same number: the map value itself, not a recomputation. */
		double sinr = load >= 1.0 ? m->sinr_db[i]
					  : rf_lte_pdsch_sinr_db(m->sinr_db[i], rsrp, nf_db, load);
		double ul_1rb = rsrp + ct[b].ul_1rb_offset_db;
		int ul_rbs = p->ul_rbs ? p->ul_rbs
				       : rf_lte_ul_best_rbs_table(&p->ul, ul_1rb, c->n_rb, ten_log10);
		double ul = p->ul_rbs ? rsrp + ct[b].ul_fixed_offset_db : ul_1rb - ten_log10[ul_rbs];
		int k = rf_cqi_from_sinr(&p->cqi, sinr);
		s->cqi[i] = (uint8_t)k;
		s->pdsch_sinr_db[i] = (float)sinr;
		double dl_bps = sinr >= dl_sat_db ? p->dl.thr_max_bps_hz
						  : rf_shannon_bps_hz(&p->dl, sinr);
		double ul_bps = ul >= ul_sat_db ? p->ul.thr_max_bps_hz : rf_shannon_bps_hz(&p->ul, ul);
		s->dl_mbps[i] = (float)rf_lte_throughput_mbps(dl_bps, c->n_rb, re_dl,
							      p->mimo_layers);
		s->ul_rbs[i] = (uint8_t)ul_rbs;
		s->ul_sinr_db[i] = (float)ul;
		s->ul_mbps[i] = (float)rf_lte_throughput_mbps(ul_bps, ul_rbs,
							      RF_LTE_UL_DATA_RE_PER_RB, 1);
		s->limited[i] = (uint8_t)rf_lte_ul_limited(sinr, ct[b].dl_req_db, ul_1rb,
							   ct[b].ul_req_1rb_db);
		if (cov)
			s->prob[i] = (float)rf_coverage_probability(rsrp, p->coverage_threshold_dbm,
								    p->sigma_db);
	}
	free(ten_log10);
	free(ct);
}

void rf_service_maps_free(struct rf_service_maps *s)
{
	if (!s)
		return;
	free(s->cqi);
	free(s->limited);
	free(s->ul_rbs);
	free(s->pdsch_sinr_db);
	free(s->dl_mbps);
	free(s->ul_sinr_db);
	free(s->ul_mbps);
	free(s->prob);
	memset(s, 0, sizeof(*s));
}

/* ---- stats.csv rows ---- */

enum { M_CQI, M_PDSCH_SINR, M_DL, M_DL_CQI, M_UL_SINR, M_UL, M_LIMITED, M_PROB, M_RSRP_REL,
       N_METRICS };
static const char *const metric_name[N_METRICS] = {
	"cqi", "pdsch_sinr_db", "dl_throughput_mbps", "dl_throughput_cqi_mbps", "ul_sinr_db",
	"ul_throughput_mbps", "ul_limited", "coverage_probability", "rsrp_dbm_at_reliability",
};

/* One scope's tables (total, or one best-server cell). */
struct scope_stats {
	double area_km2, covered_km2;   /* covered: sum of P x area */
	struct rf_lte_class_stats t[N_METRICS];
	/* the classes' areas while the pixels are summed: every metric's
	 * classes in one array, metric j's from base[j] (copied into t[j]
	 * after the last pixel) */
	double *acc;
};

static void scope_init(struct scope_stats *sc, const struct rf_predict_options *o)
{
	const double *e[N_METRICS] = { cqi_edges, o->sinr_edges, dl_thr_edges, dl_thr_edges, o->sinr_edges,
		ul_thr_edges, limited_edges, prob_edges, o->rsrp_edges };
	/* The maps' last edge, 0, is the bottom of their scale; in the tables the
	 * open bottom class (-inf, next edge) holds the zeros instead. */
	const int n[N_METRICS] = { N_OF(cqi_edges) - 1, o->n_sinr_edges, N_OF(dl_thr_edges) - 1,
		N_OF(dl_thr_edges) - 1, o->n_sinr_edges, N_OF(ul_thr_edges) - 1,
		N_OF(limited_edges) - 1, N_OF(prob_edges) - 1, o->n_rsrp_edges };
	sc->area_km2 = sc->covered_km2 = 0;
	for (int k = 0; k < N_METRICS; k++)
		rf_lte_class_init(&sc->t[k], e[k], n[k]);
}

/* What the pixel loop of the tables needs, computed once: where each
 * metric's classes start in a scope's acc, and the classes of the metrics
 * that take few values (the CQI-table throughput of each cell and CQI,
 * T_CQI = layers x efficiency(CQI) x N_RB x RE x 1000 / 1e6, and the
 * limiting link 0..2), looked up instead of classed per pixel. */
struct class_plan {
	int base[N_METRICS + 1];
	int *dl_cqi_cls;           /* [cell x (RF_CQI_MAX + 1) + CQI] */
	int limited_cls[3];
};

static void class_plan_init(struct class_plan *cp, const struct scope_stats *sc,
			    const struct rf_cells *cs, const struct rf_predict_options *o)
{
	int n = (int)cs->count;
	int re_dl = rf_lte_dl_data_re_per_rb(o->service.crs_ports, o->service.pdcch_symbols);
	cp->base[0] = 0;
	for (int j = 0; j < N_METRICS; j++)
		cp->base[j + 1] = cp->base[j] + sc->t[j].n_edges + 1;
	cp->dl_cqi_cls = rf_xmalloc(((size_t)n ? (size_t)n : 1) * (RF_CQI_MAX + 1) * sizeof(int));
	for (int c = 0; c < n; c++)
		for (int k = 0; k <= RF_CQI_MAX; k++) {
			double v = rf_lte_throughput_mbps(o->service.cqi.efficiency[k],
							  cs->items[c].n_rb, re_dl,
							  o->service.mimo_layers);
			cp->dl_cqi_cls[c * (RF_CQI_MAX + 1) + k] =
				isnan(v) ? -1 : rf_lte_class_of(&sc->t[M_DL_CQI], v);
		}
	for (int v = 0; v < 3; v++)
		cp->limited_cls[v] = rf_lte_class_of(&sc->t[M_LIMITED], v);
}

/* The classes of pixel i, as indices into a scope's acc (metrics without
 * a value left out), computed once for the scopes the pixel counts in;
 * returns their number.  The RSRP at the requested reliability is derived
 * here, for the tables only: the level exceeded at P of the locations,
 * RSRP_P = RSRP + z sigma with z = Q^-1(P) (z = -1.2816 at P = 90 %:
 * never above the median for P >= 50 %; doc/lte.md). */
static int pixel_classes(const struct scope_stats *sc, const struct class_plan *cp,
			 const struct rf_service_maps *s, const struct rf_predict_maps *m,
			 const struct rf_predict_options *o, double z, size_t i, int *at)
{
	static const int classed[] = { M_PDSCH_SINR, M_DL, M_UL_SINR, M_UL };
	int k = s->cqi[i], n_at = 0, c;
	/* CQI k is class 15 - k (k = 0 is the open bottom class 15). */
	at[n_at++] = cp->base[M_CQI] + RF_CQI_MAX - k;
	for (int q = 0; q < 4; q++) {
		int j = classed[q];
		double v = j == M_PDSCH_SINR ? s->pdsch_sinr_db[i] : j == M_DL ? s->dl_mbps[i]
			 : j == M_UL_SINR ? s->ul_sinr_db[i] : s->ul_mbps[i];
		if (!isnan(v))
			at[n_at++] = cp->base[j] + rf_lte_class_of(&sc->t[j], v);
		if (j == M_DL && (c = cp->dl_cqi_cls[m->best[i] * (RF_CQI_MAX + 1) + k]) >= 0)
			at[n_at++] = cp->base[M_DL_CQI] + c;
	}
	at[n_at++] = cp->base[M_LIMITED] + cp->limited_cls[s->limited[i]];
	if (s->prob) {
		double v = s->prob[i], r = m->rsrp_dbm[i] + z * o->service.sigma_db;
		if (!isnan(v))
			at[n_at++] = cp->base[M_PROB] + rf_lte_class_of(&sc->t[M_PROB], v);
		if (!isnan(r))
			at[n_at++] = cp->base[M_RSRP_REL] + rf_lte_class_of(&sc->t[M_RSRP_REL], r);
	}
	return n_at;
}

/* The pixel's area a added to the scopes sc[0..n_sc-1] (the total, the
 * serving cell, the land when it is land) and to its n_at classes, at[q]
 * in each scope's acc. */
static void scope_add(struct scope_stats *const *sc, int n_sc, const int *at, int n_at,
		      const struct rf_service_maps *s, size_t i, double a)
{
	double *t = sc[0]->acc, *c = sc[1]->acc, *l = n_sc > 2 ? sc[2]->acc : NULL;
	for (int k = 0; k < n_sc; k++) {
		sc[k]->area_km2 += a;
		if (s->prob)
			sc[k]->covered_km2 += s->prob[i] * a;
	}
	if (l)
		for (int q = 0; q < n_at; q++) {
			t[at[q]] += a;
			c[at[q]] += a;
			l[at[q]] += a;
		}
	else
		for (int q = 0; q < n_at; q++) {
			t[at[q]] += a;
			c[at[q]] += a;
		}
}

static void scope_write(FILE *f, const char *scope, const struct scope_stats *sc, int svc,
			int cov)
{
	for (int k = 0; k < N_METRICS; k++)
		if ((k == M_PROB || k == M_RSRP_REL) ? cov : svc)
			rf_lte_class_write(f, scope, metric_name[k], &sc->t[k], sc->area_km2);
	/* Cell-area reliability: the expected covered area and its share. */
	if (cov) {
		rf_csv_write_quoted(f, scope);
		fprintf(f, ",area_reliability,0,,,%.6f,%.4f\n", sc->covered_km2,
			sc->area_km2 > 0 ? 100.0 * sc->covered_km2 / sc->area_km2 : 0.0);
	}
}

int rf_service_stats_append(const struct rf_grid *g, const struct rf_cells *cs,
			    const struct rf_predict_maps *m, const struct rf_service_maps *s,
			    const struct rf_predict_options *o, const char *dir,
			    struct rf_error *err)
{
	int n = (int)cs->count, cov = s->prob != NULL, svc = o->service.enabled, rc = 0;
	/* scopes: the cells 0..n-1, total n, land n + 1 (with the DEM heights) */
	struct scope_stats *sc = rf_xcalloc((size_t)n + 2, sizeof(*sc));
	char *p = rf_path_join(dir, "stats.csv");
	FILE *f;

	double z = cov ? rf_q_inverse(o->service.reliability_pct / 100.0) : 0;
	int at[N_METRICS];
	struct class_plan cp;

	for (int c = 0; c <= n + 1; c++)
		scope_init(&sc[c], o);
	class_plan_init(&cp, &sc[0], cs, o);
	for (int c = 0; c <= n + 1; c++)
		sc[c].acc = rf_xcalloc((size_t)cp.base[N_METRICS], sizeof(double));
	for (int row = 0; row < g->height; row++) {
		double a = rf_lte_pixel_area_km2(g, row);
		for (int col = 0; col < g->width; col++) {
			size_t i = (size_t)row * g->width + col;
			int n_at;
			if (s->cqi[i] == U8_NODATA)
				continue;
			n_at = pixel_classes(&sc[n], &cp, s, m, o, z, i, at);
			struct scope_stats *to[3] = { &sc[n], &sc[m->best[i]], &sc[n + 1] };
			scope_add(to, m->ground_m && rf_lte_is_land(m->ground_m[i]) ? 3 : 2, at,
				  n_at, s, i, a);
		}
	}
	free(cp.dl_cqi_cls);
	for (int c = 0; c <= n + 1; c++) {
		for (int j = 0; j < N_METRICS; j++)
			memcpy(sc[c].t[j].area_km2, sc[c].acc + cp.base[j],
			       (size_t)(cp.base[j + 1] - cp.base[j]) * sizeof(double));
		free(sc[c].acc);
	}
	f = fopen(p, "a");
	if (!f) {
		rc = rf_error_set(err, "%s: cannot append: %s", p, strerror(errno));
	} else {
		char label[256];
		scope_write(f, "total", &sc[n], svc, cov);
		if (m->ground_m)
			scope_write(f, "land", &sc[n + 1], svc, cov);
		for (int c = 0; c < n; c++) {
			rf_cell_label(&cs->items[c], label, sizeof(label));
			scope_write(f, label, &sc[c], svc, cov);
		}
		if (ferror(f) | fclose(f))
			rc = rf_error_set(err, "%s: write failed: %s", p, strerror(errno));
	}
	for (int c = 0; c <= n + 1; c++)
		for (int k = 0; k < N_METRICS; k++)
			rf_lte_class_free(&sc[c].t[k]);
	free(sc);
	free(p);
	return rc;
}

int rf_service_maps_compute(const struct rf_grid *g, const struct rf_cells *cells,
			    const struct rf_predict_maps *m, const struct rf_predict_options *o,
			    struct rf_service_maps *s, struct rf_error *err)
{
	memset(s, 0, sizeof(*s));
	if (!o->service.enabled && isnan(o->service.sigma_db))
		return 0;
	if (check_cells(cells, &o->service, err))
		return -1;
	compute(g, cells, m, o, s);
	return 0;
}

/* ---- the jobs of rf_write_products (engine_products.c), one per map: the
 * seven maps of an enabled service (svc_maps), coverage_probability with a
 * sigma ---- */

enum { SVC_CQI, SVC_PDSCH_SINR, SVC_DL, SVC_UL_SINR, SVC_UL, SVC_UL_RBS, SVC_LIMITED };

/* A map of an enabled service: its file name; its data, the member at
 * offset `member` of struct rf_service_maps (uint8_t * when u8, else
 * float *); its description, with the LTE load for the "%g" when
 * with_load; its scheme, own() or make_scheme's over edges (NULL: the
 * options' SINR edges) with unit and title; a PNG beside it when png. */
struct svc_map {
	const char *name;
	size_t member;
	int u8;
	const char *desc;
	int with_load;
	void (*own)(struct scheme *sc);
	const double *edges;
	int n_edges;
	const char *unit, *title;
	int png;
};

static const struct svc_map svc_maps[] = {
	[SVC_CQI] = { "cqi", offsetof(struct rf_service_maps, cqi), 1, "CQI (0 = below CQI 1)",
		      0, cqi_scheme, NULL, 0, NULL, NULL, 0 },
	[SVC_PDSCH_SINR] = { "pdsch_sinr", offsetof(struct rf_service_maps, pdsch_sinr_db), 0,
			     "PDSCH SINR at load %g (dB)", 1, NULL, NULL, 0, "dB",
			     "PDSCH SINR (dB)", 0 },
	[SVC_DL] = { "throughput_dl_mbps", offsetof(struct rf_service_maps, dl_mbps), 0,
		     "DL throughput, TR 36.942 A.2 (Mbit/s)", 0, NULL, dl_thr_edges,
		     N_OF(dl_thr_edges), "Mbps", "DL throughput (Mbps)", 1 },
	[SVC_UL_SINR] = { "ul_sinr", offsetof(struct rf_service_maps, ul_sinr_db), 0,
			  "UL SINR (dB)", 0, NULL, NULL, 0, "dB", "UL SINR (dB)", 0 },
	[SVC_UL] = { "throughput_ul_mbps", offsetof(struct rf_service_maps, ul_mbps), 0,
		     "UL throughput, TR 36.942 A.2 (Mbit/s)", 0, NULL, ul_thr_edges,
		     N_OF(ul_thr_edges), "Mbps", "UL throughput (Mbps)", 0 },
	[SVC_UL_RBS] = { "ul_rbs", offsetof(struct rf_service_maps, ul_rbs), 1,
			 "UL resource blocks of the UE", 0, NULL, ul_rbs_edges, N_OF(ul_rbs_edges),
			 "RB", "UL resource blocks", 0 },
	[SVC_LIMITED] = { "ul_limited", offsetof(struct rf_service_maps, limited), 1,
			  "limiting link: 0 downlink, 1 uplink, 2 uplink misses its target", 0,
			  limited_scheme, NULL, 0, NULL, NULL, 0 },
};

/* Writes service map k (svc_maps) when the service is enabled. */
static int svc_job(const struct rf_products_ctx *c, int k, struct rf_predict_summary *out,
		   struct rf_error *err)
{
	const struct svc_map *m = &svc_maps[k];
	const struct rf_predict_options *o = c->o;
	const char *at;
	const float *f32 = NULL;
	const uint8_t *u8 = NULL;
	const char *desc = m->desc;
	struct scheme sc;
	char buf[128];

	if (!c->svc || !c->svc->cqi || !o->service.enabled)
		return 0;
	at = (const char *)c->svc + m->member;
	if (m->u8)
		u8 = *(uint8_t *const *)at;
	else
		f32 = *(float *const *)at;
	if (m->own)
		m->own(&sc);
	else if (m->edges)
		make_scheme(&sc, m->edges, m->n_edges, 1, m->unit, m->title);
	else
		make_scheme(&sc, o->sinr_edges, o->n_sinr_edges, 1, m->unit, m->title);
	if (m->with_load) {
		snprintf(buf, sizeof(buf), m->desc, o->lte.load);
		desc = buf;
	}
	if (write_map(c->dir, m->name, c->g, f32, u8, desc, &sc, out, err))
		return -1;
	return m->png && write_png(c->dir, m->name, c->g, f32, &sc, out, err) ? -1 : 0;
}

/* rf_job_svc_NAME (engine_priv.h): the job of service map K */
#define SVC_JOB(fn, k)                                                                   \
	int fn(const struct rf_products_ctx *c, struct rf_predict_summary *out,          \
	       struct rf_error *err)                                                     \
	{                                                                                \
		return svc_job(c, k, out, err);                                          \
	}
SVC_JOB(rf_job_svc_cqi, SVC_CQI)
SVC_JOB(rf_job_svc_pdsch_sinr, SVC_PDSCH_SINR)
SVC_JOB(rf_job_svc_dl, SVC_DL)
SVC_JOB(rf_job_svc_ul_sinr, SVC_UL_SINR)
SVC_JOB(rf_job_svc_ul, SVC_UL)
SVC_JOB(rf_job_svc_ul_rbs, SVC_UL_RBS)
SVC_JOB(rf_job_svc_limited, SVC_LIMITED)

int rf_job_svc_coverage(const struct rf_products_ctx *c, struct rf_predict_summary *out,
			struct rf_error *err)
{
	const struct rf_predict_options *o = c->o;
	struct scheme sc;
	char title[64], desc[128];
	if (!c->svc || !c->svc->prob)
		return 0;
	snprintf(title, sizeof(title), "P(RSRP > %g dBm)", o->service.coverage_threshold_dbm);
	snprintf(desc, sizeof(desc), "probability that RSRP exceeds %g dBm (sigma %g dB)",
		 o->service.coverage_threshold_dbm, o->service.sigma_db);
	make_scheme(&sc, prob_edges, N_OF(prob_edges), 100, "%", title);
	return write_map(c->dir, "coverage_probability", c->g, c->svc->prob, NULL, desc, &sc,
			 out, err) ||
	       write_png(c->dir, "coverage_probability", c->g, c->svc->prob, &sc, out, err)
		       ? -1 : 0;
}

/* rfplan compare's core: each measurement matched with its cell (or the
 * best server), its predicted RSRP computed at its map pixel only, filtered
 * and optionally averaged per pixel (compare.h, doc/calibration.md). */
#include "rfplan/compare.h"
#include "rfplan/predict.h"
#include "rfplan/geo.h"
#include "rfplan/interrupt.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

void rf_compare_options_default(struct rf_compare_options *o)
{
	memset(o, 0, sizeof(*o));
	o->min_distance_m = 100.0;
	o->floor_dbm = -140.0;
}

const char *rf_cmp_excl_name(enum rf_cmp_excl e)
{
	static const char *const names[] = { "outside_predicted_area", "no_predicted_value",
					     "closer_than_min_distance", "below_floor" };
	return names[e];
}

void rf_compare_free(struct rf_compare *c)
{
	free(c->pts);
	memset(c, 0, sizeof(*c));
}

/* The cell a measurement names (site_id and cell_id, either alone when it
 * picks a single cell, else a PCI, with the frequency when given): 1 with
 * *cell set, 0 none named, -1 named but matching no cell (or several). */
static int find_cell(const struct rf_cells *cs, const struct rf_measurement *x, int *cell)
{
	int found = -1, n = 0, named = 0;
	if (x->cell_id || x->site_id) {
		named = 1;
		for (size_t i = 0; i < cs->count; i++) {
			const struct rf_cell *c = &cs->items[i];
			if ((x->cell_id && strcmp(c->cell_id, x->cell_id)) ||
			    (x->site_id && strcmp(c->site_id, x->site_id)))
				continue;
			found = (int)i;
			n++;
		}
	}
	if (n != 1 && x->pci >= 0) {
		named = 1;
		n = 0;
		for (size_t i = 0; i < cs->count; i++) {
			const struct rf_cell *c = &cs->items[i];
			/* a measured carrier within 0.1 MHz (one EARFCN step) */
			if (c->pci != x->pci ||
			    (!isnan(x->freq_mhz) && fabs(c->frequency_mhz - x->freq_mhz) > 0.1))
				continue;
			found = (int)i;
			n++;
		}
	}
	if (n == 1) {
		*cell = found;
		return 1;
	}
	return named ? -1 : 0;
}

/* What calibrate's fit needs besides the path loss: the cell's RS EPRE
 * after the feeder, the receiver's gain and body loss, and the antenna gain
 * toward the point.  The RSRP itself comes from rf_cell_rsrp_dbm, the
 * function the map's pixels come from. */
static double cell_eirp(const struct rf_cell *c, const struct rf_predict_options *po,
			double gain_dbi)
{
	return c->rs_epre_dbm - c->feeder_loss_db + po->rx_gain_dbi - po->body_loss_db +
	       (double)(float)gain_dbi;
}

/* What one measurement gives before the filters. */
struct eval {
	int excl;            /* -1 kept, else enum rf_cmp_excl */
	int cell, match, named_unknown, clutter, wcol, wrow;
	double pred_dbm, eirp_db, dist_m;
	struct rf_spm_terms t;
};

struct scratch {
	double *ground, *clutter;
	unsigned char *water;   /* P.1812's sea flags along the profile */
};

/* The SPM terms of the engine's path to the pixel (the profile, link and
 * loss of the request's own per-pixel function), and the rest of the
 * engine's loss beyond the SPM's as the fixed part; -1 when the engine or
 * the model gives none. */
static int spm_terms(const struct rf_engine *eng, int cell, int col, int row,
		     struct scratch *s, struct eval *e)
{
	struct rf_profile prof;
	struct rf_link link;
	struct rf_loss_terms lt;
	struct rf_model_options mo = eng->opts.model;
	struct rf_path_geo geo;
	struct rf_error perr;
	double loss, gain;
	if (rf_engine_pixel_explain(eng, cell, col, row, s->ground, s->clutter, s->water, &prof,
				    &link, &geo, &loss, &gain, &perr) || prof.n == 0)
		return -1;
	mo.model = RF_MODEL_SPM;
	/* the cell's own coefficients (its calibrated offset), as the engine:
	 * the offset stays out of the fixed part */
	rf_spm_cell_coeffs(&eng->opts.model, eng->cells->items[cell].site_id,
			   eng->cells->items[cell].cell_id, eng->cells->items[cell].frequency_mhz,
			   &mo.spm);
	if (rf_model_path_loss(&mo, &link, &prof, &lt, &perr))
		return -1;
	double d = mo.spm.distance_km ? lt.distance_m / 1000.0 : lt.distance_m;
	e->t.log_d = log10(d);
	e->t.log_heff = log10(fmax(lt.eff_tx_height_m, 1.0));   /* as model.c clamps */
	e->t.diff_db = lt.diffraction_db;
	e->t.hrx_m = link.rx_height_agl_m;
	e->t.free_space_db = lt.free_space_db;
	e->t.fixed_db = loss - lt.path_loss_db;
	return 0;
}

/* Whether some cell has a value at the pixel (the map would hold one). */
static int any_cell_value(const struct rf_engine *eng, const struct rf_cells *cs, int col,
			  int row, struct scratch *s)
{
	double loss, gain;
	unsigned warn = 0;
	struct rf_error perr;
	for (size_t i = 0; i < cs->count; i++)
		if (!rf_engine_pixel(eng, (int)i, col, row, s->ground, s->clutter, &loss, &gain,
				     &warn, &perr) && !isnan(loss))
			return 1;
	return 0;
}

static void evaluate(const struct rf_engine *eng, const struct rf_cells *cs,
		     const struct rf_predict_options *po, const struct rf_cmp_maps *maps,
		     const struct rf_measurement *x, const struct rf_compare_options *o,
		     struct scratch *s, struct eval *e)
{
	const struct rf_grid *wg = &eng->ws_grid;
	double loss, gain;
	unsigned warn = 0;
	struct rf_error perr;
	int col, row;

	memset(e, 0, sizeof(*e));
	e->excl = RF_CMP_OUTSIDE;
	e->clutter = -1;
	e->cell = -1;
	e->wcol = (int)floor(rf_grid_col(wg, x->lon_deg) + 0.5);
	e->wrow = (int)floor(rf_grid_row(wg, x->lat_deg) + 0.5);
	if (e->wcol < 0 || e->wrow < 0 || e->wcol >= wg->width || e->wrow >= wg->height)
		return;
	col = e->wcol - eng->ux0;
	row = e->wrow - eng->uy0;
	int in_engine = col >= 0 && row >= 0 && col < eng->grid.width && row < eng->grid.height;
	int map_best = -1;
	double map_rsrp = NAN;
	if (maps) {
		const struct rf_grid *mg = &maps->rsrp.grid;
		int mc = (int)floor(rf_grid_col(mg, x->lon_deg) + 0.5);
		int mr = (int)floor(rf_grid_row(mg, x->lat_deg) + 0.5);
		if (mc < 0 || mr < 0 || mc >= mg->width || mr >= mg->height)
			return;
		size_t k = (size_t)mr * mg->width + mc;
		map_rsrp = maps->rsrp.data[k];
		map_best = maps->best.code[k];
		if (isnan(map_rsrp) || map_best == (int)RF_CLASS_NODATA ||
		    map_best >= (int)cs->count)
			return;
	}
	/* without maps, "outside the predicted area" is outside every cell's
	 * radius: where the map would hold no value */
	e->excl = maps ? RF_CMP_NO_VALUE : RF_CMP_OUTSIDE;
	if (!in_engine)
		return;
	int r = find_cell(cs, x, &e->cell);
	e->named_unknown = r < 0;
	if (r > 0) {
		e->match = RF_CMP_MATCH_CELL;
		if (rf_engine_pixel(eng, e->cell, col, row, s->ground, s->clutter, &loss, &gain,
				    &warn, &perr) || isnan(loss)) {
			if (!maps && any_cell_value(eng, cs, col, row, s))
				e->excl = RF_CMP_NO_VALUE;
			return;
		}
		e->excl = RF_CMP_NO_VALUE;
		e->eirp_db = cell_eirp(&cs->items[e->cell], po, gain);
		e->pred_dbm = rf_cell_rsrp_dbm(&cs->items[e->cell], (float)gain, (float)loss,
					       po->rx_gain_dbi, po->body_loss_db);
	} else if (maps) {
		e->excl = RF_CMP_NO_VALUE;
		e->match = RF_CMP_MATCH_BEST;
		e->cell = map_best;
		e->pred_dbm = map_rsrp;
		if (rf_engine_pixel(eng, e->cell, col, row, s->ground, s->clutter, &loss, &gain,
				    &warn, &perr) || isnan(loss))
			return;
		e->eirp_db = cell_eirp(&cs->items[e->cell], po, gain);
	} else {
		e->match = RF_CMP_MATCH_BEST;
		e->pred_dbm = -INFINITY;
		/* strongest cell, the first on a tie (as rf_lte_combine) */
		for (size_t i = 0; i < cs->count; i++) {
			if (rf_engine_pixel(eng, (int)i, col, row, s->ground, s->clutter, &loss,
					    &gain, &warn, &perr) || isnan(loss))
				continue;
			double eirp = cell_eirp(&cs->items[i], po, gain);
			double v = rf_cell_rsrp_dbm(&cs->items[i], (float)gain, (float)loss,
						    po->rx_gain_dbi, po->body_loss_db);
			if (v > e->pred_dbm) {
				e->pred_dbm = v;
				e->cell = (int)i;
				e->eirp_db = eirp;
			}
		}
		if (e->cell < 0)
			return;   /* RF_CMP_OUTSIDE: no cell reaches the pixel */
		e->excl = RF_CMP_NO_VALUE;
	}
	if (eng->clutter.code) {
		size_t pix = (size_t)(row - eng->dem_y0) * eng->dem.grid.width +
			     (size_t)(col - eng->dem_x0);
		e->clutter = eng->clutter.code[pix];
		if (e->clutter == (int)RF_CLASS_NODATA)
			e->clutter = -1;
	}
	const struct rf_cell *c = &cs->items[e->cell];
	rf_geo_inverse(c->lat_deg, c->lon_deg, x->lat_deg, x->lon_deg, &e->dist_m, NULL, NULL);
	if (e->dist_m < o->min_distance_m) {
		e->excl = RF_CMP_TOO_CLOSE;
		return;
	}
	if (x->rsrp_dbm < o->floor_dbm) {
		e->excl = RF_CMP_BELOW_FLOOR;
		return;
	}
	if (o->want_terms && spm_terms(eng, e->cell, col, row, s, e)) {
		e->excl = RF_CMP_NO_VALUE;
		return;
	}
	e->excl = -1;
}

uint64_t rf_compare_point_bytes(void)
{
	return sizeof(struct eval) + sizeof(struct rf_cmp_point);
}

static void point_from(const struct rf_measurement *x, const struct eval *e,
		       struct rf_cmp_point *p)
{
	memset(p, 0, sizeof(*p));
	p->lat_deg = x->lat_deg;
	p->lon_deg = x->lon_deg;
	p->meas_dbm = x->rsrp_dbm;
	p->pred_dbm = e->pred_dbm;
	p->err_db = e->pred_dbm - x->rsrp_dbm;
	p->dist_m = e->dist_m;
	p->cell = e->cell;
	p->match = e->match;
	p->clutter = e->clutter;
	p->ws_col = e->wcol;
	p->ws_row = e->wrow;
	p->n = 1;
	p->file = x->file;
	p->line = x->line;
	p->time_s = x->time_s;
	p->group = x->group;
	p->fold_group = x->fold_group;
	p->eirp_db = e->eirp_db;
	p->t = e->t;
}

static int key_cmp(const void *a, const void *b)
{
	const struct rf_cmp_point *p = a, *q = b;
	if (p->ws_row != q->ws_row) return p->ws_row < q->ws_row ? -1 : 1;
	if (p->ws_col != q->ws_col) return p->ws_col < q->ws_col ? -1 : 1;
	if (p->cell != q->cell) return p->cell < q->cell ? -1 : 1;
	if (p->match != q->match) return p->match < q->match ? -1 : 1;
	if (p->file != q->file) return p->file < q->file ? -1 : 1;
	return (p->line > q->line) - (p->line < q->line);
}

/* Average the points of one (pixel, cell, match): measured as mean power
 * (mW), position and distance as plain means; the prediction is the
 * pixel's. */
static void bin_points(struct rf_compare *c)
{
	size_t out = 0;
	qsort(c->pts, c->n, sizeof(*c->pts), key_cmp);
	for (size_t i = 0; i < c->n;) {
		size_t j = i;
		double mw = 0, lat = 0, lon = 0, d = 0;
		while (j < c->n && c->pts[j].ws_row == c->pts[i].ws_row &&
		       c->pts[j].ws_col == c->pts[i].ws_col && c->pts[j].cell == c->pts[i].cell &&
		       c->pts[j].match == c->pts[i].match) {
			mw += pow(10.0, c->pts[j].meas_dbm / 10.0);
			lat += c->pts[j].lat_deg;
			lon += c->pts[j].lon_deg;
			d += c->pts[j].dist_m;
			j++;
		}
		double k = (double)(j - i);
		struct rf_cmp_point p = c->pts[i];
		p.meas_dbm = 10.0 * log10(mw / k);
		p.err_db = p.pred_dbm - p.meas_dbm;
		p.lat_deg = lat / k;
		p.lon_deg = lon / k;
		p.dist_m = d / k;
		p.n = (int)k;
		c->pts[out++] = p;
		i = j;
	}
	c->n = out;
}

static void warn_exclusions(const struct rf_compare *c, const struct rf_measurements *m,
			    int maps, struct rf_log *log)
{
	const char *const why[] = {
		maps ? "outside the workspace or the predicted area"
		     : "outside the workspace or every cell's radius", "without a predicted value for "
		"their cell (beyond its radius, a DEM void, or the model refused)",
		"closer than --min-distance-m to their site", "measured below --floor-dbm"
	};
	for (int r = 0; r < RF_CMP_N_EXCL; r++)
		if (c->excluded[r])
			rf_warn(log, "%ld measurements excluded: %s (first: %s:%ld)", c->excluded[r],
				why[r], m->files[c->first_file[r]], c->first_line[r]);
}

/* How a measurement names its cell, for messages: "SITE/CELL", "cell C",
 * "site S" or "PCI P". */
static void id_text(const struct rf_measurement *x, char *buf, size_t size)
{
	if (x->site_id && x->cell_id)
		snprintf(buf, size, "%s/%s", x->site_id, x->cell_id);
	else if (x->cell_id)
		snprintf(buf, size, "cell %s", x->cell_id);
	else if (x->site_id)
		snprintf(buf, size, "site %s", x->site_id);
	else
		snprintf(buf, size, "PCI %d", x->pci);
}

/* Measurements naming a cell that is not among the cells: a warning with
 * the count and the first (up to 3 distinct) ids, matched with the best
 * server; with strict an error.  -1 (err set) under strict. */
static int check_unknown_ids(const struct rf_compare *c, const struct rf_measurements *m,
			     const struct eval *ev, long n, int strict, struct rf_log *log,
			     struct rf_error *err)
{
	char ids[3][96], list[400] = "";
	int k = 0;
	long first = -1;
	if (!c->n_id_unknown)
		return 0;
	for (long i = 0; i < n && k < 3; i++) {
		char t[96];
		int seen = 0;
		if (ev[i].excl >= 0 || !ev[i].named_unknown)
			continue;
		if (first < 0)
			first = i;
		id_text(&m->items[i], t, sizeof(t));
		for (int j = 0; j < k; j++)
			seen |= !strcmp(ids[j], t);
		if (!seen) {
			snprintf(ids[k], sizeof(ids[k]), "%s", t);
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 k ? ", " : "", t);
			k++;
		}
	}
	if (strict)
		return rf_error_set(err, "%ld measurements name a cell missing from the cells "
				    "(first %s:%ld; ids %s) (--strict)", c->n_id_unknown,
				    m->files[m->items[first].file], m->items[first].line, list);
	rf_warn(log, "%ld measurements name a cell missing from the cells (first %s:%ld; ids "
		"%s): matched with the best server (--strict: an error)", c->n_id_unknown,
		m->files[m->items[first].file], m->items[first].line, list);
	return 0;
}

int rf_compare_points(const struct rf_workspace *ws, const struct rf_cells *cells,
		      const struct rf_predict_options *po, const struct rf_cmp_maps *maps,
		      const struct rf_measurements *m, const struct rf_compare_options *o,
		      struct rf_compare *out, struct rf_log *log, struct rf_error *err)
{
	struct rf_engine eng;
	struct eval *ev;
	long n = (long)m->count;

	memset(out, 0, sizeof(*out));
	out->n_measurements = n;
	if (!n)
		return rf_error_set(err, "%s: no usable measurement (%ld rows, all excluded)",
				    m->n_files ? m->files[0] : "measurements", m->n_rows);
	if (rf_engine_open(&eng, ws, cells, &po->engine, log, err))
		return -1;
	ev = rf_xcalloc((size_t)n, sizeof(*ev));
	int threads = po->engine.threads > 0 ? po->engine.threads : omp_get_max_threads();
	long done = 0;
	#pragma omp parallel num_threads(threads)
	{
		struct scratch s = { rf_xmalloc((size_t)eng.max_points * sizeof(double)),
				     rf_xmalloc((size_t)eng.max_points * sizeof(double)),
				     rf_xmalloc((size_t)eng.max_points) };
		#pragma omp for schedule(dynamic, 16)
		for (long i = 0; i < n; i++) {
			long now;
			if (rf_interrupted())   /* the rest skipped; failed below */
				continue;
			evaluate(&eng, cells, po, maps, &m->items[i], o, &s, &ev[i]);
			#pragma omp atomic capture
			now = ++done;
			if (omp_get_thread_num() == 0)   /* rf_progress: one thread */
				rf_progress(log, "points", (double)now / n);
		}
		free(s.ground);
		free(s.clutter);
		free(s.water);
	}
	if (rf_interrupt_check(err)) {
		free(ev);
		rf_engine_close(&eng);
		return -1;
	}
	rf_progress(log, "points", 1.0);
	out->pts = rf_xmalloc((size_t)n * sizeof(*out->pts));
	for (long i = 0; i < n; i++) {
		const struct eval *e = &ev[i];
		if (e->excl >= 0) {
			if (!out->excluded[e->excl]++) {
				out->first_line[e->excl] = m->items[i].line;
				out->first_file[e->excl] = m->items[i].file;
			}
			continue;
		}
		out->n_id_unknown += e->named_unknown;
		if (e->match == RF_CMP_MATCH_CELL)
			out->n_cell++;
		else
			out->n_best++;
		point_from(&m->items[i], e, &out->pts[out->n++]);
	}
	int bad_ids = check_unknown_ids(out, m, ev, n, o->strict, log, err);
	free(ev);
	rf_engine_close(&eng);
	if (bad_ids) {
		rf_compare_free(out);
		return -1;
	}
	warn_exclusions(out, m, maps != NULL, log);
	if (!out->n) {
		int r = out->excluded[RF_CMP_OUTSIDE] ? RF_CMP_OUTSIDE : 0;
		while (!out->excluded[r])
			r++;
		rf_error_set(err, "no measurement left to compare: all %ld excluded (e.g. %s:%ld: "
			     "%s)", n, m->files[out->first_file[r]], out->first_line[r],
			     rf_cmp_excl_name((enum rf_cmp_excl)r));
		rf_compare_free(out);
		return -1;
	}
	if (o->bin)
		bin_points(out);
	return 0;
}

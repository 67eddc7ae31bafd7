/* Neighbour relations from a prediction (rf_neighbours_compute,
 * planning.h; doc/planning.md): for each serving cell s, over the pixels it
 * serves, the area where another cell t is within the margin of s and at or
 * above the threshold (a UE there would report t in an A3 event, TS 36.331
 * 5.5.4.4), the common edge of the two best-server areas, and co-site
 * cells; ranked per cell, cut and made symmetric on request. */
#include "rfplan/planning.h"
#include "rfplan/geo.h"
#include "rfplan/lte.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Accumulated figures of serving -> t. */
struct pair {
	int t;
	double overlap_km2, border_km;
};

struct pair_list {
	struct pair *p;
	int n, cap;
};

static struct pair *pair_get(struct pair_list *l, int t)
{
	for (int i = 0; i < l->n; i++)
		if (l->p[i].t == t)
			return &l->p[i];
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->p = rf_xrealloc(l->p, (size_t)l->cap * sizeof(*l->p));
	}
	l->p[l->n] = (struct pair){ t, 0.0, 0.0 };
	return &l->p[l->n++];
}

void rf_nb_options_default(struct rf_nb_options *o)
{
	o->margin_db = 6.0;
	o->threshold_dbm = NAN;
	o->max_per_cell = 32;
	o->symmetric = 0;
}

void rf_neighbours_free(struct rf_neighbours *nb)
{
	free(nb->rel);
	free(nb->serving_area_km2);
	memset(nb, 0, sizeof(*nb));
}

/* The RSRP of cell c at engine pixel (col, row); NAN outside its window. */
static double rsrp_at(const struct rf_plan_input *in, int c, int col, int row)
{
	const struct rf_window *w = &in->eng.windows[c];
	int x = col - w->x0, y = row - w->y0;
	if (!in->rsrp_dbm[c] || x < 0 || y < 0 || x >= w->width || y >= w->height)
		return NAN;
	return in->rsrp_dbm[c][(size_t)y * w->width + x];
}

/* Overlap of every served pixel, and the serving areas.  Sequential over
 * the rows: sums in a fixed order. */
static void accumulate_overlap(const struct rf_plan_input *in, double margin_db,
			       double threshold_dbm, struct pair_list *lists, double *area_km2)
{
	const struct rf_grid *g = &in->eng.grid;
	int n = (int)in->cells.count;
	int *row_cells = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	for (int row = 0; row < g->height; row++) {
		/* the grid's rows are the engine's (eng.grid is the union of windows) */
		double px_km2 = rf_lte_pixel_area_km2(g, row);
		int nr = 0;
		for (int c = 0; c < n; c++) {
			const struct rf_window *w = &in->eng.windows[c];
			if (in->rsrp_dbm[c] && row >= w->y0 && row < w->y0 + w->height)
				row_cells[nr++] = c;
		}
		for (int col = 0; col < g->width; col++) {
			uint16_t s = in->best[(size_t)row * g->width + col];
			double rs;
			if (s == RF_BEST_NODATA || s >= n)
				continue;
			area_km2[s] += px_km2;
			rs = rsrp_at(in, s, col, row);
			for (int j = 0; j < nr; j++) {
				int t = row_cells[j];
				double v;
				if (t == s)
					continue;
				v = rsrp_at(in, t, col, row);
				if (isfinite(v) && v >= threshold_dbm && v >= rs - margin_db)
					pair_get(&lists[s], t)->overlap_km2 += px_km2;
			}
		}
	}
	free(row_cells);
}

/* The common edges of the best-server areas: each pixel edge between two
 * served pixels of different cells counts for both cells, its length on
 * the ellipsoid (rf_geo_m_per_deg_*). */
static void accumulate_border(const struct rf_plan_input *in, struct pair_list *lists)
{
	const struct rf_grid *g = &in->eng.grid;
	for (int row = 0; row < g->height; row++) {
		double lat = rf_grid_lat_deg(g, row);
		double v_km = g->dlat_deg * rf_geo_m_per_deg_lat(lat) / 1000.0;
		double h_km = g->dlon_deg * rf_geo_m_per_deg_lon(lat - 0.5 * g->dlat_deg) / 1000.0;
		for (int col = 0; col < g->width; col++) {
			size_t i = (size_t)row * g->width + col;
			uint16_t s = in->best[i];
			uint16_t right = col + 1 < g->width ? in->best[i + 1] : RF_BEST_NODATA;
			uint16_t below = row + 1 < g->height ? in->best[i + g->width] : RF_BEST_NODATA;
			if (s == RF_BEST_NODATA || s >= in->cells.count)
				continue;
			if (right != RF_BEST_NODATA && right != s && right < in->cells.count) {
				pair_get(&lists[s], right)->border_km += v_km;
				pair_get(&lists[right], s)->border_km += v_km;
			}
			if (below != RF_BEST_NODATA && below != s && below < in->cells.count) {
				pair_get(&lists[s], below)->border_km += h_km;
				pair_get(&lists[below], s)->border_km += h_km;
			}
		}
	}
}

static int same_site(const struct rf_cells *cells, int a, int b)
{
	return !strcmp(cells->items[a].site_id, cells->items[b].site_id);
}

static int same_freq(const struct rf_cells *cells, int a, int b)
{
	return fabs(cells->items[a].frequency_mhz - cells->items[b].frequency_mhz) < 1e-6;
}

/* Ranking (planning.h): co-site first, then share, border, cell index. */
static int cmp_rank(const void *pa, const void *pb)
{
	const struct rf_nb_relation *a = pa, *b = pb;
	int ca = !!(a->why & RF_NB_COSITE), cb = !!(b->why & RF_NB_COSITE);
	if (ca != cb)
		return cb - ca;
	if (a->share_pct != b->share_pct)
		return a->share_pct < b->share_pct ? 1 : -1;
	if (a->border_km != b->border_km)
		return a->border_km < b->border_km ? 1 : -1;
	return a->neighbour - b->neighbour;
}

static int cmp_serving_rank(const void *pa, const void *pb)
{
	const struct rf_nb_relation *a = pa, *b = pb;
	if (a->serving != b->serving)
		return a->serving - b->serving;
	return a->rank - b->rank;
}

static struct rf_nb_relation relation(const struct rf_cells *cells, const double *area_km2,
				      int s, const struct pair *p)
{
	struct rf_nb_relation r;
	memset(&r, 0, sizeof(r));
	r.serving = s;
	r.neighbour = p->t;
	r.overlap_km2 = p->overlap_km2;
	r.border_km = p->border_km;
	r.share_pct = area_km2[s] > 0 ? 100.0 * p->overlap_km2 / area_km2[s] : 0.0;
	r.intra_freq = same_freq(cells, s, p->t);
	r.why = (same_site(cells, s, p->t) ? RF_NB_COSITE : 0) |
		(p->overlap_km2 > 0 ? RF_NB_OVERLAP : 0) | (p->border_km > 0 ? RF_NB_BORDER : 0);
	return r;
}

static void push(struct rf_neighbours *nb, size_t *cap, const struct rf_nb_relation *r)
{
	if (nb->n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		nb->rel = rf_xrealloc(nb->rel, *cap * sizeof(*nb->rel));
	}
	nb->rel[nb->n++] = *r;
}

/* B -> A for every kept A -> B that B's list lacks, ranked after B's list. */
static void make_symmetric(struct rf_neighbours *nb, size_t *cap, const struct rf_cells *cells,
			   const struct pair_list *lists)
{
	size_t n0 = nb->n;
	int *last_rank = rf_xcalloc((size_t)nb->n_cells, sizeof(int));
	size_t *start = rf_xcalloc((size_t)nb->n_cells + 1, sizeof(size_t));
	/* the kept relations are in serving order: cell s's are
	 * [start[s], start[s + 1]) */
	for (size_t i = 0; i < n0; i++) {
		last_rank[nb->rel[i].serving] = nb->rel[i].rank;
		start[nb->rel[i].serving + 1] = i + 1;
	}
	for (int s = 1; s <= nb->n_cells; s++)
		if (start[s] < start[s - 1])
			start[s] = start[s - 1];
	for (size_t i = 0; i < n0; i++) {
		int a = nb->rel[i].serving, b = nb->rel[i].neighbour, found = 0;
		struct pair zero = { a, 0.0, 0.0 };
		const struct pair *p = &zero;
		struct rf_nb_relation r;
		for (size_t j = start[b]; j < start[b + 1] && !found; j++)
			found = nb->rel[j].neighbour == a;
		if (found)
			continue;
		for (int k = 0; k < lists[b].n; k++)
			if (lists[b].p[k].t == a)
				p = &lists[b].p[k];
		r = relation(cells, nb->serving_area_km2, b, p);
		r.why |= RF_NB_SYMMETRIC;
		r.rank = ++last_rank[b];
		push(nb, cap, &r);
		nb->n_symmetric++;
	}
	free(start);
	free(last_rank);
}

int rf_neighbours_compute(const struct rf_plan_input *in, const struct rf_nb_options *o,
			  struct rf_neighbours *out, struct rf_error *err)
{
	const struct rf_cells *cells = &in->cells;
	int n = (int)cells->count;
	double thr = isnan(o->threshold_dbm) ? in->req.po.lte.min_rsrp_dbm : o->threshold_dbm;
	struct pair_list *lists;
	struct rf_nb_relation *tmp;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (!(o->margin_db >= 0))
		return rf_error_set(err, "option --margin-db: %g must be >= 0", o->margin_db);
	out->n_cells = n;
	out->serving_area_km2 = rf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	lists = rf_xcalloc((size_t)(n ? n : 1), sizeof(*lists));
	accumulate_overlap(in, o->margin_db, thr, lists, out->serving_area_km2);
	accumulate_border(in, lists);
	for (int s = 0; s < n; s++)
		for (int t = 0; t < n; t++)
			if (t != s && same_site(cells, s, t))
				pair_get(&lists[s], t);
	tmp = rf_xmalloc((size_t)(n ? n : 1) * sizeof(*tmp));
	for (int s = 0; s < n; s++) {
		int k = 0;
		for (int i = 0; i < lists[s].n; i++) {
			tmp[k] = relation(cells, out->serving_area_km2, s, &lists[s].p[i]);
			if (tmp[k].why)
				k++;
		}
		qsort(tmp, (size_t)k, sizeof(*tmp), cmp_rank);
		for (int i = 0; i < k; i++) {
			if (o->max_per_cell > 0 && i >= o->max_per_cell) {
				out->n_dropped += k - i;
				break;
			}
			tmp[i].rank = i + 1;
			push(out, &cap, &tmp[i]);
		}
	}
	if (o->symmetric)
		make_symmetric(out, &cap, cells, lists);
	if (out->n)
		qsort(out->rel, out->n, sizeof(*out->rel), cmp_serving_rank);
	free(tmp);
	for (int s = 0; s < n; s++)
		free(lists[s].p);
	free(lists);
	return 0;
}

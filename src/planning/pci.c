/* PCI audit and allocation (planning.h; doc/planning.md).
 *
 * The constraint graph: cells on the same carrier that are related (a
 * neighbour relation either way: overlap, common border or co-site) must
 * differ in PCI (collision), mod 30 (the PUCCH/PUSCH DMRS sequence-group
 * f_ss = N_ID^cell mod 30 without group hopping, TS 36.211 5.5.1.3) and mod 3
 * (N_ID^(2) of the PSS, TS 36.211 6.11.1.1: PCI = 3 N_ID^(1) + N_ID^(2));
 * two neighbours of one cell on the same carrier must differ in PCI
 * (confusion).  Each edge carries a weight per kind, scaled by how much the
 * cells overlap; the cost of a plan is the sum of the weights of its
 * conflicts.  Allocation: DSATUR (D. Brelaz, "New methods to color the
 * vertices of a graph", CACM 22(4), 1979) with the least-cost PCI per
 * vertex, then a min-conflicts local search (S. Minton et al., "Minimizing
 * conflicts: a heuristic repair method for constraint satisfaction and
 * scheduling problems", Artificial Intelligence 58, 1992), deterministic. */
#include "rfplan/planning.h"
#include "core/util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Weights per conflict kind, times 1 + the overlap shares of the two cells
 * (fractions of their serving areas): a collision outweighs any number of
 * lesser conflicts a vertex can have. */
#define W_COLLISION 1e6
#define W_CONFUSION 1e4
#define W_MOD3 100.0
#define W_MOD3_COSITE 1000.0  /* co-site cells share timing: PSS clash is worst */
#define W_MOD30 10.0

struct edge {
	int u;
	double coll, conf, mod30, mod3;
};

struct vertex {
	struct edge *e;
	int n, cap;
};

struct graph {
	struct vertex *v;
	int n;
};

static struct edge *edge_get(struct vertex *v, int u)
{
	for (int i = 0; i < v->n; i++)
		if (v->e[i].u == u)
			return &v->e[i];
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 8;
		v->e = rf_xrealloc(v->e, (size_t)v->cap * sizeof(*v->e));
	}
	v->e[v->n] = (struct edge){ u, 0, 0, 0, 0 };
	return &v->e[v->n++];
}

/* Add w to both directions of the edge a-b through field off. */
static void add_both(struct graph *g, int a, int b, size_t off, double w)
{
	*(double *)((char *)edge_get(&g->v[a], b) + off) += w;
	*(double *)((char *)edge_get(&g->v[b], a) + off) += w;
}

static int same_carrier(const struct rf_cells *cells, int a, int b)
{
	return fabs(cells->items[a].frequency_mhz - cells->items[b].frequency_mhz) < 1e-6;
}

const char *rf_pci_conflict_name(enum rf_pci_conflict_type t)
{
	static const char *const names[] = { "collision", "confusion", "mod30", "mod3" };
	return t >= 0 && t < RF_PCI_N_TYPES ? names[t] : "?";
}

void rf_pci_options_default(struct rf_pci_options *o)
{
	rf_nb_options_default(&o->nb);
	o->nb.max_per_cell = 0;
	o->first = 0;
	o->last = RF_PCI_MAX;
	o->reserved = NULL;
	o->max_passes = 50;
}

void rf_pci_result_free(struct rf_pci_result *r)
{
	free(r->pci);
	free(r->conf);
	memset(r, 0, sizeof(*r));
}

/* The relations a -> b of nb, as a weight 1 + share: related pairs get
 * collision, mod 30 and mod 3 weights; pairs of neighbours of one cell a
 * confusion weight. */
static void build_graph(const struct rf_cells *cells, const struct rf_neighbours *nb,
			struct graph *g)
{
	int n = (int)cells->count;
	size_t i0 = 0;
	g->n = n;
	g->v = rf_xcalloc((size_t)(n ? n : 1), sizeof(*g->v));
	for (size_t i = 0; i < nb->n; i++) {
		const struct rf_nb_relation *r = &nb->rel[i];
		int a = r->serving, b = r->neighbour;
		double w = 1.0 + r->share_pct / 100.0;
		if (!same_carrier(cells, a, b))
			continue;
		add_both(g, a, b, offsetof(struct edge, coll), W_COLLISION * w);
		add_both(g, a, b, offsetof(struct edge, mod30), W_MOD30 * w);
		add_both(g, a, b, offsetof(struct edge, mod3),
			 ((r->why & RF_NB_COSITE) ? W_MOD3_COSITE : W_MOD3) * w);
	}
	/* nb->rel is by serving cell: each block [i0, i1) is one cell's list */
	while (i0 < nb->n) {
		size_t i1 = i0;
		while (i1 < nb->n && nb->rel[i1].serving == nb->rel[i0].serving)
			i1++;
		for (size_t i = i0; i < i1; i++)
			for (size_t j = i + 1; j < i1; j++) {
				const struct rf_nb_relation *x = &nb->rel[i], *y = &nb->rel[j];
				if (same_carrier(cells, x->neighbour, y->neighbour))
					add_both(g, x->neighbour, y->neighbour,
						 offsetof(struct edge, conf),
						 W_CONFUSION * (1.0 + (x->share_pct + y->share_pct) /
								100.0));
			}
		i0 = i1;
	}
}

static void graph_free(struct graph *g)
{
	for (int i = 0; i < g->n; i++)
		free(g->v[i].e);
	free(g->v);
}

/* What PCIs p and q cost on edge e (the most severe kind implies the rest:
 * equal PCIs are equal mod 30, equal mod 30 are equal mod 3). */
static double edge_cost(const struct edge *e, int p, int q)
{
	if (p == q)
		return e->coll + e->conf + e->mod30 + e->mod3;
	if (p % 30 == q % 30)
		return e->mod30 + e->mod3;
	if (p % 3 == q % 3)
		return e->mod3;
	return 0.0;
}

static double vertex_cost(const struct graph *g, const int *pci, int v, int p)
{
	double c = 0.0;
	for (int i = 0; i < g->v[v].n; i++) {
		int q = pci[g->v[v].e[i].u];
		if (q >= 0)
			c += edge_cost(&g->v[v].e[i], p, q);
	}
	return c;
}

static int cmp_conflict(const void *pa, const void *pb)
{
	const struct rf_pci_conflict *a = pa, *b = pb;
	if (a->type != b->type)
		return a->type - b->type;
	if (a->via != b->via)
		return a->via - b->via;
	if (a->a != b->a)
		return a->a - b->a;
	return a->b - b->b;
}

static void add_conflict(struct rf_pci_result *r, size_t *cap, int type, int a, int b,
			 int via, double w)
{
	if (r->n_conf == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		r->conf = rf_xrealloc(r->conf, *cap * sizeof(*r->conf));
	}
	r->conf[r->n_conf++] = (struct rf_pci_conflict){ type, a, b, via, w };
	r->count[type]++;
	r->cost += w;
}

int rf_pci_audit(const struct rf_cells *cells, const struct rf_neighbours *nb,
		 const int *pci, struct rf_pci_result *out, struct rf_error *err)
{
	int n = (int)cells->count;
	size_t cap = 0, i0 = 0;
	struct graph g;
	(void)err;
	memset(out, 0, sizeof(*out));
	out->n_cells = n;
	out->pci = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	memcpy(out->pci, pci, (size_t)n * sizeof(int));
	build_graph(cells, nb, &g);
	for (int a = 0; a < n; a++)
		for (int k = 0; k < g.v[a].n; k++) {
			const struct edge *e = &g.v[a].e[k];
			int b = e->u, p = pci[a], q = pci[b];
			if (b < a || p < 0 || q < 0 || e->coll <= 0)
				continue;
			if (p == q)
				add_conflict(out, &cap, RF_PCI_COLLISION, a, b, -1,
					     e->coll + e->mod30 + e->mod3);
			else if (p % 30 == q % 30)
				add_conflict(out, &cap, RF_PCI_MOD30, a, b, -1, e->mod30 + e->mod3);
			else if (p % 3 == q % 3)
				add_conflict(out, &cap, RF_PCI_MOD3, a, b, -1, e->mod3);
		}
	while (i0 < nb->n) {
		size_t i1 = i0;
		while (i1 < nb->n && nb->rel[i1].serving == nb->rel[i0].serving)
			i1++;
		for (size_t i = i0; i < i1; i++)
			for (size_t j = i + 1; j < i1; j++) {
				const struct rf_nb_relation *x = &nb->rel[i], *y = &nb->rel[j];
				int a = x->neighbour < y->neighbour ? x->neighbour : y->neighbour;
				int b = x->neighbour < y->neighbour ? y->neighbour : x->neighbour;
				if (pci[a] >= 0 && pci[a] == pci[b] && same_carrier(cells, a, b))
					add_conflict(out, &cap, RF_PCI_CONFUSION, a, b, x->serving,
						     W_CONFUSION * (1.0 + (x->share_pct +
									   y->share_pct) / 100.0));
			}
		i0 = i1;
	}
	if (out->n_conf)
		qsort(out->conf, out->n_conf, sizeof(*out->conf), cmp_conflict);
	graph_free(&g);
	return 0;
}

/* DSATUR: the uncoloured vertex with the most distinct PCIs among its
 * coloured neighbours (then the largest weighted degree, then the lowest
 * index) takes the allowed PCI of least cost (then the lowest). */
static void dsatur(const struct graph *g, const int *allowed, int n_allowed, int *pci)
{
	int n = g->n;
	unsigned char *seen = rf_xcalloc((size_t)(n ? n : 1) * (RF_PCI_MAX + 1), 1);
	int *sat = rf_xcalloc((size_t)(n ? n : 1), sizeof(int));
	double *deg = rf_xcalloc((size_t)(n ? n : 1), sizeof(double));
	for (int v = 0; v < n; v++) {
		pci[v] = -1;
		for (int i = 0; i < g->v[v].n; i++) {
			const struct edge *e = &g->v[v].e[i];
			deg[v] += e->coll + e->conf + e->mod30 + e->mod3;
		}
	}
	for (int step = 0; step < n; step++) {
		int v = -1, best_p = allowed[0];
		double best_c = INFINITY;
		for (int u = 0; u < n; u++)
			if (pci[u] < 0 && (v < 0 || sat[u] > sat[v] ||
					   (sat[u] == sat[v] && deg[u] > deg[v])))
				v = u;
		for (int k = 0; k < n_allowed; k++) {
			double c = vertex_cost(g, pci, v, allowed[k]);
			if (c < best_c) {
				best_c = c;
				best_p = allowed[k];
			}
		}
		pci[v] = best_p;
		for (int i = 0; i < g->v[v].n; i++) {
			int u = g->v[v].e[i].u;
			unsigned char *s = &seen[(size_t)u * (RF_PCI_MAX + 1) + best_p];
			if (!*s) {
				*s = 1;
				sat[u]++;
			}
		}
	}
	free(seen);
	free(sat);
	free(deg);
}

/* Min-conflicts: each vertex in conflict, in index order, moves to the
 * allowed PCI of least cost when that is strictly lower; passes until
 * none moves (the cost falls at each move, so this ends). */
static int local_search(const struct graph *g, const int *allowed, int n_allowed, int *pci,
			int max_passes)
{
	int pass;
	for (pass = 0; pass < max_passes; pass++) {
		int moved = 0;
		for (int v = 0; v < g->n; v++) {
			double cur = vertex_cost(g, pci, v, pci[v]), best_c = cur;
			int best_p = pci[v];
			if (cur <= 0)
				continue;
			for (int k = 0; k < n_allowed; k++) {
				double c = vertex_cost(g, pci, v, allowed[k]);
				if (c < best_c - 1e-9) {
					best_c = c;
					best_p = allowed[k];
				}
			}
			if (best_p != pci[v]) {
				pci[v] = best_p;
				moved = 1;
			}
		}
		if (!moved)
			break;
	}
	return pass;
}

int rf_pci_allocate(const struct rf_cells *cells, const struct rf_neighbours *nb,
		    const struct rf_pci_options *o, struct rf_pci_result *out,
		    struct rf_log *log, struct rf_error *err)
{
	int n = (int)cells->count, n_allowed = 0, rc, passes;
	int allowed[RF_PCI_MAX + 1];
	int *pci;
	struct graph g;

	memset(out, 0, sizeof(*out));
	if (o->first < 0 || o->last > RF_PCI_MAX || o->first > o->last)
		return rf_error_set(err, "option --range: %d..%d is not within 0..%d", o->first,
				    o->last, RF_PCI_MAX);
	for (int p = o->first; p <= o->last; p++)
		if (!o->reserved || !o->reserved[p])
			allowed[n_allowed++] = p;
	if (!n_allowed)
		return rf_error_set(err, "options --range %d..%d and --reserved: no PCI is left",
				    o->first, o->last);
	pci = rf_xmalloc((size_t)(n ? n : 1) * sizeof(int));
	build_graph(cells, nb, &g);
	dsatur(&g, allowed, n_allowed, pci);
	passes = local_search(&g, allowed, n_allowed, pci, o->max_passes);
	rf_verbose(log, "PCI local search: %d pass(es)", passes);
	graph_free(&g);
	rc = rf_pci_audit(cells, nb, pci, out, err);
	free(pci);
	return rc;
}

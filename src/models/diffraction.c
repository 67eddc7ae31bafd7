/* Knife-edge diffraction (ITU-R P.526-15 sec. 4.1), Deygout's construction
 * for several edges, line of sight and Fresnel clearance over the curved
 * effective earth. */
#include "rfplan/model.h"
#include "rfplan/geo.h"
#include "rfplan/error.h"

#include <math.h>
#include <stdlib.h>

#define SPEED_OF_LIGHT_M_S 299792458.0

static double wavelength_m(double freq_mhz)
{
	return SPEED_OF_LIGHT_M_S / (freq_mhz * 1e6);
}

double rf_knife_edge_db(double v)
{
	double t = v - 0.1;
	if (v <= -0.78)
		return 0.0;
	/* P.526-15 eq. (31) */
	return 6.9 + 20.0 * log10(sqrt(t * t + 1.0) + t);
}

double rf_fresnel_v(double h_m, double d1_m, double d2_m, double freq_mhz)
{
	/* P.526-15 eq. (26) */
	return h_m * sqrt(2.0 / wavelength_m(freq_mhz) * (1.0 / d1_m + 1.0 / d2_m));
}

double rf_fresnel_radius_m(double d1_m, double d2_m, double freq_mhz)
{
	/* P.526-15 eq. (2) */
	return sqrt(wavelength_m(freq_mhz) * d1_m * d2_m / (d1_m + d2_m));
}

/* Obstacle top at point i on the effective earth: ground + clutter + the
 * bulge of the whole path, d (D - d) / 2kR, with two_r_m = 2kR.  The bulge
 * is a parabola in d, so against the chord of any sub-path [a, b] it
 * reduces to (d-a)(b-d)/(2kR): adding it once makes every Deygout sub-path
 * see its own earth curvature. */
static double eff_top_m(const struct rf_profile *p, int i, double two_r_m)
{
	double d = i * p->step_m, dist = (p->n - 1) * p->step_m;
	double top = p->ground_m[i];
	if (p->clutter_m && i > 0 && i < p->n - 1)
		top += p->clutter_m[i];
	return top + d * (dist - d) / two_r_m;
}

/* The point of largest v strictly between i0 and i1 whose ends are at
 * effective heights h0, h1, over the obstacle tops top_m[]; returns its
 * index, or -1 when i1 - i0 < 2.  v as rf_fresnel_v() computes it, with
 * 2 / lambda given. */
static int worst_edge(const double *top_m, double step_m, double two_over_lambda, int i0,
		      double h0, int i1, double h1, double *v_out)
{
	int best = -1;
	double best_v = -INFINITY;
	double span = (i1 - i0) * step_m;
	for (int i = i0 + 1; i < i1; i++) {
		double d1 = (i - i0) * step_m, d2 = span - d1;
		double h = top_m[i] - (h0 + (h1 - h0) * d1 / span);
		double v = h * sqrt(two_over_lambda * (1.0 / d1 + 1.0 / d2));
		if (v > best_v) {
			best_v = v;
			best = i;
		}
	}
	*v_out = best_v;
	return best;
}

static void add_edge(const struct rf_profile *p, int i, double v, struct rf_loss_terms *out)
{
	struct rf_edge *e = &out->edges[out->n_edges++];
	e->dist_m = i * p->step_m;
	e->height_m = p->ground_m[i] + (p->clutter_m ? p->clutter_m[i] : 0.0);
	e->v = v;
	e->loss_db = rf_knife_edge_db(v);
	out->diffraction_db += e->loss_db;
}

/* Profiles up to this many points keep their obstacle tops on the stack
 * (32 KB); longer ones allocate. */
#define TOPS_STACK_POINTS 4096

void rf_path_geometry(const struct rf_link *link, const struct rf_profile *prof,
		      double k_factor, struct rf_loss_terms *out)
{
	int n = prof->n, ip = -1, is;
	double dist = (n - 1) * prof->step_m;
	double ht = prof->ground_m[0] + link->tx_height_agl_m;
	double hr = prof->ground_m[n - 1] + link->rx_height_agl_m;
	double lambda_m = wavelength_m(link->freq_mhz), two_over_lambda = 2.0 / lambda_m;
	double two_r_m = 2.0 * rf_effective_radius_m(k_factor);
	double min_ratio = INFINITY, vp = -INFINITY, vs, hp;
	double stack_top[TOPS_STACK_POINTS], *heap_top = NULL;
	double *top_m = n <= TOPS_STACK_POINTS
		? stack_top : (heap_top = rf_xmalloc((size_t)n * sizeof(double)));

	/* One pass: each point's obstacle top (kept for the sub-paths), its
	 * Fresnel clearance ratio and its v toward the whole path's chord, the
	 * same expressions as rf_fresnel_radius_m() and rf_fresnel_v(), so the
	 * same bits as computing them in separate passes. */
	out->distance_m = dist;
	for (int i = 1; i < n - 1; i++) {
		double d = i * prof->step_m, d2 = dist - d;
		double clear, ratio, v;
		top_m[i] = eff_top_m(prof, i, two_r_m);
		clear = ht + (hr - ht) * d / dist - top_m[i];
		ratio = clear / sqrt(lambda_m * d * d2 / (d + d2));
		if (ratio < min_ratio)
			min_ratio = ratio;
		v = (top_m[i] - (ht + (hr - ht) * d / dist)) *
		    sqrt(two_over_lambda * (1.0 / d + 1.0 / d2));
		if (v > vp) {
			vp = v;
			ip = i;
		}
	}
	out->min_clearance_ratio = min_ratio;
	out->los_clear = !(min_ratio < 0);
	out->n_edges = 0;
	out->diffraction_db = 0.0;

	/* Deygout (IEEE Trans. AP-14, 1966): the main edge of the whole path,
	 * then the worst edge of each sub-path on either side of it.  Edges
	 * with v <= -0.78 have J(v) = 0 and are not counted.  Side edges are
	 * sought only when the main edge blocks the line of sight (v > 0): on
	 * a clear path the sub-paths to a merely intruding edge would count
	 * the same smooth slope two or three times over. */
	if (ip < 0 || vp <= -0.78) {
		free(heap_top);
		return;
	}
	add_edge(prof, ip, vp, out);
	if (vp <= 0) {
		free(heap_top);
		return;
	}
	hp = top_m[ip];
	is = worst_edge(top_m, prof->step_m, two_over_lambda, 0, ht, ip, hp, &vs);
	if (is >= 0 && vs > -0.78)
		add_edge(prof, is, vs, out);
	is = worst_edge(top_m, prof->step_m, two_over_lambda, ip, hp, n - 1, hr, &vs);
	if (is >= 0 && vs > -0.78)
		add_edge(prof, is, vs, out);
	free(heap_top);
}

/* Line-of-sight map, exact on pixel-centre profiles (viewshed.h,
 * doc/viewshed.md).
 *
 * Each pixel is decided on its own profile, as rfplan profile and the
 * coverage engine sample it: points at the DEM pitch on the straight line
 * (in grid coordinates) from the observer to the pixel centre, bilinear
 * heights.  The pixel is visible when no sample rises above the sight line
 * once the earth bulge d1 d2 / (2 k R) (ITU-R P.452-17 eq. 7 form; the
 * observer-centred correction d^2 / 2kR of gdal_viewshed is the same test,
 * doc/viewshed.md) is added to it.
 *
 * Speed without approximation: tables of the maximum DEM height in each
 * block (LEVELS sizes).  The samples are visited in spans; when the
 * highest terrain under a span (the blocks its bilinear support touches)
 * plus the largest bulge over the span stays below the lowest point of the
 * sight line over it (the line is linear, so an end point), no sample of
 * the span can block and the span is skipped; otherwise it is split into
 * the next level's spans, and at the last level its samples are tested,
 * the first blocking one ending the pixel.  A skipped span is one whose
 * samples would all have passed: the decision is the per-sample one, pixel
 * for pixel (tests/unit/test_viewshed.c). */
#include "rfplan/viewshed.h"
#include "rfplan/geo.h"
#include "rfplan/interrupt.h"
#include "geo/geo_local.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>

/* Two levels of block maxima: spans of 16 samples are bounded with 16 x 16
 * blocks; a span that is not clear is split into spans of 4 samples bounded
 * with 4 x 4 blocks; only a span of 4 that is not clear has its samples
 * tested.  (Measured with callgrind on the bench's LOS case: {16, 4} took
 * fewer instructions than {32, 8}, {16, 8}, {32, 4}, {8, 2} and the three
 * levels {64, 16, 4}.) */
#define LEVELS 2
static const int LEVEL_SPAN[LEVELS] = { 16, 4 };     /* samples */
static const int LEVEL_SHIFT[LEVELS] = { 4, 2 };      /* blocks of 16 and 4 px */
/* Slack of the chunk bound (m): far above the rounding of a bilinear
 * height (1e-12 m), so a skipped chunk never hides a blocking sample. */
#define BOUND_SLACK_M 1e-3

void rf_viewshed_options_default(struct rf_viewshed_options *o)
{
	o->observer_agl_m = 30.0;
	o->target_agl_m = 1.5;
	o->radius_km = 30.0;
	o->k_factor = 4.0 / 3.0;
	o->threads = 0;
}

int rf_viewshed_window(const struct rf_grid *g, double lat_deg, double lon_deg,
		       double radius_km, struct rf_bounds *out, struct rf_error *err)
{
	struct rf_bounds b;
	double r_m = radius_km * 1000.0, dlat, dlon, lat_far;

	rf_grid_bounds(g, &b);
	if (!(lat_deg >= b.south_deg && lat_deg <= b.north_deg && lon_deg >= b.west_deg &&
	      lon_deg <= b.east_deg))
		return rf_error_set(err, "observer %.7f,%.7f is outside the DEM (%.6f..%.6f N, "
				    "%.6f..%.6f E)", lat_deg, lon_deg, b.south_deg, b.north_deg,
				    b.west_deg, b.east_deg);
	/* degrees per metre at the window's farthest latitude, +1 % and two
	 * pixels of margin (the engine's windows, doc/engine.md) */
	dlat = r_m / rf_geo_m_per_deg_lat(lat_deg) * 1.01 + 2 * g->dlat_deg;
	lat_far = fmin(fabs(lat_deg) + dlat, 89.0);
	dlon = r_m / rf_geo_m_per_deg_lon(lat_far) * 1.01 + 2 * g->dlon_deg;
	out->west_deg = fmax(lon_deg - dlon, b.west_deg);
	out->east_deg = fmin(lon_deg + dlon, b.east_deg);
	out->south_deg = fmax(lat_deg - dlat, b.south_deg);
	out->north_deg = fmin(lat_deg + dlat, b.north_deg);
	return 0;
}

/* Bilinear height at fractional grid (x, y), clamped to the pixel-centre
 * extent; NAN when a neighbour is a void (the engine's dem_at). */
static inline double dem_at(const float *z, int w, int h, double x, double y)
{
	x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
	y = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
	int x0 = (int)x, y0 = (int)y;
	int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
	double fx = x - x0, fy = y - y0;
	const float *r0 = z + (size_t)y0 * w, *r1 = z + (size_t)y1 * w;
	return (r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x1] * fx) * fy;
}

/* dem_at() for 0 <= x < w - 1 and 0 <= y < h - 1: no clamps, the same
 * arithmetic, so the same value. */
static inline double dem_at_inside(const float *z, int w, double x, double y)
{
	int x0 = (int)x, y0 = (int)y;
	double fx = x - x0, fy = y - y0;
	const float *r0 = z + (size_t)y0 * w + x0, *r1 = r0 + w;
	return (r0[0] * (1 - fx) + r0[1] * fx) * (1 - fy) + (r1[0] * (1 - fx) + r1[1] * fx) * fy;
}

struct blocks {
	int shift;      /* block side 1 << shift pixels */
	int bw, bh;
	float *max_m;   /* per block, -INFINITY when all void */
	float *max2_m;  /* per block: the maximum over it and its neighbours to
			   the east, south and south-east (2 x 2 blocks) */
};

static void blocks_build(const struct rf_raster *dem, int shift, struct blocks *b)
{
	int w = dem->grid.width, h = dem->grid.height, size = 1 << shift;
	b->shift = shift;
	b->bw = (w + size - 1) / size;
	b->bh = (h + size - 1) / size;
	b->max_m = rf_xmalloc((size_t)b->bw * b->bh * sizeof(float));
	for (int i = 0; i < b->bw * b->bh; i++)
		b->max_m[i] = -INFINITY;
	for (int y = 0; y < h; y++) {
		float *m = &b->max_m[(size_t)(y >> shift) * b->bw];
		const float *row = dem->data + (size_t)y * w;
		for (int x = 0; x < w; x++)
			if (row[x] > m[x >> shift])   /* false for NAN */
				m[x >> shift] = row[x];
	}
	b->max2_m = rf_xmalloc((size_t)b->bw * b->bh * sizeof(float));
	for (int by = 0; by < b->bh; by++)
		for (int bx = 0; bx < b->bw; bx++) {
			float m = -INFINITY;
			for (int y = by; y <= by + 1 && y < b->bh; y++)
				for (int x = bx; x <= bx + 1 && x < b->bw; x++)
					m = b->max_m[y * b->bw + x] > m ? b->max_m[y * b->bw + x] : m;
			b->max2_m[by * b->bw + bx] = m;
		}
}

/* Highest DEM value over pixel columns c0..c1, rows r0..r1 (inclusive):
 * one block, one 2 x 2 group (a span of up to 1 << shift samples touches
 * no more when its step is at most a pixel), or a loop over the blocks. */
static inline float region_max(const struct blocks *b, int c0, int c1, int r0, int r1)
{
	const int bx0 = c0 >> b->shift, bx1 = c1 >> b->shift;
	const int by0 = r0 >> b->shift, by1 = r1 >> b->shift;
	float m = -INFINITY;

	if (bx1 - bx0 <= 1 && by1 - by0 <= 1)
		return (bx1 == bx0 && by1 == by0 ? b->max_m : b->max2_m)[by0 * b->bw + bx0];
	for (int by = by0; by <= by1; by++) {
		const float *row = b->max_m + (size_t)by * b->bw;
		for (int bx = bx0; bx <= bx1; bx++)
			m = row[bx] > m ? row[bx] : m;
	}
	return m;
}

/* Everything a pixel needs from the observer. */
struct observer {
	struct rf_geo_local geo;
	double lat_deg, xs, ys;   /* observer in fractional grid coordinates */
	double h0_m;              /* ground + observer height */
	double inv_2kr;           /* 1 / 2kR, 0 for a flat earth */
	double radius_m, target_agl_m;
};

/* rf_profile_points() (profile.c) with its step, the smaller of the pixel's
 * width and height at the path's mid-latitude, computed once per row: the
 * same arithmetic, so the same n (tests/unit/test_viewshed.c compares with
 * rf_profile_points itself). */
static double row_step_m(const struct rf_grid *g, double mid_lat_deg)
{
	double px = g->dlon_deg * rf_geo_m_per_deg_lon(mid_lat_deg);
	double py = g->dlat_deg * rf_geo_m_per_deg_lat(mid_lat_deg);
	return px < py ? px : py;
}

static inline int profile_points(double step_m, double dist_m)
{
	double n;
	if (!(step_m > 0) || !(dist_m > 0))
		return 2;
	n = ceil(dist_m / step_m) + 1.0;
	if (n > 1e8)
		n = 1e8;
	return n < 2 ? 2 : (int)n;
}

/* One pixel's profile: samples k = 0..n-1 at (xs + k sx, ys + k sy), the
 * sight line from h0_m rising by dh_m over dist_m. */
struct ray {
	double sx, sy, inv_last, dist_m, dh_m;
	double bulge_m;   /* D^2 / 2kR: the bulge is t (1 - t) bulge_m */
	int inside;       /* both ends, hence every sample, in the DEM minus its
			     last row and column */
	int n;
};

/* Does sample k rise above the sight line?  inside: the sample is known to
 * lie in the DEM minus its last row and column (no clamping needed). */
static inline int blocks_at(const struct rf_raster *dem, const struct observer *ob,
			    const struct ray *r, int k, int inside)
{
	double t = k * r->inv_last, d = t * r->dist_m;
	double x = ob->xs + k * r->sx, y = ob->ys + k * r->sy;
	double z = inside ? dem_at_inside(dem->data, dem->grid.width, x, y)
			  : dem_at(dem->data, dem->grid.width, dem->grid.height, x, y);
	return z + d * (r->dist_m - d) * ob->inv_2kr > ob->h0_m + t * r->dh_m;
}

/* Samples i..j against the block maxima b: 1 when none of them can rise
 * above the sight line (the highest terrain under their bilinear support
 * plus the largest bulge over them stays below the lowest point of the
 * line, which is linear, so an end point).  *inside: whether they all lie
 * in the DEM minus its last row and column (then no clamping is needed,
 * here or in blocks_at); known for the whole ray when r->inside. */
static inline int span_clear(const struct blocks *b, const struct observer *ob,
			     const struct ray *r, int w, int h, int i, int j, int *inside)
{
	double ti = i * r->inv_last, tj = j * r->inv_last, tm;
	double xa = ob->xs + i * r->sx, xb = ob->xs + j * r->sx;
	double ya = ob->ys + i * r->sy, yb = ob->ys + j * r->sy;
	double xlo = r->sx < 0 ? xb : xa, xhi = r->sx < 0 ? xa : xb;
	double ylo = r->sy < 0 ? yb : ya, yhi = r->sy < 0 ? ya : yb;
	double line_min, bulge_max;
	int c0, c1, r0, r1;

	*inside = r->inside || ((xlo >= 0) & (ylo >= 0) & (xhi < w - 1) & (yhi < h - 1));
	if (*inside) {
		c0 = (int)xlo;
		r0 = (int)ylo;
		c1 = (int)xhi + 1;
		r1 = (int)yhi + 1;
	} else {
		xlo = xlo < 0 ? 0 : xlo;
		ylo = ylo < 0 ? 0 : ylo;
		xhi = xhi > w - 1 ? w - 1 : xhi;
		yhi = yhi > h - 1 ? h - 1 : yhi;
		c0 = (int)xlo;
		r0 = (int)ylo;
		c1 = (int)xhi + 1 < w ? (int)xhi + 1 : w - 1;
		r1 = (int)yhi + 1 < h ? (int)yhi + 1 : h - 1;
	}
	/* the bulge t(1-t) D^2 / 2kR peaks at t = 1/2 */
	tm = ti > 0.5 ? ti : tj < 0.5 ? tj : 0.5;
	line_min = ob->h0_m + r->dh_m * (r->dh_m < 0 ? tj : ti);
	bulge_max = tm * (1 - tm) * r->bulge_m;
	return region_max(b, c0, c1, r0, r1) + bulge_max + BOUND_SLACK_M < line_min;
}

/* The first sample of i..j that blocks, or -1.  Spans of LEVEL_SPAN[l]
 * samples are bounded with the blocks of level l; a span that is not clear
 * is split into the spans of level l + 1; below the last level, samples
 * are tested one by one. */
static int first_blocking(const struct rf_raster *dem, const struct blocks *levels, int l,
			  const struct observer *ob, const struct ray *r, int i, int j)
{
	const int w = dem->grid.width, h = dem->grid.height;
	int inside;

	for (int a = i; a <= j; a += LEVEL_SPAN[l]) {
		int b = a + LEVEL_SPAN[l] - 1 < j ? a + LEVEL_SPAN[l] - 1 : j, k;
		if (span_clear(&levels[l], ob, r, w, h, a, b, &inside))
			continue;
		if (l + 1 < LEVELS) {
			k = first_blocking(dem, levels, l + 1, ob, r, a, b);
			if (k >= 0)
				return k;
			continue;
		}
		for (k = a; k <= b; k++)
			if (blocks_at(dem, ob, r, k, inside))
				return k;
	}
	return -1;
}

/* One pixel: 1 visible, 0 hidden.  hint: grid position of the sample that
 * blocked the previous pixel of the row (NAN: none); the samples of this
 * profile nearest to it are tried first, since neighbouring pixels tend to
 * hide behind the same ridge.  Any blocking sample proves the pixel
 * hidden, so the hint changes the work, never the answer. */
static int visible(const struct rf_raster *dem, const struct blocks *levels,
		   const struct observer *ob, int col, int row,
		   double dist_m, double z_t, double step_m, double hint[2])
{
	struct ray r;
	double last;
	int k;

	r.n = profile_points(step_m, dist_m);
	last = r.n - 1;
	r.inv_last = 1.0 / last;
	r.sx = (col - ob->xs) * r.inv_last;
	r.sy = (row - ob->ys) * r.inv_last;
	r.dist_m = dist_m;
	r.dh_m = z_t + ob->target_agl_m - ob->h0_m;
	r.bulge_m = dist_m * dist_m * ob->inv_2kr;
	r.inside = ob->xs >= 0 && ob->ys >= 0 && ob->xs < dem->grid.width - 1 &&
		   ob->ys < dem->grid.height - 1 && col < dem->grid.width - 1 &&
		   row < dem->grid.height - 1;

	if (r.n > 2 && !isnan(hint[0])) {
		/* projection of the hint on this ray, in samples */
		double ux = col - ob->xs, uy = row - ob->ys;
		double f = ((hint[0] - ob->xs) * ux + (hint[1] - ob->ys) * uy) / (ux * ux + uy * uy);
		if (f > 0 && f < 1) {
			/* the nearest sample first, then outwards: usually the
			 * first one tested blocks */
			static const int order[] = { 0, -1, 1, -2, 2 };
			int kc = (int)(f * last + 0.5), k0 = kc - 2, k1 = kc + 2, inside;
			k0 = k0 < 1 ? 1 : k0;
			k1 = k1 > r.n - 2 ? r.n - 2 : k1;
			if (k0 <= k1) {
				double xa = ob->xs + k0 * r.sx, xb = ob->xs + k1 * r.sx;
				double ya = ob->ys + k0 * r.sy, yb = ob->ys + k1 * r.sy;
				inside = r.inside ||
					 ((fmin(xa, xb) >= 0) & (fmin(ya, yb) >= 0) &
					  (fmax(xa, xb) < dem->grid.width - 1) &
					  (fmax(ya, yb) < dem->grid.height - 1));
				for (int o = 0; o < 5; o++) {
					k = kc + order[o];
					if (k >= k0 && k <= k1 && blocks_at(dem, ob, &r, k, inside))
						return 0;
				}
			}
		}
	}
	k = first_blocking(dem, levels, 0, ob, &r, 1, r.n - 2);
	if (k < 0)
		return 1;
	hint[0] = ob->xs + k * r.sx;
	hint[1] = ob->ys + k * r.sy;
	return 0;
}

int rf_viewshed_compute(const struct rf_raster *dem, const float *obstacle_m,
			double lat_deg, double lon_deg,
			const struct rf_viewshed_options *o, uint8_t *out,
			struct rf_error *err)
{
	const struct rf_grid *g = &dem->grid;
	struct observer ob;
	struct blocks levels[LEVELS];
	struct rf_raster surface = *dem;   /* what the samples see */
	struct rf_geo_local_lon *cols;
	double z0;
	int threads = o->threads > 0 ? o->threads : omp_get_max_threads();

	if (!(o->observer_agl_m >= 0) || !isfinite(o->observer_agl_m))
		return rf_error_set(err, "observer height %g m: must be >= 0", o->observer_agl_m);
	if (!(o->target_agl_m >= 0) || !isfinite(o->target_agl_m))
		return rf_error_set(err, "target height %g m: must be >= 0", o->target_agl_m);
	if (!(o->radius_km > 0) || !isfinite(o->radius_km))
		return rf_error_set(err, "radius %g km: must be > 0", o->radius_km);
	if (!(o->k_factor >= 0) || !isfinite(o->k_factor))
		return rf_error_set(err, "k-factor %g: must be > 0 (0: flat earth)", o->k_factor);
	ob.xs = rf_grid_col(g, lon_deg);
	ob.ys = rf_grid_row(g, lat_deg);
	if (!(ob.xs >= -0.5 && ob.xs <= g->width - 0.5 && ob.ys >= -0.5 &&
	      ob.ys <= g->height - 0.5))
		return rf_error_set(err, "observer %.7f,%.7f is outside the DEM window", lat_deg,
				    lon_deg);
	z0 = dem_at(dem->data, g->width, g->height, ob.xs, ob.ys);
	if (isnan(z0))
		return rf_error_set(err, "observer %.7f,%.7f is on a DEM void", lat_deg, lon_deg);
	rf_geo_local_init(&ob.geo, lat_deg, lon_deg);
	ob.lat_deg = lat_deg;
	ob.h0_m = z0 + o->observer_agl_m;
	ob.inv_2kr = o->k_factor > 0 ? 1.0 / (2.0 * rf_effective_radius_m(o->k_factor)) : 0.0;
	ob.radius_m = o->radius_km * 1000.0;
	ob.target_agl_m = o->target_agl_m;
	if (obstacle_m) {
		size_t np = (size_t)g->width * g->height;
		float *z = rf_xmalloc(np * sizeof(float));
		for (size_t i = 0; i < np; i++)
			z[i] = dem->data[i] + obstacle_m[i];
		surface.data = z;
	}
	for (int l = 0; l < LEVELS; l++)
		blocks_build(&surface, LEVEL_SHIFT[l], &levels[l]);
	cols = rf_xmalloc((size_t)g->width * sizeof(*cols));
	for (int col = 0; col < g->width; col++)
		rf_geo_local_lon(&ob.geo, rf_grid_lon_deg(g, col), &cols[col]);

	#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
	for (int row = 0; row < g->height; row++) {
		double lat = rf_grid_lat_deg(g, row), hint[2] = { NAN, NAN };
		double step_m = row_step_m(g, 0.5 * (ob.lat_deg + lat));
		struct rf_geo_local_lat la;
		if (rf_interrupted())
			continue;   /* the rest skipped; failed below */
		rf_geo_local_lat(&ob.geo, lat, &la);
		for (int col = 0; col < g->width; col++) {
			size_t pix = (size_t)row * g->width + col;
			double d = rf_geo_local_inverse_pre(&ob.geo, &la, &cols[col], NULL);
			double z_t = dem->data[pix];
			if (d > ob.radius_m || isnan(z_t))
				out[pix] = RF_VIEWSHED_NODATA;
			else
				out[pix] = visible(&surface, levels, &ob, col, row, d, z_t, step_m,
					  hint)
					? RF_VIEWSHED_VISIBLE : RF_VIEWSHED_HIDDEN;
		}
	}
	free(cols);
	for (int l = 0; l < LEVELS; l++)
		free(levels[l].max_m), free(levels[l].max2_m);
	if (surface.data != dem->data)
		free(surface.data);
	return rf_interrupt_check(err);
}

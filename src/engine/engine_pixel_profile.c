/* The terrain profile of one pixel: bilinear DEM heights along the line
 * from the site, voids on the path interpolated, the clutter heights and
 * water flags of the nearest clutter pixels (engine_pixel.h). */
#include "engine_pixel.h"

#include <math.h>
#include <stddef.h>

/* Bilinear DEM height at workspace (x, y), clamped to the pixel-centre
 * extent of the region; NAN when a neighbour is a void. */
static inline double dem_at(const struct rf_raster *r, int ox, int oy, double x, double y)
{
	const struct rf_grid *g = &r->grid;
	/* clamps as comparisons: fmin/fmax are library calls at -O2 */
	x = x < ox ? ox : x > ox + g->width - 1 ? ox + g->width - 1 : x;
	y = y < oy ? oy : y > oy + g->height - 1 ? oy + g->height - 1 : y;
	int xi = (int)x, yi = (int)y;
	double fx = x - xi, fy = y - yi;
	int x0 = xi - ox, y0 = yi - oy;
	int x1 = x0 + 1 < g->width ? x0 + 1 : x0, y1 = y0 + 1 < g->height ? y0 + 1 : y0;
	const float *z0 = r->data + (size_t)y0 * g->width, *z1 = r->data + (size_t)y1 * g->width;
	return (z0[x0] * (1 - fx) + z0[x1] * fx) * (1 - fy) + (z1[x0] * (1 - fx) + z1[x1] * fx) * fy;
}

/* The profile points 1..n-2 at (xs + i sx, ys + i sy), all known to lie in
 * [ox, ox+width-2] x [oy, oy+height-2], into ground_m: dem_at's bilinear
 * interpolation without its clamps and edge tests (no-ops there), so the
 * same bits.  Returns the sum of v - v over the heights v: 0 unless one is
 * a void (NAN). */
static double sample_inside(const struct rf_raster *r, int ox, int oy, double xs, double ys,
			    double sx, double sy, int n, double *ground_m)
{
	const ptrdiff_t w = r->grid.width, origin = (ptrdiff_t)oy * w + ox;
	const float *data = r->data;
	double voids = 0.0, di = 1.0;   /* di = i, exactly */

	for (int i = 1; i < n - 1; i++, di += 1.0) {
		const double x = xs + di * sx, y = ys + di * sy;
		const int xi = (int)x, yi = (int)y;
		const double fx = x - xi, fy = y - yi;
		const float *z0 = data + (yi * w + xi - origin), *z1 = z0 + w;
		const double v = (z0[0] * (1 - fx) + z0[1] * fx) * (1 - fy) +
				 (z1[0] * (1 - fx) + z1[1] * fx) * fy;
		ground_m[i] = v;
		voids += v - v;
	}
	return voids;
}

/* Replace NAN runs inside the profile by linear interpolation between the
 * valid points on either side (the end points are always valid here). */
static void fill_voids(double *z, int n)
{
	int i = 1;
	while (i < n - 1) {
		if (!isnan(z[i])) {
			i++;
			continue;
		}
		int j = i;
		while (j < n - 1 && isnan(z[j]))
			j++;
		for (int k = i; k < j; k++)
			z[k] = z[i - 1] + (z[j] - z[i - 1]) * (double)(k - i + 1) / (j - i + 1);
		i = j;
	}
}

/* The straight line in lat/lon from the site to the pixel centre, at the
 * spacing the caller chose (n points). */
void rf_pixel_profile(const struct rf_engine *eng, const struct rf_pixel_ctx *x, int wcol,
		      int wrow, int n, double z_rx_m, int use_clutter, double *ground_m,
		      double *clutter_m, unsigned char *water)
{
	const int rw = eng->dem.grid.width, rh = eng->dem.grid.height;
	const size_t pix = (size_t)(wrow - x->oy) * rw + (wcol - x->ox);
	const double sx = (wcol - x->xs) / (n - 1), sy = (wrow - x->ys) / (n - 1);
	const double xlo = x->ox, ylo = x->oy;
	const double xhi = x->ox + rw - 1, yhi = x->oy + rh - 1;
	double voids = 0.0;

	/* both ends inside the region's pixel-centre extent minus its last
	 * column and row: so is every point between them */
	if (x->xs >= xlo && x->xs <= xhi - 1 && x->ys >= ylo && x->ys <= yhi - 1 &&
	    wcol <= xhi - 1 && wrow <= yhi - 1) {
		voids = sample_inside(&eng->dem, x->ox, x->oy, x->xs, x->ys, sx, sy, n, ground_m);
	} else {
		for (int i = 1; i < n - 1; i++) {
			double v = dem_at(&eng->dem, x->ox, x->oy, x->xs + i * sx, x->ys + i * sy);
			ground_m[i] = v;
			voids += v - v;
		}
	}
	if (use_clutter) {
		/* nearest clutter pixel: floor(v + 0.5) of the clamped
		 * coordinate, which is >= 0, so a truncation */
		for (int i = 0; i < n - 1; i++) {
			double px = x->xs + i * sx, py = x->ys + i * sy;
			int cx = (int)((px < xlo ? xlo : px > xhi ? xhi : px) + 0.5) - x->ox;
			int cy = (int)((py < ylo ? ylo : py > yhi ? yhi : py) + 0.5) - x->oy;
			clutter_m[i] = eng->class_height_m[eng->clutter.code[(size_t)cy * rw + cx]];
			if (x->water)
				water[i] = eng->class_water[eng->clutter.code[(size_t)cy * rw + cx]];
		}
		if (x->water)
			water[n - 1] = eng->class_water[eng->clutter.code[pix]];
	}
	ground_m[0] = x->c->ground_m;
	ground_m[n - 1] = z_rx_m;
	/* v - v is 0 for every height but a NAN (or an infinity): the void
	 * search only for profiles that have one */
	if (voids != 0.0)
		fill_voids(ground_m, n);
}

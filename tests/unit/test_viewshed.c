/* rf_viewshed_compute: pixel for pixel against a plain per-pixel profile
 * line-of-sight test, and hand-computed geometry (a ridge, the radio
 * horizon over a smooth earth). */
#include "check.h"
#include "rfplan/geo.h"
#include "rfplan/profile.h"
#include "rfplan/viewshed.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A grid of w x h pixels of `arcsec` seconds, north-west corner at
 * (north, west). */
static void make_grid(struct rf_raster *r, int w, int h, double arcsec, double north,
		      double west)
{
	r->grid.width = w;
	r->grid.height = h;
	r->grid.dlon_deg = r->grid.dlat_deg = arcsec / 3600.0;
	r->grid.north_deg = north;
	r->grid.west_deg = west;
	r->data = calloc((size_t)w * h, sizeof(float));
}

/* Plain bilinear interpolation at fractional grid coordinates (pixel
 * centres at integers), clamped to the pixel-centre extent. */
static double bilinear(const struct rf_raster *r, const float *z, double x, double y)
{
	int w = r->grid.width, h = r->grid.height;
	if (x < 0)
		x = 0;
	if (x > w - 1)
		x = w - 1;
	if (y < 0)
		y = 0;
	if (y > h - 1)
		y = h - 1;
	int x0 = (int)floor(x), y0 = (int)floor(y);
	int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
	double fx = x - x0, fy = y - y0;
	double top = z[y0 * w + x0] * (1 - fx) + z[y0 * w + x1] * fx;
	double bottom = z[y1 * w + x0] * (1 - fx) + z[y1 * w + x1] * fx;
	return top * (1 - fy) + bottom * fy;
}

/* The definition, written out: the pixel's own profile from the observer,
 * rf_profile_points() samples, each below the sight line once the earth
 * bulge d (D - d) / 2kR is added.  Returns 255, 0 or 128 (nodata). */
static int brute_force(const struct rf_raster *dem, const float *surface, double lat0,
		       double lon0, const struct rf_viewshed_options *o, int col, int row)
{
	const struct rf_grid *g = &dem->grid;
	double xs = rf_grid_col(g, lon0), ys = rf_grid_row(g, lat0);
	double lat = rf_grid_lat_deg(g, row), lon = rf_grid_lon_deg(g, col);
	double dist, h0, h1, inv2kr;
	int n;

	rf_geo_inverse(lat0, lon0, lat, lon, &dist, NULL, NULL);   /* PROJ geodesic */
	if (dist > o->radius_km * 1000 || isnan(dem->data[row * g->width + col]))
		return 128;
	h0 = bilinear(dem, dem->data, xs, ys) + o->observer_agl_m;
	h1 = dem->data[row * g->width + col] + o->target_agl_m;
	inv2kr = o->k_factor > 0 ? 1 / (2 * o->k_factor * 6371000.0) : 0;
	n = rf_profile_points(g, (lat0 + lat) / 2, dist);
	for (int i = 1; i < n - 1; i++) {
		double t = (double)i / (n - 1), d = t * dist;
		double z = bilinear(dem, surface, xs + t * (col - xs), ys + t * (row - ys));
		double line = h0 + t * (h1 - h0);
		if (z + d * (dist - d) * inv2kr > line)   /* NAN (void) never blocks */
			return 0;
	}
	return 255;
}

static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

/* Hills: a few sines plus random bumps, with a block of voids. */
static void hills(struct rf_raster *r)
{
	unsigned s = 12345;
	int w = r->grid.width, h = r->grid.height;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			r->data[y * w + x] = (float)(200 + 80 * sin(x / 13.0) * cos(y / 17.0) +
						     40 * sin((x + 2 * y) / 7.0) +
						     (next_rand(&s) % 2000) / 100.0);
	for (int y = 150; y < 156; y++)
		for (int x = 40; x < 47; x++)
			r->data[y * w + x] = NAN;
}

static void test_against_brute_force(void)
{
	struct rf_raster dem;
	struct rf_viewshed_options o;
	struct rf_error err;
	double lat0 = 45.0 - 95.3 / 3600, lon0 = 7.0 + 80.6 / 3600;   /* off-centre */
	int w = 240, h = 200;
	uint8_t *m1, *m2;
	float *obst, *surface;

	make_grid(&dem, w, h, 1.0, 45.0, 7.0);
	hills(&dem);
	m1 = malloc((size_t)w * h);
	m2 = malloc((size_t)w * h);
	obst = malloc((size_t)w * h * sizeof(float));
	surface = malloc((size_t)w * h * sizeof(float));
	for (int i = 0; i < w * h; i++) {
		obst[i] = (i * 7) % 5 == 0 ? 15.0f : 0.0f;
		surface[i] = dem.data[i] + obst[i];
	}
	rf_viewshed_options_default(&o);
	o.radius_km = 3.0;

	static const struct { double k, h_obs, h_tgt; int clutter; const char *name; } cases[] = {
		{ 4.0 / 3.0, 30, 1.5, 0, "k = 4/3, 30 m / 1.5 m" },
		{ 0.0, 10, 2, 0, "flat earth, 10 m / 2 m" },
		{ 7.0 / 6.0, 60, 0, 1, "k = 7/6, clutter obstacles" },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char name[128];
		long diff = 0, vis = 0, hid = 0;
		snprintf(name, sizeof(name), "viewshed equals per-pixel profile LOS (%s)",
			 cases[c].name);
		TEST_BEGIN(name);
		o.k_factor = cases[c].k;
		o.observer_agl_m = cases[c].h_obs;
		o.target_agl_m = cases[c].h_tgt;
		o.threads = 1;
		CHECK(rf_viewshed_compute(&dem, cases[c].clutter ? obst : NULL, lat0, lon0, &o, m1,
					  &err) == 0);
		o.threads = 2;
		CHECK(rf_viewshed_compute(&dem, cases[c].clutter ? obst : NULL, lat0, lon0, &o, m2,
					  &err) == 0);
		CHECK_MSG(!memcmp(m1, m2, (size_t)w * h), "1 and 2 threads differ");
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int want = brute_force(&dem, cases[c].clutter ? surface : dem.data,
						       lat0, lon0, &o, x, y);
				if (want != m1[y * w + x] && diff++ < 5)
					CHECK_MSG(0, "pixel (%d, %d): %d, brute force %d", x, y,
						  m1[y * w + x], want);
				vis += want == 255;
				hid += want == 0;
			}
		CHECK_MSG(diff == 0, "%ld pixels differ", diff);
		/* both outcomes are well represented, so the test means something */
		CHECK_MSG(vis > 1000 && hid > 1000, "visible %ld hidden %ld", vis, hid);
		TEST_END();
	}
	free(m1);
	free(m2);
	free(obst);
	free(surface);
	free(dem.data);
}

/* A north-south plateau 100 m high over columns 60..64 of flat 0 m ground;
 * observer on column 20 at 300 m, targets at 1.5 m on the observer's row,
 * flat earth.  The sight line to a target D pixels east is
 * L(x) = 300 - 298.5 x / D (x in pixels from the observer); it is lowest
 * over the plateau at its far edge x = 44 (column 64); the last sample on
 * the plateau lies in (43, 44].  Visible iff L(x_last) >= 100, i.e.
 * D >= 298.5 x_last / 200: hidden for D <= 298.5 * 43 / 200 = 64.2
 * (columns up to 84), visible for D >= 298.5 * 44 / 200 = 65.7 (columns
 * from 86).  Columns 65..84 are in the shadow, columns 86.. beyond it. */
static void test_ridge(void)
{
	struct rf_raster dem;
	struct rf_viewshed_options o;
	struct rf_error err;
	int w = 200, h = 41, row = 20;
	uint8_t *m;
	long bad = 0;

	TEST_BEGIN("single ridge: hidden in the geometric shadow, visible where the line clears");
	make_grid(&dem, w, h, 1.0, 10.0, 20.0);
	for (int y = 0; y < h; y++)
		for (int x = 60; x <= 64; x++)
			dem.data[y * w + x] = 100.0f;
	m = malloc((size_t)w * h);
	rf_viewshed_options_default(&o);
	o.k_factor = 0;
	o.observer_agl_m = 300;
	o.target_agl_m = 1.5;
	o.radius_km = 10;
	CHECK(rf_viewshed_compute(&dem, NULL, rf_grid_lat_deg(&dem.grid, row),
				  rf_grid_lon_deg(&dem.grid, 20), &o, m, &err) == 0);
	for (int x = 21; x < 60; x++)        /* in front of the plateau */
		bad += m[row * w + x] != 255;
	for (int x = 65; x <= 84; x++)       /* shadow */
		bad += m[row * w + x] != 0;
	for (int x = 86; x < w; x++)         /* the line clears the far edge */
		bad += m[row * w + x] != 255;
	CHECK_MSG(bad == 0, "%ld pixels on the row disagree with the hand computation", bad);
	/* a lower observer (30 m) never clears 100 m: all hidden behind */
	o.observer_agl_m = 30;
	CHECK(rf_viewshed_compute(&dem, NULL, rf_grid_lat_deg(&dem.grid, row),
				  rf_grid_lon_deg(&dem.grid, 20), &o, m, &err) == 0);
	bad = 0;
	for (int x = 65; x < w; x++)
		bad += m[row * w + x] != 0;
	CHECK_MSG(bad == 0, "%ld pixels behind the ridge visible from 30 m", bad);
	TEST_END();
	free(m);
	free(dem.data);
}

/* Smooth earth (DEM 0 m), k = 4/3: radio horizon of a 100 m observer and
 * 10 m targets, by hand: kR = 4/3 * 6371 km = 8494.667 km;
 * sqrt(2 kR h1) = sqrt(2 * 8494666.7 * 100) = 41218.1 m,
 * sqrt(2 kR h2) = sqrt(2 * 8494666.7 * 10) = 13034.4 m; sum 54252.5 m.
 * Targets nearer than 54052 m are visible, beyond 54452 m hidden (200 m of
 * margin for the sampling at the DEM pitch, ~93 m here). */
static void test_horizon(void)
{
	struct rf_raster dem;
	struct rf_viewshed_options o;
	struct rf_error err;
	int w = 760, h = 3, row = 1;
	double lat0, lon0;
	long near_ok = 0, far_ok = 0, n_near = 0, n_far = 0;
	uint8_t *m;

	TEST_BEGIN("smooth earth: radio horizon sqrt(2kR h1) + sqrt(2kR h2)");
	make_grid(&dem, w, h, 3.0, 0.0025, 30.0);
	m = malloc((size_t)w * h);
	lat0 = rf_grid_lat_deg(&dem.grid, row);
	lon0 = rf_grid_lon_deg(&dem.grid, 2);
	rf_viewshed_options_default(&o);
	o.k_factor = 4.0 / 3.0;
	o.observer_agl_m = 100;
	o.target_agl_m = 10;
	o.radius_km = 69;
	CHECK(rf_viewshed_compute(&dem, NULL, lat0, lon0, &o, m, &err) == 0);
	for (int x = 3; x < w; x++) {
		double d;
		rf_geo_inverse(lat0, lon0, lat0, rf_grid_lon_deg(&dem.grid, x), &d, NULL, NULL);
		if (d > 69000)
			continue;
		if (d < 54052.5) {
			n_near++;
			near_ok += m[row * w + x] == 255;
		} else if (d > 54452.5) {
			n_far++;
			far_ok += m[row * w + x] == 0;
		}
	}
	CHECK_MSG(n_near > 500 && near_ok == n_near, "%ld of %ld before the horizon visible",
		  near_ok, n_near);
	CHECK_MSG(n_far > 100 && far_ok == n_far, "%ld of %ld beyond the horizon hidden",
		  far_ok, n_far);
	/* and flat earth sees everything */
	o.k_factor = 0;
	CHECK(rf_viewshed_compute(&dem, NULL, lat0, lon0, &o, m, &err) == 0);
	{
		long hidden = 0;
		for (int x = 0; x < w; x++)
			hidden += m[row * w + x] == 0;
		CHECK_MSG(hidden == 0, "%ld hidden on a flat earth", hidden);
	}
	TEST_END();
	free(m);
	free(dem.data);
}

static void test_errors(void)
{
	struct rf_raster dem;
	struct rf_viewshed_options o;
	struct rf_error err;
	struct rf_bounds b;
	uint8_t m[100];

	TEST_BEGIN("viewshed: observer outside the DEM, on a void, bad options");
	make_grid(&dem, 10, 10, 1.0, 1.0, 1.0);
	dem.data[55] = NAN;
	rf_viewshed_options_default(&o);
	CHECK(rf_viewshed_window(&dem.grid, 2.0, 1.001, 1, &b, &err) == -1 &&
	      strstr(err.msg, "outside"));
	CHECK(rf_viewshed_window(&dem.grid, 0.999, 1.001, 1, &b, &err) == 0);
	CHECK(rf_viewshed_compute(&dem, NULL, 2.0, 1.001, &o, m, &err) == -1 &&
	      strstr(err.msg, "outside"));
	CHECK(rf_viewshed_compute(&dem, NULL, rf_grid_lat_deg(&dem.grid, 5),
				  rf_grid_lon_deg(&dem.grid, 5), &o, m, &err) == -1 &&
	      strstr(err.msg, "void"));
	o.radius_km = -1;
	CHECK(rf_viewshed_compute(&dem, NULL, 0.999, 1.001, &o, m, &err) == -1 &&
	      strstr(err.msg, "radius"));
	TEST_END();
	free(dem.data);
}

int main(void)
{
	TEST_PLAN(6 /* 4 cases, the brute-force one for 3 settings */);
	test_against_brute_force();
	test_ridge();
	test_horizon();
	test_errors();
	return test_exit_status();
}

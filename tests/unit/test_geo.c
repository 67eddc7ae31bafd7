/* WGS84 geodesics, the fast approximation's error bound, earth bulge, and
 * terrain profile sampling from an in-memory DEM. */
#include "check.h"
#include "rfplan/geo.h"
#include "rfplan/profile.h"

static void test_geodesic(void)
{
	double d, a1, a2, lat, lon;

	TEST_BEGIN("geodesic distance vs PROJ's geod CLI");
	/* echo "40.64 -73.78 1.36 103.99" | geod +ellps=WGS84 -I -f "%.6f"
	 *   -> 3.305773  -2.512160  15347512.941
	 * (JFK to Singapore, also GeographicLib's documented example).  geod
	 * prints the back azimuth at point 2; the forward one is +180. */
	rf_geo_inverse(40.64, -73.78, 1.36, 103.99, &d, &a1, &a2);
	CHECK_NEAR(d, 15347512.941, 1e-3);
	CHECK_NEAR(a1, 3.305773, 1e-6);
	CHECK_NEAR(a2, -2.512160 + 180.0, 1e-6);
	/* echo "-27.4698 153.0251 -27.5698 153.1251" | geod +ellps=WGS84 -I -f "%.6f"
	 *   -> 138.304425  -41.741781  14845.734 */
	rf_geo_inverse(-27.4698, 153.0251, -27.5698, 153.1251, &d, &a1, NULL);
	CHECK_NEAR(d, 14845.734, 1e-3);
	CHECK_NEAR(a1, 138.304425, 1e-6);
	/* echo "60.0 10.0 60.3 10.5" | geod +ellps=WGS84 -I -f "%.6f"
	 *   -> 39.507814  -140.058518  43457.398 */
	rf_geo_inverse(60.0, 10.0, 60.3, 10.5, &d, NULL, NULL);
	CHECK_NEAR(d, 43457.398, 1e-3);
	TEST_END();

	TEST_BEGIN("geodesic direct vs PROJ's geod CLI");
	/* echo "-42.8821 147.3272 40 20000" | geod +ellps=WGS84 -f "%.9f"
	 *   -> -42.744076866  147.484209917 */
	rf_geo_direct(-42.8821, 147.3272, 40.0, 20000.0, &lat, &lon);
	CHECK_NEAR(lat, -42.744076866, 1e-9);
	CHECK_NEAR(lon, 147.484209917, 1e-9);
	TEST_END();
}

/* Deterministic pseudo-random numbers in [0, 1). */
static double rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return ((*s >> 8) & 0xffffff) / 16777216.0;
}

static void test_fast(void)
{
	unsigned s = 20240601u;
	double worst_rel = 0, worst_rel45 = 0, worst_az = 0;

	TEST_BEGIN("fast approximation within the bound stated in geo.h");
	for (int i = 0; i < 20000; i++) {
		double lat = -70 + 140 * rnd(&s), lon = -180 + 360 * rnd(&s);
		double az = 360 * rnd(&s), dist = 100 + 99900 * rnd(&s);
		double lat2, lon2, d, a1, a2, fa, f, am, de;
		rf_geo_direct(lat, lon, az, dist, &lat2, &lon2);
		rf_geo_inverse(lat, lon, lat2, lon2, &d, &a1, &a2);
		f = rf_geo_fast_inverse(lat, lon, lat2, lon2, &fa);
		if (fabs(f - d) / d > worst_rel)
			worst_rel = fabs(f - d) / d;
		if (fabs(lat) <= 44.0 && fabs(f - d) / d > worst_rel45)
			worst_rel45 = fabs(f - d) / d;
		am = atan2(sin(a1 * M_PI / 180) + sin(a2 * M_PI / 180),
			   cos(a1 * M_PI / 180) + cos(a2 * M_PI / 180)) * 180 / M_PI;
		de = fabs(remainder(fa - am, 360.0));
		if (de > worst_az)
			worst_az = de;
	}
	CHECK_MSG(worst_rel < 1e-4, "worst relative distance error %g", worst_rel);
	CHECK_MSG(worst_rel45 < 2e-5, "worst relative distance error %g (45 deg)", worst_rel45);
	CHECK_MSG(worst_az < 1e-2, "worst azimuth error %g deg", worst_az);
	TEST_END();

	TEST_BEGIN("metres per degree vs the WGS84 radii of curvature");
	/* At the equator: M = a(1 - e2) = 6335439.327 m, N = a = 6378137 m;
	 * x pi/180: 110574.276 m and 111319.491 m per degree (the classic
	 * table values 110.574 km / 111.320 km). */
	CHECK_NEAR(rf_geo_m_per_deg_lat(0), 110574.276, 1e-3);
	CHECK_NEAR(rf_geo_m_per_deg_lon(0), 111319.491, 1e-3);
	TEST_END();
}

static void test_bulge(void)
{
	TEST_BEGIN("effective radius and earth bulge");
	/* kR = 4/3 x 6371 km = 8494.667 km; mid-point of 50 km:
	 * 25000^2 / (2 x 8494666.7) = 625e6 / 16989333.3 = 36.788 m
	 * (equivalently d_km^2 / (8 kR_km) x 1000 = 2500 / 67957.3 x 1000) */
	CHECK_NEAR(rf_effective_radius_m(4.0 / 3.0), 8494666.667, 1e-3);
	CHECK_NEAR(rf_earth_bulge_m(25000, 25000, 4.0 / 3.0), 36.788, 1e-3);
	/* k = 1, 10 km and 30 km: 1e4 x 3e4 / (2 x 6371000) = 23.544 m */
	CHECK_NEAR(rf_earth_bulge_m(10000, 30000, 1.0), 23.544, 1e-3);
	TEST_END();
}

static void test_profile_sampling(void)
{
	/* A 200 x 200 DEM of 1 arc-second pixels near the equator whose heights
	 * are a plane z = 100 + 2 col - 3 row: bilinear interpolation of a plane
	 * is exact, so every sample must equal the plane at its position. */
	enum { W = 200, H = 200 };
	static float dem_data[W * H];
	static uint16_t codes[W * H];
	struct rf_raster dem = { { W, H, 10.0, 0.05, 1.0 / 3600, 1.0 / 3600 }, dem_data };
	struct rf_class_raster cl = { { W, H, 10.0, 0.05, 1.0 / 3600, 1.0 / 3600 }, codes };
	struct rf_clutter_class cls[2] = { { 7, "urban", 10.0, 12.0, 0 }, { 8, "water", 0, 0, 0 } };
	struct rf_class_table table = { cls, 2 };
	struct rf_terrain terrain = { &dem, &cl, &table };
	double ground[400], clutter[400], lat1, lon1, lat2, lon2, d;
	struct rf_profile p;
	struct rf_error err;
	int n, ok = 1;

	for (int r = 0; r < H; r++)
		for (int c = 0; c < W; c++) {
			dem_data[r * W + c] = (float)(100 + 2 * c - 3 * r);
			codes[r * W + c] = (uint16_t)(c < 100 ? 7 : RF_CLASS_NODATA);
		}
	lat1 = rf_grid_lat_deg(&dem.grid, 20.0);
	lon1 = rf_grid_lon_deg(&dem.grid, 10.0);
	lat2 = rf_grid_lat_deg(&dem.grid, 150.0);
	lon2 = rf_grid_lon_deg(&dem.grid, 170.0);

	TEST_BEGIN("profile: one point per pixel, exact on a plane");
	rf_geo_inverse(lat1, lon1, lat2, lon2, &d, NULL, NULL);
	/* 1" of latitude at ~0.04 deg is 30.715 m (110574.3 / 3600 + tiny), of
	 * longitude 30.922 m: step = min -> n = ceil(d / 30.715) + 1. */
	n = rf_profile_points(&dem.grid, 0.5 * (lat1 + lat2), d);
	CHECK(n == (int)ceil(d / (rf_geo_m_per_deg_lat(0.5 * (lat1 + lat2)) / 3600)) + 1);
	CHECK(rf_profile_sample(&terrain, lat1, lon1, lat2, lon2, 1, 400, ground, clutter, &p,
				&err) == 0);
	CHECK(p.n == n);
	CHECK_NEAR(p.step_m * (p.n - 1), d, 1e-6);
	for (int i = 0; i < p.n; i++) {
		double f = (double)i / (p.n - 1);
		double col = 10 + f * 160, row = 20 + f * 130;
		if (fabs(ground[i] - (100 + 2 * col - 3 * row)) > 1e-6)
			ok = 0;
	}
	CHECK_MSG(ok, "a sample is off the plane");
	CHECK_NEAR(ground[0], 100 + 20 - 60, 1e-9);
	CHECK_NEAR(ground[p.n - 1], 100 + 340 - 450, 1e-9);
	TEST_END();

	TEST_BEGIN("profile: clutter heights along the path, none at the ends");
	ok = 1;
	CHECK(clutter[0] == 0.0 && clutter[p.n - 1] == 0.0);
	for (int i = 1; i < p.n - 1; i++) {
		double col = 10 + (double)i / (p.n - 1) * 160;
		/* class 7 (12 m) west of column 99.5, nodata (0 m) east of it */
		double want = col + 0.5 < 100 ? 12.0 : 0.0;
		if (fabs(col + 0.5 - 100) > 1e-6 && clutter[i] != want)
			ok = 0;
	}
	CHECK_MSG(ok, "a clutter height is wrong");
	TEST_END();

	TEST_BEGIN("profile: errors (buffer too small, outside the DEM, void)");
	CHECK(rf_profile_sample(&terrain, lat1, lon1, lat2, lon2, 0, 10, ground, NULL, &p,
				&err) == -1 && strstr(err.msg, "buffer"));
	CHECK(rf_profile_sample(&terrain, lat1, lon1, lat2, 10.06, 0, 400, ground, NULL, &p,
				&err) == -1 && strstr(err.msg, "outside the DEM"));
	dem_data[85 * W + 90] = NAN;
	CHECK(rf_profile_sample(&terrain, lat1, lon1, lat2, lon2, 0, 400, ground, NULL, &p,
				&err) == -1);
	TEST_END();

	TEST_BEGIN("profile statistics");
	{
		/* heights 0,10,0,10,...: least-squares line ~5 (slope ~0), residuals
		 * +-5 -> 10% / 90% quantiles -5 / +5: delta_h = 10. */
		double z[11] = { 0, 10, 0, 10, 0, 10, 0, 10, 0, 10, 0 }, scratch[11];
		struct rf_profile q = { 11, 1.0, z, NULL, 0.0, 0.0 };
		struct rf_profile_stats st;
		rf_profile_stats(&q, scratch, &st);
		CHECK(st.min_m == 0 && st.max_m == 10);
		CHECK_NEAR(st.mean_m, 50.0 / 11.0, 1e-12);
		CHECK_NEAR(st.delta_h_m, 10.0, 0.5);
		/* a pure slope has no irregularity */
		for (int i = 0; i < 11; i++)
			z[i] = 3.0 * i;
		rf_profile_stats(&q, scratch, &st);
		CHECK_NEAR(st.delta_h_m, 0.0, 1e-9);
	}
	TEST_END();
}

int main(void)
{
	TEST_PLAN(9);
	test_geodesic();
	test_fast();
	test_bulge();
	test_profile_sampling();
	return test_exit_status();
}

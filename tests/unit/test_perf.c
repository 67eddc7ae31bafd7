/* The engine's speed-ups that must not change results: the local geodesic
 * (geo_local.h) against PROJ's geod_inverse (C. F. F. Karney's algorithm,
 * the reference), and the lean ITM call against rf_model_path_loss. */
#include "check.h"
#include "rfplan/geo.h"
#include "rfplan/model.h"
#include "../../src/geo_local.h"
#include "../../src/model_engine.h"

#include <geodesic.h>
#include <math.h>
#include <string.h>

static double rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return ((*s >> 8) & 0xffffff) / 16777216.0;
}

static void test_local_geodesic(void)
{
	struct geod_geodesic g;
	unsigned s = 4242u;
	double worst40 = 0, worst100 = 0, worst_az = 0;

	TEST_BEGIN("local geodesic within the bound of geo_local.h (vs PROJ geod_inverse)");
	geod_init(&g, 6378137.0, 1 / 298.257223563);
	for (int i = 0; i < 50000; i++) {
		double lat = -80 + 160 * rnd(&s), lon = -180 + 360 * rnd(&s);
		double az = 360 * rnd(&s), dist = 1 + 99999 * rnd(&s) * rnd(&s);
		double lat2, lon2, d, a1, a2, fa, f, de;
		struct rf_geo_local loc;
		geod_direct(&g, lat, lon, az, dist, &lat2, &lon2, NULL);
		geod_inverse(&g, lat, lon, lat2, lon2, &d, &a1, &a2);
		rf_geo_local_init(&loc, lat, lon);
		f = rf_geo_local_inverse(&loc, lat2, lon2, &fa);
		if (d <= 40e3 && fabs(f - d) > worst40)
			worst40 = fabs(f - d);
		if (fabs(f - d) > worst100)
			worst100 = fabs(f - d);
		de = fabs(remainder(fa - a1, 360.0));
		if (de > worst_az)
			worst_az = de;
	}
	CHECK_MSG(worst40 < 2e-6, "worst distance error up to 40 km: %g m", worst40);
	CHECK_MSG(worst100 < 40e-6, "worst distance error up to 100 km: %g m", worst100);
	CHECK_MSG(worst_az < 1e-5, "worst azimuth error %g deg", worst_az);
	/* the split form (rows and columns precomputed) gives the same bits */
	{
		struct rf_geo_local loc;
		struct rf_geo_local_lat la;
		struct rf_geo_local_lon lo;
		double a = 0, b = 0;
		rf_geo_local_init(&loc, -33.9, 151.2);
		rf_geo_local_lat(&loc, -34.05, &la);
		rf_geo_local_lon(&loc, 151.31, &lo);
		CHECK(rf_geo_local_inverse(&loc, -34.05, 151.31, &a) ==
		      rf_geo_local_inverse_pre(&loc, &la, &lo, &b));
		CHECK(a == b);
	}
	TEST_END();
}

static void test_lean_itm(void)
{
	struct rf_model_options o;
	struct rf_link link = { 1800, 30, 1.5 };
	unsigned s = 99u;
	double z[400], cl[400];
	int same = 0, cases = 0;

	TEST_BEGIN("lean ITM call: the same path loss, mode and warnings as rf_model_path_loss");
	rf_model_options_default(&o);
	for (int k = 0; k < 200; k++) {
		int n = 3 + (int)(390 * rnd(&s));
		struct rf_profile p = { n, 20 + 80 * rnd(&s), z, (k & 1) ? cl : NULL,
					(k & 2) ? 40.0 : 0.0, (k & 4) ? 12.0 : 0.0 };
		struct rf_loss_terms full, lean;
		struct rf_error e1, e2;
		double base = 500 * rnd(&s);
		for (int i = 0; i < n; i++) {
			z[i] = base + 150 * sin(i / (5 + 30 * rnd(&s))) + 20 * rnd(&s);
			cl[i] = 15 * rnd(&s);
		}
		int r1 = rf_model_path_loss(&o, &link, &p, &full, &e1);
		int r2 = rf_model_path_loss_lean(&o, &link, &p, &lean, &e2);
		cases++;
		same += r1 == r2 && (r1 || (full.path_loss_db == lean.path_loss_db &&
					    full.mode == lean.mode &&
					    full.warnings == lean.warnings &&
					    full.distance_m == lean.distance_m &&
					    full.free_space_db == lean.free_space_db));
	}
	CHECK_MSG(same == cases, "%d of %d profiles agree", same, cases);
	TEST_END();
}

int main(void)
{
	test_local_geodesic();
	test_lean_itm();
	return test_exit_status();
}

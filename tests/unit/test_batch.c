/* rfplan batch's plan reader and reports, and the tile split
 * (include/rfplan/batch.h, engine.h).  Expected values are written out by
 * hand from the plan texts below. */
#include "check.h"
#include "rfplan/batch.h"
#include "rfplan/engine.h"

#include <stdlib.h>
#include <unistd.h>

/* Write text to DIR/name; returns the path (static buffer: tests only). */
static const char *put(const char *dir, const char *name, const char *text)
{
	static char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

static void plan_error(const char *dir, const char *text, const char *want)
{
	struct rf_batch_plan plan;
	struct rf_error err;
	err.msg[0] = '\0';
	CHECK(rf_batch_plan_read(put(dir, "p.json", text), &plan, &err) == -1);
	CHECK_MSG(strstr(err.msg, want) != NULL, "error '%s' lacks '%s'", err.msg, want);
	rf_batch_plan_free(&plan);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	if (f) {
		size_t n = fread(buf, 1, 65535, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

int main(void)
{
	char dir[] = "/tmp/rfplan-test-batch.XXXXXX";
	struct rf_batch_plan plan;
	struct rf_error err;
	TEST_PLAN(5);

	if (!mkdtemp(dir)) {
		test_fail_rest("test_batch", "mkdtemp /tmp/rfplan-test-batch.XXXXXX failed");
		return test_exit_status();
	}

	TEST_BEGIN("batch: defaults overlaid with each region, paths relative to the plan");
	{
		const char *p = put(dir, "plan.json",
			"{ \"rsrp_threshold_dbm\": -95,\n"
			"  \"defaults\": { \"dem\": \"d.tif\", \"sites\": \"/abs/s.csv\",\n"
			"    \"predict\": { \"model\": \"hata\", \"radius_km\": 5, \"load\": 0.5 } },\n"
			"  \"regions\": [\n"
			"    { \"name\": \"a\" },\n"
			"    { \"name\": \"b\", \"dem\": [\"x.tif\", \"y.tif\"], \"res\": \"30m\",\n"
			"      \"bounds\": [105.5, -10.6, 105.7, -10.4],\n"
			"      \"predict\": { \"radius_km\": 2, \"rsrp_classes_dbm\": [-110, -90],\n"
			"        \"default_cell\": { \"frequency_mhz\": 700 } } } ] }\n");
		int rc = rf_batch_plan_read(p, &plan, &err);
		CHECK_MSG(rc == 0, "%s", err.msg);
		if (rc == 0) {
			char want[600];
			const struct rf_batch_region *a = &plan.regions[0], *b = &plan.regions[1];
			CHECK(plan.n_regions == 2);
			CHECK_NEAR(plan.rsrp_threshold_dbm, -95, 0);
			CHECK(!strcmp(a->name, "a") && !strcmp(b->name, "b"));
			snprintf(want, sizeof(want), "%s/d.tif", dir);
			CHECK(a->import.n_dem == 1 && !strcmp(a->import.dem_paths[0], want));
			CHECK(!strcmp(a->import.sites_path, "/abs/s.csv"));
			CHECK(a->predict.engine.model.model == RF_MODEL_HATA);
			CHECK_NEAR(a->predict.engine.radius_km, 5, 0);
			CHECK_NEAR(a->predict.lte.load, 0.5, 0);
			/* b: its own DEMs, radius and classes; model and load inherited. */
			snprintf(want, sizeof(want), "%s/y.tif", dir);
			CHECK(b->import.n_dem == 2 && !strcmp(b->import.dem_paths[1], want));
			CHECK(b->import.res_mode == RF_RES_METRES);
			CHECK_NEAR(b->import.res_value, 30, 0);
			CHECK(b->import.has_bounds);
			CHECK_NEAR(b->import.bounds.south_deg, -10.6, 0);
			CHECK(b->predict.engine.model.model == RF_MODEL_HATA);
			CHECK_NEAR(b->predict.engine.radius_km, 2, 0);
			CHECK_NEAR(b->predict.lte.load, 0.5, 0);
			/* edges sorted descending */
			CHECK(b->predict.n_rsrp_edges == 2);
			CHECK_NEAR(b->predict.rsrp_edges[0], -90, 0);
			CHECK_NEAR(b->predict.rsrp_edges[1], -110, 0);
			CHECK_NEAR(b->cell_defaults.frequency_mhz, 700, 0);
			/* a's defaults untouched by b's */
			CHECK(a->predict.n_rsrp_edges == 5);
			CHECK(strcmp(a->canonical, b->canonical) != 0);
		}
		rf_batch_plan_free(&plan);
	}
	TEST_END();

	TEST_BEGIN("batch: plan errors name the JSON path");
	plan_error(dir, "{ \"regions\": [ { \"name\": \"a\", \"dem\": \"x\" }, { \"name\": \"b\" } ] }",
		   "p.json: regions[1].dem: missing");
	plan_error(dir, "{ \"regions\": [ { \"dem\": \"x\" } ] }", "regions[0].name: missing");
	plan_error(dir, "{ \"regions\": [ { \"name\": \"a\", \"dem\": \"x\" }, "
		   "{ \"name\": \"a\", \"dem\": \"y\" } ] }", "regions[1].name: 'a' is also");
	plan_error(dir, "{ \"regions\": [ { \"name\": \"a/b\", \"dem\": \"x\" } ] }",
		   "regions[0].name: 'a/b'");
	plan_error(dir, "{ \"defaults\": { \"predict\": { \"model\": \"foo\" } }, "
		   "\"regions\": [ { \"name\": \"a\", \"dem\": \"x\" } ] }",
		   "defaults.predict.model: unknown model 'foo'");
	plan_error(dir, "{ \"regions\": [ { \"name\": \"a\", \"dem\": \"x\", "
		   "\"predict\": { \"load\": 2 } } ] }", "regions[0].predict.load: not a number in [0, 1]");
	plan_error(dir, "{ \"regions\": [ { \"name\": \"a\", \"dem\": \"x\", \"clutter\": \"c\" } ] }",
		   "regions[0].clutter: needs clutter_classes");
	plan_error(dir, "{ \"regions\": [] }", "p.json: regions: not a non-empty array");
	plan_error(dir, "{ \"regions\": [ { \"name\": \"a\", \"dem\": \"x\", \"res\": \"fine\" } ] }",
		   "regions[0].res: not");
	/* Line 2, column 12 of "{\n  \"regions\" [" is where jansson expects ':'. */
	plan_error(dir, "{\n  \"regions\" [] }", "p.json:2:");
	TEST_END();

	TEST_BEGIN("batch: junit.xml escapes the region's error message");
	{
		const char *p = put(dir, "plan.json",
			"{ \"regions\": [ { \"name\": \"r1\", \"dem\": \"x\" },"
			" { \"name\": \"r2\", \"dem\": \"y\" } ] }");
		struct rf_batch_result res[2];
		char *x, path[600];
		memset(res, 0, sizeof(res));
		CHECK(rf_batch_plan_read(p, &plan, &err) == 0);
		res[0].status = RF_BATCH_FAILED;
		snprintf(res[0].message, sizeof(res[0].message), "a<b & \"c\"\x01");
		res[1].status = RF_BATCH_OK;
		res[1].n_cells = 3;
		CHECK(rf_batch_write_reports(&plan, res, dir, &err) == 0);
		snprintf(path, sizeof(path), "%s/junit.xml", dir);
		x = slurp(path);
		/* \x01 is not an XML 1.0 character: U+FFFD (doc/outputs.md) */
		CHECK(strstr(x, "message=\"a&lt;b &amp; &quot;c&quot;\xef\xbf\xbd\"") != NULL);
		CHECK(strstr(x, "tests=\"2\" failures=\"1\"") != NULL);
		CHECK(strstr(x, "<testcase classname=\"rfplan.batch\" name=\"r2\"") != NULL);
		free(x);
		snprintf(path, sizeof(path), "%s/summary.json", dir);
		x = slurp(path);
		CHECK(strstr(x, "\"regions_failed\": 1") != NULL);
		free(x);
		rf_batch_plan_free(&plan);
	}
	TEST_END();

	TEST_BEGIN("tiles: near-square layout, the tiles cover the grid once");
	{
		struct rf_window t;
		int nx, ny, area = 0;
		/* 575 x 536, 4 tiles: sqrt(4 * 575 / 536) = 2.07 -> 2 x 2. */
		rf_tile_layout(575, 536, 4, &nx, &ny);
		CHECK(nx == 2 && ny == 2);
		/* 2 tiles: sqrt(2.15) = 1.46, divisors 1 (0.46 away) and 2 (0.54)
		 * -> 1 column, 2 bands of rows. */
		rf_tile_layout(575, 536, 2, &nx, &ny);
		CHECK(nx == 1 && ny == 2);
		/* 1000 x 100, 10 tiles: sqrt(100) = 10 -> 10 columns x 1 row. */
		rf_tile_layout(1000, 100, 10, &nx, &ny);
		CHECK(nx == 10 && ny == 1);
		/* 7 (prime) on a square: 1 x 7 or 7 x 1; sqrt(7) = 2.65, 1 is nearer. */
		rf_tile_layout(100, 100, 7, &nx, &ny);
		CHECK(nx == 1 && ny == 7);
		/* 10 x 10 rows, 3 bands: floor(10 k / 3) = 0, 3, 6, 10. */
		rf_tile_window(10, 10, 3, 3, &t);
		CHECK(t.x0 == 0 && t.width == 10 && t.y0 == 6 && t.height == 4);
		/* 575 x 536 in 2 x 2: tile 4 = column 1, row 1: x from floor(575/2)
		 * = 287 (288 wide), y from 268 (268 high). */
		rf_tile_window(575, 536, 4, 4, &t);
		CHECK(t.x0 == 287 && t.width == 288 && t.y0 == 268 && t.height == 268);
		for (int k = 1; k <= 12; k++) {
			rf_tile_window(575, 536, k, 12, &t);
			area += t.width * t.height;
		}
		CHECK(area == 575 * 536);
	}
	TEST_END();

	/* Areas that add up could still hide an overlap and a gap of the same
	 * size: paint every tile into a counter per pixel and require exactly
	 * one tile on each pixel, for prime, square, wide, tall and 1-pixel
	 * regions and tile counts up to one tile per row or column. */
	TEST_BEGIN("tiles: every pixel of the region is in exactly one tile (no overlap, no gap)");
	{
		static const int dims[][2] = { { 575, 536 }, { 10, 10 }, { 1000, 100 }, { 97, 1 },
					       { 1, 53 }, { 7, 13 }, { 1, 1 } };
		static const int counts[] = { 1, 2, 3, 4, 5, 6, 7, 9, 12, 16, 50 };
		int layouts = 0;
		for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
			for (size_t j = 0; j < sizeof(counts) / sizeof(counts[0]); j++) {
				int w = dims[i][0], h = dims[i][1], n = counts[j], bad = 0, nx, ny;
				unsigned char *hits;
				if (n > w * h)
					continue;
				rf_tile_layout(w, h, n, &nx, &ny);
				CHECK_MSG(nx * ny == n && nx <= w && ny <= h,
					  "%dx%d in %d tiles: layout %d x %d", w, h, n, nx, ny);
				if (nx * ny != n || nx > w || ny > h)
					continue;
				hits = calloc((size_t)w * h, 1);
				CHECK(hits != NULL);
				if (!hits)
					continue;
				for (int k = 1; k <= n; k++) {
					struct rf_window t;
					rf_tile_window(w, h, k, n, &t);
					CHECK_MSG(t.x0 >= 0 && t.y0 >= 0 && t.width > 0 && t.height > 0 &&
						  t.x0 + t.width <= w && t.y0 + t.height <= h,
						  "%dx%d tile %d/%d: %d,%d %dx%d outside the region", w, h,
						  k, n, t.x0, t.y0, t.width, t.height);
					for (int y = t.y0; y < t.y0 + t.height && y < h; y++)
						for (int x = t.x0; x < t.x0 + t.width && x < w; x++)
							if (x >= 0 && y >= 0 && hits[(size_t)y * w + x] < 255)
								hits[(size_t)y * w + x]++;
				}
				for (size_t p = 0; p < (size_t)w * h; p++)
					bad += hits[p] != 1;
				CHECK_MSG(bad == 0, "%dx%d in %d tiles: %d pixels not covered exactly once",
					  w, h, n, bad);
				free(hits);
				layouts++;
			}
		/* 7 regions x 11 counts, less the counts above a region's pixels
		 * (97x1: none; 1x53: 50 <= 53; 7x13: 91 >= 50; 1x1: only n = 1):
		 * 77 - 10 = 67 layouts. */
		CHECK_MSG(layouts == 67, "checked %d layouts, want 67", layouts);
	}
	TEST_END();

	{
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return test_exit_status();
}

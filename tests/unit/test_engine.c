/* Coverage engine and cells: a flat synthetic DEM made here with GDAL,
 * imported with rf_import.  Expected values: free-space loss by hand
 * (ITU-R P.525) with distances from PROJ's geod_inverse; invariants (void
 * interpolation equals the void-free DEM; 1 vs 2 threads bit for bit). */
#include "check.h"
#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/import.h"
#include "rfplan/profile.h"
#include "rfplan/workspace.h"

#include <gdal.h>
#include <geodesic.h>
#include <unistd.h>

/* 100 x 100 pixels of 0.001 deg from 147.0 E, -42.0 N; flat at 50 m; with
 * void_block, pixels cols 60..62 rows 48..52 are nodata (-32768). */
/* void_block: 0 flat 50 m, 1 flat with a void block, 2 hills (50 +- 40 m). */
static int make_dem(const char *path, int void_block)
{
	GDALDriverH drv = GDALGetDriverByName("GTiff");
	GDALDatasetH ds = GDALCreate(drv, path, 100, 100, 1, GDT_Float32, NULL);
	double gt[6] = { 147.0, 0.001, 0, -42.0, 0, -0.001 };
	float *z = malloc(100 * 100 * sizeof(float));
	GDALRasterBandH b;
	int rc;
	if (!ds)
		return -1;
	GDALSetGeoTransform(ds, gt);
	GDALSetProjection(ds, "EPSG:4326");
	b = GDALGetRasterBand(ds, 1);
	GDALSetRasterNoDataValue(b, -32768);
	for (int i = 0; i < 100 * 100; i++)
		z[i] = void_block == 2 ? (float)(50.0 + 40.0 * sin(0.37 * (i % 100)) *
						cos(0.23 * (i / 100))) : 50.0f;
	if (void_block == 1)
		for (int r = 48; r <= 52; r++)
			for (int c = 60; c <= 62; c++)
				z[r * 100 + c] = -32768.0f;
	rc = GDALRasterIO(b, GF_Write, 0, 0, 100, 100, z, 100, 100, GDT_Float32, 0, 0) == CE_None ? 0 : -1;
	GDALClose(ds);
	free(z);
	return rc;
}

static int make_workspace(const char *dir, const char *name, int void_block,
			  struct rf_workspace *ws)
{
	char dem[512], sites[512], wdir[512];
	const char *dems[1];
	struct rf_import_options o;
	struct rf_log log;
	struct rf_error err;
	FILE *f;
	int rc;
	snprintf(dem, sizeof(dem), "%s/%s.tif", dir, name);
	snprintf(sites, sizeof(sites), "%s/sites.csv", dir);
	snprintf(wdir, sizeof(wdir), "%s/%s", dir, name);
	if (make_dem(dem, void_block))
		return -1;
	f = fopen(sites, "w");
	if (!f)
		return -1;
	/* Site at a pixel centre (col 50, row 50): 147.0505 E, -42.0505 N. */
	fprintf(f, "site_id,name,lat,lon\nS1,one,-42.0505,147.0505\nS2,two,-42.0205,147.0205\n");
	fclose(f);
	rf_import_options_default(&o);
	dems[0] = dem;
	o.dem_paths = dems;
	o.n_dem = 1;
	o.sites_path = sites;
	o.sites.format = RF_SITES_GENERIC;
	o.sites.col_id = "site_id";
	o.sites.col_lat = "lat";
	o.sites.col_lon = "lon";
	o.workdir = wdir;
	rf_log_init(&log, 0);
	rc = rf_import(&o, &log, &err);
	rf_log_free(&log);
	if (rc) {
		fprintf(stderr, "  import: %s\n", err.msg);
		return -1;
	}
	if (rf_workspace_open(wdir, ws, &err)) {
		fprintf(stderr, "  open: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_cells(const char *dir, const struct rf_workspace *ws)
{
	struct rf_cell_defaults d;
	struct rf_cells cs;
	struct rf_error err;
	char path[512], spec[128];

	snprintf(path, sizeof(path), "%s/cells.csv", dir);
	rf_cell_defaults_init(&d);

	TEST_BEGIN("cells: columns by name, defaults, RS EPRE");
	write_file(path, "cell_id,site_id,frequency_mhz,bandwidth_mhz,rs_epre_dbm,antenna,gain_dbi\n"
			 "a,S1,800,20,,,\n"
			 "b,S1,,,18.5,sector,15\n"
			 "c,S2,,,,sector:65:10:25,15\n");
	CHECK_MSG(rf_cells_read(path, &ws->sites, &d, &cs, &err) == 0, "%s", err.msg);
	CHECK(cs.count == 3);
	if (cs.count == 3) {
		CHECK(cs.items[0].n_rb == 100);
		/* 43 dBm over 1200 subcarriers: 43 - 30.7918 */
		CHECK_NEAR(cs.items[0].rs_epre_dbm, 12.2082, 1e-3);
		CHECK_NEAR(cs.items[1].frequency_mhz, 1800, 0);
		CHECK_NEAR(cs.items[1].rs_epre_dbm, 18.5, 0);
		CHECK_NEAR(cs.items[1].height_agl_m, 30, 0);
		CHECK(cs.items[0].pci == -1);
		CHECK(cs.n_antennas == 3);
	}
	rf_cells_free(&cs);
	TEST_END();

	TEST_BEGIN("cells: errors name the line and the value");
	write_file(path, "site_id,cell_id\nS1,1\nS9,2\n");
	CHECK(rf_cells_read(path, &ws->sites, &d, &cs, &err) == -1);
	CHECK(strstr(err.msg, "cells.csv:3") && strstr(err.msg, "'S9'"));
	write_file(path, "site_id,bandwidth_mhz\nS1,12\n");
	CHECK(rf_cells_read(path, &ws->sites, &d, &cs, &err) == -1);
	CHECK(strstr(err.msg, "cells.csv:2") && strstr(err.msg, "bandwidth_mhz"));
	write_file(path, "site_id,cell_id\nS1,1\nS1,1\n");
	CHECK(rf_cells_read(path, &ws->sites, &d, &cs, &err) == -1);
	CHECK(strstr(err.msg, "already defined"));
	write_file(path, "site_id,antenna\nS1,missing.msi\n");
	CHECK(rf_cells_read(path, &ws->sites, &d, &cs, &err) == -1);
	CHECK(strstr(err.msg, "missing.msi"));
	write_file(path, "site_id,cell_id\n");
	CHECK(rf_cells_read(path, &ws->sites, &d, &cs, &err) == -1);
	CHECK(strstr(err.msg, "no cells"));
	TEST_END();

	TEST_BEGIN("cells: --default-cell parsing");
	snprintf(spec, sizeof(spec), "frequency_mhz=2600,bandwidth_mhz=5,pci=7");
	CHECK(rf_cell_defaults_parse(spec, &d, &err) == 0);
	CHECK(d.frequency_mhz == 2600 && d.bandwidth_mhz == 5 && d.pci == 7);
	snprintf(spec, sizeof(spec), "bandwidth_mhz=4");
	CHECK(rf_cell_defaults_parse(spec, &d, &err) == -1);
	snprintf(spec, sizeof(spec), "colour=red");
	CHECK(rf_cell_defaults_parse(spec, &d, &err) == -1 && strstr(err.msg, "colour"));
	TEST_END();
}

/* One cell S1 with the given antenna spec, located on the DEM. */
static int one_cell(const struct rf_workspace *ws, const char *antenna, double gain_dbi,
		    struct rf_cells *cs)
{
	struct rf_cell_defaults d;
	struct rf_sites one = { ws->sites.items, 1 };
	struct rf_error err;
	char *dem = rf_workspace_path(ws, "dem.tif");
	int rc;
	rf_cell_defaults_init(&d);
	d.antenna = antenna;
	d.gain_dbi = gain_dbi;
	d.azimuth_deg = 90;
	rc = rf_cells_from_sites(&one, &d, cs, &err) || rf_cells_locate(cs, dem, NULL, &err);
	free(dem);
	if (rc)
		fprintf(stderr, "  cells: %s\n", err.msg);
	return rc ? -1 : 0;
}

static void test_engine(const struct rf_workspace *ws, const struct rf_workspace *ws_void,
			const struct rf_workspace *ws_hills)
{
	struct rf_engine_options o;
	struct rf_engine e1, e2;
	struct rf_cells cs;
	struct rf_cell_result r1, r2;
	struct rf_error err;
	double ground[4096], clutter[4096], loss, gain;
	unsigned warn = 0;
	int idx = 0, have_cell, have_e1;

	rf_engine_options_default(&o);
	o.radius_km = 3;
	rf_model_parse("fspl", &o.model.model);
	/* A failed set-up fails each case that needs it (never a silent
	 * return: the cases would vanish). */
	have_cell = one_cell(ws, "", 0, &cs) == 0;
	have_e1 = have_cell && rf_engine_open(&e1, ws, &cs, &o, NULL, &err) == 0;

	TEST_BEGIN("engine: free-space loss by hand (P.525) with geod_inverse distance");
	CHECK_MSG(have_cell, "set-up: cell S1 not made");
	CHECK_MSG(have_e1 || !have_cell, "set-up: rf_engine_open: %s", err.msg);
	if (have_e1) {
		struct geod_geodesic g;
		int cols[3] = { 10, 40, 5 }, rows[3] = { 10, 30, 55 };
		geod_init(&g, 6378137, 1 / 298.257223563);
		for (int k = 0; k < 3; k++) {
			double lat = rf_grid_lat_deg(&e1.grid, rows[k]);
			double lon = rf_grid_lon_deg(&e1.grid, cols[k]);
			double d_m, a1, a2;
			geod_inverse(&g, -42.0505, 147.0505, lat, lon, &d_m, &a1, &a2);
			CHECK(rf_engine_pixel(&e1, 0, cols[k], rows[k], ground, clutter, &loss,
					      &gain, &warn, &err) == 0);
			if (d_m > 3000) {
				CHECK(isnan(loss));
				continue;
			}
			/* 32.45 + 20 log10(1800) + 20 log10(d_km) */
			CHECK_NEAR(loss, 32.45 + 20 * log10(1800) + 20 * log10(d_m / 1000), 0.05);
			CHECK_NEAR(gain, 0.0, 1e-9);
		}
	}
	TEST_END();

	TEST_BEGIN("engine: 1 and 2 threads give identical bits");
	CHECK_MSG(have_e1, "set-up failed (see the free-space case)");
	if (have_e1) {
		int rc1, rc2;
		e1.opts.threads = 1;
		CHECK((rc1 = rf_engine_compute(&e1, &idx, 1, &r1, NULL, &err)) == 0);
		e1.opts.threads = 2;
		CHECK((rc2 = rf_engine_compute(&e1, &idx, 1, &r2, NULL, &err)) == 0);
		if (rc1 == 0 && rc2 == 0) {
			size_t n = (size_t)r1.win.width * r1.win.height;
			CHECK(r1.win.width == r2.win.width && r1.win.height == r2.win.height);
			CHECK(!memcmp(r1.loss_db, r2.loss_db, n * sizeof(float)));
			CHECK(!memcmp(r1.gain_dbi, r2.gain_dbi, n * sizeof(float)));
		}
		if (rc1 == 0)
			rf_cell_result_free(&r1);
		if (rc2 == 0)
			rf_cell_result_free(&r2);
	}
	TEST_END();

	TEST_BEGIN("engine: a void on the path is interpolated, a void receiver is nodata");
	rf_model_parse("los", &o.model.model);
	CHECK_MSG(have_e1, "set-up failed (see the free-space case)");
	if (have_e1)
		e1.opts.model.model = RF_MODEL_LOS;
	if (have_e1 && rf_engine_open(&e2, ws_void, &cs, &o, NULL, &err) == 0) {
		double l1, l2, g1, g2;
		/* Row 50 east of the site (col 50) crosses the void at cols
		 * 60..62; the receiver at 147.0755 E is beyond it. */
		int col = (int)floor(rf_grid_col(&e2.grid, 147.0755) + 0.5);
		int row = (int)floor(rf_grid_row(&e2.grid, -42.0505) + 0.5);
		int vcol = (int)floor(rf_grid_col(&e2.grid, 147.0615) + 0.5);
		int col1 = (int)floor(rf_grid_col(&e1.grid, 147.0755) + 0.5);
		int row1 = (int)floor(rf_grid_row(&e1.grid, -42.0505) + 0.5);
		CHECK(rf_engine_pixel(&e1, 0, col1, row1, ground, clutter, &l1, &g1, &warn, &err) == 0);
		CHECK(rf_engine_pixel(&e2, 0, col, row, ground, clutter, &l2, &g2, &warn, &err) == 0);
		CHECK(!isnan(l2));
		/* The profile just sampled (at least the first 2 km of it) is
		 * 50 m everywhere: the void was bridged from 50 to 50 m. */
		{
			int n = rf_profile_points(&e2.grid, -42.0505, 2000.0), bad = 0;
			for (int i = 0; i < n; i++)
				bad += !(fabs(ground[i] - 50.0) < 1e-9);
			CHECK(bad == 0);
		}
		CHECK_NEAR(l2, l1, 1e-9);
		CHECK(rf_engine_pixel(&e2, 0, vcol, row, ground, clutter, &l2, &g2, &warn, &err) == 0);
		CHECK(isnan(l2));
		rf_engine_close(&e2);
	} else if (have_e1) {
		CHECK_MSG(0, "open: %s", err.msg);
	}
	TEST_END();
	if (have_e1)
		rf_engine_close(&e1);
	if (have_cell)
		rf_cells_free(&cs);

	/* A pixel's value must not depend on which other cells run (they
	 * change the engine grid's origin): cell S1 alone, then S1 + S2, ITM
	 * (which reacts to last-bit changes of its inputs). */
	TEST_BEGIN("engine: a cell's values are the same bits alone and with other cells");
	{
		struct rf_cells both;
		struct rf_cell_defaults d;
		char *dem = rf_workspace_path(ws_hills, "dem.tif");
		int idx0 = 0;
		rf_engine_options_default(&o);
		o.radius_km = 3;
		o.model.model = RF_MODEL_ITM;
		rf_cell_defaults_init(&d);
		if (one_cell(ws_hills, "", 0, &cs) == 0 &&
		    rf_cells_from_sites(&ws_hills->sites, &d, &both, &err) == 0 &&
		    rf_cells_locate(&both, dem, NULL, &err) == 0 &&
		    rf_engine_open(&e1, ws_hills, &cs, &o, NULL, &err) == 0) {
			if (rf_engine_open(&e2, ws_hills, &both, &o, NULL, &err) == 0) {
				CHECK(e1.ux0 != e2.ux0 || e1.uy0 != e2.uy0);
				CHECK(rf_engine_compute(&e1, &idx0, 1, &r1, NULL, &err) == 0);
				CHECK(rf_engine_compute(&e2, &idx0, 1, &r2, NULL, &err) == 0);
				CHECK(r1.win.width == r2.win.width && r1.win.height == r2.win.height);
				if (r1.win.width == r2.win.width && r1.win.height == r2.win.height) {
					size_t n = (size_t)r1.win.width * r1.win.height;
					CHECK(!memcmp(r1.loss_db, r2.loss_db, n * sizeof(float)));
				}
				rf_cell_result_free(&r1);
				rf_cell_result_free(&r2);
				rf_engine_close(&e2);
			} else {
				CHECK_MSG(0, "set-up: rf_engine_open (both cells): %s", err.msg);
			}
			rf_engine_close(&e1);
			rf_cells_free(&both);
		} else {
			CHECK_MSG(0, "set-up: %s", err.msg);
		}
		rf_cells_free(&cs);
		free(dem);
	}
	TEST_END();

	TEST_BEGIN("engine: sector antenna gain toward the back is peak - 25 dB");
	/* TR 36.814: A_H(180 deg) = -min(12 (180/65)^2, 25) = -25 and the
	 * total attenuation is capped at Am = 25 dB: 15 - 25 = -10 dBi. */
	have_cell = one_cell(ws, "sector", 15, &cs) == 0;
	CHECK_MSG(have_cell, "set-up: sector cell S1 not made");
	if (have_cell) {
		rf_model_parse("fspl", &o.model.model);
		have_e1 = rf_engine_open(&e1, ws, &cs, &o, NULL, &err) == 0;
		CHECK_MSG(have_e1, "set-up: rf_engine_open: %s", err.msg);
		if (have_e1) {
			int row = (int)floor(rf_grid_row(&e1.grid, -42.0505) + 0.5);
			int west = (int)floor(rf_grid_col(&e1.grid, 147.0305) + 0.5);
			CHECK(rf_engine_pixel(&e1, 0, west, row, ground, clutter, &loss, &gain,
					      &warn, &err) == 0);
			CHECK_NEAR(gain, -10.0, 0.01);
			rf_engine_close(&e1);
		}
		rf_cells_free(&cs);
	}
	TEST_END();
}

int main(void)
{
	char dir[] = "/tmp/rfplan-test-engine.XXXXXX";
	struct rf_workspace ws, ws_void, ws_hills;
	char cmd[600];
	TEST_PLAN(8);

	GDALAllRegister();
	if (!mkdtemp(dir)) {
		test_fail_rest("test_engine", "mkdtemp /tmp/rfplan-test-engine.XXXXXX failed");
		return test_exit_status();
	}
	if (make_workspace(dir, "flat", 0, &ws) || make_workspace(dir, "holes", 1, &ws_void) ||
	    make_workspace(dir, "hills", 2, &ws_hills)) {
		test_fail_rest("test_engine", "could not build the synthetic workspaces");
	} else {
		test_cells(dir, &ws);
		test_engine(&ws, &ws_void, &ws_hills);
		rf_workspace_close(&ws);
		rf_workspace_close(&ws_void);
		rf_workspace_close(&ws_hills);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "  could not remove %s\n", dir);
	return test_exit_status();
}

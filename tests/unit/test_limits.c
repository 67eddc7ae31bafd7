/* Memory estimates and limits (limits.h): the estimate of a hand-built
 * engine against a hand computation, the estimate against the peak RSS of
 * real `rfplan predict` runs on a real DEM (the kernel's count, not the
 * formula), the refusal message, the RFPLAN_MAX_MEMORY_MB override, and the
 * import's grid check. */
#include "check.h"
#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/gis.h"
#include "rfplan/limits.h"
#include "rfplan/predict.h"
#include "rfplan/workspace.h"

#include <gdal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run argv (stdout and stderr to /dev/null); the child's peak resident set
 * in KiB (getrusage's ru_maxrss, from wait4), or -1 when it did not exit 0. */
static long run_peak_rss_kib(char *const argv[])
{
	struct rusage ru;
	int status;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return ru.ru_maxrss;
}

/* The estimate rfplan predict WS --radius R --threads 2 makes (one default
 * cell per site, as predict without cells.csv; all products, the service
 * maps on, as predict's defaults), in bytes; 0 on error. */
static uint64_t estimate_for(const struct rf_workspace *ws, double radius_km)
{
	struct rf_engine_options o;
	struct rf_cell_defaults d;
	struct rf_cells cs;
	struct rf_engine e;
	struct rf_mem_estimate est;
	struct rf_error err = { "" };
	char *dem = rf_workspace_path(ws, "dem.tif");
	int rc;
	rf_engine_options_default(&o);
	o.radius_km = radius_km;
	o.threads = 2;
	rf_model_parse("fspl", &o.model.model);
	rf_cell_defaults_init(&d);
	rc = rf_cells_from_sites(&ws->sites, &d, &cs, &err) || rf_cells_locate(&cs, dem, NULL, &err);
	free(dem);
	if (rc) {
		fprintf(stderr, "  cells: %s\n", err.msg);
		return 0;
	}
	rc = rf_engine_open(&e, ws, &cs, &o, NULL, &err);
	if (rc == 0) {
		struct rf_mem_products p = { RF_PRODUCTS_ALL, 1, 0, 0, 1,
					     RF_REPORT_WIDTH_DEFAULT };
		rf_limits_predict_estimate(&e, &p, &est);
		rf_engine_close(&e);
	} else {
		fprintf(stderr, "  engine: %s\n", err.msg);
	}
	rf_cells_free(&cs);
	return rc ? 0 : est.total_bytes;
}

/* Peak RSS of real runs: 20 sites on GA's 1" DEM (720 x 720 pixels,
 * qld_1sec_wgs84.tif), free space, 2 threads, all products, radius 0.5 km
 * (the output grid, the union of the windows, already most of the DEM;
 * the cells almost nothing) and 8 km (windows of about 580 x 520 pixels per
 * cell).  Each run's estimate, the process itself included, must cover its
 * peak (a limit check on an estimate below the real need lets through runs
 * that do not fit) and not exceed 3 times it (the estimate would refuse
 * runs that fit).  The estimate is the larger of the computing and the
 * writing phase, so the difference of two estimates is not the difference
 * of what the runs hold: each run is checked whole. */
static void test_real_rss(void)
{
	char dempath[512], dir[] = "/tmp/rfplan-test-limits.XXXXXX", sites[600], wdir[600];
	char rfplan[600], out[600], radius[16];
	const char *build = getenv("BUILD");
	struct rf_workspace ws;
	FILE *f;

	TEST_BEGIN("limits: the estimate covers a real predict's peak RSS (GA 1\" DEM, 20 cells)");
#if defined(__SANITIZE_ADDRESS__)
	SKIP("AddressSanitizer build: its shadow memory and quarantine are in every RSS");
	TEST_END();
	return;
#endif
	if (!test_data_path(dempath, sizeof(dempath), "dem/qld_1sec_wgs84.tif")) {
		TEST_END();
		return;
	}
	GDALAllRegister();
	snprintf(rfplan, sizeof(rfplan), "%s/rfplan", build && *build ? build : "build");
	CHECK_MSG(access(rfplan, X_OK) == 0, "set-up: %s not built (BUILD=%s)", rfplan,
		  build ? build : "");
	CHECK_MSG(mkdtemp(dir) != NULL, "set-up: mkdtemp");
	if (check_state.failed_checks) {
		TEST_END();
		return;
	}
	snprintf(sites, sizeof(sites), "%s/sites.csv", dir);
	snprintf(wdir, sizeof(wdir), "%s/ws", dir);
	f = fopen(sites, "w");
	CHECK_MSG(f != NULL, "set-up: cannot write %s", sites);
	if (f) {
		/* 5 x 4 sites inside the DEM (-23.2..-23.4 N, 143.2..143.4 E) */
		fprintf(f, "id,lat,lon\n");
		for (int i = 0; i < 5; i++)
			for (int j = 0; j < 4; j++)
				fprintf(f, "S%d%d,%.4f,%.4f\n", i, j, -23.22 - 0.04 * i,
					143.22 + 0.05 * j);
		fclose(f);
		char *imp[] = { rfplan, "import", "--dem", dempath, "--sites", sites,
				"--sites-format", "generic", "-q", "-o", wdir, NULL };
		CHECK_MSG(run_peak_rss_kib(imp) > 0, "set-up: rfplan import failed");
	}
	if (!check_state.failed_checks && rf_workspace_open(wdir, &ws, &(struct rf_error){ "" }) == 0) {
		long rss[2];
		uint64_t est[2];
		const double radii[2] = { 0.5, 8.0 };
		for (int k = 0; k < 2; k++) {
			snprintf(out, sizeof(out), "%s/p%d", dir, k);
			snprintf(radius, sizeof(radius), "%g", radii[k]);
			char *pred[] = { rfplan, "predict", wdir, "--model", "fspl", "--radius", radius,
					 "--threads", "2", "-q", "-o", out, NULL };
			rss[k] = run_peak_rss_kib(pred);
			est[k] = estimate_for(&ws, radii[k]);
			CHECK_MSG(rss[k] > 0, "rfplan predict --radius %s failed", radius);
			CHECK_MSG(est[k] > 0, "no estimate for --radius %s", radius);
		}
		for (int k = 0; k < 2; k++) {
			if (rss[k] <= 0 || !est[k])
				continue;
			fprintf(stderr, "  --radius %g: peak RSS %.1f MiB, estimate %.1f MiB\n",
				radii[k], rss[k] / 1024.0, est[k] / 1048576.0);
			CHECK_MSG(est[k] >= (uint64_t)rss[k] * 1024, "--radius %g: estimate %.1f MiB "
				  "below the peak RSS %.1f MiB", radii[k], est[k] / 1048576.0,
				  rss[k] / 1024.0);
			CHECK_MSG(est[k] <= 3 * (uint64_t)rss[k] * 1024, "--radius %g: estimate %.1f "
				  "MiB over 3 x the peak RSS %.1f MiB", radii[k], est[k] / 1048576.0,
				  rss[k] / 1024.0);
		}
		if (rss[0] > 0 && rss[1] > 0)
			CHECK_MSG(rss[1] - rss[0] > 10 * 1024, "the 8 km run took only %.1f MiB more",
				  (rss[1] - rss[0]) / 1024.0);
		rf_workspace_close(&ws);
	} else if (!check_state.failed_checks) {
		CHECK_MSG(0, "set-up: cannot open the workspace %s", wdir);
	}
	{
		char cmd[700];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "  could not remove %s\n", dir);
	}
	TEST_END();
}

int main(void)
{
	struct rf_engine eng;
	struct rf_cells cells;
	struct rf_cell items[2];
	struct rf_window wins[2] = { { 0, 0, 100, 50 }, { 60, 30, 40, 20 } };
	struct rf_mem_estimate e;
	struct rf_error err = { "" };
	TEST_PLAN(7);

	memset(&eng, 0, sizeof(eng));
	memset(&cells, 0, sizeof(cells));
	memset(items, 0, sizeof(items));
	cells.items = items;
	cells.count = 2;
	eng.cells = &cells;
	eng.windows = wins;
	eng.grid.width = 100;
	eng.grid.height = 50;
	eng.max_points = 1000;
	eng.opts.threads = 2;

	TEST_BEGIN("limits: predict estimate equals the hand computation");
	/* Windows 100x50 = 5000 px and 40x20 = 800 px, rows 50 + 20 = 70.
	 * Bounding box of the windows 100x50, plus 2 px each side: 104 x 54.
	 *   terrain = 104*54*(4+2) + 2*65536*4 = 33696 + 524288 = 557984
	 *   cells   = (5000+800)*8 + 70*8     = 46400 + 560     = 46960
	 *   maps    = 100*50*(4*4+2*2)        = 5000*20         = 100000
	 *   threads = 2 * (1000*16 + 2*8)     = 2 * 16016       = 32032
	 * computing: cells + threads = 78992; combining: each cell's RSRP
	 * (5800*4 = 23200) + maps = 123200, the larger;
	 *   total   = 58 MiB (60817408) + 557984 + 123200 = 61498592 */
	rf_limits_predict_estimate(&eng, NULL, &e);
	CHECK(e.terrain_bytes == 557984);
	CHECK(e.cells_bytes == 46960);
	CHECK(e.maps_bytes == 100000);
	CHECK(e.threads_bytes == 32032);
	CHECK(e.base_bytes == 60817408);
	CHECK(e.total_bytes == 61498592);
	TEST_END();

	TEST_BEGIN("limits: the products' terms equal the hand computation (all products, maps)");
	{
		/* The grid 100 x 50 pixels of 0.001 deg centred on the equator
		 * (the report's aspect 50/100 = 0.5); 2 threads; 5000 px.
		 * Jobs, bytes (B/px x 5000): rsrp, sinr, rsrq 9 -> 45000 each;
		 * overlap, best_server 5 -> 25000; KMZ PNG 12 -> 60000; service:
		 * cqi, ul_rbs, ul_limited 25000, pdsch_sinr, ul_sinr, ul 45000,
		 * DL throughput (tif then PNG) 60000; GeoPackage 5 -> 25000;
		 * report 2 -> 10000 + canvas 400 x (400 x 0.5 + 400) x 10 =
		 * 2400000 -> 2410000.  The two largest: 2410000 + 60000.
		 *   service = 5000 x 19 = 95000
		 *   writing = 5800 x 4 + 100000 + 95000 + 2470000 = 2688200
		 *   total   = 60817408 + 557984 + 2688200 = 64063592
		 * --products maps: jobs 45000 + 45000 = 90000, no service:
		 *   writing = 23200 + 100000 + 90000 = 213200
		 *   total   = 60817408 + 557984 + 213200 = 61588592 */
		struct rf_mem_products all = { RF_PRODUCTS_ALL, 1, 0, 0, 1, 400 };
		struct rf_mem_products maps = { RF_PRODUCT_MAPS, 1, 0, 0, 1, 400 };
		eng.grid.dlon_deg = eng.grid.dlat_deg = 0.001;
		eng.grid.north_deg = 0.025;
		rf_limits_predict_estimate(&eng, &all, &e);
		CHECK_MSG(e.service_bytes == 95000, "%llu", (unsigned long long)e.service_bytes);
		CHECK_MSG(e.jobs_bytes == 2470000, "%llu", (unsigned long long)e.jobs_bytes);
		CHECK_MSG(e.total_bytes == 64063592, "%llu", (unsigned long long)e.total_bytes);
		rf_limits_predict_estimate(&eng, &maps, &e);
		CHECK(e.service_bytes == 0);
		CHECK_MSG(e.jobs_bytes == 90000, "%llu", (unsigned long long)e.jobs_bytes);
		CHECK_MSG(e.total_bytes == 61588592, "%llu", (unsigned long long)e.total_bytes);
		memset(&eng.grid, 0, sizeof(eng.grid));
		eng.grid.width = 100;
		eng.grid.height = 50;
	}
	TEST_END();

	TEST_BEGIN("limits: a tile's output and a cell outside it are counted as such");
	{
		struct rf_window tiled[2] = { { 0, 0, 100, 25 }, { 0, 0, 0, 0 } };
		eng.windows = tiled;
		eng.tile = (struct rf_window){ 0, 0, 100, 25 };
		/* terrain = 104*29*6 + 524288 = 18096 + 524288 = 542384
		 * cells   = 2500*8 + 25*8 = 20200; maps = 2500*20 = 50000 */
		rf_limits_predict_estimate(&eng, NULL, &e);
		CHECK(e.terrain_bytes == 542384);
		CHECK(e.cells_bytes == 20200);
		CHECK(e.maps_bytes == 50000);
		eng.windows = wins;
		memset(&eng.tile, 0, sizeof(eng.tile));
	}
	TEST_END();

	TEST_BEGIN("limits: over RFPLAN_MAX_MEMORY_MB the prediction is refused, naming the numbers");
	setenv("RFPLAN_MAX_MEMORY_MB", "0.5", 1);   /* below 1: malformed */
	CHECK(rf_limits_check_predict(&eng, NULL, &err) == -1);
	CHECK_MSG(strstr(err.msg, "RFPLAN_MAX_MEMORY_MB='0.5'") != NULL, "%s", err.msg);
	setenv("RFPLAN_MAX_MEMORY_MB", "59", 1);   /* 61865984 B > 61498592 B */
	CHECK_MSG(rf_limits_check_predict(&eng, NULL, &err) == 0, "%s", err.msg);
	eng.max_points = 100000;   /* threads = 2 * (1600000 + 16) = 3200032 */
	CHECK(rf_limits_check_predict(&eng, NULL, &err) == -1);
	/* computing now the larger: 46960 + 3200032 = 3246992;
	 * 60817408 + 557984 + 3246992 = 64622384 B = 61.6 MiB -> "62 MiB" */
	CHECK_MSG(strstr(err.msg, "2 cells over a 100x50 grid would need about 62 MiB") &&
		  strstr(err.msg, "the limit is 59 MiB (RFPLAN_MAX_MEMORY_MB)") &&
		  strstr(err.msg, "--radius"), "%s", err.msg);
	unsetenv("RFPLAN_MAX_MEMORY_MB");
	TEST_END();

	TEST_BEGIN("limits: default limit is 3/4 of physical memory (or less, in a cgroup)");
	{
		const char *src = NULL;
		long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
		uint64_t lim = rf_limits_max_memory_bytes(&src, &err);
		CHECK(src != NULL);
		if (pages > 0 && page > 0)
			CHECK(lim <= (uint64_t)pages * (uint64_t)page / 4 * 3);
		CHECK(lim > 0);
	}
	TEST_END();

	TEST_BEGIN("limits: import grid check names the grid and the limit");
	setenv("RFPLAN_MAX_MEMORY_MB", "100", 1);
	/* 10000 x 10000 px * 6 B = 6e8 B = 572.2 MiB > 100 MiB. */
	CHECK(rf_limits_check_import(10000, 10000, &err) == -1);
	CHECK_MSG(strstr(err.msg, "10000 x 10000 pixels, needing about 572 MiB") &&
		  strstr(err.msg, "the limit is 100 MiB"), "%s", err.msg);
	/* 4000 x 4000 * 6 = 9.6e7 B = 91.6 MiB: fits. */
	CHECK_MSG(rf_limits_check_import(4000, 4000, &err) == 0, "%s", err.msg);
	unsetenv("RFPLAN_MAX_MEMORY_MB");
	TEST_END();

	test_real_rss();
	return test_exit_status();
}

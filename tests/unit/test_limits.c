/* Memory estimates and limits (limits.h): the estimate of a hand-built
 * engine against a hand computation, the refusal message, the
 * RFPLAN_MAX_MEMORY_MB override, and the import's grid check. */
#include "check.h"
#include "rfplan/engine.h"
#include "rfplan/limits.h"

#include <unistd.h>

int main(void)
{
	struct rf_engine eng;
	struct rf_cells cells;
	struct rf_cell items[2];
	struct rf_window wins[2] = { { 0, 0, 100, 50 }, { 60, 30, 40, 20 } };
	struct rf_mem_estimate e;
	struct rf_error err = { "" };

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
	 *   maps    = 100*50*(3*4+2*2+4)      = 5000*20         = 100000
	 *   threads = 2 * (1000*16 + 2*8)     = 2 * 16016       = 32032
	 *   total   = 557984 + 46960 + 100000 + 32032  = 736976 */
	rf_limits_predict_estimate(&eng, &e);
	CHECK(e.terrain_bytes == 557984);
	CHECK(e.cells_bytes == 46960);
	CHECK(e.maps_bytes == 100000);
	CHECK(e.threads_bytes == 32032);
	CHECK(e.total_bytes == 736976);
	TEST_END();

	TEST_BEGIN("limits: a tile's output and a cell outside it are counted as such");
	{
		struct rf_window tiled[2] = { { 0, 0, 100, 25 }, { 0, 0, 0, 0 } };
		eng.windows = tiled;
		eng.tile = (struct rf_window){ 0, 0, 100, 25 };
		/* terrain = 104*29*6 + 524288 = 18096 + 524288 = 542384
		 * cells   = 2500*8 + 25*8 = 20200; maps = 2500*20 = 50000 */
		rf_limits_predict_estimate(&eng, &e);
		CHECK(e.terrain_bytes == 542384);
		CHECK(e.cells_bytes == 20200);
		CHECK(e.maps_bytes == 50000);
		eng.windows = wins;
		memset(&eng.tile, 0, sizeof(eng.tile));
	}
	TEST_END();

	TEST_BEGIN("limits: over RFPLAN_MAX_MEMORY_MB the prediction is refused, naming the numbers");
	setenv("RFPLAN_MAX_MEMORY_MB", "0.5", 1);   /* below 1: malformed */
	CHECK(rf_limits_check_predict(&eng, &err) == -1);
	CHECK_MSG(strstr(err.msg, "RFPLAN_MAX_MEMORY_MB='0.5'") != NULL, "%s", err.msg);
	setenv("RFPLAN_MAX_MEMORY_MB", "1", 1);   /* 1048576 B > 736976 B */
	CHECK_MSG(rf_limits_check_predict(&eng, &err) == 0, "%s", err.msg);
	eng.max_points = 100000;   /* threads = 2 * (1600000 + 16) = 3200032 */
	CHECK(rf_limits_check_predict(&eng, &err) == -1);
	/* 557984 + 46960 + 100000 + 3200032 = 3904976 B = 3.72 MiB -> "4 MiB" */
	CHECK_MSG(strstr(err.msg, "2 cells over a 100x50 grid would need about 4 MiB") &&
		  strstr(err.msg, "the limit is 1 MiB (RFPLAN_MAX_MEMORY_MB)") &&
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

	return test_exit_status();
}

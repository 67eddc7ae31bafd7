/* Memory estimates and limits (limits.h).  The figures follow the engine's
 * allocations (engine.c, engine_compute.c, engine_predict.c): see
 * doc/errors.md, "Limits". */
#include "rfplan/limits.h"
#include "rfplan/engine.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024.0 * 1024.0)

/* The cgroup v2 memory limit in bytes, 0 when none ("max") or unknown. */
static uint64_t cgroup_limit(void)
{
	FILE *f = fopen("/sys/fs/cgroup/memory.max", "r");
	char buf[64];
	uint64_t v = 0;
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && buf[0] >= '0' && buf[0] <= '9')
		v = strtoull(buf, NULL, 10);
	fclose(f);
	return v;
}

uint64_t rf_limits_max_memory_bytes(const char **source, struct rf_error *err)
{
	const char *env = getenv("RFPLAN_MAX_MEMORY_MB");
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
	uint64_t phys = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
	uint64_t cg = cgroup_limit();
	const char *src = "3/4 of physical memory";
	if (env && *env) {
		double mb;
		if (rf_parse_double(env, &mb) == 0 && mb >= 1 && mb <= 1e12) {
			if (source)
				*source = "RFPLAN_MAX_MEMORY_MB";
			return (uint64_t)(mb * MIB);
		}
		rf_error_set(err, "RFPLAN_MAX_MEMORY_MB='%s' is not a number of MiB >= 1 "
			     "(ignored)", env);
	}
	if (cg && (phys == 0 || cg < phys)) {
		phys = cg;
		src = "3/4 of the cgroup memory limit";
	}
	if (phys == 0) {
		phys = (uint64_t)16 << 30;   /* unknown: assume a 16 GiB machine */
		src = "3/4 of an assumed 16 GiB (physical memory unknown)";
	}
	if (source)
		*source = src;
	return phys / 4 * 3;
}

void rf_limits_format_bytes(uint64_t bytes, char *buf, size_t len)
{
	if (bytes >= ((uint64_t)1 << 30))
		snprintf(buf, len, "%.1f GiB", (double)bytes / (MIB * 1024.0));
	else
		snprintf(buf, len, "%.0f MiB", (double)bytes / MIB);
}

void rf_limits_predict_estimate(const struct rf_engine *eng, struct rf_mem_estimate *e)
{
	uint64_t win_px = 0, rows = 0, terrain_px = 0, out_px;
	size_t n = eng->cells ? eng->cells->count : 0;
	int threads = eng->opts.threads > 0 ? eng->opts.threads : omp_get_max_threads();
	int x0 = 0, y0 = 0, x1 = -1, y1 = -1;

	for (size_t i = 0; i < n; i++) {
		const struct rf_window *w = &eng->windows[i];
		if (w->width <= 0 || w->height <= 0)
			continue;   /* a cell that does not reach this tile */
		win_px += (uint64_t)w->width * (uint64_t)w->height;
		rows += (uint64_t)w->height;
		if (x1 < x0) {
			x0 = w->x0, y0 = w->y0;
			x1 = w->x0 + w->width, y1 = w->y0 + w->height;
		} else {
			x0 = w->x0 < x0 ? w->x0 : x0;
			y0 = w->y0 < y0 ? w->y0 : y0;
			x1 = w->x0 + w->width > x1 ? w->x0 + w->width : x1;
			y1 = w->y0 + w->height > y1 ? w->y0 + w->height : y1;
		}
	}
	/* The terrain is read over the windows' bounding box plus 2 pixels on
	 * each side (engine.c). */
	if (x1 >= x0)
		terrain_px = (uint64_t)(x1 - x0 + 4) * (uint64_t)(y1 - y0 + 4);
	/* The output: the tile when tiled (eng->tile), else the whole union. */
	out_px = eng->tile.width > 0 && eng->tile.height > 0
		? (uint64_t)eng->tile.width * (uint64_t)eng->tile.height
		: (uint64_t)eng->grid.width * (uint64_t)eng->grid.height;
	memset(e, 0, sizeof(*e));
	/* DEM Float32 + clutter UInt16 (engine.c read_terrain), plus 2 x 65536
	 * floats of class lookups. */
	e->terrain_bytes = terrain_px * (4 + 2) + 2 * RF_CLASS_CODES * 4;
	/* Every cell's loss_db and gain_dbi (float) over its window are held
	 * until the combination (engine_predict.c), plus 2 ints of work item
	 * per window row (engine_compute.c). */
	e->cells_bytes = win_px * 8 + rows * 8;
	/* rsrp, sinr, rsrq (float) + best, overlap (uint16) over the output, and
	 * one float band for the writer's conversion buffer. */
	e->maps_bytes = out_px * (3 * 4 + 2 * 2 + 4);
	/* Per thread: ground and clutter profiles (double, max_points each) and
	 * the combination's RSRP vector (double per cell). */
	e->threads_bytes = (uint64_t)threads *
		((uint64_t)(eng->max_points > 0 ? eng->max_points : 0) * 16 + (uint64_t)n * 8);
	e->total_bytes = e->terrain_bytes + e->cells_bytes + e->maps_bytes + e->threads_bytes;
}

int rf_limits_check_predict(const struct rf_engine *eng, struct rf_error *err)
{
	struct rf_mem_estimate e;
	struct rf_error env_err = { "" };
	const char *src = "";
	uint64_t limit = rf_limits_max_memory_bytes(&src, &env_err);
	char need[32], lim[32], cells[32];

	if (env_err.msg[0])
		return rf_error_set(err, "%s", env_err.msg);
	rf_limits_predict_estimate(eng, &e);
	if (e.total_bytes <= limit)
		return 0;
	rf_limits_format_bytes(e.total_bytes, need, sizeof(need));
	rf_limits_format_bytes(limit, lim, sizeof(lim));
	rf_limits_format_bytes(e.cells_bytes, cells, sizeof(cells));
	return rf_error_set(err, "%zu cells over a %dx%d grid would need about %s of memory "
			    "(%s for the cells' windows); the limit is %s (%s): use a smaller "
			    "--radius or fewer cells, or set RFPLAN_MAX_MEMORY_MB",
			    eng->cells->count, eng->grid.width, eng->grid.height, need, cells,
			    lim, src);
}

int rf_limits_check_import(double width, double height, struct rf_error *err)
{
	struct rf_error env_err = { "" };
	const char *src = "";
	uint64_t limit = rf_limits_max_memory_bytes(&src, &env_err);
	/* Float32 DEM read whole after the warp (import_dem.c) + UInt16
	 * clutter; GDAL's warp and block caches are bounded by GDAL_CACHEMAX. */
	double need = width * height * (4.0 + 2.0);
	char a[32], b[32];

	if (env_err.msg[0])
		return rf_error_set(err, "%s", env_err.msg);
	if (need <= (double)limit)
		return 0;
	rf_limits_format_bytes(need >= 1.8e19 ? UINT64_MAX : (uint64_t)need, a, sizeof(a));
	rf_limits_format_bytes(limit, b, sizeof(b));
	return rf_error_set(err, "the grid would be %.0f x %.0f pixels, needing about %s of "
			    "memory; the limit is %s (%s): choose a coarser --res or smaller "
			    "--bounds, or set RFPLAN_MAX_MEMORY_MB", width, height, a, b, src);
}

int rf_limits_check_source_read(const char *path, double width_px, double height_px,
				int bytes_per_px, struct rf_error *err)
{
	struct rf_error env_err = { "" };
	const char *src = "";
	uint64_t limit = rf_limits_max_memory_bytes(&src, &env_err);
	double need = width_px * height_px * bytes_per_px;
	char a[32], b[32];

	if (env_err.msg[0])
		return rf_error_set(err, "%s", env_err.msg);
	if (need <= (double)limit)
		return 0;
	rf_limits_format_bytes(need >= 1.8e19 ? UINT64_MAX : (uint64_t)need, a, sizeof(a));
	rf_limits_format_bytes(limit, b, sizeof(b));
	return rf_error_set(err, "%s: the warp would read a %.0f x %.0f pixel window of it "
			    "(about %s, %d bytes a pixel, at its own resolution or its nearest "
			    "overview); the limit is %s (%s): choose smaller --bounds, add "
			    "overviews (gdaladdo), or set RFPLAN_MAX_MEMORY_MB", path, width_px,
			    height_px, a, bytes_per_px, b, src);
}

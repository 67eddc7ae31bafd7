/* Memory limits: estimate what a job will allocate before allocating it, and
 * refuse with a clear message ("needs about 12.3 GiB (...); the limit is
 * 9.0 GiB: ...") rather than crash in malloc or swap for hours.
 *
 * The limit is RFPLAN_MAX_MEMORY_MB (MiB) when set, else 3/4 of the smaller
 * of the physical memory (sysconf _SC_PHYS_PAGES * _SC_PAGE_SIZE) and the
 * cgroup v2 limit (/sys/fs/cgroup/memory.max) when there is one.  The
 * estimates are deliberately generous about the big arrays and ignore small
 * ones (a few MiB). */
#ifndef RFPLAN_LIMITS_H
#define RFPLAN_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "rfplan/error.h"

struct rf_engine;

/* What a prediction writes, for the products' share of the estimate
 * (rf_predict fills it from its options; NULL: the engine alone). */
struct rf_mem_products {
	unsigned products;   /* RF_PRODUCT_* written (predict.h), never 0 */
	int service;         /* the seven service maps (--service on) */
	int coverage;        /* coverage_probability (a shadowing sigma) */
	int indoor;          /* rsrp_indoor (--indoor) */
	int gis;             /* the GIS products (a workspace run, not a tile) */
	int png_width_px;    /* rsrp.png's width */
};

/* The prediction's allocations at their peak, bytes (doc/errors.md,
 * "Limits").  The computation and the writing do not overlap: total is
 * base + terrain + the larger of cells + threads (computing) and
 * cells / 2 + maps + service + jobs (writing: the losses became RSRP, the
 * gains are freed). */
struct rf_mem_estimate {
	uint64_t base_bytes;      /* the process itself (code, GDAL, PROJ) */
	uint64_t terrain_bytes;   /* DEM + clutter over the union of windows */
	uint64_t cells_bytes;     /* per-cell loss + gain over each window, all held */
	uint64_t maps_bytes;      /* output maps over the union */
	uint64_t service_bytes;   /* the service maps, held while the jobs run */
	uint64_t jobs_bytes;      /* the product jobs running at once (the largest) */
	uint64_t threads_bytes;   /* per-thread profiles and combine scratch */
	uint64_t total_bytes;
};

/* The limit in bytes and where it came from ("RFPLAN_MAX_MEMORY_MB",
 * "3/4 of physical memory" ...; a static string).  A malformed
 * RFPLAN_MAX_MEMORY_MB is reported through err (returns 0). */
uint64_t rf_limits_max_memory_bytes(const char **source, struct rf_error *err);

/* Estimate for a prediction whose engine has its windows and union grid set
 * (rf_engine_open, before the terrain is read), writing p (NULL: nothing
 * written, the engine alone).  threads <= 0: all cores. */
void rf_limits_predict_estimate(const struct rf_engine *eng, const struct rf_mem_products *p,
				struct rf_mem_estimate *e);

/* rf_limits_predict_estimate against the limit: 0, or -1 with a message
 * naming the grid, the number of cells, the estimate (total_bytes: with p,
 * the figure of predict's "memory estimate:" line), what it counts, the
 * limit and what to change (--radius, fewer cells, RFPLAN_MAX_MEMORY_MB). */
int rf_limits_check_predict(const struct rf_engine *eng, const struct rf_mem_products *p,
			    struct rf_error *err);

/* The import's output grid (width x height pixels): the DEM is read whole
 * (Float32) and the clutter (UInt16) is warped onto the same grid.  0, or -1
 * with a message naming the grid, the estimate and the limit. */
int rf_limits_check_import(double width, double height, struct rf_error *err);

/* What GDALWarp reads of one import source (path): a window of width x
 * height pixels of bytes_per_px each, before anything is read (a 200000 x
 * 200000 source for a 30 m grid is read whole, at its own resolution, when
 * it has no overviews).  0, or -1 with a message naming the file, the
 * window, the estimate, the limit and RFPLAN_MAX_MEMORY_MB. */
int rf_limits_check_source_read(const char *path, double width_px, double height_px,
				int bytes_per_px, struct rf_error *err);

/* "12.3 GiB" / "456 MiB" into buf. */
void rf_limits_format_bytes(uint64_t bytes, char *buf, size_t len);

#endif

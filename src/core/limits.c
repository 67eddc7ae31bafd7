/* Memory estimates and limits (limits.h).  The figures follow the engine's
 * allocations (engine.c, engine_compute.c, engine_predict.c) and the
 * product jobs' (engine_products.c and the writers it calls): see
 * doc/errors.md, "Limits". */
#include "rfplan/limits.h"
#include "rfplan/engine.h"
#include "rfplan/gis.h"
#include "rfplan/predict.h"

#include <math.h>
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

/* The process itself before any grid: code, GDAL's drivers, PROJ's
 * database, the C library's arenas; the largest peak RSS of a one-cell
 * predict over a 200 x 200 pixel DEM writing one product at a time
 * (--products maps, gpkg, or kmz,service: 57.4 to 57.7 MiB; stats alone
 * 52.5 MiB, fewer drivers loaded). */
#define BASE_BYTES ((uint64_t)58 << 20)

/* Bytes per output pixel a COG write allocates beyond the caller's band
 * (output_geotiff.c publish): GDAL 3.6's COG driver builds the overviews
 * of a map with a side over 2048 pixels with
 * GDALRegenerateOverviewsMultiBand, whose chunk for the coarsest level
 * (factor x 256 rows, the factor about the raster over 256 pixels) is the
 * whole band in its working type (Float32 at most here: 4 B) plus a nodata
 * mask (1 B).  A smaller map has no overviews and is built in memory
 * (/vsimem/): its file, at most the band's bytes uncompressed (4 B). */
#define COG_PX 5
/* Float32 GeoTIFF: the NaN-to-nodata copy (rf_write_geotiff_f32) + COG. */
#define F32_TIF_PX (4 + COG_PX)
/* An integer GeoTIFF: the caller's band is the MEM dataset's pixels. */
#define INT_TIF_PX COG_PX
/* A map PNG (output_png.c rf_write_png_map): the RGBA image (4 B), its
 * filtered scanlines (4 B + 1 a row) and libdeflate's output buffer of
 * compress_bound (4 B + a little: core/output_util.c png_write), all
 * held at once; rsrp.kmz then reads the PNG file (less than that). */
#define PNG_PX 12
/* coverage.gpkg (output/gis_gpkg.c write_rsrp_classes, write_best_server,
 * one after the other): the class or cell index (Int32) and polygonize's
 * byte mask, the MEM dataset's bands over both: 5 B.  Not counted: the
 * polygons, which grow with the length of the class boundaries rather than
 * with the pixels (GDALPolygonize itself keeps a few rows; the GeoPackage
 * of a grid up to 2048 x 2048 pixels is built in memory, a few MiB); a grid
 * of speckled classes can take more (doc/errors.md, "Limits"). */
#define GPKG_PX 5
/* The report job (engine_gis.c rf_job_report): the shade read back (1 B)
 * and, without hillshade.tif, the MEM hillshade it is read from (1 B). */
#define REPORT_PX 2

static int cmp_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* The readable rsrp.png's canvas (gis_report_png.c rf_write_report_png):
 * width x (the map at the grid's ground aspect, at most 4 x
 * RF_REPORT_WIDTH_MAX rows, + title, scale and a legend of up to 32
 * classes below it: 374 / 500 of the width, less than one width),
 * 4 B RGBA + 3 B scanlines + 3 B compressed bound (core/output_util.c
 * png_write). */
static uint64_t report_canvas_bytes(const struct rf_grid *g, int width_px)
{
	double lat = g->north_deg - 0.5 * g->height * g->dlat_deg;
	double c = cos(lat * M_PI / 180.0);
	double w = width_px > 0 ? width_px : 0, h_max = 4.0 * RF_REPORT_WIDTH_MAX;
	double h = c > 0 && g->width > 0 && g->dlon_deg > 0
		? w * (g->height * g->dlat_deg) / (g->width * g->dlon_deg * c) : h_max;
	return (uint64_t)(w * ((h < h_max ? h : h_max) + w) * 10.0);
}

/* The product jobs of engine_products.c that p asks for, each as the bytes
 * it allocates; the jobs run on `threads` threads, so the peak is at most
 * the sum of the `threads` largest. */
static uint64_t jobs_bytes(const struct rf_engine *eng, const struct rf_mem_products *p,
			   uint64_t out_px, int threads)
{
	uint64_t job[32];
	int n = 0;
	uint64_t sum = 0;
	if (p->products & RF_PRODUCT_MAPS) {   /* engine_output.c rf_job_* */
		for (int i = 0; i < 3 + (p->indoor != 0); i++)   /* rsrp sinr rsrq indoor */
			job[n++] = out_px * F32_TIF_PX;
		job[n++] = out_px * INT_TIF_PX;   /* overlap */
		job[n++] = out_px * INT_TIF_PX;   /* best_server */
	}
	if (p->products & RF_PRODUCT_KMZ)      /* rf_job_kmz: rsrp_map.png */
		job[n++] = out_px * PNG_PX;
	if (p->products & RF_PRODUCT_SERVICE) {   /* engine_service.c rf_job_svc_* */
		if (p->service) {
			job[n++] = out_px * INT_TIF_PX;   /* cqi */
			job[n++] = out_px * F32_TIF_PX;   /* pdsch_sinr */
			job[n++] = out_px * (F32_TIF_PX > PNG_PX ? F32_TIF_PX : PNG_PX);   /* dl: tif, then png */
			job[n++] = out_px * F32_TIF_PX;   /* ul_sinr */
			job[n++] = out_px * F32_TIF_PX;   /* ul */
			job[n++] = out_px * INT_TIF_PX;   /* ul_rbs */
			job[n++] = out_px * INT_TIF_PX;   /* ul_limited */
		}
		if (p->coverage)                          /* coverage_probability: tif, then png */
			job[n++] = out_px * (F32_TIF_PX > PNG_PX ? F32_TIF_PX : PNG_PX);
	}
	if (p->gis && (p->products & (RF_PRODUCT_HILLSHADE | RF_PRODUCT_PNG)))
		job[n++] = out_px * REPORT_PX +
			   ((p->products & RF_PRODUCT_PNG)
			    ? report_canvas_bytes(&eng->grid, p->png_width_px) : 0);
	if (p->gis && (p->products & RF_PRODUCT_GPKG))
		job[n++] = out_px * GPKG_PX;
	/* stats.csv (rf_job_stats): per-cell and per-class sums, no grid */
	qsort(job, (size_t)n, sizeof(job[0]), cmp_desc);
	for (int i = 0; i < n && i < threads; i++)
		sum += job[i];
	return sum;
}

void rf_limits_predict_estimate(const struct rf_engine *eng, const struct rf_mem_products *p,
				struct rf_mem_estimate *e)
{
	uint64_t win_px = 0, rows = 0, terrain_px = 0, out_px, compute, write;
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
	e->base_bytes = BASE_BYTES;
	/* DEM Float32 + clutter UInt16 (engine.c read_terrain), plus 2 x 65536
	 * floats of class lookups; held to the end of rf_predict. */
	e->terrain_bytes = terrain_px * (4 + 2) + 2 * RF_CLASS_CODES * 4;
	/* Every cell's loss_db and gain_dbi (float) over its window are held
	 * until the combination (engine_predict.c), plus 2 ints of work item
	 * per window row (engine_compute.c). */
	e->cells_bytes = win_px * 8 + rows * 8;
	/* Per thread: ground and clutter profiles (double, max_points each) and
	 * the combination's RSRP vector (double per cell). */
	e->threads_bytes = (uint64_t)threads *
		((uint64_t)(eng->max_points > 0 ? eng->max_points : 0) * 16 + (uint64_t)n * 8);
	compute = e->cells_bytes + e->threads_bytes;
	/* rsrp, sinr, rsrq, ground (float) + best, overlap (uint16)
	 * (engine_predict.c combine), rsrp_indoor (float, engine_indoor.c). */
	e->maps_bytes = out_px * (4 * 4 + 2 * 2 + (p && p->indoor ? 4 : 0));
	if (p) {
		/* cqi, ul_limited, ul_rbs (byte) + pdsch_sinr, dl, ul_sinr, ul
		 * (float), all seven even for the coverage probability alone,
		 * and that probability (float, with a sigma): engine_service.c
		 * compute, held by rf_write_products until every job is done. */
		if ((p->products & RF_PRODUCT_SERVICE) && (p->service || p->coverage))
			e->service_bytes = out_px * (3 + 4 * 4 + (p->coverage ? 4 : 0));
		e->jobs_bytes = jobs_bytes(eng, p, out_px, threads);
	}
	/* writing: each cell's RSRP (float, its window; the gains freed) */
	write = win_px * 4 + e->maps_bytes + e->service_bytes + e->jobs_bytes;
	e->total_bytes = e->base_bytes + e->terrain_bytes + (compute > write ? compute : write);
}

int rf_limits_check_predict(const struct rf_engine *eng, const struct rf_mem_products *p,
			    struct rf_error *err)
{
	struct rf_mem_estimate e;
	struct rf_error env_err = { "" };
	const char *src = "";
	uint64_t limit = rf_limits_max_memory_bytes(&src, &env_err);
	char need[32], lim[32], cells[32];

	if (env_err.msg[0])
		return rf_error_set(err, "%s", env_err.msg);
	rf_limits_predict_estimate(eng, p, &e);
	if (e.total_bytes <= limit)
		return 0;
	rf_limits_format_bytes(e.total_bytes, need, sizeof(need));
	rf_limits_format_bytes(limit, lim, sizeof(lim));
	rf_limits_format_bytes(e.cells_bytes, cells, sizeof(cells));
	/* with p, the figure of predict's "memory estimate:" line (a user sets
	 * the limit from it); without, what the engine alone allocates */
	return rf_error_set(err, "%zu cells over a %dx%d grid would need about %s of memory "
			    "(%s: the process, the terrain, the cells' windows %s, the maps%s); "
			    "the limit is %s (%s): use a smaller --radius or fewer cells, or set "
			    "RFPLAN_MAX_MEMORY_MB", eng->cells->count, eng->grid.width,
			    eng->grid.height, need,
			    p ? "the memory estimate" : "the engine alone", cells,
			    p ? " and the products written" : ", no products", lim, src);
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

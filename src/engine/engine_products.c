/* The products of a prediction written as parallel jobs (doc/outputs.md
 * "Products", doc/performance.md "The fixed cost of a run").  Each job
 * writes distinct files through its own GDAL datasets (GDAL is thread-safe
 * for distinct datasets), records their names in its own list and reports
 * into its own error; after the parallel part the lists are appended to
 * the summary in the table's order, so run.json lists the outputs in the
 * same order whatever the threads and their timing.  The service maps are
 * computed before the jobs (on every thread), then each written by a job
 * of its own; the statistics job appends their rows to stats.csv.
 * project.qgs comes last, alone: it lists the maps that exist by then. */
#include "engine_priv.h"
#include "rfplan/interrupt.h"
#include "rfplan/predict.h"
#include "core/util.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <omp.h>
#include <string.h>

struct job_def {
	rf_product_job *run;
	int part;                /* RF_PART_* */
	unsigned products;       /* written when o asks for one of these */
	int cost;                /* rough cost, for the order the jobs start in
				    (longest first; units of ~50 M instructions,
				    ~5 ms, on the bench's itm3 grid,
				    doc/performance.md) */
};

/* In the order of run.json's outputs (the order of the sequential writer
 * before). */
static const struct job_def jobs[] = {
	{ rf_job_rsrp, RF_PART_MAPS, RF_PRODUCT_MAPS, 4 },
	{ rf_job_sinr, RF_PART_MAPS, RF_PRODUCT_MAPS, 3 },
	{ rf_job_rsrq, RF_PART_MAPS, RF_PRODUCT_MAPS, 3 },
	{ rf_job_indoor, RF_PART_MAPS, RF_PRODUCT_MAPS, 4 },
	{ rf_job_overlap, RF_PART_MAPS, RF_PRODUCT_MAPS, 1 },
	{ rf_job_best_server, RF_PART_MAPS, RF_PRODUCT_MAPS, 1 },
	{ rf_job_kmz, RF_PART_MAPS, RF_PRODUCT_KMZ, 2 },
	/* always: the served area of run.json comes from the statistics */
	{ rf_job_stats, RF_PART_MAPS, RF_PRODUCTS_ALL, 6 },
	{ rf_job_svc_cqi, RF_PART_MAPS, RF_PRODUCT_SERVICE, 1 },
	{ rf_job_svc_pdsch_sinr, RF_PART_MAPS, RF_PRODUCT_SERVICE, 3 },
	{ rf_job_svc_dl, RF_PART_MAPS, RF_PRODUCT_SERVICE, 5 },
	{ rf_job_svc_ul_sinr, RF_PART_MAPS, RF_PRODUCT_SERVICE, 4 },
	{ rf_job_svc_ul, RF_PART_MAPS, RF_PRODUCT_SERVICE, 4 },
	{ rf_job_svc_ul_rbs, RF_PART_MAPS, RF_PRODUCT_SERVICE, 1 },
	{ rf_job_svc_limited, RF_PART_MAPS, RF_PRODUCT_SERVICE, 1 },
	{ rf_job_svc_coverage, RF_PART_MAPS, RF_PRODUCT_SERVICE, 5 },
	{ rf_job_report, RF_PART_GIS, RF_PRODUCT_HILLSHADE | RF_PRODUCT_PNG, 11 },
	{ rf_job_gpkg, RF_PART_GIS, RF_PRODUCT_GPKG, 5 },
};
#define N_JOBS (sizeof(jobs) / sizeof(jobs[0]))

/* GDAL drivers that build their creation-option list on first use, when a
 * creation checks its options against it (GDAL 3.6's COG driver set its
 * list while another thread read it: a use-after-free that
 * AddressSanitizer caught when two maps were written at once): built here,
 * before the threads.  Not the COG and GPKG drivers' any more: the maps
 * and GeoPackages are created without that check (output/gdal_mem.h
 * rf_gdal_option_check_off), so nothing builds their lists, which parse
 * every tiling scheme GDAL ships (38 M instructions). */
void rf_gdal_drivers_ready(void)
{
	static const char *const names[] = { "GTiff", "MEM", "VRT", NULL };
	for (int i = 0; names[i]; i++) {
		GDALDriverH d = GDALGetDriverByName(names[i]);
		if (d)
			GDALGetMetadataItem(d, GDAL_DMD_CREATIONOPTIONLIST, NULL);
	}
}

int rf_write_products(const struct rf_products_ctx *c0, int parts,
		      struct rf_predict_summary *sum, struct rf_error *err)
{
	struct rf_products_ctx ctx = *c0, *c = &ctx;
	struct rf_service_maps svc;
	const struct rf_predict_options *o = c->o;
	struct rf_predict_summary out[N_JOBS];
	struct rf_error errs[N_JOBS];
	int rc[N_JOBS], order[N_JOBS], n = 0, fail = -1;
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();
	/* one job per thread: GDAL's own compression threads would only
	 * compete with the other jobs, unless the user set GDAL_NUM_THREADS */
	int set = CPLGetConfigOption("GDAL_NUM_THREADS", NULL) == NULL;

	unsigned want = rf_products_written(o);

	if (!c->ws)
		parts &= ~RF_PART_GIS;
	memset(out, 0, sizeof(out));
	memset(rc, 0, sizeof(rc));
	for (size_t i = 0; i < N_JOBS; i++)
		errs[i].msg[0] = '\0';
	if (parts & RF_PART_MAPS) {
		size_t np = (size_t)c->g->width * (size_t)c->g->height;
		for (size_t i = 0; i < np; i++)
			if (c->m->best[i] != RF_BEST_NODATA)
				sum->pixels_served++;
	}
	/* the costly jobs first, so that two threads finish together */
	for (int cost = 20; cost >= 0; cost--)
		for (size_t i = 0; i < N_JOBS; i++)
			if (jobs[i].cost == cost && (jobs[i].part & parts) &&
			    (want & jobs[i].products))
				order[n++] = (int)i;
	/* the service maps, computed on every thread before their jobs (each
	 * map one job) and the statistics (their rows of stats.csv) */
	memset(&svc, 0, sizeof(svc));
	if ((parts & RF_PART_MAPS) && (want & RF_PRODUCT_SERVICE) &&
	    rf_service_maps_compute(c->g, c->cells, c->m, o, &svc, err))
		return -1;
	ctx.svc = &svc;
	rf_gdal_drivers_ready();
	#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
	for (int k = 0; k < n; k++) {
		int i = order[k];
		/* after a signal the jobs not started are skipped (a parallel
		 * loop cannot be left): a large grid's maps take minutes */
		if (rf_interrupt_check(&errs[i])) {
			rc[i] = -1;
			continue;
		}
		if (set)
			CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", "1");
		rc[i] = jobs[i].run(c, &out[i], &errs[i]);
		if (set)
			CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", NULL);
	}
	for (size_t i = 0; i < N_JOBS; i++) {
		if (rc[i] && fail < 0)
			fail = (int)i;
		for (int k = 0; k < out[i].n_outputs; k++)
			rf_predict_record_output(sum, out[i].outputs[k]);
		if (out[i].served_area_km2 > 0)
			sum->served_area_km2 = out[i].served_area_km2;
		rf_predict_summary_free(&out[i]);
	}
	rf_service_maps_free(&svc);
	if (fail >= 0) {
		*err = errs[fail];
		return -1;
	}
	if ((parts & RF_PART_GIS) && rf_products_want(o, RF_PRODUCT_QGIS))
		return rf_job_qgs(c, sum, err);
	return 0;
}

int rf_write_maps(const struct rf_grid *g, const struct rf_cells *cells,
		  const struct rf_predict_maps *m, const struct rf_predict_options *o,
		  const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	struct rf_products_ctx c = { NULL, cells, g, m, NULL, o, dir, NULL, NULL };
	return rf_write_products(&c, RF_PART_MAPS, sum, err);
}

int rf_write_gis_outputs(const struct rf_workspace *ws, const struct rf_cells *cells,
			 const struct rf_grid *g, const struct rf_predict_maps *m,
			 const double *beamwidth_deg, const struct rf_predict_options *o,
			 const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	struct rf_products_ctx c = { ws, cells, g, m, beamwidth_deg, o, dir, NULL, NULL };
	return rf_write_products(&c, RF_PART_GIS, sum, err);
}

/* Private to the engine's files (engine_*.c), merge.c and the planning
 * commands (optimize*.c: the gain with the loss given; optimize_run.c and
 * planning_load.c: the cells' losses as rf_predict gets them): the combined
 * maps and the output writers of rf_predict. */
#ifndef RFPLAN_ENGINE_PRIV_H
#define RFPLAN_ENGINE_PRIV_H

#include <stdint.h>

#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "core/util.h"

/* Output maps over the engine grid. */
struct rf_predict_maps {
	float *rsrp_dbm, *sinr_db, *rsrq_db;   /* NAN where no cell reaches */
	uint16_t *best;                        /* cell index, RF_BEST_NODATA */
	uint16_t *overlap;                     /* count, RF_BEST_NODATA */
	float *rsrp_indoor_dbm;                /* --indoor only, else NULL */
	float *ground_m;                       /* DEM height, NAN void: stats.csv's land
						  and sea (doc/lte.md); NULL unknown */
};

void rf_predict_maps_free(struct rf_predict_maps *m);

/* rf_engine_open for rf_predict: its memory check, before the terrain is
 * read, counts the maps and products mem says the prediction writes, so a
 * refusal quotes the figure of predict's "memory estimate:" line
 * (rf_limits_predict_estimate with mem; doc/errors.md, "Limits"). */
struct rf_mem_products;
int rf_engine_open_predict(struct rf_engine *eng, const struct rf_workspace *ws,
			   const struct rf_cells *cells, const struct rf_engine_options *opts,
			   const struct rf_mem_products *mem, struct rf_log *log,
			   struct rf_error *err);

/* pathloss_SITE_CELL.tif (+ .qml) over the cell's window, into dir. */
int rf_write_pathloss(const struct rf_engine *eng, int cell, const struct rf_cell_result *r,
		      const char *dir, struct rf_predict_summary *sum, struct rf_error *err);
/* What the product writers read: the maps m over grid g, the cells, the
 * options (o->products), the output directory; ws (the workspace: DEM of
 * the hillshade, sites of the report and GeoPackage) NULL for a tile,
 * which writes no GIS product; the cells' beamwidths (one per cell, as
 * run.json records them, for rf_merge) or NULL to measure them. */
struct rf_service_maps;
struct rf_products_ctx {
	const struct rf_workspace *ws;
	const struct rf_cells *cells;
	const struct rf_grid *g;
	const struct rf_predict_maps *m;
	const double *beamwidth_deg;
	const struct rf_predict_options *o;
	const char *dir;
	const struct rf_service_maps *svc;   /* computed by rf_write_products */
	struct rf_log *log;   /* the hillshade cache's warnings; NULL: printed only */
};

/* Which products rf_write_products writes (and o->products selects). */
enum {
	RF_PART_MAPS = 1,   /* the maps, their styles, KMZ, stats.csv, service maps */
	RF_PART_GIS = 2     /* hillshade.tif, rsrp.png, coverage.gpkg, project.qgs */
};
/* The products of parts asked by c->o->products into c->dir, written as
 * parallel jobs (engine_products.c); their names appended to sum->outputs
 * in a fixed order, whatever the threads; sum->pixels_served and
 * served_area_km2 set.  Returns 0 or -1 with err (the first failing job's,
 * in that order).  rf_predict calls it once; rf_merge by part. */
int rf_write_products(const struct rf_products_ctx *c, int parts,
		      struct rf_predict_summary *sum, struct rf_error *err);
/* Every map over grid g, its style, PNG/KMZ, best_server.csv and stats.csv
 * (RF_PART_MAPS of rf_write_products; rf_merge). */
int rf_write_maps(const struct rf_grid *g, const struct rf_cells *cells,
		  const struct rf_predict_maps *m, const struct rf_predict_options *o,
		  const char *dir, struct rf_predict_summary *sum, struct rf_error *err);
/* The GIS products over grid g into dir, after the maps (RF_PART_GIS;
 * rf_merge). */
int rf_write_gis_outputs(const struct rf_workspace *ws, const struct rf_cells *cells,
			 const struct rf_grid *g, const struct rf_predict_maps *m,
			 const double *beamwidth_deg, const struct rf_predict_options *o,
			 const char *dir, struct rf_predict_summary *sum, struct rf_error *err);
/* The jobs: each writes its product(s), records their names in out (its
 * own list), returns 0 or -1 with err.  engine_output.c and engine_gis.c. */
typedef int rf_product_job(const struct rf_products_ctx *c, struct rf_predict_summary *out,
			   struct rf_error *err);
rf_product_job rf_job_rsrp, rf_job_sinr, rf_job_rsrq, rf_job_indoor, rf_job_overlap,
	rf_job_best_server, rf_job_kmz, rf_job_stats, rf_job_report, rf_job_gpkg,
	rf_job_qgs, rf_job_svc_cqi, rf_job_svc_pdsch_sinr, rf_job_svc_dl, rf_job_svc_ul_sinr,
	rf_job_svc_ul, rf_job_svc_ul_rbs, rf_job_svc_limited, rf_job_svc_coverage;

/* --clutter-loss p2108 (engine_p2108.c, doc/models.md): rf_p2108_engine_open
 * checks the model, clutter, class types and cell frequencies and builds
 * eng->class_p2108 (nothing when the option is off); rf_p2108_site gives a
 * cell's transmitter end (the clutter height its path starts from and the
 * sec. 3.1 loss); rf_p2108_pixel the receiver end at clutter code `code`,
 * dist_m from the site, with the section used (31, 32, or 0 for none). */
int rf_p2108_engine_open(struct rf_engine *eng, const struct rf_workspace *ws,
			 struct rf_error *err);
void rf_p2108_site(const struct rf_engine *eng, const struct rf_cell *c, unsigned code,
		   double *tx_clutter_m, double *tx_loss_db);
int rf_p2108_pixel(const struct rf_engine *eng, double freq_mhz, unsigned code, double dist_m,
		   double *rx_clutter_m, double *loss_db, int *section, struct rf_error *err);

/* --indoor (engine_indoor.c, doc/lte.md): rf_indoor_check refuses a cell
 * frequency outside ITU-R P.2109 and --tile; rf_indoor_map fills
 * m->rsrp_indoor_dbm over eng->tile; rf_indoor_stats_append adds its
 * rsrp_indoor_dbm rows to stats.csv.  The elevation angle at the facade,
 * degrees (positive: the antenna above the receiver's horizon). */
int rf_indoor_check(const struct rf_cells *cells, const struct rf_predict_options *o,
		    struct rf_error *err);
double rf_indoor_elevation_deg(double h_tx_amsl_m, double h_rx_amsl_m, double dist_m,
			       double k_factor);
void rf_indoor_map(const struct rf_engine *eng, const struct rf_predict_options *o,
		   struct rf_predict_maps *m);
int rf_indoor_stats_append(const char *path, const struct rf_grid *g,
			   const struct rf_cells *cs, const struct rf_predict_maps *m,
			   const struct rf_predict_options *o, struct rf_error *err);

/* The hillshade of the workspace's DEM over grid g (rf_write_hillshade)
 * through the cache WS/hillshade/KEY.tif (engine_hillshade.c): copied to
 * out_path unless NULL, its values into *shade unless shade is NULL
 * (malloc'd).  Without a usable cache (read-only workspace; WS/hillshade a
 * link or a file: warned in log) computed as rf_write_hillshade; an entry
 * that is no regular file is not read (warned) and replaced.  May be
 * called from a parallel job (its warnings in a critical section). */
int rf_hillshade_product(const struct rf_workspace *ws, const struct rf_grid *g,
			 const char *out_path, uint8_t **shade, struct rf_log *log,
			 struct rf_error *err);

/* The key of the hillshade cache's file for grid g of the DEM whose content
 * hashes to dem_sha256 (hex): the SHA-256, in hex, of the cache's format,
 * rfplan's and GDAL's versions, dem_sha256 and g (engine_hillshade.c). */
int rf_hillshade_key(const char *dem_sha256, const struct rf_grid *g, char key[65],
		     struct rf_error *err);

/* The service maps of doc/lte.md (CQI, throughput, uplink, limiting link,
 * coverage probability): computed once per run by rf_service_maps_compute
 * (all pixels, o->engine.threads threads), before the jobs rf_job_svc_*
 * write them and rf_job_stats appends their rows to stats.csv.  Nothing is
 * computed (s zeroed) when o->service is disabled and has no shadowing
 * sigma. */
struct rf_service_maps {
	uint8_t *cqi, *limited, *ul_rbs;
	float *pdsch_sinr_db, *dl_mbps, *ul_sinr_db, *ul_mbps, *prob;
};
int rf_service_maps_compute(const struct rf_grid *g, const struct rf_cells *cells,
			    const struct rf_predict_maps *m, const struct rf_predict_options *o,
			    struct rf_service_maps *s, struct rf_error *err);
void rf_service_maps_free(struct rf_service_maps *s);
/* stats.csv's service rows (the maps s), appended (rf_job_stats). */
int rf_service_stats_append(const struct rf_grid *g, const struct rf_cells *cs,
			    const struct rf_predict_maps *m, const struct rf_service_maps *s,
			    const struct rf_predict_options *o, const char *dir,
			    struct rf_error *err);

/* rf_engine_compute, where loss_from[k] (loss_from may be NULL: every cell
 * computed) says where cell idx[k]'s loss comes from: RF_LOSS_COMPUTE;
 * RF_LOSS_GIVEN, results[k] already holds its window, loss_db, warnings and
 * failures (a path-loss matrix, engine_pathloss.c); or j < k, a cell whose
 * loss is computed or given, the same (the same matrix key: the sectors of a
 * site).  Otherwise only the antenna gain is computed, by the expressions
 * of the full computation (the same bits). */
#define RF_LOSS_COMPUTE (-2)
#define RF_LOSS_GIVEN (-1)
int rf_engine_compute_with(const struct rf_engine *eng, const int *idx, int n,
			   struct rf_cell_result *results, const int *loss_from,
			   struct rf_log *log, struct rf_error *err);

/* The path loss and gain of cells idx[0..n-1] of eng (opened over
 * o->engine, with eng->loss_radius_km = o->engine.main_radius_km) into
 * res[0..n-1] (zeroed by the caller; freed with rf_cell_result_free),
 * exactly as rf_predict gets them: from the path-loss matrices of
 * WS/pathloss (doc/engine.md) when their keys match, else computed, then two
 * resolutions' extension.  cache: RF_CACHE_OFF reads and writes no matrix
 * (--no-cache), RF_CACHE_READ reads those present and stores none,
 * RF_CACHE_RW also stores the computed ones (atomically; a failure is a
 * warning).  sum->matrix and sum->matrix_key (allocated when NULL, one per
 * cell of eng; rf_predict_summary_free) say per cell what its loss came
 * from.  The one path of every loss rf_predict, rfplan optimize,
 * neighbours and pci use.  Returns 0 or -1 with err. */
enum { RF_CACHE_OFF = 0, RF_CACHE_RW = 1, RF_CACHE_READ = 2 };
int rf_predict_losses(const struct rf_engine *eng, const struct rf_workspace *ws,
		      const struct rf_predict_options *o, int cache, const int *idx, int n,
		      struct rf_cell_result *res, struct rf_predict_summary *sum,
		      struct rf_log *log, struct rf_error *err);

/* engine_output.c: add NAME (a file just written into the output
 * directory) to sum->outputs, the list run.json records. */
void rf_predict_record_output(struct rf_predict_summary *sum, const char *name);

/* engine_products.c: build the creation-option lists of the GDAL drivers
 * rfplan writes with and checks options against (GTiff, MEM, VRT), which
 * GDAL 3.6 builds on first use without a lock: call before writing from
 * several threads.  The COG and GPKG writers skip that check
 * (output/gdal_mem.h rf_gdal_option_check_off), so their lists are never
 * built. */
void rf_gdal_drivers_ready(void);

#endif

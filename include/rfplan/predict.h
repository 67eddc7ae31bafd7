/* The whole prediction, rfplan predict without the CLI: options, the
 * summary of a run, and rf_predict (cells located, computed, combined into
 * the LTE maps and written).  The engine it drives is rfplan/engine.h; the
 * output directory rfplan/outdir.h; run.json rfplan/run_manifest.h. */
#ifndef RFPLAN_PREDICT_H
#define RFPLAN_PREDICT_H

#include "rfplan/engine.h"
#include "rfplan/lte.h"
#include "rfplan/lte_service.h"

struct rf_predict_options {
	struct rf_engine_options engine;
	struct rf_lte_params lte;
	double rx_gain_dbi;         /* default 0 */
	double body_loss_db;        /* default 0 */
	const double *rsrp_edges;   /* descending, dBm (not owned) */
	int n_rsrp_edges;           /* default -80 -90 -100 -110 -120 */
	const double *sinr_edges;   /* descending, dB */
	int n_sinr_edges;           /* default 20 13 0 -3 */
	int per_cell;               /* write pathloss_SITE_CELL.tif */
	int strict;                 /* refuse frequencies outside the model's range */
	int indoor;                 /* also rsrp_indoor.tif: RSRP minus ITU-R P.2109 */
	double indoor_pct;          /* P.2109 probability, % (default 50) */
	int building_class;         /* enum rf_p2109_class (default traditional) */
	int png_width_px;           /* readable rsrp.png, default RF_REPORT_WIDTH_DEFAULT */
	struct rf_lte_service_params service;  /* CQI, throughput, uplink, coverage
						  probability maps (doc/lte.md) */
	unsigned products;          /* RF_PRODUCT_* bits to write; 0: all (the default) */
};

/* The products of a prediction (--products, doc/outputs.md "Products").
 * QGIS needs MAPS (project.qgs references them); PNG (the readable
 * rsrp.png) shades with the hillshade, computed in memory when HILLSHADE
 * is not asked; SERVICE appends its rows to stats.csv only with STATS. */
enum rf_product {
	RF_PRODUCT_MAPS = 1u << 0,      /* rsrp, sinr, rsrq, overlap, best_server (.tif,
					   .qml), best_server.csv, rsrp_indoor with --indoor */
	RF_PRODUCT_SERVICE = 1u << 1,   /* the service maps (doc/lte.md) */
	RF_PRODUCT_HILLSHADE = 1u << 2, /* hillshade.tif */
	RF_PRODUCT_GPKG = 1u << 3,      /* coverage.gpkg */
	RF_PRODUCT_PNG = 1u << 4,       /* the readable rsrp.png */
	RF_PRODUCT_KMZ = 1u << 5,       /* rsrp_map.png/.pgw, rsrp_legend.png, rsrp.kmz */
	RF_PRODUCT_QGIS = 1u << 6,      /* project.qgs */
	RF_PRODUCT_STATS = 1u << 7      /* stats.csv */
};
#define RF_PRODUCTS_ALL 0xffu

/* Parse a comma-separated list of product names ("maps,gpkg") into *mask.
 * An unknown name is refused naming the nearest known one; a product
 * whose dependency is missing (qgis without maps) is refused.  Errors
 * name `what` (the option or key) and the bad value.  Every product gives
 * 0 (all, the default).  Returns 0 or -1. */
int rf_products_parse(const char *list, const char *what, unsigned *mask,
		      struct rf_error *err);
/* The names of mask's products, comma-separated, in the order above, into
 * buf (run.json's parameters.products). */
void rf_products_format(unsigned mask, char *buf, size_t len);
/* 1 when o asks for product p (a products mask of 0 asks for all). */
int rf_products_want(const struct rf_predict_options *o, enum rf_product p);
/* The products a run of o writes: those asked, and the maps for a tile
 * (--tile K/N: its merge reads them whatever was asked). */
unsigned rf_products_written(const struct rf_predict_options *o);

/* Defaults; the edge arrays point to constant tables. */
void rf_predict_options_default(struct rf_predict_options *o);

struct rf_predict_summary {
	struct rf_grid grid;          /* the output grid (the tile's, when tiled) */
	struct rf_grid full_grid;     /* the whole output grid (== grid untiled) */
	struct rf_window tile;        /* grid within full_grid */
	int cells_computed;           /* cells reaching the output grid */
	long pixels_computed;         /* sum over cells of pixels with a loss */
	long pixels_served;           /* output pixels with a best server */
	double served_area_km2;
	double t_locate_s, t_terrain_s, t_pathloss_s, t_combine_s, t_write_s;
	char **outputs;               /* owned: base names written, in order */
	int n_outputs;
	unsigned char *matrix;        /* owned, one per cell: enum rf_matrix_use */
	char (*matrix_key)[65];       /* owned, one per cell: its path-loss matrix's
					 key (hex SHA-256), "" when none */
};

/* What a cell's path loss came from (run.json's "pathloss_matrices"). */
enum rf_matrix_use {
	RF_MATRIX_NONE = 0,      /* not computed in this run (outside the tile) */
	RF_MATRIX_COMPUTED = 1,  /* computed, and stored as a matrix */
	RF_MATRIX_REUSED = 2,    /* read from its matrix in WS/pathloss */
	RF_MATRIX_OFF = 3        /* computed without matrices (--no-cache) */
};
void rf_predict_summary_free(struct rf_predict_summary *s);

/* Locate the cells on the DEM, compute every cell, combine the LTE metrics
 * and write every output into directory `dir` (which must exist; the caller
 * renames it into place, see rf_outdir_*).  use_cache: read and write the
 * path-loss matrices of WS/pathloss (doc/engine.md); 0 computes every cell
 * and touches none.  run.json is not written here (rf_run_manifest_write).
 * Returns 0 or -1 with err. */
int rf_predict(const struct rf_workspace *ws, struct rf_cells *cells,
	       const struct rf_predict_options *o, int use_cache, const char *dir,
	       struct rf_predict_summary *sum, struct rf_log *log, struct rf_error *err);

/* Write tile.json (tile K of N) for a tiled rf_predict's summary
 * (src/engine/tile_manifest.c; rfplan merge reads it). */
int rf_tile_manifest_write(const char *path, int tile_k, int tile_n,
			   const struct rf_predict_summary *sum, struct rf_error *err);

#endif

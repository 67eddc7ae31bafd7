/* Private to the engine's files (engine_*.c) and merge.c: the combined maps
 * and the output writers of rf_predict. */
#ifndef RFPLAN_ENGINE_PRIV_H
#define RFPLAN_ENGINE_PRIV_H

#include <stdint.h>

#include "rfplan/engine.h"

#define RF_BEST_NODATA 65535

/* Output maps over the engine grid. */
struct rf_predict_maps {
	float *rsrp_dbm, *sinr_db, *rsrq_db;   /* NAN where no cell reaches */
	uint16_t *best;                        /* cell index, RF_BEST_NODATA */
	uint16_t *overlap;                     /* count, RF_BEST_NODATA */
};

void rf_predict_maps_free(struct rf_predict_maps *m);
double rf_predict_now_s(void);   /* monotonic clock, seconds */

/* pathloss_SITE_CELL.tif (+ .qml) over the cell's window, into dir. */
int rf_write_pathloss(const struct rf_engine *eng, int cell, const struct rf_cell_result *r,
		      const char *dir, struct rf_predict_summary *sum, struct rf_error *err);
/* Every map over grid g, its style, PNG/KMZ, best_server.csv and stats.csv,
 * into dir; sum->pixels_served and served_area_km2 are set, the files'
 * names appended to sum->outputs.  (rf_predict, and rf_merge for the
 * mosaic of tiles: the same writers make the same files.) */
int rf_write_maps(const struct rf_grid *g, const struct rf_cells *cells,
		  const struct rf_predict_maps *m, const struct rf_predict_options *o,
		  const char *dir, struct rf_predict_summary *sum, struct rf_error *err);

/* The service maps of doc/lte.md (CQI, throughput, uplink, limiting link,
 * coverage probability) over grid g from the maps m, into dir, with their
 * rows appended to dir/stats.csv (written before); nothing when
 * o->service is disabled and has no shadowing sigma. */
int rf_write_service_maps(const struct rf_grid *g, const struct rf_cells *cells,
			  const struct rf_predict_maps *m, const struct rf_predict_options *o,
			  const char *dir, struct rf_predict_summary *sum, struct rf_error *err);

#endif

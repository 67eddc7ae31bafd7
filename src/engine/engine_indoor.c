/* rfplan predict --indoor: the best server's RSRP at a building's facade
 * minus the ITU-R P.2109-0 building entry loss (doc/lte.md, "Indoor
 * coverage").  A hook after the LTE combination: the map is made from the
 * best-server map, the cells and the engine's DEM; nothing else changes. */
#include "engine_priv.h"
#include "geo/geo_local.h"
#include "rfplan/geo.h"
#include "rfplan/predict.h"
#include "rfplan/p2109.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAD2DEG (180.0 / M_PI)

int rf_indoor_check(const struct rf_cells *cells, const struct rf_predict_options *o,
		    struct rf_error *err)
{
	double loss;
	if (!o->indoor)
		return 0;
	if (o->engine.tile_n)
		return rf_error_set(err, "option --indoor: not available with --tile (rfplan "
				    "merge does not mosaic rsrp_indoor.tif)");
	for (size_t i = 0; i < cells->count; i++) {
		const struct rf_cell *c = &cells->items[i];
		struct rf_error e;
		if (rf_p2109_loss_db(c->frequency_mhz, o->indoor_pct,
				     (enum rf_p2109_class)o->building_class, 0.0, &loss, &e))
			return rf_error_set(err, "option --indoor: cell %s/%s: %s", c->site_id,
					    c->cell_id, e.msg);
	}
	return 0;
}

double rf_indoor_elevation_deg(double h_tx_amsl_m, double h_rx_amsl_m, double dist_m,
			       double k_factor)
{
	/* The direct ray's angle above the receiver's horizon over an earth of
	 * radius k R: tan(theta) = (H_tx - H_rx) / d - d / (2 k R). */
	return atan((h_tx_amsl_m - h_rx_amsl_m) / dist_m -
		    dist_m / (2.0 * rf_effective_radius_m(k_factor))) * RAD2DEG;
}

void rf_indoor_map(const struct rf_engine *eng, const struct rf_predict_options *o,
		   struct rf_predict_maps *m)
{
	const struct rf_window *t = &eng->tile;
	const struct rf_cells *cs = eng->cells;
	size_t np = (size_t)t->width * (size_t)t->height;
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();
	struct rf_geo_local *geo = rf_xmalloc((cs->count ? cs->count : 1) * sizeof(*geo));

	for (size_t c = 0; c < cs->count; c++)
		rf_geo_local_init(&geo[c], cs->items[c].lat_deg, cs->items[c].lon_deg);
	m->rsrp_indoor_dbm = rf_xmalloc(np * sizeof(float));
	#pragma omp parallel for num_threads(threads) schedule(static)
	for (int ty = 0; ty < t->height; ty++) {
		int row = t->y0 + ty, wrow = row + eng->uy0;
		double lat = rf_grid_lat_deg(&eng->ws_grid, wrow);
		for (int tx = 0; tx < t->width; tx++) {
			int col = t->x0 + tx, wcol = col + eng->ux0;
			size_t i = (size_t)ty * t->width + tx;
			size_t pix = (size_t)(row - eng->dem_y0) * eng->dem.grid.width +
				     (size_t)(col - eng->dem_x0);
			uint16_t b = m->best[i];
			double d_m, elev, loss;
			m->rsrp_indoor_dbm[i] = NAN;
			if (b == RF_BEST_NODATA || isnan(m->rsrp_dbm[i]))
				continue;
			const struct rf_cell *c = &cs->items[b];
			d_m = rf_geo_local_inverse(&geo[b], lat,
						   rf_grid_lon_deg(&eng->ws_grid, wcol), NULL);
			if (d_m < 1.0)   /* as the engine: a receiver at the site is 1 m away */
				d_m = 1.0;
			elev = rf_indoor_elevation_deg(c->ground_m + c->height_agl_m,
						       eng->dem.data[pix] + o->engine.rx_height_m,
						       d_m, o->engine.model.k_factor);
			/* checked for every cell's frequency by rf_indoor_check */
			if (rf_p2109_loss_db(c->frequency_mhz, o->indoor_pct,
					     (enum rf_p2109_class)o->building_class, elev, &loss,
					     NULL) == 0)
				m->rsrp_indoor_dbm[i] = (float)((double)m->rsrp_dbm[i] - loss);
		}
	}
	free(geo);
}

int rf_indoor_stats_append(const char *path, const struct rf_grid *g,
			   const struct rf_cells *cs, const struct rf_predict_maps *m,
			   const struct rf_predict_options *o, struct rf_error *err)
{
	struct rf_lte_stats st;
	char label[256];
	FILE *f;
	int rc = 0;

	rf_lte_stats_compute(g, m->best, m->rsrp_indoor_dbm, m->sinr_db, m->ground_m,
			     (int)cs->count,
			     o->rsrp_edges, o->n_rsrp_edges, o->sinr_edges, o->n_sinr_edges, &st);
	f = fopen(path, "a");
	if (!f) {
		rf_lte_stats_free(&st);
		return rf_error_set(err, "%s: cannot append: %s", path, strerror(errno));
	}
	rf_lte_class_write(f, "total", "rsrp_indoor_dbm", &st.rsrp, st.total_area_km2);
	if (st.has_ground)
		rf_lte_class_write(f, "land", "rsrp_indoor_dbm", &st.land_rsrp, st.land_area_km2);
	for (size_t c = 0; c < cs->count; c++) {
		rf_cell_label(&cs->items[c], label, sizeof(label));
		rf_lte_class_write(f, label, "rsrp_indoor_dbm", &st.cell_rsrp[c],
				   st.cell_area_km2[c]);
	}
	if (ferror(f) | fclose(f))
		rc = rf_error_set(err, "%s: write failed", path);
	rf_lte_stats_free(&st);
	return rc;
}

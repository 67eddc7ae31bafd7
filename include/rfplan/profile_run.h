/* The terrain profile of one path of a workspace, the workspace form of
 * `rfplan profile --site ID --to LAT,LON` (doc/design.md): the DEM (and
 * clutter) window covering the path, the profile sampled as the engine
 * samples it, the receiver pixel's clutter class, the water flags. */
#ifndef RFPLAN_PROFILE_RUN_H
#define RFPLAN_PROFILE_RUN_H

#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/error.h"
#include "rfplan/log.h"
#include "rfplan/model.h"
#include "rfplan/predict.h"
#include "rfplan/profile.h"
#include "rfplan/workspace.h"

struct rf_site_path {
	double tx_lat_deg, tx_lon_deg, rx_lat_deg, rx_lon_deg;
	double dist_m, azimuth_deg;   /* geodesic, site to receiver */
	int clutter_used;             /* the workspace's clutter was sampled */
	int rx_class_code;            /* the receiver pixel's class, -1 none */
	char rx_class_name[96];
	double rx_clutter_loss_db;    /* that class's loss_db (0 without) */
	struct rf_profile prof;       /* points into ground_m, clutter_m */
	struct rf_path_geo geo;       /* the path's position; water below */
	double *ground_m, *clutter_m; /* owned */
	unsigned char *water;         /* owned, or NULL (want_water and clutter) */
};

/* The path from site to (rx_lat_deg, rx_lon_deg) over ws's dem.tif, with
 * its clutter.tif when use_clutter and the workspace has one; want_water:
 * also the water flags (P.1812).  Free p with rf_site_path_free, also after
 * an error.  Returns 0 or -1 with err. */
int rf_site_path_profile(const struct rf_workspace *ws, const struct rf_site *site,
			 double rx_lat_deg, double rx_lon_deg, int use_clutter, int want_water,
			 struct rf_site_path *p, struct rf_error *err);
void rf_site_path_free(struct rf_site_path *p);

/* One cell of a prediction at one point, `rfplan profile --site ID --cell
 * ID`: the cells are loaded by predict's rule (rf_predict_load_cells: the
 * file cells_path, else the workspace's cells.csv, else one default cell
 * per site), the cell's frequency and height replaced by the overrides
 * when they are not NAN, and the engine's pixel explained
 * (rf_engine_explain_cell) with the options of `rfplan predict`. */
struct rf_cell_explain_request {
	const char *cells_path;       /* NULL: the rule above */
	const struct rf_cell_defaults *cell_defaults;  /* missing columns */
	const char *site_id, *cell_id;
	double freq_mhz;              /* override, or NAN: the cell's */
	double tx_height_agl_m;       /* override, or NAN: the cell's */
	double lat_deg, lon_deg;      /* the point; its pixel is explained */
	const struct rf_predict_options *options;  /* engine, rx gain, body loss */
};

struct rf_cell_explain {
	char *cells_path;             /* the cells file read (owned), NULL: one per site */
	struct rf_cells cells;        /* owned */
	const struct rf_cell *cell;   /* the cell explained, into cells */
	struct rf_pixel_explain px;   /* the engine's pixel: profile, link, loss, gain */
	double rsrp_dbm;              /* rf_cell_rsrp_dbm: the value of rsrp.tif
					 where this cell is the best server */
};

/* Returns 0 or -1 with err (no such site or cell, naming the cells file;
 * the point beyond the radius or on a void).  Free e with
 * rf_cell_explain_free, also after an error. */
int rf_cell_explain_point(const struct rf_workspace *ws, const struct rf_cell_explain_request *req,
			  struct rf_cell_explain *e, struct rf_log *log, struct rf_error *err);
void rf_cell_explain_free(struct rf_cell_explain *e);

#endif

/* The terrain profile of one path of a workspace, the workspace form of
 * `rfplan profile --site ID --to LAT,LON` (doc/design.md): the DEM (and
 * clutter) window covering the path, the profile sampled as the engine
 * samples it, the receiver pixel's clutter class, the water flags. */
#ifndef RFPLAN_PROFILE_RUN_H
#define RFPLAN_PROFILE_RUN_H

#include "rfplan/error.h"
#include "rfplan/model.h"
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

#endif

/* ITU-R P.1812 as an rfplan model: the profile, zones, path centre and
 * options mapped onto rf_p1812_loss (include/rfplan/p1812.h). */
#include "model_p1812.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Profiles up to this many points keep their zones on the stack. */
#define ZONE_STACK_POINTS 8192

int rf_model_p1812(const struct rf_model_options *o, const struct rf_link *link,
		   const struct rf_profile *prof, const struct rf_path_geo *geo,
		   struct rf_loss_terms *out, struct rf_error *err)
{
	static const struct rf_path_geo nowhere = { 0.0, 0.0, 0.0, 0.0, NULL };
	const int n0 = prof->n;
	const double step_km = prof->step_m / 1000.0, dtot_km = (n0 - 1) * step_km;
	struct rf_p1812_params p = {
		.freq_mhz = link->freq_mhz, .time_pct = o->time_pct,
		.location_pct = o->location_pct, .wa_m = o->wa_m,
		.polarization = o->polarization, .tx_height_m = link->tx_height_agl_m,
		.rx_height_m = link->rx_height_agl_m, .dn = o->dn, .n0 = o->p1812_n0,
		.dct_km = o->dct_km, .dcr_km = o->dcr_km,
	};
	unsigned char zstack[ZONE_STACK_POINTS], *zheap = NULL, *zone = NULL;
	double h3[3], r3[3];
	unsigned char w3[3];
	struct rf_p1812_path path = { n0, NULL, step_km, prof->ground_m, prof->clutter_m, NULL };
	const unsigned char *water;
	struct rf_p1812_prep prep;
	struct rf_p1812_result *r = &out->p1812;
	int rc;

	if (!geo)
		geo = &nowhere;
	water = geo->water;
	p.phi_path_deg = rf_p1812_gc_lat_deg(geo->tx_lat_deg, geo->tx_lon_deg, geo->rx_lat_deg,
					     geo->rx_lon_deg, 0.5 * dtot_km);
	p.sigma_loc_db = rf_p1812_sigma_loc_db(link->freq_mhz, o->wa_m, link->rx_height_agl_m,
					       prof->rx_clutter_m);
	if (rf_p1812_prepare(&p, &prep, err))
		return -1;
	if (n0 == 2) {
		/* a path shorter than the DEM pitch: P.1812 needs an
		 * intermediate point; the terrain is a straight line there */
		h3[0] = prof->ground_m[0];
		h3[2] = prof->ground_m[1];
		h3[1] = 0.5 * (h3[0] + h3[2]);
		r3[0] = r3[1] = r3[2] = 0.0;
		path = (struct rf_p1812_path){ 3, NULL, step_km / 2.0, h3, r3, NULL };
		if (water) {
			w3[0] = water[0];
			w3[2] = water[1];
			w3[1] = water[0] && water[1];
			water = w3;
		}
	}
	if (water) {
		double dct, dcr;
		zone = path.n <= ZONE_STACK_POINTS ? zstack
			: (zheap = rf_xmalloc((size_t)path.n));
		rf_p1812_zones(path.n, NULL, path.step_km, path.h_m, water, zone, &dct, &dcr);
		/* the coast the profile shows, unless given */
		if (prep.p.dct_km < 0.0 && dct >= 0.0)
			prep.p.dct_km = dct;
		if (prep.p.dcr_km < 0.0 && dcr >= 0.0)
			prep.p.dcr_km = dcr;
		path.zone = zone;
	}
	rc = rf_p1812_loss(&prep, &path, r, err);
	free(zheap);
	if (rc)
		return -1;
	out->distance_m = prof->step_m * (n0 - 1);
	out->free_space_db = r->lbfs_db;
	out->diffraction_db = r->ldp_db;
	out->path_loss_db = out->model_db = r->lb_db;
	out->variability_db = r->lloc_db;
	out->los_clear = r->los && r->ldp_db <= 0.0;
	out->mode = r->mechanism == RF_P1812_TROPOSCATTER ? RF_MODE_TROPOSCATTER
		: r->los ? RF_MODE_LOS : RF_MODE_DIFFRACTION;
	return 0;
}

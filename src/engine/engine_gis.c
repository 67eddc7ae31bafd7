/* rfplan predict's GIS products (doc/outputs.md, "GIS products") as jobs of
 * rf_write_products (engine_products.c): hillshade.tif with the readable
 * rsrp.png, coverage.gpkg and, last, project.qgs (which lists the maps that
 * exist by then). */
#include "engine_priv.h"
#include "rfplan/geo.h"
#include "rfplan/predict.h"
#include "rfplan/gis.h"
#include "rfplan/model.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEDGE_SHARE 0.08      /* sector wedge radius: 8 % of the map's smaller side */
#define WEDGE_MIN_M 100.0
#define MAX_CLASSES 32          /* as the maps' styles (engine_output.c) */

/* Ground size of the map's smaller side, metres. */
static double wedge_radius_m(const struct rf_grid *g, double radius_km)
{
	double lat = g->north_deg - g->height * g->dlat_deg / 2;
	double w = g->width * g->dlon_deg * rf_geo_m_per_deg_lon(lat);
	double h = g->height * g->dlat_deg * rf_geo_m_per_deg_lat(lat);
	double r = WEDGE_SHARE * (w < h ? w : h);
	if (r > radius_km * 1000)
		r = radius_km * 1000;
	return r < WEDGE_MIN_M ? WEDGE_MIN_M : r;
}

/* The cells' beamwidths: c->beamwidth_deg, else measured on the antennas. */
static double *beamwidths(const struct rf_products_ctx *c)
{
	double *bw = rf_xmalloc((c->cells->count ? c->cells->count : 1) * sizeof(double));
	for (size_t i = 0; i < c->cells->count; i++)
		bw[i] = c->beamwidth_deg ? c->beamwidth_deg[i]
					 : rf_cell_beamwidth_deg(&c->cells->items[i]);
	return bw;
}

/* hillshade.tif (HILLSHADE) and the readable rsrp.png (PNG) shaded with
 * it: one job, the report needs the shade (computed in memory when
 * hillshade.tif is not asked). */
int rf_job_report(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		  struct rf_error *err)
{
	const struct rf_predict_options *o = c->o;
	int want_hs = rf_products_want(o, RF_PRODUCT_HILLSHADE);
	int want_png = rf_products_want(o, RF_PRODUCT_PNG);
	struct rf_color_class cls[MAX_CLASSES];
	char labels[MAX_CLASSES * RF_LABEL_MAX], title[160];
	struct rf_color_scheme s;
	char *hs, *png;
	uint8_t *shade = NULL;
	double *bw;
	int n_edges = o->n_rsrp_edges < MAX_CLASSES ? o->n_rsrp_edges : MAX_CLASSES;
	int rc = -1;

	if (!want_hs && !want_png)
		return 0;
	hs = want_hs ? rf_path_join(c->dir, "hillshade.tif") : NULL;
	png = rf_path_join(c->dir, "rsrp.png");
	bw = beamwidths(c);
	if (rf_hillshade_product(c->ws, c->g, hs, want_png ? &shade : NULL, c->log, err))
		goto out;
	if (want_hs)
		rf_predict_record_output(out, "hillshade.tif");
	if (want_png) {
		rf_rsrp_scheme(o->rsrp_edges, n_edges, cls, labels, &s);
		s.title = "RSRP (dBm)";
		snprintf(title, sizeof(title), "Best-server RSRP: %zu cells, model %s, radius %g km",
			 c->cells->count, rf_model_name(o->engine.model.model),
			 o->engine.radius_km);
		if (rf_write_report_png(png, c->g, c->m->rsrp_dbm, shade, &s, &c->ws->sites,
					c->cells, bw, title, o->png_width_px, err))
			goto out;
		rf_predict_record_output(out, "rsrp.png");
	}
	rc = 0;
out:
	free(shade);
	free(bw);
	free(hs);
	free(png);
	return rc;
}

int rf_job_gpkg(const struct rf_products_ctx *c, struct rf_predict_summary *out,
		struct rf_error *err)
{
	const struct rf_predict_options *o = c->o;
	struct rf_color_class cls[MAX_CLASSES];
	char labels[MAX_CLASSES * RF_LABEL_MAX];
	struct rf_color_scheme s;
	char *gpkg = rf_path_join(c->dir, "coverage.gpkg");
	double *bw = beamwidths(c);
	int n_edges = o->n_rsrp_edges < MAX_CLASSES ? o->n_rsrp_edges : MAX_CLASSES;
	int rc;

	rf_rsrp_scheme(o->rsrp_edges, n_edges, cls, labels, &s);
	s.title = "RSRP (dBm)";
	rc = rf_write_coverage_gpkg(gpkg, c->g, c->m->rsrp_dbm, c->m->best, RF_BEST_NODATA, &s,
				    &c->ws->sites, c->cells, bw,
				    wedge_radius_m(c->g, o->engine.radius_km), err);
	if (!rc)
		rf_predict_record_output(out, "coverage.gpkg");
	free(bw);
	free(gpkg);
	return rc;
}

/* project.qgs: after every other product, it lists the maps that exist. */
int rf_job_qgs(const struct rf_products_ctx *c, struct rf_predict_summary *out,
	       struct rf_error *err)
{
	if (rf_write_qgis_project(c->dir, c->g, err))
		return -1;
	rf_predict_record_output(out, "project.qgs");
	return 0;
}

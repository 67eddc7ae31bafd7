/* rfplan predict's GIS products (doc/outputs.md, "GIS products"), written
 * after the maps: hillshade.tif, the readable rsrp.png, coverage.gpkg and,
 * last, project.qgs (which lists the maps that exist by then). */
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

int rf_write_gis_outputs(const struct rf_workspace *ws, const struct rf_cells *cells,
			 const struct rf_grid *g, const struct rf_predict_maps *m,
			 const double *beamwidth_deg, const struct rf_predict_options *o,
			 const char *dir, struct rf_predict_summary *sum, struct rf_error *err)
{
	struct rf_color_class cls[MAX_CLASSES];
	char labels[MAX_CLASSES * RF_LABEL_MAX], title[160];
	struct rf_color_scheme s;
	char *dem = rf_workspace_path(ws, "dem.tif");
	char *hs = rf_path_join(dir, "hillshade.tif"), *png = rf_path_join(dir, "rsrp.png");
	char *gpkg = rf_path_join(dir, "coverage.gpkg");
	uint8_t *shade = NULL;
	double *bw = rf_xmalloc((cells->count ? cells->count : 1) * sizeof(double));
	int n_edges = o->n_rsrp_edges < MAX_CLASSES ? o->n_rsrp_edges : MAX_CLASSES;
	int rc = -1;

	for (size_t i = 0; i < cells->count; i++)
		bw[i] = beamwidth_deg ? beamwidth_deg[i] : rf_cell_beamwidth_deg(&cells->items[i]);
	rf_rsrp_scheme(o->rsrp_edges, n_edges, cls, labels, &s);
	s.title = "RSRP (dBm)";
	snprintf(title, sizeof(title), "Best-server RSRP: %zu cells, model %s, radius %g km",
		 cells->count, rf_model_name(o->engine.model.model), o->engine.radius_km);
	if (rf_write_hillshade(dem, g, hs, &shade, err))
		goto out;
	rf_predict_record_output(sum, "hillshade.tif");
	if (rf_write_report_png(png, g, m->rsrp_dbm, shade, &s, &ws->sites, cells, bw, title,
				o->png_width_px, err))
		goto out;
	rf_predict_record_output(sum, "rsrp.png");
	if (rf_write_coverage_gpkg(gpkg, g, m->rsrp_dbm, m->best, RF_BEST_NODATA, &s, &ws->sites,
				   cells, bw, wedge_radius_m(g, o->engine.radius_km), err))
		goto out;
	rf_predict_record_output(sum, "coverage.gpkg");
	if (rf_write_qgis_project(dir, g, err))
		goto out;
	rf_predict_record_output(sum, "project.qgs");
	rc = 0;
out:
	free(shade);
	free(bw);
	free(dem);
	free(hs);
	free(png);
	free(gpkg);
	return rc;
}

/* The terrain profile of one path of a workspace (include/rfplan/
 * profile_run.h), the workspace form of `rfplan profile`. */
#include "rfplan/geo.h"
#include "rfplan/predict_run.h"
#include "rfplan/profile_run.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The class of the clutter pixel holding the receiver: its loss applies
 * there, as in the engine (doc/engine.md). */
static void receiver_class(const struct rf_class_raster *cl, const struct rf_class_table *classes,
			   struct rf_site_path *r)
{
	const struct rf_grid *g = &cl->grid;
	double c = floor((r->rx_lon_deg - g->west_deg) / g->dlon_deg);
	double row = floor((g->north_deg - r->rx_lat_deg) / g->dlat_deg);
	const struct rf_clutter_class *k;
	unsigned code;

	if (!(c >= 0 && row >= 0 && c < g->width && row < g->height))
		return;
	code = cl->code[(size_t)row * (size_t)g->width + (size_t)c];
	k = code == RF_CLASS_NODATA ? NULL : rf_class_table_find(classes, (int)code);
	if (!k)
		return;
	r->rx_class_code = k->code;
	snprintf(r->rx_class_name, sizeof(r->rx_class_name), "%s", k->name);
	r->rx_clutter_loss_db = k->loss_db;
}

int rf_site_path_profile(const struct rf_workspace *ws, const struct rf_site *site,
			 double rx_lat_deg, double rx_lon_deg, int use_clutter, int want_water,
			 struct rf_site_path *r, struct rf_error *err)
{
	struct rf_raster dem = { 0 };
	struct rf_class_raster cl = { 0 };
	struct rf_terrain terrain = { 0 };
	struct rf_bounds win;
	double mx, my;
	char *path;
	int n, rc = -1;

	memset(r, 0, sizeof(*r));
	r->rx_class_code = -1;
	r->tx_lat_deg = site->lat_deg;
	r->tx_lon_deg = site->lon_deg;
	r->rx_lat_deg = rx_lat_deg;
	r->rx_lon_deg = rx_lon_deg;
	rf_geo_inverse(site->lat_deg, site->lon_deg, rx_lat_deg, rx_lon_deg, &r->dist_m,
		       &r->azimuth_deg, NULL);
	/* The window covering the path, two pixels of margin for bilinear. */
	mx = 2.0 * ws->grid.dlon_deg;
	my = 2.0 * ws->grid.dlat_deg;
	win.west_deg = fmin(r->tx_lon_deg, r->rx_lon_deg) - mx;
	win.east_deg = fmax(r->tx_lon_deg, r->rx_lon_deg) + mx;
	win.south_deg = fmin(r->tx_lat_deg, r->rx_lat_deg) - my;
	win.north_deg = fmax(r->tx_lat_deg, r->rx_lat_deg) + my;
	path = rf_workspace_path(ws, "dem.tif");
	rc = rf_raster_read(path, 1, &win, &dem, err);
	free(path);
	if (rc)
		goto done;
	rc = -1;
	terrain.dem = &dem;
	if (ws->has_clutter && use_clutter) {
		path = rf_workspace_path(ws, "clutter.tif");
		rc = rf_class_raster_read(path, &win, &cl, err);
		free(path);
		if (rc)
			goto done;
		rc = -1;
		terrain.clutter = &cl;
		terrain.classes = &ws->classes;
		r->clutter_used = 1;
		receiver_class(&cl, &ws->classes, r);
	}
	n = rf_profile_points(&dem.grid, 0.5 * (r->tx_lat_deg + r->rx_lat_deg), r->dist_m) + 1;
	r->ground_m = rf_xmalloc((size_t)n * sizeof(double));
	r->clutter_m = rf_xmalloc((size_t)n * sizeof(double));
	rc = rf_profile_sample(&terrain, r->tx_lat_deg, r->tx_lon_deg, r->rx_lat_deg,
			       r->rx_lon_deg, 1, n, r->ground_m, r->clutter_used ? r->clutter_m : NULL,
			       &r->prof, err);
	r->geo = (struct rf_path_geo){ r->tx_lat_deg, r->tx_lon_deg, r->rx_lat_deg,
				       r->rx_lon_deg, NULL };
	if (rc == 0 && r->clutter_used && want_water) {
		r->water = rf_xmalloc((size_t)r->prof.n);
		rf_profile_sample_water(&terrain, r->tx_lat_deg, r->tx_lon_deg, r->rx_lat_deg,
					r->rx_lon_deg, r->prof.n, r->water);
		r->geo.water = r->water;
	}
done:
	rf_class_raster_free(&cl);
	rf_raster_free(&dem);
	return rc;
}

void rf_site_path_free(struct rf_site_path *p)
{
	free(p->ground_m);
	free(p->clutter_m);
	free(p->water);
	memset(p, 0, sizeof(*p));
}

/* The cell of req in e->cells, or -1 with err naming the cells file. */
static long find_cell(const struct rf_cell_explain *e, const struct rf_cell_explain_request *req,
		      struct rf_error *err)
{
	const char *file = e->cells_path ? e->cells_path : "the default cells (no cells file)";
	int site_found = 0;
	for (size_t i = 0; i < e->cells.count; i++) {
		const struct rf_cell *c = &e->cells.items[i];
		if (strcmp(c->site_id, req->site_id) != 0)
			continue;
		site_found = 1;
		if (strcmp(c->cell_id, req->cell_id) == 0)
			return (long)i;
	}
	if (site_found)
		rf_error_set(err, "%s: site '%s' has no cell '%s'", file, req->site_id,
			     req->cell_id);
	else
		rf_error_set(err, "%s: no cell of site '%s'", file, req->site_id);
	return -1;
}

int rf_cell_explain_point(const struct rf_workspace *ws, const struct rf_cell_explain_request *req,
			  struct rf_cell_explain *e, struct rf_log *log, struct rf_error *err)
{
	const struct rf_predict_options *o = req->options;
	struct rf_cell *c;
	struct rf_cells one;
	char *dem;
	long i;
	int rc;

	memset(e, 0, sizeof(*e));
	if (rf_predict_load_cells(ws, req->cells_path, req->cell_defaults, &e->cells_path,
				  &e->cells, log, err))
		return -1;
	i = find_cell(e, req, err);
	if (i < 0)
		return -1;
	c = &e->cells.items[i];
	if (!isnan(req->freq_mhz))
		c->frequency_mhz = req->freq_mhz;
	if (!isnan(req->tx_height_agl_m))
		c->height_agl_m = req->tx_height_agl_m;
	e->cell = c;
	/* predict locates every cell; this one alone is enough */
	one = (struct rf_cells){ c, 1, NULL, 0, NULL };
	dem = rf_workspace_path(ws, "dem.tif");
	rc = rf_cells_locate(&one, dem, log, err);
	free(dem);
	if (rc || rf_engine_explain_cell(ws, &e->cells, (size_t)i, req->lat_deg, req->lon_deg,
					 &o->engine, &e->px, log, err))
		return -1;
	e->rsrp_dbm = rf_cell_rsrp_dbm(c, (float)e->px.gain_dbi, (float)e->px.loss_db,
				       o->rx_gain_dbi, o->body_loss_db);
	return 0;
}

void rf_cell_explain_free(struct rf_cell_explain *e)
{
	rf_pixel_explain_free(&e->px);
	rf_cells_free(&e->cells);
	free(e->cells_path);
	memset(e, 0, sizeof(*e));
}

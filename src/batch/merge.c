/* rfplan merge: the N tiles of a split prediction mosaicked through a GDAL
 * VRT (GDALBuildVRT) into the outputs of the untiled run, written by the
 * same writers (doc/scaling.md, include/rfplan/merge.h). */
#include "engine/engine_priv.h"
#include "merge_priv.h"
#include "lte/lte_service_json.h"
#include "engine/run_manifest.h"
#include "rfplan/interrupt.h"
#include "rfplan/output.h"
#include "rfplan/outdir.h"
#include "rfplan/predict.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <cpl_string.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read raster `name` of every tile through a VRT of them on the whole grid
 * g (exact -te / -tr, so every tile lands on its own rows) into out
 * (g->width x g->height values of `type`). */
static int mosaic(const struct rf_tile_set *s, const struct rf_grid *g, const char *name,
		  GDALDataType type, void *out, struct rf_error *err)
{
	char **paths = rf_xcalloc(s->n + 1, sizeof(char *));
	char **argv = NULL, num[64];
	GDALBuildVRTOptions *opt;
	GDALDatasetH vrt;
	int usage = 0, rc = -1;
	double e = g->west_deg + g->width * g->dlon_deg;
	double south = g->north_deg - g->height * g->dlat_deg;

	for (size_t i = 0; i < s->n; i++)
		paths[i] = rf_path_join(s->tiles[i].dir, name);
	double v[6] = { g->west_deg, south, e, g->north_deg, g->dlon_deg, g->dlat_deg };
	for (int k = 0; k < 6; k++) {
		if (k == 0 || k == 4)
			argv = CSLAddString(argv, k ? "-tr" : "-te");
		snprintf(num, sizeof(num), "%.17g", v[k]);
		argv = CSLAddString(argv, num);
	}
	opt = GDALBuildVRTOptionsNew(argv, NULL);
	CSLDestroy(argv);
	CPLErrorReset();
	vrt = opt ? GDALBuildVRT("", (int)s->n, NULL, (const char *const *)paths, opt, &usage)
		  : NULL;
	GDALBuildVRTOptionsFree(opt);
	if (!vrt) {
		rf_error_set(err, "%s: cannot build the VRT of the tiles: %s", name,
			     CPLGetLastErrorMsg());
	} else if (GDALGetRasterXSize(vrt) != g->width || GDALGetRasterYSize(vrt) != g->height) {
		rf_error_set(err, "%s: the VRT of the tiles is %dx%d, expected %dx%d", name,
			     GDALGetRasterXSize(vrt), GDALGetRasterYSize(vrt), g->width, g->height);
	} else if (GDALRasterIO(GDALGetRasterBand(vrt, 1), GF_Read, 0, 0, g->width, g->height,
				out, g->width, g->height, type, 0, 0) != CE_None) {
		rf_error_set(err, "%s: cannot read the VRT of the tiles: %s", name,
			     CPLGetLastErrorMsg());
	} else {
		rc = 0;
	}
	if (vrt)
		GDALClose(vrt);
	for (size_t i = 0; i < s->n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

static int read_maps(const struct rf_tile_set *s, const struct rf_grid *g,
		     struct rf_predict_maps *m, struct rf_error *err)
{
	size_t np = (size_t)g->width * (size_t)g->height;
	float **f32[] = { &m->rsrp_dbm, &m->sinr_db, &m->rsrq_db };
	static const char *const f32_names[] = { "rsrp.tif", "sinr.tif", "rsrq.tif" };
	for (int k = 0; k < 3; k++) {
		*f32[k] = rf_xmalloc(np * sizeof(float));
		if (mosaic(s, g, f32_names[k], GDT_Float32, *f32[k], err))
			return -1;
		for (size_t i = 0; i < np; i++)   /* the writers store NAN as nodata */
			if ((*f32[k])[i] == (float)RF_MAP_NODATA)
				(*f32[k])[i] = NAN;
	}
	m->best = rf_xmalloc(np * sizeof(uint16_t));
	m->overlap = rf_xmalloc(np * sizeof(uint16_t));
	if (mosaic(s, g, "best_server.tif", GDT_UInt16, m->best, err) ||
	    mosaic(s, g, "overlap.tif", GDT_UInt16, m->overlap, err))
		return -1;
	return 0;
}

/* The cells (labels, PCI, frequency; position, azimuth, antenna and the
 * other attributes and the beamwidth for the GIS products), the class
 * edges and the readable map's width from run.json. */
static int run_options(const struct rf_tile *t, struct rf_cells *cells, double **rsrp,
		       double **sinr, double **bw, struct rf_predict_options *o,
		       struct rf_error *err)
{
	json_t *cs = json_object_get(t->run, "cells");
	json_t *par = json_object_get(t->run, "parameters");
	json_t *re = json_object_get(par, "rsrp_classes_dbm");
	json_t *se = json_object_get(par, "sinr_classes_db");
	size_t n = json_array_size(cs);
	rf_predict_options_default(o);
	if (!n || !json_is_array(re) || !json_is_array(se) || !json_array_size(re) ||
	    !json_array_size(se))
		return rf_error_set(err, "%s/run.json: no cells or class edges", t->dir);
	cells->items = rf_xcalloc(n, sizeof(*cells->items));
	cells->count = n;
	*bw = rf_xmalloc(n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		struct rf_cell *c = &cells->items[i];
		const char *site, *cell, *antenna = "";
		json_t *pci = NULL;
		(*bw)[i] = 360;
		if (json_unpack(json_array_get(cs, i), "{s:s, s:s, s:F, s:F, s?o}", "site_id",
				&site, "cell_id", &cell, "frequency_mhz", &c->frequency_mhz,
				"bandwidth_mhz", &c->bandwidth_mhz, "pci", &pci))
			return rf_error_set(err, "%s/run.json: cells[%zu]: missing fields", t->dir, i);
		json_unpack(json_array_get(cs, i), "{s?F, s?F, s?F, s?F, s?F, s?s, s?F, s?F, s?F,"
			    " s?F, s?F}", "lat_deg", &c->lat_deg, "lon_deg", &c->lon_deg,
			    "azimuth_deg", &c->azimuth_deg, "height_agl_m", &c->height_agl_m,
			    "mech_tilt_deg", &c->mech_tilt_deg, "antenna", &antenna,
			    "gain_dbi", &c->gain_dbi, "tx_power_dbm", &c->tx_power_dbm,
			    "rs_epre_dbm", &c->rs_epre_dbm, "feeder_loss_db", &c->feeder_loss_db,
			    "beamwidth_deg", &(*bw)[i]);
		json_unpack(json_array_get(cs, i), "{s?i}", "n_rb", &c->n_rb);
		c->site_id = rf_xstrdup(site);
		c->cell_id = rf_xstrdup(cell);
		c->antenna_spec = rf_xstrdup(antenna);
		c->pci = json_is_integer(pci) ? (int)json_integer_value(pci) : -1;
	}
	*rsrp = rf_xmalloc(json_array_size(re) * sizeof(double));
	*sinr = rf_xmalloc(json_array_size(se) * sizeof(double));
	for (size_t i = 0; i < json_array_size(re); i++)
		(*rsrp)[i] = json_number_value(json_array_get(re, i));
	for (size_t i = 0; i < json_array_size(se); i++)
		(*sinr)[i] = json_number_value(json_array_get(se, i));
	o->rsrp_edges = *rsrp;
	o->n_rsrp_edges = (int)json_array_size(re);
	o->sinr_edges = *sinr;
	o->n_sinr_edges = (int)json_array_size(se);
	o->engine.radius_km = json_number_value(json_object_get(par, "radius_km"));
	json_unpack(par, "{s?i}", "png_width_px", &o->png_width_px);
	const char *products = NULL;   /* the tiles' --products: the merge writes them */
	json_unpack(par, "{s?s}", "products", &products);
	if (products && rf_products_parse(products, "parameters.products", &o->products, err))
		return -1;
	/* the service maps' PDSCH SINR is rebuilt from sinr.tif at the load */
	json_unpack(par, "{s?F, s?F}", "load", &o->lte.load, "noise_figure_db",
		    &o->lte.noise_figure_db);
	if (rf_lte_service_from_json(json_object_get(par, "lte_service"), &o->service))
		return rf_error_set(err, "%s/run.json: malformed parameters.lte_service", t->dir);
	return 0;
}

/* The tiles' workspace (tile 1's run.json, rf_run_workspace_dir: found
 * from any working directory), malloc'd; NULL when run.json names none. */
static char *tile_workspace(const struct rf_tile *t)
{
	char *run_json = rf_path_join(t->dir, "run.json");
	char *wd = rf_run_workspace_dir(run_json, t->run);
	free(run_json);
	return wd;
}

/* The DEM height at each pixel of the merged grid g (stats.csv's land and
 * sea, doc/lte.md), from the tiles' workspace as predict reads it; when
 * that cannot be opened, a warning and no split (m->ground_m NULL). */
static void read_ground(const struct rf_tile *t, const struct rf_grid *g,
			struct rf_predict_maps *m, struct rf_log *log)
{
	char *wd = tile_workspace(t);
	struct rf_workspace ws;
	struct rf_raster dem = { 0 };
	struct rf_bounds b;
	struct rf_error e;
	char *path;
	int rc;
	if (!wd || rf_workspace_open(wd, &ws, &e)) {
		rf_warn(log, "the tiles' workspace %s cannot be opened: stats.csv without the "
			"land/sea split", wd ? wd : "?");
		free(wd);
		return;
	}
	free(wd);
	path = rf_workspace_path(&ws, "dem.tif");
	rf_grid_bounds(g, &b);
	rc = rf_raster_read(path, 1, &b, &dem, &e);
	free(path);
	rf_workspace_close(&ws);
	if (rc) {
		rf_warn(log, "%s: stats.csv without the land/sea split", e.msg);
		return;
	}
	m->ground_m = rf_xmalloc((size_t)g->width * (size_t)g->height * sizeof(float));
	for (int row = 0; row < g->height; row++) {
		long r = lround(rf_grid_row(&dem.grid, rf_grid_lat_deg(g, row)));
		for (int col = 0; col < g->width; col++) {
			long c = lround(rf_grid_col(&dem.grid, rf_grid_lon_deg(g, col)));
			m->ground_m[(size_t)row * g->width + col] =
				r < 0 || c < 0 || r >= dem.grid.height || c >= dem.grid.width
					? NAN : dem.data[(size_t)r * dem.grid.width + (size_t)c];
		}
	}
	rf_raster_free(&dem);
}

/* The GIS products of the merged maps (doc/outputs.md), when the tiles'
 * workspace (run.json "workspace") can still be opened from here: its DEM
 * gives the hillshade, its sites the markers.  Otherwise a warning. */
static int gis_outputs(const struct rf_tile *t, const struct rf_grid *g,
		       const struct rf_cells *cells, const struct rf_predict_maps *m,
		       const double *bw, const struct rf_predict_options *o, const char *dir,
		       struct rf_predict_summary *sum, struct rf_log *log, struct rf_error *err)
{
	struct rf_workspace ws;
	struct rf_error e;
	char *wd = tile_workspace(t);
	json_t *model = json_object_get(t->run, "model");
	struct rf_predict_options po = *o;
	if (!wd || rf_workspace_open(wd, &ws, &e)) {
		rf_warn(log, "the tiles' workspace %s cannot be opened (%s): rsrp.png, "
			"hillshade.tif, coverage.gpkg and project.qgs not written", wd ? wd : "?",
			wd ? e.msg : "not in run.json");
		free(wd);
		return 0;
	}
	free(wd);
	const char *name = json_string_value(json_object_get(model, "name"));
	if (!name || rf_model_parse(name, &po.engine.model.model))   /* the title only */
		po.engine.model.model = RF_MODEL_ITM;
	int rc = rf_write_gis_outputs(&ws, cells, g, m, bw, &po, dir, sum, err);
	rf_workspace_close(&ws);
	return rc;
}

/* run.json of the merge (to be written at path): tile 1's, with its
 * workspace's relative path from path's directory, the whole grid, the
 * pixel counts, the tiles' timings summed, the tiles, warnings of all
 * tiles, outputs. */
static json_t *merged_run(const struct rf_tile_set *s, const struct rf_grid *g,
			  const struct rf_predict_summary *sum, double t_merge_s, int argc,
			  char **argv, const char *path)
{
	const struct rf_tile *first = &s->tiles[0];
	json_t *root = json_deep_copy(first->run);
	char *wd = tile_workspace(first);
	struct rf_error e;
	/* tile 1's relative path is from its own directory: the merge's is
	 * recomputed, or dropped when the workspace is not found from here */
	if (!wd || rf_run_json_set_workspace(root, path, wd, &e)) {
		json_object_del(root, "workspace_relative");
		json_object_del(root, "workspace_absolute");
	}
	free(wd);
	json_t *timings = json_object(), *tiles = json_array(), *warn = json_array();
	const char *key;
	json_t *v;
	long computed = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct rf_tile *t = &s->tiles[i];
		computed += t->pixels_computed;
		json_object_foreach(json_object_get(t->run, "timings_s"), key, v) {
			double prev = json_number_value(json_object_get(timings, key));
			json_object_set_new(timings, key, json_real(prev + json_number_value(v)));
		}
		for (size_t w = 0; w < json_array_size(json_object_get(t->run, "warnings")); w++) {
			json_t *msg = json_array_get(json_object_get(t->run, "warnings"), w);
			int dup = 0;
			for (size_t o = 0; o < json_array_size(warn) && !dup; o++)
				dup = json_equal(json_array_get(warn, o), msg);
			if (!dup)
				json_array_append(warn, msg);
		}
		json_array_append_new(tiles, json_pack("{s:s, s:i, s:[i,i], s:[i,i], s:I}", "dir",
						       t->dir, "tile", t->k, "cols", t->win.x0,
						       t->win.width, "rows", t->win.y0, t->win.height,
						       "pixels_computed", (json_int_t)t->pixels_computed));
	}
	json_object_set_new(timings, "merge", json_real(t_merge_s));
	json_object_set_new(root, "tiles", tiles);
	json_object_del(root, "pathloss_matrices");   /* each tile's run.json has its own */
	rf_run_json_results(root, g, computed, sum, timings, argc, argv, warn);
	return root;
}

int rf_merge(const struct rf_merge_options *o, struct rf_log *log, struct rf_error *err)
{
	struct rf_tile_set s;
	struct rf_predict_maps maps;
	struct rf_predict_summary sum;
	struct rf_predict_options po;
	struct rf_cells cells;
	double *rsrp = NULL, *sinr = NULL, *bw = NULL, t0 = rf_monotonic_s();
	struct rf_outdir *od = NULL;
	const char *tmp;
	char *path = NULL;
	json_t *run = NULL;
	const struct rf_grid *g;
	int rc = -1;

	memset(&maps, 0, sizeof(maps));
	memset(&sum, 0, sizeof(sum));
	memset(&cells, 0, sizeof(cells));
	if (!o->n_inputs)
		return rf_error_set(err, "no tile directory given");
	if (rf_tile_set_load(&s, o->inputs, o->n_inputs, err))
		goto out;
	g = &s.tiles[0].full;
	rf_info(log, "merging %zu tiles into a %dx%d grid", s.n, g->width, g->height);
	read_ground(&s.tiles[0], g, &maps, log);
	if (run_options(&s.tiles[0], &cells, &rsrp, &sinr, &bw, &po, err) ||
	    !(od = rf_outdir_begin(o->outdir, o->force ? RF_OUTDIR_FORCE : 0, log, err)))
		goto out;
	tmp = rf_outdir_tmp(od);
	if (read_maps(&s, g, &maps, err) || rf_interrupt_check(err) ||
	    rf_write_maps(g, &cells, &maps, &po, tmp, &sum, err) || rf_interrupt_check(err) ||
	    gis_outputs(&s.tiles[0], g, &cells, &maps, bw, &po, tmp, &sum, log, err))
		goto out;
	path = rf_xmalloc(strlen(tmp) + 16);
	sprintf(path, "%s/run.json", tmp);
	run = merged_run(&s, g, &sum, rf_monotonic_s() - t0, o->argc, o->argv, path);
	if (rf_run_json_write(path, run, err))
		goto out;
	rc = rf_outdir_commit(od, err);
	od = NULL;
	if (rc)
		goto out;
	rf_info(log, "%s: %ld pixels served, %.2f km^2", o->outdir, sum.pixels_served,
		sum.served_area_km2);
	rc = 0;
out:
	rf_outdir_abort(od);
	if (rc)
		rf_interrupt_note(err, o->outdir);
	json_decref(run);
	free(path);
	free(rsrp);
	free(sinr);
	free(bw);
	rf_cells_free(&cells);
	rf_predict_maps_free(&maps);
	rf_predict_summary_free(&sum);
	rf_tile_set_free(&s);
	return rc;
}

/* Path-loss matrices: key, load and save (engine_pathloss.h, doc/engine.md
 * "Path-loss matrices").  The key is the SHA-256 of a JSON text holding
 * every input of the loss: the workspace's content hash, the code version,
 * the grid and window, the model and the request's parameters as run.json
 * writes them (rf_run_model_json, rf_run_params_json) less the named ones
 * that act after the loss, and the cell's position, ground, height and
 * frequency.  A parameter added to the request is thus in the key until it
 * is named below: at worst a matrix is recomputed, never reused stale. */
#include "engine_pathloss.h"
#include "engine_priv.h"
#include "run_manifest.h"
#include "rfplan/sha256.h"
#include "rfplan/version.h"
#include "core/cache_dir.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#define MATRIX_FORMAT 1

/* Request parameters (rf_run_params_json's keys) applied after the path
 * loss: the antenna side, the LTE combination and the products. */
static const char *const after_loss[] = {
	"threads", "rx_gain_dbi", "body_loss_db", "noise_figure_db", "load",
	"overlap_margin_db", "min_rsrp_dbm", "rsrp_classes_dbm", "sinr_classes_db",
	"per_cell", "strict", "indoor", "png_width_px", "lte_service", "products",
};

/* The SHA-256 of the workspace file `name` (once per run: ws's record of
 * digests), or "none" when it is absent. */
static int hash_ws_file(const struct rf_workspace *ws, const char *name, char hex[65],
			struct rf_error *err)
{
	char *path = rf_workspace_path(ws, name);
	struct stat st;
	int rc = 0;
	if (stat(path, &st) != 0 && errno == ENOENT)
		snprintf(hex, 65, "none");
	else
		rc = rf_workspace_sha256(ws, path, hex, err);
	free(path);
	return rc;
}

int rf_pathloss_content_sha256(const struct rf_workspace *ws, char hex[65],
			       struct rf_error *err)
{
	char dem[65], clutter[65], classes[65], text[256];
	/* manifest.json records the sources' hashes, not the workspace's own
	 * files (a user may have replaced dem.tif): the files themselves */
	if (hash_ws_file(ws, "dem.tif", dem, err) || hash_ws_file(ws, "clutter.tif", clutter, err) ||
	    hash_ws_file(ws, "clutter_classes.csv", classes, err))
		return -1;
	snprintf(text, sizeof(text), "dem.tif %s\nclutter.tif %s\nclutter_classes.csv %s\n", dem,
		 clutter, classes);
	return rf_sha256_buffer(text, strlen(text), hex, err);
}

int rf_pathloss_store_open(struct rf_pathloss_store *s, const struct rf_workspace *ws,
			   struct rf_error *err)
{
	return rf_pathloss_store_open_as(s, ws, NULL, err);
}

int rf_pathloss_store_open_as(struct rf_pathloss_store *s, const struct rf_workspace *ws,
			      const char *ws_shown, struct rf_error *err)
{
	int absent, fd;
	memset(s, 0, sizeof(*s));
	if (rf_pathloss_content_sha256(ws, s->content_sha256, err))
		return -1;
	s->dir = rf_workspace_path(ws, "pathloss");
	s->shown = rf_path_join(ws_shown ? ws_shown : ws->dir, "pathloss");
	/* a WS/pathloss that is a link (a workspace from others: to anywhere)
	 * or a file is neither read nor written through; absent, it is made
	 * by the first save */
	fd = rf_cache_dir_open_as(s->dir, s->shown, &absent, err);
	if (fd >= 0)
		close(fd);
	if (fd < 0 && !absent) {
		rf_pathloss_store_close(s);
		return -1;
	}
	return 0;
}

void rf_pathloss_store_close(struct rf_pathloss_store *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s->shown);
	memset(s, 0, sizeof(*s));
}

/* The key's JSON text (malloc'd), or NULL when a value is not finite. */
static char *key_text(const struct rf_pathloss_store *s, const struct rf_engine *eng,
		      const struct rf_predict_options *o, int cell, const struct rf_window *win)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	const struct rf_grid *g = &eng->ws_grid;
	json_t *params = rf_run_params_json(o), *root;
	char *text = NULL;
	for (size_t i = 0; params && i < sizeof(after_loss) / sizeof(after_loss[0]); i++)
		json_object_del(params, after_loss[i]);
	root = json_pack("{s:i, s:s, s:s, s:{s:f, s:f, s:f, s:f, s:i, s:i}, s:[i, i, i, i],"
			 " s:o?, s:o?, s:b, s:{s:f, s:f, s:f, s:f, s:f}}",
			 "format", MATRIX_FORMAT, "rfplan_version", rf_version(),
			 "workspace_content_sha256", s->content_sha256, "grid",
			 "west_deg", g->west_deg, "north_deg", g->north_deg, "dlon_deg", g->dlon_deg,
			 "dlat_deg", g->dlat_deg, "width", g->width, "height", g->height,
			 "window", win->x0 + eng->ux0, win->y0 + eng->uy0, win->width, win->height,
			 "model", rf_run_model_json(&o->engine.model), "parameters", params,
			 "clutter_used", eng->clutter.code != NULL, "cell",
			 "lat_deg", c->lat_deg, "lon_deg", c->lon_deg, "ground_m", c->ground_m,
			 "height_agl_m", c->height_agl_m, "frequency_mhz", c->frequency_mhz);
	/* the SPM's coefficients are per cell once calibrated (its band, its
	 * offset: rf_spm_cell_coeffs, as engine_pixel.c takes them) */
	if (root && o->engine.model.model == RF_MODEL_SPM) {
		struct rf_spm_coeffs k = o->engine.model.spm;
		rf_spm_cell_coeffs(&o->engine.model, c->site_id, c->cell_id, c->frequency_mhz, &k);
		json_object_set_new(json_object_get(root, "cell"), "spm_k",
				    json_pack("[f, f, f, f, f, f, f, i]", k.k1, k.k2, k.k3, k.k4,
					      k.k5, k.k6, k.k7, k.distance_km));
	}
	if (root && json_is_object(json_object_get(root, "model")) &&
	    json_is_object(json_object_get(root, "parameters")))
		text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
	json_decref(root);
	return text;
}

int rf_pathloss_key(const struct rf_pathloss_store *s, const struct rf_engine *eng,
		    const struct rf_predict_options *o, int cell, const struct rf_window *win,
		    char key[65], struct rf_error *err)
{
	char *text = key_text(s, eng, o, cell, win);
	int rc;
	if (!text)
		return rf_error_set(err, "cell %s/%s: a propagation input is not a finite number",
				    eng->cells->items[cell].site_id, eng->cells->items[cell].cell_id);
	rc = rf_sha256_buffer(text, strlen(text), key, err);
	free(text);
	return rc;
}

/* KEY.tif, the matrix's name in the store. */
static void matrix_name(const char *key, char name[80])
{
	snprintf(name, 80, "%s.tif", key);
}

int rf_pathloss_load(const struct rf_pathloss_store *s, const char *key,
		     struct rf_cell_result *res, struct rf_error *err)
{
	static const char *const gtiff[] = { "GTiff", NULL };
	static const char *const no_siblings[] = { NULL };
	char name[80];
	struct rf_cache_file f;
	GDALDatasetH ds = NULL;
	const char *v;
	float *loss = NULL;
	size_t np = (size_t)res->win.width * (size_t)res->win.height;
	int absent, rc, dfd = rf_cache_dir_open_as(s->dir, s->shown, &absent, err);

	if (dfd < 0)   /* absent (made by the first save), or a link made since */
		return absent ? 0 : -1;
	matrix_name(key, name);
	/* the entry opened relative to the store, never through a link, a FIFO
	 * or a device; GDAL reads the very file checked (f.path) */
	rc = rf_cache_file_open(dfd, s->shown, name, &f, err);
	close(dfd);
	if (rc != 1)
		return rc;
	rc = 0;
	CPLErrorReset();
	ds = GDALOpenEx(f.path, GDAL_OF_RASTER | GDAL_OF_READONLY, gtiff, NULL,
			no_siblings);
	v = ds ? GDALGetMetadataItem(ds, "RFPLAN_KEY", NULL) : NULL;
	if (!ds || !v || strcmp(v, key) || GDALGetRasterCount(ds) != 1 ||
	    GDALGetRasterXSize(ds) != res->win.width || GDALGetRasterYSize(ds) != res->win.height) {
		rf_error_set(err, "%s/%s: not this key's matrix (unreadable or another window)",
			     s->shown, name);
		goto out;
	}
	loss = rf_xmalloc((np ? np : 1) * sizeof(float));
	if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, res->win.width, res->win.height,
			 loss, res->win.width, res->win.height, GDT_Float32, 0, 0) != CE_None) {
		rf_error_set(err, "%s/%s: read failed: %s", s->shown, name, CPLGetLastErrorMsg());
		goto out;
	}
	v = GDALGetMetadataItem(ds, "RFPLAN_WARNINGS", NULL);
	res->warnings = v ? (unsigned)strtoul(v, NULL, 10) : 0;
	v = GDALGetMetadataItem(ds, "RFPLAN_FAILED_PIXELS", NULL);
	res->n_failed = v ? strtol(v, NULL, 10) : 0;
	v = GDALGetMetadataItem(ds, "RFPLAN_FIRST_FAILURE", NULL);
	snprintf(res->first_failure, sizeof(res->first_failure), "%s", v ? v : "");
	res->first_failure_pixel = res->n_failed ? 0 : -1;
	res->loss_db = loss;
	loss = NULL;
	rc = 1;
out:
	free(loss);
	if (ds)
		GDALClose(ds);
	rf_cache_file_close(&f);
	return rc;
}

/* The GeoTIFF of res's loss at tmp: tiled, DEFLATE with the floating-point
 * predictor (lossless: the same bits come back), EPSG:4326, NAN nodata. */
static int write_tiff(const char *tmp, const struct rf_pathloss_store *s, const char *key,
		      const struct rf_engine *eng, int cell, const struct rf_cell_result *res)
{
	const struct rf_cell *c = &eng->cells->items[cell];
	const struct rf_grid *g = &eng->grid;
	double gt[6] = { g->west_deg + res->win.x0 * g->dlon_deg, g->dlon_deg, 0.0,
			 g->north_deg - res->win.y0 * g->dlat_deg, 0.0, -g->dlat_deg };
	GDALDriverH drv = GDALGetDriverByName("GTiff");
	char **co = NULL, num[32], *id;
	OGRSpatialReferenceH srs;
	GDALDatasetH ds;
	CPLErr e;
	size_t id_len = strlen(c->site_id) + strlen(c->cell_id) + 2;

	co = CSLSetNameValue(co, "TILED", "YES");
	co = CSLSetNameValue(co, "COMPRESS", "DEFLATE");
	co = CSLSetNameValue(co, "PREDICTOR", "3");
	co = CSLSetNameValue(co, "BIGTIFF", "IF_SAFER");
	ds = drv ? GDALCreate(drv, tmp, res->win.width, res->win.height, 1, GDT_Float32, co) : NULL;
	CSLDestroy(co);
	if (!ds)
		return -1;
	GDALSetGeoTransform(ds, gt);
	srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(srs, 4326);
	OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
	GDALSetSpatialRef(ds, srs);
	OSRDestroySpatialReference(srs);
	id = rf_xmalloc(id_len);
	snprintf(id, id_len, "%s/%s", c->site_id, c->cell_id);
	GDALSetMetadataItem(ds, "RFPLAN_KEY", key, NULL);
	GDALSetMetadataItem(ds, "RFPLAN_CELL", id, NULL);
	free(id);
	GDALSetMetadataItem(ds, "RFPLAN_VERSION", rf_version(), NULL);
	GDALSetMetadataItem(ds, "RFPLAN_CONTENT_SHA256", s->content_sha256, NULL);
	snprintf(num, sizeof(num), "%u", res->warnings);
	GDALSetMetadataItem(ds, "RFPLAN_WARNINGS", num, NULL);
	snprintf(num, sizeof(num), "%ld", res->n_failed);
	GDALSetMetadataItem(ds, "RFPLAN_FAILED_PIXELS", num, NULL);
	GDALSetMetadataItem(ds, "RFPLAN_FIRST_FAILURE", res->first_failure, NULL);
	GDALSetRasterNoDataValue(GDALGetRasterBand(ds, 1), NAN);
	GDALSetDescription(GDALGetRasterBand(ds, 1), "path loss (dB), antenna excluded");
	e = GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, res->win.width,
			 res->win.height, res->loss_db, res->win.width, res->win.height,
			 GDT_Float32, 0, 0);
	GDALClose(ds);
	return e == CE_None && CPLGetLastErrorType() < CE_Failure ? 0 : -1;
}

int rf_pathloss_save(const struct rf_pathloss_store *s, const char *key,
		     const struct rf_engine *eng, int cell, const struct rf_cell_result *res,
		     struct rf_error *err)
{
	char name[80], *tmp = NULL;
	struct rf_cache_file f;
	int dfd = -1, rc = -1;
	matrix_name(key, name);
	if (mkdir(s->dir, 0777) != 0 && errno != EEXIST) {
		rf_error_set(err, "%s: cannot create: %s", s->shown, strerror(errno));
		goto out;
	}
	/* absent when opened: made a link since?  The temporary is created
	 * relative to the directory (O_EXCL | O_NOFOLLOW) and written through
	 * its descriptor (f.path), whatever becomes of its name */
	dfd = rf_cache_dir_open_as(s->dir, s->shown, NULL, err);
	if (dfd < 0 || rf_cache_tmp_create(dfd, s->shown, name, &tmp, &f, err))
		goto out;
	CPLErrorReset();
	if (write_tiff(f.path, s, key, eng, cell, res)) {
		rf_error_set(err, "%s/%s: cannot write GeoTIFF: %s", s->shown, name,
			     CPLGetLastErrorMsg());
		rf_cache_file_close(&f);
		rf_cache_tmp_abort(dfd, tmp);
		goto out;
	}
	rf_cache_file_close(&f);
	rc = rf_cache_tmp_commit(dfd, s->shown, tmp, name, err);
out:
	if (dfd >= 0)
		close(dfd);
	return rc;
}

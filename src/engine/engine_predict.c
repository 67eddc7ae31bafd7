/* The whole prediction: locate cells, path loss of every cell, RSRP, the
 * per-pixel LTE combination (best server, overlap, SINR, RSRQ), statistics,
 * outputs.  doc/engine.md and doc/lte.md. */
#include "engine_pathloss.h"
#include "engine_priv.h"
#include "engine_tworesl.h"
#include "rfplan/engine.h"
#include "rfplan/geo.h"
#include "rfplan/interrupt.h"
#include "rfplan/limits.h"
#include "rfplan/profile.h"
#include "rfplan/predict.h"
#include "rfplan/gis.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const double default_rsrp_edges[] = { -80, -90, -100, -110, -120 };
static const double default_sinr_edges[] = { 20, 13, 0, -3 };

void rf_predict_options_default(struct rf_predict_options *o)
{
	memset(o, 0, sizeof(*o));
	rf_engine_options_default(&o->engine);
	rf_lte_params_default(&o->lte);
	o->rsrp_edges = default_rsrp_edges;
	o->n_rsrp_edges = 5;
	o->sinr_edges = default_sinr_edges;
	o->n_sinr_edges = 4;
	o->indoor_pct = 50.0;
	o->building_class = 1;   /* RF_P2109_TRADITIONAL */
	o->png_width_px = RF_REPORT_WIDTH_DEFAULT;
	rf_lte_service_default(&o->service);
}

void rf_predict_maps_free(struct rf_predict_maps *m)
{
	free(m->rsrp_dbm);
	free(m->sinr_db);
	free(m->rsrq_db);
	free(m->best);
	free(m->overlap);
	free(m->rsrp_indoor_dbm);
	free(m->ground_m);
	memset(m, 0, sizeof(*m));
}

/* Per pixel of the output rectangle (eng->tile: the whole grid, or one
 * tile), the RSRP of the cells whose window covers it, in index order,
 * combined by rf_lte_combine.  Only those cells are visited (a row first
 * lists the cells covering it), so the cost is O(pixels x covering cells),
 * not O(pixels x cells).  rf_lte_combine skips cells without a value and
 * sums in array order, so the compact arrays give exactly the full-array
 * result.  Rows are independent: the maps do not depend on the thread
 * count, nor on the tiling. */
static void combine(const struct rf_engine *eng, float *const *rsrp_cells,
		    const struct rf_predict_options *o, struct rf_predict_maps *m)
{
	const struct rf_window *t = &eng->tile;
	int n = (int)eng->cells->count;
	size_t np = (size_t)t->width * (size_t)t->height;
	struct rf_lte_carrier *car = rf_xmalloc((size_t)n * sizeof(*car));
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();

	for (int c = 0; c < n; c++)
		rf_lte_carrier_init(&car[c], eng->cells->items[c].frequency_mhz,
				    eng->cells->items[c].bandwidth_mhz, eng->cells->items[c].n_rb,
				    &o->lte);
	m->rsrp_dbm = rf_xmalloc(np * sizeof(float));
	m->sinr_db = rf_xmalloc(np * sizeof(float));
	m->rsrq_db = rf_xmalloc(np * sizeof(float));
	m->best = rf_xmalloc(np * sizeof(uint16_t));
	m->overlap = rf_xmalloc(np * sizeof(uint16_t));
	m->ground_m = rf_xmalloc(np * sizeof(float));

	#pragma omp parallel num_threads(threads)
	{
		double *v = rf_xmalloc((size_t)n * sizeof(double));
		struct rf_lte_carrier *vc = rf_xmalloc((size_t)n * sizeof(*vc));
		int *row_cells = rf_xmalloc((size_t)n * sizeof(int));
		int *px_cells = rf_xmalloc((size_t)n * sizeof(int));
		#pragma omp for schedule(static)
		for (int ty = 0; ty < t->height; ty++) {
			int row = t->y0 + ty, nr = 0;
			for (int c = 0; c < n; c++) {
				const struct rf_window *w = &eng->windows[c];
				if (row >= w->y0 && row < w->y0 + w->height &&
				    w->x0 < t->x0 + t->width && w->x0 + w->width > t->x0)
					row_cells[nr++] = c;
			}
			for (int tx = 0; tx < t->width; tx++) {
				int col = t->x0 + tx, k = 0;
				size_t i = (size_t)ty * t->width + tx;
				struct rf_lte_pixel px;
				for (int j = 0; j < nr; j++) {
					int c = row_cells[j];
					const struct rf_window *w = &eng->windows[c];
					int x = col - w->x0;
					if (x < 0 || x >= w->width)
						continue;
					v[k] = rsrp_cells[c][(size_t)(row - w->y0) * w->width + x];
					vc[k] = car[c];
					px_cells[k++] = c;
				}
				rf_lte_combine(&o->lte, vc, v, k, &px);
				if (px.best >= 0)
					px.best = px_cells[px.best];
				m->rsrp_dbm[i] = (float)px.rsrp_dbm;
				m->sinr_db[i] = (float)px.sinr_db;
				m->rsrq_db[i] = (float)px.rsrq_db;
				m->best[i] = px.best < 0 ? RF_BEST_NODATA : (uint16_t)px.best;
				m->overlap[i] = px.best < 0 ? RF_BEST_NODATA : (uint16_t)px.overlap;
				/* the terrain read covers the cells' windows, not always
				 * the whole tile: outside it the ground is unknown */
				int dx = col - eng->dem_x0, dy = row - eng->dem_y0;
				m->ground_m[i] = dx >= 0 && dy >= 0 && dx < eng->dem.grid.width &&
						 dy < eng->dem.grid.height
					? eng->dem.data[(size_t)dy * eng->dem.grid.width + (size_t)dx]
					: NAN;
			}
		}
		free(v);
		free(vc);
		free(row_cells);
		free(px_cells);
	}
	free(car);
}

/* Point 5 of doc/engine.md's costs: the work ahead, cells x pixels x
 * profile points.  Pixels: those of the window within the radius (a disc of
 * pi R^2 on the pixel's area at the site, at most the window); profile
 * points: those of the mean distance to a point of a disc, 2R/3. */
static void report_estimate(const struct rf_engine *eng, const int *idx, int n,
			    const int *from, struct rf_log *log)
{
	const struct rf_grid *g = &eng->ws_grid;
	/* two resolutions: this grid computes the main disc alone */
	double radius_m = (eng->loss_radius_km > 0 ? eng->loss_radius_km
						   : eng->opts.radius_km) * 1000.0;
	double pixels = 0.0, samples = 0.0;
	int todo = 0;
	for (int k = 0; k < n; k++) {
		const struct rf_cell *c = &eng->cells->items[idx[k]];
		const struct rf_window *w = &eng->windows[idx[k]];
		double area_m2 = g->dlat_deg * rf_geo_m_per_deg_lat(c->lat_deg) * g->dlon_deg *
				 rf_geo_m_per_deg_lon(c->lat_deg);
		double px = fmin(M_PI * radius_m * radius_m / area_m2, (double)w->width * w->height);
		if (from[k] != RF_LOSS_COMPUTE)
			continue;
		todo++;
		pixels += px;
		int pts = rf_profile_points(g, c->lat_deg, 2.0 * radius_m / 3.0);
		if (eng->opts.profile_points_max > 0 && pts > eng->opts.profile_points_max)
			pts = eng->opts.profile_points_max;   /* --profile-spacing */
		samples += px * pts;
	}
	rf_info(log, "estimated work: %d cells x %.3g pixels x %.0f profile points = %.3g "
		"samples (%d cells from path-loss matrices or a sector's of their site)", todo,
		todo ? pixels / todo : 0.0, pixels > 0 ? samples / pixels : 0.0, samples, n - todo);
}

/* The cells' matrices: key each cell, read those present (from[k] =
 * RF_LOSS_GIVEN); a cell with the key of an earlier one (a sector of the
 * same site) shares its loss (from[k] = that one).  sum->matrix /
 * matrix_key record what each cell used.  The keys first, in order; then
 * the distinct matrices are read in parallel (each its own GDAL dataset). */
static void load_matrices(const struct rf_engine *eng, const struct rf_pathloss_store *st,
			  const struct rf_predict_options *o, int cache, const int *idx, int n,
			  struct rf_cell_result *res, int *from, struct rf_predict_summary *sum,
			  struct rf_log *log)
{
	int threads = o->engine.threads > 0 ? o->engine.threads : omp_get_max_threads();
	for (int k = 0; k < n; k++) {
		int c = idx[k];
		struct rf_error kerr;
		from[k] = RF_LOSS_COMPUTE;
		sum->matrix[c] = RF_MATRIX_OFF;
		if (!st)
			continue;
		memset(&res[k], 0, sizeof(res[k]));
		res[k].win = eng->windows[c];
		if (rf_pathloss_key(st, eng, o, c, &res[k].win, sum->matrix_key[c], &kerr)) {
			rf_verbose(log, "no path-loss matrix: %s", kerr.msg);
			sum->matrix_key[c][0] = '\0';
			continue;
		}
		for (int j = 0; j < k && from[k] == RF_LOSS_COMPUTE; j++)
			if (from[j] < 0 && sum->matrix_key[idx[j]][0] &&
			    !strcmp(sum->matrix_key[idx[j]], sum->matrix_key[c]))
				from[k] = j;
	}
	if (!st)
		return;
	int refused = n;   /* the lowest cell whose entry was refused (a link, a FIFO) */
	struct rf_error rerr;
	#pragma omp parallel for num_threads(threads) schedule(dynamic)
	for (int k = 0; k < n; k++) {
		int c = idx[k], got;
		struct rf_error kerr;
		if (from[k] != RF_LOSS_COMPUTE || !sum->matrix_key[c][0])
			continue;
		got = rf_pathloss_load(st, sum->matrix_key[c], &res[k], &kerr);
		if (got == 1)
			from[k] = RF_LOSS_GIVEN;
		if (got < 0) {
			#pragma omp critical(rf_matrix_load)
			if (k < refused) {
				rerr = kerr;
				refused = k;
			}
		}
		sum->matrix[c] = from[k] == RF_LOSS_GIVEN ? RF_MATRIX_REUSED
			       : cache == RF_CACHE_RW ? RF_MATRIX_COMPUTED : RF_MATRIX_OFF;
	}
	if (refused < n)
		rf_warn(log, "path-loss matrix not read, computed instead: %s", rerr.msg);
	for (int k = 0; k < n; k++)   /* the sharing cells: as their matrix's */
		if (from[k] >= 0)
			sum->matrix[idx[k]] = sum->matrix[idx[from[k]]];
}

/* Store the matrices computed, in parallel (each its own GDAL dataset).  A
 * failure is a warning, the lowest cell's, and stops the stores not yet
 * begun: the run's maps do not depend on them. */
static void save_matrices(const struct rf_engine *eng, const struct rf_pathloss_store *st,
			  const int *idx, int n, const struct rf_cell_result *res,
			  const int *from, const struct rf_predict_summary *sum,
			  struct rf_log *log)
{
	int threads = eng->opts.threads > 0 ? eng->opts.threads : omp_get_max_threads();
	int first = n;
	struct rf_error ferr;
	rf_gdal_drivers_ready();
	#pragma omp parallel for num_threads(threads) schedule(dynamic)
	for (int k = 0; k < n; k++) {
		int c = idx[k], failed;
		struct rf_error serr;
		#pragma omp atomic read
		failed = first;
		if (failed < n || from[k] != RF_LOSS_COMPUTE ||
		    sum->matrix[c] != RF_MATRIX_COMPUTED)
			continue;
		if (rf_pathloss_save(st, sum->matrix_key[c], eng, c, &res[k], &serr)) {
			#pragma omp critical(rf_matrix_save)
			if (k < first) {
				ferr = serr;
				#pragma omp atomic write
				first = k;
			}
		}
	}
	if (first < n)
		rf_warn(log, "path-loss matrix not stored: %s", ferr.msg);
}

/* The path loss of the cells whose window reaches the output rectangle,
 * from their matrices when cache is not RF_CACHE_OFF and they are stored
 * (doc/engine.md, "Path-loss matrices"), else computed (and stored when
 * cache is RF_CACHE_RW).
 * A tile may hold only the corner of a cell's window beyond its radius:
 * there "no pixel could be computed" is not an error (every result is
 * complete when rf_engine_compute reports it).  ws_shown: ws's directory
 * in messages (NULL: ws->dir; the extended workspace's name). */
static int compute_cells(const struct rf_engine *eng, const struct rf_workspace *ws,
			 const char *ws_shown, const struct rf_predict_options *o, int cache,
			 const int *idx, int n, struct rf_cell_result *res,
			 struct rf_predict_summary *sum, struct rf_log *log, struct rf_error *err)
{
	struct rf_pathloss_store store, *st = NULL;
	int *from = rf_xcalloc((size_t)(n ? n : 1), sizeof(int));
	int rc = 0;
	if (cache != RF_CACHE_OFF && n) {
		struct rf_error serr;
		if (rf_pathloss_store_open_as(&store, ws, ws_shown, &serr))
			rf_warn(log, "path-loss matrices not used: %s", serr.msg);
		else
			st = &store;
	}
	load_matrices(eng, st, o, cache, idx, n, res, from, sum, log);
	report_estimate(eng, idx, n, from, log);
	if (n && rf_engine_compute_with(eng, idx, n, res, from, log, err)) {
		rc = -1;
		if (eng->opts.tile_n && !rf_interrupted()) {
			rc = 0;
			for (int k = 0; k < n; k++)
				if (!res[k].loss_db || !res[k].gain_dbi)
					rc = -1;
			if (!rc)
				rf_verbose(log, "tile %d/%d: %s (in this tile)", eng->opts.tile_k,
					   eng->opts.tile_n, err->msg);
		}
	}
	if (!rc && st && cache == RF_CACHE_RW)
		save_matrices(eng, st, idx, n, res, from, sum, log);
	if (st)
		rf_pathloss_store_close(st);
	free(from);
	return rc;
}

/* rf_engine_compute_with's "no pixel could be computed" is no error in a
 * tile holding only corners of windows (every result complete). */
static int tile_tolerates(const struct rf_engine *eng, const struct rf_cell_result *res, int n,
			  struct rf_log *log, const struct rf_error *err)
{
	if (!eng->opts.tile_n || rf_interrupted())
		return 0;
	for (int k = 0; k < n; k++)
		if (!res[k].loss_db || !res[k].gain_dbi)
			return 0;
	rf_verbose(log, "tile %d/%d: %s (in this tile)", eng->opts.tile_k, eng->opts.tile_n,
		   err->msg);
	return 1;
}

/* err's message with every mention of the extended workspace's directory
 * dir (its descriptor's /proc/self/fd/N, meaningless to the user) given as
 * shown (WS/pathloss/ext-HASH-xF). */
static void name_extended(struct rf_error *err, const char *dir, const char *shown)
{
	char out[RF_ERROR_MSG_MAX];
	const char *m = err->msg, *hit;
	size_t n = strlen(dir), len = 0;
	while ((hit = strstr(m, dir)) != NULL && len < sizeof(out)) {
		int whole = hit[n] < '0' || hit[n] > '9';   /* /proc/self/fd/5, not .../fd/51 */
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%.*s%s", (int)(hit - m),
					m, whole ? shown : dir);
		m = hit + n;
	}
	if (m == err->msg)
		return;
	if (len < sizeof(out))
		snprintf(out + len, sizeof(out) - len, "%s", m);
	snprintf(err->msg, sizeof(err->msg), "%s", out);
}

/* Two resolutions (doc/engine.md): the cells' extended matrices, computed
 * or read as any path-loss matrix on the extended workspace (no tile: the
 * same matrix for every tile), the loss beyond the main radius from them
 * (engine_tworesl.c), then every gain again from the loss by the
 * expressions of the computation (within the main radius the same bits). */
static int extend_cells(const struct rf_engine *eng, const struct rf_workspace *ws,
			const struct rf_predict_options *o, int cache, const int *idx,
			int n, struct rf_cell_result *res, struct rf_log *log,
			struct rf_error *err)
{
	struct rf_predict_options xo = *o;
	struct rf_pathloss_store store;
	struct rf_workspace ews;
	struct rf_engine ext;
	struct rf_predict_summary xsum;
	struct rf_cell_result *xres = NULL;
	int factor, rc, *from = NULL, ews_fd;
	char *shown;
	if (!(o->engine.main_radius_km > 0) || !n)
		return 0;
	if (rf_tworesl_factor(&ws->grid, o->engine.ext_res_m, &factor, err) ||
	    rf_pathloss_store_open(&store, ws, err))
		return -1;
	rc = rf_tworesl_workspace_open(ws, store.content_sha256, factor, &ews, &ews_fd, err);
	shown = rf_tworesl_workspace_name(ws, store.content_sha256, factor);
	rf_pathloss_store_close(&store);
	if (rc) {
		free(shown);
		return -1;
	}
	xo.engine.main_radius_km = xo.engine.ext_res_m = 0.0;
	xo.engine.tile_k = xo.engine.tile_n = 0;
	memset(&xsum, 0, sizeof(xsum));
	rf_info(log, "extended matrices beyond %g km: %d x %d pixels of the workspace",
		o->engine.main_radius_km, factor, factor);
	rc = rf_engine_open(&ext, &ews, eng->cells, &xo.engine, log, err);
	if (!rc) {
		xsum.matrix = rf_xcalloc(eng->cells->count, 1);
		xsum.matrix_key = rf_xcalloc(eng->cells->count, sizeof(*xsum.matrix_key));
		xres = rf_xcalloc((size_t)n, sizeof(*xres));
		rc = compute_cells(&ext, &ews, shown, &xo, cache, idx, n, xres, &xsum, log, err);
	}
	if (!rc) {
		rf_tworesl_fill(eng, &ext, idx, n, res, xres);
		/* the gains: both passes have reported their cells' warnings and
		 * refusals, so this one reports nothing */
		struct rf_log quiet;
		unsigned *warnings = rf_xmalloc((size_t)n * sizeof(unsigned));
		long *failed = rf_xmalloc((size_t)n * sizeof(long));
		rf_log_init(&quiet, 0);
		from = rf_xmalloc((size_t)n * sizeof(int));
		for (int k = 0; k < n; k++) {
			from[k] = RF_LOSS_GIVEN;
			free(res[k].gain_dbi);
			res[k].gain_dbi = NULL;
			warnings[k] = res[k].warnings;
			failed[k] = res[k].n_failed;
			res[k].warnings = 0;
			res[k].n_failed = 0;
		}
		if (rf_engine_compute_with(eng, idx, n, res, from, &quiet, err) &&
		    !tile_tolerates(eng, res, n, log, err))
			rc = -1;
		for (int k = 0; k < n; k++) {
			res[k].warnings = warnings[k];
			res[k].n_failed = failed[k];
		}
		rf_log_free(&quiet);
		free(warnings);
		free(failed);
	}
	for (int k = 0; xres && k < n; k++)
		rf_cell_result_free(&xres[k]);
	free(xres);
	free(from);
	free(xsum.matrix);
	free(xsum.matrix_key);
	if (ext.windows)
		rf_engine_close(&ext);
	if (rc && err)
		name_extended(err, ews.dir, shown);
	rf_workspace_close(&ews);
	close(ews_fd);   /* the extended workspace's directory (rf_tworesl_workspace_open) */
	free(shown);
	return rc;
}

int rf_predict_losses(const struct rf_engine *eng, const struct rf_workspace *ws,
		      const struct rf_predict_options *o, int cache, const int *idx, int n,
		      struct rf_cell_result *res, struct rf_predict_summary *sum,
		      struct rf_log *log, struct rf_error *err)
{
	size_t nc = eng->cells->count ? eng->cells->count : 1;
	if (!sum->matrix)
		sum->matrix = rf_xcalloc(nc, 1);
	if (!sum->matrix_key)
		sum->matrix_key = rf_xcalloc(nc, sizeof(*sum->matrix_key));
	return compute_cells(eng, ws, NULL, o, cache, idx, n, res, sum, log, err) ||
	       extend_cells(eng, ws, o, cache, idx, n, res, log, err) ? -1 : 0;
}

/* What o writes, for the memory estimate (doc/errors.md, "Limits"). */
static struct rf_mem_products mem_products(const struct rf_predict_options *o)
{
	struct rf_mem_products p = {
		rf_products_written(o),
		o->service.enabled, !isnan(o->service.sigma_db), o->indoor,
		!o->engine.tile_n, o->png_width_px
	};
	return p;
}

/* The memory estimate with the products p, logged; rf_engine_open_predict
 * checked the same figure against the limit before the terrain was read,
 * and before the cells' windows and the maps are allocated. */
static void log_memory(const struct rf_engine *eng, const struct rf_mem_products *p,
		       struct rf_log *log)
{
	struct rf_mem_estimate e;
	char b[7][32];
	if (eng->tile.width <= 0 || eng->tile.height <= 0)
		return;   /* a tile no cell reaches: nothing computed */
	rf_limits_predict_estimate(eng, p, &e);
	rf_limits_format_bytes(e.total_bytes, b[0], sizeof(b[0]));
	rf_limits_format_bytes(e.terrain_bytes, b[1], sizeof(b[1]));
	rf_limits_format_bytes(e.cells_bytes, b[2], sizeof(b[2]));
	rf_limits_format_bytes(e.maps_bytes, b[3], sizeof(b[3]));
	rf_limits_format_bytes(e.service_bytes, b[4], sizeof(b[4]));
	rf_limits_format_bytes(e.jobs_bytes, b[5], sizeof(b[5]));
	rf_limits_format_bytes(e.base_bytes, b[6], sizeof(b[6]));
	rf_info(log, "memory estimate: %s (%llu bytes; process %s, terrain %s, cells %s, "
		"maps %s, service maps %s, product jobs %s)", b[0],
		(unsigned long long)e.total_bytes, b[6], b[1], b[2], b[3], b[4], b[5]);
}

int rf_predict(const struct rf_workspace *ws, struct rf_cells *cells,
	       const struct rf_predict_options *o, int use_cache, const char *dir,
	       struct rf_predict_summary *sum, struct rf_log *log, struct rf_error *err)
{
	struct rf_engine eng;
	struct rf_cell_result *res = NULL;
	float **rsrp = NULL;
	int *idx = NULL;
	struct rf_predict_maps maps;
	char *dem = rf_workspace_path(ws, "dem.tif");
	int n = (int)cells->count, n_idx = 0, rc = -1;
	double t0 = rf_monotonic_s(), t;
	struct rf_mem_products mem = mem_products(o);

	memset(sum, 0, sizeof(*sum));
	memset(&maps, 0, sizeof(maps));
	memset(&eng, 0, sizeof(eng));
	if (n > RF_BEST_NODATA - 1) {
		rf_error_set(err, "%d cells: at most %d are supported", n, RF_BEST_NODATA - 1);
		goto out;
	}
	if (o->per_cell && o->engine.tile_n) {
		rf_error_set(err, "per-cell path loss rasters are not written with tiles");
		goto out;
	}
	if (rf_indoor_check(cells, o, err) || rf_cells_locate(cells, dem, log, err))
		goto out;
	t = rf_monotonic_s();
	sum->t_locate_s = t - t0;
	if (rf_engine_open_predict(&eng, ws, cells, &o->engine, &mem, log, err) ||
	    rf_engine_check_validity(&eng, o->strict, log, err))
		goto out;
	log_memory(&eng, &mem, log);
	eng.loss_radius_km = o->engine.main_radius_km;   /* two resolutions, else 0 */
	sum->full_grid = eng.grid;
	sum->tile = eng.tile;
	sum->grid = eng.grid;
	sum->grid.west_deg = eng.grid.west_deg + eng.tile.x0 * eng.grid.dlon_deg;
	sum->grid.north_deg = eng.grid.north_deg - eng.tile.y0 * eng.grid.dlat_deg;
	sum->grid.width = eng.tile.width;
	sum->grid.height = eng.tile.height;
	idx = rf_xmalloc((size_t)n * sizeof(int));
	for (int c = 0; c < n; c++)
		if (eng.windows[c].width > 0)
			idx[n_idx++] = c;
	sum->cells_computed = n_idx;
	if (o->engine.tile_n)
		rf_info(log, "tile %d/%d: columns %d..%d, rows %d..%d of a %dx%d grid, %d of %d "
			"cells, model %s, radius %g km", o->engine.tile_k, o->engine.tile_n,
			eng.tile.x0, eng.tile.x0 + eng.tile.width - 1, eng.tile.y0,
			eng.tile.y0 + eng.tile.height - 1, eng.grid.width, eng.grid.height, n_idx,
			n, rf_model_name(o->engine.model.model), o->engine.radius_km);
	else
		rf_info(log, "%d cells on a %dx%d grid, model %s, radius %g km", n,
			eng.grid.width, eng.grid.height, rf_model_name(o->engine.model.model),
			o->engine.radius_km);
	sum->t_terrain_s = rf_monotonic_s() - t;
	t = rf_monotonic_s();

	res = rf_xcalloc((size_t)(n_idx ? n_idx : 1), sizeof(*res));
	if (rf_predict_losses(&eng, ws, o, use_cache ? RF_CACHE_RW : RF_CACHE_OFF, idx, n_idx,
			      res, sum, log, err))
		goto out;
	sum->t_pathloss_s = rf_monotonic_s() - t;
	t = rf_monotonic_s();

	/* Per-cell path loss rasters first, then RSRP in place of the loss. */
	rsrp = rf_xcalloc((size_t)n, sizeof(*rsrp));
	for (int k = 0; k < n_idx; k++) {
		int c = idx[k];
		size_t np = (size_t)res[k].win.width * (size_t)res[k].win.height;
		for (size_t i = 0; i < np; i++)
			sum->pixels_computed += !isnan(res[k].loss_db[i]);
		if (o->per_cell && rf_write_pathloss(&eng, c, &res[k], dir, sum, err))
			goto out;
		rf_engine_rsrp(&eng, c, &res[k], o->rx_gain_dbi, o->body_loss_db, res[k].loss_db);
		rsrp[c] = res[k].loss_db;
		res[k].loss_db = NULL;
		free(res[k].gain_dbi);
		res[k].gain_dbi = NULL;
	}
	combine(&eng, rsrp, o, &maps);
	if (o->indoor)
		rf_indoor_map(&eng, o, &maps);
	sum->t_combine_s = rf_monotonic_s() - t;
	t = rf_monotonic_s();
	/* a tile is an intermediate: its merge writes the GIS products */
	struct rf_products_ctx pc = { o->engine.tile_n ? NULL : ws, cells, &sum->grid, &maps,
				      NULL, o, dir, NULL, log };
	if (rf_write_products(&pc, RF_PART_MAPS | RF_PART_GIS, sum, err))
		goto out;
	sum->t_write_s = rf_monotonic_s() - t;
	rc = 0;
out:
	if (res)
		for (int k = 0; k < n_idx; k++)
			rf_cell_result_free(&res[k]);
	if (rsrp)
		for (int c = 0; c < n; c++)
			free(rsrp[c]);
	free(res);
	free(rsrp);
	free(idx);
	rf_predict_maps_free(&maps);
	rf_engine_close(&eng);
	free(dem);
	return rc;
}

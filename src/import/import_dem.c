/* The import's DEM step: choose the EPSG:4326 grid (extent, resolution) and
 * warp every DEM source onto it with GDALWarp (bilinear, Float32, nodata
 * RF_DEM_NODATA), then count the voids. */
#include "import_priv.h"
#include "rfplan/limits.h"
#include "rfplan/workspace.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_utils.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int intersect(struct rf_bounds *a, const struct rf_bounds *b)
{
	a->west_deg = fmax(a->west_deg, b->west_deg);
	a->east_deg = fmin(a->east_deg, b->east_deg);
	a->south_deg = fmax(a->south_deg, b->south_deg);
	a->north_deg = fmin(a->north_deg, b->north_deg);
	return a->west_deg < a->east_deg && a->south_deg < a->north_deg ? 0 : -1;
}

/* The extent of the sites inside dem, grown by margin_km on each side;
 * -1 when no site is inside. */
static int sites_window(const struct rf_imp_state *st, const struct rf_bounds *dem,
			struct rf_bounds *w)
{
	const struct rf_sites *ss = &st->sites;
	double dlat, dlon, lat_c;
	w->west_deg = w->south_deg = INFINITY;
	w->east_deg = w->north_deg = -INFINITY;
	for (size_t i = 0; i < ss->count; i++) {
		const struct rf_site *p = &ss->items[i];
		if (p->lon_deg < dem->west_deg || p->lon_deg > dem->east_deg ||
		    p->lat_deg < dem->south_deg || p->lat_deg > dem->north_deg)
			continue;
		w->west_deg = fmin(w->west_deg, ss->items[i].lon_deg);
		w->east_deg = fmax(w->east_deg, ss->items[i].lon_deg);
		w->south_deg = fmin(w->south_deg, ss->items[i].lat_deg);
		w->north_deg = fmax(w->north_deg, ss->items[i].lat_deg);
	}
	if (!(w->west_deg <= w->east_deg))
		return -1;
	/* the widest longitude span of margin_km is at the pole-most latitude */
	lat_c = fmax(fabs(w->south_deg), fabs(w->north_deg));
	rf_metres_to_degrees(st->opts->margin_km * 1000.0, fmin(lat_c, 89.0), &dlat, &dlon);
	w->west_deg -= dlon;
	w->east_deg += dlon;
	w->south_deg -= dlat;
	w->north_deg += dlat;
	return 0;
}

static int choose_extent(struct rf_imp_state *st, struct rf_bounds *ext, struct rf_error *err)
{
	const struct rf_import_options *o = st->opts;
	*ext = st->dem[0].wgs84;
	for (size_t i = 1; i < st->n_dem; i++) {
		ext->west_deg = fmin(ext->west_deg, st->dem[i].wgs84.west_deg);
		ext->east_deg = fmax(ext->east_deg, st->dem[i].wgs84.east_deg);
		ext->south_deg = fmin(ext->south_deg, st->dem[i].wgs84.south_deg);
		ext->north_deg = fmax(ext->north_deg, st->dem[i].wgs84.north_deg);
	}
	if (o->has_bounds) {
		struct rf_bounds dem = *ext;
		if (intersect(ext, &o->bounds))
			return rf_error_set(err, "option --bounds: %.6f,%.6f,%.6f,%.6f does not "
					    "overlap the DEM (%.6f,%.6f,%.6f,%.6f)",
					    o->bounds.west_deg, o->bounds.south_deg, o->bounds.east_deg,
					    o->bounds.north_deg, dem.west_deg, dem.south_deg,
					    dem.east_deg, dem.north_deg);
	} else if (o->margin_km > 0 && st->has_sites && st->sites.count > 0) {
		struct rf_bounds w;
		if (sites_window(st, ext, &w) || intersect(ext, &w))
			return rf_error_set(err, "%s: DEM and sites do not overlap", o->sites_path);
	}
	return 0;
}

/* Resolution: --res, else the finest source.  Geographic sources keep their
 * own degrees (and the grid is aligned on the first one's pixels, so no
 * resampling happens); projected ones keep their ground size in metres as
 * square ground pixels at the centre latitude. */
static void choose_resolution(struct rf_imp_state *st, const struct rf_bounds *ext,
			      double *dlon, double *dlat, int *aligned)
{
	const struct rf_import_options *o = st->opts;
	double lat_c = 0.5 * (ext->south_deg + ext->north_deg);
	int all_geo = 1;
	double res_m = INFINITY;

	*aligned = 0;
	if (o->res_mode == RF_RES_DEGREES) {
		*dlon = *dlat = o->res_value;
		return;
	}
	if (o->res_mode == RF_RES_METRES) {
		rf_metres_to_degrees(o->res_value, lat_c, dlat, dlon);
		return;
	}
	for (size_t i = 0; i < st->n_dem; i++) {
		all_geo &= st->dem[i].geographic;
		res_m = fmin(res_m, fmin(st->dem[i].res_x_m, st->dem[i].res_y_m));
	}
	if (all_geo) {
		*dlon = fabs(st->dem[0].gt[1]);
		*dlat = fabs(st->dem[0].gt[5]);
		for (size_t i = 1; i < st->n_dem; i++) {
			*dlon = fmin(*dlon, fabs(st->dem[i].gt[1]));
			*dlat = fmin(*dlat, fabs(st->dem[i].gt[5]));
		}
		*aligned = st->dem[0].gt[2] == 0 && st->dem[0].gt[4] == 0 &&
			   fabs(st->dem[0].gt[1]) == *dlon && fabs(st->dem[0].gt[5]) == *dlat;
		return;
	}
	rf_metres_to_degrees(res_m, lat_c, dlat, dlon);
}

int rf_imp_grid(struct rf_imp_state *st, struct rf_error *err)
{
	struct rf_bounds ext;
	double dlon, dlat, w, h, m_lat, m_lon;
	int aligned;
	struct rf_grid *g = &st->grid;

	if (choose_extent(st, &ext, err))
		return -1;
	choose_resolution(st, &ext, &dlon, &dlat, &aligned);
	if (aligned) {
		const double *gt = st->dem[0].gt;
		ext.west_deg = gt[0] + floor((ext.west_deg - gt[0]) / dlon + 1e-6) * dlon;
		ext.north_deg = gt[3] - floor((gt[3] - ext.north_deg) / dlat + 1e-6) * dlat;
	}
	w = ceil((ext.east_deg - ext.west_deg) / dlon - 1e-6);
	h = ceil((ext.north_deg - ext.south_deg) / dlat - 1e-6);
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (w * h > 400e6)
		return rf_error_set(err, "the grid would be %.0f x %.0f pixels (resolution %.3g x "
				    "%.3g degrees): too large; choose a coarser --res or smaller "
				    "--bounds", w, h, dlon, dlat);
	if (rf_limits_check_import(w, h, err))   /* doc/errors.md, Limits */
		return -1;
	g->width = (int)w;
	g->height = (int)h;
	g->west_deg = ext.west_deg;
	g->north_deg = ext.north_deg;
	g->dlon_deg = dlon;
	g->dlat_deg = dlat;
	/* ground size of one pixel at the centre latitude */
	rf_metres_to_degrees(1.0, ext.north_deg - 0.5 * h * dlat, &m_lat, &m_lon);
	st->res_ns_m = dlat / m_lat;
	st->res_ew_m = dlon / m_lon;
	return 0;
}

/* Warp srcs onto st->grid into path with the given resampling, type and
 * nodata (the grid is fixed by -te and -ts so DEM and clutter match). */
int rf_imp_warp(const struct rf_imp_state *st, GDALDatasetH *srcs, int n_src, const char *path,
	     const char *resampling, const char *type, const char *nodata,
	     const char *label, struct rf_error *err)
{
	const struct rf_grid *g = &st->grid;
	char te[4][40], ts[2][16];
	struct rf_progress_ctx pc = { st->log, label };
	GDALWarpAppOptions *wo;
	GDALDatasetH out;
	struct rf_imp_guard guard;
	int usage = 0;

	snprintf(te[0], sizeof(te[0]), "%.17g", g->west_deg);
	snprintf(te[1], sizeof(te[1]), "%.17g", g->north_deg - g->height * g->dlat_deg);
	snprintf(te[2], sizeof(te[2]), "%.17g", g->west_deg + g->width * g->dlon_deg);
	snprintf(te[3], sizeof(te[3]), "%.17g", g->north_deg);
	snprintf(ts[0], sizeof(ts[0]), "%d", g->width);
	snprintf(ts[1], sizeof(ts[1]), "%d", g->height);
	/* -et 0: exact PROJ transformation of every pixel (no approximation). */
	char *argv[] = { "-of", "GTiff", "-t_srs", "EPSG:4326", "-r", (char *)resampling,
			 "-ot", (char *)type, "-dstnodata", (char *)nodata, "-te", te[0], te[1],
			 te[2], te[3], "-ts", ts[0], ts[1], "-et", "0", "-co", "TILED=YES",
			 "-co", "COMPRESS=DEFLATE", "-wo", "INIT_DEST=NO_DATA", NULL };
	rf_verbose(st->log, "GDALWarp -r %s -ot %s -dstnodata %s -te %s %s %s %s -ts %s %s -> %s",
		   resampling, type, nodata, te[0], te[1], te[2], te[3], ts[0], ts[1], path);
	wo = GDALWarpAppOptionsNew(argv, NULL);
	if (!wo)
		return rf_error_set(err, "%s: bad warp options: %s", path, CPLGetLastErrorMsg());
	GDALWarpAppOptionsSetProgress(wo, rf_gdal_progress, &pc);
	CPLErrorReset();
	rf_imp_guard_begin(&guard, st->trust.allow);   /* VRT sources open here */
	out = GDALWarp(path, NULL, n_src, srcs, wo, &usage);
	rf_imp_guard_end(&guard);
	GDALWarpAppOptionsFree(wo);
	if (!out || CPLGetLastErrorType() >= CE_Failure) {
		if (out)
			GDALClose(out);
		return rf_error_set(err, "%s: warping failed: %s", path,
				    CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unknown error");
	}
	GDALClose(out);
	return 0;
}

/* Metres per unit of a GDAL unit type, 0 when it is not a length rfplan
 * knows.  The international foot is 0.3048 m exactly (1959 agreement); the
 * US survey foot 1200/3937 m (NIST Handbook 44, Appendix C). */
static double unit_to_m(const char *unit, const char **name)
{
	static const struct { const char *unit, *name; double m; } units[] = {
		{ "", "m", 1 }, { "m", "m", 1 }, { "metre", "m", 1 }, { "metres", "m", 1 },
		{ "meter", "m", 1 }, { "meters", "m", 1 },
		{ "ft", "ft", 0.3048 }, { "foot", "ft", 0.3048 }, { "feet", "ft", 0.3048 },
		{ "international foot", "ft", 0.3048 }, { "international feet", "ft", 0.3048 },
		{ "us-ft", "us-ft", 1200.0 / 3937.0 }, { "ft-us", "us-ft", 1200.0 / 3937.0 },
		{ "us_ft", "us-ft", 1200.0 / 3937.0 }, { "ftus", "us-ft", 1200.0 / 3937.0 },
		{ "foot_us", "us-ft", 1200.0 / 3937.0 }, { "us foot", "us-ft", 1200.0 / 3937.0 },
		{ "us survey foot", "us-ft", 1200.0 / 3937.0 },
		{ "us survey feet", "us-ft", 1200.0 / 3937.0 },
		{ "survey foot", "us-ft", 1200.0 / 3937.0 },
	};
	char u[64];
	size_t n = 0;
	while (*unit == ' ')
		unit++;
	snprintf(u, sizeof(u), "%s", unit);
	n = strlen(u);
	while (n && u[n - 1] == ' ')
		u[--n] = '\0';
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcasecmp(u, units[i].unit)) {
			*name = units[i].name;
			return units[i].m;
		}
	return 0;
}

int rf_imp_dem_units(struct rf_imp_state *st, struct rf_error *err)
{
	static const char *const forced[] = { NULL, "m", "ft", "us-ft" };
	enum rf_dem_units o = st->opts->dem_units;
	for (size_t i = 0; i < st->n_dem; i++) {
		struct rf_imp_source *s = &st->dem[i];
		const char *name = NULL;
		s->z_to_m = unit_to_m(o == RF_DEM_UNITS_FILE ? s->z_unit : forced[o], &name);
		if (s->z_to_m == 0)
			return rf_error_set(err, "%s: band %d: heights in '%s', not metres or feet; "
					    "give their unit with --dem-units m|ft|us-ft", s->path,
					    s->band, s->z_unit);
		if (i > 0 && s->z_to_m != st->dem_z_to_m)
			return rf_error_set(err, "%s: heights in %s, but %s's in %s: convert one "
					    "first, or give --dem-units", s->path, name,
					    st->dem[0].path, st->dem_z_name);
		st->dem_z_to_m = s->z_to_m;
		st->dem_z_name = name;
	}
	if (st->dem_z_to_m != 1)
		rf_info(st->log, "DEM heights in %s (%s): converted to metres (x %.10g)",
			st->dem_z_name, o == RF_DEM_UNITS_FILE ? "the file's unit type"
							      : "--dem-units", st->dem_z_to_m);
	return 0;
}

/* Heights in feet become metres; voids stay voids. */
static void scale_heights(const struct rf_imp_state *st, struct rf_raster *r)
{
	size_t n = (size_t)r->grid.width * (size_t)r->grid.height;
	for (size_t i = 0; i < n; i++)
		if (!isnan(r->data[i]))
			r->data[i] = (float)(r->data[i] * st->dem_z_to_m);
}

/* --sea-level: a DEM with bathymetry gives the sea floor, but radio waves
 * travel over the sea surface; heights below 0 m become 0 m.  Voids stay
 * voids. */
static void raise_sea(struct rf_imp_state *st, struct rf_raster *r)
{
	size_t n = (size_t)r->grid.width * (size_t)r->grid.height;
	st->sea_pixels = 0;
	for (size_t i = 0; i < n; i++) {
		if (r->data[i] < 0.0f) {
			r->data[i] = 0.0f;
			st->sea_pixels++;
		}
	}
	rf_info(st->log, "--sea-level: %llu pixels below 0 m (%.2f%%) set to the sea surface, 0 m",
		st->sea_pixels, 100.0 * (double)st->sea_pixels / (double)n);
}

/* Rewrite dem.tif (already warped, in the temp workspace) with r's heights. */
static int write_heights(struct rf_imp_state *st, struct rf_raster *r, struct rf_error *err)
{
	char *path = rf_path_join(st->tmpdir, "dem.tif");
	size_t n = (size_t)r->grid.width * (size_t)r->grid.height;
	GDALDatasetH ds;
	CPLErr e;

	for (size_t i = 0; i < n; i++)
		if (isnan(r->data[i]))
			r->data[i] = (float)RF_DEM_NODATA;
	CPLErrorReset();
	ds = GDALOpen(path, GA_Update);
	if (!ds) {
		rf_error_set(err, "%s: cannot reopen to write the heights: %s", path,
			     CPLGetLastErrorMsg());
		free(path);
		return -1;
	}
	e = GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, r->grid.width,
			 r->grid.height, r->data, r->grid.width, r->grid.height, GDT_Float32, 0, 0);
	if (e == CE_None && st->dem_z_to_m != 1)   /* the warp kept the feet's unit type */
		e = GDALSetRasterUnitType(GDALGetRasterBand(ds, 1), "m");
	GDALClose(ds);
	if (e != CE_None || CPLGetLastErrorType() >= CE_Failure) {
		rf_error_set(err, "%s: writing the heights failed: %s", path, CPLGetLastErrorMsg());
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

int rf_imp_dem(struct rf_imp_state *st, struct rf_error *err)
{
	GDALDatasetH *srcs;
	char *path, nodata[32];
	struct rf_raster r;
	size_t n;
	int rc, changed = 0;

	for (size_t i = 0; i < st->n_dem; i++)   /* what the warp reads: doc/errors.md */
		if (rf_imp_source_check_read(&st->dem[i], &st->grid, err))
			return -1;
	srcs = rf_xcalloc(st->n_dem, sizeof(*srcs));
	for (size_t i = 0; i < st->n_dem; i++)
		srcs[i] = st->dem[i].vrt;
	path = rf_path_join(st->tmpdir, "dem.tif");
	snprintf(nodata, sizeof(nodata), "%.0f", RF_DEM_NODATA);
	rc = rf_imp_warp(st, srcs, (int)st->n_dem, path, "bilinear", "Float32", nodata,
		      "warping DEM", err);
	free(srcs);
	if (rc == 0)
		rc = rf_raster_read(path, 1, NULL, &r, err);
	free(path);
	if (rc)
		return -1;
	n = (size_t)r.grid.width * (size_t)r.grid.height;
	st->dem_voids = 0;
	for (size_t i = 0; i < n; i++)
		st->dem_voids += isnan(r.data[i]) ? 1 : 0;
	/* bilinear warping is linear in the heights: scaling after it equals
	 * scaling the sources */
	if (st->dem_z_to_m != 1 && st->dem_voids < n) {
		scale_heights(st, &r);
		changed = 1;
	}
	if (st->opts->sea_level && st->dem_voids < n) {
		raise_sea(st, &r);
		changed = 1;
	}
	if (changed)
		rc = write_heights(st, &r, err);
	rf_raster_free(&r);
	if (rc)
		return -1;
	if (st->dem_voids == n)   /* nothing to compute on: doc/errors.md */
		return rf_error_set(err, "%s: every pixel of the %dx%d grid is a void (nodata, "
				    "NaN or inf): no usable heights", st->dem[0].path,
				    st->grid.width, st->grid.height);
	return 0;
}

/* Coordinate helpers of the import: PROJ point transformation and metres to
 * degrees on the WGS84 ellipsoid. */
#include "rfplan/import.h"
#include "import_priv.h"

#include <math.h>
#include <proj.h>
#include <string.h>

int rf_crs_transform(const char *src_srs, const char *dst_srs, size_t n,
		     double *x, double *y, struct rf_error *err)
{
	PJ_CONTEXT *ctx = proj_context_create();
	PJ *raw, *p;

	proj_log_level(ctx, PJ_LOG_NONE);
	size_t done;
	int rc = 0;

	raw = proj_create_crs_to_crs(ctx, src_srs, dst_srs, NULL);
	if (!raw) {
		rc = rf_error_set(err, "no coordinate operation from '%.200s' to '%.200s': %s",
				  src_srs, dst_srs, proj_errno_string(proj_context_errno(ctx)));
		proj_context_destroy(ctx);
		return rc;
	}
	/* GIS axis order (easting/longitude first) whatever the CRS says. */
	p = proj_normalize_for_visualization(ctx, raw);
	proj_destroy(raw);
	if (!p) {
		proj_context_destroy(ctx);
		return rf_error_set(err, "cannot normalise the axis order of '%.200s'", src_srs);
	}
	done = proj_trans_generic(p, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n,
				  NULL, 0, 0, NULL, 0, 0);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]) || !isfinite(y[i]) || x[i] == HUGE_VAL)
			done = 0;
	if (done != n)
		rc = rf_error_set(err, "cannot transform coordinates from '%.200s' to '%.200s'",
				  src_srs, dst_srs);
	proj_destroy(p);
	proj_context_destroy(ctx);
	return rc;
}

/* WGS84 ellipsoid: a = 6378137 m, 1/f = 298.257223563 (NIMA TR8350.2). */
#define WGS84_A_M 6378137.0
#define WGS84_INVF 298.257223563

void rf_metres_to_degrees(double dist_m, double lat_deg, double *dlat_deg,
			  double *dlon_deg)
{
	const double f = 1.0 / WGS84_INVF;
	const double e2 = f * (2.0 - f);
	double phi = lat_deg * M_PI / 180.0;
	double s = sin(phi);
	double w = sqrt(1.0 - e2 * s * s);
	/* Snyder (1987) eq. 4-18: meridian radius M = a(1-e^2)/(1-e^2 sin^2)^1.5;
	 * eq. 4-20: prime vertical N = a/(1-e^2 sin^2)^0.5; a parallel has radius
	 * N cos(phi). */
	double m_m = WGS84_A_M * (1.0 - e2) / (w * w * w);
	double n_m = WGS84_A_M / w;
	*dlat_deg = dist_m / m_m * 180.0 / M_PI;
	*dlon_deg = dist_m / (n_m * cos(phi)) * 180.0 / M_PI;
}

/* The candidate operations PROJ offers from the source CRS to EPSG:4326 over
 * the area of interest, best first (PROJ's own sort: available grids,
 * accuracy, area).  proj_create_crs_to_crs(), which GDAL's warper and cs2cs
 * use, picks the first instantiable one that covers a point, so that one is
 * recorded as used. */
int rf_imp_list_ops(const char *src_wkt, const struct rf_bounds *aoi, struct rf_imp_op **ops_out,
		 size_t *n_out, int *used_out, struct rf_error *err)
{
	PJ_CONTEXT *ctx = proj_context_create();
	PJ *src, *dst;
	PJ_OPERATION_FACTORY_CONTEXT *fctx = NULL;
	PJ_OBJ_LIST *list = NULL;
	int rc = 0, n;

	/* quiet: missing grids are recorded, not printed */
	proj_log_level(ctx, PJ_LOG_NONE);
	src = proj_create(ctx, src_wkt);
	dst = proj_create(ctx, "EPSG:4326");
	*ops_out = NULL;
	*n_out = 0;
	*used_out = -1;
	if (!src || !dst) {
		rc = rf_error_set(err, "PROJ cannot read the CRS: %s",
				  proj_errno_string(proj_context_errno(ctx)));
		goto done;
	}
	fctx = proj_create_operation_factory_context(ctx, NULL);
	proj_operation_factory_context_set_area_of_interest(ctx, fctx, aoi->west_deg,
							    aoi->south_deg, aoi->east_deg,
							    aoi->north_deg);
	proj_operation_factory_context_set_spatial_criterion(
		ctx, fctx, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
	proj_operation_factory_context_set_grid_availability_use(
		ctx, fctx, PROJ_GRID_AVAILABILITY_USED_FOR_SORTING);
	list = proj_create_operations(ctx, src, dst, fctx);
	if (!list) {
		rc = rf_error_set(err, "PROJ found no operation to EPSG:4326");
		goto done;
	}
	n = proj_list_get_count(list);
	*ops_out = rf_xcalloc(n > 0 ? (size_t)n : 1, sizeof(**ops_out));
	for (int i = 0; i < n; i++) {
		PJ *op = proj_list_get(ctx, list, i);
		struct rf_imp_op *o = &(*ops_out)[i];
		const char *name = op ? proj_get_name(op) : NULL;
		o->name = rf_xstrdup(name ? name : "(unnamed)");
		o->accuracy_m = op ? proj_coordoperation_get_accuracy(ctx, op) : -1;
		o->instantiable = op ? proj_coordoperation_is_instantiable(ctx, op) : 0;
		if (o->instantiable && *used_out < 0)
			*used_out = i;
		proj_destroy(op);
	}
	*n_out = (size_t)n;
done:
	proj_list_destroy(list);
	proj_operation_factory_context_destroy(fctx);
	proj_destroy(src);
	proj_destroy(dst);
	proj_context_destroy(ctx);
	return rc;
}

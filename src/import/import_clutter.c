/* The import's clutter step: warp the class raster onto exactly the DEM's
 * grid (class codes are never interpolated: nearest neighbour, or the mode
 * when several source pixels fall in one grid pixel), then compare the codes
 * present with the class table. */
#include "import_priv.h"
#include "rfplan/output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int count_classes(struct rf_imp_state *st, const char *path, struct rf_error *err)
{
	struct rf_class_raster r;
	unsigned long long *hist;
	size_t n;

	if (rf_class_raster_read(path, NULL, &r, err))
		return -1;
	hist = rf_xcalloc(RF_CLASS_CODES, sizeof(*hist));
	n = (size_t)r.grid.width * (size_t)r.grid.height;
	for (size_t i = 0; i < n; i++)
		hist[r.code[i]]++;
	rf_class_raster_free(&r);
	st->clutter_voids = hist[RF_CLASS_NODATA];
	for (int code = 0; code < (int)RF_CLASS_NODATA; code++) {
		if (!hist[code] || rf_class_table_find(&st->classes, code))
			continue;
		st->missing = rf_xrealloc(st->missing, (st->n_missing + 1) * sizeof(*st->missing));
		st->missing[st->n_missing].code = code;
		st->missing[st->n_missing].pixels = hist[code];
		st->n_missing++;
		rf_warn(st->log, "%s: clutter class %d (%llu pixels, %.2f%%) is not in %s",
			st->opts->clutter_path, code, hist[code], 100.0 * (double)hist[code] / (double)n,
			st->opts->clutter_classes);
	}
	for (int code = 0; code < (int)RF_CLASS_NODATA; code++)
		if (hist[code])
			rf_verbose(st->log, "clutter class %d: %llu pixels", code, hist[code]);
	free(hist);
	if (st->clutter_voids == n)   /* disjoint from the DEM: doc/errors.md */
		return rf_error_set(err, "%s: no clutter class on any of the %zu grid pixels "
				    "(the clutter does not overlap the DEM, or is all nodata)",
				    st->opts->clutter_path, n);
	if (st->clutter_voids)
		rf_warn(st->log, "%s: %llu of %zu grid pixels (%.2f%%) have no clutter class",
			st->opts->clutter_path, st->clutter_voids, n,
			100.0 * (double)st->clutter_voids / (double)n);
	return 0;
}

int rf_imp_clutter(struct rf_imp_state *st, struct rf_error *err)
{
	const struct rf_import_options *o = st->opts;
	struct rf_imp_source *c = &st->clutter;
	char *path, nodata[16];
	double src_m, dst_m;
	int rc;

	if (rf_imp_source_open(c, o->clutter_path, "clutter", o->clutter_srs, "clutter-srs", 1,
			       "clutter", &st->trust, st->log, err))
		return -1;
	rf_imp_source_report(c, st->log);
	if (rf_imp_source_check_read(c, &st->grid, err))   /* doc/errors.md, Limits */
		return -1;
	/* several source pixels per grid pixel: the most frequent class */
	src_m = fmax(c->res_x_m, c->res_y_m);
	dst_m = fmin(st->res_ns_m, st->res_ew_m);
	st->clutter_resampling = rf_xstrdup(src_m < 0.5 * dst_m ? "mode" : "near");
	path = rf_path_join(st->tmpdir, "clutter.tif");
	snprintf(nodata, sizeof(nodata), "%u", RF_CLASS_NODATA);
	rc = rf_imp_warp(st, &c->vrt, 1, path, st->clutter_resampling, "UInt16", nodata,
		      "warping clutter", err);
	if (rc == 0)
		rc = count_classes(st, path, err);
	free(path);
	if (rc)
		return -1;
	path = rf_path_join(st->tmpdir, "clutter_classes.csv");
	rc = rf_class_table_write(path, &st->classes, err);
	free(path);
	return rc;
}

/* Private to the import (src/import*.c, src/import/manifest.c): the state of one
 * import run, shared by its steps. */
#ifndef RFPLAN_IMPORT_PRIV_H
#define RFPLAN_IMPORT_PRIV_H

#include "rfplan/classes.h"
#include "rfplan/import.h"
#include "rfplan/log.h"
#include "rfplan/sites.h"
#include "core/util.h"

#include <gdal.h>

/* One candidate PROJ operation from a source CRS to EPSG:4326. */
struct rf_imp_op {
	char *name;          /* owned */
	double accuracy_m;   /* -1 = unknown */
	int instantiable;    /* its grids (if any) are available */
};

/* A raster input (one DEM file or the clutter file) opened for warping. */
struct rf_imp_source {
	char *path;              /* owned copy */
	char sha256[65];
	int n_bands, band;
	int has_nodata;
	double nodata;
	const char *datatype;    /* GDAL type name (static in GDAL) */
	int width, height;
	double gt[6];
	char *crs_name;          /* owned */
	char *crs_id;            /* "EPSG:NNNN" from the file or identified; owned, may be NULL */
	int crs_id_confidence;   /* 100 = stated in the file */
	char *crs_wkt;           /* WKT2, owned */
	const char *srs_override;/* option value, or NULL */
	int geographic;
	double res_x_m, res_y_m; /* ground size of a pixel at the centre */
	struct rf_bounds wgs84;  /* extent in EPSG:4326 */
	struct rf_imp_op *ops;      /* PROJ candidates to EPSG:4326, owned */
	size_t n_ops;
	int op_used;             /* index in ops, -1 = none (same CRS) */
	GDALDatasetH ds, vrt;    /* the file and a VRT (band, CRS override) */
	char z_unit[64];         /* the band's GDAL unit type ("" when none) */
	double z_to_m;           /* DEM: metres per height unit (import_dem.c) */
};

/* What raster inputs may reach (import_trust.c, doc/import.md "Inputs from
 * others"). */
struct rf_imp_trust {
	int allow;          /* VRT raw bands, /vsi*, URLs, network drivers allowed */
	const char *root;   /* local files must resolve inside it (batch), or NULL */
};

/* GDAL config options set thread-locally while inputs are opened and warped
 * (rf_imp_guard_begin/end pair; nothing set when allow). */
#define RF_IMP_GUARD_KEYS 3
struct rf_imp_guard {
	int active;
	char *saved[RF_IMP_GUARD_KEYS];
};

struct rf_imp_class_count {
	int code;
	unsigned long long pixels;
};

struct rf_imp_state {
	const struct rf_import_options *opts;
	struct rf_log *log;
	struct rf_imp_trust trust;
	char *tmpdir;                 /* WORKDIR.tmp-PID-XXXXXX, owned */

	struct rf_imp_source *dem;       /* n_dem sources */
	size_t n_dem;
	struct rf_grid grid;
	double res_ns_m, res_ew_m;    /* ground size of a grid pixel at the centre */
	unsigned long long dem_voids;
	unsigned long long sea_pixels;  /* raised to 0 m by --sea-level */
	double dem_z_to_m;              /* metres per DEM height unit (1: metres) */
	const char *dem_z_name;         /* "m", "ft" or "us-ft" */

	int has_clutter;
	struct rf_imp_source clutter;
	char classes_sha256[65];
	struct rf_class_table classes;
	struct rf_imp_class_count *missing; /* codes in the raster, not in the table */
	size_t n_missing;
	unsigned long long clutter_voids;
	char *clutter_resampling;     /* "mode" or "near", owned */

	int has_sites;
	char sites_sha256[65];
	struct rf_sites sites;
	struct rf_sites_report sites_report;
	size_t sites_inside;
	char **outside_ids;           /* borrowed from sites */
	size_t n_outside;

	int has_cells;
	char cells_sha256[65];
	size_t cells_rows;
};

/* import_crs.c */
int rf_imp_list_ops(const char *src_wkt, const struct rf_bounds *aoi, struct rf_imp_op **ops_out,
		 size_t *n_out, int *used_out, struct rf_error *err);

/* import_trust.c: *allow from the options or RFPLAN_ALLOW_VRT_SOURCES (a
 * malformed value is an error); the checks before GDAL opens path (option:
 * "dem", "clutter"), 0 or -1 with err naming the file, the option and how to
 * allow it; the config-option guard; "/vsi..." paths. */
int rf_imp_allow_sources(const struct rf_import_options *o, int *allow, struct rf_error *err);
int rf_imp_check_raster(const char *path, const char *option, int allow, const char *root,
			struct rf_error *err);
/* A file other inputs name (an antenna in cells.csv): inside trust->root
 * when there is one; a missing file is left to its reader. */
int rf_imp_check_inside(const struct rf_imp_trust *t, const char *path, struct rf_error *err);
void rf_imp_guard_begin(struct rf_imp_guard *g, int allow);
void rf_imp_guard_end(struct rf_imp_guard *g);
int rf_imp_is_vsi(const char *path);

/* import_source.c */
int rf_imp_source_open(struct rf_imp_source *s, const char *path, const char *option,
		       const char *srs_override, const char *srs_option, int band,
		       const char *band_option, const struct rf_imp_trust *trust,
		       struct rf_log *log, struct rf_error *err);
void rf_imp_source_close(struct rf_imp_source *s);
/* The source window (pixels of the level GDALWarp reads) for grid g, and
 * that window against the memory limit (rf_limits_check_source_read). */
int rf_imp_source_window(const struct rf_imp_source *s, const struct rf_grid *g,
			 double *width_px, double *height_px, struct rf_error *err);
int rf_imp_source_check_read(const struct rf_imp_source *s, const struct rf_grid *g,
			     struct rf_error *err);
void rf_imp_source_report(const struct rf_imp_source *s, struct rf_log *log);

/* import_dem.c: rf_imp_grid chooses st->grid, rf_imp_dem warps onto it */
int rf_imp_grid(struct rf_imp_state *st, struct rf_error *err);
int rf_imp_dem_units(struct rf_imp_state *st, struct rf_error *err);
int rf_imp_dem(struct rf_imp_state *st, struct rf_error *err);
int rf_imp_warp(const struct rf_imp_state *st, GDALDatasetH *srcs, int n_src, const char *path,
	     const char *resampling, const char *type, const char *nodata,
	     const char *label, struct rf_error *err);

/* import_clutter.c */
int rf_imp_clutter(struct rf_imp_state *st, struct rf_error *err);

/* import_sites.c */
int rf_imp_sites_read(struct rf_imp_state *st, struct rf_error *err);
int rf_imp_sites_check(struct rf_imp_state *st, struct rf_error *err);
int rf_imp_cells(struct rf_imp_state *st, struct rf_error *err);

/* manifest.c */
int rf_imp_manifest_write(const struct rf_imp_state *st, const char *path, struct rf_error *err);

/* import_stale.c: remove a directory tree; remove WORKDIR.tmp-PID-* (and,
 * when WORKDIR exists, WORKDIR.old-PID-*) of imports no longer running. */
void rf_imp_remove_tree(const char *dir);
void rf_imp_clean_stale(const char *workdir, int workdir_exists);

#endif

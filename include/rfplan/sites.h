/* Sites: read from a regulator export (ACMA RRL site.csv) or a generic CSV,
 * and the normalised sites.csv of a workspace.  All CSV parsing uses libcsv. */
#ifndef RFPLAN_SITES_H
#define RFPLAN_SITES_H

#include <stddef.h>

#include "rfplan/error.h"
#include "rfplan/log.h"

struct rf_site {
	char *id;            /* SITE_ID (or SITE_NO), owned */
	char *name;          /* owned, may be "" */
	double lat_deg;      /* WGS84 / EPSG:4326 */
	double lon_deg;
	double altitude_m;   /* ground altitude from the file; 0 when missing */
	int altitude_given;  /* 0 when the file said `undefined`, empty or null */
	long line;           /* 1-based line of the row in the source file */
};

struct rf_sites {
	struct rf_site *items;  /* owned */
	size_t count;
};

enum rf_sites_format { RF_SITES_ACMA, RF_SITES_GENERIC };

struct rf_sites_options {
	enum rf_sites_format format;
	/* Generic format: header names of the columns (NULL = not present).
	 * Either lat/lon, or x/y (easting/northing in srs). */
	const char *col_id, *col_name, *col_lat, *col_lon, *col_x, *col_y, *col_alt;
	/* CRS of the coordinates (any PROJ string, e.g. "EPSG:28348");
	 * NULL = the format's own: GDA94 (RF_SITES_ACMA_SRS) for ACMA,
	 * EPSG:4326 latitude/longitude for generic files. */
	const char *srs;
};

/* ACMA's RRL gives site coordinates on GDA94 (EPSG:4283). */
#define RF_SITES_ACMA_SRS "EPSG:4283"

/* The CRS the coordinates are read in: o->srs, else the format's own
 * (RF_SITES_ACMA_SRS for ACMA); NULL = EPSG:4326, no conversion. */
const char *rf_sites_srs(const struct rf_sites_options *o);

struct rf_sites_report {
	size_t rows;                 /* data rows read */
	size_t altitude_undefined;   /* `undefined`/`null` altitudes set to 0 */
	size_t altitude_empty;       /* empty altitudes set to 0 */
	char *transform_desc;        /* PROJ operation used, or NULL; owned */
	double transform_accuracy_m; /* its stated accuracy, -1 unknown */
};

void rf_sites_options_default(struct rf_sites_options *o);

/* Read a site file.  Any row with an unusable value fails the whole read with
 * "FILE:LINE: column NAME: ..." in err (never silently dropped). */
int rf_sites_read(const char *path, const struct rf_sites_options *opts,
		  struct rf_sites *out, struct rf_sites_report *report,
		  struct rf_error *err);
void rf_sites_report_free(struct rf_sites_report *report);

/* Workspace sites.csv: header
 *   site_id,name,lat_deg,lon_deg,altitude_m,altitude_given,source_line
 * written with full precision (%.9f degrees). */
int rf_sites_write_normalised(const char *path, const struct rf_sites *sites,
			      struct rf_error *err);
int rf_sites_read_normalised(const char *path, struct rf_sites *out,
			     struct rf_error *err);

const struct rf_site *rf_sites_find(const struct rf_sites *sites, const char *id);
/* For many look-ups (rf_sites_find is a linear scan): the sites sorted by id,
 * then a binary search.  The index borrows sites (they must outlive it). */
struct rf_sites_index {
	const struct rf_site **by_id;  /* owned array of count pointers */
	size_t count;
};
void rf_sites_index_build(const struct rf_sites *sites, struct rf_sites_index *ix);
const struct rf_site *rf_sites_index_find(const struct rf_sites_index *ix, const char *id);
void rf_sites_index_free(struct rf_sites_index *ix);
void rf_sites_free(struct rf_sites *sites);

#endif

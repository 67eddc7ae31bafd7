/* rfplan import: parse the options into struct rf_import_options, run
 * rf_import() (src/import/import.c), report. */
#include "cli.h"
#include "commands.h"
#include "rfplan/datadir.h"
#include "rfplan/error.h"
#include "rfplan/import.h"
#include "rfplan/log.h"

#include <stdlib.h>
#include <string.h>

enum {
	O_DEM = 1, O_DEM_SRS, O_DEM_BAND, O_DEM_UNITS, O_CLUTTER, O_CLASSES, O_CLUTTER_SRS, O_SITES,
	O_SITES_FORMAT, O_SITES_SRS, O_COL_ID, O_COL_NAME, O_COL_LAT, O_COL_LON, O_COL_X,
	O_COL_Y, O_COL_ALT, O_CELLS, O_RES, O_BOUNDS, O_MARGIN, O_OUT, O_FORCE, O_SEA_LEVEL, O_QUIET,
	O_VERBOSE, O_ALLOW_VRT
};

static const struct cli_opt opts[] = {
	{ O_DEM, "dem", 0, "FILE", "DEM raster (any GDAL format); repeat to mosaic several" },
	{ O_DEM_SRS, "dem-srs", 0, "SRS", "CRS of the DEM files (overrides theirs), e.g. EPSG:28355" },
	{ O_DEM_BAND, "dem-band", 0, "N", "band of the DEM to use (default 1)" },
	{ O_DEM_UNITS, "dem-units", 0, "m|ft|us-ft", "unit of the DEM heights (default: the file's unit type, metres when none); feet are converted to metres" },
	{ O_CLUTTER, "clutter", 0, "FILE", "clutter/land-cover class raster (any CRS)" },
	{ O_CLASSES, "clutter-classes", 0, "CSV", "class table code,name,loss_db,height_m, or a shipped one by name: generic, esa_worldcover" },
	{ O_CLUTTER_SRS, "clutter-srs", 0, "SRS", "CRS of the clutter file (overrides its own)" },
	{ O_SITES, "sites", 0, "CSV", "sites: ACMA RRL site.csv or a generic CSV" },
	{ O_SITES_FORMAT, "sites-format", 0, "acma|generic", "format of --sites (default acma)" },
	{ O_SITES_SRS, "sites-srs", 0, "SRS", "CRS of the sites' coordinates (default: EPSG:4283, GDA94, for ACMA files; EPSG:4326 for generic)" },
	{ O_COL_ID, "col-id", 0, "NAME", "generic sites: id column" },
	{ O_COL_NAME, "col-name", 0, "NAME", "generic sites: name column" },
	{ O_COL_LAT, "col-lat", 0, "NAME", "generic sites: latitude column" },
	{ O_COL_LON, "col-lon", 0, "NAME", "generic sites: longitude column" },
	{ O_COL_X, "col-x", 0, "NAME", "generic sites: easting column (with --sites-srs)" },
	{ O_COL_Y, "col-y", 0, "NAME", "generic sites: northing column (with --sites-srs)" },
	{ O_COL_ALT, "col-alt", 0, "NAME", "generic sites: ground altitude column (m)" },
	{ O_CELLS, "cells", 0, "CSV", "cells table, copied as cells.csv (site_id must be a site)" },
	{ O_RES, "res", 0, "auto|Nm|DEG", "resolution: auto (the DEM's), N metres, or degrees" },
	{ O_BOUNDS, "bounds", 0, "W,S,E,N", "clip to this window (degrees, WGS84)" },
	{ O_MARGIN, "margin", 0, "KM", "clip to the sites' extent plus KM kilometres" },
	{ O_SEA_LEVEL, "sea-level", 0, NULL, "heights below 0 m are sea: use the sea surface, 0 m (DEMs with bathymetry)" },
	{ O_ALLOW_VRT, "allow-vrt-sources", 0, NULL, "let a DEM or clutter VRT use raw raster bands, /vsi* network and archive sources, URLs (refused by default: doc/import.md); also RFPLAN_ALLOW_VRT_SOURCES=1" },
	{ O_OUT, "output", 'o', "WORKDIR", "workspace directory to create (required)" },
	{ O_FORCE, "force", 0, NULL, "replace an existing workspace (files in it that are not the workspace's own, e.g. predict/, are kept)" },
	{ O_QUIET, "quiet", 'q', NULL, "print warnings and errors only" },
	{ O_VERBOSE, "verbose", 'v', NULL, "more detail (GDAL and PROJ operations)" },
	{ 0, NULL, 0, NULL, NULL },
};

static const char synopsis[] =
	"--dem FILE [--dem FILE ...] [--clutter FILE --clutter-classes CSV]\n"
	"       [--sites CSV] [--cells CSV] [--res auto|Nm|DEG] [--bounds W,S,E,N | --margin KM]\n"
	"       [--allow-vrt-sources] -o WORKDIR [--force] [-q | -v]";
static const char description[] =
	"Reproject DEM(s), clutter and sites onto one WGS84 (EPSG:4326) grid and write a\n"
	"workspace directory for 'rfplan predict' (see doc/import.md).";

static int parse_res(const char *v, struct rf_import_options *o)
{
	size_t n = strlen(v);
	char num[64];
	if (!strcmp(v, "auto")) {
		o->res_mode = RF_RES_AUTO;
		return 0;
	}
	if (n > 1 && n < sizeof(num) && v[n - 1] == 'm') {
		memcpy(num, v, n - 1);
		num[n - 1] = '\0';
		o->res_mode = RF_RES_METRES;
		if (rf_parse_double(num, &o->res_value) == 0 && o->res_value > 0 &&
		    o->res_value <= 100000)
			return 0;
	} else {
		o->res_mode = RF_RES_DEGREES;
		if (rf_parse_double(v, &o->res_value) == 0 && o->res_value > 0 && o->res_value <= 1)
			return 0;
	}
	cli_error("import", "option --res: '%s' is not auto, Nm (metres, 0 < N <= 100000) or "
		  "degrees (0 < DEG <= 1)", v);
	return -1;
}

static int parse_bounds(const char *v, struct rf_bounds *b)
{
	double x[4];
	char *copy = rf_xstrdup(v), *save = NULL, *tok;
	int n = 0, ok = 1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (n >= 4 || rf_parse_double(tok, &x[n++]))
			ok = 0;
	free(copy);
	if (ok && n == 4 && x[0] < x[2] && x[1] < x[3] && x[0] >= -180 && x[2] <= 180 &&
	    x[1] >= -90 && x[3] <= 90) {
		b->west_deg = x[0];
		b->south_deg = x[1];
		b->east_deg = x[2];
		b->north_deg = x[3];
		return 0;
	}
	cli_error("import", "option --bounds: '%s' is not W,S,E,N in degrees (W < E, S < N)", v);
	return -1;
}

static char *join_args(int argc, char **argv)
{
	size_t n = 16;
	char *s;
	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	s = rf_xmalloc(n);
	strcpy(s, "rfplan");
	for (int i = 0; i < argc; i++) {
		strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static int parse(int argc, char **argv, struct rf_import_options *o, const char **dems,
		 int *verbosity)
{
	struct cli_parser p;
	const char *v;
	int id, bad = 0;

	cli_init(&p, "import", opts, argc, argv);
	while ((id = cli_next(&p, &v)) != CLI_END) {
		switch (id) {
		case CLI_HELP:
			cli_usage(&p, synopsis, description);
			return 0;
		case CLI_ERROR: return 2;
		case CLI_POSITIONAL:
			cli_error("import", "unexpected argument '%s'", v);
			return 2;
		case O_DEM: dems[o->n_dem++] = v; break;
		case O_DEM_SRS: o->dem_srs = v; break;
		case O_DEM_BAND: bad |= cli_int("import", "dem-band", v, 1, 65535, &o->dem_band); break;
		case O_DEM_UNITS:
			if (!strcmp(v, "m"))
				o->dem_units = RF_DEM_UNITS_M;
			else if (!strcmp(v, "ft"))
				o->dem_units = RF_DEM_UNITS_FT;
			else if (!strcmp(v, "us-ft"))
				o->dem_units = RF_DEM_UNITS_US_FT;
			else {
				cli_error("import", "option --dem-units: '%s' is not m, ft or us-ft", v);
				bad = -1;
			}
			break;
		case O_CLUTTER: o->clutter_path = v; break;
		case O_CLASSES: o->clutter_classes = v; break;
		case O_CLUTTER_SRS: o->clutter_srs = v; break;
		case O_SITES: o->sites_path = v; break;
		case O_SITES_FORMAT:
			if (!strcmp(v, "acma"))
				o->sites.format = RF_SITES_ACMA;
			else if (!strcmp(v, "generic"))
				o->sites.format = RF_SITES_GENERIC;
			else {
				cli_error("import", "option --sites-format: '%s' is not acma or generic", v);
				bad = -1;
			}
			break;
		case O_SITES_SRS: o->sites.srs = v; break;
		case O_COL_ID: o->sites.col_id = v; break;
		case O_COL_NAME: o->sites.col_name = v; break;
		case O_COL_LAT: o->sites.col_lat = v; break;
		case O_COL_LON: o->sites.col_lon = v; break;
		case O_COL_X: o->sites.col_x = v; break;
		case O_COL_Y: o->sites.col_y = v; break;
		case O_COL_ALT: o->sites.col_alt = v; break;
		case O_CELLS: o->cells_path = v; break;
		case O_RES: bad |= parse_res(v, o); break;
		case O_BOUNDS: bad |= parse_bounds(v, &o->bounds); o->has_bounds = 1; break;
		case O_MARGIN: bad |= cli_double("import", "margin", v, 0.001, 10000, &o->margin_km); break;
		case O_OUT: o->workdir = v; break;
		case O_FORCE: o->force = 1; break;
		case O_SEA_LEVEL: o->sea_level = 1; break;
		case O_ALLOW_VRT: o->allow_vrt_sources = 1; break;
		case O_QUIET: *verbosity = 0; break;
		case O_VERBOSE: *verbosity = 2; break;
		}
	}
	if (bad)
		return 2;
	if (!o->n_dem) {
		cli_error("import", "option --dem is required (see 'rfplan help import')");
		return 2;
	}
	if (!o->workdir) {
		cli_error("import", "option -o WORKDIR is required (see 'rfplan help import')");
		return 2;
	}
	if (!o->clutter_path != !o->clutter_classes) {
		cli_error("import", "option %s needs %s", o->clutter_path ? "--clutter" : "--clutter-classes",
			  o->clutter_path ? "--clutter-classes" : "--clutter");
		return 2;
	}
	if (o->has_bounds && o->margin_km > 0) {
		cli_error("import", "options --bounds and --margin exclude each other");
		return 2;
	}
	if (o->margin_km > 0 && !o->sites_path) {
		cli_error("import", "option --margin needs --sites");
		return 2;
	}
	return -1;
}

int cmd_import(int argc, char **argv)
{
	struct rf_import_options o;
	struct rf_log log;
	struct rf_error err;
	const char **dems = rf_xcalloc((size_t)argc + 1, sizeof(*dems));
	char *classes = NULL;
	int verbosity = 1, status;

	rf_import_options_default(&o);
	status = parse(argc, argv, &o, dems, &verbosity);
	if (status >= 0) {
		free(dems);
		return status;
	}
	/* A shipped table given by name (data/clutter/NAME.csv, doc/install.md). */
	if (o.clutter_classes) {
		classes = rf_clutter_classes_path(o.clutter_classes, &err);
		if (!classes) {
			cli_error("import", "%s", err.msg);
			free(dems);
			return 1;
		}
		o.clutter_classes = classes;
	}
	o.dem_paths = dems;
	o.command_line = join_args(argc, argv);
	rf_log_init(&log, verbosity);
	status = rf_import(&o, &log, &err) ? 1 : 0;
	if (status)
		cli_error("import", "%s", err.msg);
	rf_log_free(&log);
	free((char *)o.command_line);
	free(classes);
	free(dems);
	return status;
}

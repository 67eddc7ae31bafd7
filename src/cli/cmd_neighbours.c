/* rfplan neighbours: neighbour relations of a prediction's cells
 * (doc/planning.md).  Parses options and calls rf_neighbours_run. */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "rfplan/planning.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "neighbours"

enum { OPT_OUT = 1, OPT_GPKG, OPT_NO_GPKG, OPT_MARGIN, OPT_THRESHOLD, OPT_MAX, OPT_SYMMETRIC,
       OPT_WORKSPACE, OPT_NO_CACHE };

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "FILE.csv", "neighbour relations CSV (required)" },
	{ OPT_GPKG, "gpkg", 0, "FILE.gpkg", "neighbour lines with their QGIS style (default: FILE.csv with .gpkg)" },
	{ OPT_NO_GPKG, "no-gpkg", 0, NULL, "write the CSV only" },
	{ OPT_MARGIN, "margin-db", 0, "DB", "a candidate within DB of the serving cell overlaps it (default 6)" },
	{ OPT_THRESHOLD, "threshold-dbm", 0, "DBM", "a candidate must reach DBM (default: the prediction's --min-rsrp)" },
	{ OPT_MAX, "max", 0, "N", "keep the N most important relations per cell, 0 = all (default 32)" },
	{ OPT_SYMMETRIC, "symmetric", 0, NULL, "add B -> A for every A -> B kept" },
	{ OPT_WORKSPACE, "workspace", 0, "DIR", "the prediction's workspace (default: the one its run.json names)" },
	{ OPT_NO_CACHE, "no-cache", 0, NULL, "compute every cell's path loss, reading no path-loss matrix of the workspace's pathloss/ (as predict --no-cache; doc/engine.md)" },
	COMMON_CLI_OPT_CELLS("the prediction's cells CSV (default: the one its run.json names)"),
	COMMON_CLI_OPT_THREADS,
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"PREDICT_DIR -o FILE.csv [--margin-db DB] [--threshold-dbm DBM] [--max N]\n"
	"       [--symmetric] [--gpkg FILE.gpkg | --no-gpkg] [--workspace DIR] [--cells FILE]";
static const char description[] =
	"Neighbour relations of the cells of a prediction (rfplan predict's\n"
	"PREDICT_DIR), from every cell's RSRP recomputed under the prediction's\n"
	"run.json and its best_server.tif: for each serving cell, the cells within\n"
	"--margin-db of it and at or above the threshold over its area (overlap km2\n"
	"and share of the serving area, the importance), the cells sharing a border\n"
	"of the best-server areas, and co-site cells; ranked co-site first, then by\n"
	"share.  Writes FILE.csv (site_id,cell_id,neighbour_site_id,neighbour_cell_id,\n"
	"rank,relation,...) and a GeoPackage of neighbour lines styled for QGIS.\n"
	"See doc/planning.md.";

struct args {
	const char *predict_dir, *out, *gpkg, *workspace;
	struct common_cli c;        /* -q -v --threads --cells */
	int no_gpkg;
	struct rf_nb_options o;
};

static int option(struct args *a, int id, const char *val)
{
	switch (id) {
	case OPT_OUT: a->out = val; return 0;
	case OPT_GPKG: a->gpkg = val; return 0;
	case OPT_NO_GPKG: a->no_gpkg = 1; return 0;
	case OPT_MARGIN: return cli_double(CMD, "margin-db", val, 0, 60, &a->o.margin_db);
	case OPT_THRESHOLD:
		return cli_double(CMD, "threshold-dbm", val, -200, 0, &a->o.threshold_dbm);
	case OPT_MAX: return cli_int(CMD, "max", val, 0, 65535, &a->o.max_per_cell);
	case OPT_SYMMETRIC: a->o.symmetric = 1; return 0;
	case OPT_WORKSPACE: a->workspace = val; return 0;
	case OPT_NO_CACHE: a->o.no_cache = 1; return 0;
	}
	return 0;
}

/* 0, 2 on a usage error, -1 after --help. */
static int parse(int argc, char **argv, struct args *a)
{
	struct cli_parser p;
	const char *val;
	int id, bad = 0;

	const char **pos[] = { &a->predict_dir, NULL };
	common_cli_init(&a->c, pos);
	rf_nb_options_default(&a->o);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == -1 && id == CLI_ERROR)
			return 2;
		if (r < 0 || (r == 0 && option(a, id, val)))
			bad = 1;
	}
	if (!a->predict_dir) {
		cli_error(CMD, "missing PREDICT_DIR (see 'rfplan help neighbours')");
		bad = 1;
	}
	if (!a->out) {
		cli_error(CMD, "missing -o FILE.csv");
		bad = 1;
	}
	if (a->gpkg && a->no_gpkg) {
		cli_error(CMD, "options --gpkg and --no-gpkg exclude each other");
		bad = 1;
	}
	return bad ? 2 : 0;
}

/* FILE.csv -> FILE.gpkg (FILE -> FILE.gpkg without the .csv). */
static char *default_gpkg(const char *csv)
{
	size_t n = strlen(csv);
	char *p = rf_xmalloc(n + 6);
	if (n > 4 && !strcmp(csv + n - 4, ".csv"))
		n -= 4;
	memcpy(p, csv, n);
	strcpy(p + n, ".gpkg");
	return p;
}

int cmd_neighbours(int argc, char **argv)
{
	struct args a;
	struct rf_neighbours nb;
	struct rf_log log;
	struct rf_error err;
	char *gpkg = NULL;
	int r, status = 0;

	memset(&a, 0, sizeof(a));
	r = parse(argc, argv, &a);
	if (r)
		return r < 0 ? 0 : r;
	rf_log_init(&log, a.c.verbosity);
	if (!a.no_gpkg)
		gpkg = a.gpkg ? rf_xstrdup(a.gpkg) : default_gpkg(a.out);
	if (rf_neighbours_run(a.predict_dir, a.workspace, a.c.cells, &a.o, a.c.threads, a.out, gpkg,
			      &nb, &log, &err)) {
		cli_error(CMD, "%s", err.msg);
		status = 1;
	} else
		rf_info(&log, "%s: %zu relations of %d cells%s%s", a.out, nb.n, nb.n_cells,
			gpkg ? "; lines in " : "", gpkg ? gpkg : "");
	rf_neighbours_free(&nb);
	rf_log_free(&log);
	free(gpkg);
	return status;
}

/* rfplan predict: LTE coverage of a workspace's cells (doc/engine.md,
 * doc/lte.md).  Parses options, opens the workspace and calls
 * rf_predict_run (output directory, cells, prediction, run.json, commit). */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "predict_opts.h"
#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/gis.h"
#include "rfplan/log.h"
#include "rfplan/predict_run.h"
#include "rfplan/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "predict"

enum {
	OPT_OUT = 1, OPT_PER_CELL, OPT_STRICT, OPT_FORCE, OPT_TILE, OPT_PNG_WIDTH, OPT_WAIT,
	OPT_NO_CACHE, OPT_PRODUCTS
};

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "OUTDIR", "output directory (default WORKDIR/predict)" },
	COMMON_CLI_OPT_CELLS("cells CSV (default WORKDIR/cells.csv; without one, one default cell per site)"),
	COMMON_CLI_OPT_DEFAULT_CELL("defaults for missing cell columns (azimuth_deg=0,height_agl_m=30,mech_tilt_deg=0,antenna=,gain_dbi=0,tx_power_dbm=43,frequency_mhz=1800,bandwidth_mhz=10,feeder_loss_db=0)"),
	{ OPT_PER_CELL, "per-cell", 0, NULL, "also write pathloss_SITE_CELL.tif per cell" },
	COMMON_CLI_OPT_THREADS,
	{ OPT_STRICT, "strict", 0, NULL, "refuse frequencies outside the model's validity range" },
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	{ OPT_FORCE, "force", 0, NULL, "replace an existing OUTDIR holding an earlier rfplan output (only when it holds nothing but the files its run.json lists)" },
	{ OPT_WAIT, "wait", 0, NULL, "when another rfplan run is writing OUTDIR, wait for it instead of failing" },
	{ OPT_NO_CACHE, "no-cache", 0, NULL, "compute every cell's path loss, reading and writing no path-loss matrix of WORKDIR/pathloss (doc/engine.md)" },
	{ OPT_TILE, "tile", 0, "K/N", "compute only tile K of N bands of rows of the output grid (merge the N with 'rfplan merge'; doc/scaling.md)" },
	{ OPT_PNG_WIDTH, "png-width", 0, "PX", "width of the readable map rsrp.png, pixels (400..20000, default 1600)" },
	{ OPT_PRODUCTS, "products", 0, "LIST", "write only these products: maps,service,hillshade,gpkg,png,kmz,qgis,stats (default all; qgis needs maps; doc/outputs.md)" },
	PREDICT_CLI_OPTS,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] = "WORKDIR [-o OUTDIR] [--cells FILE] [options] [model options]";
static const char description[] =
	"Predict LTE downlink coverage: for every cell, the path loss of every pixel\n"
	"within --radius on its own terrain profile (model options below), plus\n"
	"antenna gain; then best-server RSRP, best server, overlap, RS-SINR and RSRQ\n"
	"maps (COG GeoTIFF + QGIS .qml), rsrp.png/.kmz, stats.csv and run.json;\n"
	"project.qgs opens them in QGIS with coverage.gpkg (sites, sectors, areas);\n"
	"and the service maps: CQI, DL/UL throughput, UL SINR, limiting link, and\n"
	"with --shadowing-sigma-db the coverage probability (doc/lte.md).\n"
	"Outputs appear in OUTDIR only when complete.  See doc/engine.md, doc/lte.md.";

struct predict_args {
	const char *workdir, *outdir;
	struct common_cli c;        /* -q -v --threads --cells --default-cell */
	struct predict_cli pc;      /* the request: radius, model, clutter, service... */
	int force, wait, no_cache;
};

/* "K/N", 1 <= K <= N <= 100000. */
static int parse_tile(const char *val, struct rf_engine_options *e)
{
	const char *slash = strchr(val, '/');
	char k[32];
	long kk, nn;
	if (slash && (size_t)(slash - val) < sizeof(k)) {
		memcpy(k, val, (size_t)(slash - val));
		k[slash - val] = '\0';
		if (!rf_parse_long(k, &kk) && !rf_parse_long(slash + 1, &nn) && nn >= 1 &&
		    nn <= 100000 && kk >= 1 && kk <= nn) {
			e->tile_k = (int)kk;
			e->tile_n = (int)nn;
			return 0;
		}
	}
	cli_error(CMD, "option --tile: '%s' is not K/N with 1 <= K <= N <= 100000", val);
	return -1;
}

static int own_option(struct predict_args *a, int id, const char *val)
{
	struct rf_predict_options *o = &a->pc.po;
	switch (id) {
	case OPT_OUT: a->outdir = val; return 0;
	case OPT_PER_CELL: o->per_cell = 1; return 0;
	case OPT_STRICT: o->strict = 1; return 0;
	case OPT_FORCE: a->force = 1; return 0;
	case OPT_WAIT: a->wait = 1; return 0;
	case OPT_NO_CACHE: a->no_cache = 1; return 0;
	case OPT_TILE: return parse_tile(val, &o->engine);
	case OPT_PNG_WIDTH:
		return cli_int(CMD, "png-width", val, RF_REPORT_WIDTH_MIN, RF_REPORT_WIDTH_MAX,
			       &o->png_width_px);
	case OPT_PRODUCTS: {
		struct rf_error e;
		if (rf_products_parse(val, "option --products", &o->products, &e)) {
			cli_error(CMD, "%s", e.msg);
			return -1;
		}
		return 0;
	}
	}
	return 0;
}

/* 0 ok, 2 usage error, -1 after --help. */
static int parse(int argc, char **argv, struct predict_args *a)
{
	struct cli_parser p;
	const char *val;
	int id;

	const char **pos[] = { &a->workdir, NULL };
	common_cli_init(&a->c, pos);
	predict_cli_init(&a->pc);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == 0)
			r = predict_opts_handle(CMD, id, val, &a->pc);
		if (r < 0)
			return 2;
		if (r == 0 && own_option(a, id, val))
			return 2;
	}
	const struct rf_predict_options *o = &a->pc.po;
	if (!a->workdir)
		return cli_error(CMD, "missing WORKDIR (see 'rfplan help predict')"), 2;
	if (o->engine.tile_n && o->per_cell)
		return cli_error(CMD, "options --tile and --per-cell exclude each other"), 2;
	if (o->indoor && o->engine.tile_n)
		return cli_error(CMD, "options --indoor and --tile exclude each other (rfplan merge "
				 "does not mosaic rsrp_indoor.tif)"), 2;
	if (o->engine.tile_n && !a->outdir)
		return cli_error(CMD, "option --tile needs -o TILEDIR"), 2;
	return predict_opts_finish(CMD, &a->pc, a->c.threads) ? 2 : 0;
}

static void args_free(struct predict_args *a)
{
	common_cli_free(&a->c);
	predict_cli_free(&a->pc);
}

int cmd_predict(int argc, char **argv)
{
	struct predict_args a;
	struct rf_workspace ws;
	struct rf_predict_request req;
	struct rf_predict_result res;
	struct rf_log log;
	struct rf_error err;
	int status = 1, r;

	memset(&a, 0, sizeof(a));
	memset(&res, 0, sizeof(res));
	r = parse(argc, argv, &a);
	if (r) {
		args_free(&a);
		return r < 0 ? 0 : r;
	}
	rf_log_init(&log, a.c.verbosity);
	if (rf_workspace_open(a.workdir, &ws, &err)) {
		cli_error(CMD, "%s", err.msg);
		goto out;
	}
	req = (struct rf_predict_request){ .outdir = a.outdir, .cells_path = a.c.cells,
		.cell_defaults = &a.c.defaults, .options = &a.pc.po, .force = a.force,
		.wait = a.wait, .no_cache = a.no_cache, .argc = argc, .argv = argv };
	if (rf_predict_run(&ws, &req, &res, &log, &err)) {
		cli_error(CMD, "%s", err.msg);
	} else {
		rf_info(&log, "%s: %ld pixels served, %.2f km^2 (%zu warnings)", res.outdir,
			res.sum.pixels_served, res.sum.served_area_km2, log.n_warnings);
		status = 0;
	}
	rf_predict_result_free(&res);
	rf_workspace_close(&ws);
out:
	rf_log_free(&log);
	args_free(&a);
	return status;
}

/* rfplan predict: LTE coverage of a workspace's cells (doc/engine.md,
 * doc/lte.md).  Parses options, opens the workspace and calls
 * rf_predict_run (output directory, cells, prediction, run.json, commit). */
#include "cli.h"
#include "common_opts.h"
#include "clutter_opts.h"
#include "commands.h"
#include "model_opts.h"
#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/gis.h"
#include "rfplan/log.h"
#include "rfplan/p2109.h"
#include "rfplan/predict_run.h"
#include "rfplan/workspace.h"
#include "service_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "predict"

enum {
	OPT_OUT = 1, OPT_RADIUS, OPT_RX_GAIN, OPT_BODY_LOSS,
	OPT_NF, OPT_LOAD, OPT_MARGIN, OPT_MIN_RSRP, OPT_RSRP_CLASSES, OPT_SINR_CLASSES,
	OPT_PER_CELL, OPT_STRICT, OPT_FORCE, OPT_TILE,
	OPT_INDOOR, OPT_INDOOR_PCT, OPT_BUILDING_CLASS, OPT_PNG_WIDTH, OPT_WAIT, OPT_NO_CACHE,
	OPT_PRODUCTS, OPT_SPM_BAND_TOL, OPT_MAIN_RADIUS, OPT_EXT_RES,
	OPT_PROFILE_SPACING
};

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "OUTDIR", "output directory (default WORKDIR/predict)" },
	COMMON_CLI_OPT_CELLS("cells CSV (default WORKDIR/cells.csv; without one, one default cell per site)"),
	COMMON_CLI_OPT_DEFAULT_CELL("defaults for missing cell columns (azimuth_deg=0,height_agl_m=30,mech_tilt_deg=0,antenna=,gain_dbi=0,tx_power_dbm=43,frequency_mhz=1800,bandwidth_mhz=10,feeder_loss_db=0)"),
	{ OPT_RADIUS, "radius", 0, "KM", "computation radius around each cell, km (default 30)" },
	{ OPT_MAIN_RADIUS, "main-radius", 0, "KM", "two resolutions: the workspace's resolution within KM of each cell (< --radius), the extended matrix's beyond it (needs --ext-res; default off; doc/engine.md)" },
	{ OPT_EXT_RES, "ext-res", 0, "R", "two resolutions: the extended matrix's pixel, metres ('90' or '90m'), rounded to a whole multiple (>= 2) of the workspace's (needs --main-radius)" },
	{ OPT_PROFILE_SPACING, "profile-spacing", 0, "dem|auto|N", "profile samples: dem, every DEM pixel (default); auto, at most 257 points (256 intervals), coarser spacing beyond 256 pixels from the site; N, at most N points (doc/engine.md)" },
	{ OPT_RX_GAIN, "rx-gain-dbi", 0, "DB", "receiver antenna gain, dBi (default 0)" },
	{ OPT_BODY_LOSS, "body-loss-db", 0, "DB", "body loss at the receiver, dB (default 0)" },
	{ OPT_NF, "noise-figure-db", 0, "DB", "receiver noise figure, dB (default 7)" },
	{ OPT_LOAD, "load", 0, "0..1", "interfering cells' load (default 1.0)" },
	{ OPT_MARGIN, "overlap-margin", 0, "DB", "overlap: cells within this of the best server, dB (default 5)" },
	{ OPT_MIN_RSRP, "min-rsrp", 0, "DBM", "overlap: cells at least this strong, dBm (default -120)" },
	{ OPT_RSRP_CLASSES, "rsrp-classes", 0, "LIST", "RSRP class edges, dBm (default -80,-90,-100,-110,-120)" },
	{ OPT_SINR_CLASSES, "sinr-classes", 0, "LIST", "SINR class edges, dB (default 20,13,0,-3)" },
	{ OPT_PER_CELL, "per-cell", 0, NULL, "also write pathloss_SITE_CELL.tif per cell" },
	COMMON_CLI_OPT_THREADS,
	{ OPT_STRICT, "strict", 0, NULL, "refuse frequencies outside the model's validity range" },
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	{ OPT_SPM_BAND_TOL, "spm-band-tolerance", 0, "MHZ", "a cell up to MHZ outside every band of a calibrated --spm-file uses the nearest band (default 0: refused)" },
	{ OPT_FORCE, "force", 0, NULL, "replace an existing OUTDIR holding an earlier rfplan output (only when it holds nothing but the files its run.json lists)" },
	{ OPT_WAIT, "wait", 0, NULL, "when another rfplan run is writing OUTDIR, wait for it instead of failing" },
	{ OPT_NO_CACHE, "no-cache", 0, NULL, "compute every cell's path loss, reading and writing no path-loss matrix of WORKDIR/pathloss (doc/engine.md)" },
	{ OPT_TILE, "tile", 0, "K/N", "compute only tile K of N bands of rows of the output grid (merge the N with 'rfplan merge'; doc/scaling.md)" },
	{ OPT_INDOOR, "indoor", 0, NULL, "also write rsrp_indoor.tif: RSRP minus ITU-R P.2109 building entry loss (doc/lte.md)" },
	{ OPT_INDOOR_PCT, "indoor-percent", 0, "P", "--indoor: P.2109 probability the entry loss is not exceeded, 0 < P < 100 (default 50)" },
	{ OPT_BUILDING_CLASS, "building-class", 0, "C", "--indoor: P.2109 building class, traditional or efficient (default traditional)" },
	{ OPT_PNG_WIDTH, "png-width", 0, "PX", "width of the readable map rsrp.png, pixels (400..20000, default 1600)" },
	{ OPT_PRODUCTS, "products", 0, "LIST", "write only these products: maps,service,hillshade,gpkg,png,kmz,qgis,stats (default all; qgis needs maps; doc/outputs.md)" },
	MODEL_CLI_OPTS,
	CLUTTER_CLI_OPTS,
	SERVICE_CLI_OPTS,
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
	struct rf_predict_options po;
	double *rsrp_edges, *sinr_edges;   /* owned when given */
	struct rf_spm_calib spm_calib; /* owned: --spm-file's cell_offsets, bands */
	int band_tol_given;
	struct model_cli m;
	struct clutter_cli cl;
	struct service_cli sv;
	int force, wait, no_cache;
	int indoor_opts;            /* --indoor-percent or --building-class given */
};

static int edges(const char *name, const char *value, double **out, int *n)
{
	struct rf_error err;
	int k = rf_lte_parse_edges(value, out, &err);
	if (k < 0) {
		cli_error(CMD, "option --%s: %s", name, err.msg);
		return -1;
	}
	*n = k;
	return 0;
}

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
	struct rf_predict_options *o = &a->po;
	switch (id) {
	case OPT_OUT: a->outdir = val; return 0;
	case OPT_RADIUS: return cli_double(CMD, "radius", val, 0.01, 500, &o->engine.radius_km);
	case OPT_MAIN_RADIUS:
		return cli_double(CMD, "main-radius", val, 0.01, 500, &o->engine.main_radius_km);
	case OPT_EXT_RES: {   /* metres, an optional unit "m" */
		size_t n = strlen(val);
		char num[64];
		snprintf(num, sizeof(num), "%.*s", (int)(n && val[n - 1] == 'm' ? n - 1 : n), val);
		return cli_double(CMD, "ext-res", num, 1, 100000, &o->engine.ext_res_m);
	}
	case OPT_PROFILE_SPACING:
		if (!rf_profile_spacing_parse(val, &o->engine.profile_points_max))
			return 0;
		cli_error(CMD, "option --profile-spacing: '%s' is not dem, auto or a number of "
			  "points 16..100000", val);
		return -1;
	case OPT_RX_GAIN: return cli_double(CMD, "rx-gain-dbi", val, -50, 50, &o->rx_gain_dbi);
	case OPT_BODY_LOSS: return cli_double(CMD, "body-loss-db", val, 0, 100, &o->body_loss_db);
	case OPT_NF: return cli_double(CMD, "noise-figure-db", val, 0, 50, &o->lte.noise_figure_db);
	case OPT_LOAD: return cli_double(CMD, "load", val, 0, 1, &o->lte.load);
	case OPT_MARGIN:
		return cli_double(CMD, "overlap-margin", val, 0, 100, &o->lte.overlap_margin_db);
	case OPT_MIN_RSRP: return cli_double(CMD, "min-rsrp", val, -200, 0, &o->lte.min_rsrp_dbm);
	case OPT_RSRP_CLASSES:
		free(a->rsrp_edges);
		if (edges("rsrp-classes", val, &a->rsrp_edges, &o->n_rsrp_edges))
			return -1;
		o->rsrp_edges = a->rsrp_edges;
		return 0;
	case OPT_SINR_CLASSES:
		free(a->sinr_edges);
		if (edges("sinr-classes", val, &a->sinr_edges, &o->n_sinr_edges))
			return -1;
		o->sinr_edges = a->sinr_edges;
		return 0;
	case OPT_PER_CELL: o->per_cell = 1; return 0;
	case OPT_STRICT: o->strict = 1; return 0;
	case OPT_FORCE: a->force = 1; return 0;
	case OPT_SPM_BAND_TOL:
		a->band_tol_given = 1;
		return cli_double(CMD, "spm-band-tolerance", val, 0, 100000,
				  &a->spm_calib.band_tolerance_mhz);
	case OPT_WAIT: a->wait = 1; return 0;
	case OPT_NO_CACHE: a->no_cache = 1; return 0;
	case OPT_TILE: return parse_tile(val, &o->engine);
	case OPT_INDOOR: o->indoor = 1; return 0;
	case OPT_INDOOR_PCT:
		a->indoor_opts = 1;
		if (cli_double(CMD, "indoor-percent", val, 0, 100, &o->indoor_pct))
			return -1;
		if (!(o->indoor_pct > 0 && o->indoor_pct < 100)) {
			cli_error(CMD, "option --indoor-percent: %s must be strictly between 0 "
				  "and 100", val);
			return -1;
		}
		return 0;
	case OPT_BUILDING_CLASS: {
		enum rf_p2109_class c;
		a->indoor_opts = 1;
		if (rf_p2109_class_parse(val, &c)) {
			cli_error(CMD, "option --building-class: unknown class '%s' (traditional, "
				  "efficient)", val);
			return -1;
		}
		o->building_class = (int)c;
		return 0;
	}
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
	rf_predict_options_default(&a->po);
	model_cli_init(&a->m);
	clutter_cli_init(&a->cl);
	service_cli_init(&a->sv, &a->po.service);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == 0)
			r = model_opts_handle(CMD, id, val, &a->m);
		if (r == 0)
			r = clutter_opts_handle(CMD, id, val, &a->cl);
		if (r == 0)
			r = service_opts_handle(CMD, id, val, &a->sv);
		if (r < 0)
			return 2;
		if (r == 0 && own_option(a, id, val))
			return 2;
	}
	if (a->c.threads)
		a->po.engine.threads = a->c.threads;
	if (!a->workdir)
		return cli_error(CMD, "missing WORKDIR (see 'rfplan help predict')"), 2;
	if (a->m.freq_given)
		return cli_error(CMD, "option --freq-mhz: the frequency is per cell: set "
				 "frequency_mhz in the cells file or --default-cell"), 2;
	if (a->m.tx_height_given)
		return cli_error(CMD, "option --tx-height: the height is per cell: set "
				 "height_agl_m in the cells file or --default-cell"), 2;
	if (a->po.engine.tile_n && a->po.per_cell)
		return cli_error(CMD, "options --tile and --per-cell exclude each other"), 2;
	if (a->indoor_opts && !a->po.indoor)
		return cli_error(CMD, "options --indoor-percent and --building-class need --indoor"), 2;
	if (a->po.indoor && a->po.engine.tile_n)
		return cli_error(CMD, "options --indoor and --tile exclude each other (rfplan merge "
				 "does not mosaic rsrp_indoor.tif)"), 2;
	if ((a->po.engine.main_radius_km > 0) != (a->po.engine.ext_res_m > 0))
		return cli_error(CMD, "options --main-radius and --ext-res go together"), 2;
	if (a->po.engine.main_radius_km > 0 &&
	    !(a->po.engine.main_radius_km < a->po.engine.radius_km))
		return cli_error(CMD, "option --main-radius: %g km is not below --radius %g km",
				 a->po.engine.main_radius_km, a->po.engine.radius_km), 2;
	if (a->po.engine.tile_n && !a->outdir)
		return cli_error(CMD, "option --tile needs -o TILEDIR"), 2;
	if (model_opts_finish(CMD, &a->m) || service_opts_finish(CMD, &a->sv))
		return 2;
	a->po.engine.model = a->m.model;
	if (a->m.spm_file) {   /* calibrated offsets and bands (doc/calibration.md) */
		struct rf_error err;
		double tol = a->spm_calib.band_tolerance_mhz;
		if (rf_spm_load_offsets(a->m.spm_file, &a->po.engine.model.spm, &a->spm_calib,
					&err))
			return cli_error(CMD, "option --spm-file: %s", err.msg), 2;
		a->spm_calib.band_tolerance_mhz = tol;
		if (a->spm_calib.count || a->spm_calib.n_bands)
			a->po.engine.model.spm_calib = &a->spm_calib;
	}
	if (a->band_tol_given && !a->spm_calib.n_bands)
		return cli_error(CMD, "option --spm-band-tolerance needs an --spm-file with "
				 "bands (rfplan calibrate's output)"), 2;
	a->po.engine.rx_height_m = a->m.link.rx_height_agl_m;
	a->po.engine.use_clutter = !a->m.no_clutter;
	return clutter_opts_finish(CMD, &a->cl, &a->po.engine) ? 2 : 0;
}

static void args_free(struct predict_args *a)
{
	common_cli_free(&a->c);
	free(a->rsrp_edges);
	free(a->sinr_edges);
	rf_spm_calib_free(&a->spm_calib);
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
		.cell_defaults = &a.c.defaults, .options = &a.po, .force = a.force,
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

/* rfplan compare: a prediction against drive-test measurements
 * (doc/calibration.md).  Parses options (without PREDICT_DIR predict's own
 * request options) and calls rf_compare_run. */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "measure_opts.h"
#include "predict_opts.h"
#include "rfplan/compare.h"
#include "rfplan/predict.h"

#include <stdio.h>
#include <string.h>

#define CMD "compare"

enum {
	OPT_OUT = 1, OPT_FORCE, OPT_NO_MAPS
};

static const struct cli_opt opts[] = {
	MEASURE_CLI_OPTS,
	{ OPT_OUT, "output", 'o', "OUTDIR", "output directory (default WORKDIR/compare)" },
	COMMON_CLI_OPT_CELLS("cells CSV of the prediction (default: the one its run.json names; without PREDICT_DIR as predict: WORKDIR/cells.csv, else one default cell per site)"),
	COMMON_CLI_OPT_DEFAULT_CELL("the prediction's --default-cell"),
	{ OPT_NO_MAPS, "no-maps", 0, NULL, "evaluate every point from the workspace and the request alone (best server: the engine's strongest cell at the pixel): PREDICT_DIR's run.json, or without PREDICT_DIR predict's options below" },
	COMMON_CLI_OPT_THREADS,
	{ OPT_FORCE, "force", 0, NULL, "replace an existing OUTDIR holding an earlier rfplan compare output (only when it holds nothing but the files its compare.json lists)" },
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	PREDICT_CLI_OPTS,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"WORKDIR [PREDICT_DIR] --measurements FILE [--no-maps] [options]";
static const char description[] =
	"Compare a prediction (rfplan predict's PREDICT_DIR) with drive-test RSRP\n"
	"measurements: each point against its own cell's predicted RSRP when the\n"
	"measurement names it (site/cell id, PCI), else the best server's.  Writes\n"
	"compare.json, points.gpkg (styled by error), scatter.png, histogram.png and\n"
	"error_distance.png into OUTDIR and prints the statistics (error = predicted -\n"
	"measured).  PREDICT_DIR may be left out with --no-maps: the request is then\n"
	"predict's own options given here (--model, --radius, --spm-file, ...: the\n"
	"same table and parser as rfplan predict), with the cells of --cells, else\n"
	"WORKDIR/cells.csv, else one default cell per site; no prediction is needed,\n"
	"and a point no cell reaches is \"outside the radius\".  See\n"
	"doc/calibration.md.";

struct compare_args {
	const char *workdir, *predict_dir, *outdir;
	struct common_cli c;            /* -q -v --threads --cells --default-cell */
	struct measure_cli mc;          /* --measurements and its filters */
	struct rf_compare_options co;
	struct predict_cli pc;          /* the request without PREDICT_DIR */
	const char *request_opt;        /* a predict option given (first) */
	int force, no_maps;
};

/* The long name of option id. */
static const char *opt_name(int id)
{
	for (const struct cli_opt *o = opts; o->id; o++)
		if (o->id == id)
			return o->long_name;
	return "?";
}

static int own_option(struct compare_args *a, int id, const char *val)
{
	switch (id) {
	case OPT_OUT: a->outdir = val; return 0;
	case OPT_FORCE: a->force = 1; return 0;
	case OPT_NO_MAPS: a->no_maps = 1; return 0;
	}
	return 0;
}

/* 0 ok, 2 usage error, -1 after --help. */
static int parse(int argc, char **argv, struct compare_args *a)
{
	struct cli_parser p;
	const char *val;
	int id;

	const char **pos[] = { &a->workdir, &a->predict_dir, NULL };
	common_cli_init(&a->c, pos);
	rf_compare_options_default(&a->co);
	measure_cli_init(&a->mc, &a->co);
	predict_cli_init(&a->pc);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == 0)
			r = measure_opts_handle(CMD, id, val, &a->mc);
		if (r == 0 && (r = predict_opts_handle(CMD, id, val, &a->pc)) > 0 &&
		    !a->request_opt)
			a->request_opt = opt_name(id);
		if (r < 0 || (r == 0 && own_option(a, id, val)))
			return 2;
	}
	if (!a->workdir || (!a->predict_dir && !a->no_maps))
		return cli_error(CMD, "missing WORKDIR or PREDICT_DIR (without PREDICT_DIR: "
				 "--no-maps and predict's options; see 'rfplan help compare')"), 2;
	if (!a->mc.n_files)
		return cli_error(CMD, "missing --measurements FILE"), 2;
	if (a->predict_dir && a->request_opt)
		return cli_error(CMD, "option --%s: not with PREDICT_DIR (the request is its "
				 "run.json)", a->request_opt), 2;
	if (a->predict_dir)
		return 0;
	if (predict_opts_finish(CMD, &a->pc, a->c.threads))
		return 2;
	/* one code path per quantity, as with PREDICT_DIR (compare_run.c) */
	if (a->pc.po.engine.main_radius_km > 0)
		return cli_error(CMD, "options --main-radius and --ext-res: compare evaluates each "
				 "point on its own profile at the workspace's resolution; drop "
				 "them"), 2;
	return 0;
}

static void args_free(struct compare_args *a)
{
	measure_cli_free(&a->mc);
	common_cli_free(&a->c);
	predict_cli_free(&a->pc);
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a;
	struct rf_log log;
	struct rf_error err;
	int status = 0, r;

	memset(&a, 0, sizeof(a));
	r = parse(argc, argv, &a);
	if (r) {
		args_free(&a);
		return r < 0 ? 0 : r;
	}
	rf_log_init(&log, a.c.verbosity);
	struct rf_compare_job job = {
		.workdir = a.workdir, .predict_dir = a.predict_dir, .outdir = a.outdir,
		.cells_path = a.c.cells, .defaults = &a.c.defaults, .po = &a.pc.po,
		.meas = measure_cli_source(&a.mc), .co = a.co, .no_maps = a.no_maps,
		.force = a.force, .threads = a.c.threads
	};
	if (rf_compare_run(&job, a.c.verbosity ? stdout : NULL, &log, &err)) {
		cli_error(CMD, "%s", err.msg);
		status = 1;
	}
	rf_log_free(&log);
	args_free(&a);
	return status;
}

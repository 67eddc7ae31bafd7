/* rfplan calibrate: fit the SPM coefficients (and with --classes the
 * clutter class losses) to drive-test measurements (doc/calibration.md).
 * Parses options (predict's request options through predict's parser) and
 * calls rf_calibrate_run. */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "measure_opts.h"
#include "predict_opts.h"
#include "rfplan/calibrate.h"
#include "rfplan/predict.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

#define CMD "calibrate"

enum {
	OPT_OUT = 1, OPT_CLASSES, OPT_CLASS_WEIGHT, OPT_FOLDS, OPT_PREDICTION,
	OPT_PER_CELL_OFFSET, OPT_OFFSET_BY, OPT_OFFSET_SIGMA, OPT_FOLDS_BY, OPT_FOLDS_BY_TIME,
	OPT_MODEL
};

static const struct cli_opt opts[] = {
	MEASURE_CLI_OPTS,
	{ OPT_OUT, "output", 'o', "FILE", "the calibrated SPM model file, JSON (for predict --spm-file)" },
	{ OPT_CLASSES, "classes", 0, NULL, "also fit a loss per clutter class (written as FILE's stem + _classes.csv)" },
	{ OPT_CLASS_WEIGHT, "class-weight", 0, "N", "--classes: pull toward the default loss worth N points (default 20)" },
	{ OPT_PER_CELL_OFFSET, "per-cell-offset", 0, NULL, "also fit one offset per cell (its unknown EIRP and feeder loss), written to FILE's cell_offsets for predict --spm-file" },
	{ OPT_OFFSET_BY, "offset-by", 0, "cell|site|column=NAME", "--per-cell-offset: one offset per cell (default), per site, or per value of the measurements' column NAME (e.g. the operator; each cell takes its points' most frequent value's)" },
	{ OPT_OFFSET_SIGMA, "offset-sigma", 0, "DB", "--per-cell-offset: prior sigma of an offset, dB (ridge toward 0; default 6)" },
	{ OPT_FOLDS, "folds", 0, "K", "held-out statistics by K-fold over the points (default 5)" },
	{ OPT_FOLDS_BY, "folds-by", 0, "file|cell|site|day|column=NAME", "held-out statistics leaving one measurement file, cell, site, UTC day or value of the measurements' column NAME (a route, a drive) out at a time, with each one's figures (instead of --folds)" },
	{ OPT_FOLDS_BY_TIME, "folds-by-time", 0, "DURATION", "the same with blocks of time (60s, 5min, 1h; the measurements' time column)" },
	COMMON_CLI_OPT_CELLS("cells CSV (default WORKDIR/cells.csv; without one, one default cell per site)"),
	COMMON_CLI_OPT_DEFAULT_CELL("defaults for missing cell columns (as predict)"),
	{ OPT_PREDICTION, "prediction", 0, "DIR", "an rfplan predict --model spm output: its run.json's request (coefficients, radius, rx height, clutter loss...) and cells, instead of predict's options below" },
	COMMON_CLI_OPT_THREADS,
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	/* before PREDICT_CLI_OPTS: cli_next finds this entry of the name first,
	 * and its help states calibrate's default, not predict's (the shared
	 * entry is left out of the help by refused_opt) */
	{ OPT_MODEL, "model", 0, "M", "propagation model: spm only, the one calibrate fits (default spm)" },
	PREDICT_CLI_OPTS,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] = "WORKDIR --measurements FILE -o calibrated.json [options]";
static const char description[] =
	"Fit the Standard Propagation Model's coefficients to drive-test RSRP by least\n"
	"squares: those the points determine are fitted, the others kept with the\n"
	"reason printed; with --classes a loss per clutter class too, pulled toward\n"
	"its default; with --per-cell-offset one offset per cell (its unknown EIRP),\n"
	"pulled toward 0.  Reports the error before and after, on held-out points\n"
	"(--folds).  The output is an SPM model file: rfplan predict --model spm\n"
	"--spm-file FILE.  The points are computed with the request of predict's\n"
	"options (the same table and parser as rfplan predict: --radius, --rx-height,\n"
	"--k-factor, --no-clutter, --clutter-loss, --profile-spacing, --spm-file, whose\n"
	"top-level coefficients are the starting point, ...); --model is spm, here\n"
	"the default; the options of other models and of the LTE and service maps\n"
	"are refused.  With --prediction DIR the points are computed with that\n"
	"prediction's own request (its run.json), as its maps were.  See\n"
	"doc/calibration.md.";

struct calib_args {
	const char *workdir, *out, *prediction;
	struct common_cli c;            /* -q -v --threads --cells --default-cell */
	const char *request_opt;        /* an option that --prediction replaces */
	const char *model;              /* --model's value */
	struct predict_cli pc;          /* the request without --prediction */
	struct measure_cli mc;          /* --measurements and its filters */
	struct rf_compare_options co;
	struct rf_calib_options ko;
	int offset_by_given;            /* --offset-by or --offset-sigma */
	int per_cell_offset;
	const char *offset_column;      /* --offset-by column=NAME */
	int folds_given;
};

/* "60s", "5min", "1h" or seconds, > 0 and <= 10 days. */
static int parse_duration(const char *val, double *out_s)
{
	static const struct { const char *suffix; double s; } units[] = {
		{ "min", 60.0 }, { "s", 1.0 }, { "h", 3600.0 }, { "", 1.0 }
	};
	size_t n = strlen(val);
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t k = strlen(units[u].suffix);
		if (n <= k || strcmp(val + n - k, units[u].suffix))
			continue;
		char num[64];
		double v;
		snprintf(num, sizeof(num), "%.*s", (int)(n - k), val);
		if (rf_parse_double(num, &v) || !(v > 0) || v * units[u].s > 864000.0)
			break;
		*out_s = v * units[u].s;
		return 0;
	}
	cli_error(CMD, "option --folds-by-time: '%s' is not a duration within 10 days (60s, "
		  "5min, 1h)", val);
	return -1;
}

static int own_option(struct calib_args *a, int id, const char *val)
{
	switch (id) {
	case OPT_OUT: a->out = val; return 0;
	case OPT_PREDICTION: a->prediction = val; return 0;
	case OPT_CLASSES: a->ko.classes = 1; return 0;
	case OPT_CLASS_WEIGHT:
		return cli_double(CMD, "class-weight", val, 0.001, 1e9, &a->ko.class_weight);
	case OPT_PER_CELL_OFFSET:
		a->per_cell_offset = 1;
		if (a->ko.offset_by == RF_CALIB_OFFSET_NONE)
			a->ko.offset_by = RF_CALIB_OFFSET_CELL;
		return 0;
	case OPT_OFFSET_BY:
		a->offset_by_given = 1;
		if (!strcmp(val, "cell"))
			a->ko.offset_by = RF_CALIB_OFFSET_CELL;
		else if (!strcmp(val, "site"))
			a->ko.offset_by = RF_CALIB_OFFSET_SITE;
		else if (!strncmp(val, "column=", 7) && val[7]) {
			a->ko.offset_by = RF_CALIB_OFFSET_COLUMN;
			a->offset_column = val + 7;
		} else
			return cli_error(CMD, "option --offset-by: '%s' is none of cell, site, "
					 "column=NAME", val), -1;
		return 0;
	case OPT_OFFSET_SIGMA:
		a->offset_by_given = 1;
		return cli_double(CMD, "offset-sigma", val, 0.01, 100, &a->ko.offset_sigma_db);
	case OPT_FOLDS_BY:
		if (!strcmp(val, "file"))
			a->ko.folds_by = RF_CALIB_FOLDS_FILE;
		else if (!strcmp(val, "cell"))
			a->ko.folds_by = RF_CALIB_FOLDS_CELL;
		else if (!strcmp(val, "site"))
			a->ko.folds_by = RF_CALIB_FOLDS_SITE;
		else if (!strcmp(val, "day"))
			a->ko.folds_by = RF_CALIB_FOLDS_DAY;
		else if (!strncmp(val, "column=", 7) && val[7]) {
			a->ko.folds_by = RF_CALIB_FOLDS_COLUMN;
			a->ko.fold_column = val + 7;
		} else
			return cli_error(CMD, "option --folds-by: '%s' is none of file, cell, site, "
					 "day, column=NAME", val), -1;
		return 0;
	case OPT_FOLDS_BY_TIME:
		a->ko.folds_by = RF_CALIB_FOLDS_TIME;
		return parse_duration(val, &a->ko.fold_block_s);
	case OPT_FOLDS:
		a->folds_given = 1;
		return cli_int(CMD, "folds", val, 2, 100, &a->ko.folds);
	}
	return 0;
}

/* The long name of option id. */
static const char *opt_name(int id)
{
	for (const struct cli_opt *o = opts; o->id; o++)
		if (o->id == id)
			return o->long_name;
	return "?";
}

/* Why predict's option id makes no sense here, or NULL when it does. */
static const char *refused(int id)
{
	if (id >= MODEL_OPT_POL && id <= MODEL_OPT_DN && id != MODEL_OPT_K_FACTOR &&
	    id != MODEL_OPT_SPM_FILE && id != MODEL_OPT_NO_CLUTTER)
		return "a parameter of another model than spm, the one calibrate fits";
	if (id == PREDICT_OPT_MAIN_RADIUS || id == PREDICT_OPT_EXT_RES)
		return "calibrate evaluates each point on its own profile at the workspace's "
		       "resolution (as compare); drop it";
	if (id == PREDICT_OPT_SPM_BAND_TOL)
		return "calibrate starts from --spm-file's top-level coefficients, not its bands";
	if ((id >= PREDICT_OPT_NF && id <= PREDICT_OPT_SINR_CLASSES) ||
	    (id >= PREDICT_OPT_INDOOR && id <= PREDICT_OPT_BUILDING_CLASS) ||
	    (id >= SERVICE_OPT_BASE && id <= SERVICE_OPT_NONE))
		return "a parameter of predict's LTE maps, which calibrate does not make";
	return NULL;
}

/* cli_parser.refused: predict's options calibrate refuses stay out of its
 * help, and so does predict's --model entry, which calibrate's own OPT_MODEL
 * shadows. */
static int refused_opt(int id)
{
	return id == MODEL_OPT_MODEL || refused(id) != NULL;
}

/* 0 ok, 2 usage error, -1 after --help. */
static int parse(int argc, char **argv, struct calib_args *a)
{
	struct cli_parser p;
	const char *val, *why;
	int id;

	const char **pos[] = { &a->workdir, NULL };
	common_cli_init(&a->c, pos);
	rf_compare_options_default(&a->co);
	a->co.want_terms = 1;
	measure_cli_init(&a->mc, &a->co);
	rf_calib_options_default(&a->ko);
	predict_cli_init(&a->pc);
	a->pc.m.model.model = RF_MODEL_SPM;   /* the one calibrate fits */
	cli_init(&p, CMD, opts, argc, argv);
	p.refused = refused_opt;
	while ((id = cli_next(&p, &val)) != CLI_END) {
		if (id == OPT_MODEL)
			id = MODEL_OPT_MODEL;   /* parsed as predict's --model */
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == 0)
			r = measure_opts_handle(CMD, id, val, &a->mc);
		if (r == 0 && (why = refused(id)))
			return cli_error(CMD, "option --%s: %s", opt_name(id), why), 2;
		if (r == 0 && (r = predict_opts_handle(CMD, id, val, &a->pc)) > 0) {
			if (id == MODEL_OPT_MODEL)
				a->model = val;
			else
				a->request_opt = opt_name(id);
		}
		if (r < 0 || (r == 0 && own_option(a, id, val)))
			return 2;
	}
	if (!a->workdir)
		return cli_error(CMD, "missing WORKDIR (see 'rfplan help calibrate')"), 2;
	if (!a->mc.n_files)
		return cli_error(CMD, "missing --measurements FILE"), 2;
	if (!a->out)
		return cli_error(CMD, "missing -o FILE (the calibrated model file)"), 2;
	if (a->offset_by_given && !a->per_cell_offset)
		return cli_error(CMD, "options --offset-by and --offset-sigma need "
				 "--per-cell-offset"), 2;
	if (a->offset_column)   /* read from the measurement files as the row's group */
		a->mc.cols.group = a->offset_column;
	if (a->ko.fold_column)  /* the same, as the row's fold group */
		a->mc.cols.fold = a->ko.fold_column;
	if (a->folds_given && a->ko.folds_by != RF_CALIB_FOLDS_BLOCKS)
		return cli_error(CMD, "options --folds and --folds-by exclude each other"), 2;
	if (a->pc.m.model.model != RF_MODEL_SPM)
		return cli_error(CMD, "option --model: '%s' cannot be calibrated (only spm)",
				 a->model), 2;
	if (a->prediction && a->request_opt)
		return cli_error(CMD, "option --%s: not with --prediction (the request is the "
				 "prediction's run.json)", a->request_opt), 2;
	if (predict_opts_finish(CMD, &a->pc, a->c.threads))
		return 2;
	/* the starting coefficients only: the offsets are what calibrate fits */
	a->pc.po.engine.model.spm_calib = NULL;
	if (a->pc.cl.loss == RF_CLUTTER_LOSS_P2108 && a->pc.m.no_clutter)
		return cli_error(CMD, "option --clutter-loss p2108: not with --no-clutter"), 2;
	if (a->pc.cl.loss == RF_CLUTTER_LOSS_P2108 && a->ko.classes)
		return cli_error(CMD, "option --classes fits the class table's loss_db, which "
				 "--clutter-loss p2108 does not use"), 2;
	return 0;
}

static void args_free(struct calib_args *a)
{
	measure_cli_free(&a->mc);
	common_cli_free(&a->c);
	predict_cli_free(&a->pc);
}

int cmd_calibrate(int argc, char **argv)
{
	struct calib_args a;
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
	struct rf_calibrate_job job = {
		.workdir = a.workdir, .prediction = a.prediction, .out = a.out,
		.cells_path = a.c.cells, .defaults = &a.c.defaults, .po = &a.pc.po,
		.meas = measure_cli_source(&a.mc), .co = a.co, .ko = a.ko,
		.threads = a.c.threads
	};
	if (rf_calibrate_run(&job, a.c.verbosity ? stdout : NULL, &log, &err)) {
		cli_error(CMD, "%s", err.msg);
		status = 1;
	}
	rf_log_free(&log);
	args_free(&a);
	return status;
}

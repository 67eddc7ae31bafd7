/* rfplan optimize: tilt, azimuth and power of the cells searched for the
 * largest served area (doc/planning.md).  Parses options and calls
 * rf_optimize_run. */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "predict_opts.h"
#include "rfplan/optimize.h"
#include "rfplan/workspace.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "optimize"

enum {
	OPT_OUT = 1, OPT_TILT, OPT_AZIMUTH, OPT_POWER, OPT_CONSTRAINTS, OPT_RSRP_T, OPT_SINR_T,
	OPT_OVERSHOOT, OPT_PENALTY, OPT_SEED, OPT_PASSES, OPT_STRICT, OPT_WEIGHT, OPT_NO_CACHE
};

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "OUTDIR", "output directory, new or empty (required)" },
	{ OPT_TILT, "tilt", 0, "MIN..MAX", "mechanical tilt range, degrees down, searched in 1 degree steps (default: fixed)" },
	{ OPT_AZIMUTH, "azimuth", 0, "DEG", "azimuth searched within +/-DEG of the starting one in 5 degree steps (default 0: fixed)" },
	{ OPT_POWER, "power", 0, "MIN..MAX", "power change range, dB, searched in 1 dB steps (default: fixed)" },
	{ OPT_CONSTRAINTS, "constraints", 0, "FILE", "per-cell ranges CSV: site_id,cell_id,tilt_min,tilt_max,azimuth_delta,power_min_db,power_max_db (empty: the options')" },
	{ OPT_WEIGHT, "weight", 0, "FILE.tif", "count this traffic/population GeoTIFF's sum over the served pixels instead of their area (resampled onto the grid, sums kept)" },
	{ OPT_RSRP_T, "rsrp-threshold", 0, "DBM", "a served pixel has RSRP >= DBM (default -110)" },
	{ OPT_SINR_T, "sinr-threshold", 0, "DB", "a served pixel has RS-SINR >= DB (default -3)" },
	{ OPT_OVERSHOOT, "overshoot-km", 0, "KM", "served area farther than KM from its best server's site counts against the objective (default 0: off)" },
	{ OPT_PENALTY, "overshoot-penalty", 0, "W", "weight of that area, subtracted (default 1)" },
	{ OPT_SEED, "seed", 0, "N", "seed of the cells' random order (default 1)" },
	{ OPT_PASSES, "passes", 0, "N", "at most N passes over the cells (default 5)" },
	COMMON_CLI_OPT_CELLS("cells CSV (default WORKDIR/cells.csv; without one, one default cell per site)"),
	COMMON_CLI_OPT_DEFAULT_CELL("defaults for missing cell columns (as rfplan predict)"),
	{ OPT_STRICT, "strict", 0, NULL, "refuse frequencies outside the model's validity range" },
	{ OPT_NO_CACHE, "no-cache", 0, NULL, "compute every cell's path loss, reading and writing no path-loss matrix of WORKDIR/pathloss (doc/engine.md)" },
	COMMON_CLI_OPT_THREADS,
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	PREDICT_CLI_OPTS,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"WORKDIR -o OUTDIR [--tilt MIN..MAX] [--azimuth DEG] [--power MIN..MAX]\n"
	"       [--constraints FILE] [--rsrp-threshold DBM] [--sinr-threshold DB]\n"
	"       [--overshoot-km KM] [--weight FILE.tif] [--seed N] [--cells FILE]\n"
	"       [predict's request options]";
static const char description[] =
	"Search the cells' mechanical tilt, azimuth and power within the given ranges\n"
	"for the largest area with RSRP and RS-SINR at or above the thresholds, less\n"
	"the overshooting area (served beyond --overshoot-km of its site): coordinate\n"
	"descent over the cells in a random order from --seed, each candidate\n"
	"evaluated from the cell's path loss taken once as rfplan predict takes it\n"
	"(its path-loss matrix in WORKDIR/pathloss, or computed and stored), with\n"
	"the gain, RSRP and combination of predict over the cell's window.  Writes\n"
	"cells_optimized.csv, changes.csv, optimize.json (before/after) and\n"
	"predict's maps and stats.csv of the optimised cells.  The request is\n"
	"predict's (the same table and parser as rfplan predict: --model, --radius,\n"
	"--main-radius/--ext-res, --profile-spacing, --spm-file, the receiver, LTE\n"
	"and service options...): the search evaluates the losses and the maps are\n"
	"those rfplan predict computes with the same options.  See doc/planning.md.";

struct args {
	const char *workdir, *outdir;
	struct common_cli c;
	struct rf_optimize_options o;   /* o.predict: pc.po after parsing */
	struct predict_cli pc;          /* predict's request options */
	int strict;
};

/* "MIN..MAX" within [lo, hi], MIN <= MAX. */
static int range(const char *name, const char *val, double lo, double hi, double *a, double *b)
{
	const char *dots = strstr(val, "..");
	char buf[64];
	size_t n = dots ? (size_t)(dots - val) : 0;
	if (dots && n < sizeof(buf)) {
		memcpy(buf, val, n);
		buf[n] = '\0';
		if (!rf_parse_double(buf, a) && !rf_parse_double(dots + 2, b) && *a >= lo &&
		    *b <= hi && *a <= *b)
			return 0;
	}
	cli_error(CMD, "option --%s: '%s' is not MIN..MAX with %g <= MIN <= MAX <= %g", name,
		  val, lo, hi);
	return -1;
}

static int option(struct args *a, int id, const char *val)
{
	struct rf_optimize_options *o = &a->o;
	struct rf_opt_limits *l = &o->limits;
	int seed;
	switch (id) {
	case OPT_OUT: a->outdir = val; return 0;
	case OPT_TILT:
		l->tilt = 1;
		return range("tilt", val, -90, 90, &l->tilt_min_deg, &l->tilt_max_deg);
	case OPT_AZIMUTH: return cli_double(CMD, "azimuth", val, 0, 180, &l->azimuth_delta_deg);
	case OPT_POWER:
		l->power = 1;
		return range("power", val, -60, 60, &l->power_min_db, &l->power_max_db);
	case OPT_CONSTRAINTS: o->constraints_path = val; return 0;
	case OPT_WEIGHT: o->weight_path = val; return 0;
	case OPT_RSRP_T: return cli_double(CMD, "rsrp-threshold", val, -200, 0, &o->rsrp_threshold_dbm);
	case OPT_SINR_T: return cli_double(CMD, "sinr-threshold", val, -50, 60, &o->sinr_threshold_db);
	case OPT_OVERSHOOT: return cli_double(CMD, "overshoot-km", val, 0, 500, &o->overshoot_km);
	case OPT_PENALTY:
		return cli_double(CMD, "overshoot-penalty", val, 0, 1000, &o->overshoot_penalty);
	case OPT_SEED:
		if (cli_int(CMD, "seed", val, 0, 2147483647L, &seed))
			return -1;
		o->seed = (unsigned long)seed;
		return 0;
	case OPT_PASSES: return cli_int(CMD, "passes", val, 1, 1000, &o->max_passes);
	case OPT_STRICT: a->strict = 1; return 0;
	case OPT_NO_CACHE: o->no_cache = 1; return 0;
	}
	return 0;
}

/* 0 ok, 2 usage error, -1 after --help. */
static int parse(int argc, char **argv, struct args *a)
{
	struct cli_parser p;
	const char *val;
	int id;
	const char **pos[] = { &a->workdir, NULL };
	common_cli_init(&a->c, pos);
	rf_optimize_options_default(&a->o);
	predict_cli_init(&a->pc);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == 0)
			r = predict_opts_handle(CMD, id, val, &a->pc);
		if (r < 0 || (r == 0 && option(a, id, val)))
			return 2;
	}
	if (!a->workdir)
		return cli_error(CMD, "missing WORKDIR (see 'rfplan help optimize')"), 2;
	if (!a->outdir)
		return cli_error(CMD, "missing -o OUTDIR"), 2;
	if (!a->o.limits.tilt && !a->o.limits.power && a->o.limits.azimuth_delta_deg <= 0 &&
	    !a->o.constraints_path)
		return cli_error(CMD, "nothing to search: give --tilt, --azimuth, --power or "
				 "--constraints"), 2;
	if (predict_opts_finish(CMD, &a->pc, a->c.threads))
		return 2;
	a->o.predict = a->pc.po;   /* its class edges and SPM offsets owned by a->pc */
	a->o.predict.strict = a->strict;
	return 0;
}

int cmd_optimize(int argc, char **argv)
{
	struct args a;
	struct rf_workspace ws;
	struct rf_optimize_result res;
	struct rf_log log;
	struct rf_error err;
	int status = 1, r;

	memset(&a, 0, sizeof(a));
	r = parse(argc, argv, &a);
	if (r) {
		common_cli_free(&a.c);
		predict_cli_free(&a.pc);
		return r < 0 ? 0 : r;
	}
	rf_log_init(&log, a.c.verbosity);
	if (rf_workspace_open(a.workdir, &ws, &err)) {
		cli_error(CMD, "%s", err.msg);
	} else {
		if (rf_optimize_run(&ws, a.c.cells, &a.c.defaults, &a.o, a.outdir, &res, &log, &err))
			cli_error(CMD, "%s", err.msg);
		else {
			printf("objective before %.6f after %.6f; served area before %.6f after "
			       "%.6f km^2; %d change(s), %ld candidates\n", res.before.objective,
			       res.after.objective, res.before.served_area_km2,
			       res.after.served_area_km2, res.changes, res.candidates);
			status = 0;
		}
		rf_workspace_close(&ws);
	}
	rf_log_free(&log);
	common_cli_free(&a.c);
	predict_cli_free(&a.pc);
	return status;
}

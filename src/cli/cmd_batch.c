/* rfplan batch: import + predict every region of a plan (doc/batch.md).
 * Parses the options, reads the plan, calls rf_batch_run, writes the
 * reports and prints the summary table. */
#include "cli.h"
#include "commands.h"
#include "rfplan/batch.h"
#include "rfplan/interrupt.h"
#include "rfplan/log.h"

#include <stdio.h>
#include <stdlib.h>

#define CMD "batch"

enum { OPT_OUT = 1, OPT_FAIL_FAST, OPT_FORCE, OPT_THREADS, OPT_ALLOW_OUTSIDE, OPT_QUIET,
       OPT_VERBOSE };

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "OUTDIR", "output tree (default batch-out)" },
	{ OPT_FAIL_FAST, "fail-fast", 0, NULL, "stop at the first failed region (default: run them all)" },
	{ OPT_FORCE, "force", 0, NULL, "recompute regions that are up to date, and replace OUTDIR's summary.json, junit.xml and batch-stamp.json files even when rfplan did not write them" },
	{ OPT_THREADS, "threads", 0, "N", "OpenMP threads per prediction (default: all cores)" },
	{ OPT_ALLOW_OUTSIDE, "allow-outside", 0, NULL, "let the plan's file names leave its directory tree (absolute, '..', symbolic links; refused by default)" },
	{ OPT_QUIET, "quiet", 'q', NULL, "print warnings and the summary only" },
	{ OPT_VERBOSE, "verbose", 'v', NULL, "print each region's import and predict reports" },
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] = "PLAN [-o OUTDIR] [--fail-fast] [--force] [--threads N] [--allow-outside]\n"
				"       [-q | -v]";
static const char description[] =
	"Run import + predict for every region of PLAN (JSON: shared defaults and a\n"
	"list of regions) into OUTDIR/NAME/{workspace,predict}; print a summary table\n"
	"and write OUTDIR/summary.json and OUTDIR/junit.xml.  Regions whose options\n"
	"and inputs did not change since their last run are skipped (--force\n"
	"recomputes).  File names stay inside PLAN's directory tree unless\n"
	"--allow-outside.  Exit status 1 if any region failed (the others still run).\n"
	"See doc/batch.md.";

int cmd_batch(int argc, char **argv)
{
	struct rf_batch_options o = { "batch-out", 0, 0, 0, 1 };
	struct rf_batch_plan plan;
	struct rf_batch_result *results;
	struct cli_parser p;
	struct rf_log log;
	struct rf_error err;
	const char *val, *path = NULL;
	int id, failed, verbosity = 1, allow_outside = 0;

	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		switch (id) {
		case CLI_HELP:
			cli_usage(&p, synopsis, description);
			return 0;
		case CLI_ERROR: return 2;
		case CLI_POSITIONAL:
			if (path) {
				cli_error(CMD, "unexpected argument '%s'", val);
				return 2;
			}
			path = val;
			break;
		case OPT_OUT: o.outdir = val; break;
		case OPT_FAIL_FAST: o.fail_fast = 1; break;
		case OPT_FORCE: o.force = 1; break;
		case OPT_THREADS:
			if (cli_int(CMD, "threads", val, 1, 1024, &o.threads))
				return 2;
			break;
		case OPT_ALLOW_OUTSIDE: allow_outside = 1; break;
		case OPT_QUIET: verbosity = 0; break;
		case OPT_VERBOSE: verbosity = 2; break;
		}
	}
	if (!path) {
		cli_error(CMD, "missing PLAN (see 'rfplan help batch')");
		return 2;
	}
	/* Each region's own reports only with -v; warnings always. */
	o.verbosity = verbosity > 1 ? 1 : 0;
	if (rf_batch_plan_read_ex(path, allow_outside, &plan, &err)) {
		cli_error(CMD, "%s", err.msg);
		rf_batch_plan_free(&plan);
		return 1;
	}
	rf_log_init(&log, verbosity);
	results = rf_xcalloc(plan.n_regions, sizeof(*results));
	failed = rf_batch_run(&plan, &o, results, &log);
	if (failed >= 0 && rf_interrupted()) {
		/* the reports list the regions done; one line says the rest */
		rf_batch_write_reports(&plan, results, o.outdir, &err);
		rf_interrupt_check(&err);
		cli_error(CMD, "%s: nothing written for the regions not done (their previous "
			  "output is unchanged); %s/summary.json lists the regions done",
			  err.msg, o.outdir);
		failed = 1;
	} else if (failed < 0) {
		cli_error(CMD, "%s", results[0].message);
	} else {
		if (rf_batch_write_reports(&plan, results, o.outdir, &err)) {
			cli_error(CMD, "%s", err.msg);
			failed++;
		}
		rf_batch_print_table(stdout, &plan, results);
		if (failed)
			cli_error(CMD, "%d of %zu regions failed (see %s/junit.xml)", failed,
				  plan.n_regions, o.outdir);
	}
	free(results);
	rf_log_free(&log);
	rf_batch_plan_free(&plan);
	return failed ? 1 : 0;
}

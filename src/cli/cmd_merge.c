/* rfplan merge: mosaic the tiles of a split prediction (rfplan predict
 * --tile K/N) into the outputs of one untiled run (doc/scaling.md).  Parses
 * the options and calls rf_merge (src/batch/merge.c). */
#include "cli.h"
#include "commands.h"
#include "rfplan/log.h"
#include "rfplan/merge.h"

#include <stdlib.h>

#define CMD "merge"

enum { OPT_OUT = 1, OPT_FORCE, OPT_QUIET, OPT_VERBOSE };

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "OUTDIR", "output directory (required)" },
	{ OPT_FORCE, "force", 0, NULL, "replace an existing OUTDIR holding an earlier rfplan predict output (only when it holds nothing but the files its run.json lists)" },
	{ OPT_QUIET, "quiet", 'q', NULL, "print warnings only" },
	{ OPT_VERBOSE, "verbose", 'v', NULL, "print more detail" },
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] = "TILEDIR... -o OUTDIR [--force] [-q | -v]";
static const char description[] =
	"Merge the N tiles of 'rfplan predict --tile K/N' into the outputs of one\n"
	"untiled run (bit-identical rasters, styles, PNG/KMZ, best_server.csv,\n"
	"stats.csv recomputed from the merged maps, run.json).  Each TILEDIR is a\n"
	"tile's directory or a directory holding them.  See doc/scaling.md.";

int cmd_merge(int argc, char **argv)
{
	struct rf_merge_options o = { 0 };
	struct cli_parser p;
	struct rf_log log;
	struct rf_error err;
	const char **inputs = rf_xcalloc((size_t)argc + 1, sizeof(*inputs));
	const char *val;
	int id, verbosity = 1, status = 0;

	cli_init(&p, CMD, opts, argc, argv);
	while (!status && (id = cli_next(&p, &val)) != CLI_END) {
		switch (id) {
		case CLI_HELP:
			cli_usage(&p, synopsis, description);
			free(inputs);
			return 0;
		case CLI_ERROR: status = 2; break;
		case CLI_POSITIONAL: inputs[o.n_inputs++] = val; break;
		case OPT_OUT: o.outdir = val; break;
		case OPT_FORCE: o.force = 1; break;
		case OPT_QUIET: verbosity = 0; break;
		case OPT_VERBOSE: verbosity = 2; break;
		}
	}
	if (!status && !o.n_inputs) {
		cli_error(CMD, "missing TILEDIR (see 'rfplan help merge')");
		status = 2;
	}
	if (!status && !o.outdir) {
		cli_error(CMD, "option -o OUTDIR is required (see 'rfplan help merge')");
		status = 2;
	}
	if (status) {
		free(inputs);
		return status;
	}
	o.inputs = inputs;
	o.argc = argc;
	o.argv = argv;
	rf_log_init(&log, verbosity);
	if (rf_merge(&o, &log, &err)) {
		cli_error(CMD, "%s", err.msg);
		status = 1;
	}
	rf_log_free(&log);
	free(inputs);
	return status;
}

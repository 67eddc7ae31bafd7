/* What every command's option loop shares (CLI only): --help, a parse
 * error and the positional arguments, -q/-v, --threads, and the cells
 * options --cells/--default-cell of the commands that read cells.  As
 * measure_opts.h: a command puts the COMMON_CLI_OPT_* entries it takes in
 * its option table and hands every id it does not handle itself to
 * common_opts_handle().  Ids COMMON_OPT_BASE and up. */
#ifndef RFPLAN_COMMON_OPTS_H
#define RFPLAN_COMMON_OPTS_H

#include "cli.h"
#include "rfplan/cells.h"

#define COMMON_OPT_BASE 1500
enum {
	COMMON_OPT_THREADS = COMMON_OPT_BASE, COMMON_OPT_QUIET, COMMON_OPT_VERBOSE,
	COMMON_OPT_CELLS, COMMON_OPT_DEFAULT_CELL
};

#define COMMON_CLI_OPT_THREADS \
	{ COMMON_OPT_THREADS, "threads", 0, "N", "OpenMP threads (default: all cores)" }
#define COMMON_CLI_OPT_QUIET { COMMON_OPT_QUIET, "quiet", 'q', NULL, "print warnings only" }
#define COMMON_CLI_OPT_VERBOSE { COMMON_OPT_VERBOSE, "verbose", 'v', NULL, "print more detail" }
#define COMMON_CLI_OPT_CELLS(HELP) { COMMON_OPT_CELLS, "cells", 0, "FILE", HELP }
#define COMMON_CLI_OPT_DEFAULT_CELL(HELP) \
	{ COMMON_OPT_DEFAULT_CELL, "default-cell", 0, "K=V,..", HELP }

#define COMMON_MAX_POSITIONAL 4

struct common_cli {
	/* where the positional arguments go, in order (the command's own
	 * fields; NULL after the last): one more is "unexpected" */
	const char **positional[COMMON_MAX_POSITIONAL + 1];
	int verbosity;                  /* 1; -q 0, -v 2 */
	int threads;                    /* --threads, 0 when not given */
	const char *cells;              /* --cells FILE or NULL */
	char *default_cell;             /* owned copy of --default-cell, parsed in place */
	struct rf_cell_defaults defaults;
};

/* Defaults; pos is the NULL-terminated list of the command's positional
 * argument fields (at most COMMON_MAX_POSITIONAL). */
void common_cli_init(struct common_cli *c, const char **const *pos);

enum { COMMON_HELP = -2 };
/* 1: taken; 0: not one of these (the command's own option); -1: usage
 * error, printed (exit 2); COMMON_HELP: --help printed (exit 0). */
int common_opts_handle(struct cli_parser *p, int id, const char *value, struct common_cli *c,
		       const char *synopsis, const char *description);
void common_cli_free(struct common_cli *c);

#endif

/* rfplan pci: PCI allocation, or audit of given PCIs, on a prediction's
 * cells (doc/planning.md).  Parses options and calls rf_pci_run. */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "rfplan/planning.h"

#include <stdio.h>
#include <string.h>

#define CMD "pci"

enum { OPT_OUT = 1, OPT_AUDIT, OPT_RANGE, OPT_RESERVED, OPT_MARGIN, OPT_THRESHOLD,
       OPT_WORKSPACE, OPT_NO_CACHE };

static const struct cli_opt opts[] = {
	{ OPT_OUT, "output", 'o', "FILE.csv", "the PCI plan, or with --audit the conflicts (required)" },
	{ OPT_AUDIT, "audit", 0, NULL, "check the cells' PCIs instead of allocating (exit 0 with conflicts)" },
	{ OPT_RANGE, "range", 0, "A..B", "allocate from A..B (default 0..503)" },
	{ OPT_RESERVED, "reserved", 0, "LIST", "never allocate these PCIs: P,Q,A..B" },
	{ OPT_MARGIN, "margin-db", 0, "DB", "cells within DB of the serving cell overlap (default 6)" },
	{ OPT_THRESHOLD, "threshold-dbm", 0, "DBM", "and at or above DBM (default: the prediction's --min-rsrp)" },
	{ OPT_NO_CACHE, "no-cache", 0, NULL, "compute every cell's path loss, reading no path-loss matrix of the workspace's pathloss/ (as predict --no-cache; doc/engine.md)" },
	{ OPT_WORKSPACE, "workspace", 0, "DIR", "the prediction's workspace (default: the one its run.json names)" },
	COMMON_CLI_OPT_CELLS("the prediction's cells, possibly with other PCIs (default: the file its run.json names)"),
	COMMON_CLI_OPT_THREADS,
	COMMON_CLI_OPT_QUIET,
	COMMON_CLI_OPT_VERBOSE,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"PREDICT_DIR -o FILE.csv [--audit] [--range A..B] [--reserved LIST]\n"
	"       [--margin-db DB] [--threshold-dbm DBM] [--workspace DIR] [--cells FILE]";
static const char description[] =
	"Physical cell identities (TS 36.211: PCI = 3 N_ID1 + N_ID2, 0..503) for the\n"
	"cells of a prediction (rfplan predict's PREDICT_DIR).  Cells on the same\n"
	"carrier that are related (overlap within --margin-db, a common best-server\n"
	"border, or co-site; rfplan neighbours) must differ in PCI (collision), mod 3\n"
	"(PSS) and mod 30 (UL DMRS group); two neighbours of one cell on the same\n"
	"carrier must differ in PCI (confusion).  Allocation: DSATUR, then a\n"
	"min-conflicts local search, weighted by overlap; FILE.csv holds\n"
	"site_id,cell_id,pci and the conflicts left per cell.  --audit checks the\n"
	"PCIs of the cells instead and lists every conflict in FILE.csv\n"
	"(type,site_id,cell_id,other_site_id,other_cell_id,...).  See doc/planning.md.";

struct args {
	const char *predict_dir, *out, *workspace;
	struct common_cli c;        /* -q -v --threads --cells */
	int audit;
	unsigned char reserved[RF_PCI_MAX + 1];
	struct rf_pci_options o;
};

static int option(struct args *a, int id, const char *val)
{
	struct rf_error err;
	switch (id) {
	case OPT_OUT: a->out = val; return 0;
	case OPT_AUDIT: a->audit = 1; return 0;
	case OPT_RANGE:
		if (rf_pci_parse_range(val, &a->o.first, &a->o.last, &err))
			return cli_error(CMD, "%s", err.msg), -1;
		return 0;
	case OPT_RESERVED:
		if (rf_pci_parse_list(val, a->reserved, &err))
			return cli_error(CMD, "%s", err.msg), -1;
		a->o.reserved = a->reserved;
		return 0;
	case OPT_MARGIN: return cli_double(CMD, "margin-db", val, 0, 60, &a->o.nb.margin_db);
	case OPT_THRESHOLD:
		return cli_double(CMD, "threshold-dbm", val, -200, 0, &a->o.nb.threshold_dbm);
	case OPT_WORKSPACE: a->workspace = val; return 0;
	case OPT_NO_CACHE: a->o.nb.no_cache = 1; return 0;
	}
	return 0;
}

/* 0, 2 on a usage error, -1 after --help. */
static int parse(int argc, char **argv, struct args *a)
{
	struct cli_parser p;
	const char *val;
	int id, bad = 0, range = 0;

	const char **pos[] = { &a->predict_dir, NULL };
	common_cli_init(&a->c, pos);
	rf_pci_options_default(&a->o);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r == -1 && id == CLI_ERROR)
			return 2;
		range |= id == OPT_RANGE || id == OPT_RESERVED;
		if (r < 0 || (r == 0 && option(a, id, val)))
			bad = 1;
	}
	if (!a->predict_dir) {
		cli_error(CMD, "missing PREDICT_DIR (see 'rfplan help pci')");
		bad = 1;
	}
	if (!a->out) {
		cli_error(CMD, "missing -o FILE.csv");
		bad = 1;
	}
	if (a->audit && range) {
		cli_error(CMD, "options --range and --reserved allocate: not with --audit");
		bad = 1;
	}
	return bad ? 2 : 0;
}

int cmd_pci(int argc, char **argv)
{
	struct args a;
	struct rf_pci_result res;
	struct rf_log log;
	struct rf_error err;
	int r, status = 0;

	memset(&a, 0, sizeof(a));
	r = parse(argc, argv, &a);
	if (r)
		return r < 0 ? 0 : r;
	rf_log_init(&log, a.c.verbosity);
	if (rf_pci_run(a.predict_dir, a.workspace, a.c.cells, &a.o, a.audit, a.c.threads, a.out,
		       &res, &log, &err)) {
		cli_error(CMD, "%s", err.msg);
		status = 1;
	} else
		rf_info(&log, "%s: %s %d cells: %ld collision(s), %ld confusion(s), %ld mod30, "
			"%ld mod3 conflict(s) (cost %g)", a.out,
			a.audit ? "audited" : "PCIs of", res.n_cells,
			res.count[RF_PCI_COLLISION], res.count[RF_PCI_CONFUSION],
			res.count[RF_PCI_MOD30], res.count[RF_PCI_MOD3], res.cost);
	rf_pci_result_free(&res);
	rf_log_free(&log);
	return status;
}

/* --clutter-loss and --clutter-percent, shared by `rfplan predict` and
 * `rfplan profile` (CLI only; doc/models.md, "P.2108 clutter loss").  Like
 * model_opts.h: a command appends CLUTTER_CLI_OPTS to its option table and
 * hands every id to clutter_opts_handle() first (1: taken, 0: not one of
 * these, -1: usage error printed).  Ids CLUTTER_OPT_BASE and up. */
#ifndef RFPLAN_CLUTTER_OPTS_H
#define RFPLAN_CLUTTER_OPTS_H

#include "cli.h"
#include "rfplan/engine.h"

#define CLUTTER_OPT_BASE 1100
enum { CLUTTER_OPT_LOSS = CLUTTER_OPT_BASE, CLUTTER_OPT_PCT };

#define CLUTTER_CLI_OPTS \
	{ CLUTTER_OPT_LOSS, "clutter-loss", 0, "none|p2108", "clutter loss at the terminals: none = the class table's loss_db and heights (default); p2108 = ITU-R P.2108-1 sec. 3.1/3.2 over bare terrain (fspl, los, itm, spm; doc/models.md)" }, \
	{ CLUTTER_OPT_PCT, "clutter-percent", 0, "P", "p2108: % of locations for sec. 3.2, 0 < P < 100 (default 50)" }

struct clutter_cli {
	int loss;          /* enum rf_clutter_loss */
	double pct;        /* default 50 */
	int pct_given;
};

void clutter_cli_init(struct clutter_cli *c);
int clutter_opts_handle(const char *cmd, int id, const char *value, struct clutter_cli *c);
/* After parsing, with o->model set: --clutter-percent without
 * --clutter-loss p2108, or p2108 with a model other than fspl, los, itm and
 * spm, is an error.  Sets o->clutter_loss and o->clutter_pct.  0, or -1 after
 * printing the error. */
int clutter_opts_finish(const char *cmd, const struct clutter_cli *c,
			struct rf_engine_options *o);

#endif

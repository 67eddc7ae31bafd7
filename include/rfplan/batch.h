/* rfplan batch: import + predict many regions from a plan file (JSON, read
 * with jansson), with a summary table, summary.json, a JUnit XML report and
 * incremental re-runs (doc/batch.md).
 *
 *   struct rf_batch_plan plan;
 *   rf_batch_plan_read("plan.json", &plan, &err);
 *   results = rf_xcalloc(plan.n_regions, sizeof(*results));
 *   n_failed = rf_batch_run(&plan, &opts, results, log);
 *   rf_batch_write_reports(&plan, results, opts.outdir, &err);
 *   rf_batch_print_table(stdout, &plan, results);
 *   rf_batch_plan_free(&plan);
 *
 * Each region NAME gets OUTDIR/NAME/workspace (rf_import),
 * OUTDIR/NAME/predict (rf_predict + run.json) and OUTDIR/NAME/batch-stamp.json
 * (the hash of its resolved options and inputs, and its result). */
#ifndef RFPLAN_BATCH_H
#define RFPLAN_BATCH_H

#include <stddef.h>
#include <stdio.h>

#include "rfplan/cells.h"
#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "rfplan/error.h"
#include "rfplan/import.h"
#include "rfplan/log.h"

/* One region of a plan, resolved: the defaults overlaid with the region's
 * own keys, paths relative to the plan's directory made relative to the
 * current directory.  Strings are owned by the plan. */
struct rf_batch_region {
	const char *name;                  /* [A-Za-z0-9._-]+, unique */
	struct rf_import_options import;   /* workdir/force set by rf_batch_run */
	struct rf_predict_options predict;
	struct rf_cell_defaults cell_defaults;
	char *canonical;                   /* resolved options as sorted compact
					      JSON (hashed for the stamp), owned */
	const char *refused;               /* why the region does not run (a path
					      outside the plan's tree), or NULL */
};

struct rf_batch_plan {
	char *path;                        /* owned */
	char *root;                        /* the plan's directory, resolved (realpath) */
	int allow_outside;                 /* paths may leave the plan's tree */
	double rsrp_threshold_dbm;         /* "rsrp_threshold_dbm", default -100 */
	struct rf_batch_region *regions;   /* owned */
	size_t n_regions;
	void **owned;                      /* everything the regions point to */
	size_t n_owned;
};

/* Read and check a plan.  Errors name the file and the JSON path
 * ("plan.json: regions[1].dem: missing"), or jansson's line and column for a
 * syntax error.  Files are not opened here (a missing DEM fails its region
 * at run time, not the plan).  Returns 0 or -1 with err.
 *
 * File names are confined to the plan's directory tree (doc/batch.md): an
 * absolute path, a '..' component or a symbolic link resolving outside
 * sets the region's `refused` (the region fails, the others run) unless
 * allow_outside; rf_batch_plan_read is rf_batch_plan_read_ex(path, 0, ...). */
int rf_batch_plan_read(const char *path, struct rf_batch_plan *plan, struct rf_error *err);
int rf_batch_plan_read_ex(const char *path, int allow_outside, struct rf_batch_plan *plan,
			  struct rf_error *err);
void rf_batch_plan_free(struct rf_batch_plan *plan);

struct rf_batch_options {
	const char *outdir;     /* output tree (created if missing) */
	int fail_fast;          /* stop at the first failed region */
	int force;              /* recompute regions that are up to date */
	int threads;            /* predict threads, 0 = all cores */
	int verbosity;          /* for each region's log: 0 quiet, 1, 2 verbose */
};

enum rf_batch_status {
	RF_BATCH_NOT_RUN,       /* after a --fail-fast stop */
	RF_BATCH_OK,
	RF_BATCH_UP_TO_DATE,    /* skipped: same options and inputs as last time */
	RF_BATCH_FAILED
};

struct rf_batch_result {
	enum rf_batch_status status;
	int n_cells;
	double area_km2;        /* computed area (pixels with a best server) */
	double share_pct;       /* share of it with RSRP >= the plan's threshold */
	double time_s;          /* this run's (0 when up to date) */
	char message[1024];     /* the error of a failed region */
};

/* Run every region in order (after a failure the others still run, unless
 * fail_fast).  results[i] for region i.  OUTDIR/summary.json and junit.xml
 * are rewritten after each region (regions not reached: not run), so a
 * batch stopped midway leaves them for the regions that ran.  Returns the
 * number of failed regions (-1 if OUTDIR cannot be created, with
 * results[0].message).  After SIGINT/SIGTERM/SIGHUP (rfplan/interrupt.h)
 * the running region fails without a warning (its workspace and
 * prediction stay as they were) and the rest are "not run". */
int rf_batch_run(const struct rf_batch_plan *plan, const struct rf_batch_options *o,
		 struct rf_batch_result *results, struct rf_log *log);

/* OUTDIR/summary.json and OUTDIR/junit.xml (one testcase per region). */
int rf_batch_write_reports(const struct rf_batch_plan *plan,
			   const struct rf_batch_result *results, const char *outdir,
			   struct rf_error *err);

/* The summary table: region, status, cells, area km^2, share >= threshold,
 * time. */
void rf_batch_print_table(FILE *f, const struct rf_batch_plan *plan,
			  const struct rf_batch_result *results);

const char *rf_batch_status_name(enum rf_batch_status s);

#endif

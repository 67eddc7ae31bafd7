/* The measurement options shared by `rfplan compare` and `rfplan calibrate`
 * (CLI only; doc/calibration.md): which files, their format and columns, and
 * the planners' filters.  Like clutter_opts.h: a command appends
 * MEASURE_CLI_OPTS to its option table and hands every id to
 * measure_opts_handle() (1: taken, 0: not one of these, -1: usage error
 * printed).  Ids MEASURE_OPT_BASE and up. */
#ifndef RFPLAN_MEASURE_OPTS_H
#define RFPLAN_MEASURE_OPTS_H

#include "cli.h"
#include "rfplan/compare.h"
#include "rfplan/log.h"
#include "rfplan/measure.h"

#define MEASURE_OPT_BASE 1300
enum {
	MEASURE_OPT_FILE = MEASURE_OPT_BASE, MEASURE_OPT_FORMAT, MEASURE_OPT_COLUMNS,
	MEASURE_OPT_MIN_DIST, MEASURE_OPT_FLOOR, MEASURE_OPT_BIN, MEASURE_OPT_STRICT
};

#define MEASURE_CLI_OPTS \
	{ MEASURE_OPT_FILE, "measurements", 'm', "FILE", "measurement CSV (repeat for several files)" }, \
	{ MEASURE_OPT_FORMAT, "format", 0, "F", "auto, csv, cork, opencellid (default auto: from the header)" }, \
	{ MEASURE_OPT_COLUMNS, "columns", 0, "K=H,..", "csv format: header names of lat, lon, rsrp_dbm, site_id, cell_id, pci, earfcn, frequency_mhz, time" }, \
	{ MEASURE_OPT_MIN_DIST, "min-distance-m", 0, "M", "exclude points closer than this to their site, m (default 100)" }, \
	{ MEASURE_OPT_FLOOR, "floor-dbm", 0, "DBM", "exclude measurements below this (receiver sensitivity; a scanner's floor down to -150), dBm (default -140)" }, \
	{ MEASURE_OPT_STRICT, "strict", 0, NULL, "a measurement naming a cell missing from the cells is an error (default: a warning, matched with the best server)" }, \
	{ MEASURE_OPT_BIN, "bin", 0, NULL, "average the measurements of each map pixel and cell (mean power)" }

struct measure_cli {
	const char **files;             /* --measurements in order (array owned) */
	int n_files;
	enum rf_measure_format format;  /* default auto */
	char *columns;                  /* owned copy of --columns, parsed in place */
	struct rf_measure_columns cols;
	struct rf_compare_options *co;  /* borrowed: receives the filters */
};

/* Defaults; the filters go to *co (already set to its defaults). */
void measure_cli_init(struct measure_cli *m, struct rf_compare_options *co);
int measure_opts_handle(const char *cmd, int id, const char *value, struct measure_cli *m);
/* The files, format and columns given, for rf_compare_job.meas and
 * rf_calibrate_job.meas (pointing into *m). */
struct rf_meas_source measure_cli_source(const struct measure_cli *m);
void measure_cli_free(struct measure_cli *m);

#endif

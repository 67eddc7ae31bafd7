/* The prediction's request options of `rfplan predict`, which `rfplan
 * compare --no-maps`, `rfplan calibrate` (refusing those without meaning
 * for it) and `rfplan optimize` take too (CLI only; doc/engine.md,
 * doc/calibration.md, doc/planning.md):
 * radius, profile spacing, receiver, LTE and class parameters, indoor loss,
 * the calibrated SPM's band tolerance, and with them the model, clutter and
 * service options (MODEL_CLI_OPTS, CLUTTER_CLI_OPTS, SERVICE_CLI_OPTS).  One
 * table and one parser, so every such command builds the same struct
 * rf_predict_options from the same words.  Like model_opts.h: a command
 * appends PREDICT_CLI_OPTS to its option table, hands every id to
 * predict_opts_handle() (1: taken, 0: not one of these, -1: usage error
 * printed) and calls predict_opts_finish() after parsing.  Ids
 * PREDICT_OPT_BASE and up (and the model, clutter and service tables'). */
#ifndef RFPLAN_PREDICT_OPTS_H
#define RFPLAN_PREDICT_OPTS_H

#include "cli.h"
#include "clutter_opts.h"
#include "model_opts.h"
#include "rfplan/predict.h"
#include "service_opts.h"

#define PREDICT_OPT_BASE 1700
enum {
	PREDICT_OPT_RADIUS = PREDICT_OPT_BASE, PREDICT_OPT_MAIN_RADIUS, PREDICT_OPT_EXT_RES,
	PREDICT_OPT_PROFILE_SPACING, PREDICT_OPT_RX_GAIN, PREDICT_OPT_BODY_LOSS,
	PREDICT_OPT_NF, PREDICT_OPT_LOAD, PREDICT_OPT_MARGIN, PREDICT_OPT_MIN_RSRP,
	PREDICT_OPT_RSRP_CLASSES, PREDICT_OPT_SINR_CLASSES, PREDICT_OPT_SPM_BAND_TOL,
	PREDICT_OPT_INDOOR, PREDICT_OPT_INDOOR_PCT, PREDICT_OPT_BUILDING_CLASS
};

#define PREDICT_CLI_OPTS \
	{ PREDICT_OPT_RADIUS, "radius", 0, "KM", "computation radius around each cell, km (default 30)" }, \
	{ PREDICT_OPT_MAIN_RADIUS, "main-radius", 0, "KM", "two resolutions: the workspace's resolution within KM of each cell (< --radius), the extended matrix's beyond it (needs --ext-res; default off; doc/engine.md)" }, \
	{ PREDICT_OPT_EXT_RES, "ext-res", 0, "R", "two resolutions: the extended matrix's pixel, metres ('90' or '90m'), rounded to a whole multiple (>= 2) of the workspace's (needs --main-radius)" }, \
	{ PREDICT_OPT_PROFILE_SPACING, "profile-spacing", 0, "dem|auto|N", "profile samples: dem, every DEM pixel (default); auto, at most 257 points (256 intervals), coarser spacing beyond 256 pixels from the site; N, at most N points (doc/engine.md)" }, \
	{ PREDICT_OPT_RX_GAIN, "rx-gain-dbi", 0, "DB", "receiver antenna gain, dBi (default 0)" }, \
	{ PREDICT_OPT_BODY_LOSS, "body-loss-db", 0, "DB", "body loss at the receiver, dB (default 0)" }, \
	{ PREDICT_OPT_NF, "noise-figure-db", 0, "DB", "receiver noise figure, dB (default 7)" }, \
	{ PREDICT_OPT_LOAD, "load", 0, "0..1", "interfering cells' load (default 1.0)" }, \
	{ PREDICT_OPT_MARGIN, "overlap-margin", 0, "DB", "overlap: cells within this of the best server, dB (default 5)" }, \
	{ PREDICT_OPT_MIN_RSRP, "min-rsrp", 0, "DBM", "overlap: cells at least this strong, dBm (default -120)" }, \
	{ PREDICT_OPT_RSRP_CLASSES, "rsrp-classes", 0, "LIST", "RSRP class edges, dBm (default -80,-90,-100,-110,-120)" }, \
	{ PREDICT_OPT_SINR_CLASSES, "sinr-classes", 0, "LIST", "SINR class edges, dB (default 20,13,0,-3)" }, \
	{ PREDICT_OPT_SPM_BAND_TOL, "spm-band-tolerance", 0, "MHZ", "a cell up to MHZ outside every band of a calibrated --spm-file uses the nearest band (default 0: refused)" }, \
	{ PREDICT_OPT_INDOOR, "indoor", 0, NULL, "also write rsrp_indoor.tif: RSRP minus ITU-R P.2109 building entry loss (doc/lte.md)" }, \
	{ PREDICT_OPT_INDOOR_PCT, "indoor-percent", 0, "P", "--indoor: P.2109 probability the entry loss is not exceeded, 0 < P < 100 (default 50)" }, \
	{ PREDICT_OPT_BUILDING_CLASS, "building-class", 0, "C", "--indoor: P.2109 building class, traditional or efficient (default traditional)" }, \
	MODEL_CLI_OPTS, \
	CLUTTER_CLI_OPTS, \
	SERVICE_CLI_OPTS

struct predict_cli {
	struct rf_predict_options po;   /* the request being built */
	double *rsrp_edges, *sinr_edges;/* owned when given (po points to them) */
	struct rf_spm_calib spm_calib;  /* owned: --spm-file's cell_offsets, bands */
	int band_tol_given;
	int indoor_opts;                /* --indoor-percent or --building-class given */
	struct model_cli m;
	struct clutter_cli cl;
	struct service_cli sv;
};

/* Defaults (rf_predict_options_default).  p must stay where it is: the
 * service options write into p->po. */
void predict_cli_init(struct predict_cli *p);
int predict_opts_handle(const char *cmd, int id, const char *value, struct predict_cli *p);
/* After parsing: the combinations (--freq-mhz and --tx-height are per cell,
 * --main-radius with --ext-res below --radius, --indoor-percent and
 * --building-class need --indoor, the service options), loads --spm-file
 * with its offsets and bands, sets the model, receiver height, clutter and
 * threads (0: all) into p->po.  0, or -1 after printing the error (exit 2). */
int predict_opts_finish(const char *cmd, struct predict_cli *p, int threads);
void predict_cli_free(struct predict_cli *p);

#endif

/* Propagation model options shared by `rfplan profile` and `rfplan predict`
 * (CLI only).  A command appends MODEL_CLI_OPTS to its option table (before
 * the terminating { 0 }) and, in its cli_next() loop, hands every id to
 * model_opts_handle() first:
 *
 *   static const struct cli_opt opts[] = {
 *           { 1, "site", 0, "ID", "..." },
 *           MODEL_CLI_OPTS,
 *           { 0 }
 *   };
 *   struct model_cli m;
 *   model_cli_init(&m);
 *   while ((id = cli_next(&p, &val)) != CLI_END) {
 *           int r = model_opts_handle("predict", id, val, &m);
 *           if (r < 0) return 2;        (message already printed)
 *           if (r > 0) continue;        (a model option)
 *           switch (id) { ... the command's own options ... }
 *   }
 *   if (model_opts_finish("predict", &m)) return 2;
 *
 * Ids MODEL_OPT_BASE and up belong to this table; commands use ids below
 * MODEL_OPT_BASE for their own options. */
#ifndef RFPLAN_MODEL_OPTS_H
#define RFPLAN_MODEL_OPTS_H

#include "cli.h"
#include "rfplan/model.h"

#define MODEL_OPT_BASE 1000
enum {
	MODEL_OPT_MODEL = MODEL_OPT_BASE,
	MODEL_OPT_FREQ, MODEL_OPT_TX_HEIGHT, MODEL_OPT_RX_HEIGHT, MODEL_OPT_POL,
	MODEL_OPT_CLIMATE, MODEL_OPT_N0, MODEL_OPT_EPSILON, MODEL_OPT_SIGMA,
	MODEL_OPT_TIME, MODEL_OPT_LOCATION, MODEL_OPT_SITUATION, MODEL_OPT_MDVAR,
	MODEL_OPT_K_FACTOR, MODEL_OPT_ENV, MODEL_OPT_SPM_FILE, MODEL_OPT_NO_CLUTTER,
	MODEL_OPT_DN
};

#define MODEL_CLI_OPTS \
	{ MODEL_OPT_MODEL, "model", 0, "M", "propagation model: fspl, los, hata, cost231, itm, spm, p1812 (default itm)" }, \
	{ MODEL_OPT_FREQ, "freq-mhz", 0, "F", "frequency, MHz" }, \
	{ MODEL_OPT_TX_HEIGHT, "tx-height", 0, "M", "transmitter antenna height above ground, m" }, \
	{ MODEL_OPT_RX_HEIGHT, "rx-height", 0, "M", "receiver height above ground, m (default 1.5)" }, \
	{ MODEL_OPT_POL, "pol", 0, "h|v", "ITM/P.1812 polarization (default v)" }, \
	{ MODEL_OPT_CLIMATE, "climate", 0, "1..7", "ITM radio climate (default 5, continental temperate)" }, \
	{ MODEL_OPT_N0, "n0", 0, "N", "surface refractivity, N-units (default: ITM 301, P.1812 N0 325)" }, \
	{ MODEL_OPT_EPSILON, "epsilon", 0, "E", "ITM ground relative permittivity (default 15)" }, \
	{ MODEL_OPT_SIGMA, "sigma", 0, "S", "ITM ground conductivity, S/m (default 0.005)" }, \
	{ MODEL_OPT_TIME, "time", 0, "PCT", "ITM time variability / P.1812 time percentage 1..50, % (default 50)" }, \
	{ MODEL_OPT_LOCATION, "location", 0, "PCT", "ITM / P.1812 location variability, % (default 50)" }, \
	{ MODEL_OPT_SITUATION, "situation", 0, "PCT", "ITM situation variability, % (default 50)" }, \
	{ MODEL_OPT_MDVAR, "mdvar", 0, "N", "ITM mode of variability 0..3 (+10, +20) (default 12)" }, \
	{ MODEL_OPT_K_FACTOR, "k-factor", 0, "K", "effective earth radius factor for los/hata/spm geometry (default 4/3)" }, \
	{ MODEL_OPT_ENV, "env", 0, "E", "hata/cost231 environment: urban, urban-large, suburban, open, metropolitan (default urban)" }, \
	{ MODEL_OPT_SPM_FILE, "spm-file", 0, "FILE", "SPM coefficients, JSON (default: built-in = data/models/spm_default.json)" }, \
	{ MODEL_OPT_NO_CLUTTER, "no-clutter", 0, NULL, "ignore clutter heights along the path" }, \
	{ MODEL_OPT_DN, "dn", 0, "N", "P.1812 refractivity lapse rate DN, N-units/km (default 45)" }

struct model_cli {
	struct rf_model_options model;
	struct rf_link link;       /* freq 0 until given; tx height 0 until given;
				      rx height 1.5 */
	int freq_given, tx_height_given, rx_height_given;
	const char *spm_file;      /* NULL: built-in defaults */
	int no_clutter;
};

void model_cli_init(struct model_cli *m);

/* 1: id was a model option and value is stored; 0: not a model option;
 * -1: bad value (a usage error naming the option was printed: exit 2). */
int model_opts_handle(const char *cmd, int id, const char *value, struct model_cli *m);

/* After parsing: loads --spm-file.  Returns 0, or -1 after printing the
 * error (an unreadable or invalid model file: exit 2). */
int model_opts_finish(const char *cmd, struct model_cli *m);

#endif

/* LTE service-map options of `rfplan predict` (CLI only; doc/lte.md
 * "Service maps").  Like model_opts.h: the command appends
 * SERVICE_CLI_OPTS to its option table and hands every id to
 * service_opts_handle() before its own options; service_opts_finish()
 * checks the combinations after parsing.  Ids SERVICE_OPT_BASE and up
 * belong to this table. */
#ifndef RFPLAN_SERVICE_OPTS_H
#define RFPLAN_SERVICE_OPTS_H

#include "cli.h"
#include "rfplan/lte_service.h"

#define SERVICE_OPT_BASE 2000
enum {
	SERVICE_OPT_LAYERS = SERVICE_OPT_BASE,
	SERVICE_OPT_CRS_PORTS, SERVICE_OPT_PDCCH, SERVICE_OPT_CQI_TABLE, SERVICE_OPT_DL_SHANNON,
	SERVICE_OPT_UL_SHANNON, SERVICE_OPT_UE_POWER, SERVICE_OPT_UL_RBS, SERVICE_OPT_ENB_NF,
	SERVICE_OPT_UL_IOT, SERVICE_OPT_SIGMA, SERVICE_OPT_RELIABILITY, SERVICE_OPT_COV_THRESHOLD,
	SERVICE_OPT_DL_TARGET, SERVICE_OPT_UL_TARGET, SERVICE_OPT_NONE
};

#define SERVICE_CLI_OPTS \
	{ SERVICE_OPT_LAYERS, "mimo-layers", 0, "1|2|4", "DL spatial layers of the throughput map (default 1)" }, \
	{ SERVICE_OPT_CRS_PORTS, "crs-ports", 0, "1|2|4", "cell-specific reference signal ports, >= layers (default 2)" }, \
	{ SERVICE_OPT_PDCCH, "pdcch-symbols", 0, "1..3", "OFDM symbols of the DL control region (default 3)" }, \
	{ SERVICE_OPT_CQI_TABLE, "cqi-table", 0, "FILE", "CQI/SINR table, CSV (default: built-in = data/lte/cqi_sinr.csv)" }, \
	{ SERVICE_OPT_DL_SHANNON, "dl-shannon", 0, "A,MIN,MAX", "DL throughput: alpha, SINR_MIN dB, Thr_MAX bit/s/Hz (default 0.6,-10,4.4, TR 36.942 A.2)" }, \
	{ SERVICE_OPT_UL_SHANNON, "ul-shannon", 0, "A,MIN,MAX", "UL throughput: alpha, SINR_MIN dB, Thr_MAX bit/s/Hz (default 0.4,-10,2.0, TR 36.942 A.2)" }, \
	{ SERVICE_OPT_UE_POWER, "ue-power-dbm", 0, "DBM", "UE transmit power, dBm (default 23)" }, \
	{ SERVICE_OPT_UL_RBS, "ul-rbs", 0, "N", "UL resource blocks of the UE (default: per pixel, the allocation of most UL throughput at --ue-power-dbm)" }, \
	{ SERVICE_OPT_ENB_NF, "enb-noise-figure-db", 0, "DB", "eNB receiver noise figure, dB (default 5)" }, \
	{ SERVICE_OPT_UL_IOT, "ul-iot-db", 0, "DB", "UL interference margin (rise over thermal), dB (default 3)" }, \
	{ SERVICE_OPT_SIGMA, "shadowing-sigma-db", 0, "S", "lognormal shadowing deviation, dB: writes coverage_probability.tif" }, \
	{ SERVICE_OPT_RELIABILITY, "reliability", 0, "P", "location reliability of the RSRP statistics, percent 0 < P < 100 (default 90)" }, \
	{ SERVICE_OPT_COV_THRESHOLD, "coverage-threshold-dbm", 0, "DBM", "RSRP of coverage_probability.tif, dBm (default -110)" }, \
	{ SERVICE_OPT_DL_TARGET, "dl-target-mbps", 0, "MBPS", "ul_limited.tif: DL throughput target, Mbit/s (default 0: the link closes)" }, \
	{ SERVICE_OPT_UL_TARGET, "ul-target-mbps", 0, "MBPS", "ul_limited.tif: UL throughput target, Mbit/s (default 0: the link closes)" }, \
	{ SERVICE_OPT_NONE, "no-service-maps", 0, NULL, "do not write the CQI, throughput and uplink maps" }

/* The options' target and what was given (for the checks of
 * service_opts_finish). */
struct service_cli {
	struct rf_lte_service_params *p;   /* not owned */
	int reliability_given, threshold_given;
};
void service_cli_init(struct service_cli *s, struct rf_lte_service_params *p);

/* 1: id was a service option and value is stored; 0: not one; -1: bad
 * value (a usage error naming the option was printed: exit 2). */
int service_opts_handle(const char *cmd, int id, const char *value, struct service_cli *s);

/* After parsing: --crs-ports against --mimo-layers; --reliability and
 * --coverage-threshold-dbm only with --shadowing-sigma-db.  0, or -1 after
 * printing the error (exit 2). */
int service_opts_finish(const char *cmd, const struct service_cli *s);

#endif

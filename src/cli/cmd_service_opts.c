/* LTE service-map options of `rfplan predict` (service_opts.h). */
#include "service_opts.h"
#include "rfplan/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1, 2 or 4. */
static int one_two_four(const char *cmd, const char *name, const char *value, int *out)
{
	long v;
	if (rf_parse_long(value, &v) || (v != 1 && v != 2 && v != 4)) {
		cli_error(cmd, "option --%s: '%s' is not 1, 2 or 4", name, value);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* "ALPHA,SINR_MIN_DB,THR_MAX": 0 < alpha <= 1, -50 <= SINR_MIN <= 50,
 * 0 < Thr_MAX <= 30 bit/s/Hz. */
static int shannon(const char *cmd, const char *name, const char *value, struct rf_shannon *m)
{
	char buf[128], *save = NULL, *tok;
	double v[3];
	int n = 0;
	snprintf(buf, sizeof(buf), "%s", value);
	for (tok = strtok_r(buf, ",", &save); tok && n < 4; tok = strtok_r(NULL, ",", &save)) {
		if (n == 3 || rf_parse_double(tok, &v[n]))
			goto bad;
		n++;
	}
	if (n != 3 || !(v[0] > 0 && v[0] <= 1) || v[1] < -50 || v[1] > 50 ||
	    !(v[2] > 0 && v[2] <= 30))
		goto bad;
	m->alpha = v[0];
	m->sinr_min_db = v[1];
	m->thr_max_bps_hz = v[2];
	return 0;
bad:
	cli_error(cmd, "option --%s: '%s' is not ALPHA,SINR_MIN_DB,THR_MAX with 0 < ALPHA <= 1, "
		  "-50 <= SINR_MIN_DB <= 50, 0 < THR_MAX <= 30", name, value);
	return -1;
}

/* --reliability P: percent, 0 < P < 100, like --location and
 * --indoor-percent.  The fraction form of earlier versions (0 < P < 1) is
 * still read, as P x 100, with a warning: no planner means a reliability
 * below 1 %. */
static int reliability(const char *cmd, const char *value, double *pct)
{
	double v;
	if (rf_parse_double(value, &v) || !(v > 0 && v < 100)) {
		cli_error(cmd, "option --reliability: '%s' is not a percentage 0 < P < 100", value);
		return -1;
	}
	if (v < 1) {
		rf_warn(NULL, "%s: option --reliability %s read as %g %% (a fraction, deprecated: "
			"give percent, --reliability %g)", cmd, value, 100 * v, 100 * v);
		v *= 100;
	}
	*pct = v;
	return 0;
}

static int handle(const char *cmd, int id, const char *value, struct rf_lte_service_params *p)
{
	struct rf_error err;
	switch (id) {
	case SERVICE_OPT_LAYERS: return one_two_four(cmd, "mimo-layers", value, &p->mimo_layers);
	case SERVICE_OPT_CRS_PORTS: return one_two_four(cmd, "crs-ports", value, &p->crs_ports);
	case SERVICE_OPT_PDCCH: return cli_int(cmd, "pdcch-symbols", value, 1, 3, &p->pdcch_symbols);
	case SERVICE_OPT_CQI_TABLE:
		if (rf_cqi_table_read(value, &p->cqi, &err)) {
			cli_error(cmd, "option --cqi-table: %s", err.msg);
			return -1;
		}
		return 0;
	case SERVICE_OPT_DL_SHANNON: return shannon(cmd, "dl-shannon", value, &p->dl);
	case SERVICE_OPT_UL_SHANNON: return shannon(cmd, "ul-shannon", value, &p->ul);
	case SERVICE_OPT_UE_POWER:
		return cli_double(cmd, "ue-power-dbm", value, -40, 40, &p->ue_power_dbm);
	case SERVICE_OPT_UL_RBS: return cli_int(cmd, "ul-rbs", value, 1, 100, &p->ul_rbs);
	case SERVICE_OPT_ENB_NF:
		return cli_double(cmd, "enb-noise-figure-db", value, 0, 30, &p->enb_noise_figure_db);
	case SERVICE_OPT_UL_IOT: return cli_double(cmd, "ul-iot-db", value, 0, 40, &p->ul_iot_db);
	case SERVICE_OPT_SIGMA:
		return cli_double(cmd, "shadowing-sigma-db", value, 0, 30, &p->sigma_db);
	case SERVICE_OPT_RELIABILITY: return reliability(cmd, value, &p->reliability_pct);
	case SERVICE_OPT_COV_THRESHOLD:
		return cli_double(cmd, "coverage-threshold-dbm", value, -200, 0,
				  &p->coverage_threshold_dbm);
	case SERVICE_OPT_DL_TARGET:
		return cli_double(cmd, "dl-target-mbps", value, 0, 10000, &p->dl_target_mbps);
	case SERVICE_OPT_UL_TARGET:
		return cli_double(cmd, "ul-target-mbps", value, 0, 10000, &p->ul_target_mbps);
	case SERVICE_OPT_NONE: p->enabled = 0; return 0;
	}
	return 0;
}

void service_cli_init(struct service_cli *s, struct rf_lte_service_params *p)
{
	s->p = p;
	s->reliability_given = s->threshold_given = 0;
}

int service_opts_handle(const char *cmd, int id, const char *value, struct service_cli *s)
{
	if (id < SERVICE_OPT_BASE || id > SERVICE_OPT_NONE)
		return 0;
	s->reliability_given |= id == SERVICE_OPT_RELIABILITY;
	s->threshold_given |= id == SERVICE_OPT_COV_THRESHOLD;
	return handle(cmd, id, value, s->p) ? -1 : 1;
}

int service_opts_finish(const char *cmd, const struct service_cli *s)
{
	const struct rf_lte_service_params *p = s->p;
	if (p->crs_ports < p->mimo_layers) {
		cli_error(cmd, "option --crs-ports: %d ports cannot carry --mimo-layers %d",
			  p->crs_ports, p->mimo_layers);
		return -1;
	}
	if (isnan(p->sigma_db) && (s->reliability_given || s->threshold_given)) {
		cli_error(cmd, "option --%s: applies to the shadowing statistics; give "
			  "--shadowing-sigma-db too",
			  s->reliability_given ? "reliability" : "coverage-threshold-dbm");
		return -1;
	}
	return 0;
}

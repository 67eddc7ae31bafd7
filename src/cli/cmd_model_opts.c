/* Propagation model options shared by profile and predict (model_opts.h). */
#include "model_opts.h"

#include <string.h>

void model_cli_init(struct model_cli *m)
{
	memset(m, 0, sizeof(*m));
	rf_model_options_default(&m->model);
	m->link.rx_height_agl_m = 1.5;
}

static int pct(const char *cmd, const char *name, const char *value, double *out)
{
	double v;
	if (cli_double(cmd, name, value, 0.0, 100.0, &v))
		return -1;
	if (v <= 0.0 || v >= 100.0) {
		cli_error(cmd, "option --%s: %s must be strictly between 0 and 100", name, value);
		return -1;
	}
	*out = v;
	return 1;
}

static int mdvar_ok(int v)
{
	int base = v % 10, mods = v - base;
	return v >= 0 && (mods == 0 || mods == 10 || mods == 20 || mods == 30) && base <= 3;
}

int model_opts_handle(const char *cmd, int id, const char *value, struct model_cli *m)
{
	struct rf_model_options *o = &m->model;
	int r;

	switch (id) {
	case MODEL_OPT_MODEL:
		if (rf_model_parse(value, &o->model)) {
			cli_error(cmd, "option --model: unknown model '%s' (fspl, los, hata, "
				  "cost231, itm, spm, p1812)", value);
			return -1;
		}
		return 1;
	case MODEL_OPT_FREQ:
		m->freq_given = 1;
		r = cli_double(cmd, "freq-mhz", value, 1.0, 100000.0, &m->link.freq_mhz);
		return r ? -1 : 1;
	case MODEL_OPT_TX_HEIGHT:
		m->tx_height_given = 1;
		r = cli_double(cmd, "tx-height", value, 0.0, 3000.0, &m->link.tx_height_agl_m);
		return r ? -1 : 1;
	case MODEL_OPT_RX_HEIGHT:
		m->rx_height_given = 1;
		r = cli_double(cmd, "rx-height", value, 0.01, 3000.0, &m->link.rx_height_agl_m);
		return r ? -1 : 1;
	case MODEL_OPT_POL:
		if (!strcmp(value, "h") || !strcmp(value, "v")) {
			o->polarization = value[0] == 'v';
			return 1;
		}
		cli_error(cmd, "option --pol: '%s' is not h or v", value);
		return -1;
	case MODEL_OPT_CLIMATE:
		return cli_int(cmd, "climate", value, 1, 7, &o->climate) ? -1 : 1;
	case MODEL_OPT_N0:
		if (cli_double(cmd, "n0", value, 250.0, 400.0, &o->n0))
			return -1;
		o->p1812_n0 = o->n0;
		return 1;
	case MODEL_OPT_DN:
		r = cli_double(cmd, "dn", value, 0.0, 156.0, &o->dn);
		if (!r && o->dn <= 0.0) {
			cli_error(cmd, "option --dn: %s must be > 0", value);
			r = -1;
		}
		return r ? -1 : 1;
	case MODEL_OPT_EPSILON:
		return cli_double(cmd, "epsilon", value, 1.0, 1e6, &o->epsilon) ? -1 : 1;
	case MODEL_OPT_SIGMA:
		r = cli_double(cmd, "sigma", value, 0.0, 1e6, &o->sigma);
		if (!r && o->sigma <= 0.0) {
			cli_error(cmd, "option --sigma: %s must be > 0", value);
			r = -1;
		}
		return r ? -1 : 1;
	case MODEL_OPT_TIME:
		return pct(cmd, "time", value, &o->time_pct);
	case MODEL_OPT_LOCATION:
		return pct(cmd, "location", value, &o->location_pct);
	case MODEL_OPT_SITUATION:
		return pct(cmd, "situation", value, &o->situation_pct);
	case MODEL_OPT_MDVAR:
		if (cli_int(cmd, "mdvar", value, 0, 33, &o->mdvar))
			return -1;
		if (!mdvar_ok(o->mdvar)) {
			cli_error(cmd, "option --mdvar: %s is not 0..3 plus 0, 10, 20 or 30", value);
			return -1;
		}
		return 1;
	case MODEL_OPT_K_FACTOR:
		r = cli_double(cmd, "k-factor", value, 0.1, 100.0, &o->k_factor);
		return r ? -1 : 1;
	case MODEL_OPT_ENV:
		if (rf_env_parse(value, &o->env)) {
			cli_error(cmd, "option --env: unknown environment '%s' (urban, "
				  "urban-large, suburban, open, metropolitan)", value);
			return -1;
		}
		return 1;
	case MODEL_OPT_SPM_FILE:
		m->spm_file = value;
		return 1;
	case MODEL_OPT_NO_CLUTTER:
		m->no_clutter = 1;
		return 1;
	default:
		return 0;
	}
}

/* P.1812's own ranges (rf_p1812_prepare checks them again). */
static int p1812_ranges(const char *cmd, const struct model_cli *m)
{
	const struct rf_model_options *o = &m->model;
	if (m->freq_given && (m->link.freq_mhz < 30.0 || m->link.freq_mhz > 6000.0))
		return cli_error(cmd, "option --freq-mhz: %g MHz is outside P.1812's range "
				 "30..6000 MHz", m->link.freq_mhz), -1;
	if (o->time_pct < 1.0 || o->time_pct > 50.0)
		return cli_error(cmd, "option --time: %g %% is outside P.1812's range 1..50 %%",
				 o->time_pct), -1;
	if (o->location_pct < 1.0 || o->location_pct > 99.0)
		return cli_error(cmd, "option --location: %g %% is outside P.1812's range "
				 "1..99 %%", o->location_pct), -1;
	if (m->tx_height_given && m->link.tx_height_agl_m < 1.0)
		return cli_error(cmd, "option --tx-height: %g m is below P.1812's 1 m",
				 m->link.tx_height_agl_m), -1;
	if (m->link.rx_height_agl_m < 1.0)
		return cli_error(cmd, "option --rx-height: %g m is below P.1812's 1 m",
				 m->link.rx_height_agl_m), -1;
	return 0;
}

int model_opts_finish(const char *cmd, struct model_cli *m)
{
	struct rf_error err;
	if (m->model.model == RF_MODEL_P1812 && p1812_ranges(cmd, m))
		return -1;
	if (m->spm_file && rf_spm_load(m->spm_file, &m->model.spm, &err)) {
		cli_error(cmd, "option --spm-file: %s", err.msg);
		return -1;
	}
	return 0;
}

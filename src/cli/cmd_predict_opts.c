/* The prediction's request options (predict_opts.h): rfplan predict's, and
 * those of rfplan compare --no-maps without a prediction directory, rfplan
 * calibrate and rfplan optimize. */
#include "predict_opts.h"
#include "rfplan/engine.h"
#include "rfplan/lte.h"
#include "rfplan/model.h"
#include "rfplan/p2109.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void predict_cli_init(struct predict_cli *p)
{
	memset(p, 0, sizeof(*p));
	rf_predict_options_default(&p->po);
	model_cli_init(&p->m);
	clutter_cli_init(&p->cl);
	service_cli_init(&p->sv, &p->po.service);
}

static int edges(const char *cmd, const char *name, const char *value, double **out, int *n)
{
	struct rf_error err;
	int k = rf_lte_parse_edges(value, out, &err);
	if (k < 0) {
		cli_error(cmd, "option --%s: %s", name, err.msg);
		return -1;
	}
	*n = k;
	return 0;
}

/* The options of this table's own ids: 0 stored, -1 usage error printed. */
static int own_option(const char *cmd, int id, const char *val, struct predict_cli *p)
{
	struct rf_predict_options *o = &p->po;
	switch (id) {
	case PREDICT_OPT_RADIUS: return cli_double(cmd, "radius", val, 0.01, 500, &o->engine.radius_km);
	case PREDICT_OPT_MAIN_RADIUS:
		return cli_double(cmd, "main-radius", val, 0.01, 500, &o->engine.main_radius_km);
	case PREDICT_OPT_EXT_RES: {   /* metres, an optional unit "m" */
		size_t n = strlen(val);
		char num[64];
		snprintf(num, sizeof(num), "%.*s", (int)(n && val[n - 1] == 'm' ? n - 1 : n), val);
		return cli_double(cmd, "ext-res", num, 1, 100000, &o->engine.ext_res_m);
	}
	case PREDICT_OPT_PROFILE_SPACING:
		if (!rf_profile_spacing_parse(val, &o->engine.profile_points_max))
			return 0;
		cli_error(cmd, "option --profile-spacing: '%s' is not dem, auto or a number of "
			  "points 16..100000", val);
		return -1;
	case PREDICT_OPT_RX_GAIN: return cli_double(cmd, "rx-gain-dbi", val, -50, 50, &o->rx_gain_dbi);
	case PREDICT_OPT_BODY_LOSS:
		return cli_double(cmd, "body-loss-db", val, 0, 100, &o->body_loss_db);
	case PREDICT_OPT_NF:
		return cli_double(cmd, "noise-figure-db", val, 0, 50, &o->lte.noise_figure_db);
	case PREDICT_OPT_LOAD: return cli_double(cmd, "load", val, 0, 1, &o->lte.load);
	case PREDICT_OPT_MARGIN:
		return cli_double(cmd, "overlap-margin", val, 0, 100, &o->lte.overlap_margin_db);
	case PREDICT_OPT_MIN_RSRP:
		return cli_double(cmd, "min-rsrp", val, -200, 0, &o->lte.min_rsrp_dbm);
	case PREDICT_OPT_RSRP_CLASSES:
		free(p->rsrp_edges);
		p->rsrp_edges = NULL;
		if (edges(cmd, "rsrp-classes", val, &p->rsrp_edges, &o->n_rsrp_edges))
			return -1;
		o->rsrp_edges = p->rsrp_edges;
		return 0;
	case PREDICT_OPT_SINR_CLASSES:
		free(p->sinr_edges);
		p->sinr_edges = NULL;
		if (edges(cmd, "sinr-classes", val, &p->sinr_edges, &o->n_sinr_edges))
			return -1;
		o->sinr_edges = p->sinr_edges;
		return 0;
	case PREDICT_OPT_SPM_BAND_TOL:
		p->band_tol_given = 1;
		return cli_double(cmd, "spm-band-tolerance", val, 0, 100000,
				  &p->spm_calib.band_tolerance_mhz);
	case PREDICT_OPT_INDOOR: o->indoor = 1; return 0;
	case PREDICT_OPT_INDOOR_PCT:
		p->indoor_opts = 1;
		if (cli_double(cmd, "indoor-percent", val, 0, 100, &o->indoor_pct))
			return -1;
		if (!(o->indoor_pct > 0 && o->indoor_pct < 100)) {
			cli_error(cmd, "option --indoor-percent: %s must be strictly between 0 "
				  "and 100", val);
			return -1;
		}
		return 0;
	case PREDICT_OPT_BUILDING_CLASS: {
		enum rf_p2109_class c;
		p->indoor_opts = 1;
		if (rf_p2109_class_parse(val, &c)) {
			cli_error(cmd, "option --building-class: unknown class '%s' (traditional, "
				  "efficient)", val);
			return -1;
		}
		o->building_class = (int)c;
		return 0;
	}
	}
	return 0;
}

int predict_opts_handle(const char *cmd, int id, const char *value, struct predict_cli *p)
{
	int r = model_opts_handle(cmd, id, value, &p->m);
	if (r == 0)
		r = clutter_opts_handle(cmd, id, value, &p->cl);
	if (r == 0)
		r = service_opts_handle(cmd, id, value, &p->sv);
	if (r == 0 && id >= PREDICT_OPT_RADIUS && id <= PREDICT_OPT_BUILDING_CLASS)
		r = own_option(cmd, id, value, p) ? -1 : 1;
	return r;
}

int predict_opts_finish(const char *cmd, struct predict_cli *p, int threads)
{
	struct rf_engine_options *e = &p->po.engine;
	if (threads)
		e->threads = threads;
	if (p->m.freq_given)
		return cli_error(cmd, "option --freq-mhz: the frequency is per cell: set "
				 "frequency_mhz in the cells file or --default-cell"), -1;
	if (p->m.tx_height_given)
		return cli_error(cmd, "option --tx-height: the height is per cell: set "
				 "height_agl_m in the cells file or --default-cell"), -1;
	if (p->indoor_opts && !p->po.indoor)
		return cli_error(cmd, "options --indoor-percent and --building-class need "
				 "--indoor"), -1;
	if ((e->main_radius_km > 0) != (e->ext_res_m > 0))
		return cli_error(cmd, "options --main-radius and --ext-res go together"), -1;
	if (e->main_radius_km > 0 && !(e->main_radius_km < e->radius_km))
		return cli_error(cmd, "option --main-radius: %g km is not below --radius %g km",
				 e->main_radius_km, e->radius_km), -1;
	if (model_opts_finish(cmd, &p->m) || service_opts_finish(cmd, &p->sv))
		return -1;
	e->model = p->m.model;
	if (p->m.spm_file) {   /* calibrated offsets and bands (doc/calibration.md) */
		struct rf_error err;
		double tol = p->spm_calib.band_tolerance_mhz;
		if (rf_spm_load_offsets(p->m.spm_file, &e->model.spm, &p->spm_calib, &err))
			return cli_error(cmd, "option --spm-file: %s", err.msg), -1;
		p->spm_calib.band_tolerance_mhz = tol;
		if (p->spm_calib.count || p->spm_calib.n_bands)
			e->model.spm_calib = &p->spm_calib;
	}
	if (p->band_tol_given && !p->spm_calib.n_bands)
		return cli_error(cmd, "option --spm-band-tolerance needs an --spm-file with "
				 "bands (rfplan calibrate's output)"), -1;
	e->rx_height_m = p->m.link.rx_height_agl_m;
	e->use_clutter = !p->m.no_clutter;
	return clutter_opts_finish(cmd, &p->cl, e) ? -1 : 0;
}

void predict_cli_free(struct predict_cli *p)
{
	free(p->rsrp_edges);
	free(p->sinr_edges);
	p->rsrp_edges = p->sinr_edges = NULL;
	rf_spm_calib_free(&p->spm_calib);
}

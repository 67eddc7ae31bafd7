/* rfplan profile: one path, every loss term explained.  The workspace
 * form's profile is rf_site_path_profile (include/rfplan/profile_run.h). */
#include "cli.h"
#include "common_opts.h"
#include "clutter_opts.h"
#include "cmd_profile_p1812.h"
#include "commands.h"
#include "model_opts.h"
#include "rfplan/engine.h"
#include "rfplan/geo.h"
#include "rfplan/itm.h"
#include "rfplan/log.h"
#include "rfplan/pfl.h"
#include "rfplan/predict.h"
#include "rfplan/profile.h"
#include "rfplan/profile_run.h"
#include "rfplan/workspace.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "profile"

enum { OPT_SITE = 1, OPT_TO, OPT_PIXEL, OPT_PFL, OPT_JSON, OPT_CSV, OPT_PROFILE,
       OPT_TX_LATLON, OPT_RX_LATLON, OPT_DCT, OPT_DCR, OPT_CELL, OPT_RX_GAIN,
       OPT_BODY_LOSS, OPT_RADIUS, OPT_PROFILE_SPACING };

static const struct cli_opt opts[] = {
	{ OPT_SITE, "site", 0, "ID", "transmitting site of the workspace" },
	{ OPT_TO, "to", 0, "LAT,LON", "receiver position, degrees WGS84" },
	{ OPT_PIXEL, "pixel", 0, NULL, "explain the map pixel holding --to exactly as 'rfplan predict' computes it (an omni cell at the site)" },
	{ OPT_CELL, "cell", 0, "ID", "explain cell ID of --site at the map pixel holding --to as 'rfplan predict' computes it: its height, frequency, antenna gain toward the pixel, tilt, power and RSRP (implies --pixel; --freq-mhz and --tx-height override the cell's)" },
	COMMON_CLI_OPT_CELLS("--cell: the cells CSV (default WORKDIR/cells.csv; without one, one default cell per site)"),
	{ OPT_RX_GAIN, "rx-gain-dbi", 0, "DB", "--cell: receiver antenna gain in the RSRP, dBi (default 0, as predict)" },
	{ OPT_BODY_LOSS, "body-loss-db", 0, "DB", "--cell: body loss in the RSRP, dB (default 0, as predict)" },
	{ OPT_RADIUS, "radius", 0, "KM", "--pixel, --cell: predict's computation radius, km: beyond it the map has no value (default 30)" },
	{ OPT_PROFILE_SPACING, "profile-spacing", 0, "dem|auto|N", "--pixel, --cell: predict's profile samples: dem, every DEM pixel (default); auto, at most 257 points; N, at most N points (doc/engine.md)" },
	{ OPT_PFL, "pfl", 0, "FILE", "terrain profile file instead of a workspace: ITM pfl (np dx z0..z_np) or distance_m,height_m CSV" },
	{ OPT_JSON, "json", 0, NULL, "print one JSON object" },
	{ OPT_CSV, "csv", 0, NULL, "print a CSV header and one row" },
	COMMON_CLI_OPT_QUIET,
	{ OPT_PROFILE, "profile", 0, "FILE", "--model p1812: profile CSV with d_km,h_m_amsl,R_m,zone (zone 1 sea, 3 coastal land, 4 inland)" },
	{ OPT_TX_LATLON, "tx-latlon", 0, "LAT,LON", "--model p1812: transmitter position, degrees (path-centre latitude)" },
	{ OPT_RX_LATLON, "rx-latlon", 0, "LAT,LON", "--model p1812: receiver position, degrees" },
	{ OPT_DCT, "dct-km", 0, "KM", "--model p1812: transmitter's distance over land to the coast (default: from the path's water, else 500)" },
	{ OPT_DCR, "dcr-km", 0, "KM", "--model p1812: receiver's distance over land to the coast" },
	MODEL_CLI_OPTS,
	CLUTTER_CLI_OPTS,
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"WORKDIR --site ID --to LAT,LON --freq-mhz F [model options] [--json|--csv]\n"
	"       rfplan profile WORKDIR --site ID --cell ID --to LAT,LON [--cells FILE] [model options] [--json|--csv]\n"
	"       rfplan profile --pfl FILE --freq-mhz F --tx-height M [--rx-height M] [model options] [--json|--csv]\n"
	"       rfplan profile --model p1812 --profile FILE --freq-mhz F --tx-height M --tx-latlon LAT,LON --rx-latlon LAT,LON [options]";
static const char description[] =
	"Compute the basic transmission loss along one path and explain it: distance,\n"
	"terrain statistics, line of sight and Fresnel clearance, the dominant\n"
	"obstacles, each loss term and the total.  The workspace form samples dem.tif\n"
	"(and clutter heights, unless --no-clutter) at the DEM's resolution; the tx\n"
	"height defaults to 30 m there.  With --cell, the cell of the cells file is\n"
	"explained at the map pixel exactly as 'rfplan predict' computes it, up to\n"
	"its RSRP.  See doc/models.md and doc/engine.md.";

struct profile_args {
	const char *workdir, *site_id, *pfl, *p1812_file, *cell_id;
	struct common_cli c;                        /* -q, --cells */
	double rx_gain_dbi, body_loss_db, radius_km;
	int rsrp_opts, radius_given;                /* --cells, --rx-gain-dbi or --body-loss-db given */
	int profile_points_max, spacing_given;      /* --profile-spacing, as predict's */
	double tx_ll[2], rx_ll[2];
	int have_tx_ll, have_rx_ll;
	double rx_lat_deg, rx_lon_deg;
	int have_to, pixel, json, csv;
	struct model_cli m;
	struct clutter_cli cl;
};

/* What the report shows. */
struct report {
	const char *site_id;
	int have_coords;
	double tx_lat_deg, tx_lon_deg, rx_lat_deg, rx_lon_deg, azimuth_deg;
	int clutter_used, resampled;
	int rx_class_code;            /* receiver pixel's class, -1 none */
	char rx_class_name[96];
	double rx_clutter_loss_db;    /* that class's loss_db (0 without); with
					 --clutter-loss p2108 the P.2108 loss */
	int p2108;                    /* --clutter-loss p2108 */
	int p2108_section;            /* then the receiver's: 31, 32 or 0 */
	int pixel_mode;               /* --pixel: the engine's own profile */
	int ws_col, ws_row;           /* that map pixel */
	double map_loss_db;           /* the engine's value there */
	struct rf_profile prof;
	struct rf_profile_stats stats;
	struct rf_loss_terms t;
	struct rf_path_geo geo;       /* the path's position (P.1812) */
	const struct rf_cell_explain *cell;  /* --cell, else NULL */
	char dist_warning[400];       /* "the path is " + rf_dist_range_advice */
	double rx_gain_dbi, body_loss_db;
};

/* The checks of the --profile form (after the option loop). */
static int parse_p1812_file(struct profile_args *a)
{
	if (a->m.model.model != RF_MODEL_P1812)
		return cli_error(CMD, "option --profile: needs --model p1812"), 2;
	if (a->pfl || a->workdir || a->site_id || a->have_to || a->pixel)
		return cli_error(CMD, "option --profile: give either --profile FILE or "
				 "--pfl FILE or WORKDIR --site --to"), 2;
	if (!a->m.freq_given)
		return cli_error(CMD, "option --freq-mhz is required"), 2;
	if (!a->m.tx_height_given)
		return cli_error(CMD, "option --tx-height is required with --profile"), 2;
	if (!a->have_tx_ll || !a->have_rx_ll)
		return cli_error(CMD, "option --profile: needs --tx-latlon and --rx-latlon "
				 "(P.1812's path-centre latitude)"), 2;
	return model_opts_finish(CMD, &a->m) ? 2 : 0;
}

/* Returns 0, 2 on a usage error, or -1 after --help. */
static int parse(int argc, char **argv, struct profile_args *a)
{
	struct cli_parser p;
	const char *val;
	int id;

	const char **pos[] = { &a->workdir, NULL };
	memset(a, 0, sizeof(*a));
	common_cli_init(&a->c, pos);
	model_cli_init(&a->m);
	clutter_cli_init(&a->cl);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r > 0 && id == COMMON_OPT_CELLS)
			a->rsrp_opts = 1;
		if (r == 0)
			r = model_opts_handle(CMD, id, val, &a->m);
		if (r == 0)
			r = clutter_opts_handle(CMD, id, val, &a->cl);
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (id) {
		case OPT_SITE: a->site_id = val; break;
		case OPT_PIXEL: a->pixel = 1; break;
		case OPT_CELL: a->cell_id = val; a->pixel = 1; break;
		case OPT_RADIUS:
			if (cli_double(CMD, "radius", val, 0.01, 500, &a->radius_km))
				return 2;
			a->radius_given = 1;
			break;
		case OPT_PROFILE_SPACING:   /* predict's parser: the same values */
			if (rf_profile_spacing_parse(val, &a->profile_points_max))
				return cli_error(CMD, "option --profile-spacing: '%s' is not dem, "
						 "auto or a number of points 16..100000", val), 2;
			a->spacing_given = 1;
			break;
		case OPT_RX_GAIN:
			if (cli_double(CMD, "rx-gain-dbi", val, -50, 50, &a->rx_gain_dbi))
				return 2;
			a->rsrp_opts = 1;
			break;
		case OPT_BODY_LOSS:
			if (cli_double(CMD, "body-loss-db", val, 0, 100, &a->body_loss_db))
				return 2;
			a->rsrp_opts = 1;
			break;
		case OPT_TO:
			if (cli_latlon(CMD, "to", val, &a->rx_lat_deg, &a->rx_lon_deg))
				return 2;
			a->have_to = 1;
			break;
		case OPT_PFL: a->pfl = val; break;
		case OPT_PROFILE: a->p1812_file = val; break;
		case OPT_TX_LATLON:
			if (cli_latlon(CMD, "tx-latlon", val, &a->tx_ll[0], &a->tx_ll[1]))
				return 2;
			a->have_tx_ll = 1;
			break;
		case OPT_RX_LATLON:
			if (cli_latlon(CMD, "rx-latlon", val, &a->rx_ll[0], &a->rx_ll[1]))
				return 2;
			a->have_rx_ll = 1;
			break;
		case OPT_DCT:
			if (cli_double(CMD, "dct-km", val, 0.0, 100000.0, &a->m.model.dct_km))
				return 2;
			break;
		case OPT_DCR:
			if (cli_double(CMD, "dcr-km", val, 0.0, 100000.0, &a->m.model.dcr_km))
				return 2;
			break;
		case OPT_JSON: a->json = 1; break;
		case OPT_CSV: a->csv = 1; break;
		}
	}
	if (a->json && a->csv)
		return cli_error(CMD, "options --json and --csv exclude each other"), 2;
	if (a->p1812_file)
		return parse_p1812_file(a);
	if (a->rsrp_opts && !a->cell_id)
		return cli_error(CMD, "options --cells, --rx-gain-dbi and --body-loss-db need --cell"), 2;
	if (a->radius_given && !a->pixel)
		return cli_error(CMD, "option --radius needs --pixel or --cell"), 2;
	if (a->spacing_given && !a->pixel)
		return cli_error(CMD, "option --profile-spacing needs --pixel or --cell (the map "
				 "pixel's profile as 'rfplan predict' samples it)"), 2;
	if (a->pfl && a->pixel)
		return cli_error(CMD, "option --%s needs the workspace form (WORKDIR --site --to)",
				 a->cell_id ? "cell" : "pixel"), 2;
	if (a->pfl && (a->workdir || a->site_id || a->have_to))
		return cli_error(CMD, "option --pfl: give either --pfl FILE or WORKDIR --site --to"), 2;
	if (!a->pfl && (!a->workdir || !a->site_id || !a->have_to))
		return cli_error(CMD, "need WORKDIR, --site ID and --to LAT,LON (or --pfl FILE)"), 2;
	if (!a->m.freq_given && !a->cell_id)
		return cli_error(CMD, "option --freq-mhz is required (or --cell ID: the cell's)"), 2;
	if (a->pfl && !a->m.tx_height_given)
		return cli_error(CMD, "option --tx-height is required with --pfl"), 2;
	if (!a->m.tx_height_given)
		a->m.link.tx_height_agl_m = 30.0;
	if (a->cl.loss == RF_CLUTTER_LOSS_P2108 && !a->pixel)
		return cli_error(CMD, "option --clutter-loss p2108: only with --pixel or --cell "
				 "(the map pixel as 'rfplan predict' computes it)"), 2;
	{
		struct rf_engine_options eo;
		eo.model = a->m.model;
		if (clutter_opts_finish(CMD, &a->cl, &eo))
			return 2;
	}
	return model_opts_finish(CMD, &a->m) ? 2 : 0;
}

/* The report's path: the site to the receiver point; its distance. */
static double set_path(struct report *r, const char *site_id, const struct rf_site *site,
		       double rx_lat_deg, double rx_lon_deg)
{
	double dist_m;
	r->site_id = site_id;
	r->have_coords = 1;
	r->tx_lat_deg = site->lat_deg;
	r->tx_lon_deg = site->lon_deg;
	r->rx_lat_deg = rx_lat_deg;
	r->rx_lon_deg = rx_lon_deg;
	rf_geo_inverse(site->lat_deg, site->lon_deg, rx_lat_deg, rx_lon_deg, &dist_m,
		       &r->azimuth_deg, NULL);
	return dist_m;
}

/* Workspace form: the path from the site to --to over dem.tif (+ clutter),
 * rf_site_path_profile; the report points into *sp. */
static int workspace_profile(const struct profile_args *a, struct report *r,
			     struct rf_site_path *sp, double **bufs, struct rf_error *err)
{
	struct rf_workspace ws;
	const struct rf_site *site;
	int rc = -1;

	if (rf_workspace_open(a->workdir, &ws, err))
		return -1;
	site = rf_sites_find(&ws.sites, a->site_id);
	if (!site) {
		rf_error_set(err, "%s: no site '%s' in sites.csv", a->workdir, a->site_id);
		goto done;
	}
	rc = rf_site_path_profile(&ws, site, a->rx_lat_deg, a->rx_lon_deg, !a->m.no_clutter,
				  a->m.model.model == RF_MODEL_P1812, sp, err);
	r->site_id = a->site_id;
	r->have_coords = 1;
	r->tx_lat_deg = sp->tx_lat_deg;
	r->tx_lon_deg = sp->tx_lon_deg;
	r->rx_lat_deg = sp->rx_lat_deg;
	r->rx_lon_deg = sp->rx_lon_deg;
	r->azimuth_deg = sp->azimuth_deg;
	r->clutter_used = sp->clutter_used;
	r->rx_class_code = sp->rx_class_code;
	memcpy(r->rx_class_name, sp->rx_class_name, sizeof(r->rx_class_name));
	r->rx_clutter_loss_db = sp->rx_clutter_loss_db;
	r->prof = sp->prof;
	r->geo = sp->geo;
	if (rc == 0)
		bufs[2] = rf_xmalloc((size_t)(sp->prof.n > 0 ? sp->prof.n : 1) * sizeof(double));
done:
	rf_workspace_close(&ws);
	return rc;
}

#define MAX_WARNINGS 24

/* Every warning of the computation (strings into r or constant). */
static int collect_warnings(const struct report *r, const char **w)
{
	static const struct { unsigned bit; const char *text; } rf[] = {
		{ RF_WARN_FREQ_RANGE, "frequency outside the model's validity range" },
		{ RF_WARN_TX_HEIGHT, "effective transmitter height outside the model's validity range" },
		{ RF_WARN_RX_HEIGHT, "receiver height outside the model's validity range" },
	};
	/* ITM's own distance flags are said once, by the range advice */
	const int itm_dist = RF_ITM_WARN_DIST_BIG_1 | RF_ITM_WARN_DIST_BIG_2 |
			     RF_ITM_WARN_DIST_SMALL_1 | RF_ITM_WARN_DIST_SMALL_2;
	int n = 0;
	if (r->t.warnings & RF_WARN_DIST_RANGE)
		w[n++] = r->dist_warning;
	for (size_t i = 0; i < sizeof(rf) / sizeof(rf[0]); i++)
		if ((r->t.warnings & rf[i].bit) && !r->t.itm_warnings)
			w[n++] = rf[i].text;
	for (int bit = 1; bit <= 0x4000 && n < MAX_WARNINGS - 1; bit <<= 1) {
		const char *t = (r->t.itm_warnings & bit & ~itm_dist) ? rf_itm_warning_text(bit)
								       : NULL;
		if (t)
			w[n++] = t;
	}
	if (r->resampled)
		w[n++] = "the CSV profile was unevenly spaced: resampled at its smallest spacing";
	return n;
}

static const char *mode_name(int mode)
{
	return mode == RF_MODE_LOS ? "line of sight"
		: mode == RF_MODE_DIFFRACTION ? "diffraction"
		: mode == RF_MODE_TROPOSCATTER ? "troposcatter" : "unknown";
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* --cell: the cell as predict reads it, its gain toward the pixel, RSRP. */
static json_t *cell_json(const struct report *r)
{
	const struct rf_cell *c = r->cell->cell;
	json_t *o = json_object();
	json_object_set_new(o, "site_id", json_string(c->site_id));
	json_object_set_new(o, "cell_id", json_string(c->cell_id));
	json_object_set_new(o, "cells_file", r->cell->cells_path
			    ? json_string(r->cell->cells_path) : json_null());
	json_object_set_new(o, "line", json_integer(c->line));
	json_object_set_new(o, "azimuth_deg", json_real(c->azimuth_deg));
	json_object_set_new(o, "mech_tilt_deg", json_real(c->mech_tilt_deg));
	json_object_set_new(o, "height_agl_m", json_real(c->height_agl_m));
	json_object_set_new(o, "frequency_mhz", json_real(c->frequency_mhz));
	json_object_set_new(o, "antenna", json_string(c->antenna_spec));
	json_object_set_new(o, "tx_power_dbm", json_real(c->tx_power_dbm));
	json_object_set_new(o, "rs_epre_dbm", json_real(c->rs_epre_dbm));
	json_object_set_new(o, "feeder_loss_db", json_real(c->feeder_loss_db));
	json_object_set_new(o, "antenna_gain_dbi", json_real(r->cell->px.gain_dbi));
	json_object_set_new(o, "rx_gain_dbi", json_real(r->rx_gain_dbi));
	json_object_set_new(o, "body_loss_db", json_real(r->body_loss_db));
	json_object_set_new(o, "rsrp_dbm", json_real(r->cell->rsrp_dbm));
	return o;
}

static void print_json(const struct report *r, const struct model_cli *m)
{
	const struct rf_loss_terms *t = &r->t;
	const char *w[MAX_WARNINGS];
	int nw = collect_warnings(r, w);
	json_t *o = json_object(), *edges = json_array(), *warns = json_array();
	char *s;

	if (r->have_coords) {
		json_object_set_new(o, "site_id", json_string(r->site_id));
		json_object_set_new(o, "tx_lat_deg", json_real(r->tx_lat_deg));
		json_object_set_new(o, "tx_lon_deg", json_real(r->tx_lon_deg));
		json_object_set_new(o, "rx_lat_deg", json_real(r->rx_lat_deg));
		json_object_set_new(o, "rx_lon_deg", json_real(r->rx_lon_deg));
		json_object_set_new(o, "azimuth_deg", json_real(r->azimuth_deg));
	}
	json_object_set_new(o, "model", json_string(rf_model_name(m->model.model)));
	json_object_set_new(o, "freq_mhz", json_real(m->link.freq_mhz));
	json_object_set_new(o, "tx_height_agl_m", json_real(m->link.tx_height_agl_m));
	json_object_set_new(o, "rx_height_agl_m", json_real(m->link.rx_height_agl_m));
	json_object_set_new(o, "k_factor", json_real(m->model.k_factor));
	json_object_set_new(o, "clutter", json_boolean(r->clutter_used));
	json_object_set_new(o, "distance_m", json_real(t->distance_m));
	json_object_set_new(o, "n_points", json_integer(r->prof.n));
	json_object_set_new(o, "step_m", json_real(r->prof.step_m));
	json_object_set_new(o, "tx_ground_m", json_real(r->prof.ground_m[0]));
	json_object_set_new(o, "rx_ground_m", json_real(r->prof.ground_m[r->prof.n - 1]));
	json_object_set_new(o, "terrain_min_m", json_real(r->stats.min_m));
	json_object_set_new(o, "terrain_max_m", json_real(r->stats.max_m));
	json_object_set_new(o, "terrain_mean_m", json_real(r->stats.mean_m));
	json_object_set_new(o, "delta_h_m", json_real(r->stats.delta_h_m));
	json_object_set_new(o, "los_clear", json_boolean(t->los_clear));
	json_object_set_new(o, "min_fresnel_clearance_ratio", num_or_null(t->min_clearance_ratio));
	json_object_set_new(o, "eff_tx_height_m", json_real(t->eff_tx_height_m));
	for (int i = 0; i < t->n_edges; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "dist_m", json_real(t->edges[i].dist_m));
		json_object_set_new(e, "height_m", json_real(t->edges[i].height_m));
		json_object_set_new(e, "v", json_real(t->edges[i].v));
		json_object_set_new(e, "loss_db", json_real(t->edges[i].loss_db));
		json_array_append_new(edges, e);
	}
	json_object_set_new(o, "edges", edges);
	json_object_set_new(o, "free_space_loss_db", json_real(t->free_space_db));
	json_object_set_new(o, "diffraction_db", json_real(t->diffraction_db));
	json_object_set_new(o, "variability_db", json_real(t->variability_db));
	json_object_set_new(o, "model_db", json_real(t->model_db));
	json_object_set_new(o, "path_loss_db", json_real(t->path_loss_db));
	if (r->rx_class_code >= 0) {
		json_object_set_new(o, "rx_clutter_class", json_integer(r->rx_class_code));
		json_object_set_new(o, "rx_clutter_name", json_string(r->rx_class_name));
		json_object_set_new(o, "rx_clutter_height_m", json_real(r->prof.rx_clutter_m));
	}
	json_object_set_new(o, "clutter_loss", json_string(r->p2108 ? "p2108" : "none"));
	if (r->p2108_section)
		json_object_set_new(o, "p2108_section", json_string(r->p2108_section == 32
								     ? "3.2" : "3.1"));
	json_object_set_new(o, "rx_clutter_loss_db", json_real(r->rx_clutter_loss_db));
	json_object_set_new(o, "total_loss_db", json_real(t->path_loss_db + r->rx_clutter_loss_db));
	if (r->pixel_mode) {
		json_object_set_new(o, "map_pixel", json_pack("{s:i, s:i}", "col", r->ws_col, "row",
							      r->ws_row));
		json_object_set_new(o, "map_loss_db", json_real(r->map_loss_db));
	}
	if (r->cell)
		json_object_set_new(o, "cell", cell_json(r));
	json_object_set_new(o, "mode", json_string(mode_name(t->mode)));
	if (m->model.model == RF_MODEL_P1812)
		p1812_json_terms(o, &t->p1812);
	json_object_set_new(o, "itm_warnings", json_integer(t->itm_warnings));
	for (int i = 0; i < nw; i++)
		json_array_append_new(warns, json_string(w[i]));
	json_object_set_new(o, "warnings", warns);
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	printf("%s\n", s);
	free(s);
	json_decref(o);
}

static void print_csv(const struct report *r, const struct model_cli *m)
{
	const struct rf_loss_terms *t = &r->t;
	printf("model,freq_mhz,tx_height_agl_m,rx_height_agl_m,distance_m,n_points,step_m,"
	       "terrain_min_m,terrain_max_m,terrain_mean_m,delta_h_m,los_clear,"
	       "min_fresnel_clearance_ratio,eff_tx_height_m,n_edges,free_space_loss_db,"
	       "diffraction_db,variability_db,model_db,path_loss_db,mode,warnings,itm_warnings%s\n",
	       r->cell ? ",map_loss_db,antenna_gain_dbi,rsrp_dbm" : "");
	printf("%s,%.6g,%.3f,%.3f,%.3f,%d,%.4f,%.2f,%.2f,%.2f,%.2f,%d,", rf_model_name(m->model.model),
	       m->link.freq_mhz, m->link.tx_height_agl_m, m->link.rx_height_agl_m, t->distance_m,
	       r->prof.n, r->prof.step_m, r->stats.min_m, r->stats.max_m, r->stats.mean_m,
	       r->stats.delta_h_m, t->los_clear);
	if (isfinite(t->min_clearance_ratio))
		printf("%.4f", t->min_clearance_ratio);
	printf(",%.2f,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%u,%d", t->eff_tx_height_m, t->n_edges,
	       t->free_space_db, t->diffraction_db, t->variability_db, t->model_db,
	       t->path_loss_db, mode_name(t->mode), t->warnings, t->itm_warnings);
	if (r->cell)
		printf(",%.4f,%.4f,%.4f", r->map_loss_db, r->cell->px.gain_dbi, r->cell->rsrp_dbm);
	printf("\n");
}

/* --cell: the cell's row, and the RSRP from its terms. */
static void cell_text(const struct report *r)
{
	const struct rf_cell_explain *e = r->cell;
	const struct rf_cell *c = e->cell;
	char where[64] = "";
	if (c->line > 0)
		snprintf(where, sizeof(where), ":%ld", c->line);
	printf("cell:            %s/%s (%s%s): azimuth %.1f deg, tilt %.1f deg down, "
	       "height %.1f m, %.6g MHz, antenna %s\n", c->site_id, c->cell_id,
	       e->cells_path ? e->cells_path : "default cell", where, c->azimuth_deg,
	       c->mech_tilt_deg, c->height_agl_m, c->frequency_mhz,
	       c->antenna_spec[0] ? c->antenna_spec : "omni");
	printf("cell power:      %.2f dBm total, RS EPRE %.2f dBm, feeder loss %.2f dB\n",
	       c->tx_power_dbm, c->rs_epre_dbm, c->feeder_loss_db);
	printf("antenna gain:    %.2f dBi toward the pixel centre\n", e->px.gain_dbi);
}

static void rsrp_text(const struct report *r)
{
	const struct rf_cell_explain *e = r->cell;
	const struct rf_cell *c = e->cell;
	printf("RSRP:            %.2f (RS EPRE) - %.2f (feeder) %+.2f (antenna) - %.4f (loss) "
	       "%+.2f (rx gain) - %.2f (body) = %.4f dBm, as in rsrp.tif where this cell "
	       "serves\n", c->rs_epre_dbm, c->feeder_loss_db, e->px.gain_dbi, r->map_loss_db,
	       r->rx_gain_dbi, r->body_loss_db, e->rsrp_dbm);
}

static void print_text(const struct report *r, const struct model_cli *m)
{
	const struct rf_loss_terms *t = &r->t;
	const struct rf_profile *p = &r->prof;
	if (r->have_coords)
		printf("path:            site %s (%.6f, %.6f) -> (%.6f, %.6f), azimuth %.1f deg\n",
		       r->site_id, r->tx_lat_deg, r->tx_lon_deg, r->rx_lat_deg, r->rx_lon_deg,
		       r->azimuth_deg);
	if (r->cell)
		cell_text(r);
	printf("distance:        %.1f m\n", t->distance_m);
	printf("profile:         %d points every %.2f m%s\n", p->n, p->step_m,
	       r->clutter_used ? ", clutter heights included" : "");
	printf("terrain:         min %.1f m, max %.1f m, mean %.1f m, delta_h %.1f m\n",
	       r->stats.min_m, r->stats.max_m, r->stats.mean_m, r->stats.delta_h_m);
	printf("transmitter:     ground %.1f m + %.1f m; effective height %.1f m\n",
	       p->ground_m[0], m->link.tx_height_agl_m, t->eff_tx_height_m);
	printf("receiver:        ground %.1f m + %.1f m\n", p->ground_m[p->n - 1],
	       m->link.rx_height_agl_m);
	if (r->rx_class_code >= 0)
		printf("receiver clutter: class %d (%s), height %.1f m%s, loss %.2f dB\n",
		       r->rx_class_code, r->rx_class_name, p->rx_clutter_m,
		       p->rx_clutter_m > m->link.rx_height_agl_m
		       ? " (path computed from the clutter top)" : "", r->rx_clutter_loss_db);
	printf("model:           %s at %.6g MHz, k-factor %.3f\n", rf_model_name(m->model.model),
	       m->link.freq_mhz, m->model.k_factor);
	printf("line of sight:   %s; min clearance %s%.2f of the first Fresnel radius\n",
	       t->los_clear ? "clear" : "obstructed", isfinite(t->min_clearance_ratio) ? "" : "(none) ",
	       isfinite(t->min_clearance_ratio) ? t->min_clearance_ratio : 0.0);
	if (t->n_edges && m->model.model != RF_MODEL_LOS && m->model.model != RF_MODEL_SPM)
		printf("obstacles:       knife edges (Deygout), for information: %s does not "
		       "use them\n", rf_model_name(m->model.model));
	for (int i = 0; i < t->n_edges; i++)
		printf("obstacle %d:      at %.1f m, top %.1f m, v = %.3f, J(v) = %.2f dB\n", i + 1,
		       t->edges[i].dist_m, t->edges[i].height_m, t->edges[i].v, t->edges[i].loss_db);
	printf("free space:      %.2f dB\n", t->free_space_db);
	printf("diffraction:     %.2f dB%s\n", t->diffraction_db,
	       m->model.model == RF_MODEL_ITM ? " (ITM reference attenuation)" : "");
	if (m->model.model == RF_MODEL_ITM)
		printf("variability:     %.2f dB\n", t->variability_db);
	if (t->model_db != t->path_loss_db)
		printf("model formula:   %.2f dB (below free space: free space used)\n", t->model_db);
	if (m->model.model == RF_MODEL_P1812)
		p1812_text_terms(&t->p1812);
	printf("mode:            %s\n", mode_name(t->mode));
	printf("path loss:       %.2f dB\n", t->path_loss_db);
	if (r->rx_class_code >= 0)
		printf("total with clutter: %.2f dB\n", t->path_loss_db + r->rx_clutter_loss_db);
	if (r->pixel_mode)
		printf("map pixel:       column %d, row %d of the workspace grid: %.4f dB "
		       "(path loss + %.2f dB clutter), as in 'rfplan predict'\n", r->ws_col,
		       r->ws_row, r->map_loss_db, r->rx_clutter_loss_db);
	if (r->p2108_section)
		printf("clutter loss:    ITU-R P.2108-1 sec. %s at the receiver (+ sec. 3.1 at "
		       "the transmitter): %.2f dB\n", r->p2108_section == 32 ? "3.2" : "3.1",
		       r->rx_clutter_loss_db);
	if (r->cell)
		rsrp_text(r);
}

/* --pixel, --cell: the engine's profile and value at the map pixel holding
 * --to; the link is the engine's (the cell's frequency and height). */
static int pixel_profile(struct profile_args *a, struct report *r, struct rf_cell_explain *ce,
			 double **bufs, struct rf_log *log, struct rf_error *err)
{
	const struct rf_pixel_explain *ex = &ce->px;
	struct rf_workspace ws;
	struct rf_predict_options po;
	struct rf_cell_defaults d;
	int rc;

	if (rf_workspace_open(a->workdir, &ws, err))
		return -1;
	rf_predict_options_default(&po);
	po.engine.model = a->m.model;
	po.engine.rx_height_m = a->m.link.rx_height_agl_m;
	po.engine.use_clutter = !a->m.no_clutter;
	po.engine.clutter_loss = a->cl.loss;   /* checked by parse */
	po.engine.clutter_pct = a->cl.pct;
	if (a->radius_given)
		po.engine.radius_km = a->radius_km;
	po.engine.profile_points_max = a->profile_points_max;
	po.rx_gain_dbi = a->rx_gain_dbi;
	po.body_loss_db = a->body_loss_db;
	if (a->cell_id) {
		struct rf_cell_explain_request req = {
			.cells_path = a->c.cells, .cell_defaults = &d, .site_id = a->site_id,
			.cell_id = a->cell_id,
			.freq_mhz = a->m.freq_given ? a->m.link.freq_mhz : NAN,
			.tx_height_agl_m = a->m.tx_height_given ? a->m.link.tx_height_agl_m : NAN,
			.lat_deg = a->rx_lat_deg, .lon_deg = a->rx_lon_deg, .options = &po };
		rf_cell_defaults_init(&d);
		rc = rf_cell_explain_point(&ws, &req, ce, log, err);
		r->cell = ce;
		r->rx_gain_dbi = po.rx_gain_dbi;
		r->body_loss_db = po.body_loss_db;
	} else {
		rc = rf_engine_explain_point(&ws, a->site_id, a->m.link.tx_height_agl_m,
					     a->m.link.freq_mhz, a->rx_lat_deg, a->rx_lon_deg,
					     &po.engine, &ce->px, log, err);
	}
	if (rc == 0) {
		set_path(r, a->site_id, rf_sites_find(&ws.sites, a->site_id), ex->lat_deg,
			 ex->lon_deg);
		r->clutter_used = ex->prof.clutter_m != NULL;
		r->rx_clutter_loss_db = ex->clutter_loss_db;
		r->p2108_section = ex->p2108_section;
		r->p2108 = po.engine.clutter_loss == RF_CLUTTER_LOSS_P2108;
		r->pixel_mode = 1;
		r->ws_col = ex->ws_col;
		r->ws_row = ex->ws_row;
		r->map_loss_db = ex->loss_db;
		r->prof = ex->prof;
		r->geo = ex->geo;
		a->m.link = ex->link;
		bufs[2] = rf_xmalloc((size_t)ex->prof.n * sizeof(double));
	}
	rf_workspace_close(&ws);
	return rc;
}

int cmd_profile(int argc, char **argv)
{
	struct profile_args a;
	struct report r;
	struct rf_error err;
	struct rf_pfl pfl = { 0 };
	struct rf_cell_explain ce = { 0 };
	struct rf_site_path sp = { 0 };
	struct rf_log log;
	double *bufs[3] = { NULL, NULL, NULL };
	const char *w[MAX_WARNINGS];
	int status = 1, nw;

	status = parse(argc, argv, &a);
	if (status)
		return status < 0 ? 0 : status;
	if (a.p1812_file) {
		struct p1812_file_args pa = { a.p1812_file, a.tx_ll[0], a.tx_ll[1], a.rx_ll[0],
					      a.rx_ll[1], a.json, a.csv, &a.m };
		return p1812_profile_file(CMD, &pa);
	}
	status = 1;
	rf_log_init(&log, a.c.verbosity);
	memset(&r, 0, sizeof(r));
	r.rx_class_code = -1;
	if (a.pfl) {
		if (rf_pfl_read(a.pfl, &pfl, &err))
			goto fail;
		r.prof.n = pfl.n;
		r.prof.step_m = pfl.step_m;
		r.prof.ground_m = pfl.z_m;
		r.resampled = pfl.resampled;
		bufs[2] = rf_xmalloc((size_t)pfl.n * sizeof(double));
		if (a.have_tx_ll && a.have_rx_ll)
			r.geo = (struct rf_path_geo){ a.tx_ll[0], a.tx_ll[1], a.rx_ll[0],
						      a.rx_ll[1], NULL };
	} else if (a.pixel) {
		if (pixel_profile(&a, &r, &ce, bufs, &log, &err))
			goto fail;
	} else if (workspace_profile(&a, &r, &sp, bufs, &err)) {
		goto fail;
	}
	if (rf_model_path_loss_geo(&a.m.model, &a.m.link, &r.prof, &r.geo, &r.t, &err))
		goto fail;
	if (a.m.model.model == RF_MODEL_P1812)
		r.rx_clutter_loss_db = 0.0;   /* P.1812's clutter is in the path */
	snprintf(r.dist_warning, sizeof(r.dist_warning), "the path is %s",
		 rf_dist_range_advice(a.m.model.model));
	rf_profile_stats(&r.prof, bufs[2], &r.stats);
	nw = collect_warnings(&r, w);
	for (int i = 0; i < nw; i++)
		rf_warn(&log, "%s", w[i]);
	if (a.json)
		print_json(&r, &a.m);
	else if (a.csv)
		print_csv(&r, &a.m);
	else
		print_text(&r, &a.m);
	status = 0;
	goto done;
fail:
	cli_error(CMD, "%s", err.msg);
done:
	rf_pfl_free(&pfl);
	rf_cell_explain_free(&ce);
	rf_site_path_free(&sp);
	for (int i = 0; i < 3; i++)
		free(bufs[i]);
	rf_log_free(&log);
	return status;
}

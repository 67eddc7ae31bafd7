/* rfplan viewshed: line-of-sight map of one observer (doc/viewshed.md).
 * Parses options, opens the workspace, finds --site and calls
 * rf_viewshed_run. */
#include "cli.h"
#include "common_opts.h"
#include "commands.h"
#include "rfplan/classes.h"
#include "rfplan/grid.h"
#include "rfplan/log.h"
#include "rfplan/viewshed.h"
#include "rfplan/viewshed_run.h"
#include "rfplan/workspace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "viewshed"

enum { OPT_SITE = 1, OPT_AT, OPT_HEIGHT, OPT_RX_HEIGHT, OPT_RADIUS, OPT_K, OPT_FLAT,
       OPT_NO_CLUTTER, OPT_OUT, OPT_FORCE };

static const struct cli_opt opts[] = {
	{ OPT_SITE, "site", 0, "ID", "observer: a site of the workspace" },
	{ OPT_AT, "at", 0, "LAT,LON", "observer position instead of --site, degrees WGS84" },
	{ OPT_HEIGHT, "height", 0, "M", "observer height above ground (default 30)" },
	{ OPT_RX_HEIGHT, "rx-height", 0, "M", "target height above ground (default 1.5)" },
	{ OPT_RADIUS, "radius", 0, "KM", "radius of the map (default 30)" },
	{ OPT_K, "k-factor", 0, "K", "effective earth radius factor (default 4/3; gdal_viewshed -cc 1/K)" },
	{ OPT_FLAT, "flat-earth", 0, NULL, "no earth curvature (gdal_viewshed -cc 0)" },
	{ OPT_NO_CLUTTER, "no-clutter", 0, NULL, "ignore clutter heights (default: they block, when the workspace has clutter)" },
	{ OPT_OUT, "output", 'o', "FILE.tif", "output GeoTIFF (required); FILE.qml is written beside it" },
	COMMON_CLI_OPT_THREADS,
	COMMON_CLI_OPT_QUIET,
	{ OPT_FORCE, "force", 0, NULL, "replace FILE.tif (and FILE.qml) even when rfplan did not write them" },
	{ 0, NULL, 0, NULL, NULL }
};

static const char synopsis[] =
	"WORKDIR (--site ID | --at LAT,LON) -o FILE.tif [--height M] [--rx-height M]\n"
	"       [--radius KM] [--k-factor K | --flat-earth] [--no-clutter] [--threads N] [--force]";
static const char description[] =
	"Line-of-sight map of one observer over the workspace DEM: a Byte GeoTIFF,\n"
	"255 where the straight line from the observer (ground + --height) to the\n"
	"pixel centre (ground + --rx-height) clears every terrain sample of that\n"
	"pixel's own profile (DEM pitch, bilinear, earth bulge with --k-factor), 0\n"
	"where it does not, 128 (nodata) beyond the radius or on a DEM void.\n"
	"See doc/viewshed.md.";

struct args {
	const char *workdir, *site_id, *out;
	double lat_deg, lon_deg;
	struct common_cli c;        /* -q, --threads */
	int have_at, no_clutter, force;
	struct rf_viewshed_options vo;
};

/* 0, 2 on a usage error, -1 after --help. */
static int parse(int argc, char **argv, struct args *a)
{
	struct cli_parser p;
	const char *val;
	int id, flat = 0, k_given = 0;

	const char **pos[] = { &a->workdir, NULL };
	memset(a, 0, sizeof(*a));
	common_cli_init(&a->c, pos);
	rf_viewshed_options_default(&a->vo);
	cli_init(&p, CMD, opts, argc, argv);
	while ((id = cli_next(&p, &val)) != CLI_END) {
		int bad = 0, r = common_opts_handle(&p, id, val, &a->c, synopsis, description);
		if (r == COMMON_HELP)
			return -1;
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (id) {
		case OPT_SITE: a->site_id = val; break;
		case OPT_AT:
			bad = cli_latlon(CMD, "at", val, &a->lat_deg, &a->lon_deg);
			a->have_at = !bad;
			break;
		case OPT_HEIGHT:
			bad = cli_double(CMD, "height", val, 0, 10000, &a->vo.observer_agl_m);
			break;
		case OPT_RX_HEIGHT:
			bad = cli_double(CMD, "rx-height", val, 0, 10000, &a->vo.target_agl_m);
			break;
		case OPT_RADIUS:
			bad = cli_double(CMD, "radius", val, 0.01, 500, &a->vo.radius_km);
			break;
		case OPT_K:
			bad = cli_double(CMD, "k-factor", val, 0.1, 100, &a->vo.k_factor);
			k_given = 1;
			break;
		case OPT_FLAT: flat = 1; break;
		case OPT_NO_CLUTTER: a->no_clutter = 1; break;
		case OPT_OUT: a->out = val; break;
		case OPT_FORCE: a->force = 1; break;
		}
		if (bad)
			return 2;
	}
	if (a->c.threads)
		a->vo.threads = a->c.threads;
	if (!a->workdir)
		return cli_error(CMD, "need WORKDIR"), 2;
	if (!!a->site_id == !!a->have_at)
		return cli_error(CMD, "give exactly one of --site ID and --at LAT,LON"), 2;
	if (!a->out)
		return cli_error(CMD, "option -o/--output FILE.tif is required"), 2;
	if (flat && k_given)
		return cli_error(CMD, "options --k-factor and --flat-earth exclude each other"), 2;
	if (flat)
		a->vo.k_factor = 0.0;
	return 0;
}

int cmd_viewshed(int argc, char **argv)
{
	struct args a;
	struct rf_workspace ws;
	struct rf_error err;
	struct rf_viewshed_result res;
	struct rf_log log;
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (rf_workspace_open(a.workdir, &ws, &err)) {
		cli_error(CMD, "%s", err.msg);
		return 1;
	}
	rf_log_init(&log, a.c.verbosity);
	if (a.site_id) {
		const struct rf_site *s = rf_sites_find(&ws.sites, a.site_id);
		if (!s) {
			cli_error(CMD, "option --site: unknown site '%s' (not in %s/sites.csv)",
				  a.site_id, a.workdir);
			rf_workspace_close(&ws);
			rf_log_free(&log);
			return 2;
		}
		a.lat_deg = s->lat_deg;
		a.lon_deg = s->lon_deg;
	}
	rc = rf_viewshed_run(&ws, a.lat_deg, a.lon_deg, !a.no_clutter, &a.vo, a.out,
			     a.force, &res, &err);
	if (rc == RF_VIEWSHED_OUTSIDE) {
		cli_error(CMD, "option --%s: %s", a.site_id ? "site" : "at", err.msg);
	} else if (rc) {
		cli_error(CMD, "%s", err.msg);
	} else {
		rf_info(&log, "%s: %zu of %zu pixels visible (%.1f%%), %dx%d grid", a.out,
			res.n_visible, res.n_valid,
			res.n_valid ? 100.0 * res.n_visible / res.n_valid : 0.0, res.width,
			res.height);
	}
	rf_workspace_close(&ws);
	rf_log_free(&log);
	return rc == RF_VIEWSHED_OUTSIDE ? 2 : rc ? 1 : 0;
}

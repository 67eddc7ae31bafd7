/* rfplan info: a workspace's summary (from rf_workspace_open and its
 * manifest.json) with its path-loss matrices and hillshade cache, or the
 * manifest itself with --json; --prune-pathloss removes matrices
 * (rfplan/pathloss.h), --prune-hillshade hillshades (rfplan/hillshade_cache.h). */
#include "rfplan/input.h"
#include "cli.h"
#include "commands.h"
#include "rfplan/hillshade_cache.h"
#include "rfplan/log.h"
#include "rfplan/pathloss.h"
#include "rfplan/workspace.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_JSON = 1, O_PRUNE, O_PRUNE_HS };

static const struct cli_opt opts[] = {
	{ O_JSON, "json", 0, NULL, "print the workspace's manifest (JSON) instead" },
	{ O_PRUNE, "prune-pathloss", 0, "WHAT", "remove path-loss matrices of WORKDIR/pathloss: 'stale' (made from other workspace content or by another rfplan version: no run can reuse them) or 'all' (doc/engine.md)" },
	{ O_PRUNE_HS, "prune-hillshade", 0, "WHAT", "remove hillshades of WORKDIR/hillshade: 'stale' (not of the workspace's DEM now, or by another rfplan or GDAL version: no run can reuse them) or 'all' (doc/outputs.md)" },
	{ 0, NULL, 0, NULL, NULL },
};

static void print_source(const char *what, json_t *src)
{
	json_t *crs = json_object_get(src, "crs"), *op = json_object_get(src, "operation");
	printf("%-9s %s\n", what, json_string_value(json_object_get(src, "path")));
	printf("          sha256 %s\n", json_string_value(json_object_get(src, "sha256")));
	printf("          CRS %s%s%s%s\n", json_string_value(json_object_get(crs, "name")),
	       json_is_string(json_object_get(crs, "id")) ? " (" : "",
	       json_is_string(json_object_get(crs, "id"))
		       ? json_string_value(json_object_get(crs, "id")) : "",
	       json_is_string(json_object_get(crs, "id")) ? ")" : "");
	if (json_is_object(op)) {
		json_t *acc = json_object_get(op, "accuracy_m");
		printf("          to WGS84 by %s", json_string_value(json_object_get(op, "name")));
		if (json_is_number(acc))
			printf(" (accuracy %g m)", json_number_value(acc));
		printf("\n");
	}
}

static void print_summary(const struct rf_workspace *ws, json_t *m)
{
	const struct rf_grid *g = &ws->grid;
	struct rf_bounds b;
	json_t *grid = json_object_get(m, "grid"), *dem = json_object_get(m, "dem");
	json_t *warn = json_object_get(m, "warnings"), *v;
	size_t i;

	rf_grid_bounds(g, &b);
	printf("workspace %s (rfplan %s, %s)\n", ws->dir,
	       json_string_value(json_object_get(m, "rfplan_version")),
	       json_string_value(json_object_get(m, "created_utc")));
	printf("grid      %d x %d pixels, EPSG:4326\n", g->width, g->height);
	printf("extent    west %.6f south %.6f east %.6f north %.6f\n", b.west_deg, b.south_deg,
	       b.east_deg, b.north_deg);
	printf("pixel     %.9g x %.9g degrees (%.2f x %.2f m)\n", g->dlon_deg, g->dlat_deg,
	       json_number_value(json_object_get(grid, "pixel_ew_m")),
	       json_number_value(json_object_get(grid, "pixel_ns_m")));
	printf("voids     %lld DEM pixels (%.2f%%)\n",
	       (long long)json_integer_value(json_object_get(dem, "void_pixels")),
	       json_number_value(json_object_get(dem, "void_percent")));
	json_array_foreach(json_object_get(dem, "sources"), i, v)
		print_source("dem", v);
	if (ws->has_clutter) {
		json_t *c = json_object_get(m, "clutter");
		print_source("clutter", json_object_get(c, "source"));
		printf("classes   %zu:", ws->classes.count);
		for (size_t k = 0; k < ws->classes.count; k++) {
			char *name = rf_log_escape(ws->classes.items[k].name);   /* from a file */
			printf(" %d=%s", ws->classes.items[k].code, name);
			free(name);
		}
		printf("\n");
	}
	printf("sites     %zu\n", ws->sites.count);
	printf("cells     %s\n", ws->has_cells ? "cells.csv" : "none");
	printf("warnings  %zu\n", json_array_size(warn));
	json_array_foreach(warn, i, v)
		printf("  %s\n", json_string_value(v));
}

#define MIB (1024.0 * 1024.0)

/* The first line of the cache WS/name's listing: its totals, or that it is
 * no directory (doc/engine.md, doc/outputs.md). */
static void print_totals(const struct rf_workspace *ws, const char *name, const char *files,
			 const struct rf_cache_totals *t)
{
	if (t->not_dir) {
		printf("%-9s %s/%s is not a directory (a link is not followed): no cache\n", name,
		       ws->dir, name);
		return;
	}
	printf("%-9s %zu %s, %.2f MiB (%zu stale, %.2f MiB)", name, t->count, files,
	       t->bytes / MIB, t->n_stale, t->stale_bytes / MIB);
	if (t->n_not_read)   /* links, FIFOs, devices at a key's name */
		printf(", %zu not regular files, not read", t->n_not_read);
	printf("\n");
}

/* The matrices of WS/pathloss, one line each (doc/engine.md). */
static int print_matrices(const struct rf_workspace *ws)
{
	struct rf_pathloss_list l;
	struct rf_error err;
	if (rf_pathloss_list(ws, &l, &err)) {
		cli_error("info", "%s", err.msg);
		return -1;
	}
	print_totals(ws, "pathloss", "matrices", &l.totals);
	for (size_t k = 0; k < l.totals.count; k++) {
		char *cell = rf_log_escape(l.items[k].cell);   /* ids from a file */
		if (l.items[k].not_read)
			printf("  %s %s, not read (stale)\n", l.items[k].name, l.items[k].not_read);
		else
			printf("  %s %-20s %5d x %-5d %9.2f MiB%s\n", l.items[k].name, cell,
			       l.items[k].width, l.items[k].height, l.items[k].bytes / MIB,
			       l.items[k].stale ? " stale" : "");
		free(cell);
	}
	rf_pathloss_list_free(&l);
	return 0;
}

/* The hillshade cache of WS/hillshade, one line each (doc/outputs.md). */
static int print_hillshades(const struct rf_workspace *ws)
{
	struct rf_hillshade_list l;
	struct rf_error err;
	if (rf_hillshade_list(ws, &l, &err)) {
		cli_error("info", "%s", err.msg);
		return -1;
	}
	print_totals(ws, "hillshade", "files", &l.totals);
	for (size_t k = 0; k < l.totals.count; k++)
		if (l.items[k].not_read)
			printf("  %s %s, not read (stale)\n", l.items[k].name, l.items[k].not_read);
		else
			printf("  %s %5d x %-5d %9.2f MiB%s\n", l.items[k].name, l.items[k].width,
			       l.items[k].height, l.items[k].bytes / MIB,
			       l.items[k].stale ? " stale" : "");
	rf_hillshade_list_free(&l);
	return 0;
}

/* --prune-pathloss and --prune-hillshade (RF_CACHE_LIST: not given). */
static int prune(const struct rf_workspace *ws, enum rf_cache_op pathloss,
		 enum rf_cache_op hillshade)
{
	struct rf_error err;
	long n;
	long long bytes;
	if (pathloss && rf_pathloss_prune(ws, pathloss, &n, &bytes, &err)) {
		cli_error("info", "%s", err.msg);
		return 1;
	}
	if (pathloss)
		printf("pathloss  removed %ld matrices, %.2f MiB\n", n, bytes / MIB);
	if (hillshade && rf_hillshade_prune(ws, hillshade, &n, &bytes, &err)) {
		cli_error("info", "%s", err.msg);
		return 1;
	}
	if (hillshade)
		printf("hillshade removed %ld files, %.2f MiB\n", n, bytes / MIB);
	return 0;
}

/* The value of --prune-NAME: 'stale' or 'all' into *op; else an error
 * naming the option, -1. */
static int prune_op(const char *name, const char *v, enum rf_cache_op *op)
{
	if (!strcmp(v, "stale") || !strcmp(v, "all")) {
		*op = strcmp(v, "all") ? RF_CACHE_PRUNE_STALE : RF_CACHE_PRUNE_ALL;
		return 0;
	}
	cli_error("info", "option --prune-%s: '%s' is neither stale nor all", name, v);
	return -1;
}

int cmd_info(int argc, char **argv)
{
	struct cli_parser p;
	struct rf_workspace ws;
	struct rf_error err;
	const char *v, *dir = NULL;
	enum rf_cache_op prune_pl = RF_CACHE_LIST, prune_hs = RF_CACHE_LIST;
	json_t *m;
	char *path;
	int id, as_json = 0;

	cli_init(&p, "info", opts, argc, argv);
	while ((id = cli_next(&p, &v)) != CLI_END) {
		if (id == CLI_HELP) {
			cli_usage(&p, "WORKDIR [--json] [--prune-pathloss stale|all] "
				  "[--prune-hillshade stale|all]",
				  "Print the summary of a workspace made by 'rfplan import', with\n"
				  "its path-loss matrices (WORKDIR/pathloss, doc/engine.md) and its\n"
				  "hillshade cache (WORKDIR/hillshade, doc/outputs.md), or remove\n"
				  "matrices with --prune-pathloss, hillshades with --prune-hillshade.");
			return 0;
		}
		if (id == CLI_ERROR)
			return 2;
		if (id == O_JSON) {
			as_json = 1;
		} else if (id == O_PRUNE || id == O_PRUNE_HS) {
			if (prune_op(id == O_PRUNE ? "pathloss" : "hillshade", v,
				     id == O_PRUNE ? &prune_pl : &prune_hs))
				return 2;
		} else if (!dir) {
			dir = v;
		} else {
			cli_error("info", "unexpected argument '%s'", v);
			return 2;
		}
	}
	if (!dir) {
		cli_error("info", "a workspace directory is required (see 'rfplan help info')");
		return 2;
	}
	if (rf_workspace_open(dir, &ws, &err)) {
		cli_error("info", "%s", err.msg);
		return 1;
	}
	if (prune_pl || prune_hs) {
		int rc = prune(&ws, prune_pl, prune_hs);
		rf_workspace_close(&ws);
		return rc;
	}
	path = rf_workspace_path(&ws, "manifest.json");
	m = rf_input_json(path, &err);
	if (!m) {
		cli_error("info", "%s", err.msg);
		free(path);
		rf_workspace_close(&ws);
		return 1;
	}
	free(path);
	if (as_json) {
		json_dumpf(m, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else {
		print_summary(&ws, m);
		if (print_matrices(&ws) || print_hillshades(&ws)) {
			json_decref(m);
			rf_workspace_close(&ws);
			return 1;
		}
	}
	json_decref(m);
	rf_workspace_close(&ws);
	return 0;
}

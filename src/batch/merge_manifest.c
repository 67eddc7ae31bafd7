/* tile.json of `rfplan predict --tile K/N`, and the checks that a set of
 * tile directories are the N tiles of one run (include/rfplan/merge.h). */
#include "rfplan/input.h"
#include "merge_priv.h"
#include "rfplan/predict.h"
#include "engine/run_manifest.h"
#include "core/util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_tile_dir(const char *dir)
{
	struct stat st;
	char *p = rf_path_join(dir, "tile.json");
	int yes = stat(p, &st) == 0;
	free(p);
	return yes;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_dir(struct rf_tile_set *s, char *dir)
{
	s->tiles = rf_xrealloc(s->tiles, (s->n + 1) * sizeof(*s->tiles));
	memset(&s->tiles[s->n], 0, sizeof(s->tiles[s->n]));
	s->tiles[s->n++].dir = dir;
}

/* A tile directory as such, or the tile directories inside a directory. */
static int expand(struct rf_tile_set *s, const char *arg, struct rf_error *err)
{
	DIR *d;
	struct dirent *e;
	char **found = NULL;
	size_t n = 0;
	if (is_tile_dir(arg)) {
		add_dir(s, rf_xstrdup(arg));
		return 0;
	}
	d = opendir(arg);
	if (!d)
		return rf_error_set(err, "%s: not a tile directory (no tile.json) nor a "
				    "directory of tiles", arg);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = rf_path_join(arg, e->d_name);
		if (is_tile_dir(p)) {
			found = rf_xrealloc(found, (n + 1) * sizeof(char *));
			found[n++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
	if (!n)
		return rf_error_set(err, "%s: holds no tile directory (no */tile.json; made by "
				    "rfplan predict --tile K/N)", arg);
	qsort(found, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n; i++)
		add_dir(s, found[i]);
	free(found);
	return 0;
}

static json_t *load(const char *dir, const char *name, struct rf_error *err)
{
	char *p = rf_path_join(dir, name);
	json_t *j = rf_input_json(p, err);
	free(p);
	return j;
}

static int get_grid(const char *dir, json_t *g, struct rf_grid *out, struct rf_error *err)
{
	if (json_unpack(g, "{s:i, s:i, s:F, s:F, s:F, s:F}", "width", &out->width, "height",
			&out->height, "west_deg", &out->west_deg, "north_deg", &out->north_deg,
			"dlon_deg", &out->dlon_deg, "dlat_deg", &out->dlat_deg) ||
	    out->width < 1 || out->height < 1 || !(out->dlon_deg > 0) || !(out->dlat_deg > 0))
		return rf_error_set(err, "%s/tile.json: full_grid: not a grid", dir);
	return 0;
}

static int read_tile(struct rf_tile *t, struct rf_error *err)
{
	json_t *tj = load(t->dir, "tile.json", err);
	json_int_t px = 0;
	if (!tj)
		return -1;
	t->tile_json = tj;
	if (json_unpack(tj, "{s:i, s:i, s:[i,i], s:[i,i], s:I}", "tile", &t->k, "tiles", &t->n,
			"cols", &t->win.x0, &t->win.width, "rows", &t->win.y0, &t->win.height,
			"pixels_computed", &px) ||
	    t->n < 1 || t->k < 1 || t->k > t->n)
		return rf_error_set(err, "%s/tile.json: tile, tiles, cols, rows or "
				    "pixels_computed missing or invalid", t->dir);
	t->pixels_computed = (long)px;
	if (get_grid(t->dir, json_object_get(tj, "full_grid"), &t->full, err))
		return -1;
	t->run = load(t->dir, "run.json", err);
	return t->run ? 0 : -1;
}

/* The members of run.json that must agree between the tiles of one run. */
static const char *const same_run[] = { "inputs", "model", "parameters", "cells" };

/* run.json's member, without what does not change the results (threads). */
static int same_member(const struct rf_tile *a, const struct rf_tile *b, const char *key)
{
	json_t *x = json_deep_copy(json_object_get(a->run, key));
	json_t *y = json_deep_copy(json_object_get(b->run, key));
	int same;
	json_object_del(x, "threads");
	json_object_del(y, "threads");
	same = json_equal(x, y);
	json_decref(x);
	json_decref(y);
	return same;
}

int rf_tile_set_load(struct rf_tile_set *s, const char *const *args, size_t n_args,
		     struct rf_error *err)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n_args; i++)
		if (expand(s, args[i], err))
			return -1;
	for (size_t i = 0; i < s->n; i++)
		if (read_tile(&s->tiles[i], err))
			return -1;
	const struct rf_tile *a = &s->tiles[0];
	int *seen = rf_xcalloc((size_t)a->n + 1, sizeof(int));
	int rc = 0;
	for (size_t i = 0; i < s->n && !rc; i++) {
		const struct rf_tile *t = &s->tiles[i];
		struct rf_window w;
		if (t->n != a->n || !json_equal(json_object_get(t->tile_json, "full_grid"),
						json_object_get(a->tile_json, "full_grid")))
			rc = rf_error_set(err, "%s: tile %d/%d of another split than %s (tile %d/%d)",
					  t->dir, t->k, t->n, a->dir, a->k, a->n);
		for (size_t m = 0; !rc && m < sizeof(same_run) / sizeof(same_run[0]); m++)
			if (!same_member(t, a, same_run[m]))
				rc = rf_error_set(err, "%s: run.json: %s differ from %s's: not a "
						  "tile of the same run", t->dir, same_run[m], a->dir);
		if (!rc && seen[t->k]++)
			rc = rf_error_set(err, "%s: tile %d/%d given twice", t->dir, t->k, t->n);
		rf_tile_window(a->full.width, a->full.height, t->k, t->n, &w);
		if (!rc && memcmp(&w, &t->win, sizeof(w)))
			rc = rf_error_set(err, "%s: tile %d/%d: not the tile's window of the grid",
					  t->dir, t->k, t->n);
	}
	for (int k = 1; k <= a->n && !rc; k++)
		if (!seen[k])
			rc = rf_error_set(err, "tile %d/%d is missing (%zu of %d tiles given)", k,
					  a->n, s->n, a->n);
	free(seen);
	return rc;
}

void rf_tile_set_free(struct rf_tile_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->tiles[i].dir);
		json_decref(s->tiles[i].tile_json);
		json_decref(s->tiles[i].run);
	}
	free(s->tiles);
	memset(s, 0, sizeof(*s));
}

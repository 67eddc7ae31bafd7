/* Private to merge*.c: the set of tiles being merged. */
#ifndef RFPLAN_MERGE_PRIV_H
#define RFPLAN_MERGE_PRIV_H

#include <jansson.h>
#include <stddef.h>

#include "rfplan/merge.h"

struct rf_tile {
	char *dir;              /* owned */
	json_t *tile_json;      /* tile.json, owned */
	json_t *run;            /* run.json, owned */
	int k, n;
	struct rf_window win;    /* within the whole grid */
	long pixels_computed;
	struct rf_grid full;    /* the whole output grid */
};

struct rf_tile_set {
	struct rf_tile *tiles;  /* as given (directories of tiles sorted by name) */
	size_t n;
};

/* Expand the arguments into tile directories, read their tile.json and
 * run.json and check they are the N tiles of one run. */
int rf_tile_set_load(struct rf_tile_set *s, const char *const *args, size_t n_args,
		     struct rf_error *err);
void rf_tile_set_free(struct rf_tile_set *s);

#endif

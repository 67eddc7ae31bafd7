/* tile.json: which tile of the whole grid a tiled predict computed
 * (doc/scaling.md); read back by rfplan merge (batch/merge_manifest.c). */
#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "rfplan/run_manifest.h"
#include "run_manifest.h"

#include <jansson.h>

static json_t *grid_json(const struct rf_grid *g)
{
	return json_pack("{s:i, s:i, s:f, s:f, s:f, s:f}", "width", g->width, "height",
			 g->height, "west_deg", g->west_deg, "north_deg", g->north_deg,
			 "dlon_deg", g->dlon_deg, "dlat_deg", g->dlat_deg);
}

int rf_tile_manifest_write(const char *path, int tile_k, int tile_n,
			   const struct rf_predict_summary *sum, struct rf_error *err)
{
	int nx, ny;
	rf_tile_layout(sum->full_grid.width, sum->full_grid.height, tile_n, &nx, &ny);
	json_t *root = json_pack("{s:b, s:i, s:i, s:[i,i], s:o, s:[i,i], s:[i,i], s:I, s:i}",
				 "rfplan_tile", 1, "tile", tile_k, "tiles", tile_n,
				 "layout", nx, ny, "full_grid", grid_json(&sum->full_grid),
				 "cols", sum->tile.x0, sum->tile.width,
				 "rows", sum->tile.y0, sum->tile.height,
				 "pixels_computed", (json_int_t)sum->pixels_computed,
				 "cells_computed", sum->cells_computed);
	int rc = rf_run_json_write(path, root, err);
	json_decref(root);
	return rc;
}

/* Split predictions: the tile manifest written by `rfplan predict --tile K/N`
 * and the merge of the N tiles into the outputs of one untiled run
 * (`rfplan merge`, doc/scaling.md).
 *
 * The split: the output grid of the untiled run (the union of the cells'
 * windows) is cut into N near-square tiles, nx columns x ny rows of them
 * (rf_tile_layout / rf_tile_window, engine.h).  A tile's directory holds
 * the usual predict files over its rectangle plus tile.json:
 *   {"rfplan_tile": true, "tile": K, "tiles": N, "layout": [NX, NY],
 *    "full_grid": {width, height, west_deg, north_deg, dlon_deg, dlat_deg},
 *    "cols": [X0, WIDTH], "rows": [Y0, HEIGHT], "pixels_computed": ..,
 *    "cells_computed": ..}
 * (the cells' table is in the tile's run.json).  Every pixel of a tile is
 * computed exactly as in the untiled run, so the merge is bit-identical. */
#ifndef RFPLAN_MERGE_H
#define RFPLAN_MERGE_H

#include <stddef.h>

#include "rfplan/engine.h"
#include "rfplan/predict.h"
#include "rfplan/error.h"
#include "rfplan/log.h"

struct rf_merge_options {
	const char *const *inputs;   /* tile directories, or directories holding them */
	size_t n_inputs;
	const char *outdir;          /* replaced atomically (rf_outdir_*) */
	int force;                   /* replace an earlier predict output */
	int argc;                    /* command line recorded in run.json */
	char **argv;
};

/* Check that the tiles are the N tiles of one run (same N, grid,
 * parameters, model, cells and inputs; each K once), mosaic their rasters
 * through a GDAL VRT and write every output of the untiled run into outdir
 * with the same writers: rasters, styles, PNG/KMZ, best_server.csv,
 * stats.csv recomputed from the merged maps, and run.json (the tiles' one
 * with the whole grid, summed pixel counts and timings, the tiles listed).
 * Returns 0, or -1 with err naming the tile directory and the problem. */
int rf_merge(const struct rf_merge_options *o, struct rf_log *log, struct rf_error *err);

#endif

/* Two resolutions per cell (doc/engine.md, "Two resolutions"): private to
 * engine_predict.c and engine_tworesl.c. */
#ifndef RFPLAN_ENGINE_TWORESL_H
#define RFPLAN_ENGINE_TWORESL_H

#include "rfplan/engine.h"
#include "rfplan/workspace.h"

/* The extended matrix's pixel: factor = round(ext_res_m / the workspace's
 * north-south pixel in metres at its centre), 2..1000.  Returns 0, or -1
 * with err naming --ext-res. */
int rf_tworesl_factor(const struct rf_grid *g, double ext_res_m, int *factor,
		      struct rf_error *err);

/* Open (creating it the first time) the extended workspace of ws:
 * WS/pathloss/ext-HASH-xF/ (HASH: the first 16 hex digits of the workspace
 * content's SHA-256, rf_pathloss_store_open), dem.tif averaged over factor
 * x factor pixels, clutter.tif their most frequent class, the same
 * clutter_classes.csv.  WS/pathloss and ext-HASH-xF are opened without
 * following a link (core/cache_dir.h: one in either's place is refused,
 * "...: not a directory (a link is not followed)") and the extended
 * workspace is read through the descriptor *ext_fd of ext-HASH-xF:
 * ews->dir is "/proc/self/fd/N".  ews is closed with rf_workspace_close,
 * then *ext_fd with close(2).  Returns 0, or -1 with err (*ext_fd -1). */
/* "WS/pathloss/ext-HASH-xF" (malloc'd): the extended workspace's name,
 * which messages give (its descriptor's /proc/self/fd/N means nothing to
 * the user). */
char *rf_tworesl_workspace_name(const struct rf_workspace *ws, const char *content_sha256,
				int factor);

int rf_tworesl_workspace_open(const struct rf_workspace *ws, const char *content_sha256,
			      int factor, struct rf_workspace *ews, int *ext_fd,
			      struct rf_error *err);

/* For the cells idx[0..n-1] of eng (results res, loss computed within the
 * main radius), the loss of the pixels beyond the main radius and within
 * the radius (and not a DEM void) from ext_res (the same cells on the
 * extended engine ext): bilinear at the fine pixel's centre. */
void rf_tworesl_fill(const struct rf_engine *eng, const struct rf_engine *ext, const int *idx,
		     int n, struct rf_cell_result *res, const struct rf_cell_result *ext_res);

#endif

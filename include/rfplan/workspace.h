/* A workspace directory made by `rfplan import` and read by `rfplan predict`
 * and `rfplan profile`.  Layout (doc/workspace.md):
 *   manifest.json          inputs (path, SHA-256), CRSs and PROJ operations,
 *                          grid, options, warnings, rfplan version
 *   dem.tif                Float32, EPSG:4326, nodata -32768
 *   clutter.tif            UInt16 class codes on exactly dem.tif's grid,
 *                          nodata 65535 (only when clutter was imported)
 *   clutter_classes.csv    code,name,loss_db,height_m (with clutter)
 *   sites.csv              normalised sites (see sites.h)
 *   cells.csv              validated copy of --cells (optional) */
#ifndef RFPLAN_WORKSPACE_H
#define RFPLAN_WORKSPACE_H

#include "rfplan/classes.h"
#include "rfplan/error.h"
#include "rfplan/grid.h"
#include "rfplan/sites.h"

#define RF_DEM_NODATA (-32768.0)

struct rf_file_digests;

struct rf_workspace {
	char *dir;                      /* owned */
	struct rf_grid grid;            /* dem.tif's grid */
	int has_clutter;
	struct rf_class_table classes;  /* empty when !has_clutter */
	struct rf_sites sites;
	int has_cells;                  /* cells.csv present */
	/* the digests of the files hashed since the opening (owned; NULL in a
	 * struct filled by hand: then every file is hashed each time) */
	struct rf_file_digests *digests;
};

/* Open and check a workspace (manifest present, dem.tif readable).  Rasters
 * are not loaded: read windows of them with rf_raster_read(). */
int rf_workspace_open(const char *dir, struct rf_workspace *ws, struct rf_error *err);
void rf_workspace_close(struct rf_workspace *ws);

/* What is at path: 0 nothing, 1 an rfplan workspace (a directory whose
 * manifest.json has "rfplan_workspace"), -1 something else (never to be
 * overwritten by an import). */
int rf_workspace_probe(const char *path);

/* "DIR/name", malloc'd. */
char *rf_workspace_path(const struct rf_workspace *ws, const char *name);

/* The SHA-256 of the file at path (a workspace file or any other input of
 * the run: cells, antennas) as 64 lowercase hex chars + NUL, read once per
 * opening of ws: again only when the file's identity (device, inode, size,
 * modification and change times) is no longer the one it had when hashed
 * (ws->digests, core/file_digest.h).  The run.json inputs, the path-loss
 * matrices' and the hillshade cache's keys all take their digests here.
 * Returns 0, or -1 with err naming the file. */
int rf_workspace_sha256(const struct rf_workspace *ws, const char *path, char hex[65],
			struct rf_error *err);

#endif

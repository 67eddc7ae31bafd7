/* One viewshed run of a workspace, the whole of `rfplan viewshed` below its
 * options (doc/viewshed.md, doc/design.md): the DEM window around the
 * observer, the clutter heights as obstacles, rf_viewshed_compute and the
 * GeoTIFF. */
#ifndef RFPLAN_VIEWSHED_RUN_H
#define RFPLAN_VIEWSHED_RUN_H

#include <stddef.h>

#include "rfplan/error.h"
#include "rfplan/viewshed.h"
#include "rfplan/workspace.h"

/* rf_viewshed_run's return when the observer and radius do not fit the
 * workspace's DEM (a usage error of the observer's option). */
#define RF_VIEWSHED_OUTSIDE (-2)

struct rf_viewshed_result {
	size_t n_visible, n_valid;   /* pixels visible, pixels not nodata */
	int width, height;           /* the map's grid */
};

/* Observer at lat_deg/lon_deg; use_clutter: the workspace's clutter
 * heights (when it has clutter) are obstacles.  Writes out_path and its
 * .qml beside it; an existing out_path that is not an rfplan viewshed (or a
 * .qml beside a missing one) is replaced only with force, and that is
 * checked before any work (doc/errors.md, "Files from others").  Returns
 * 0, RF_VIEWSHED_OUTSIDE or -1, with err. */
int rf_viewshed_run(const struct rf_workspace *ws, double lat_deg, double lon_deg,
		    int use_clutter, const struct rf_viewshed_options *o, const char *out_path,
		    int force, struct rf_viewshed_result *res, struct rf_error *err);

#endif

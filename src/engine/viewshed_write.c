/* The viewshed map on disk: a Byte Cloud Optimized GeoTIFF
 * (rf_write_geotiff_u8) and its QGIS style. */
#include "rfplan/output.h"
#include "rfplan/viewshed.h"

#include "core/mkdir_parents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rf_viewshed_write(const char *path, const struct rf_grid *g, const uint8_t *data,
		      struct rf_error *err)
{
	/* rf_scheme_class: 255 -> visible; 0..254 -> not visible */
	static const struct rf_color_class classes[] = {
		{ 255, { 0x1a, 0x96, 0x41, 255 }, "visible" },
		{ 0, { 0x80, 0x80, 0x80, 160 }, "not visible" },
	};
	const struct rf_color_scheme scheme = { "Line of sight", 2, classes };
	struct rf_made_dirs made = { NULL, 0 };
	size_t len = strlen(path);
	char *qml;
	int rc;

	if (rf_mkdir_parents(path, &made, err))
		return -1;
	if (rf_write_geotiff_u8(path, g, data, RF_VIEWSHED_NODATA,
				RF_VIEWSHED_BAND_DESC, err)) {
		rf_made_dirs_undo(&made);   /* nothing written: no directory left */
		return -1;
	}
	rf_made_dirs_keep(&made);
	qml = rf_xmalloc(len + 5);
	if (len > 4 && !strcmp(path + len - 4, ".tif"))
		snprintf(qml, len + 5, "%.*s.qml", (int)(len - 4), path);
	else
		snprintf(qml, len + 5, "%s.qml", path);
	rc = rf_write_qml_classes(qml, &scheme, err);
	free(qml);
	return rc;
}

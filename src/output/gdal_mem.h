/* GDAL in memory: a MEM band over the caller's pixels, files built in
 * GDAL's /vsimem/ file system and published in one write, creation without
 * the option check (output_geotiff.c, gis_gpkg.c, gpkg_util.c). */
#ifndef RFPLAN_OUTPUT_GDAL_MEM_H
#define RFPLAN_OUTPUT_GDAL_MEM_H

#include <stddef.h>

#include <gdal.h>

#include "rfplan/error.h"

/* Add to the MEM dataset ds a band of type over data (its size; not copied,
 * not owned: GDAL's MEM driver "DATAPOINTER" band option,
 * gdal.org/drivers/raster/mem.html), so that GDAL reads the caller's buffer
 * directly.  0, or -1 with GDAL's error set. */
int rf_mem_add_pointer_band(GDALDatasetH ds, GDALDataType type, const void *data);

/* "/vsimem/rfplan-WHAT-OWNER.EXT" in buf: a name of owner's own while it
 * lives (files are built on several threads at once). */
void rf_vsimem_name(char *buf, size_t len, const char *what, const void *owner,
		    const char *ext);

/* Move the /vsimem/ file vsi (closed) to path: one write to a temporary file
 * beside path (core/output_util.h rf_out_tmp_create: a name planted there is
 * never opened), renamed into place.  vsi and the side files SQLite may have
 * left (-journal, -wal) are removed in every case.  0, or -1 with err naming
 * path. */
int rf_vsimem_publish(const char *vsi, const char *path, struct rf_error *err);

/* Remove the /vsimem/ file vsi and its SQLite side files, if any. */
void rf_vsimem_discard(const char *vsi);

/* Turn off, for this thread, GDAL's check of creation options against the
 * driver's list (GDAL_VALIDATE_CREATION_OPTIONS): rfplan's options are its
 * own constants, and the check makes GDAL build the list, which for the COG
 * and GPKG drivers parses every tiling scheme GDAL ships (38 M
 * instructions) and is not safe while another thread reads the driver's
 * metadata.  Returns what rf_gdal_option_check_restore takes back. */
char *rf_gdal_option_check_off(void);
void rf_gdal_option_check_restore(char *saved);

#endif

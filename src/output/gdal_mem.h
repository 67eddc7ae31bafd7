/* A GDAL MEM band over the caller's pixels (output_geotiff.c, gis_gpkg.c). */
#ifndef RFPLAN_OUTPUT_GDAL_MEM_H
#define RFPLAN_OUTPUT_GDAL_MEM_H

#include <gdal.h>

/* Add to the MEM dataset ds a band of type over data (its size; not copied,
 * not owned: GDAL's MEM driver "DATAPOINTER" band option,
 * gdal.org/drivers/raster/mem.html), so that GDAL reads the caller's buffer
 * directly.  0, or -1 with GDAL's error set. */
int rf_mem_add_pointer_band(GDALDatasetH ds, GDALDataType type, const void *data);

#endif

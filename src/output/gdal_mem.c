/* A GDAL MEM band over the caller's pixels (gdal_mem.h). */
#include "gdal_mem.h"

#include <stdio.h>

#include <cpl_string.h>

int rf_mem_add_pointer_band(GDALDatasetH ds, GDALDataType type, const void *data)
{
	char ptr[64], **opt = NULL;
	CPLErr e;
	snprintf(ptr, sizeof(ptr), "%p", data);
	opt = CSLSetNameValue(opt, "DATAPOINTER", ptr);
	e = GDALAddBand(ds, type, opt);
	CSLDestroy(opt);
	return e == CE_None ? 0 : -1;
}

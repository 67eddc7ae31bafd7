/* GDAL in memory (gdal_mem.h). */
#include "gdal_mem.h"
#include "core/output_util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

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

void rf_vsimem_name(char *buf, size_t len, const char *what, const void *owner,
		    const char *ext)
{
	snprintf(buf, len, "/vsimem/rfplan-%s-%p.%s", what, owner, ext);
}

void rf_vsimem_discard(const char *vsi)
{
	static const char *const side[] = { "", "-journal", "-wal", "-shm" };
	char name[512];
	for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", vsi, side[i]);
		VSIUnlink(name);
	}
}

int rf_vsimem_publish(const char *vsi, const char *path, struct rf_error *err)
{
	vsi_l_offset len = 0;
	GByte *bytes = VSIGetMemFileBuffer(vsi, &len, TRUE);   /* ours now */
	FILE *f;
	char *tmp;
	int ok;

	rf_vsimem_discard(vsi);
	if (!bytes)
		return rf_error_set(err, "%s: cannot write: GDAL's in-memory copy %s is missing",
				    path, vsi);
	tmp = rf_out_tmp_create(path, &f, err);
	if (!tmp) {
		CPLFree(bytes);
		return -1;
	}
	ok = fwrite(bytes, 1, (size_t)len, f) == (size_t)len;
	CPLFree(bytes);
	if (fclose(f) != 0 || !ok) {
		rf_error_set(err, "%s: cannot write: %s", path, strerror(errno));
		rf_out_abort(tmp);
		return -1;
	}
	return rf_out_commit(tmp, path, err);
}

char *rf_gdal_option_check_off(void)
{
	const char *was = CPLGetThreadLocalConfigOption("GDAL_VALIDATE_CREATION_OPTIONS", NULL);
	char *saved = was ? CPLStrdup(was) : NULL;
	CPLSetThreadLocalConfigOption("GDAL_VALIDATE_CREATION_OPTIONS", "NO");
	return saved;
}

void rf_gdal_option_check_restore(char *saved)
{
	CPLSetThreadLocalConfigOption("GDAL_VALIDATE_CREATION_OPTIONS", saved);
	CPLFree(saved);
}

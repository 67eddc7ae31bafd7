/* The GeoPackage writers' shared part (gpkg_util.h). */
#include "gpkg_util.h"
#include "gdal_mem.h"
#include "core/output_util.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int rf_gpkg_fail(struct rf_gpkg *k, const char *what)
{
	return rf_error_set(k->err, "%s: %s: %s", k->path, what, CPLGetLastErrorMsg());
}

OGRLayerH rf_gpkg_layer(struct rf_gpkg *k, const char *name, OGRwkbGeometryType type,
			const char *const *fields, const OGRFieldType *types)
{
	char **lco = CSLSetNameValue(NULL, "SPATIAL_INDEX", type == wkbNone ? NULL : "YES");
	OGRLayerH l = GDALDatasetCreateLayer(k->ds, name, type == wkbNone ? NULL : k->srs, type,
					     lco);
	CSLDestroy(lco);
	if (!l) {
		rf_gpkg_fail(k, name);
		return NULL;
	}
	for (int i = 0; fields[i]; i++) {
		OGRFieldDefnH fd = OGR_Fld_Create(fields[i], types[i]);
		OGRErr e = OGR_L_CreateField(l, fd, 1);
		OGR_Fld_Destroy(fd);
		if (e != OGRERR_NONE) {
			rf_gpkg_fail(k, fields[i]);
			return NULL;
		}
	}
	return l;
}

int rf_gpkg_add(struct rf_gpkg *k, OGRLayerH l, OGRFeatureH f, OGRGeometryH g)
{
	OGRErr e;
	if (g)
		OGR_F_SetGeometryDirectly(f, g);
	e = OGR_L_CreateFeature(l, f);
	OGR_F_Destroy(f);
	return e == OGRERR_NONE ? 0 : rf_gpkg_fail(k, OGR_L_GetName(l));
}

int rf_gpkg_write_styles(struct rf_gpkg *k, const struct rf_gpkg_style *styles, size_t n)
{
	static const char *const names[] = { "f_table_catalog", "f_table_schema",
		"f_table_name", "f_geometry_column", "styleName", "styleQML", "styleSLD",
		"useAsDefault", "description", "owner", "ui", "update_time", NULL };
	static const OGRFieldType types[] = { OFTString, OFTString, OFTString, OFTString,
		OFTString, OFTString, OFTString, OFTInteger, OFTString, OFTString, OFTString,
		OFTDateTime };
	OGRLayerH l = rf_gpkg_layer(k, "layer_styles", wkbNone, names, types);
	time_t now = time(NULL);
	struct tm t;
	int rc = l ? 0 : -1;

	gmtime_r(&now, &t);
	for (size_t i = 0; i < n && !rc; i++) {
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
		const char *text[] = { "", "", styles[i].table, "geom", styles[i].name,
				       styles[i].qml, "" };
		for (int j = 0; j < 7; j++)
			OGR_F_SetFieldString(f, j, text[j]);
		OGR_F_SetFieldInteger(f, 7, 1);
		OGR_F_SetFieldString(f, 8, styles[i].description);
		OGR_F_SetFieldString(f, 9, "");
		OGR_F_SetFieldString(f, 10, "");
		OGR_F_SetFieldDateTime(f, 11, t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
				       t.tm_hour, t.tm_min, t.tm_sec, 100);
		rc = rf_gpkg_add(k, l, f, NULL);
	}
	return rc;
}

int rf_gpkg_begin(struct rf_gpkg *k, const char *path, int in_memory, struct rf_error *err)
{
	GDALDriverH drv = GDALGetDriverByName("GPKG");
	const char *where;
	char *saved;
	memset(k, 0, sizeof(*k));
	k->path = path;
	k->err = err;
	if (!drv)
		return rf_error_set(err, "%s: GDAL has no GPKG driver", path);
	if (in_memory) {
		rf_vsimem_name(k->vsi, sizeof(k->vsi), "gpkg", k, "gpkg");
		where = k->vsi;
	} else {
		k->tmp = rf_out_tmp_create(path, NULL, err);
		if (!k->tmp)
			return -1;
		unlink(k->tmp);   /* the GPKG driver creates the file itself */
		where = k->tmp;
	}
	CPLErrorReset();
	saved = rf_gdal_option_check_off();
	k->ds = GDALCreate(drv, where, 0, 0, 0, GDT_Unknown, NULL);
	rf_gdal_option_check_restore(saved);
	if (!k->ds) {
		rf_gpkg_fail(k, "cannot create");
		return rf_gpkg_end(k, 0);
	}
	k->srs = OSRNewSpatialReference(NULL);
	OSRImportFromEPSG(k->srs, 4326);
	OSRSetAxisMappingStrategy(k->srs, OAMS_TRADITIONAL_GIS_ORDER);
	if (GDALDatasetStartTransaction(k->ds, 0) != OGRERR_NONE) {
		rf_gpkg_fail(k, "cannot start a transaction");
		return rf_gpkg_end(k, 0);
	}
	return 0;
}

int rf_gpkg_end(struct rf_gpkg *k, int ok)
{
	int rc = -1;
	if (ok && GDALDatasetCommitTransaction(k->ds) != OGRERR_NONE) {
		rf_gpkg_fail(k, "cannot commit");
		ok = 0;
	}
	if (k->ds) {
		GDALDatasetH ds = k->ds;
		k->ds = NULL;
		CPLErrorReset();
		GDALClose(ds);   /* void in GDAL 3.6: the error state tells */
		if (ok && CPLGetLastErrorType() >= CE_Failure) {
			rf_gpkg_fail(k, "write failed");
			ok = 0;
		}
	}
	if (k->srs)
		OSRDestroySpatialReference(k->srs);
	k->srs = NULL;
	if (k->tmp) {
		if (ok)
			rc = rf_out_commit(k->tmp, k->path, k->err);
		else
			rf_out_abort(k->tmp);
		k->tmp = NULL;
	} else if (ok) {
		rc = rf_vsimem_publish(k->vsi, k->path, k->err);
	} else {
		rf_vsimem_discard(k->vsi);
	}
	return rc;
}

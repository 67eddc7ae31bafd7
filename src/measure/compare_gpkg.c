/* points.gpkg of rfplan compare (OGR's GeoPackage driver): one point per
 * compared measurement, and a QGIS default style graduated by error_db in
 * the GeoPackage's layer_styles table (where QGIS looks for a layer's
 * default style), so the layer opens styled. */
#include "rfplan/compare.h"
#include "core/output_util.h"

#include "output/gpkg_util.h"
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Error classes, dB (predicted - measured) and their colours: blue where
 * the prediction is too pessimistic, red where it is too optimistic. */
static const struct { double lo, hi; const char *label, *rgb; } ranges[] = {
	{ -1000, -10, "< -10 dB (predicted too low)", "33,102,172" },
	{ -10, -6, "-10 to -6 dB", "103,169,207" },
	{ -6, -3, "-6 to -3 dB", "209,229,240" },
	{ -3, 3, "-3 to +3 dB", "180,180,180" },
	{ 3, 6, "+3 to +6 dB", "253,219,199" },
	{ 6, 10, "+6 to +10 dB", "239,138,98" },
	{ 10, 1000, "> +10 dB (predicted too high)", "178,24,43" },
};
#define N_RANGES (sizeof(ranges) / sizeof(ranges[0]))

/* The QGIS style (QML): a graduated symbol renderer on error_db. */
static char *style_qml(void)
{
	size_t cap = 8192, len = 0;
	char *s = rf_xmalloc(cap);
	len += snprintf(s + len, cap - len,
		"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
		"<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
		" <renderer-v2 type=\"graduatedSymbol\" attr=\"error_db\" "
		"graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" forceraster=\"0\" "
		"enableorderby=\"0\">\n  <ranges>\n");
	for (size_t i = 0; i < N_RANGES; i++)
		len += snprintf(s + len, cap - len,
				"   <range lower=\"%g\" upper=\"%g\" symbol=\"%zu\" label=\"%s\" "
				"render=\"true\"/>\n", ranges[i].lo, ranges[i].hi, i,
				ranges[i].label[0] == '<' ? "&lt; -10 dB (predicted too low)"
				: ranges[i].label[0] == '>' ? "&gt; +10 dB (predicted too high)"
				: ranges[i].label);
	len += snprintf(s + len, cap - len, "  </ranges>\n  <symbols>\n");
	for (size_t i = 0; i < N_RANGES; i++)
		len += snprintf(s + len, cap - len,
				"   <symbol type=\"marker\" name=\"%zu\" alpha=\"1\" "
				"clip_to_extent=\"1\" force_rhr=\"0\">\n"
				"    <layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" "
				"locked=\"0\">\n"
				"     <prop k=\"color\" v=\"%s,255\"/>\n"
				"     <prop k=\"name\" v=\"circle\"/>\n"
				"     <prop k=\"size\" v=\"2.4\"/>\n"
				"     <prop k=\"outline_color\" v=\"60,60,60,255\"/>\n"
				"     <prop k=\"outline_width\" v=\"0.1\"/>\n"
				"    </layer>\n   </symbol>\n", i, ranges[i].rgb);
	snprintf(s + len, cap - len, "  </symbols>\n </renderer-v2>\n</qgis>\n");
	return s;
}

static int write_points(struct rf_gpkg *gp, const struct rf_compare *c,
			const struct rf_measurements *m, const struct rf_cells *cells,
			const struct rf_workspace *ws)
{
	static const char *const names[] = { "measured_dbm", "predicted_dbm", "error_db",
		"site_id", "cell_id", "match", "distance_m", "clutter", "clutter_name",
		"n_averaged", "source_file", "source_line", NULL };
	static const OGRFieldType types[] = { OFTReal, OFTReal, OFTReal, OFTString, OFTString,
		OFTString, OFTReal, OFTInteger, OFTString, OFTInteger, OFTString, OFTInteger64 };
	OGRLayerH l = rf_gpkg_layer(gp, "points", wkbPoint, names, types);
	if (!l)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		const struct rf_cmp_point *p = &c->pts[i];
		const struct rf_cell *cell = &cells->items[p->cell];
		const struct rf_clutter_class *k =
			p->clutter >= 0 ? rf_class_table_find(&ws->classes, p->clutter) : NULL;
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
		OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
		OGR_F_SetFieldDouble(f, 0, p->meas_dbm);
		OGR_F_SetFieldDouble(f, 1, p->pred_dbm);
		OGR_F_SetFieldDouble(f, 2, p->err_db);
		OGR_F_SetFieldString(f, 3, cell->site_id);
		OGR_F_SetFieldString(f, 4, cell->cell_id);
		OGR_F_SetFieldString(f, 5, p->match == RF_CMP_MATCH_CELL ? "own_cell" : "best_server");
		OGR_F_SetFieldDouble(f, 6, p->dist_m);
		if (p->clutter >= 0)
			OGR_F_SetFieldInteger(f, 7, p->clutter);
		OGR_F_SetFieldString(f, 8, k ? k->name : "");
		OGR_F_SetFieldInteger(f, 9, p->n);
		OGR_F_SetFieldString(f, 10, m->files[p->file]);
		OGR_F_SetFieldInteger64(f, 11, p->line);
		OGR_G_SetPoint_2D(g, 0, p->lon_deg, p->lat_deg);
		if (rf_gpkg_add(gp, l, f, g))
			return -1;
	}
	return 0;
}

static int write_qml(FILE *f, const void *ctx)
{
	return fputs(ctx, f) < 0 ? -1 : 0;
}

/* The same style beside the file (points.gpkg -> points.qml), for clients
 * that look for a sidecar style rather than the layer_styles table. */
static int write_sidecar(const char *gpkg_path, const char *qml, struct rf_error *err)
{
	size_t n = strlen(gpkg_path);
	char *p = rf_xmalloc(n + 8);
	const char *dot = strrchr(gpkg_path, '.'), *slash = strrchr(gpkg_path, '/');
	if (dot && (!slash || dot > slash))
		n = (size_t)(dot - gpkg_path);
	snprintf(p, n + 8, "%.*s.qml", (int)n, gpkg_path);
	int rc = rf_out_write_text(p, write_qml, qml, err);
	free(p);
	return rc;
}

int rf_compare_write_gpkg(const char *path, const struct rf_compare *c,
			  const struct rf_measurements *m, const struct rf_cells *cells,
			  const struct rf_workspace *ws, struct rf_error *err)
{
	struct rf_gpkg k;
	char *qml;
	int rc;

	/* on disk: a drive test may hold millions of points */
	if (rf_gpkg_begin(&k, path, 0, err))
		return -1;
	qml = style_qml();
	const struct rf_gpkg_style st = { "points", "error_db", qml,
					  "rfplan compare: error = predicted - measured, dB" };
	rc = rf_gpkg_end(&k, !write_points(&k, c, m, cells, ws) &&
			     !rf_gpkg_write_styles(&k, &st, 1));
	if (!rc)
		rc = write_sidecar(path, qml, err);
	free(qml);
	return rc;
}

/* neighbours.gpkg (rf_write_neighbours_gpkg, planning.h): one line per
 * relation from the serving site to the neighbour's site (co-site
 * relations: from sector tip to sector tip, 150 m along each azimuth, so
 * they show), with the figures of neighbours.csv, and its default QGIS
 * style in the layer_styles table (the table coverage.gpkg carries,
 * src/output/gis_gpkg.c), so QGIS draws it styled when the file is added. */
#include "rfplan/planning.h"
#include "rfplan/geo.h"
#include "core/output_util.h"

#include "output/gpkg_util.h"
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COSITE_OFFSET_M 150.0  /* co-site line ends, along each cell's azimuth */
#define LAYER "neighbours"

/* Lines by relation: intra-frequency solid blue, inter-frequency dashed
 * orange, width by share of the serving area. */
static const char style_qml[] =
	"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
	"<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
	"  <renderer-v2 type=\"categorizedSymbol\" attr=\"relation\" symbollevels=\"0\" "
	"forceraster=\"0\" enableorderby=\"0\">\n"
	"    <categories>\n"
	"      <category render=\"true\" symbol=\"0\" value=\"intra\" label=\"intra-frequency\"/>\n"
	"      <category render=\"true\" symbol=\"1\" value=\"inter\" label=\"inter-frequency\"/>\n"
	"    </categories>\n    <symbols>\n"
	"      <symbol type=\"line\" name=\"0\" alpha=\"0.8\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
	"        <layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
	"          <Option type=\"Map\">\n"
	"            <Option name=\"line_color\" type=\"QString\" value=\"31,120,180,255\"/>\n"
	"            <Option name=\"line_style\" type=\"QString\" value=\"solid\"/>\n"
	"            <Option name=\"line_width\" type=\"QString\" value=\"0.4\"/>\n"
	"            <Option name=\"line_width_unit\" type=\"QString\" value=\"MM\"/>\n"
	"          </Option>\n"
	"          <data_defined_properties><Option type=\"Map\">"
	"<Option name=\"name\" type=\"QString\" value=\"\"/>"
	"<Option name=\"properties\" type=\"Map\"><Option name=\"outlineWidth\" type=\"Map\">"
	"<Option name=\"active\" type=\"bool\" value=\"true\"/>"
	"<Option name=\"expression\" type=\"QString\" value=\"0.2 + share_pct / 25\"/>"
	"<Option name=\"type\" type=\"int\" value=\"3\"/></Option></Option>"
	"<Option name=\"type\" type=\"QString\" value=\"collection\"/></Option>"
	"</data_defined_properties>\n"
	"        </layer>\n      </symbol>\n"
	"      <symbol type=\"line\" name=\"1\" alpha=\"0.8\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
	"        <layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
	"          <Option type=\"Map\">\n"
	"            <Option name=\"line_color\" type=\"QString\" value=\"255,127,0,255\"/>\n"
	"            <Option name=\"line_style\" type=\"QString\" value=\"dash\"/>\n"
	"            <Option name=\"line_width\" type=\"QString\" value=\"0.4\"/>\n"
	"            <Option name=\"line_width_unit\" type=\"QString\" value=\"MM\"/>\n"
	"          </Option>\n"
	"        </layer>\n      </symbol>\n"
	"    </symbols>\n  </renderer-v2>\n</qgis>\n";

/* The line's end at cell c: its site, or (co-site) a point along its azimuth. */
static void end_point(const struct rf_cell *c, int cosite, double *lat, double *lon)
{
	if (cosite)
		rf_geo_direct(c->lat_deg, c->lon_deg, c->azimuth_deg, COSITE_OFFSET_M, lat, lon);
	else {
		*lat = c->lat_deg;
		*lon = c->lon_deg;
	}
}

static int write_lines(struct rf_gpkg *k, const struct rf_cells *cells,
		       const struct rf_neighbours *nb)
{
	static const char *const names[] = { "site_id", "cell_id", "neighbour_site_id",
		"neighbour_cell_id", "rank", "relation", "co_site", "overlap_km2", "share_pct",
		"border_km", NULL };
	static const OGRFieldType types[] = { OFTString, OFTString, OFTString, OFTString,
		OFTInteger, OFTString, OFTInteger, OFTReal, OFTReal, OFTReal };
	OGRLayerH l = rf_gpkg_layer(k, LAYER, wkbLineString, names, types);
	if (!l)
		return -1;
	for (size_t i = 0; i < nb->n; i++) {
		const struct rf_nb_relation *r = &nb->rel[i];
		const struct rf_cell *s = &cells->items[r->serving], *t = &cells->items[r->neighbour];
		int cosite = !!(r->why & RF_NB_COSITE);
		OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
		OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
		double lat, lon;
		end_point(s, cosite, &lat, &lon);
		OGR_G_AddPoint_2D(g, lon, lat);
		end_point(t, cosite, &lat, &lon);
		OGR_G_AddPoint_2D(g, lon, lat);
		OGR_F_SetFieldString(f, 0, s->site_id);
		OGR_F_SetFieldString(f, 1, s->cell_id);
		OGR_F_SetFieldString(f, 2, t->site_id);
		OGR_F_SetFieldString(f, 3, t->cell_id);
		OGR_F_SetFieldInteger(f, 4, r->rank);
		OGR_F_SetFieldString(f, 5, r->intra_freq ? "intra" : "inter");
		OGR_F_SetFieldInteger(f, 6, cosite);
		OGR_F_SetFieldDouble(f, 7, r->overlap_km2);
		OGR_F_SetFieldDouble(f, 8, r->share_pct);
		OGR_F_SetFieldDouble(f, 9, r->border_km);
		if (rf_gpkg_add(k, l, f, g))
			return -1;
	}
	return 0;
}

/* The layer's default style (layer_styles, rf_gpkg_write_styles). */
static int write_style(struct rf_gpkg *k)
{
	const struct rf_gpkg_style st = { LAYER, LAYER, style_qml, "rfplan default style" };
	return rf_gpkg_write_styles(k, &st, 1);
}

int rf_write_neighbours_gpkg(const char *path, const struct rf_cells *cells,
			     const struct rf_neighbours *nb, struct rf_error *err)
{
	struct rf_gpkg k;

	/* in memory: one line per neighbour relation, a few hundred KiB */
	if (rf_gpkg_begin(&k, path, 1, err))
		return -1;
	return rf_gpkg_end(&k, !(write_lines(&k, cells, nb) || write_style(&k)));
}

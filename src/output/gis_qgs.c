/* project.qgs: a QGIS 3 project of a predict output directory
 * (rf_write_qgis_project, gis.h).  The layers come from one table (file,
 * group, title); a row whose file is absent is left out, so maps written by
 * other parts of rfplan appear as soon as they exist.  Raster styles are the
 * .qml files beside the maps, vector styles the layer_styles rows of
 * coverage.gpkg, embedded in the project (QGIS reads a project layer's style
 * from the project only). */
#include "rfplan/gis.h"

#include <gdal.h>
#include <ogr_api.h>
#include <cpl_conv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/output_util.h"
#include "core/util.h"

#define GPKG "coverage.gpkg"

enum kind { RASTER, VECTOR };

struct layer_row {
	const char *file;    /* raster file, or coverage.gpkg layer name */
	enum kind kind;
	const char *group;
	const char *title;
	int visible;
};

/* Top to bottom, as in the layer panel; groups in order of first use. */
static const struct layer_row layers[] = {
	{ "sites", VECTOR, "Sites", "Sites", 1 },
	{ "cells", VECTOR, "Sites", "Sectors", 1 },
	{ "cqi.tif", RASTER, "Service", "CQI", 0 },
	{ "pdsch_sinr.tif", RASTER, "Service", "PDSCH SINR at the load (dB)", 0 },
	{ "throughput_dl_mbps.tif", RASTER, "Service", "Downlink throughput (Mbit/s)", 0 },
	{ "throughput_ul_mbps.tif", RASTER, "Service", "Uplink throughput (Mbit/s)", 0 },
	{ "ul_sinr.tif", RASTER, "Service", "Uplink SINR (dB)", 0 },
	{ "ul_rbs.tif", RASTER, "Service", "Uplink resource blocks", 0 },
	{ "ul_limited.tif", RASTER, "Service", "Uplink-limited area", 0 },
	{ "coverage_probability.tif", RASTER, "Service", "Coverage probability", 0 },
	{ "rsrp_indoor.tif", RASTER, "Service", "Indoor RSRP (dBm)", 0 },
	{ "sinr.tif", RASTER, "Quality", "RS-SINR (dB)", 0 },
	{ "rsrq.tif", RASTER, "Quality", "RSRQ (dB)", 0 },
	{ "overlap.tif", RASTER, "Quality", "Overlapping cells", 0 },
	{ "rsrp.tif", RASTER, "Coverage", "RSRP (dBm)", 1 },
	{ "best_server.tif", RASTER, "Coverage", "Best server", 0 },
	{ "rsrp_classes", VECTOR, "Coverage", "RSRP classes (polygons)", 0 },
	{ "best_server", VECTOR, "Coverage", "Best server areas (polygons)", 0 },
	{ "hillshade.tif", RASTER, "Terrain", "Hillshade", 1 },
};
#define N_LAYERS (sizeof(layers) / sizeof(layers[0]))

/* The hillshade has no .qml: grey, under everything.  Its no-data pixels
 * (DEM voids) are drawn as flat ground, 181 (gdaldem's hillshade of a
 * level surface with the sun at 45 deg, as the sea and rsrp.png's voids),
 * not left transparent over QGIS's white canvas (a white box). */
static const char hillshade_style[] =
	"<pipe>\n<rasterrenderer type=\"singlebandgray\" grayBand=\"1\" opacity=\"1\" "
	"alphaBand=\"-1\" gradient=\"BlackToWhite\" nodataColor=\"181,181,181,255\">\n"
	"<rasterTransparency/>\n"
	"<contrastEnhancement><minValue>0</minValue><maxValue>255</maxValue>"
	"<algorithm>StretchToMinimumMaximum</algorithm></contrastEnhancement>\n"
	"</rasterrenderer>\n<brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
	"</pipe>\n";

static const char wgs84[] =
	"<spatialrefsys><wkt>GEOGCRS[\"WGS 84\",DATUM[\"World Geodetic System 1984\","
	"ELLIPSOID[\"WGS 84\",6378137,298.257223563,LENGTHUNIT[\"metre\",1]]],"
	"PRIMEM[\"Greenwich\",0,ANGLEUNIT[\"degree\",0.0174532925199433]],CS[ellipsoidal,2],"
	"AXIS[\"geodetic latitude (Lat)\",north,ORDER[1],ANGLEUNIT[\"degree\",0.0174532925199433]],"
	"AXIS[\"geodetic longitude (Lon)\",east,ORDER[2],ANGLEUNIT[\"degree\",0.0174532925199433]],"
	"ID[\"EPSG\",4326]]</wkt><proj4>+proj=longlat +datum=WGS84 +no_defs</proj4>"
	"<srsid>3452</srsid><srid>4326</srid><authid>EPSG:4326</authid>"
	"<description>WGS 84</description><projectionacronym>longlat</projectionacronym>"
	"<ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>true</geographicflag>"
	"</spatialrefsys>";

struct project {
	const char *dir;
	const struct rf_grid *g;
	int present[N_LAYERS];
	char *style[N_LAYERS];   /* the QML's content inside <qgis>, owned */
};

/* The children of a QML document's <qgis> element. */
static char *qml_body(const char *qml)
{
	const char *open = strstr(qml, "<qgis");
	const char *start = open ? strchr(open, '>') : NULL;
	const char *end = strstr(qml, "</qgis>");
	if (!start || !end || end < start)
		return NULL;
	start++;
	size_t n = (size_t)(end - start);
	char *s = rf_xmalloc(n + 1);
	memcpy(s, start, n);
	s[n] = '\0';
	return s;
}

/* Vector styles from coverage.gpkg's layer_styles (default rows); no
 * vector layer when predict --products did not ask for coverage.gpkg. */
static int gpkg_styles(struct project *p, struct rf_error *err)
{
	char *path = rf_path_join(p->dir, GPKG);
	struct stat st;
	GDALDatasetH ds;
	OGRLayerH l;
	int rc = 0;
	if (stat(path, &st) != 0) {
		free(path);
		return 0;
	}
	ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
	l = ds ? GDALDatasetGetLayerByName(ds, "layer_styles") : NULL;
	if (!ds || !l) {
		rc = rf_error_set(err, "%s: no layer_styles table: %s", path,
				  CPLGetLastErrorMsg());
		goto out;
	}
	for (size_t i = 0; i < N_LAYERS; i++) {
		if (layers[i].kind != VECTOR)
			continue;
		OGRFeatureH f;
		OGR_L_ResetReading(l);
		while ((f = OGR_L_GetNextFeature(l))) {
			int t = OGR_F_GetFieldIndex(f, "f_table_name");
			int q = OGR_F_GetFieldIndex(f, "styleQML");
			if (t >= 0 && q >= 0 && !p->style[i] &&
			    !strcmp(OGR_F_GetFieldAsString(f, t), layers[i].file))
				p->style[i] = qml_body(OGR_F_GetFieldAsString(f, q));
			OGR_F_Destroy(f);
		}
		p->present[i] = GDALDatasetGetLayerByName(ds, layers[i].file) != NULL;
		if (p->present[i] && !p->style[i])
			rc = rf_error_set(err, "%s: no style for layer %s", path, layers[i].file);
	}
out:
	if (ds)
		GDALClose(ds);
	free(path);
	return rc;
}

static int raster_styles(struct project *p, struct rf_error *err)
{
	for (size_t i = 0; i < N_LAYERS; i++) {
		struct stat st;
		if (layers[i].kind != RASTER)
			continue;
		char *tif = rf_path_join(p->dir, layers[i].file);
		p->present[i] = stat(tif, &st) == 0;
		free(tif);
		if (!p->present[i])
			continue;
		if (!strcmp(layers[i].file, "hillshade.tif")) {
			p->style[i] = rf_xstrdup(hillshade_style);
			continue;
		}
		char qml_name[256];
		snprintf(qml_name, sizeof(qml_name), "%.*s.qml",
			 (int)(strlen(layers[i].file) - 4), layers[i].file);
		char *qml_path = rf_path_join(p->dir, qml_name);
		size_t len;
		unsigned char *qml = rf_out_slurp(qml_path, &len, err);
		free(qml_path);
		if (!qml)
			return -1;
		char *text = rf_xmalloc(len + 1);
		memcpy(text, qml, len);
		text[len] = '\0';
		free(qml);
		p->style[i] = qml_body(text);
		free(text);
		if (!p->style[i])
			return rf_error_set(err, "%s/%s: not a QGIS style", p->dir, qml_name);
	}
	return 0;
}

/* Layer ids: the file with '.' -> '_' (unique in the table). */
static void layer_id(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "rfplan_%s", layers[i].file);
	for (char *s = buf; *s; s++)
		if (*s == '.')
			*s = '_';
}

static void write_tree(FILE *f, const struct project *p)
{
	char id[128];
	fputs("  <layer-tree-group>\n    <customproperties/>\n", f);
	for (size_t i = 0; i < N_LAYERS; i++) {
		size_t j;
		int first = 1, any = 0;
		for (j = 0; j < i; j++)
			first &= strcmp(layers[j].group, layers[i].group) != 0;
		if (!first)
			continue;
		for (j = i; j < N_LAYERS; j++)
			any |= p->present[j] && !strcmp(layers[j].group, layers[i].group);
		if (!any)
			continue;
		fprintf(f, "    <layer-tree-group name=\"%s\" checked=\"Qt::Checked\" "
			"expanded=\"1\">\n      <customproperties/>\n", layers[i].group);
		for (j = i; j < N_LAYERS; j++) {
			if (!p->present[j] || strcmp(layers[j].group, layers[i].group))
				continue;
			layer_id(j, id, sizeof(id));
			fprintf(f, "      <layer-tree-layer id=\"%s\" name=\"", id);
			rf_out_xml_escaped(f, layers[j].title);
			fprintf(f, "\" source=\"%s%s\" providerKey=\"%s\" checked=\"%s\" "
				"expanded=\"%d\">\n        <customproperties/>\n"
				"      </layer-tree-layer>\n",
				layers[j].kind == VECTOR ? "./" GPKG "|layername=" : "./",
				layers[j].file, layers[j].kind == VECTOR ? "ogr" : "gdal",
				layers[j].visible ? "Qt::Checked" : "Qt::Unchecked",
				layers[j].visible);
		}
		fputs("    </layer-tree-group>\n", f);
	}
	fputs("  </layer-tree-group>\n", f);
}

static void write_layers(FILE *f, const struct project *p)
{
	const struct rf_grid *g = p->g;
	char id[128];
	fputs("  <projectlayers>\n", f);
	for (size_t i = 0; i < N_LAYERS; i++) {
		if (!p->present[i])
			continue;
		int vec = layers[i].kind == VECTOR;
		layer_id(i, id, sizeof(id));
		fprintf(f, "    <maplayer type=\"%s\"%s autoRefreshEnabled=\"0\" "
			"refreshOnNotifyEnabled=\"0\">\n", vec ? "vector" : "raster",
			!vec ? "" : strcmp(layers[i].file, "sites") ? " geometry=\"Polygon\""
			: " geometry=\"Point\"");
		fprintf(f, "      <extent><xmin>%.10f</xmin><ymin>%.10f</ymin><xmax>%.10f</xmax>"
			"<ymax>%.10f</ymax></extent>\n", g->west_deg,
			g->north_deg - g->height * g->dlat_deg, g->west_deg + g->width * g->dlon_deg,
			g->north_deg);
		fprintf(f, "      <id>%s</id>\n      <datasource>%s%s</datasource>\n", id,
			vec ? "./" GPKG "|layername=" : "./", layers[i].file);
		fputs("      <layername>", f);
		rf_out_xml_escaped(f, layers[i].title);
		fprintf(f, "</layername>\n      <srs>%s</srs>\n      <provider>%s</provider>\n",
			wgs84, vec ? "ogr" : "gdal");
		fputs(p->style[i], f);
		fputs("\n    </maplayer>\n", f);
	}
	fputs("  </projectlayers>\n", f);
}

static int write_project(FILE *f, const void *ctx)
{
	const struct project *p = ctx;
	const struct rf_grid *g = p->g;
	char id[128];
	fputs("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
	      "<qgis projectname=\"rfplan prediction\" version=\"3.22.0\">\n"
	      "  <title>rfplan prediction</title>\n"
	      "  <projectCrs>", f);
	fputs(wgs84, f);
	fputs("</projectCrs>\n", f);
	write_tree(f, p);
	fprintf(f, "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n"
		"    <units>degrees</units>\n    <extent><xmin>%.10f</xmin><ymin>%.10f</ymin>"
		"<xmax>%.10f</xmax><ymax>%.10f</ymax></extent>\n    <rotation>0</rotation>\n"
		"    <destinationsrs>%s</destinationsrs>\n  </mapcanvas>\n", g->west_deg,
		g->north_deg - g->height * g->dlat_deg, g->west_deg + g->width * g->dlon_deg,
		g->north_deg, wgs84);
	fputs("  <layerorder>\n", f);
	for (size_t i = 0; i < N_LAYERS; i++)
		if (p->present[i]) {
			layer_id(i, id, sizeof(id));
			fprintf(f, "    <layer id=\"%s\"/>\n", id);
		}
	fputs("  </layerorder>\n", f);
	write_layers(f, p);
	fputs("  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n"
	      "    </Paths>\n  </properties>\n</qgis>\n", f);
	return ferror(f) ? -1 : 0;
}

int rf_write_qgis_project(const char *dir, const struct rf_grid *g, struct rf_error *err)
{
	struct project p;
	int rc;
	memset(&p, 0, sizeof(p));
	p.dir = dir;
	p.g = g;
	char *path = rf_path_join(dir, "project.qgs");
	rc = raster_styles(&p, err);
	if (!rc)
		rc = gpkg_styles(&p, err);
	if (!rc)
		rc = rf_out_write_text(path, write_project, &p, err);
	for (size_t i = 0; i < N_LAYERS; i++)
		free(p.style[i]);
	free(path);
	return rc;
}

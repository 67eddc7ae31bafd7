/* QML styles of the coverage.gpkg layers (gis_styles.h): QGIS 3 vector
 * renderers (singleSymbol, categorizedSymbol) and simple labelling, in the
 * form QGIS 3.22 writes them (Layer Properties > Style > Save Style). */
#include "gis_styles.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/output_util.h"

#define QML_HEAD "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" \
	"<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\">\n"

static void opt(FILE *f, const char *name, const char *value)
{
	fprintf(f, "          <Option name=\"%s\" type=\"QString\" value=\"%s\"/>\n", name, value);
}

/* A fill symbol: colour "R,G,B,A", outline colour and width (mm). */
static void fill_symbol(FILE *f, const char *name, const char *rgba, const char *outline,
			const char *width_mm)
{
	fprintf(f, "      <symbol type=\"fill\" name=\"%s\" alpha=\"1\" clip_to_extent=\"1\" "
		"force_rhr=\"0\">\n        <layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" "
		"locked=\"0\">\n          <Option type=\"Map\">\n", name);
	opt(f, "color", rgba);
	opt(f, "style", "solid");
	opt(f, "outline_color", outline);
	opt(f, "outline_style", "solid");
	opt(f, "outline_width", width_mm);
	opt(f, "outline_width_unit", "MM");
	opt(f, "joinstyle", "miter");
	fputs("          </Option>\n        </layer>\n      </symbol>\n", f);
}

/* Labels of field or expression `field`: black text with a white buffer. */
static void labels(FILE *f, const char *field, int is_expr, const char *size_pt, int placement)
{
	fprintf(f, "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
		"      <text-style fieldName=\"%s\" isExpression=\"%d\" fontFamily=\"Sans Serif\" "
		"fontSize=\"%s\" fontSizeUnit=\"Point\" fontWeight=\"75\" "
		"textColor=\"0,0,0,255\" textOpacity=\"1\" namedStyle=\"Bold\"/>\n"
		"      <text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferSizeUnits=\"MM\" "
		"bufferColor=\"255,255,255,255\" bufferOpacity=\"1\" bufferJoinStyle=\"128\"/>\n"
		"      <placement placement=\"%d\" dist=\"1.5\" distUnits=\"MM\" "
		"offsetType=\"0\" priority=\"8\"/>\n"
		"      <rendering obstacle=\"1\" displayAll=\"1\" upsidedownLabels=\"0\" "
		"scaleVisibility=\"0\" fontLimitPixelSize=\"0\"/>\n"
		"    </settings>\n  </labeling>\n", field, is_expr, size_pt, placement);
}

/* *buf is only valid after fclose (open_memstream). */
static char *finish(FILE *f, char **buf)
{
	fputs("</qgis>\n", f);
	fclose(f);
	return *buf;
}

static FILE *start(char **buf)
{
	size_t len;
	FILE *f = open_memstream(buf, &len);
	if (!f)
		abort();   /* out of memory, as rf_xmalloc */
	fputs(QML_HEAD, f);
	return f;
}

char *rf_style_sites(void)
{
	char *buf;
	FILE *f = start(&buf);
	fputs("  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
	      "enableorderby=\"0\">\n    <symbols>\n      <symbol type=\"marker\" name=\"0\" "
	      "alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n        <layer "
	      "class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
	      "          <Option type=\"Map\">\n", f);
	opt(f, "name", "circle");
	opt(f, "color", "255,255,255,255");
	opt(f, "outline_color", "0,0,0,255");
	opt(f, "outline_style", "solid");
	opt(f, "outline_width", "0.6");
	opt(f, "outline_width_unit", "MM");
	opt(f, "size", "3.2");
	opt(f, "size_unit", "MM");
	fputs("          </Option>\n        </layer>\n      </symbol>\n    </symbols>\n"
	      "  </renderer-v2>\n", f);
	labels(f, "name", 0, "9", 0);   /* 0: around the point */
	return finish(f, &buf);
}

char *rf_style_cells(void)
{
	char *buf;
	FILE *f = start(&buf);
	fputs("  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
	      "enableorderby=\"0\">\n    <symbols>\n", f);
	fill_symbol(f, "0", "40,40,40,40", "30,30,30,255", "0.4");
	fputs("    </symbols>\n  </renderer-v2>\n", f);
	/* 1: over the wedge's centroid; an omni cell's circle is centred on its
	 * site, whose marker and name say it already */
	labels(f, "CASE WHEN beamwidth_deg &lt; 360 THEN label END", 1, "8", 1);
	return finish(f, &buf);
}

char *rf_style_rsrp_classes(const struct rf_color_scheme *s)
{
	char *buf, rgba[32], name[24];
	FILE *f = start(&buf);
	fputs("  <renderer-v2 type=\"categorizedSymbol\" attr=\"class\" symbollevels=\"0\" "
	      "forceraster=\"0\" enableorderby=\"0\">\n    <categories>\n", f);
	for (int i = 0; i < s->n; i++) {
		fprintf(f, "      <category render=\"true\" value=\"%d\" symbol=\"%d\" label=\"",
			i, i);
		rf_out_xml_escaped(f, s->classes[i].label ? s->classes[i].label : "");
		fputs("\"/>\n", f);
	}
	fputs("    </categories>\n    <symbols>\n", f);
	for (int i = 0; i < s->n; i++) {
		const unsigned char *c = s->classes[i].rgba;
		snprintf(rgba, sizeof(rgba), "%d,%d,%d,%d", c[0], c[1], c[2], c[3]);
		snprintf(name, sizeof(name), "%d", i);
		fill_symbol(f, name, rgba, "0,0,0,0", "0");
	}
	fputs("    </symbols>\n  </renderer-v2>\n", f);
	return finish(f, &buf);
}

char *rf_style_best_server(const struct rf_cells *cells)
{
	char *buf, rgba[32], name[24], label[256];
	FILE *f = start(&buf);
	fputs("  <renderer-v2 type=\"categorizedSymbol\" attr=\"cell_index\" symbollevels=\"0\" "
	      "forceraster=\"0\" enableorderby=\"0\">\n    <categories>\n", f);
	for (size_t i = 0; i < cells->count; i++) {
		rf_cell_label(&cells->items[i], label, sizeof(label));
		fprintf(f, "      <category render=\"true\" value=\"%zu\" symbol=\"%zu\" label=\"",
			i, i);
		rf_out_xml_escaped(f, label);
		fputs("\"/>\n", f);
	}
	fputs("    </categories>\n    <symbols>\n", f);
	for (size_t i = 0; i < cells->count; i++) {
		unsigned char c[3];
		rf_palette_color((int)i, c);
		snprintf(rgba, sizeof(rgba), "%d,%d,%d,255", c[0], c[1], c[2]);
		snprintf(name, sizeof(name), "%zu", i);
		fill_symbol(f, name, rgba, "60,60,60,255", "0.2");
	}
	fputs("    </symbols>\n  </renderer-v2>\n", f);
	return finish(f, &buf);
}

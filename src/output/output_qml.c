/* QGIS 3 layer styles (.qml).  The structure follows what QGIS 3.22 itself
 * writes with QgsMapLayer::saveNamedStyle for a singlebandpseudocolor and a
 * paletted raster renderer (qgis/QGIS src/core/raster/
 * qgssinglebandpseudocolorrenderer.cpp, qgspalettedrasterrenderer.cpp,
 * qgscolorrampshader.cpp); only the elements those renderers read are kept. */
#include "rfplan/output.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "core/output_util.h"

static void qml_head(FILE *f, const char *renderer_attrs)
{
	fputs("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
	      "<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\""
	      " hasScaleBasedVisibilityFlag=\"0\" maxScale=\"0\" minScale=\"1e+08\">\n"
	      "  <pipe>\n"
	      "    <provider>\n"
	      "      <resampling enabled=\"false\" zoomedInResamplingMethod=\"nearestNeighbour\""
	      " zoomedOutResamplingMethod=\"nearestNeighbour\" maxOversampling=\"2\"/>\n"
	      "    </provider>\n", f);
	fprintf(f, "    <rasterrenderer %s band=\"1\" opacity=\"1\" alphaBand=\"-1\""
		   " nodataColor=\"\">\n", renderer_attrs);
	fputs("      <rasterTransparency/>\n"
	      "      <minMaxOrigin>\n"
	      "        <limits>None</limits>\n"
	      "        <extent>WholeRaster</extent>\n"
	      "        <statAccuracy>Estimated</statAccuracy>\n"
	      "        <cumulativeCutLower>0.02</cumulativeCutLower>\n"
	      "        <cumulativeCutUpper>0.98</cumulativeCutUpper>\n"
	      "        <stdDevFactor>2</stdDevFactor>\n"
	      "      </minMaxOrigin>\n", f);
}

static void qml_tail(FILE *f)
{
	fputs("    </rasterrenderer>\n"
	      "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
	      "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" invertColors=\"0\""
	      " colorizeOn=\"0\" colorizeRed=\"255\" colorizeGreen=\"128\" colorizeBlue=\"128\""
	      " colorizeStrength=\"100\"/>\n"
	      "    <rasterresampler maxOversampling=\"2\"/>\n"
	      "    <resamplingStage>resamplingFilter</resamplingStage>\n"
	      "  </pipe>\n"
	      "  <blendMode>0</blendMode>\n"
	      "</qgis>\n", f);
}

static void qml_item(FILE *f, const char *elem, const char *value, const unsigned char rgba[4],
		     const char *label)
{
	fprintf(f, "          <%s value=\"%s\" color=\"#%02x%02x%02x\" alpha=\"%d\" label=\"", elem,
		value, rgba[0], rgba[1], rgba[2], rgba[3]);
	rf_out_xml_escaped(f, label);
	fputs("\"/>\n", f);
}

/* The largest value that must still fall into the class below `lower`.
 * QGIS's DISCRETE shader gives a value the colour of the first item (in
 * ascending order) with value <= item + 1e-7 (qgscolorrampshader.cpp,
 * DOUBLE_DIFF_THRESHOLD), i.e. item values are inclusive upper bounds, while
 * rfplan's classes include their lower bound.  So each item sits one Float32
 * step below the next class's lower bound, and at least 1e-6 below it so the
 * threshold cannot reach across. */
static double item_upper(double lower)
{
	double below = (double)nextafterf((float)lower, -INFINITY);

	if (lower - below < 1e-6)
		below = lower - 1e-6;
	return below;
}

static int finish(FILE *f, char *tmp, const char *path, struct rf_error *err)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad) {
		rf_out_abort(tmp);
		return rf_error_set(err, "%s: write error: %s", path, strerror(errno));
	}
	return rf_out_commit(tmp, path, err);
}

int rf_write_qml_classes(const char *path, const struct rf_color_scheme *s,
			 struct rf_error *err)
{
	static const unsigned char clear[4] = { 255, 255, 255, 0 };
	char attrs[160], value[40], label[64];
	FILE *f;
	char *tmp;
	int i;

	if (s->n < 1)
		return rf_error_set(err, "%s: colour scheme has no classes", path);
	tmp = rf_out_tmp_create(path, &f, err);
	if (!tmp)
		return -1;
	snprintf(attrs, sizeof(attrs),
		 "type=\"singlebandpseudocolor\" classificationMin=\"%.17g\" classificationMax=\"%.17g\"",
		 s->classes[s->n - 1].lower, s->classes[0].lower);
	qml_head(f, attrs);
	fprintf(f, "      <rastershader>\n"
		   "        <colorrampshader colorRampType=\"DISCRETE\" classificationMode=\"1\""
		   " clip=\"0\" minimumValue=\"%.17g\" maximumValue=\"%.17g\">\n",
		s->classes[s->n - 1].lower, s->classes[0].lower);
	/* Below the last class: transparent. */
	snprintf(value, sizeof(value), "%.17g", item_upper(s->classes[s->n - 1].lower));
	snprintf(label, sizeof(label), "below %g (not shown)", s->classes[s->n - 1].lower);
	qml_item(f, "item", value, clear, label);
	for (i = s->n - 1; i >= 0; i--) {
		if (i > 0)
			snprintf(value, sizeof(value), "%.17g", item_upper(s->classes[i - 1].lower));
		else
			snprintf(value, sizeof(value), "inf");
		qml_item(f, "item", value, s->classes[i].rgba, s->classes[i].label);
	}
	fputs("          <rampLegendSettings useContinuousLegend=\"0\" orientation=\"2\""
	      " direction=\"0\" prefix=\"\" suffix=\"\" minimumLabel=\"\" maximumLabel=\"\"/>\n"
	      "        </colorrampshader>\n"
	      "      </rastershader>\n", f);
	qml_tail(f);
	return finish(f, tmp, path, err);
}

int rf_write_qml_palette(const char *path, int n, const char *const *labels,
			 struct rf_error *err)
{
	FILE *f;
	char *tmp;
	char value[16];
	int i;

	if (n < 1)
		return rf_error_set(err, "%s: palette has no entries", path);
	tmp = rf_out_tmp_create(path, &f, err);
	if (!tmp)
		return -1;
	qml_head(f, "type=\"paletted\"");
	fputs("      <colorPalette>\n", f);
	for (i = 0; i < n; i++) {
		unsigned char rgba[4];
		rf_palette_color(i, rgba);
		rgba[3] = 255;
		snprintf(value, sizeof(value), "%d", i);
		qml_item(f, "paletteEntry", value, rgba, labels[i]);
	}
	fputs("      </colorPalette>\n", f);
	qml_tail(f);
	return finish(f, tmp, path, err);
}

/* Writing results: Cloud Optimized GeoTIFFs, QGIS styles, PNG + world file
 * + legend, KMZ, CSV.  Every writer writes to a temporary name in the target
 * directory and renames it into place when complete. */
#ifndef RFPLAN_OUTPUT_H
#define RFPLAN_OUTPUT_H

#include <stdint.h>

#include "rfplan/error.h"
#include "rfplan/grid.h"

/* Nodata of the Float32 maps (rsrp, sinr, rsrq ... .tif). */
#define RF_MAP_NODATA (-9999.0)

/* Colour classes of a value map: class i covers [lower[i], lower[i-1]) with
 * lower sorted descending; values below the last lower bound are not shown. */
struct rf_color_class {
	double lower;           /* lower bound of the class (e.g. -90 dBm) */
	unsigned char rgba[4];
	const char *label;      /* e.g. ">= -90 dBm" */
};

struct rf_color_scheme {
	const char *title;      /* "RSRP (dBm)" */
	int n;
	const struct rf_color_class *classes;
};

/* Room for one class label in rf_rsrp_scheme's label_buf: "%g to %g UNIT"
 * of any two doubles (13 characters each at most) and a unit, uncut. */
#define RF_LABEL_MAX 48

/* The standard RSRP classes for edges (descending, dBm), e.g. -80 .. -120;
 * class_buf must hold n_edges entries, label_buf n_edges*RF_LABEL_MAX chars
 * (out points into both).  Labels: ">= -80 dBm", "-90 to -80 dBm", ...
 * Colours (doc/outputs.md): 5 classes get dark green #1a9641, light green
 * #a6d96a, yellow #ffff00, orange #fdae61, red #d7191c from strong to weak;
 * other counts are spread evenly along that ramp. */
void rf_rsrp_scheme(const double *edges_dbm, int n_edges, struct rf_color_class *class_buf,
		    char *label_buf, struct rf_color_scheme *out);

/* Index of the class of value (the first i with value >= lower[i]), or -1
 * when value is NAN or below the last class. */
int rf_scheme_class(const struct rf_color_scheme *s, double value);

/* The colour of value `index` in paletted maps (best server): golden-angle
 * hue steps, distinct for neighbouring indices, deterministic. */
void rf_palette_color(int index, unsigned char rgb[3]);

/* Float32 GeoTIFF (COG where GDAL can: tiled, DEFLATE, overviews), EPSG:4326,
 * NAN in data -> nodata value `nodata`. description goes in the band. */
int rf_write_geotiff_f32(const char *path, const struct rf_grid *g, const float *data,
			 double nodata, const char *description, struct rf_error *err);
/* Integer raster (best server index, overlap count). */
int rf_write_geotiff_u16(const char *path, const struct rf_grid *g, const uint16_t *data,
			 uint16_t nodata, const char *description, struct rf_error *err);
/* Byte raster (line-of-sight map). */
int rf_write_geotiff_u8(const char *path, const struct rf_grid *g, const uint8_t *data,
			uint8_t nodata, const char *description, struct rf_error *err);

/* QGIS 3 style (.qml) with a classed colour ramp and legend for a value map:
 * a singlebandpseudocolor renderer with a DISCRETE colour ramp shader whose
 * classes match rf_scheme_class exactly for Float32 data; values below the
 * last class are transparent. */
int rf_write_qml_classes(const char *path, const struct rf_color_scheme *s,
			 struct rf_error *err);
/* QGIS paletted style: one distinct colour per integer value 0..n-1 with a
 * label (best server: "SITE/CELL"); colours from rf_palette_color. */
int rf_write_qml_palette(const char *path, int n, const char *const *labels,
			 struct rf_error *err);

/* PNG of a value map in the scheme's colours, transparent where NAN or below
 * the last class; writes PATH (.png), its world file (PATH with .pgw in place
 * of .png, or appended) and a legend image legend_path (title and one colour
 * swatch + label per class, drawn with a built-in 5x7 font). */
int rf_write_png_map(const char *png_path, const char *legend_path,
		     const struct rf_grid *g, const float *data,
		     const struct rf_color_scheme *s, struct rf_error *err);

/* Legend image of a scheme alone (what rf_write_png_map writes to
 * legend_path): the title, then one swatch and label per class. */
int rf_write_legend_png(const char *path, const struct rf_color_scheme *s,
			struct rf_error *err);

/* Google Earth KMZ: the PNG as a ground overlay over the grid's bounds and
 * the legend as a screen overlay (bottom left); the zip holds doc.kml and the
 * two PNGs under their base names.  name: the document's name in KML. */
int rf_write_kmz(const char *kmz_path, const char *png_path, const char *legend_path,
		 const struct rf_grid *g, const char *name, struct rf_error *err);

#endif

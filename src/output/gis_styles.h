/* QGIS 3 styles (QML documents) of the coverage.gpkg layers, stored in its
 * layer_styles table (gis_gpkg.c) and embedded from there in project.qgs
 * (gis_qgs.c).  Each returns a malloc'd NUL-terminated string. */
#ifndef RFPLAN_GIS_STYLES_H
#define RFPLAN_GIS_STYLES_H

#include "rfplan/cells.h"
#include "rfplan/output.h"

/* White circles with a black outline, labelled with the site's name. */
char *rf_style_sites(void);
/* Translucent wedges with a dark outline, labelled SITE/CELL. */
char *rf_style_cells(void);
/* Categorized on `class`: the scheme's colours and labels. */
char *rf_style_rsrp_classes(const struct rf_color_scheme *s);
/* Categorized on `cell_index`: rf_palette_color, labelled SITE/CELL. */
char *rf_style_best_server(const struct rf_cells *cells);

#endif

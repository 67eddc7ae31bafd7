"""Map layers of rfplan pci's CSV files (doc/qgis.md): rfplan pci writes
tables without geometry, so the plugin shows them on the prediction's
sector wedges (coverage.gpkg, layer cells) through QGIS virtual layers
(a SQL join kept in the project, reading the files as they are: nothing
is written beside rfplan's outputs).

- the plan: each cell's wedge with its planned PCI, coloured by PCI mod 3
  (the PSS sequence N_ID^(2), TS 36.211 6.11.1), outlined red where a
  conflict is left, labelled SITE/CELL, PCI and the conflicts left;
- the audit: a line per conflict between the two cells' wedges
  (centroids), coloured by type, labelled with the type and the PCIs."""
import os

from qgis.core import (QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsLineSymbol,
                       QgsPalLayerSettings, QgsRendererCategory, QgsRuleBasedRenderer,
                       QgsTextBufferSettings, QgsTextFormat, QgsVectorLayer,
                       QgsVectorLayerSimpleLabeling, QgsVirtualLayerDefinition, QgsWkbTypes)
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QColor, QFont

# PCI mod 3 classes: three colours that stay apart for colour-blind
# readers (ColorBrewer Set2)
MOD3_COLOURS = ("#66c2a5", "#fc8d62", "#8da0cb")
CONFLICT_COLOUR = "#d7191c"
# conflict type -> (colour, width mm, pen style, offset mm), most severe
# first (doc/planning.md's order); a confusion may join the cells of a
# collision: drawn beside it
CONFLICT_STYLES = (("collision", "#d7191c", 1.4, "solid", 0),
                   ("confusion", "#7b3294", 1.1, "dash", 1.5),
                   ("mod30", "#fdae61", 0.9, "solid", 0),
                   ("mod3", "#e6ab02", 0.9, "dot", 0))


def csv_uri(path):
    """A delimited-text source of PATH, every column as text (the ids
    compare as text with the GeoPackage's)."""
    return QUrl.fromLocalFile(os.path.abspath(path)).toString() + "?type=csv&detectTypes=no&geomType=none"


def table_layer(path, name):
    return QgsVectorLayer(csv_uri(path), name, "delimitedtext")


def _virtual(cells_gpkg, csv_path, csv_name, query, wkb_type, name):
    d = QgsVirtualLayerDefinition()
    d.addSource("cells", os.path.abspath(cells_gpkg) + "|layername=cells", "ogr")
    d.addSource(csv_name, csv_uri(csv_path), "delimitedtext")
    d.setQuery(query)
    d.setGeometryField("geometry")
    d.setGeometryWkbType(wkb_type)
    d.setGeometrySrid(4326)
    return QgsVectorLayer(d.toString(), name, "virtual")


def _labels(layer, expression, size_pt, placement=None, all_labels=False):
    fmt = QgsTextFormat()
    font = QFont()
    font.setBold(True)
    fmt.setFont(font)
    fmt.setSize(size_pt)
    fmt.setColor(QColor("#111111"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(1.0)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    pal = QgsPalLayerSettings()
    pal.fieldName = expression
    pal.isExpression = True
    pal.setFormat(fmt)
    if placement is not None:
        pal.placement = placement
    pal.displayAll = all_labels     # every conflict named, even where labels crowd
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def plan_layer(prediction, pci_csv, name):
    """The PCI plan on the cells' wedges (None without coverage.gpkg)."""
    gpkg = os.path.join(prediction, "coverage.gpkg")
    if not os.path.exists(gpkg):
        return None
    layer = _virtual(gpkg, pci_csv, "plan",
                     "SELECT c.geometry AS geometry, p.site_id AS site_id, p.cell_id AS cell_id, "
                     "c.label AS label, CAST(p.pci AS INTEGER) AS pci, "
                     "CAST(p.frequency_mhz AS REAL) AS frequency_mhz, "
                     "CAST(p.collision AS INTEGER) AS collision, CAST(p.confusion AS INTEGER) AS confusion, "
                     "CAST(p.mod30 AS INTEGER) AS mod30, CAST(p.mod3 AS INTEGER) AS mod3 "
                     "FROM plan p JOIN cells c ON c.site_id = p.site_id AND c.cell_id = p.cell_id",
                     QgsWkbTypes.Polygon, name)
    if not layer.isValid():
        return layer
    conflict = '("collision" + "confusion" + "mod30" + "mod3") > 0'
    root = QgsRuleBasedRenderer.Rule(None)
    for k, colour in enumerate(MOD3_COLOURS):
        sym = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#333333",
                                          "outline_width": "0.3", "outline_width_unit": "MM"})
        sym.setOpacity(0.8)
        root.appendChild(QgsRuleBasedRenderer.Rule(sym, filterExp='"pci" %% 3 = %d' % k,
                                                   label="PCI mod 3 = %d" % k))
    # drawn over the fill: the cells a conflict is left on
    ring = QgsFillSymbol.createSimple({"style": "no", "outline_color": CONFLICT_COLOUR,
                                       "outline_width": "1.0", "outline_width_unit": "MM"})
    root.appendChild(QgsRuleBasedRenderer.Rule(ring, filterExp=conflict, label="conflict left (red outline)"))
    layer.setRenderer(QgsRuleBasedRenderer(root))
    # SITE/CELL, PCI N and the conflicts left, e.g. "PCI 0 (mod3)"
    kinds = " || ".join("if(\"%s\" > 0, ' %s', '')" % (k[0], k[0]) for k in CONFLICT_STYLES)
    _labels(layer, "\"label\" || '\\n' || 'PCI ' || \"pci\" || "
            "if(%s, ' (' || trim(%s) || ')', '')" % (conflict, kinds), 9)
    return layer


def audit_layer(prediction, conflicts_csv, name):
    """The audit's conflicts as lines between the cells (None without
    coverage.gpkg)."""
    gpkg = os.path.join(prediction, "coverage.gpkg")
    if not os.path.exists(gpkg):
        return None
    layer = _virtual(gpkg, conflicts_csv, "conflicts",
                     "SELECT make_line(ST_Centroid(a.geometry), ST_Centroid(b.geometry)) AS geometry, "
                     "k.type AS type, k.site_id AS site_id, k.cell_id AS cell_id, "
                     "k.other_site_id AS other_site_id, k.other_cell_id AS other_cell_id, "
                     "CAST(k.pci AS INTEGER) AS pci, CAST(k.other_pci AS INTEGER) AS other_pci, "
                     "k.via_site_id AS via_site_id, k.via_cell_id AS via_cell_id, "
                     "CAST(k.frequency_mhz AS REAL) AS frequency_mhz, CAST(k.weight AS REAL) AS weight "
                     "FROM conflicts k "
                     "JOIN cells a ON a.site_id = k.site_id AND a.cell_id = k.cell_id "
                     "JOIN cells b ON b.site_id = k.other_site_id AND b.cell_id = k.other_cell_id",
                     QgsWkbTypes.LineString, name)
    if not layer.isValid():
        return layer
    cats = []
    for kind, colour, width, style, offset in CONFLICT_STYLES:
        sym = QgsLineSymbol.createSimple({"line_color": colour, "line_width": str(width),
                                          "line_width_unit": "MM", "line_style": style,
                                          "capstyle": "round", "offset": str(offset), "offset_unit": "MM"})
        cats.append(QgsRendererCategory(kind, sym, kind))
    layer.setRenderer(QgsCategorizedSymbolRenderer("type", cats))
    _labels(layer, "\"type\" || ' ' || \"pci\" || '/' || \"other_pci\" || "
            "if(\"via_site_id\" IS NOT NULL AND \"via_site_id\" != '', "
            "' via ' || \"via_site_id\" || '/' || \"via_cell_id\", '')", 8, QgsPalLayerSettings.Horizontal,
            all_labels=True)
    return layer

"""Loading rfplan's outputs into a QGIS project with their styles
(doc/outputs.md): the layers of predict's project.qgs (groups, order,
styles and labels as rfplan wrote them), a GeoTIFF with its .qml sidecar,
a GeoPackage layer with the style stored in it, a CSV table, rfplan pci's
CSV files on the prediction's cells (pci_layers.py)."""
import os

from qgis.core import QgsLayerTree, QgsProject, QgsRasterLayer, QgsVectorLayer

from . import pci_layers


def _top_group(project, name):
    return project.layerTreeRoot().insertGroup(0, name)


def _adopt_crs(project, crs):
    """An empty project takes the CRS of the first thing loaded into it."""
    if not project.mapLayers() and crs.isValid():
        project.setCrs(crs)


def load_project_layers(path, project, group_name, feedback):
    """Copy every layer of the project file PATH (a run's project.qgs) into
    PROJECT under a new top group GROUP_NAME, keeping its groups, order,
    visibility and styles.  Returns the list of layers added."""
    src = QgsProject()
    if not src.read(path):
        raise RuntimeError("%s: QGIS cannot read this project: %s" % (path, src.error()))
    _adopt_crs(project, src.crs())
    added = []
    top = _top_group(project, group_name)

    def copy(node, parent):
        for child in node.children():
            if QgsLayerTree.isGroup(child):
                group = parent.addGroup(child.name())
                group.setItemVisibilityChecked(child.itemVisibilityChecked())
                group.setExpanded(child.isExpanded())
                copy(child, group)
            elif QgsLayerTree.isLayer(child):
                layer = child.layer()
                if layer is None or not layer.isValid():
                    feedback.reportError("%s: layer '%s' is not valid; not loaded" % (path, child.name()))
                    continue
                clone = layer.clone()
                project.addMapLayer(clone, False)
                node_new = parent.addLayer(clone)
                node_new.setItemVisibilityChecked(child.itemVisibilityChecked())
                node_new.setExpanded(child.isExpanded())
                added.append(clone)

    copy(src.layerTreeRoot(), top)
    return added


def load_raster(path, project, name, feedback, group_name=None):
    """A GeoTIFF with its NAME.qml sidecar (when there is one)."""
    layer = QgsRasterLayer(path, name)
    if not layer.isValid():
        raise RuntimeError("%s: QGIS cannot open this raster" % path)
    qml = os.path.splitext(path)[0] + ".qml"
    if os.path.exists(qml):
        msg, ok = layer.loadNamedStyle(qml)
        if not ok:
            feedback.reportError("%s: style not applied: %s" % (qml, msg))
    _adopt_crs(project, layer.crs())
    _add(project, layer, group_name)
    return layer


def load_vector(uri, project, name, feedback, group_name=None, provider="ogr"):
    """A vector layer; OGR sources apply their default style (a
    GeoPackage's layer_styles table) on opening."""
    layer = QgsVectorLayer(uri, name, provider)
    if not layer.isValid():
        raise RuntimeError("%s: QGIS cannot open this layer" % uri)
    _adopt_crs(project, layer.crs())
    _add(project, layer, group_name)
    return layer


def load_table(path, project, name, feedback, group_name=None):
    """A CSV file as a table (no geometry; every column as text)."""
    layer = pci_layers.table_layer(path, name)
    if not layer.isValid():
        raise RuntimeError("%s: QGIS cannot open this table" % path)
    _add(project, layer, group_name)
    return layer


def load_pci(audit, path, prediction, project, feedback, group_name):
    """rfplan pci's CSV (the plan, or with AUDIT the conflicts) on the
    sector wedges of PREDICTION's coverage.gpkg, styled, and the CSV as a
    table; the table only when the prediction has no coverage.gpkg."""
    name = os.path.splitext(os.path.basename(path))[0]
    make = pci_layers.audit_layer if audit else pci_layers.plan_layer
    layer = make(prediction, path, "PCI conflicts" if audit else "PCI plan")
    if layer is None:
        feedback.pushInfo("%s: no coverage.gpkg, so the PCIs load as a table only" % prediction)
    elif not layer.isValid():
        feedback.reportError("%s: the map layer is not valid: %s" % (path, layer.dataProvider().error().message()))
    else:
        _adopt_crs(project, layer.crs())
        _add(project, layer, group_name)
    load_table(path, project, name, feedback, group_name)


def _add(project, layer, group_name):
    if group_name is None:
        project.addMapLayer(layer)
        return
    root = project.layerTreeRoot()
    group = root.findGroup(group_name) or root.insertGroup(0, group_name)
    project.addMapLayer(layer, False)
    group.addLayer(layer)


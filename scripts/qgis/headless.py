"""The start that rfplan's headless QGIS scripts share (screenshots.py,
screenshots_planning.py, plugin_check.py): QGIS offscreen with Processing
and the rfplan plugin loaded as QGIS loads it (classFactory,
initProcessing), the bundled sample imported through the plugin, and the
screenshots' layers panel beside the map canvas."""
import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())

from qgis.core import QgsApplication, QgsLayerTreeModel  # noqa: E402
from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsLayerTreeView, QgsMapCanvas  # noqa: E402
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtWidgets import QHBoxLayout, QWidget  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def start(plugin_parent=HERE, gui=True):
    """QGIS (with widgets when gui), Processing and the rfplan plugin found
    in plugin_parent/rfplan; returns (app, plugin): keep both."""
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    sys.path.insert(0, plugin_parent)
    app = QgsApplication([], gui)
    app.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()
    import rfplan
    plugin = rfplan.classFactory(None)
    plugin.initProcessing()
    return app, plugin


def sample_copy():
    """A copy of samples/island in a new temporary folder TMP; returns
    (TMP, the copy, TMP/ws for its workspace, TMP/island_itm for a prediction)."""
    tmp = tempfile.mkdtemp(prefix="rfplan-shots-")
    sample = os.path.join(tmp, "island")
    shutil.copytree(os.path.join(ROOT, "samples", "island"), sample)
    return tmp, sample, os.path.join(tmp, "ws"), os.path.join(tmp, "island_itm")


def import_sample(sample, ws, feedback=None):
    """rfplan:import of the sample copy at 30 m into ws (not loaded)."""
    import processing
    processing.run("rfplan:import", {
        "DEM": [os.path.join(sample, "dem_mga48.tif")],
        "CLUTTER": os.path.join(sample, "clutter_mga48.tif"),
        "CLUTTER_CLASSES": os.path.join(sample, "clutter_classes.csv"),
        "SITES_FILE": os.path.join(sample, "sites_acma.csv"),
        "CELLS": os.path.join(sample, "cells.csv"),
        "RES_M": 30, "OUTPUT": ws, "LOAD": False}, feedback=feedback)


def layers_and_map(app, project, panel_width_px, width_px, height_px):
    """QGIS's main parts: the project's layers panel (every group expanded)
    beside a map canvas in its CRS, shown; returns (window, view, canvas,
    bridge): keep the bridge, it keeps the canvas in sync."""
    root = project.layerTreeRoot()
    win = QWidget()
    box = QHBoxLayout(win)
    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(root, view))
    view.setFixedWidth(panel_width_px)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(Qt.white)
    bridge = QgsLayerTreeMapCanvasBridge(root, canvas)
    canvas.setDestinationCrs(project.crs())
    box.addWidget(view)
    box.addWidget(canvas)
    win.resize(width_px, height_px)
    win.show()
    app.processEvents()
    view.expandAll()
    return win, view, canvas, bridge


def render(app, canvas):
    """Draw every layer of the canvas and let the window repaint."""
    canvas.refreshAllLayers()
    canvas.waitWhileRendering()
    app.processEvents()
    canvas.waitWhileRendering()
    app.processEvents()


def save(widget, path):
    """A PNG of the widget; with Pillow reduced to 256 colours."""
    widget.grab().save(path)
    try:
        from PIL import Image
    except ImportError:
        return
    Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)

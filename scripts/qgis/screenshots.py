#!/usr/bin/python3
"""The screenshots of doc/qgis.md, taken headless (python3-qgis, offscreen):
the rfplan:predict dialog of the Processing toolbox, and QGIS after the
plugin ran rfplan:import and rfplan:predict on the bundled sample (layers
panel and map).

Usage: RFPLAN_BIN=build/rfplan /usr/bin/python3 scripts/qgis/screenshots.py OUTDIR
(writes OUTDIR/qgis_predict_dialog.png, qgis_predict_log.png and
qgis_predict_result.png; doc/img/ holds the committed ones; with Pillow the
PNGs are reduced to 256 colours to stay small)."""
import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())

from qgis.core import QgsApplication, QgsLayerTreeModel, QgsProject, QgsProcessingFeedback  # noqa: E402
from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsLayerTreeView, QgsMapCanvas  # noqa: E402
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtWidgets import QHBoxLayout, QWidget  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def save(widget, path):
    widget.grab().save(path)
    try:
        from PIL import Image
    except ImportError:
        return
    Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)


def main():
    out_dir = sys.argv[1]
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    sys.path.insert(0, HERE)
    app = QgsApplication([], True)
    app.initQgis()
    import processing
    from processing.core.Processing import Processing
    Processing.initialize()
    import rfplan
    plugin = rfplan.classFactory(None)
    plugin.initProcessing()

    tmp = tempfile.mkdtemp(prefix="rfplan-shots-")
    sample = os.path.join(tmp, "island")
    shutil.copytree(os.path.join(ROOT, "samples", "island"), sample)
    ws = os.path.join(tmp, "ws")
    pred = os.path.join(tmp, "island_itm")

    # The dialog, filled in as for the run below.
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    alg = QgsApplication.processingRegistry().createAlgorithmById("rfplan:predict")
    dlg = AlgorithmDialog(alg)
    dlg.resize(900, 760)
    panel = dlg.mainWidget()
    panel.setParameters({"WORKSPACE": ws, "MODEL": 4, "RADIUS_KM": 5, "RX_HEIGHT_M": 1.5,
                         "OUTPUT": pred})
    dlg.show()
    app.processEvents()
    save(dlg, os.path.join(out_dir, "qgis_predict_dialog.png"))

    project = QgsProject.instance()
    fb = QgsProcessingFeedback()
    processing.run("rfplan:import", {
        "DEM": [os.path.join(sample, "dem_mga48.tif")],
        "CLUTTER": os.path.join(sample, "clutter_mga48.tif"),
        "CLUTTER_CLASSES": os.path.join(sample, "clutter_classes.csv"),
        "SITES_FILE": os.path.join(sample, "sites_acma.csv"),
        "CELLS": os.path.join(sample, "cells.csv"),
        "RES_M": 30, "OUTPUT": ws, "LOAD": False}, feedback=fb)
    # The run, its messages in the dialog's Log tab (the dialog's own
    # feedback; the Run button runs the same in a background task).
    dlg.showLog()
    feedback = dlg.createFeedback()
    processing.run("rfplan:predict", {"WORKSPACE": ws, "MODEL": 4, "RADIUS_KM": 5, "OUTPUT": pred},
                   feedback=feedback)
    app.processEvents()
    save(dlg, os.path.join(out_dir, "qgis_predict_log.png"))
    dlg.close()

    # QGIS's main parts: the layers panel and the map, as after the run.
    win = QWidget()
    box = QHBoxLayout(win)
    model = QgsLayerTreeModel(project.layerTreeRoot())
    view = QgsLayerTreeView()
    view.setModel(model)
    view.setFixedWidth(290)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(Qt.white)
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)  # noqa: F841 (keeps the canvas in sync)
    canvas.setDestinationCrs(project.crs())
    box.addWidget(view)
    box.addWidget(canvas)
    win.resize(1100, 620)
    win.show()
    app.processEvents()
    view.expandAll()
    # the service and terrain groups folded, as a planner looks at RSRP
    root = project.layerTreeRoot().children()[0]
    for g in root.children():
        if g.name() not in ("Sites", "Coverage"):
            g.setExpanded(False)
    canvas.setExtent(canvas.fullExtent())
    canvas.refreshAllLayers()
    canvas.waitWhileRendering()
    app.processEvents()
    canvas.waitWhileRendering()
    app.processEvents()
    save(win, os.path.join(out_dir, "qgis_predict_result.png"))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()

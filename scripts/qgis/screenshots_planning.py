#!/usr/bin/python3
"""The planning screenshot of doc/qgis.md, taken headless (python3-qgis,
offscreen): QGIS after the plugin ran rfplan:import, rfplan:predict
(ITM, 5 km), rfplan:neighbours and rfplan:pci on the bundled sample: the
layers panel (its legend) and the map, the PCI plan on the sector wedges
and the neighbour lines over the terrain and the sites.

Usage: RFPLAN_BIN=build/rfplan /usr/bin/python3 scripts/qgis/screenshots_planning.py OUTDIR
(writes OUTDIR/qgis_planning_result.png; with Pillow reduced to 256 colours)."""
import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())

from qgis.core import QgsApplication, QgsLayerTreeModel, QgsProject  # noqa: E402
from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsLayerTreeView, QgsMapCanvas  # noqa: E402
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtWidgets import QHBoxLayout, QWidget  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from screenshots import save  # noqa: E402


def main():
    out_dir = sys.argv[1]
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
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
    project = QgsProject.instance()
    processing.run("rfplan:import", {
        "DEM": [os.path.join(sample, "dem_mga48.tif")],
        "CLUTTER": os.path.join(sample, "clutter_mga48.tif"),
        "CLUTTER_CLASSES": os.path.join(sample, "clutter_classes.csv"),
        "SITES_FILE": os.path.join(sample, "sites_acma.csv"),
        "CELLS": os.path.join(sample, "cells.csv"),
        "RES_M": 30, "OUTPUT": ws, "LOAD": False})
    processing.run("rfplan:predict", {"WORKSPACE": ws, "MODEL": 4, "RADIUS_KM": 5, "OUTPUT": pred})
    processing.run("rfplan:neighbours", {"PREDICTION": pred, "OUTPUT": os.path.join(tmp, "neighbours.csv")})
    processing.run("rfplan:pci", {"PREDICTION": pred, "OUTPUT": os.path.join(tmp, "pci.csv")})

    # the prediction as the backdrop: the terrain and the sites (its own
    # sector wedges and the coverage maps off: the PCI plan draws the wedges)
    root = project.layerTreeRoot()
    for group in root.children():
        if not group.name().startswith("rfplan predict"):
            continue
        for node in group.findLayers():
            src = node.layer().source()
            node.setItemVisibilityChecked(src.endswith("hillshade.tif") or src.endswith("layername=sites"))
    win = QWidget()
    box = QHBoxLayout(win)
    model = QgsLayerTreeModel(root)
    view = QgsLayerTreeView()
    view.setModel(model)
    view.setFixedWidth(365)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(Qt.white)
    bridge = QgsLayerTreeMapCanvasBridge(root, canvas)  # noqa: F841 (keeps the canvas in sync)
    canvas.setDestinationCrs(project.crs())
    box.addWidget(view)
    box.addWidget(canvas)
    win.resize(1300, 760)
    win.show()
    app.processEvents()
    view.expandAll()
    # the prediction's groups folded, the planning layers' legends open
    for group in root.children():
        if group.name().startswith("rfplan predict"):
            for g in group.children():
                g.setExpanded(False)
    extent = None
    for lyr in project.mapLayers().values():
        if lyr.name() == "PCI plan":
            extent = lyr.extent()
    extent.scale(1.25)
    canvas.setExtent(extent)
    canvas.refreshAllLayers()
    canvas.waitWhileRendering()
    app.processEvents()
    canvas.waitWhileRendering()
    app.processEvents()
    save(win, os.path.join(out_dir, "qgis_planning_result.png"))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()

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

import headless
from headless import save
from qgis.core import QgsProject


def main():
    out_dir = sys.argv[1]
    app, plugin = headless.start()
    import processing
    tmp, sample, ws, pred = headless.sample_copy()
    project = QgsProject.instance()
    headless.import_sample(sample, ws)
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
    win, view, canvas, bridge = headless.layers_and_map(app, project, 365, 1300, 760)
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
    headless.render(app, canvas)
    save(win, os.path.join(out_dir, "qgis_planning_result.png"))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()

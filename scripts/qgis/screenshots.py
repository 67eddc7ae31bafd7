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

import headless
from headless import save
from qgis.core import QgsApplication, QgsProject, QgsProcessingFeedback


def main():
    out_dir = sys.argv[1]
    app, plugin = headless.start()
    import processing
    tmp, sample, ws, pred = headless.sample_copy()

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
    headless.import_sample(sample, ws, feedback=fb)
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
    win, view, canvas, bridge = headless.layers_and_map(app, project, 290, 1100, 620)
    # the service and terrain groups folded, as a planner looks at RSRP
    root = project.layerTreeRoot().children()[0]
    for g in root.children():
        if g.name() not in ("Sites", "Coverage"):
            g.setExpanded(False)
    canvas.setExtent(canvas.fullExtent())
    headless.render(app, canvas)
    save(win, os.path.join(out_dir, "qgis_predict_result.png"))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()

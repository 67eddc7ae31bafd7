#!/usr/bin/python3
"""Run the rfplan QGIS plugin headless and check it (tests/cli/test_qgis_plugin.sh).

Usage: /usr/bin/python3 scripts/qgis/plugin_check.py PLUGIN_PARENT SAMPLE_DIR TMPDIR

PLUGIN_PARENT holds the plugin folder rfplan/ (scripts/qgis, or an installed
copy); the rfplan binary is $RFPLAN_BIN.  QGIS (python3-qgis, offscreen)
loads the plugin as QGIS does (classFactory, initProcessing), then runs its
algorithms through processing.run on the bundled sample.  Prints one
"ok NAME" / "FAIL NAME: why" line per check; exit 77 when QGIS's Python
bindings are missing.
"""
import csv
import json
import os
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

import plugin_check_planning as plan_check

try:
    import headless  # QGIS offscreen: before the first qgis import
    from qgis.core import (QgsApplication, QgsProcessingException, QgsProcessingFeedback,
                           QgsProject, QgsRasterLayer, QgsVectorLayer)
except ImportError as e:
    print("skip qgis plugin check: QGIS Python bindings not importable (%s)" % e)
    sys.exit(77)

failed = 0


def check(name, ok, why=""):
    global failed
    print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
    sys.stdout.flush()
    failed += 0 if ok else 1
    return ok


class Feedback(QgsProcessingFeedback):
    """Records what the algorithm reports; cancel_at: cancels when the
    progress first reaches that percentage (a cancel during the run that
    does not depend on timing)."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.progress = []
        self.commands = []
        self.errors = []
        self.cancel_at = cancel_at
        self.progressChanged.connect(self._on_progress)

    def _on_progress(self, pct):
        self.progress.append(pct)
        if self.cancel_at is not None and pct >= self.cancel_at and not self.isCanceled():
            self.cancel()

    def pushCommandInfo(self, info):  # noqa: N802
        self.commands.append(info)
        super().pushCommandInfo(info)

    def reportError(self, error, fatalError=False):  # noqa: N802,N803
        self.errors.append(error)
        super().reportError(error, fatalError)


def run_alg(processing, alg, params, feedback):
    """(results, exception text)."""
    try:
        return processing.run(alg, params, feedback=feedback), None
    except QgsProcessingException as e:
        return None, str(e)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write_measurements(rsrp_tif, path, step, offset_db):
    """A csv-format measurement file (lat,lon,rsrp_dbm) at the centres of
    every STEP-th pixel of RSRP_TIF in -115..-60 dBm, RSRP + OFFSET_DB.
    Returns the number of points."""
    from osgeo import gdal
    ds = gdal.Open(rsrp_tif)
    x0, dx, _, y0, _, dy = ds.GetGeoTransform()
    band = ds.GetRasterBand(1)
    data = band.ReadAsArray()
    n = 0
    with open(path, "w") as f:
        f.write("lat,lon,rsrp_dbm\n")
        for r in range(0, ds.RasterYSize, step):
            for c in range(0, ds.RasterXSize, step):
                v = float(data[r][c])
                if -115 <= v <= -60:
                    f.write("%.9f,%.9f,%.3f\n" % (y0 + (r + 0.5) * dy, x0 + (c + 0.5) * dx, v + offset_db))
                    n += 1
    return n


def layers_in_project_file(path):
    """The datasources of a .qgs's layers, read as XML (independently of QGIS)."""
    root = ET.parse(path).getroot()
    return [ml.findtext("datasource") for ml in root.iter("maplayer")]


def main():
    plugin_parent, sample, tmp = sys.argv[1:4]
    app, plugin = headless.start(plugin_parent, gui=False)
    import processing

    reg = QgsApplication.processingRegistry()
    provider = reg.providerById("rfplan")
    check("provider rfplan registered by classFactory + initProcessing", provider is not None)
    if provider is None:
        return
    ids = sorted(a.id() for a in provider.algorithms())
    want = sorted("rfplan:" + n for n in ("import", "predict", "viewshed", "compare", "calibrate",
                                          "neighbours", "pci", "optimize"))
    check("provider lists the eight algorithms", ids == want, "got %s" % ids)

    project = QgsProject.instance()
    ws = os.path.join(tmp, "ws")
    fb = Feedback()
    res, err = run_alg(processing, "rfplan:import", {
        "DEM": [os.path.join(sample, "dem_mga48.tif")],
        "CLUTTER": os.path.join(sample, "clutter_mga48.tif"),
        "CLUTTER_CLASSES": os.path.join(sample, "clutter_classes.csv"),
        "SITES_FILE": os.path.join(sample, "sites_acma.csv"),
        "CELLS": os.path.join(sample, "cells.csv"),
        "RES_M": 60, "OUTPUT": ws}, fb)
    ok = res is not None and os.path.isfile(os.path.join(ws, "manifest.json"))
    check("import: runs rfplan import and writes the workspace", ok, err or "no manifest.json")
    if not ok:
        return
    cmd = res.get("COMMAND", "")
    argv = shlex.split(cmd)
    check("import: COMMAND is the rfplan command line (history, log)",
          argv[:2] == [os.environ["RFPLAN_BIN"], "import"] and "--res" in argv and
          argv[argv.index("--res") + 1] == "60m" and fb.commands == [cmd], "COMMAND %r, log %r" % (cmd, fb.commands))
    names = sorted(layer.name() for layer in project.mapLayers().values())
    check("import: DEM, clutter and sites loaded and valid",
          names == ["clutter", "dem", "sites"] and all(lyr.isValid() for lyr in project.mapLayers().values()),
          "layers %s" % names)
    sites = [lyr for lyr in project.mapLayers().values() if lyr.name() == "sites"]
    # samples/island/sites_acma.csv has 5 sites (5 data lines)
    check("import: sites layer has the 5 sample sites", sites and sites[0].featureCount() == 5,
          "count %s" % (sites[0].featureCount() if sites else None))
    project.clear()

    # Sites from a point layer: the ACMA file opened as a QGIS layer (GDA94,
    # EPSG:4283), id and name from its fields.  Expected: the file's own
    # coordinates (GDA94 and WGS 84 agree to about a metre, 1e-5 deg).
    uri = "file://%s?type=csv&xField=LONGITUDE&yField=LATITUDE&crs=EPSG:4283" % os.path.join(sample, "sites_acma.csv")
    layer = QgsVectorLayer(uri, "acma", "delimitedtext")
    ws_layer = os.path.join(tmp, "ws_layer")
    res, err = run_alg(processing, "rfplan:import", {
        "DEM": [os.path.join(sample, "dem_mga48.tif")], "SITES_LAYER": layer,
        "SITES_ID_FIELD": "SITE_ID", "SITES_NAME_FIELD": "NAME", "RES_M": 90, "LOAD": False,
        "OUTPUT": ws_layer}, Feedback())
    want = {}
    with open(os.path.join(sample, "sites_acma.csv"), newline="") as f:
        for row in csv.DictReader(f):
            want[row["SITE_ID"]] = (row["NAME"], float(row["LATITUDE"]), float(row["LONGITUDE"]))
    got = {}
    if res is not None:
        with open(os.path.join(ws_layer, "sites.csv"), newline="") as f:
            for row in csv.DictReader(f):
                got[row["site_id"]] = (row["name"], float(row["lat_deg"]), float(row["lon_deg"]))
    close = got.keys() == want.keys() and all(
        got[k][0] == want[k][0] and abs(got[k][1] - want[k][1]) < 1e-5 and abs(got[k][2] - want[k][2]) < 1e-5
        for k in want)
    check("import: sites from a point layer (ids, names, WGS 84 positions)", layer.isValid() and close and
          not project.mapLayers(), err or "got %s, want %s" % (got, want))

    # RFPLAN_PROGRESS_INTERVAL_S=0: a progress line at each new percentage
    # (the plugin's own default, 1 s, may print none on a run this short)
    pred = os.path.join(tmp, "pred")
    fb = Feedback()
    os.environ["RFPLAN_PROGRESS_INTERVAL_S"] = "0"
    res, err = run_alg(processing, "rfplan:predict", {
        "WORKSPACE": ws, "MODEL": 2, "ENV": 2, "RADIUS_KM": 3, "OUTPUT": pred,
        "DEFAULT_CELL": "frequency_mhz=1800"}, fb)
    del os.environ["RFPLAN_PROGRESS_INTERVAL_S"]
    ok = res is not None and os.path.isfile(os.path.join(pred, "project.qgs"))
    check("predict: runs rfplan predict (hata suburban 3 km) and writes project.qgs", ok, err or "no project.qgs")
    # the frequency is per cell: the dialog's cell defaults become --default-cell
    command = (res or {}).get("COMMAND", "")
    check("predict: the cell defaults are passed as --default-cell (rfplan refuses --freq-mhz)",
          "--default-cell frequency_mhz=1800" in command and "--freq-mhz" not in command,
          "command %r" % command)
    if not ok:
        return
    check("predict: progress parsed from rfplan's lines, ends at 100",
          len(set(fb.progress)) > 10 and min(fb.progress) >= 0 and max(fb.progress) == 100,
          "progress %s" % fb.progress[:20])
    want_sources = layers_in_project_file(os.path.join(pred, "project.qgs"))
    layers = list(project.mapLayers().values())
    check("predict: every layer of project.qgs loaded and valid",
          len(layers) == len(want_sources) and all(lyr.isValid() for lyr in layers),
          "%d layers loaded, project.qgs has %d" % (len(layers), len(want_sources)))
    by_file = {}
    for lyr in layers:
        by_file[os.path.basename(lyr.source().split("|")[0])] = lyr
    # doc/outputs.md: value maps are Singleband pseudocolor, index maps
    # Paletted; QGIS's default for one Float32 band would be singlebandgray.
    kinds = {f: (by_file[f].renderer().type() if f in by_file else None)
             for f in ("rsrp.tif", "sinr.tif", "best_server.tif")}
    check("predict: rasters styled by their .qml (not QGIS's default)",
          kinds == {"rsrp.tif": "singlebandpseudocolor", "sinr.tif": "singlebandpseudocolor",
                    "best_server.tif": "paletted"}, "renderers %s" % kinds)
    rsrp = by_file.get("rsrp.tif")
    n_classes = len(rsrp.renderer().shader().rasterShaderFunction().colorRampItemList()) if rsrp else 0
    # rsrp.qml: the 5 default class edges -80..-120 dBm, so 5 classes + 1
    check("predict: rsrp.tif has rfplan's RSRP classes", n_classes >= 5, "%d colour ramp items" % n_classes)
    vec = [lyr for lyr in layers if isinstance(lyr, QgsVectorLayer)]
    check("predict: vector layers keep their labels (sites, sectors)",
          vec and any(lyr.labelsEnabled() for lyr in vec), "labels %s" % [lyr.labelsEnabled() for lyr in vec])
    # The command line of the history repeats the run in a terminal: the
    # same RSRP map, byte for byte.
    again = os.path.join(tmp, "again")
    argv = shlex.split(res["COMMAND"])
    argv[argv.index("-o") + 1] = again
    proc = subprocess.run(argv, capture_output=True)
    same = proc.returncode == 0 and read(os.path.join(again, "rsrp.tif")) == read(os.path.join(pred, "rsrp.tif"))
    check("predict: the COMMAND run in a terminal gives the same rsrp.tif", same,
          proc.stderr.decode()[:300])

    # Compare and calibrate on measurements made from the prediction itself:
    # at pixel centres of rsrp.tif (every 9th pixel, -115..-60 dBm) the
    # "measured" RSRP is the predicted one minus 2 dB, so every error
    # (predicted - measured, doc/calibration.md) is +2 dB: mean 2, std 0.
    meas = os.path.join(tmp, "meas.csv")
    n_meas = write_measurements(os.path.join(pred, "rsrp.tif"), meas, step=9, offset_db=-2.0)
    cmp_dir = os.path.join(tmp, "compare")
    project.clear()
    res, err = run_alg(processing, "rfplan:compare", {
        "WORKSPACE": ws, "PREDICTION": pred, "MEASUREMENTS": meas, "MIN_DISTANCE_M": 0, "OUTPUT": cmp_dir},
        Feedback())
    stats = {}
    if res is not None:
        with open(os.path.join(cmp_dir, "compare.json")) as f:
            stats = json.load(f)
    allp = stats.get("overall", {}) if isinstance(stats.get("overall"), dict) else {}
    check("compare: mean error +2 dB, std 0 over the made-up measurements",
          res is not None and allp.get("count") == n_meas and abs(allp.get("mean_error_db", 99) - 2) < 0.01 and
          allp.get("std_db", 99) < 0.01, err or "n %d, all %s" % (n_meas, allp))
    layers = list(project.mapLayers().values())
    check("compare: points.gpkg loaded with its stored style (not a single symbol)",
          len(layers) == 1 and layers[0].isValid() and layers[0].featureCount() == n_meas and
          layers[0].renderer().type() != "singleSymbol",
          "layers %s" % [(lyr.name(), lyr.featureCount(), lyr.renderer().type()) for lyr in layers])
    spm = os.path.join(tmp, "spm.json")
    res, err = run_alg(processing, "rfplan:calibrate", {
        "WORKSPACE": ws, "MEASUREMENTS": meas, "MIN_DISTANCE_M": 0, "RADIUS_KM": 3, "FOLDS": 2,
        "OUTPUT": spm}, Feedback())
    model = {}
    if res is not None and os.path.exists(spm):
        with open(spm) as f:
            model = json.load(f)
    check("calibrate: writes the SPM file its COMMAND names",
          res is not None and model and shlex.split(res["COMMAND"])[-2:] == ["-o", spm],
          err or "model %s, command %s" % (model, res and res.get("COMMAND")))

    # the planning algorithms and the parameters' bounds (plugin_check_planning.py)
    this = sys.modules[__name__]
    plan_check.planning_checks(this, processing, project, ws, pred, sample, tmp)
    plan_check.bounds_check(this, reg, ws, pred, sample, meas, tmp)

    # rfplan's error, verbatim: the same stderr as the binary prints.
    project.clear()
    bad = os.path.join(tmp, "not_a_workspace")
    os.makedirs(bad)
    direct = subprocess.run([os.environ["RFPLAN_BIN"], "predict", bad, "--model", "hata", "--env", "urban",
                             "--radius", "3", "--rx-height", "1.5", "-o", os.path.join(tmp, "bad_out")],
                            capture_output=True, text=True)
    fb = Feedback()
    res, err = run_alg(processing, "rfplan:predict", {
        "WORKSPACE": bad, "MODEL": 2, "ENV": 0, "RADIUS_KM": 3, "OUTPUT": os.path.join(tmp, "bad_out")}, fb)
    want = direct.stderr.strip()
    check("error: rfplan's stderr reported verbatim (exception and reportError)",
          res is None and direct.returncode != 0 and err == want and fb.errors == [want],
          "rfplan said %r; plugin raised %r, reported %r" % (want, err, fb.errors))
    check("error: nothing loaded", not project.mapLayers(), "%d layers" % len(project.mapLayers()))

    # A wrong RFPLAN_BIN: the error names the variable and the path.
    saved = os.environ["RFPLAN_BIN"]
    os.environ["RFPLAN_BIN"] = os.path.join(tmp, "no-such-rfplan")
    res, err = run_alg(processing, "rfplan:predict", {
        "WORKSPACE": ws, "MODEL": 2, "RADIUS_KM": 3, "OUTPUT": os.path.join(tmp, "nobin")}, Feedback())
    os.environ["RFPLAN_BIN"] = saved
    check("a wrong RFPLAN_BIN is an error naming it and its value",
          res is None and "RFPLAN_BIN" in (err or "") and os.path.join(tmp, "no-such-rfplan") in (err or "") and
          not os.path.exists(os.path.join(tmp, "nobin")), "error %r" % err)

    # Cancel before the run: rfplan does not start, nothing is written.
    fb = Feedback()
    fb.cancel()
    out = os.path.join(tmp, "canceled_before")
    res, err = run_alg(processing, "rfplan:predict", {
        "WORKSPACE": ws, "MODEL": 2, "RADIUS_KM": 3, "OUTPUT": out}, fb)
    check("cancel before the run: no output, nothing loaded",
          res is None and not os.path.exists(out) and not project.mapLayers() and not fb.commands,
          "results %s, exists %s, commands %s" % (res, os.path.exists(out), fb.commands))

    # Cancel during the run: at the first progress line of the path loss
    # (RFPLAN_PROGRESS_INTERVAL_S=0: a line at each new percentage), the
    # child gets SIGINT; rfplan leaves no output (doc/errors.md).
    os.environ["RFPLAN_PROGRESS_INTERVAL_S"] = "0"
    fb = Feedback(cancel_at=1)
    out = os.path.join(tmp, "canceled_during")
    res, err = run_alg(processing, "rfplan:predict", {
        "WORKSPACE": ws, "MODEL": 4, "RADIUS_KM": 10, "OUTPUT": out}, fb)
    del os.environ["RFPLAN_PROGRESS_INTERVAL_S"]
    leftovers = [f for f in os.listdir(tmp) if f.startswith(".canceled_during")]
    check("cancel during the run: SIGINT, no output, nothing loaded",
          res is None and "canceled" in (err or "") and not os.path.exists(out) and not leftovers and
          not project.mapLayers(),
          "results %s, error %r, exists %s, leftovers %s" % (res, err, os.path.exists(out), leftovers))

    # Viewshed: the GeoTIFF loaded with its .qml
    vs = os.path.join(tmp, "vs.tif")
    res, err = run_alg(processing, "rfplan:viewshed", {
        "WORKSPACE": ws, "SITE": "9000102", "RADIUS_KM": 3, "OUTPUT": vs}, Feedback())
    layers = list(project.mapLayers().values())
    check("viewshed: loaded with its .qml style",
          res is not None and len(layers) == 1 and isinstance(layers[0], QgsRasterLayer) and
          layers[0].renderer().type() == "singlebandpseudocolor",
          err or "layers %s" % [(lyr.name(), lyr.renderer().type()) for lyr in layers])

    # As the dialog runs it ("Open output file after running algorithm":
    # processing.runAndLoadResults does the same): Processing opens the
    # GeoTIFF itself, so the plugin does not load it a second time.
    project.clear()
    vs2 = os.path.join(tmp, "vs2.tif")
    try:
        res = processing.runAndLoadResults("rfplan:viewshed", {
            "WORKSPACE": ws, "SITE": "9000102", "RADIUS_KM": 3, "OUTPUT": vs2}, feedback=Feedback())
    except QgsProcessingException as e:
        res = None
        err = str(e)
    layers = list(project.mapLayers().values())
    check("viewshed as the dialog runs it: loaded once, with its .qml style",
          res is not None and len(layers) == 1 and layers[0].renderer().type() == "singlebandpseudocolor",
          err or "layers %s" % [(lyr.name(), lyr.renderer().type()) for lyr in layers])



if __name__ == "__main__":
    main()
    sys.exit(1 if failed else 0)

#!/usr/bin/python3
"""Open rfplan rasters in QGIS itself and check they show as intended.

Usage: /usr/bin/python3 scripts/qgis_check.py DIR LAYER=RENDERER... [options]

  LAYER=RENDERER   a raster in DIR and the renderer type its style (LAYER
                   with .qml in place of .tif) must give, e.g.
                   rsrp.tif=singlebandpseudocolor server.tif=paletted
  --probe LAYER:LON,LAT:#RRGGBB[AA]
                   render LAYER alone (output size = raster size, transparent
                   background) and expect this colour at the point; alpha 00
                   means "not drawn" (only alpha is compared then)
  --legend LAYER:TEXT
                   QGIS's legend of LAYER must contain an entry TEXT

Each layer gets the checks: valid, CRS EPSG:4326, style loads, renderer type.
Prints one line per check, "ok NAME" or "FAIL NAME: why" (the format of
tests/run-tests.sh).  Exit status 0 when all pass, 1 on a failure, 77 when
QGIS's Python bindings (Debian package python3-qgis) are not installed.

Run it with Debian's /usr/bin/python3, where python3-qgis installs.
"""
import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())

try:
    from qgis.core import (QgsApplication, QgsMapRendererSequentialJob,
                           QgsMapSettings, QgsPointXY, QgsRasterLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError as e:
    print("skip qgis check: QGIS Python bindings not importable (%s); "
          "install python3-qgis" % e)
    sys.exit(77)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dir")
    p.add_argument("layers", nargs="+", metavar="LAYER=RENDERER")
    p.add_argument("--probe", action="append", default=[])
    p.add_argument("--legend", action="append", default=[])
    a = p.parse_args()
    layers = []
    for spec in a.layers:
        name, sep, renderer = spec.partition("=")
        if not sep or not renderer:
            p.error("layer '%s': want LAYER=RENDERER" % spec)
        layers.append((name, renderer))
    probes = []
    for spec in a.probe:
        try:
            name, point, colour = spec.split(":")
            lon, lat = (float(x) for x in point.split(","))
            hexrgb = colour.lstrip("#")
            if len(hexrgb) not in (6, 8):
                raise ValueError(colour)
            rgba = [int(hexrgb[i:i + 2], 16) for i in range(0, len(hexrgb), 2)]
            if len(rgba) == 3:
                rgba.append(255)
        except ValueError:
            p.error("--probe '%s': want LAYER:LON,LAT:#RRGGBB[AA]" % spec)
        probes.append((name, lon, lat, rgba))
    legends = []
    for spec in a.legend:
        name, sep, text = spec.partition(":")
        if not sep:
            p.error("--legend '%s': want LAYER:TEXT" % spec)
        legends.append((name, text))
    return a.dir, layers, probes, legends


class Report:
    def __init__(self):
        self.failed = 0

    def check(self, name, ok, why=""):
        if ok:
            print("ok %s" % name)
        else:
            print("FAIL %s: %s" % (name, why))
            self.failed += 1
        sys.stdout.flush()
        return ok


def render(layer):
    """The layer alone, one output pixel per raster pixel."""
    ms = QgsMapSettings()
    ms.setLayers([layer])
    ms.setDestinationCrs(layer.crs())
    ms.setOutputSize(QSize(layer.width(), layer.height()))
    ms.setExtent(layer.extent())
    ms.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    return ms, job.renderedImage()


def check_layer(rep, directory, name, renderer, probes, legends):
    path = os.path.join(directory, name)
    layer = QgsRasterLayer(path, name)
    if not rep.check("%s: QGIS opens it" % name, layer.isValid(),
                     "not a valid raster layer: %s" % path):
        return
    rep.check("%s: CRS EPSG:4326" % name, layer.crs().authid() == "EPSG:4326",
              "CRS is %s" % layer.crs().authid())
    qml = os.path.splitext(path)[0] + ".qml"
    msg, ok = layer.loadNamedStyle(qml)
    if not rep.check("%s: style %s loads" % (name, os.path.basename(qml)), ok, msg):
        return
    got = layer.renderer().type() if layer.renderer() else None
    rep.check("%s: renderer %s" % (name, renderer), got == renderer,
              "renderer is %s" % got)
    if legends:
        labels = [item[0] for item in layer.renderer().legendSymbologyItems()]
        for text in legends:
            rep.check("%s: legend has '%s'" % (name, text), text in labels,
                      "legend entries: %s" % labels)
    if not probes:
        return
    ms, img = render(layer)
    m2p = ms.mapToPixel()
    for lon, lat, want in probes:
        pt = m2p.transform(QgsPointXY(lon, lat))
        x, y = int(pt.x()), int(pt.y())
        what = "%s: colour at %g,%g" % (name, lon, lat)
        if not (0 <= x < img.width() and 0 <= y < img.height()):
            rep.check(what, False, "pixel %d,%d outside the %dx%d image"
                      % (x, y, img.width(), img.height()))
            continue
        c = img.pixelColor(x, y)
        got = [c.red(), c.green(), c.blue(), c.alpha()]
        if want[3] == 0:
            ok = got[3] == 0
        else:
            ok = all(abs(g - w) <= 2 for g, w in zip(got, want))
        rep.check(what, ok, "got #%02x%02x%02x%02x, want #%02x%02x%02x%02x"
                  % tuple(got + want))


def main():
    directory, layers, probes, legends = parse_args()
    app = QgsApplication([], False)
    app.initQgis()
    rep = Report()
    for name, renderer in layers:
        check_layer(rep, directory, name, renderer,
                    [(lo, la, c) for n, lo, la, c in probes if n == name],
                    [t for n, t in legends if n == name])
    app.exitQgis()
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())

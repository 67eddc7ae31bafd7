#!/usr/bin/python3
"""Open an rfplan project.qgs in QGIS itself, render it and check it.

Usage: /usr/bin/python3 scripts/qgis_project_check.py PROJECT.qgs [options]

  --layers A,B,...     the layers' sources (file names, or coverage.gpkg
                       layer names) the project must hold, no more, no less
  --groups A,B,...     the layer tree's top-level groups, in this order
  --labels NAME,...    vector layers (by source) that must have labels on
  --size W,H           render size in pixels (default 1200,1000)
  --png FILE           where to save the render (to look at it)
  --probe LON,LAT:#RRGGBB   expect this colour (+-2) at the point
  --grey LON,LAT       expect a grey (R=G=B +-2), opaque pixel: terrain only
  --marker LON,LAT     expect the site marker: white (>= 240) at the point
                       and black (<= 60) somewhere within 12 px of it

The render draws the project as QGIS would (the checked layers of the
layer tree, in its order, labels included) over the project's canvas
extent.  Prints "ok NAME" / "FAIL NAME: why" lines; exit 0 when all pass,
1 on a failure, 77 when QGIS's Python bindings (python3-qgis) are missing.
"""
import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())

try:
    from qgis.core import (QgsApplication, QgsMapRendererParallelJob,
                           QgsMapSettings, QgsPointXY, QgsProject,
                           QgsRectangle)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError as e:
    print("skip qgis project check: QGIS Python bindings not importable (%s); "
          "install python3-qgis" % e)
    sys.exit(77)


def point(spec):
    lon, lat = (float(x) for x in spec.split(","))
    return lon, lat


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("project")
    p.add_argument("--layers", default="")
    p.add_argument("--groups", default="")
    p.add_argument("--labels", default="")
    p.add_argument("--size", default="1200,1000")
    p.add_argument("--png")
    p.add_argument("--probe", action="append", default=[])
    p.add_argument("--grey", action="append", default=[])
    p.add_argument("--marker", action="append", default=[])
    a = p.parse_args()
    probes = []
    for spec in a.probe:
        where, colour = spec.split(":")
        h = colour.lstrip("#")
        probes.append((point(where), [int(h[i:i + 2], 16) for i in (0, 2, 4)]))
    a.probes = probes
    a.grey = [point(s) for s in a.grey]
    a.marker = [point(s) for s in a.marker]
    a.size = [int(x) for x in a.size.split(",")]
    return a


class Report:
    def __init__(self):
        self.failed = 0

    def check(self, name, ok, why=""):
        print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
        sys.stdout.flush()
        self.failed += 0 if ok else 1
        return ok


def source_name(layer):
    src = layer.source()
    if "|layername=" in src:
        return src.split("|layername=")[1].split("|")[0]
    return os.path.basename(src)


def render(project, size):
    root = project.layerTreeRoot()
    layers = [l for l in root.layerOrder() if root.findLayer(l.id()).isVisible()]
    extent = QgsRectangle()
    for l in layers:
        extent.combineExtentWith(l.extent())
    ms = QgsMapSettings()
    ms.setLayers(layers)
    ms.setDestinationCrs(project.crs())
    ms.setOutputSize(QSize(size[0], size[1]))
    ms.setExtent(extent)
    ms.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    return ms, job.renderedImage()


def main():
    a = parse_args()
    app = QgsApplication([], False)
    app.initQgis()
    rep = Report()
    project = QgsProject.instance()
    if not rep.check("project: QGIS reads %s" % os.path.basename(a.project),
                     project.read(a.project), "QgsProject.read failed"):
        return 1
    layers = list(project.mapLayers().values())
    for l in layers:
        rep.check("project: layer %s is valid" % source_name(l), l.isValid(),
                  "source %s" % l.source())
    if a.layers:
        want = sorted(a.layers.split(","))
        got = sorted(source_name(l) for l in layers)
        rep.check("project: layers %s" % ",".join(want), got == want, "got %s" % got)
    if a.groups:
        got = [g.name() for g in project.layerTreeRoot().children()]
        rep.check("project: groups %s" % a.groups, got == a.groups.split(","),
                  "got %s" % got)
    for name in filter(None, a.labels.split(",")):
        ls = [l for l in layers if source_name(l) == name]
        rep.check("project: %s labelled" % name,
                  len(ls) == 1 and ls[0].labelsEnabled(), "labels off or no layer")
    ms, img = render(project, a.size)
    if a.png:
        img.save(a.png)
    m2p = ms.mapToPixel()

    def pixel(lon, lat):
        pt = m2p.transform(QgsPointXY(lon, lat))
        return int(pt.x()), int(pt.y())

    def rgb(x, y):
        if not (0 <= x < img.width() and 0 <= y < img.height()):
            return None
        c = img.pixelColor(x, y)
        return [c.red(), c.green(), c.blue()]

    for (lon, lat), want in a.probes:
        got = rgb(*pixel(lon, lat))
        rep.check("render: colour at %g,%g" % (lon, lat),
                  got is not None and all(abs(g - w) <= 2 for g, w in zip(got, want)),
                  "got %s, want %s" % (got, want))
    for lon, lat in a.grey:
        got = rgb(*pixel(lon, lat))
        rep.check("render: terrain grey at %g,%g" % (lon, lat),
                  got is not None and max(got) - min(got) <= 2, "got %s" % got)
    for lon, lat in a.marker:
        x, y = pixel(lon, lat)
        centre = rgb(x, y)
        ring = [rgb(x + dx, y + dy) for dx in range(-12, 13) for dy in range(-12, 13)]
        dark = any(c is not None and max(c) <= 60 for c in ring)
        rep.check("render: site marker at %g,%g" % (lon, lat),
                  centre is not None and min(centre) >= 240 and dark,
                  "centre %s, black outline %s" % (centre, dark))
    app.exitQgis()
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The planning algorithms' checks and the parameters' bounds check of
scripts/qgis/plugin_check.py (tests/cli/test_qgis_plugin.sh); H is that
module (check, Feedback, run_alg).

Expected values: the same rfplan command run directly (the plugin must
give what the terminal gives), and figures derived here from the inputs
(the PCI range and reserved list, a collision planted between co-site
cells, the rows of each CSV)."""
import csv
import os
import shlex
import subprocess

from qgis.core import (QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback,
                       QgsProcessingParameterNumber)


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def direct(command_argv, new_out):
    """Runs the COMMAND's argv with -o's value replaced by NEW_OUT."""
    argv = list(command_argv)
    argv[argv.index("-o") + 1] = new_out
    return subprocess.run(argv, capture_output=True, text=True)


def layers_named(project, name):
    return [lyr for lyr in project.mapLayers().values() if lyr.name() == name]


def planning_checks(h, processing, project, ws, pred, sample, tmp):
    out = os.path.join(tmp, "planning")
    os.makedirs(out)

    # neighbours: non-default options so that each is passed; the same
    # command run in a terminal gives the same relations (every column).
    project.clear()
    nb = os.path.join(out, "nb.csv")
    res, err = h.run_alg(processing, "rfplan:neighbours", {
        "PREDICTION": pred, "MARGIN_DB": 4, "MAX": 3, "SYMMETRIC": True, "OUTPUT": nb}, h.Feedback())
    cmd = shlex.split(res["COMMAND"]) if res else []
    ran = direct(cmd, os.path.join(out, "nb_direct.csv")) if res else None
    got = rows(nb) if res else []
    h.check("neighbours: the neighbour list is the CLI's for the same options (--margin-db 4 --max 3 --symmetric)",
            res is not None and ran.returncode == 0 and got and got == rows(os.path.join(out, "nb_direct.csv")) and
            cmd[cmd.index("--margin-db") + 1] == "4" and cmd[cmd.index("--max") + 1] == "3" and "--symmetric" in cmd,
            err or "command %s, rc %s" % (cmd, ran and ran.returncode))
    lines = layers_named(project, "neighbours")
    h.check("neighbours: neighbours.gpkg loaded, one line per relation, with its stored style",
            os.path.isfile(os.path.join(out, "nb.gpkg")) and len(lines) == 1 and lines[0].isValid() and
            lines[0].featureCount() == len(got) and lines[0].renderer().type() == "categorizedSymbol",
            "layers %s" % [(lyr.name(), lyr.featureCount()) for lyr in project.mapLayers().values()])

    # pci: a range and a reserved list; every PCI in 0..29 and not
    # reserved (the options' meaning), the plan the CLI's.
    project.clear()
    plan = os.path.join(out, "pci.csv")
    reserved = {5, 7, 8, 9}
    res, err = h.run_alg(processing, "rfplan:pci", {
        "PREDICTION": pred, "RANGE_FIRST": 0, "RANGE_LAST": 29, "RESERVED": "5,7..9", "OUTPUT": plan}, h.Feedback())
    cmd = shlex.split(res["COMMAND"]) if res else []
    ran = direct(cmd, os.path.join(out, "pci_direct.csv")) if res else None
    got = rows(plan) if res else []
    pcis = [int(r["pci"]) for r in got]
    h.check("pci: the plan is the CLI's for the same options, PCIs in --range 0..29 and not --reserved 5,7..9",
            res is not None and ran.returncode == 0 and got == rows(os.path.join(out, "pci_direct.csv")) and
            len(got) == 9 and all(0 <= v <= 29 and v not in reserved for v in pcis),
            err or "pcis %s, rc %s" % (pcis, ran and ran.returncode))
    wedges = layers_named(project, "PCI plan")
    by_cell = {}
    if wedges and wedges[0].isValid():
        by_cell = {(f["site_id"], f["cell_id"]): f["pci"] for f in wedges[0].getFeatures()}
    h.check("pci: the plan loaded on the sector wedges, each cell with its PCI, styled and labelled",
            len(wedges) == 1 and by_cell == {(r["site_id"], r["cell_id"]): int(r["pci"]) for r in got} and
            wedges[0].renderer().type() == "RuleRenderer" and wedges[0].labelsEnabled() and
            len(layers_named(project, "pci")) == 1,
            "layers %s, cells %s" % ([lyr.name() for lyr in project.mapLayers().values()], by_cell))

    # pci --audit on a cells file with a planted collision: 9000101/2 gets
    # the PCI of its co-site sector 9000101/1 (101); co-site cells are
    # always related (doc/planning.md), so the pair is a collision.
    project.clear()
    # (beside the sample's cells.csv: its antenna files are relative to it)
    cells = os.path.join(sample, "cells_collision.csv")
    with open(os.path.join(sample, "cells.csv"), newline="") as f:
        table = list(csv.reader(f))
    col = table[0].index("pci")
    for r in table[1:]:
        if r[0] == "9000101" and r[1] == "2":
            r[col] = "101"
    with open(cells, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(table)
    audit = os.path.join(out, "audit.csv")
    res, err = h.run_alg(processing, "rfplan:pci", {
        "PREDICTION": pred, "AUDIT": True, "CELLS": cells, "OUTPUT": audit}, h.Feedback())
    cmd = shlex.split(res["COMMAND"]) if res else []
    ran = direct(cmd, os.path.join(out, "audit_direct.csv")) if res else None
    got = rows(audit) if res else []
    pairs = {(r["type"], frozenset([(r["site_id"], r["cell_id"]), (r["other_site_id"], r["other_cell_id"])]))
             for r in got}
    h.check("pci audit: the planted co-site collision found, the conflicts the CLI's",
            res is not None and ran.returncode == 0 and got == rows(os.path.join(out, "audit_direct.csv")) and
            ("collision", frozenset([("9000101", "1"), ("9000101", "2")])) in pairs and "--audit" in cmd,
            err or "conflicts %s" % pairs)
    conflicts = layers_named(project, "PCI conflicts")
    kinds = sorted(f["type"] for f in conflicts[0].getFeatures()) if conflicts and conflicts[0].isValid() else []
    h.check("pci audit: one styled line per conflict between the two cells",
            len(conflicts) == 1 and kinds == sorted(r["type"] for r in got) and
            conflicts[0].renderer().type() == "categorizedSymbol",
            "kinds %s, rows %s" % (kinds, [r["type"] for r in got]))

    # optimize: tilt 0..3, one pass; the same files as the CLI's run.
    project.clear()
    opt = os.path.join(out, "opt")
    params = {"WORKSPACE": ws, "TILT_MIN_DEG": 0, "TILT_MAX_DEG": 3, "PASSES": 1, "MODEL": 2, "ENV": 2,
              "RADIUS_KM": 3, "DEFAULT_CELL": "frequency_mhz=1800", "OUTPUT": opt}
    res, err = h.run_alg(processing, "rfplan:optimize", params, h.Feedback())
    cmd = shlex.split(res["COMMAND"]) if res else []
    opt2 = os.path.join(out, "opt_direct")
    ran = direct(cmd, opt2) if res else None
    same = res is not None and ran.returncode == 0 and all(
        h.read(os.path.join(opt, f)) == h.read(os.path.join(opt2, f)) for f in ("cells_optimized.csv", "changes.csv"))
    h.check("optimize: cells_optimized.csv and changes.csv are the CLI's for the same options (--tilt 0..3)",
            same and cmd[cmd.index("--tilt") + 1] == "0..3" and cmd[cmd.index("--passes") + 1] == "1",
            err or "command %s, rc %s %s" % (cmd, ran and ran.returncode, ran and ran.stderr[-300:]))
    changes = layers_named(project, "changes")
    n_changes = len(rows(os.path.join(opt, "changes.csv"))) if res else -1
    rsrp = [lyr for lyr in project.mapLayers().values() if lyr.source().endswith("rsrp.tif")]
    h.check("optimize: the optimised maps (project.qgs) and changes.csv loaded",
            len(changes) == 1 and changes[0].featureCount() == n_changes and len(rsrp) == 1 and
            rsrp[0].renderer().type() == "singlebandpseudocolor",
            "layers %s" % [lyr.name() for lyr in project.mapLayers().values()])

    # Cancel during optimize (the first progress line): nothing written.
    os.environ["RFPLAN_PROGRESS_INTERVAL_S"] = "0"
    fb = h.Feedback(cancel_at=1)
    project.clear()
    cancel_dir = os.path.join(out, "opt_canceled")
    res, err = h.run_alg(processing, "rfplan:optimize", dict(params, OUTPUT=cancel_dir), fb)
    del os.environ["RFPLAN_PROGRESS_INTERVAL_S"]
    leftovers = [f for f in os.listdir(out) if f.startswith(".opt_canceled")]
    h.check("optimize: cancel during the run leaves no output, nothing loaded",
            res is None and "canceled" in (err or "") and not os.path.exists(cancel_dir) and not leftovers and
            not project.mapLayers(), "error %r, leftovers %s" % (err, leftovers))
    project.clear()


def _options(argv):
    """{--option: value} of an argument list (options with a value)."""
    return {a: argv[i + 1] for i, a in enumerate(argv[:-1])
            if a.startswith("--") and not argv[i + 1].startswith("--")}


def _num(x):
    return ("%d" % x) if float(x).is_integer() else repr(float(x))


# the ends of one rfplan range option: given together, both at the bound
PAIRS = {"TILT_MIN_DEG": "TILT_MAX_DEG", "TILT_MAX_DEG": "TILT_MIN_DEG", "POWER_MIN_DB": "POWER_MAX_DB",
         "POWER_MAX_DB": "POWER_MIN_DB", "RANGE_FIRST": "RANGE_LAST", "RANGE_LAST": "RANGE_FIRST"}


def bounds_check(h, reg, ws, pred, sample, meas, tmp):
    """Every numeric parameter's minimum and maximum against rfplan's own
    parser: rfplan accepts the option at each bound (it fails later, on a
    directory that is no workspace, not with a usage error on the option),
    and refuses it just beyond (exit 2, the option named); a bound the
    plugin leaves off the command line (the CLI's default) is skipped."""
    bad = os.path.join(tmp, "bounds_not_a_workspace")
    os.makedirs(bad, exist_ok=True)
    blocker = os.path.join(tmp, "bounds_file")
    open(blocker, "w").close()
    o = os.path.join(blocker, "out")    # under a file: any run fails before writing
    base = {
        "rfplan:import": {"DEM": [os.path.join(sample, "dem_mga48.tif")],
                          "SITES_FILE": os.path.join(sample, "sites_acma.csv"), "OUTPUT": o, "LOAD": False},
        "rfplan:predict": {"WORKSPACE": bad, "OUTPUT": o},
        "rfplan:viewshed": {"WORKSPACE": bad, "SITE": "1", "OUTPUT": o + ".tif"},
        "rfplan:compare": {"WORKSPACE": bad, "PREDICTION": pred, "MEASUREMENTS": meas, "OUTPUT": o},
        "rfplan:calibrate": {"WORKSPACE": bad, "MEASUREMENTS": meas, "OUTPUT": o + ".json"},
        "rfplan:neighbours": {"PREDICTION": bad, "OUTPUT": o + ".csv"},
        "rfplan:pci": {"PREDICTION": bad, "OUTPUT": o + ".csv"},
        "rfplan:optimize": {"WORKSPACE": bad, "AZIMUTH_DEG": 10, "OUTPUT": o},
    }
    binary = os.environ["RFPLAN_BIN"]
    problems, tried = [], 0
    for alg_id, params in base.items():
        alg = reg.createAlgorithmById(alg_id)
        context, fb = QgsProcessingContext(), QgsProcessingFeedback()

        def argv_of(p):
            return [binary, alg.COMMAND] + alg.build_args(p, context, fb)

        try:
            base_opts = _options(argv_of(params))
        except QgsProcessingException as e:
            problems.append("%s: %s" % (alg_id, e))
            continue
        for d in alg.parameterDefinitions():
            if not isinstance(d, QgsProcessingParameterNumber):
                continue
            integer = d.dataType() == QgsProcessingParameterNumber.Integer
            for side, value in (("min", d.minimum()), ("max", d.maximum())):
                if abs(value) > 1e12:
                    problems.append("%s %s: no %simum" % (alg_id, d.name(), side))
                    continue
                p = dict(params, **{d.name(): value})
                if d.name() in PAIRS:
                    p[PAIRS[d.name()]] = value
                argv = argv_of(p)
                changed = [k for k, v in _options(argv).items() if base_opts.get(k) != v]
                step = 1 if integer else max(abs(value) * 1e-6, 1e-6)
                if not changed:
                    # the bound is the base's value: the option a value
                    # just inside it changes, when the bound's command has it
                    inside = dict(p, **{d.name(): value + step if side == "min" else value - step})
                    changed = [k for k, v in _options(argv_of(inside)).items()
                               if base_opts.get(k) != v and k in argv]
                if not changed:
                    continue        # not passed: rfplan's default
                opt = changed[0]
                tried += 1
                at = subprocess.run(argv, capture_output=True, text=True)
                if at.returncode == 2 or ("option %s" % opt) in at.stderr:
                    problems.append("%s %s=%s: rfplan refuses %s: %s" % (alg_id, d.name(), _num(value), opt,
                                                                         at.stderr.strip()[:200]))
                beyond = value - step if side == "min" else value + step
                token = argv[argv.index(opt) + 1]
                if side == "min":
                    new = token.replace(_num(value), _num(beyond), 1)
                else:
                    head, _, tail = token.rpartition(_num(value))
                    new = head + _num(beyond) + tail
                argv2 = list(argv)
                argv2[argv.index(opt) + 1] = new
                out = subprocess.run(argv2, capture_output=True, text=True)
                if out.returncode != 2 or opt not in out.stderr:
                    problems.append("%s %s: rfplan accepts %s %s beyond the %simum %s (exit %d)" % (
                        alg_id, d.name(), opt, new, side, _num(value), out.returncode))
    h.check("every numeric parameter's bounds are rfplan's (%d bounds tried)" % tried,
            not problems and tried > 40, "; ".join(problems[:8]) or "only %d bounds tried" % tried)
    # the floor of scanner measurements (doc/calibration.md): -150 dBm
    floor = reg.algorithmById("rfplan:compare").parameterDefinition("FLOOR_DBM")
    h.check("compare/calibrate: FLOOR_DBM accepts -150..-44 dBm, default -140 (rfplan's --floor-dbm)",
            (floor.minimum(), floor.maximum(), floor.defaultValue()) == (-150, -44, -140),
            "%s..%s, default %s" % (floor.minimum(), floor.maximum(), floor.defaultValue()))

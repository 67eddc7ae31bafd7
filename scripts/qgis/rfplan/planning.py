"""The planning algorithms (doc/planning.md): rfplan:neighbours,
rfplan:pci (allocation, or the audit of the cells' PCIs) and
rfplan:optimize, built as the others (algorithms.RfplanAlgorithm: one
command line, progress, Cancel, rfplan's errors verbatim, the outputs
loaded with their styles).  Bounds and defaults are those of the CLI's
parsers (src/cli/cmd_neighbours.c, cmd_pci.c, cmd_optimize.c)."""
import os

from qgis.core import (QgsProcessingException, QgsProcessingParameterBoolean,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterFolderDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString)

from .algorithms import DOUBLE, INTEGER, RfplanAlgorithm, _num

PCI_MAX = 503   # TS 36.211 6.11: 504 PCIs, 0..503


class _PredictionAlgorithm(RfplanAlgorithm):
    """neighbours and pci: they read a prediction folder."""

    def _prediction_params(self):
        self._add(QgsProcessingParameterFile("PREDICTION", "Prediction folder (made by Predict)",
                                             behavior=QgsProcessingParameterFile.Folder))
        self._add(QgsProcessingParameterNumber("MARGIN_DB", "Overlap: within this of the serving cell, dB",
                                               DOUBLE, defaultValue=6, minValue=0, maxValue=60))
        self._add(QgsProcessingParameterNumber("THRESHOLD_DBM", "and at or above, dBm (default: the "
                                               "prediction's minimum RSRP)", DOUBLE, optional=True,
                                               minValue=-200, maxValue=0))

    def _prediction_tail(self):
        self._add(QgsProcessingParameterFile("WORKSPACE", "Workspace (default: the one the prediction names)",
                                             behavior=QgsProcessingParameterFile.Folder, optional=True),
                  advanced=True)
        self._add(QgsProcessingParameterFile("CELLS", "Cells table (default: the prediction's)", extension="csv",
                                             optional=True))
        self._threads_param()

    def _prediction_args(self, p, context):
        self._prediction = self.parameterAsFile(p, "PREDICTION", context)
        args = [self._prediction]
        margin = self.parameterAsDouble(p, "MARGIN_DB", context)
        if margin != 6:
            args += ["--margin-db", _num(margin)]
        if p.get("THRESHOLD_DBM") is not None:
            args += ["--threshold-dbm", _num(self.parameterAsDouble(p, "THRESHOLD_DBM", context))]
        return args

    def _prediction_tail_args(self, p, context):
        args = []
        for name, opt in (("WORKSPACE", "--workspace"), ("CELLS", "--cells")):
            value = self.parameterAsFile(p, name, context)
            if value:
                args += [opt, value]
        return args + self._threads_args(p, context)

    def _csv_output(self, p, context):
        out = self.parameterAsFileOutput(p, "OUTPUT", context)
        if not out.lower().endswith(".csv"):
            raise QgsProcessingException("%s: '%s' is not a CSV (.csv) file name" % (self.TITLE, out))
        self._output = out
        self._group = "rfplan %s (%s)" % (self.COMMAND, os.path.basename(out))
        return out


class NeighboursAlgorithm(_PredictionAlgorithm):
    COMMAND = "neighbours"
    TITLE = "Neighbour relations"
    HELP = ("Neighbour relations of a prediction's cells: for each serving cell, the cells within the margin "
            "of it over its best-server area (overlap and share of the area, the importance), the cells "
            "sharing a best-server border, and co-site cells, ranked.  Writes the CSV and a GeoPackage of "
            "neighbour lines (intra-frequency solid blue, inter dashed orange, width by share), loaded with "
            "its stored style (doc/planning.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._prediction_params()
        self._add(QgsProcessingParameterNumber("MAX", "Keep the most important relations per cell (0: all)",
                                               INTEGER, defaultValue=32, minValue=0, maxValue=65535))
        self._add(QgsProcessingParameterBoolean("SYMMETRIC", "Symmetric lists (add B -> A for every A -> B)",
                                                defaultValue=False))
        self._add(QgsProcessingParameterBoolean("GPKG", "Also the GeoPackage of neighbour lines (the CSV's "
                                                "name with .gpkg)", defaultValue=True))
        self._prediction_tail()
        self._add(QgsProcessingParameterFileDestination("OUTPUT", "Neighbour relations", "CSV files (*.csv)"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        p = parameters
        args = self._prediction_args(p, context)
        n_max = self.parameterAsInt(p, "MAX", context)
        if n_max != 32:
            args += ["--max", str(n_max)]
        if self.parameterAsBoolean(p, "SYMMETRIC", context):
            args.append("--symmetric")
        gpkg = self.parameterAsBoolean(p, "GPKG", context)
        if not gpkg:
            args.append("--no-gpkg")
        args += self._prediction_tail_args(p, context)
        out = self._csv_output(p, context)
        args += ["-o", out]
        if gpkg:
            # rfplan's default: FILE.csv -> FILE.gpkg
            self._to_load = [("vector", out[:-4] + ".gpkg|layername=neighbours", "neighbours")]
        else:
            self._to_load = [("table", out, "neighbours")]
        return args

    def results(self, parameters, context):
        res = {"OUTPUT": self._output}
        if self.parameterAsBoolean(parameters, "GPKG", context):
            res["GPKG"] = self._output[:-4] + ".gpkg"
        return res


class PciAlgorithm(_PredictionAlgorithm):
    COMMAND = "pci"
    TITLE = "PCI plan or audit"
    HELP = ("Physical cell identities (0..503) for a prediction's cells, avoiding collisions, confusions, "
            "mod 3 and mod 30 clashes between related cells on the same carrier; or, with Audit, the "
            "conflicts of the cells' own PCIs.  The plan loads as the sector wedges of the prediction's "
            "coverage.gpkg labelled with their PCI, coloured by PCI mod 3 and outlined red where a conflict "
            "remains; the audit as lines between the conflicting cells, coloured by conflict type "
            "(doc/planning.md, doc/qgis.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add(QgsProcessingParameterBoolean("AUDIT", "Audit the cells' PCIs instead of allocating",
                                                defaultValue=False))
        self._prediction_params()
        self._add(QgsProcessingParameterNumber("RANGE_FIRST", "Allocate from PCI", INTEGER, defaultValue=0,
                                               minValue=0, maxValue=PCI_MAX))
        self._add(QgsProcessingParameterNumber("RANGE_LAST", "to PCI", INTEGER, defaultValue=PCI_MAX,
                                               minValue=0, maxValue=PCI_MAX))
        self._add(QgsProcessingParameterString("RESERVED", "Never allocate these PCIs (P,Q,A..B)", optional=True))
        self._prediction_tail()
        self._add(QgsProcessingParameterFileDestination("OUTPUT", "PCI plan (or conflicts with Audit)",
                                                        "CSV files (*.csv)"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        p = parameters
        audit = self.parameterAsBoolean(p, "AUDIT", context)
        args = (["--audit"] if audit else []) + self._prediction_args(p, context)
        first = self.parameterAsInt(p, "RANGE_FIRST", context)
        last = self.parameterAsInt(p, "RANGE_LAST", context)
        # passed when not rfplan's default 0..503 (rfplan refuses them with --audit)
        if (first, last) != (0, PCI_MAX):
            args += ["--range", "%d..%d" % (first, last)]
        reserved = self.parameterAsString(p, "RESERVED", context)
        if reserved:
            args += ["--reserved", reserved]
        args += self._prediction_tail_args(p, context)
        out = self._csv_output(p, context)
        args += ["-o", out]
        self._to_load = [("pci_audit" if audit else "pci_plan", out, self._prediction)]
        return args


class OptimizeAlgorithm(RfplanAlgorithm):
    COMMAND = "optimize"
    TITLE = "Optimise tilt, azimuth and power"
    HELP = ("Searches the cells' mechanical tilt, azimuth and power within the given ranges for the largest "
            "area with RSRP and RS-SINR at or above the thresholds, less the overshooting area (coordinate "
            "descent from a seed).  Writes cells_optimized.csv (for Predict's cells table), changes.csv, "
            "optimize.json and predict's maps of the optimised cells; their project.qgs is loaded, with "
            "changes.csv as a table (doc/planning.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._workspace_param()
        for name, label, lo, hi in (("TILT_MIN_DEG", "Mechanical tilt from, degrees down", -90, 90),
                                    ("TILT_MAX_DEG", "to, degrees down (both or neither: fixed)", -90, 90)):
            self._add(QgsProcessingParameterNumber(name, label, DOUBLE, optional=True, minValue=lo, maxValue=hi))
        self._add(QgsProcessingParameterNumber("AZIMUTH_DEG", "Azimuth within +/- of the starting one, degrees "
                                               "(0: fixed)", DOUBLE, defaultValue=0, minValue=0, maxValue=180))
        for name, label in (("POWER_MIN_DB", "Power change from, dB"),
                            ("POWER_MAX_DB", "to, dB (both or neither: fixed)")):
            self._add(QgsProcessingParameterNumber(name, label, DOUBLE, optional=True, minValue=-60, maxValue=60))
        self._add(QgsProcessingParameterFile("CONSTRAINTS", "Per-cell ranges (CSV)", extension="csv",
                                             optional=True))
        self._add(QgsProcessingParameterFile("WEIGHT", "Traffic/population weight (GeoTIFF; default: area)",
                                             extension="tif", optional=True))
        self._add(QgsProcessingParameterNumber("RSRP_THRESHOLD_DBM", "Served: RSRP at or above, dBm", DOUBLE,
                                               defaultValue=-110, minValue=-200, maxValue=0))
        self._add(QgsProcessingParameterNumber("SINR_THRESHOLD_DB", "and RS-SINR at or above, dB", DOUBLE,
                                               defaultValue=-3, minValue=-50, maxValue=60))
        self._add(QgsProcessingParameterNumber("OVERSHOOT_KM", "Overshooting: served farther than, km (0: off)",
                                               DOUBLE, defaultValue=0, minValue=0, maxValue=500))
        self._add(QgsProcessingParameterNumber("OVERSHOOT_PENALTY", "Overshooting area's weight, subtracted",
                                               DOUBLE, defaultValue=1, minValue=0, maxValue=1000), advanced=True)
        self._add(QgsProcessingParameterNumber("SEED", "Seed of the cells' order", INTEGER, defaultValue=1,
                                               minValue=0, maxValue=2147483647), advanced=True)
        self._add(QgsProcessingParameterNumber("PASSES", "At most this many passes", INTEGER, defaultValue=5,
                                               minValue=1, maxValue=1000), advanced=True)
        self._model_params()
        self._threads_param()
        self._add(QgsProcessingParameterFolderDestination("OUTPUT", "Optimisation folder (new or empty)"))
        self._common_tail()

    def _range(self, p, context, lo_name, hi_name, opt, what):
        given = [p.get(n) is not None for n in (lo_name, hi_name)]
        if not any(given):
            return []
        if not all(given):
            raise QgsProcessingException("%s: give both ends of the range or neither" % what)
        return [opt, "%s..%s" % (_num(self.parameterAsDouble(p, lo_name, context)),
                                 _num(self.parameterAsDouble(p, hi_name, context)))]

    def build_args(self, parameters, context, feedback):
        p = parameters
        args = [self.parameterAsFile(p, "WORKSPACE", context)]
        args += self._range(p, context, "TILT_MIN_DEG", "TILT_MAX_DEG", "--tilt", "Mechanical tilt")
        azimuth = self.parameterAsDouble(p, "AZIMUTH_DEG", context)
        if azimuth > 0:
            args += ["--azimuth", _num(azimuth)]
        args += self._range(p, context, "POWER_MIN_DB", "POWER_MAX_DB", "--power", "Power change")
        for name, opt in (("CONSTRAINTS", "--constraints"), ("WEIGHT", "--weight")):
            value = self.parameterAsFile(p, name, context)
            if value:
                args += [opt, value]
        for name, opt, default in (("RSRP_THRESHOLD_DBM", "--rsrp-threshold", -110),
                                   ("SINR_THRESHOLD_DB", "--sinr-threshold", -3),
                                   ("OVERSHOOT_KM", "--overshoot-km", 0),
                                   ("OVERSHOOT_PENALTY", "--overshoot-penalty", 1)):
            value = self.parameterAsDouble(p, name, context)
            if value != default:
                args += [opt, _num(value)]
        for name, opt, default in (("SEED", "--seed", 1), ("PASSES", "--passes", 5)):
            value = self.parameterAsInt(p, name, context)
            if value != default:
                args += [opt, str(value)]
        args += self._model_args(p, context) + self._threads_args(p, context)
        out = self.output_folder(p, context, feedback)
        args += ["-o", out]
        name = os.path.basename(out.rstrip("/"))
        self._group = "rfplan optimize %s" % name
        self._to_load = [("project", os.path.join(out, "project.qgs"), self._group),
                         ("table", os.path.join(out, "changes.csv"), "changes")]
        return args


PLANNING_ALGORITHMS = [NeighboursAlgorithm, PciAlgorithm, OptimizeAlgorithm]

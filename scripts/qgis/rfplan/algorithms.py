"""The rfplan Processing algorithms: rfplan:import, rfplan:predict,
rfplan:viewshed, rfplan:compare, rfplan:calibrate (and, in planning.py,
rfplan:neighbours, rfplan:pci, rfplan:optimize).  Each turns its
parameters into one rfplan command line (recorded in the log and in the
results as COMMAND, so the run can be repeated in a terminal), runs it
(runner.run: progress, Cancel = SIGINT), reports rfplan's errors as
rfplan printed them and loads the outputs with their styles (loading.py).
Option meanings: `rfplan help COMMAND` and doc/*.md."""
import csv
import os
import shlex

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                       QgsProcessing, QgsProcessingAlgorithm,
                       QgsProcessingException, QgsProcessingLayerPostProcessorInterface,
                       QgsProcessingOutputString,
                       QgsProcessingParameterBoolean,
                       QgsProcessingParameterCrs, QgsProcessingParameterDefinition,
                       QgsProcessingParameterEnum, QgsProcessingParameterExtent,
                       QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination,
                       QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterNumber, QgsProcessingParameterPoint,
                       QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer,
                       QgsProcessingParameterString, QgsProcessingUtils)

from . import loading, runner

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MODELS = ["fspl", "los", "hata", "cost231", "itm", "spm", "p1812"]
ENVS = ["urban", "urban-large", "suburban", "open", "metropolitan"]
MEAS_FORMATS = ["auto", "csv", "cork", "opencellid"]
SHIPPED_CLASSES = ["(the file above)", "generic", "esa_worldcover"]
DOUBLE = QgsProcessingParameterNumber.Double
INTEGER = QgsProcessingParameterNumber.Integer


def _num(x):
    """A number as rfplan reads it (no trailing .0 on integers)."""
    return ("%d" % x) if float(x).is_integer() else repr(float(x))


class RfplanAlgorithm(QgsProcessingAlgorithm):
    """What every rfplan algorithm shares: the run and the loading."""
    COMMAND = ""          # rfplan's subcommand
    TITLE = ""
    HELP = ""

    def __init__(self):
        super().__init__()
        self._to_load = []

    # -- identity
    def name(self):
        return self.COMMAND

    def displayName(self):  # noqa: N802
        return self.TITLE

    def group(self):
        return "rfplan"

    def groupId(self):  # noqa: N802
        return "rfplan"

    def shortHelpString(self):  # noqa: N802
        return (self.HELP + "\n\nRuns `rfplan %s` (options: `rfplan help %s`); the command line is in "
                "the log and in the COMMAND output." % (self.COMMAND, self.COMMAND))

    def createInstance(self):  # noqa: N802
        return type(self)()

    # -- parameters shared by several algorithms
    def _add(self, param, advanced=False):
        if advanced:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(param)

    def _common_tail(self):
        self._add(QgsProcessingParameterString(
            "EXTRA", "Other rfplan options (as on the command line)", optional=True), advanced=True)
        self._add(QgsProcessingParameterBoolean(
            "LOAD", "Load the results into the project", defaultValue=True))
        self.addOutput(QgsProcessingOutputString("COMMAND", "rfplan command line"))

    def _workspace_param(self):
        self._add(QgsProcessingParameterFile(
            "WORKSPACE", "Workspace (made by rfplan import)", behavior=QgsProcessingParameterFile.Folder))

    # Bounds: those of the CLI's option parsers (src/cli/cmd_model_opts.c,
    # cmd_predict.c, cmd_optimize.c), so that the dialog accepts exactly
    # what rfplan does.
    def _model_params(self):
        """The cells and predict's model options (predict, optimize)."""
        self._add(QgsProcessingParameterFile("CELLS", "Cells table (default: the workspace's)",
                                             extension="csv", optional=True))
        self._add(QgsProcessingParameterEnum("MODEL", "Propagation model", MODELS, defaultValue=MODELS.index("itm")))
        self._add(QgsProcessingParameterEnum("ENV", "Hata/COST-231 environment", ENVS, defaultValue=0))
        self._add(QgsProcessingParameterNumber("RADIUS_KM", "Radius around each cell, km", DOUBLE,
                                               defaultValue=30, minValue=0.01, maxValue=500))
        # the frequency, height and antenna are per cell (rfplan refuses --freq-mhz and
        # --tx-height in predict): the cells table, or the defaults of its missing columns
        self._add(QgsProcessingParameterString("DEFAULT_CELL", "Defaults for missing cell columns "
                                               "(K=V,..: frequency_mhz=1800,height_agl_m=30,...)",
                                               optional=True))
        self._add(QgsProcessingParameterNumber("RX_HEIGHT_M", "Receiver height above ground, m", DOUBLE,
                                               defaultValue=1.5, minValue=0.01, maxValue=3000))
        self._add(QgsProcessingParameterEnum("CLUTTER_LOSS", "Clutter loss at the terminals",
                                             ["none", "p2108"], defaultValue=0))
        self._add(QgsProcessingParameterBoolean("NO_CLUTTER", "Ignore clutter heights along the path",
                                                defaultValue=False))
        self._add(QgsProcessingParameterFile("SPM_FILE", "SPM coefficients (e.g. from Calibrate)", extension="json",
                                             optional=True))
        self._add(QgsProcessingParameterNumber("RX_GAIN_DBI", "Receiver antenna gain, dBi", DOUBLE, defaultValue=0,
                                               minValue=-50, maxValue=50), advanced=True)
        self._add(QgsProcessingParameterNumber("NOISE_FIGURE_DB", "Receiver noise figure, dB", DOUBLE,
                                               defaultValue=7, minValue=0, maxValue=50), advanced=True)
        self._add(QgsProcessingParameterNumber("LOAD_FRACTION", "Interfering cells' load, 0..1", DOUBLE,
                                               defaultValue=1, minValue=0, maxValue=1), advanced=True)

    def _model_args(self, p, context):
        args = []
        cells = self.parameterAsFile(p, "CELLS", context)
        if cells:
            args += ["--cells", cells]
        model = MODELS[self.parameterAsEnum(p, "MODEL", context)]
        args += ["--model", model]
        if model in ("hata", "cost231"):
            args += ["--env", ENVS[self.parameterAsEnum(p, "ENV", context)]]
        args += ["--radius", _num(self.parameterAsDouble(p, "RADIUS_KM", context))]
        default_cell = self.parameterAsString(p, "DEFAULT_CELL", context)
        if default_cell:
            args += ["--default-cell", default_cell]
        args += ["--rx-height", _num(self.parameterAsDouble(p, "RX_HEIGHT_M", context))]
        if self.parameterAsEnum(p, "CLUTTER_LOSS", context) == 1:
            args += ["--clutter-loss", "p2108"]
        if self.parameterAsBoolean(p, "NO_CLUTTER", context):
            args.append("--no-clutter")
        spm = self.parameterAsFile(p, "SPM_FILE", context)
        if spm:
            args += ["--spm-file", spm]
        for name, opt, default in (("RX_GAIN_DBI", "--rx-gain-dbi", 0), ("NOISE_FIGURE_DB", "--noise-figure-db", 7),
                                   ("LOAD_FRACTION", "--load", 1)):
            value = self.parameterAsDouble(p, name, context)
            if value != default:
                args += [opt, _num(value)]
        return args

    def _threads_param(self):
        self._add(QgsProcessingParameterNumber("THREADS", "Threads (0: all cores)", INTEGER, defaultValue=0,
                                               minValue=0, maxValue=1024), advanced=True)

    def _threads_args(self, p, context):
        threads = self.parameterAsInt(p, "THREADS", context)
        return ["--threads", str(threads)] if threads > 0 else []

    # -- the run
    def build_args(self, parameters, context, feedback):
        """rfplan's arguments after the binary, and sets self._to_load."""
        raise NotImplementedError

    def extra(self, parameters, context):
        text = self.parameterAsString(parameters, "EXTRA", context)
        try:
            return shlex.split(text) if text else []
        except ValueError as e:
            raise QgsProcessingException("Other rfplan options '%s': %s" % (text, e))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        if feedback.isCanceled():
            raise QgsProcessingException("canceled before rfplan started")
        binary, why = _binary()
        if binary is None:
            raise QgsProcessingException(why)
        self._to_load = []
        self._output = None
        argv = [binary, self.COMMAND] + self.build_args(parameters, context, feedback) \
            + self.extra(parameters, context)
        cmd = runner.command_line(argv)
        feedback.pushCommandInfo(cmd)

        steps = []

        def on_progress(step, pct):
            if not steps or steps[-1] != step:
                steps.append(step)
                feedback.setProgressText("rfplan: %s" % step)
            feedback.setProgress(pct)

        def on_line(stream, line):
            if stream == "stderr" and line.startswith("rfplan: warning:"):
                feedback.pushWarning(line)
            else:
                feedback.pushInfo(line)

        try:
            status, out, err, canceled, pid = runner.run(argv, on_progress, on_line, feedback.isCanceled)
        except OSError as e:
            raise QgsProcessingException("%s: cannot run: %s" % (binary, e))
        if canceled:
            self._to_load = []
            for path in runner.remove_interrupted_tmp(self._output, pid) if self._output else []:
                feedback.pushInfo("removed the interrupted run's %s" % path)
            raise QgsProcessingException(
                "canceled: rfplan was interrupted (SIGINT%s); no output written" %
                ("" if status < 0 else ", exit status %d" % status))
        if status != 0:
            self._to_load = []
            text = "\n".join(err) or ("rfplan exited with status %d" % status)
            feedback.reportError(text, fatalError=True)
            raise QgsProcessingException(text)
        results = {"COMMAND": cmd}
        results.update(self.results(parameters, context))
        return results

    def results(self, parameters, context):
        return {"OUTPUT": self._output}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        project = context.project()
        if project is None or not self._load_wanted:
            return {}
        for kind, path, name in self._to_load:
            try:
                if kind == "project":
                    loading.load_project_layers(path, project, name, feedback)
                elif kind == "raster" and context.willLoadLayerOnCompletion(path):
                    # a layer output the dialog opens itself ("Open output
                    # file after running"), without the default style: the
                    # .qml is applied when it does
                    _style_on_completion(context, path)
                elif kind == "raster":
                    loading.load_raster(path, project, name, feedback, self._group)
                elif kind == "vector":
                    loading.load_vector(path, project, name, feedback, self._group)
                elif kind == "csvpoints":
                    loading.load_vector(path, project, name, feedback, self._group, "delimitedtext")
                elif kind == "table":
                    loading.load_table(path, project, name, feedback, self._group)
                elif kind in ("pci_plan", "pci_audit"):
                    loading.load_pci(kind == "pci_audit", path, name, project, feedback, self._group)
            except RuntimeError as e:
                feedback.reportError(str(e))
        return {}

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self._load_wanted = self.parameterAsBoolean(parameters, "LOAD", context)
        self._group = None
        return True

    def output_folder(self, parameters, context, feedback, name="OUTPUT"):
        """The folder destination; an empty folder (Processing makes its
        temporary ones) is removed so that rfplan creates it."""
        path = self.parameterAsString(parameters, name, context)
        if not path:
            raise QgsProcessingException("no output folder given")
        if os.path.isdir(path) and not os.listdir(path):
            os.rmdir(path)
        self._output = path
        return path


class _QmlStyle(QgsProcessingLayerPostProcessorInterface):
    """Applies FILE.qml to a layer Processing loads after the run."""

    def __init__(self, qml):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        msg, ok = layer.loadNamedStyle(self.qml)
        if not ok:
            feedback.reportError("%s: style not applied: %s" % (self.qml, msg))
        layer.triggerRepaint()


# Processing keeps only a pointer to a layer's post-processor: the Python
# objects live here until after the dialog has loaded the layers.
_POST_PROCESSORS = []


def _style_on_completion(context, path):
    qml = os.path.splitext(path)[0] + ".qml"
    if not os.path.exists(qml):
        return
    post = _QmlStyle(qml)
    del _POST_PROCESSORS[:-15]
    _POST_PROCESSORS.append(post)
    context.layerToLoadOnCompletionDetails(path).setPostProcessor(post)


def _binary():
    from .provider import rfplan_binary
    return rfplan_binary()


class ImportAlgorithm(RfplanAlgorithm):
    COMMAND = "import"
    TITLE = "Import DEM, clutter and sites (workspace)"
    HELP = ("Reprojects the DEM(s), the clutter raster and the sites onto one WGS84 grid and writes a "
            "workspace for Predict (doc/import.md).  Sites come from a point layer (its features, "
            "written as a generic CSV in WGS84) or from a CSV file (ACMA RRL site.csv or generic).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add(QgsProcessingParameterMultipleLayers("DEM", "DEM raster(s)", QgsProcessing.TypeRaster))
        self._add(QgsProcessingParameterCrs("DEM_SRS", "CRS of the DEM (overrides its own)", optional=True),
                  advanced=True)
        self._add(QgsProcessingParameterRasterLayer("CLUTTER", "Clutter class raster", optional=True))
        self._add(QgsProcessingParameterFile("CLUTTER_CLASSES", "Clutter class table (code,name,loss_db,height_m)",
                                             extension="csv", optional=True))
        self._add(QgsProcessingParameterEnum("CLUTTER_SHIPPED", "or a class table shipped with rfplan",
                                             SHIPPED_CLASSES, defaultValue=0))
        self._add(QgsProcessingParameterFeatureSource("SITES_LAYER", "Sites (point layer)",
                                                      [QgsProcessing.TypeVectorPoint], optional=True))
        self._add(QgsProcessingParameterField("SITES_ID_FIELD", "Site id field", parentLayerParameterName="SITES_LAYER",
                                              optional=True))
        self._add(QgsProcessingParameterField("SITES_NAME_FIELD", "Site name field",
                                              parentLayerParameterName="SITES_LAYER", optional=True))
        self._add(QgsProcessingParameterFile("SITES_FILE", "or sites CSV file", extension="csv", optional=True))
        self._add(QgsProcessingParameterEnum("SITES_FORMAT", "Sites CSV format", ["acma", "generic"], defaultValue=0))
        self._add(QgsProcessingParameterCrs("SITES_SRS", "CRS of the sites CSV's coordinates", optional=True),
                  advanced=True)
        self._add(QgsProcessingParameterFile("CELLS", "Cells table (CSV)", extension="csv", optional=True))
        self._add(QgsProcessingParameterNumber("RES_M", "Resolution, m (0: the DEM's)", DOUBLE,
                                               defaultValue=0, minValue=0, maxValue=100000))
        self._add(QgsProcessingParameterNumber("MARGIN_KM", "Clip to the sites' extent plus, km", DOUBLE,
                                               optional=True, minValue=0.001, maxValue=10000))
        self._add(QgsProcessingParameterExtent("BOUNDS", "Clip to this extent", optional=True))
        self._add(QgsProcessingParameterBoolean("SEA_LEVEL", "Heights below 0 m are sea", defaultValue=False),
                  advanced=True)
        self._add(QgsProcessingParameterBoolean("FORCE", "Replace an existing workspace", defaultValue=False))
        self._add(QgsProcessingParameterFolderDestination("OUTPUT", "Workspace folder"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        args = []
        dems = self.parameterAsLayerList(parameters, "DEM", context)
        if not dems:
            raise QgsProcessingException("DEM raster(s): none given")
        for layer in dems:
            args += ["--dem", layer.source()]
        crs = self.parameterAsCrs(parameters, "DEM_SRS", context)
        if crs.isValid():
            args += ["--dem-srs", crs.authid() or crs.toWkt()]
        clutter = self.parameterAsRasterLayer(parameters, "CLUTTER", context)
        if clutter is not None:
            args += ["--clutter", clutter.source()]
            table = self.parameterAsFile(parameters, "CLUTTER_CLASSES", context)
            shipped = self.parameterAsEnum(parameters, "CLUTTER_SHIPPED", context)
            if table or shipped:
                args += ["--clutter-classes", table or SHIPPED_CLASSES[shipped]]
        args += self._sites_args(parameters, context, feedback)
        cells = self.parameterAsFile(parameters, "CELLS", context)
        if cells:
            args += ["--cells", cells]
        res = self.parameterAsDouble(parameters, "RES_M", context)
        if res > 0:
            args += ["--res", _num(res) + "m"]
        if parameters.get("MARGIN_KM") is not None:
            args += ["--margin", _num(self.parameterAsDouble(parameters, "MARGIN_KM", context))]
        if parameters.get("BOUNDS"):
            ext = self.parameterAsExtent(parameters, "BOUNDS", context, WGS84)
            if not ext.isNull():
                args += ["--bounds", ",".join("%.9f" % v for v in
                                              (ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum()))]
        if self.parameterAsBoolean(parameters, "SEA_LEVEL", context):
            args.append("--sea-level")
        if self.parameterAsBoolean(parameters, "FORCE", context):
            args.append("--force")
        out = self.output_folder(parameters, context, feedback)
        args += ["-o", out]
        self._group = "rfplan workspace %s" % os.path.basename(out.rstrip("/"))
        self._to_load = [("raster", os.path.join(out, "dem.tif"), "dem")]
        if clutter is not None:
            self._to_load.append(("raster", os.path.join(out, "clutter.tif"), "clutter"))
        if "--sites" in args:
            uri = "file://%s?type=csv&xField=lon_deg&yField=lat_deg&crs=EPSG:4326&detectTypes=yes" \
                % os.path.join(out, "sites.csv")
            self._to_load.append(("csvpoints", uri, "sites"))
        return args

    def _sites_args(self, parameters, context, feedback):
        source = self.parameterAsSource(parameters, "SITES_LAYER", context)
        path = self.parameterAsFile(parameters, "SITES_FILE", context)
        if source is not None and path:
            raise QgsProcessingException("Sites: give a point layer or a CSV file, not both")
        if source is None:
            if not path:
                return []
            args = ["--sites", path,
                    "--sites-format", ["acma", "generic"][self.parameterAsEnum(parameters, "SITES_FORMAT", context)]]
            crs = self.parameterAsCrs(parameters, "SITES_SRS", context)
            if crs.isValid():
                args += ["--sites-srs", crs.authid() or crs.toWkt()]
            return args
        # A layer: its points in WGS84, written as a generic CSV that the
        # command line names (kept in Processing's temporary folder).
        id_field = self.parameterAsString(parameters, "SITES_ID_FIELD", context)
        name_field = self.parameterAsString(parameters, "SITES_NAME_FIELD", context)
        xform = QgsCoordinateTransform(source.sourceCrs(), WGS84, context.transformContext())
        csv_path = QgsProcessingUtils.generateTempFilename("rfplan_sites.csv")
        with open(csv_path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "name", "lat", "lon"])
            for n, feat in enumerate(source.getFeatures(), 1):
                geom = feat.geometry()
                if geom is None or geom.isEmpty():
                    raise QgsProcessingException("Sites layer: feature %d has no geometry" % feat.id())
                pt = xform.transform(geom.centroid().asPoint())
                site_id = feat[id_field] if id_field else n
                name = feat[name_field] if name_field else ""
                w.writerow([site_id, "" if name is None else name, "%.9f" % pt.y(), "%.9f" % pt.x()])
        feedback.pushInfo("sites layer written as %s" % csv_path)
        return ["--sites", csv_path, "--sites-format", "generic"]


class PredictAlgorithm(RfplanAlgorithm):
    COMMAND = "predict"
    TITLE = "Predict LTE coverage"
    HELP = ("Predicts LTE coverage over a workspace: path loss per cell with the chosen model, then "
            "RSRP, best server, SINR, RSRQ and the service maps, each a GeoTIFF with its QGIS style, and "
            "project.qgs, whose layers (groups and styles included) are loaded (doc/engine.md, doc/outputs.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._workspace_param()
        self._model_params()
        self._add(QgsProcessingParameterBoolean("INDOOR", "Also indoor RSRP (ITU-R P.2109)", defaultValue=False))
        self._add(QgsProcessingParameterNumber("SHADOWING_SIGMA_DB", "Shadowing deviation, dB (coverage probability)",
                                               DOUBLE, optional=True, minValue=0, maxValue=30), advanced=True)
        self._add(QgsProcessingParameterBoolean("PER_CELL", "Also a path loss map per cell", defaultValue=False),
                  advanced=True)
        self._threads_param()
        self._add(QgsProcessingParameterBoolean("FORCE", "Replace an earlier prediction in the output folder",
                                                defaultValue=False))
        self._add(QgsProcessingParameterFolderDestination("OUTPUT", "Prediction folder"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        p = parameters
        args = [self.parameterAsFile(p, "WORKSPACE", context)] + self._model_args(p, context)
        if self.parameterAsBoolean(p, "INDOOR", context):
            args.append("--indoor")
        if p.get("SHADOWING_SIGMA_DB") is not None:
            args += ["--shadowing-sigma-db", _num(self.parameterAsDouble(p, "SHADOWING_SIGMA_DB", context))]
        if self.parameterAsBoolean(p, "PER_CELL", context):
            args.append("--per-cell")
        args += self._threads_args(p, context)
        if self.parameterAsBoolean(p, "FORCE", context):
            args.append("--force")
        out = self.output_folder(p, context, feedback)
        args += ["-o", out]
        self._to_load = [("project", os.path.join(out, "project.qgs"),
                          "rfplan predict %s" % os.path.basename(out.rstrip("/")))]
        return args


class ViewshedAlgorithm(RfplanAlgorithm):
    COMMAND = "viewshed"
    TITLE = "Viewshed (line of sight)"
    HELP = ("Line-of-sight map of one observer (a site of the workspace, or a point) over the workspace "
            "DEM, clutter heights blocking: 255 visible, 0 hidden, 128 beyond the radius; loaded with its "
            "style (doc/viewshed.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._workspace_param()
        self._add(QgsProcessingParameterString("SITE", "Observer: site id", optional=True))
        self._add(QgsProcessingParameterPoint("AT", "or observer position", optional=True))
        self._add(QgsProcessingParameterNumber("HEIGHT_M", "Observer height above ground, m", DOUBLE,
                                               defaultValue=30, minValue=0, maxValue=10000))
        self._add(QgsProcessingParameterNumber("RX_HEIGHT_M", "Target height above ground, m", DOUBLE,
                                               defaultValue=1.5, minValue=0, maxValue=10000))
        self._add(QgsProcessingParameterNumber("RADIUS_KM", "Radius, km", DOUBLE, defaultValue=30, minValue=0.01,
                                               maxValue=500))
        self._add(QgsProcessingParameterNumber("K_FACTOR", "Effective earth radius factor (default 4/3)", DOUBLE,
                                               optional=True, minValue=0.1, maxValue=100), advanced=True)
        self._add(QgsProcessingParameterBoolean("FLAT_EARTH", "No earth curvature", defaultValue=False),
                  advanced=True)
        self._add(QgsProcessingParameterBoolean("NO_CLUTTER", "Ignore clutter heights", defaultValue=False))
        self._add(QgsProcessingParameterRasterDestination("OUTPUT", "Viewshed"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        p = parameters
        args = [self.parameterAsFile(p, "WORKSPACE", context)]
        site = self.parameterAsString(p, "SITE", context)
        if site and p.get("AT"):
            raise QgsProcessingException("Observer: give a site id or a position, not both")
        if site:
            args += ["--site", site]
        elif p.get("AT"):
            pt = self.parameterAsPoint(p, "AT", context, WGS84)
            args += ["--at", "%.9f,%.9f" % (pt.y(), pt.x())]
        else:
            raise QgsProcessingException("Observer: give a site id or a position")
        args += ["--height", _num(self.parameterAsDouble(p, "HEIGHT_M", context)),
                 "--rx-height", _num(self.parameterAsDouble(p, "RX_HEIGHT_M", context)),
                 "--radius", _num(self.parameterAsDouble(p, "RADIUS_KM", context))]
        if p.get("K_FACTOR") is not None:
            args += ["--k-factor", _num(self.parameterAsDouble(p, "K_FACTOR", context))]
        if self.parameterAsBoolean(p, "FLAT_EARTH", context):
            args.append("--flat-earth")
        if self.parameterAsBoolean(p, "NO_CLUTTER", context):
            args.append("--no-clutter")
        out = self.parameterAsOutputLayer(p, "OUTPUT", context)
        if not out.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException("Viewshed: '%s' is not a GeoTIFF (.tif) file name" % out)
        self._output = out
        args += ["-o", out]
        self._to_load = [("raster", out, "viewshed %s" % (site or "point"))]
        return args


class _MeasurementsAlgorithm(RfplanAlgorithm):
    def _measurement_params(self):
        self._add(QgsProcessingParameterFile("MEASUREMENTS", "Drive-test measurements (CSV)", extension="csv"))
        self._add(QgsProcessingParameterEnum("FORMAT", "Measurement format", MEAS_FORMATS, defaultValue=0))
        self._add(QgsProcessingParameterNumber("MIN_DISTANCE_M", "Exclude points closer to their site than, m",
                                               DOUBLE, defaultValue=100, minValue=0, maxValue=1e6))
        self._add(QgsProcessingParameterNumber("FLOOR_DBM", "Exclude measurements below, dBm", DOUBLE,
                                               defaultValue=-140, minValue=-150, maxValue=-44))
        self._add(QgsProcessingParameterBoolean("BIN", "Average the measurements of each pixel and cell",
                                                defaultValue=False))

    def _measurement_args(self, p, context):
        args = ["--measurements", self.parameterAsFile(p, "MEASUREMENTS", context)]
        fmt = self.parameterAsEnum(p, "FORMAT", context)
        if fmt:
            args += ["--format", MEAS_FORMATS[fmt]]
        args += ["--min-distance-m", _num(self.parameterAsDouble(p, "MIN_DISTANCE_M", context)),
                 "--floor-dbm", _num(self.parameterAsDouble(p, "FLOOR_DBM", context))]
        if self.parameterAsBoolean(p, "BIN", context):
            args.append("--bin")
        return args


class CompareAlgorithm(_MeasurementsAlgorithm):
    COMMAND = "compare"
    TITLE = "Compare prediction with drive test"
    HELP = ("Compares a prediction with drive-test RSRP: statistics in the log and compare.json, the "
            "points (styled by error) loaded from points.gpkg, plots as PNG (doc/calibration.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._workspace_param()
        self._add(QgsProcessingParameterFile("PREDICTION", "Prediction folder (made by Predict)",
                                             behavior=QgsProcessingParameterFile.Folder))
        self._measurement_params()
        self._add(QgsProcessingParameterBoolean("FORCE", "Replace an earlier comparison in the output folder",
                                                defaultValue=False))
        self._add(QgsProcessingParameterFolderDestination("OUTPUT", "Comparison folder"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        p = parameters
        args = [self.parameterAsFile(p, "WORKSPACE", context), self.parameterAsFile(p, "PREDICTION", context)]
        args += self._measurement_args(p, context)
        if self.parameterAsBoolean(p, "FORCE", context):
            args.append("--force")
        out = self.output_folder(p, context, feedback)
        args += ["-o", out]
        self._group = "rfplan compare %s" % os.path.basename(out.rstrip("/"))
        self._to_load = [("vector", os.path.join(out, "points.gpkg") + "|layername=points", "points")]
        return args


class CalibrateAlgorithm(_MeasurementsAlgorithm):
    COMMAND = "calibrate"
    TITLE = "Calibrate SPM on drive test"
    HELP = ("Fits the Standard Propagation Model's coefficients (and with 'classes' a loss per clutter "
            "class) to drive-test RSRP; the output is an SPM file for Predict's 'SPM coefficients' "
            "(doc/calibration.md).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self._workspace_param()
        self._measurement_params()
        self._add(QgsProcessingParameterFile("CELLS", "Cells table (default: the workspace's)", extension="csv",
                                             optional=True))
        self._add(QgsProcessingParameterFile("SPM_FILE", "Starting SPM coefficients", extension="json",
                                             optional=True))
        self._add(QgsProcessingParameterBoolean("CLASSES", "Also fit a loss per clutter class", defaultValue=False))
        self._add(QgsProcessingParameterNumber("FOLDS", "Held-out statistics: folds", INTEGER, defaultValue=5,
                                               minValue=2, maxValue=100))
        self._add(QgsProcessingParameterNumber("RADIUS_KM", "Radius around each cell, km", DOUBLE,
                                               defaultValue=30, minValue=0.01, maxValue=500))
        self._add(QgsProcessingParameterNumber("RX_HEIGHT_M", "Receiver height above ground, m", DOUBLE,
                                               defaultValue=1.5, minValue=0.01, maxValue=3000))
        self._add(QgsProcessingParameterFileDestination("OUTPUT", "Calibrated SPM file", "JSON files (*.json)"))
        self._common_tail()

    def build_args(self, parameters, context, feedback):
        p = parameters
        args = [self.parameterAsFile(p, "WORKSPACE", context)] + self._measurement_args(p, context)
        cells = self.parameterAsFile(p, "CELLS", context)
        if cells:
            args += ["--cells", cells]
        spm = self.parameterAsFile(p, "SPM_FILE", context)
        if spm:
            args += ["--spm-file", spm]
        if self.parameterAsBoolean(p, "CLASSES", context):
            args.append("--classes")
        args += ["--folds", str(self.parameterAsInt(p, "FOLDS", context)),
                 "--radius", _num(self.parameterAsDouble(p, "RADIUS_KM", context)),
                 "--rx-height", _num(self.parameterAsDouble(p, "RX_HEIGHT_M", context))]
        out = self.parameterAsFileOutput(p, "OUTPUT", context)
        self._output = out
        args += ["-o", out]
        return args


ALGORITHMS = [ImportAlgorithm, PredictAlgorithm, ViewshedAlgorithm, CompareAlgorithm, CalibrateAlgorithm]

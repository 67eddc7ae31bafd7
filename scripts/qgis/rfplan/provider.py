"""The Processing provider `rfplan` and its setting, the rfplan executable
(Processing > Options > Providers > rfplan; the QgsSettings key
Processing/Configuration/RFPLAN_BINARY)."""
import os

from qgis.core import QgsProcessingProvider, QgsSettings
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .planning import PLANNING_ALGORITHMS
from . import runner

SETTING_BINARY = "RFPLAN_BINARY"
SETTINGS_KEY = "Processing/Configuration/" + SETTING_BINARY

try:  # the Processing plugin's options page (absent in a bare qgis.core)
    from processing.core.ProcessingConfig import ProcessingConfig, Setting
except ImportError:
    ProcessingConfig = None


def configured_binary():
    """The rfplan executable set in the provider's settings ('' if none)."""
    if ProcessingConfig is not None:
        value = ProcessingConfig.getSetting(SETTING_BINARY)
        if value:
            return str(value)
    return str(QgsSettings().value(SETTINGS_KEY, "") or "")


def rfplan_binary():
    return runner.find_binary(configured_binary())


class RfplanProvider(QgsProcessingProvider):
    def id(self):
        return "rfplan"

    def name(self):
        return "rfplan"

    def longName(self):  # noqa: N802
        path, _ = rfplan_binary()
        return "rfplan (%s)" % path if path else "rfplan (executable not found)"

    def icon(self):
        return QIcon(os.path.join(runner.plugin_dir(), "icon.png"))

    def load(self):
        if ProcessingConfig is not None:
            ProcessingConfig.settingIcons[self.name()] = self.icon()
            ProcessingConfig.addSetting(Setting(
                self.name(), SETTING_BINARY,
                "rfplan executable (empty: rfplan on PATH; RFPLAN_BIN overrides)",
                "", valuetype=Setting.FILE))
            ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        if ProcessingConfig is not None:
            ProcessingConfig.removeSetting(SETTING_BINARY)

    def loadAlgorithms(self):  # noqa: N802
        for cls in ALGORITHMS + PLANNING_ALGORITHMS:
            self.addAlgorithm(cls())

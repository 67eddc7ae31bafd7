"""rfplan QGIS plugin: a Processing provider that runs the rfplan binary
(doc/qgis.md).  QGIS calls classFactory(iface) to load it."""


def classFactory(iface):  # noqa: N802 (the name QGIS calls)
    from .plugin import RfplanPlugin
    return RfplanPlugin(iface)

"""Feature extraction from time-ordered tables and windows.

``TsfreshFeatures`` is resolved lazily (module ``__getattr__``), so importing
this package does not import tsfresh (~5 s).
"""

import importlib

from ._flatten import FlattenWindows, WindowSummary
from ._rolling import RollingStats

# name -> private module, imported on first access.
_LAZY = {
    "TsfreshFeatures": "sktseq.features._tsfresh",
}

__all__ = ["FlattenWindows", "RollingStats", "TsfreshFeatures", "WindowSummary"]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sktseq.features' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))

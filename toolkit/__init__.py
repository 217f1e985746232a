"""Conversation-habits toolkit: do accounts talk *with* people, or post and run?

The front door is small::

    import toolkit as tk
    archive = tk.load("data/sample")          # any exports, detected by content
    archive.summary()                         # who is in it, what the data allow
    results = tk.metrics.compute(archive)     # every metric, with intervals
    tk.report.build(archive, out="reports/x.html")

``tk.metrics``, ``tk.charts`` and ``tk.report`` are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from toolkit.archive import Archive
from toolkit.errors import ToolkitError
from toolkit.sources import load

__version__ = "0.1.0"

__all__ = ["Archive", "ToolkitError", "__version__", "charts", "load", "metrics", "report"]

_LAZY = {"metrics", "charts", "report"}

if TYPE_CHECKING:  # pragma: no cover
    from toolkit import charts, metrics, report


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f"toolkit.{name}")
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")

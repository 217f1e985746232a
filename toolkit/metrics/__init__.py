"""The metric catalog and the functions behind it.

``catalog()`` lists every metric with its definition (reports print definitions
from here only); ``compute(archive)`` measures them per account or person and
period, with bootstrap intervals and a ``not available: <reason>`` status where
the data cannot answer. The other functions return the tidy frames the charts
draw: ``post_mix``, ``km_curves``, ``rhythm``, ``clients``, ``interlocutors``,
``press_release_examples``.

Building blocks (functions returning ``pl.Expr``) live in
:mod:`toolkit.metrics.expr`.
"""

from __future__ import annotations

from toolkit.metrics import expr
from toolkit.metrics._catalog import METRICS, catalog
from toolkit.metrics._compute import RESULT_SCHEMA, compute
from toolkit.metrics._frames import (
    clients,
    interlocutors,
    km_curves,
    post_mix,
    press_release_examples,
    rhythm,
)

__all__ = [
    "METRICS",
    "RESULT_SCHEMA",
    "catalog",
    "clients",
    "compute",
    "expr",
    "interlocutors",
    "km_curves",
    "post_mix",
    "press_release_examples",
    "rhythm",
]

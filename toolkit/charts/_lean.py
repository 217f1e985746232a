"""Lean chart building: dict stand-ins for Altair's property classes, and no instantiation checks.

``Axis``, ``Scale``, ``Legend``, ``TitleParams`` and ``Header`` are plain dicts;
:func:`built_unchecked` makes a chart function build without Altair's
per-object schema validation (:func:`unchecked`).

Altair deep-copies a chart each time it is layered, concatenated or turned into
a spec, and an ``alt.Axis`` object carries every one of its ~80 possible
properties, set or not; a dict carries only those given. Vega-Lite reads the
same JSON either way. With dicts the scorecard builds and serialises about
twice as fast (0.6 s less per chart on the committed sample), which is most of a
widget's re-render. ``alt.Undefined`` values are left out, as Altair does.

Examples
--------
>>> Axis(format="%", title=None)
{'format': '%', 'title': None}
>>> TitleParams("Dialogue", anchor="start")
{'text': 'Dialogue', 'anchor': 'start'}
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import altair as alt
from altair.utils import schemapi

from toolkit._switch import SharedSwitch


def _properties(**kw: Any) -> dict[str, Any]:
    """The keywords given, as a dict (``alt.Undefined`` left out)."""
    return {k: v for k, v in kw.items() if v is not alt.Undefined}


#: stand-ins for ``alt.Axis``, ``alt.Scale``, ``alt.Legend`` and ``alt.Header`` (keywords only)
Axis = Scale = Legend = Header = _properties


def TitleParams(text: Any = alt.Undefined, **kw: Any) -> dict[str, Any]:  # noqa: N802
    """Title properties (``alt.TitleParams``: the text, then keywords) as a dict."""
    return _properties(text=text, **kw)


# ----------------------------------------------------------------------------- instantiation checks

_F = TypeVar("_F", bound=Callable[..., Any])


def _checks_off() -> bool:
    before = schemapi.DEBUG_MODE
    schemapi.DEBUG_MODE = False
    return before


def _checks_back(before: bool) -> None:
    schemapi.DEBUG_MODE = before


#: ``with unchecked():`` Altair's instantiation checks are off while charts are built here.
#: In its default "debug mode" Altair validates every schema object against the Vega-Lite
#: schema the moment it is made (each ``alt.X``, ``alt.Color``, ``alt.Tooltip``...): ~40 %
#: of building a scorecard. The chart functions are tested to give valid specs
#: (``to_dict(validate=True)`` in the tests, and in ``save``), so they build with the
#: checks off, then the mode is restored. The mode is Altair's global: while a chart
#: function runs, charts built in other threads skip the checks too (their specs are the
#: same). Nested and concurrent uses share it; the last one out restores the mode.
unchecked = SharedSwitch(_checks_off, _checks_back)


def built_unchecked(func: _F) -> _F:
    """Decorate a chart function: it builds its chart within :func:`unchecked`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with unchecked():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]

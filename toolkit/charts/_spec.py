"""A quicker ``to_dict`` for the charts built here: the same Vega-Lite spec, in a fraction of the time.

Altair turns a chart into its spec through generic machinery: every value in
the chart (each axis title, each colour of a scale's range) passes a chain of
type checks, some of them runtime ``Protocol`` checks; every sub-chart's
DataFrame is wrapped by Narwhals, sanitised and hashed; every channel's
shorthand is parsed by regular expressions. For a scorecard of 40 sub-charts
that is ~50 ms of a widget's refresh. :func:`chart_dict` walks the same objects in
the same order and writes the same dict (keys in the same order, datasets
under the same names), but handles the common cases directly:

- JSON values (str, int, float, bool, None, list, tuple, dict) are copied as they are;
- a schema object whose class keeps Altair's generic ``to_dict`` becomes the
  dict of its properties, as in ``SchemaBase.to_dict``;
- a field channel (``alt.X("value:Q")``) parses its shorthand once per string
  (``parse_shorthand``, cached) and merges it as ``FieldChannelMixin`` does;
- a chart (``Chart``, ``LayerChart``, ``FacetChart``, ``VConcatChart``...)
  prepares its data as ``TopLevelMixin.to_dict`` does; a Polars frame of
  plain columns (numbers, text, booleans, categories) becomes its rows
  directly, which is what Altair's default data transformer gives for them.

Everything else (numpy values, dates, a shorthand without a type, conditions
built with ``alt.when``, frames with time columns, another data transformer,
VegaFusion) is handed to Altair's own code for that object, so the result is
Altair's, only sooner. ``tests/test_charts.py`` compares both on every chart.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from typing import Any

import altair as alt
import narwhals.stable.v1 as nw
import polars as pl
from altair import theme
from altair.utils import schemapi
from altair.utils.core import parse_shorthand, update_nested
from altair.utils.schemapi import SchemaBase, Undefined, _replace_parsed_shorthand, _todict
from altair.vegalite.v6 import api
from altair.vegalite.v6.schema import SCHEMA_URL, channels

_EXCLUDE = frozenset({"shorthand", "_cached_hash"})
#: Polars types whose values Altair's default data transformer passes through unchanged
_PLAIN_TYPES = (
    pl.Boolean,
    pl.String,
    pl.Categorical,
    pl.Enum,
    pl.Null,
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.UInt64,
    pl.Float32,
    pl.Float64,
)
_JSON_SCALARS = (str, int, float, bool, type(None))

_state = threading.local()


@contextlib.contextmanager
def altair_only() -> Iterator[None]:
    """Within this block (in this thread), charts are serialised by Altair's own code only."""
    before = getattr(_state, "off", False)
    _state.off = True
    try:
        yield
    finally:
        _state.off = before


def enabled() -> bool:
    """Whether :func:`chart_dict` may be used here: not inside :func:`altair_only`, no VegaFusion."""
    return not getattr(_state, "off", False) and not api._using_vegafusion()


# ----------------------------------------------------------------------------- dispatch by class

_GENERIC, _FIELD, _VALUE, _TOP, _FACET_MAPPING, _ALTAIR = range(6)


@functools.cache
def _kind(cls: type) -> int:
    """How objects of ``cls`` are serialised: by the code here that mirrors theirs, or by Altair."""
    definers = {c for c in cls.__mro__ if "to_dict" in c.__dict__}
    generic = {SchemaBase}
    if definers <= generic:
        return _GENERIC
    if definers <= generic | {channels.DatumChannelMixin}:
        return _GENERIC  # DatumChannelMixin.to_dict only calls SchemaBase.to_dict
    if definers <= generic | {channels.FieldChannelMixin}:
        return _FIELD
    if definers <= generic | {channels.ValueChannelMixin}:
        return _VALUE
    if definers <= generic | {api.FacetMapping}:
        return _FACET_MAPPING
    if api.TopLevelMixin in definers and definers <= generic | {api.TopLevelMixin, api.Chart} | {
        c for c in definers if getattr(c.to_dict, "_same_as_altair", False)
    }:
        return _TOP
    return _ALTAIR


@functools.lru_cache(maxsize=4096)
def _parsed(shorthand: str) -> dict[str, Any]:
    return parse_shorthand(shorthand)


def field_of(channel: Any) -> Any:
    """The field a channel draws: ``field_of(alt.Y("label:N"))`` is ``channel.to_dict()["field"]``.

    Examples
    --------
    >>> field_of(alt.Tooltip("n:Q", title="n")), field_of(alt.X(field="t", type="quantitative"))
    ('n', 't')
    """
    shorthand = channel._get("shorthand")
    if isinstance(shorthand, str) and channel._get("field") is Undefined:
        with contextlib.suppress(ValueError, StopIteration):
            return _parsed(shorthand)["field"]
    return channel.to_dict(validate=False)["field"]


def _json(obj: Any, context: dict[str, Any]) -> Any:
    """``altair.utils.schemapi._todict`` for the values found in the charts here."""
    cls = type(obj)
    if cls in _JSON_SCALARS:
        return obj
    if cls is dict:
        return {k: _json(v, context) for k, v in obj.items() if v is not Undefined}
    if cls is list or cls is tuple:
        return [_json(v, context) for v in obj]
    if isinstance(obj, SchemaBase):
        kind = _kind(cls)
        if kind == _GENERIC:
            return _schema(obj, obj._kwds, context)
        if kind == _FIELD:
            return _field(obj, context)
        if kind == _VALUE:
            condition = obj._kwds.get("condition", Undefined)
            if condition is Undefined or isinstance(condition, SchemaBase):
                return _schema(obj, obj._kwds, context)
        elif kind == _FACET_MAPPING:
            if not isinstance(obj._get("row"), str) and not isinstance(obj._get("column"), str):
                return _schema(obj, obj._kwds, context)
        elif kind == _TOP:
            return chart_dict(obj, context)
        return obj.to_dict(validate=False, context=context)
    return _todict(obj, context, *_optional_modules())


@functools.cache
def _optional_modules() -> tuple[Any, Any]:
    opts = schemapi._get_optional_modules(np_opt="numpy", pd_opt="pandas")
    return opts["np_opt"], opts["pd_opt"]


def _schema(obj: SchemaBase, kwds: dict[str, Any], context: dict[str, Any]) -> Any:
    """``SchemaBase.to_dict`` (no validation) of ``obj`` whose properties are ``kwds``."""
    if obj._args and not kwds:
        return _json(obj._args[0], context)
    if obj._args:
        return obj.to_dict(validate=False, context=context)  # Altair raises its error
    out = {}
    for k, v in kwds.items():
        if k in _EXCLUDE or v is Undefined:
            continue
        if k == "mark" and isinstance(v, str) and v:
            out[k] = {"type": v}
        else:
            out[k] = _json(v, context)
    return out


def _field(obj: SchemaBase, context: dict[str, Any]) -> Any:
    """``FieldChannelMixin.to_dict``: the shorthand's field, type and aggregate merged in."""
    kwds = obj._kwds
    shorthand = kwds.get("shorthand", Undefined)
    if shorthand is Undefined:
        return _schema(obj, kwds, context)
    if not isinstance(shorthand, str) or kwds.get("field", Undefined) is not Undefined:
        return obj.to_dict(validate=False, context=context)
    try:
        parsed = dict(_parsed(shorthand))
    except (ValueError, StopIteration):
        return obj.to_dict(validate=False, context=context)  # Altair raises its error
    if "type" not in parsed:  # inferred from the data: Altair's business
        return obj.to_dict(validate=False, context=context)
    if "type" not in kwds:
        parsed.pop("type", None)
    return _schema(obj, _replace_parsed_shorthand(parsed, kwds.copy()), context)


def _rows(data: Any) -> list[dict[str, Any]] | None:
    """The rows Altair's default data transformer writes for a Polars frame, or None (ask Altair)."""
    if type(data) is not pl.DataFrame or not api.data_transformers.consolidate_datasets:
        return None
    registry = api.data_transformers
    if registry.active != "default" or set(registry.options) - {"max_rows"}:
        return None
    max_rows = registry.options.get("max_rows", 5000)
    if max_rows is not None and data.height > max_rows:
        return None  # Altair raises MaxRowsError
    if not all(isinstance(t, _PLAIN_TYPES) for t in data.dtypes):
        return None  # dates and times are formatted by Altair
    return data.rows(named=True)


def chart_dict(obj: Any, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """``TopLevelMixin.to_dict`` (Vega-Lite, no validation) of a chart, at the top or nested."""
    context = context.copy() if context else {}
    context.setdefault("datasets", {})
    top = context.get("top_level", True)
    kwds = obj._kwds
    data = kwds.get("data", Undefined)
    if isinstance(obj, api.Chart) and data is Undefined and "data" not in context:
        data = api.core.InlineData(values=[{}])  # Chart.to_dict: empty data for datum encodings
    if data is not Undefined:
        kwds = kwds.copy()
        rows = _rows(data)
        if rows is not None:
            name = api._dataset_name(rows)
            context["datasets"][name] = rows
            kwds["data"] = {"name": name}
            context["data"] = nw.from_native(data, eager_or_interchange_only=True)
        else:
            try:
                wrapped = nw.from_native(data, eager_or_interchange_only=True)
            except TypeError:
                wrapped = data
            kwds["data"] = api._prepare_data(wrapped, context)
            context["data"] = wrapped
    context["top_level"] = False
    spec = _schema(obj, kwds, dict(context, pre_transform=False))
    if top:
        if "$schema" not in spec:
            spec["$schema"] = SCHEMA_URL
        func = theme.get()
        if not func:
            return alt.TopLevelMixin.to_dict(obj, False)  # Altair raises its error
        spec = update_nested(func(), spec, copy=True)
        if context["datasets"]:
            spec.setdefault("datasets", {}).update(context["datasets"])
    return spec


def same_as_altair(method: Any) -> Any:
    """Mark a chart class's ``to_dict`` as one that gives Altair's result (see :func:`_kind`)."""
    method._same_as_altair = True
    return method

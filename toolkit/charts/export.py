"""Export: one function writes a chart as offline HTML, SVG, PNG, PDF or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from toolkit.charts._frames import ChartInputError

FORMATS = (".html", ".svg", ".png", ".pdf", ".json")


def vl_version() -> str | None:
    """The Vega-Lite version Altair writes, as vl-convert names it (``"6.4"``); None = its latest."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


def spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite spec of a chart, checked against the schema (a dict passes through)."""
    return chart if isinstance(chart, dict) else chart.to_dict(validate=True)


def save(
    chart: alt.TopLevelMixin | dict[str, Any], path: str | Path, *, scale: float = 2.0
) -> Path:
    """Write ``chart`` to ``path``; the suffix picks the format. Creates the parent folder.

    ``.html`` is self-contained (Vega, Vega-Lite and vega-embed inlined, ~1 MB,
    renders with no network); ``.svg``, ``.png`` (``scale`` 2 gives crisp print
    and retina images) and ``.pdf`` are rendered by vl-convert without a
    browser; ``.json`` is the Vega-Lite spec.

    Examples
    --------
    >>> import altair as alt, polars as pl, tempfile, pathlib
    >>> c = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> save(c, pathlib.Path(tempfile.mkdtemp()) / "c.svg").read_text()[:4]
    '<svg'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ChartInputError(
            f"{path}: cannot save a chart as {suffix or 'a file without suffix'}; use one of {FORMATS}"
        )
    vl = spec(chart)
    version = vl_version()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        html = vlc.vegalite_to_html(vl, vl_version=version, bundle=True)
        path.write_text(html, encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(vl, vl_version=version), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(vl, vl_version=version, scale=scale))
    elif suffix == ".pdf":
        path.write_bytes(vlc.vegalite_to_pdf(vl, vl_version=version))
    else:
        path.write_text(json.dumps(vl, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


__all__ = ["FORMATS", "save", "spec", "vl_version"]

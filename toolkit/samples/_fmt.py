"""Byte layouts shared by the writers: JSON styles of real exports and deterministic zips.

* Twitter account archives (2019+): 2-space pretty JSON, ``" : "`` separators,
  empty arrays as ``[ ]``, real UTF-8.
* Grailbird (2012 archives): Jackson's pretty printer: inline arrays ``[ 0, 11 ]``,
  ``[ {`` ... ``} ]``, ``\\/`` and ``\\u003C`` escapes, non-ASCII as ``\\uXXXX``.
* Facebook / Instagram: UTF-8 *bytes* written as ``\\u00XX`` escapes (mojibake),
  ``json.dumps(..., indent=2, ensure_ascii=True)``.

Zips are byte-reproducible: members sorted, one fixed timestamp, fixed
compression level and attributes.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

# --------------------------------------------------------------------------- Twitter archive style

_KEY_SEP = re.compile(rb'(?<!\\)": ')
_EMPTY_LIST = re.compile(rb"(\" : |^|\n\s*)\[\]")
_EMPTY_OBJ = re.compile(rb"(\" : |^|\n\s*)\{\}")


def archive_json(obj: Any) -> bytes:
    """Pretty JSON as the Twitter account archive writes it (``"key" : value``, ``[ ]``)."""
    b = orjson.dumps(obj, option=orjson.OPT_INDENT_2)
    b = _KEY_SEP.sub(b'" : ', b)
    b = _EMPTY_LIST.sub(rb"\1[ ]", b)
    b = _EMPTY_OBJ.sub(rb"\1{ }", b)
    return b


def ytd_js(global_name: str, obj: Any) -> bytes:
    """``window.YTD.<name>.partN = [ ... ]`` (no trailing semicolon)."""
    return f"window.{global_name} = ".encode() + archive_json(obj)


def ytd_js_items(global_name: str, items: Iterable[Any]) -> bytes:
    """The same bytes as :func:`ytd_js` on a list, built one element at a time (less memory)."""
    chunks = [b"  " + archive_json(x).replace(b"\n", b"\n  ") for x in items]
    if not chunks:
        return f"window.{global_name} = [ ]".encode()
    return f"window.{global_name} = [\n".encode() + b",\n".join(chunks) + b"\n]"


# --------------------------------------------------------------------------- Jackson style (Grailbird)

_U = re.compile(r"\\u([0-9a-f]{4})")


def _jstr(s: str) -> str:
    t = json.dumps(s, ensure_ascii=True)
    t = _U.sub(lambda m: "\\u" + m.group(1).upper(), t)
    return t.replace("/", "\\/").replace("<", "\\u003C").replace(">", "\\u003E")


def jackson(v: Any, indent: int = 0) -> str:
    """Jackson ``DefaultPrettyPrinter`` output, as in 2012-era Grailbird files."""
    if isinstance(v, dict):
        if not v:
            return "{ }"
        pad = " " * (indent + 2)
        inner = ",\n".join(f"{pad}{_jstr(k)} : {jackson(x, indent + 2)}" for k, x in v.items())
        return "{\n" + inner + "\n" + " " * indent + "}"
    if isinstance(v, list):
        if not v:
            return "[ ]"
        return "[ " + ", ".join(jackson(x, indent) for x in v) + " ]"
    if isinstance(v, str):
        return _jstr(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    return json.dumps(v)


# --------------------------------------------------------------------------- Facebook mojibake


def mojibake(obj: Any) -> Any:
    """Every string's UTF-8 bytes as Latin-1 code points (what Facebook's exporter does)."""
    if isinstance(obj, str):
        return obj.encode("utf-8").decode("latin-1")
    if isinstance(obj, list):
        return [mojibake(x) for x in obj]
    if isinstance(obj, dict):
        return {k: mojibake(x) for k, x in obj.items()}
    return obj


def facebook_json(obj: Any) -> bytes:
    return json.dumps(mojibake(obj), indent=2, ensure_ascii=True).encode("ascii")


# --------------------------------------------------------------------------- zips


def write_zip(path: Path, members: Iterable[tuple[str, Any]], when: datetime) -> Path:
    """A reproducible zip: members sorted by name, fixed time and attributes, deflate level 6.

    A member's data may be bytes or a function returning bytes, called only when that
    member is written (big members are then never held all at once).
    """
    dt = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, data in sorted(members, key=lambda m: m[0]):
            zi = zipfile.ZipInfo(name, date_time=dt)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            zf.writestr(zi, data() if callable(data) else data, compresslevel=6)
    tmp.replace(path)
    return path

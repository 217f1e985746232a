"""Shared plumbing for sources: inputs read in place, JSON with JS prefixes,
mojibake repair, HTML to text, the per-file load log, and the column-wise row
collector (:class:`Rows`) that turns parsed records into a frame.

Every loader uses these; none opens files or counts skips on its own.
"""

from __future__ import annotations

import html
import io
import re
import tarfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import orjson
import polars as pl

from toolkit._switch import no_gc
from toolkit.errors import InputError
from toolkit.schema import LIST_SEP, POSTS_SCHEMA

# --------------------------------------------------------------------------- inputs


def mac_litter(name: str) -> bool:
    """Whether member ``name`` is what macOS adds to a zip or folder, not part of an export.

    Examples
    --------
    >>> [mac_litter(n) for n in ("__MACOSX/x/._a.json", "x/._a.json", "x/.DS_Store", "x/a.json")]
    [True, True, True, False]
    """
    base = name.rsplit("/", 1)[-1]
    return name.startswith("__MACOSX/") or base.startswith("._") or base == ".DS_Store"


class Input:
    """One user-given path, seen as a set of member files read in place.

    A zip or tar(.gz) is read without extracting to disk; a folder is walked; a
    plain file is a one-member input whose member name is its file name.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise InputError(f"{self.path}: no such file or folder")
        self._zip: zipfile.ZipFile | None = None
        self._tar: tarfile.TarFile | None = None
        self._names: list[str] | None = None
        if self.path.is_dir():
            self.kind = "dir"
        elif zipfile.is_zipfile(self.path):
            self.kind = "zip"
        elif _is_tar(self.path):
            self.kind = "tar"
        else:
            self.kind = "file"
            if self.path.suffix.lower() == ".zip":
                raise InputError(
                    f"{self.path}: not a readable zip file (truncated or corrupt?); "
                    "download the archive again"
                )

    # -- members
    def names(self) -> list[str]:
        """Member paths, posix-style, relative to the input (sorted); macOS litter left out.

        A zip made by macOS (Finder's Compress) holds an AppleDouble twin (``._name``) of
        every file under ``__MACOSX/`` beside the real folder, and folders copied from a
        Mac hold ``.DS_Store`` files: none is part of an export (:func:`mac_litter`).
        """
        if self._names is None:
            if self.kind == "dir":
                names = (
                    p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
                )
            elif self.kind == "zip":
                names = (n for n in self._zipfile().namelist() if not n.endswith("/"))
            elif self.kind == "tar":
                names = (m.name for m in self._tarfile().getmembers() if m.isfile())
            else:
                names = iter([self.path.name])
            self._names = sorted(n for n in names if self.kind == "file" or not mac_litter(n))
        return self._names

    def find(self, pattern: str, *, under: str | None = None) -> list[str]:
        """Members whose *base name* fully matches regex ``pattern`` (case-insensitive)."""
        rx = re.compile(pattern, re.I)
        out = []
        for n in self.names():
            if under is not None and not n.lower().startswith(under.lower()):
                continue
            if rx.fullmatch(PurePosixPath(n).name):
                out.append(n)
        return out

    def read_bytes(self, name: str) -> bytes:
        """The bytes of member ``name``; a damaged archive raises :class:`InputError`."""
        try:
            if self.kind == "dir":
                return (self.path / name).read_bytes()
            if self.kind == "zip":
                return self._zipfile().read(name)
            if self.kind == "tar":
                f = self._tarfile().extractfile(name)
                if f is None:
                    raise InputError(f"{self.label(name)}: not a regular file in the archive")
                return f.read()
            return self.path.read_bytes()
        except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(
                f"{self.label(name)}: cannot read this member ({exc}); "
                "the archive is probably truncated: download it again"
            ) from exc

    def head(self, name: str, n: int = 4096) -> bytes:
        """The first ``n`` bytes of a member (cheap for files and folders)."""
        if self.kind == "dir":
            with open(self.path / name, "rb") as f:
                return f.read(n)
        if self.kind == "file":
            with open(self.path, "rb") as f:
                return f.read(n)
        if self.kind == "zip":
            try:
                with self._zipfile().open(name) as f:
                    return f.read(n)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise InputError(
                    f"{self.label(name)}: cannot read ({exc}); download it again"
                ) from exc
        return self.read_bytes(name)[:n]

    def size(self, name: str) -> int:
        if self.kind == "dir":
            return (self.path / name).stat().st_size
        if self.kind == "zip":
            return self._zipfile().getinfo(name).file_size
        if self.kind == "tar":
            return self._tarfile().getmember(name).size
        return self.path.stat().st_size

    def label(self, name: str | None = None) -> str:
        """Provenance string for ``source_file``: the path, plus ``!member`` inside archives."""
        if name is None or self.kind == "file":
            return str(self.path)
        if self.kind == "dir":
            return str(self.path / name)
        return f"{self.path}!{name}"

    # -- containers
    def _zipfile(self) -> zipfile.ZipFile:
        if self._zip is None:
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(
                    f"{self.path}: not a readable zip file ({exc}); download it again"
                ) from exc
        return self._zip

    def _tarfile(self) -> tarfile.TarFile:
        if self._tar is None:
            try:
                self._tar = tarfile.open(self.path)
            except (tarfile.TarError, OSError, EOFError) as exc:
                raise InputError(
                    f"{self.path}: not a readable tar archive ({exc}); download it again"
                ) from exc
        return self._tar

    def close(self) -> None:
        for h in (self._zip, self._tar):
            if h is not None:
                h.close()

    def __repr__(self) -> str:
        return f"Input({str(self.path)!r}, kind={self.kind!r})"


def _is_tar(path: Path) -> bool:
    name = path.name.lower()
    if not (name.endswith((".tar", ".tar.gz", ".tgz"))):
        return False
    try:
        return tarfile.is_tarfile(path)
    except (OSError, EOFError, tarfile.TarError):
        return False


# --------------------------------------------------------------------------- load log


@dataclass
class FileLog:
    """What happened to one input file: records read, skipped by reason, notes.

    Loaders count ``read`` for every record they look at and call :meth:`skip`
    for each one they do not turn into a row; ``kept`` is set from the rows
    produced. The contract test checks ``kept + skipped == read``.
    """

    source_file: str
    format: str
    read: int = 0
    kept: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def skip(self, reason: str, n: int = 1) -> None:
        if n:
            self.skipped[reason] += n

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def row(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "format": self.format,
            "records_read": self.read,
            "rows_kept": self.kept,
            "rows_skipped": self.n_skipped,
            "skipped": [{"reason": r, "count": c} for r, c in sorted(self.skipped.items())],
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- JSON

_JS_PREFIX = re.compile(rb"^\s*(?:var\s+)?[A-Za-z_$][\w$.]*(?:\[[^\]]*\])*\s*=\s*")


def loads_json(data: bytes, label: str) -> Any:
    """Parse JSON bytes (UTF-8, BOM tolerated) or raise :class:`InputError` naming ``label``."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        with no_gc():
            return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        # orjson rejects some things the stdlib accepts (e.g. NaN); try it before giving up.
        import json

        try:
            with no_gc():
                return json.loads(data.decode("utf-8", errors="strict"))
        except (ValueError, UnicodeDecodeError):
            pass
        raise InputError(
            f"{label}: not valid JSON ({exc}); the file may be truncated or edited"
        ) from exc


def strip_js_prefix(data: bytes) -> bytes:
    """Remove a ``window.YTD.x.part0 = `` / ``Grailbird.data.x = `` / ``var x =`` prefix.

    Only the assignment is removed, so the old style that starts the array on the
    prefix line (``= [ {``) keeps its first object. A trailing ``;`` is dropped.

    Examples
    --------
    >>> strip_js_prefix(b'window.YTD.tweet.part0 = [ {"a": 1} ]')
    b'[ {"a": 1} ]'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    m = _JS_PREFIX.match(data)
    if m:
        data = data[m.end() :]
    data = data.rstrip()
    if data.endswith(b";"):
        data = data[:-1]
    return data


def loads_js(data: bytes, label: str) -> Any:
    """Parse a JS data file (``prefix = <json>``) into Python objects."""
    return loads_json(strip_js_prefix(data), label)


def iter_jsonl(
    data: bytes, log: FileLog, *, reason: str = "line is not valid JSON"
) -> Iterator[tuple[int, Any]]:
    """Yield ``(line_number, object)`` for each non-blank JSONL line; broken lines are counted in ``log``.

    Each non-blank line counts as one record read *by the caller* only if it
    parses; a broken line is counted here as read and skipped.
    """
    loads = orjson.loads
    with no_gc():
        for i, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield i, loads(line)
            except orjson.JSONDecodeError:
                log.read += 1
                log.skip(reason)


def json_lines(data: bytes, log: FileLog, *, min_lines: int = 1) -> list[Any] | None:
    """The objects of a JSON-lines file, or None when it is not one.

    For a file that is not one JSON document: it is JSON lines when it has at least
    ``min_lines`` non-blank lines and the first is a JSON object. Broken lines are
    counted in ``log`` (:func:`iter_jsonl`), and the log notes how the file was read.
    """
    lines = (ln for ln in data.splitlines() if ln.strip())
    first = next(lines, None)
    if first is None or (min_lines > 1 and sum(1 for _ in lines) + 1 < min_lines):
        return None
    try:
        head = orjson.loads(first)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(head, dict):
        return None
    out = [obj for _, obj in iter_jsonl(data, log)]
    log.note("read as JSON lines (one object per line)")
    return out


#: a link typed as text (it ends at white space, a quote, a bracket or a tag)
URL_IN_TEXT = r"https?://[^\s<>\"')\]]+"


def urls_in_text(text: pl.Expr) -> pl.Expr:
    """The ``http(s)`` links typed in a text column, in order (a closing ``.,;:!?`` is punctuation).

    >>> pl.select(urls_in_text(pl.lit("See https://x.org/a. And (http://y.org)!"))).item().to_list()
    ['https://x.org/a', 'http://y.org']
    """
    return text.str.extract_all(URL_IN_TEXT).list.eval(pl.element().str.strip_chars_end(".,;:!?"))


# --------------------------------------------------------------------------- text


def fix_mojibake(s: str) -> str:
    """Repair UTF-8 bytes written as ``\\u00XX`` escapes (Facebook/Instagram exports).

    Keeps the original when the string is not such mojibake. There is no regex
    pre-check: any non-ASCII string that survives ``encode('latin-1').decode('utf-8')``
    holds a UTF-8 lead byte followed by a continuation byte (``[\\u00c2-\\u00f4][\\u0080-\\u00bf]``),
    so trying the round trip gives the same results, faster on Meta exports where
    nearly every non-ASCII string is mojibake (``tests/test_facebook.py`` checks this
    against the pre-checked version on random strings).

    Examples
    --------
    >>> fix_mojibake("Mobiloverf\\u00c3\\u00b8rsler \\u00f0\\u009f\\u0098\\u0082")
    'Mobiloverførsler 😂'
    >>> fix_mojibake("Zürich ✓")
    'Zürich ✓'
    """
    if s.isascii():
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return s


def fix_mojibake_deep(obj: Any) -> Any:
    """Apply :func:`fix_mojibake` to every string in a JSON-like structure."""
    if isinstance(obj, str):
        return fix_mojibake(obj)
    if isinstance(obj, list):
        return [fix_mojibake_deep(v) for v in obj]
    if isinstance(obj, dict):
        return {k: fix_mojibake_deep(v) for k, v in obj.items()}
    return obj


_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/blockquote)\s*/?\s*>")
_INVISIBLE = re.compile(r'(?is)<span class="invisible">(.*?)</span>')
_WS = re.compile(r"[ \t\r\f\v]+")


def html_to_text(s: str | None) -> str:
    """Plain text from post HTML: line breaks kept, tags dropped, entities decoded.

    Mastodon's ``<span class="invisible">`` link parts are kept (they are part of the URL).

    Examples
    --------
    >>> html_to_text('<p>Hi <a href="x">@bob</a> &amp; you</p><p>second</p>')
    'Hi @bob & you\\nsecond'
    """
    if not s:
        return ""
    s = _INVISIBLE.sub(r"\1", s)
    s = _BLOCK.sub("\n", s)
    s = _TAG.sub("", s)
    s = html.unescape(s)
    lines = [_WS.sub(" ", line).strip() for line in s.split("\n")]
    return "\n".join(line for line in lines if line).strip()


_ANCHOR_TEXT = re.compile(r">([^<]*)</a>", re.I)


def client_from_source(source: str | None) -> str | None:
    """The app name from a Twitter ``source`` anchor (``<a ...>Twitter Web App</a>``) or plain text.

    Examples
    --------
    >>> client_from_source('<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>')
    'Twitter Web App'
    >>> client_from_source("web")
    'web'
    """
    if not source:
        return None
    m = _ANCHOR_TEXT.search(source)
    name = html.unescape(m.group(1) if m else _TAG.sub("", source)).strip()
    return name or None


# --------------------------------------------------------------------------- time


def from_epoch(seconds: float | int | str | None) -> datetime | None:
    """UTC datetime from epoch seconds (int, float or numeric string)."""
    if seconds is None or seconds == "":
        return None
    try:
        return datetime.fromtimestamp(float(seconds), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def parse_time(value: str | None, *formats: str) -> datetime | None:
    """Parse ``value`` with the first matching strptime format (or ISO-8601 when none given), as UTC.

    Naive results are taken as UTC. Returns None when nothing matches.

    Examples
    --------
    >>> parse_time("Fri Mar 06 13:02:05 +0000 2026", "%a %b %d %H:%M:%S %z %Y").isoformat()
    '2026-03-06T13:02:05+00:00'
    >>> parse_time("2021-05-18T19:24:56.000Z").isoformat()
    '2021-05-18T19:24:56+00:00'
    """
    if not value:
        return None
    value = value.strip()
    candidates = []
    if formats:
        for fmt in formats:
            try:
                candidates.append(datetime.strptime(value, fmt))
                break
            except ValueError:
                continue
    else:
        try:
            candidates.append(
                datetime.fromisoformat(
                    value.replace("Z", "+00:00") if value.endswith("Z") else value
                )
            )
        except ValueError:
            pass
    if not candidates:
        return None
    dt = candidates[0]
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def decode_text(data: bytes) -> str:
    """Decode CSV/text bytes: UTF-16 with BOM, UTF-8 with or without BOM, else latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def text_stream(data: bytes) -> io.StringIO:
    """A text stream over decoded bytes, for the csv module (newline handling left to csv)."""
    return io.StringIO(decode_text(data), newline="")


#: RFC 3339 / ISO 8601 with offset or ``Z`` (Mastodon, Bluesky), for :func:`parse_times`
RFC3339 = "%Y-%m-%dT%H:%M:%S%.f%#z"


def parse_times(
    raw: pl.Series, formats: tuple[str, ...] = (RFC3339,), *, fallback: bool = True
) -> pl.Series:
    """Time strings to UTC datetimes: one vectorised pass per format (the first that
    parses wins), then, with ``fallback``, the odd forms one by one with :func:`parse_time`."""
    parsed = raw.str.to_datetime(formats[0], time_zone="UTC", time_unit="us", strict=False)
    for fmt in formats[1:]:
        parsed = parsed.fill_null(
            raw.str.to_datetime(fmt, time_zone="UTC", time_unit="us", strict=False)
        )
    if not fallback:
        return parsed
    missing = parsed.is_null() & raw.is_not_null()
    if not missing.any():
        return parsed
    fixed = [
        parse_time(s) if m else p
        for s, p, m in zip(raw.to_list(), parsed.to_list(), missing.to_list(), strict=True)
    ]
    return pl.Series(raw.name, fixed, dtype=pl.Datetime("us", "UTC"))


# --------------------------------------------------------------------------- rows


def int_or_none(v: Any) -> int | None:
    """An integer count from an export value (numeric strings too); None for anything else."""
    if v is None or isinstance(v, bool):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


_LISTS = ("mentions", "hashtags", "urls")


def _joined(items: list[str] | None) -> str | None:
    """List items joined with :data:`LIST_SEP` for :class:`Rows` (None for no items).

    An item holding the separator (a control character no handle, tag or URL should
    carry, but archive text is untrusted) would come back split in two: there it is
    replaced by U+FFFD, the Unicode replacement character.
    """
    if not items:
        return None
    joined = LIST_SEP.join(items)
    if joined.count(LIST_SEP) != len(items) - 1:
        joined = LIST_SEP.join(i.replace(LIST_SEP, "\ufffd") for i in items)
    return joined


class Rows:
    """Row collector for big exports: one tuple per row, columns built once at the end.

    ``add`` takes the canonical fields a loader knows (plus the ``extra`` columns
    named at construction, kept as strings); optional strings and counts come
    straight from the export, so values of other types become null. :meth:`raw`
    builds the frame column-wise (list columns from joined strings, split in one
    vectorised pass); :meth:`frame` also parses every ``created_at`` string in one
    pass, skips rows without a readable time and can rename handles (DID -> handle).
    """

    names = (
        "post_id",
        "author",
        "created_at",
        "text",
        "kind",
        "reply_to_id",
        "reply_to_author",
        "conversation_id",
        "mentions",
        "hashtags",
        "urls",
        "client",
        "likes",
        "reposts",
        "replies",
        "lang",
        "url",
    )

    def __init__(self, extra: tuple[str, ...] = ()) -> None:
        self.rows: list[tuple] = []
        self.extra = extra
        self.seen: set[str] = set()  # for loaders that skip ids already taken

    def __len__(self) -> int:
        return len(self.rows)

    def add(
        self,
        post_id: str,
        author: str,
        created_at: str | None,
        text: str,
        kind: str,
        reply_to_id: str | None = None,
        reply_to_author: str | None = None,
        conversation_id: str | None = None,
        mentions: list[str] | None = None,
        hashtags: list[str] | None = None,
        urls: list[str] | None = None,
        client: str | None = None,
        likes: int | None = None,
        reposts: int | None = None,
        replies: int | None = None,
        lang: str | None = None,
        url: str | None = None,
        **extra: str | None,
    ) -> None:
        # list columns are stored joined (see raw())
        row = (
            post_id,
            author,
            created_at if type(created_at) is str else None,
            text,
            kind,
            reply_to_id if type(reply_to_id) is str else None,
            reply_to_author if type(reply_to_author) is str else None,
            conversation_id if type(conversation_id) is str else None,
            _joined(mentions),
            _joined(hashtags),
            _joined(urls),
            client if type(client) is str else None,
            likes if likes is None or type(likes) is int else int_or_none(likes),
            reposts if reposts is None or type(reposts) is int else int_or_none(reposts),
            replies if replies is None or type(replies) is int else int_or_none(replies),
            lang if type(lang) is str else None,
            url if type(url) is str else None,
        )
        if extra or self.extra:
            if not extra.keys() <= set(self.extra):
                raise TypeError(
                    f"Rows.add: unknown column(s) {sorted(extra.keys() - set(self.extra))}"
                )
            row += tuple(v if type(v) is str else None for v in map(extra.get, self.extra))
        self.rows.append(row)

    def raw(self) -> pl.DataFrame:
        """The rows as a frame: ``created_at`` and ``kind`` still strings, lists split (empty, not null)."""
        return self._lazy().collect()

    def _lazy(self) -> pl.LazyFrame:
        schema = {
            n: (pl.Utf8 if n in ("created_at", "kind", *_LISTS) else POSTS_SCHEMA[n])
            for n in self.names
        }
        schema.update((n, pl.Utf8) for n in self.extra)
        f = pl.DataFrame(self.rows, schema=schema, orient="row")
        self.rows = []  # the frame owns the data now
        # no item holds the separator (see _joined), so splitting restores every list
        return f.lazy().with_columns(
            pl.col(n).str.split(LIST_SEP).fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))
            for n in _LISTS
        )

    def frame(
        self,
        *,
        account: str | None,
        log: FileLog,
        platform: str,
        handles: dict[str, str] | None = None,
    ) -> pl.DataFrame:
        """The rows as a partial canonical frame; rows without a readable time are skipped.

        ``created_at`` is RFC 3339 (:func:`parse_times`); ``handles`` renames values of
        ``author``, ``reply_to_author`` and ``mentions``.
        """
        # one query for the vectorised steps (small files pay Polars' per-call cost once)
        lf = self._lazy().with_columns(
            pl.col("created_at")
            .str.to_datetime(RFC3339, time_zone="UTC", time_unit="us", strict=False)
            .alias("_t")
        )
        if handles:
            lf = lf.with_columns(
                pl.col("author", "reply_to_author").replace(handles),
                pl.col("mentions").list.eval(pl.element().replace(handles)),
            )
        f = lf.collect()
        if f["_t"].null_count() != f["created_at"].null_count():
            # odd forms the vectorised pass did not read: parse_times tries them one by one
            f = f.with_columns(parse_times(f["created_at"]).alias("_t"))
        n_bad = f["_t"].null_count()
        if n_bad:
            log.skip("created time missing or not a date", n_bad)
            f = f.filter(pl.col("_t").is_not_null())
        return f.select(
            pl.exclude("created_at", "_t"),
            pl.col("_t").alias("created_at"),
            pl.lit(platform).alias("platform"),
            pl.lit(account, dtype=pl.Utf8).alias("account"),
            pl.lit(log.source_file).alias("source_file"),
        )

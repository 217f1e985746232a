"""LinkedIn data export (zip or folder of CSV files at its root): shares and comments.

What is read
------------
``Shares.csv`` (optionally suffixed, ``Shares_123.csv``; names match case-insensitively)
    The owner's posts. Three layouts are known: 2018 (UTF-16LE with BOM,
    tab-separated, ``"Date"\\t"Share Title"\\t…\\t"Share Commentary"\\t"Shared URL"…``,
    dates ``2017/06/08 08:15:44 UTC``), 2021–2024 (UTF-8 CSV
    ``Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility``) and 2025
    (the same with ``SharedUrl``/``MediaUrl``). Multi-line commentary is
    written with every inner line wrapped in quotes, so a decoded value reads
    ``line1"\\n"line2``; ``'"\\n"'`` is replaced by a newline. A share with
    several media files is repeated once per file: the repeats are counted as
    skipped (``same share repeated (one row per media file)``).
``Comments.csv``
    The owner's comments on other people's posts: ``kind = "reply"``,
    ``reply_to_id`` = the URN in ``Link`` (``urn:li:activity:<id>``, or the
    comment URN when the link names one with ``commentUrn=``), ``conversation_id``
    = the post's URN, ``reply_to_author`` null (the export does not say whose
    post it was). Real files break CSV in two ways; the loader tries strict
    RFC-4180 first, then (2025) backslash-escaped quotes (``csv`` with
    ``escapechar``; only a backslash before a quote is an escape, any other is
    kept as written), then (2021–2024) unquoted multi-line messages, where a
    record starts only at a line beginning ``YYYY-MM-DD HH:MM:SS,``. The log
    names the parse that was used.
``Profile.csv``
    Only for the owner's name (``First Name`` + ``Last Name``).

``messages.csv``, ``Connections.csv``, ``Invitations.csv`` (private) and
``Reactions.csv`` (not posts) are never loaded; a log row says so when present.

A lone ``Shares.csv`` or ``Comments.csv`` (recognised by its name and header)
loads the same rows as inside its export; its owner comes from a
``Profile.csv`` beside it, else as below.

Kinds
-----
A share with its own commentary is a ``post``. A share *without* own words is
a ``repost`` when it points at someone else's content (a ``SharedUrl``) or at
nothing the export keeps (no shared URL and no media: LinkedIn writes plain
reshares of members' posts this way): the account passed content on without
saying anything, which is what ``repost_share`` measures. A share with only
media (a photo posted without a caption) stays a ``post``. The log counts both.

Ids and owner
-------------
``post_id`` is the share's URN (``urn:li:share:<id>``, ``urn:li:ugcPost:<id>``);
comments have no id in the export, so theirs is a stable hash of date, link and
message (``linkedin-comment:<16 hex>``). The owner's handle is their name,
normalised (``First Last`` → ``first last``): from ``Profile.csv`` when present,
else ``linkedin_owner="..."``, else the one person of the accounts file with a
``linkedin`` handle; otherwise the load stops with an :class:`InputError` that
explains how to add it. Dates carry no zone (except 2018's ``UTC``) and are taken
as UTC.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import conform, posts_from_rows
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import decode_text, no_gc

__all__ = ["LinkedInSource"]

_SHARES = re.compile(r"shares(?:[ _-]?\d+)?\.csv", re.I)
_COMMENTS = re.compile(r"comments(?:[ _-]?\d+)?\.csv", re.I)
_PROFILE = re.compile(r"profile(?:[ _-]?\d+)?\.csv", re.I)
_NOT_LOADED = {
    "messages": (
        re.compile(r"messages(?:[ _-]?\d+)?\.csv", re.I),
        "private messages are never loaded",
    ),
    "connections": (
        re.compile(r"connections(?:[ _-]?\d+)?\.csv", re.I),
        "the contact list is never loaded",
    ),
    "invitations": (
        re.compile(r"invitations(?:[ _-]?\d+)?\.csv", re.I),
        "invitations are private and never loaded",
    ),
    "reactions": (
        re.compile(r"reactions(?:[ _-]?\d+)?\.csv", re.I),
        "reactions (likes) are not posts; not loaded",
    ),
}
# A record starts at a timestamp followed by a comma; a bare timestamp line is a record cut short.
_TS_LINE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:,|\s*$)")
_RECORD = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),([^,\n]*),(.*)", re.S)
_COMMENTS_HEADER = "date,link,message"


def _key(col: str) -> str:
    """Header name without case, spaces, underscores or quotes: ``Shared URL`` -> ``sharedurl``."""
    return re.sub(r"[\s_\"'\ufeff]", "", col).lower()


def _root_members(inp: Input) -> list[str]:
    """Members at the export's root (a zip holding one top-level folder is rooted in it)."""
    names = inp.names()  # (without macOS litter)
    root = [n for n in names if "/" not in n]
    if root or inp.kind not in ("zip", "tar"):
        return root
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1:
        return [n for n in names if n.count("/") == 1]
    return []


def _first_line(inp: Input, member: str) -> str:
    head = inp.head(member, 4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    return text.lstrip("\ufeff").split("\n", 1)[0].strip()


def _is_shares_header(line: str) -> bool:
    keys = {_key(c) for c in re.split(r"[,\t]", line)}
    return "date" in keys and "sharelink" in keys


def _is_comments_header(line: str) -> bool:
    return ",".join(_key(c) for c in line.split(",")) == _COMMENTS_HEADER


@register
class LinkedInSource(Source):
    """LinkedIn data export: Shares.csv (posts) and Comments.csv (the owner's comments)."""

    name = "linkedin"
    platform = "linkedin"
    title = "LinkedIn data export (CSV)"
    inputs = (
        "the export zip (or its folder) with Shares.csv / Comments.csv at the root, or one of "
        "those files (its owner from Profile.csv beside it or the accounts file)"
    )
    replies_from_others = "no (own posts and comments only)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
            # a lone Shares.csv / Comments.csv, recognised by its name and header
            (m,) = inp.names()
            base = PurePosixPath(m).name
            return bool(
                (_SHARES.fullmatch(base) and _is_shares_header(_first_line(inp, m)))
                or (_COMMENTS.fullmatch(base) and _is_comments_header(_first_line(inp, m)))
            )
        members = _root_members(inp)
        bases = {PurePosixPath(m).name.lower(): m for m in members}
        for base, m in bases.items():
            if _SHARES.fullmatch(base) and _is_shares_header(_first_line(inp, m)):
                return True
            if _COMMENTS.fullmatch(base) and _is_comments_header(_first_line(inp, m)):
                return True
        return "profile.csv" in bases and "connections.csv" in bases

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        members = _root_members(inp)
        by_base = sorted((PurePosixPath(m).name, m) for m in members)
        shares = [m for b, m in by_base if _SHARES.fullmatch(b)]
        comments = [m for b, m in by_base if _COMMENTS.fullmatch(b)]
        profiles = [m for b, m in by_base if _PROFILE.fullmatch(b)]
        logs: list[FileLog] = []
        for b, m in by_base:
            for what, (rx, why) in _NOT_LOADED.items():
                if rx.fullmatch(b):
                    logs.append(FileLog(inp.label(m), f"linkedin {what} (not loaded)", notes=[why]))
        if not shares and not comments:
            log = FileLog(inp.label(), "linkedin export")
            log.note(
                "no Shares.csv or Comments.csv in this export: nothing to load (a 'basic' archive?)"
            )
            return Loaded(posts_from_rows([], partial=True), [log, *logs], [])
        handle, display, how = _owner(inp, profiles, ctx)
        frames: list[pl.DataFrame] = []
        read: list[FileLog] = []
        with no_gc():
            for m in shares:
                frame, log = _load_shares(inp, m)
                frames.append(frame)
                read.append(log)
            for m in comments:
                frame, log = _load_comments(inp, m)
                frames.append(frame)
                read.append(log)
        for log in read:
            log.note(f"owner {handle!r} {how}")
        posts = pl.concat(frames, how="diagonal").with_columns(
            pl.lit("linkedin").alias("platform"),
            pl.lit(handle).alias("account"),
            pl.lit(handle).alias("author"),
        )
        owner = Owner("linkedin", handle, display_name=display, source_file=inp.label())
        return Loaded(conform(posts, partial=True), read + logs, [owner])


def _profile_name(data: bytes) -> str | None:
    """``First Name`` + ``Last Name`` of a Profile.csv, or None."""
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    try:
        header = [_key(c) for c in next(reader)]
        first = next(reader)
    except (StopIteration, csv.Error):
        return None
    row = dict(zip(header, first, strict=False))
    name = " ".join(
        p for p in (row.get("firstname", "").strip(), row.get("lastname", "").strip()) if p
    )
    return name or None


def _owner(inp: Input, profiles: list[str], ctx: LoadContext) -> tuple[str, str, str]:
    """(handle, display name, how it was found)."""
    found = [(PurePosixPath(m).name, lambda m=m: inp.read_bytes(m)) for m in profiles]
    lone = inp.kind == "file"
    if lone:
        # a lone Shares.csv / Comments.csv: the export's Profile.csv may still sit beside it
        found += [
            (p.name, p.read_bytes)
            for p in sorted(inp.path.parent.iterdir())
            if _PROFILE.fullmatch(p.name) and p.is_file()
        ]
    for base, read in found:
        name = _profile_name(read())
        if name:
            return normalise_handle(name) or name, name, f"from {base} (First Name + Last Name)"
    given = ctx.options.get("linkedin_owner")
    if given:
        return normalise_handle(str(given)) or str(given), str(given), "given by linkedin_owner="
    people = [p for p in ctx.accounts.people if p.handles.get("linkedin")]
    if len(people) == 1:
        return (
            people[0].handles["linkedin"][0],
            people[0].name,
            f"from the accounts file ([{people[0].id}])",
        )
    if people:
        problem = (
            "several people in the accounts file have a linkedin handle, so the owner is ambiguous"
        )
    elif lone:
        problem = (
            f"a lone LinkedIn {inp.path.name} does not name its owner (no Profile.csv beside it)"
        )
    else:
        problem = "the export has no Profile.csv, so the owner's name is unknown"
    fix = (
        "Either load the whole export (its folder or zip, with Profile.csv), or add the owner "
        "to the accounts file"
        if lone
        else "Add the owner to the accounts file"
    )
    last = "" if lone else ", or put Profile.csv back into the export"
    raise InputError(
        f"{inp.path}: {problem}. {fix}, e.g.\n"
        '    [me]\n    name = "First Last"\n    linkedin = "First Last"\n'
        f'or pass linkedin_owner="First Last" to toolkit.load(){last}.'
    )


# --------------------------------------------------------------------------- column helpers
#
# Rows are built column-wise and parsed in Polars (dates, URNs, hashtags, URLs): a big
# export loads at tens of MB/s instead of a few.

_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_URN_GROUPS = r"(?i)urn(?::|%3A)li(?::|%3A)(share|ugcPost|activity|article|groupPost)(?::|%3A)(\d+)"
_URL_RX = r"https?://[^\s<>\"']+"
_HASHTAG_RX = r"(?:^|[^\w#&])#\w+"


def _dates(col: str) -> pl.Expr:
    """``2024-02-19 10:22:49`` and ``2017/06/08 08:15:44 UTC`` as UTC datetimes (null when unreadable)."""
    return (
        pl.col(col)
        .str.strip_chars()
        .str.strip_suffix(" UTC")
        .str.replace_all("/", "-", literal=True)
        .str.to_datetime(_DATE_FORMAT, strict=False, time_unit="us", time_zone="UTC")
    )


def _urn(col: str) -> pl.Expr:
    """``urn:li:<type>:<id>`` from a (percent-encoded) link, or null."""
    groups = pl.col(col).str.extract_groups(_URN_GROUPS)
    return pl.concat_str(
        [pl.lit("urn:li:"), groups.struct.field("1"), pl.lit(":"), groups.struct.field("2")]
    )


def _hashtag_list(col: str) -> pl.Expr:
    return (
        pl.col(col).str.extract_all(_HASHTAG_RX).list.eval(pl.element().str.replace(r"^[^#]*#", ""))
    )


def _url_list(col: str) -> pl.Expr:
    return (
        pl.col(col)
        .str.extract_all(_URL_RX)
        .list.eval(pl.element().str.strip_chars_end(".,;:!?)]}"))
    )


def _drop_bad_dates(frame: pl.DataFrame, log: FileLog) -> pl.DataFrame:
    bad = frame["created_at"].null_count()
    if bad:
        log.skip("unparseable date", bad)
        frame = frame.filter(pl.col("created_at").is_not_null())
    return frame


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- Shares


def _load_shares(inp: Input, member: str) -> tuple[pl.DataFrame, FileLog]:
    label = inp.label(member)
    data = inp.read_bytes(member)
    text = decode_text(data).lstrip("\ufeff")
    header_line = text.split("\n", 1)[0]
    tsv = "\t" in header_line and header_line.count("\t") >= header_line.count(",")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    log = FileLog(
        label,
        "linkedin shares (2018 UTF-16 tab-separated)" if utf16 or tsv else "linkedin shares (CSV)",
    )
    delim = "\t" if tsv else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True))
    except csv.Error as exc:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
        log.note(
            f"not strict CSV ({exc}); read leniently, records with the wrong number of fields skipped"
        )
    if not records:
        log.note("empty file")
        return pl.DataFrame(), log
    header = [_key(c) for c in records[0]]
    if "date" not in header or "sharelink" not in header:
        raise InputError(
            f"{label}: header {records[0]!r} is not LinkedIn's Shares.csv "
            "(expected Date,ShareLink,ShareCommentary,SharedUrl,...); is this a LinkedIn export?"
        )
    col = {k: i for i, k in reversed(list(enumerate(header)))}
    n = len(header)
    body = [r for r in records[1:] if r]  # a blank line is not a record
    good = [r for r in body if len(r) == n]
    log.read += len(body)
    log.skip("broken CSV record (wrong number of fields)", len(body) - len(good))

    def column(name: str) -> list[str]:
        i = col.get(name)
        return [r[i] for r in good] if i is not None else [""] * len(good)

    frame = pl.DataFrame(
        {
            "date": column("date"),
            "url": column("sharelink"),
            "text": column("sharecommentary"),
            "shared": column("sharedurl"),
            "media": column("mediaurl"),
        },
        schema={c: pl.Utf8 for c in ("date", "url", "text", "shared", "media")},
    ).with_columns(
        _dates("date").alias("created_at"),
        pl.col("url").str.strip_chars(),
        # multi-line commentary: every inner line is quoted, so lines are joined by '"\n"'
        pl.col("text")
        .str.replace_all("\r\n", "\n", literal=True)
        .str.replace_all('"\n"', "\n", literal=True)
        .str.strip_chars(),
        pl.col("shared").str.strip_chars(),
        pl.col("media").str.strip_chars(),
    )
    frame = _drop_bad_dates(frame, log)
    frame = frame.with_columns(_urn("url").alias("post_id"))
    missing = frame["post_id"].null_count()
    if missing:
        hashed = [
            None if pid is not None else f"linkedin-share:{_digest(d, u, t)}"
            for pid, d, u, t in zip(
                frame["post_id"], frame["date"], frame["url"], frame["text"], strict=True
            )
        ]
        frame = frame.with_columns(
            pl.coalesce("post_id", pl.Series(hashed, dtype=pl.Utf8)).alias("post_id")
        )
        log.note(f"{missing} share(s) without a share URN in ShareLink; their ids are hashes")
    # a share with several media files is one row per file: keep the first
    first = frame["post_id"].is_first_distinct()
    log.skip("same share repeated (one row per media file)", int((~first).sum()))
    frame = frame.filter(first)
    no_text = pl.col("text") == ""
    frame = frame.with_columns(
        pl.when(~no_text)
        .then(pl.lit("post"))
        .when((pl.col("shared") != "") | (pl.col("media") == ""))
        .then(pl.lit("repost"))
        .otherwise(pl.lit("post"))
        .alias("kind")
    )
    shared = int(frame.select((no_text & (pl.col("shared") != "")).sum()).item())
    empty = int(
        frame.select((no_text & (pl.col("shared") == "") & (pl.col("media") == "")).sum()).item()
    )
    media_only = int(
        frame.select((no_text & (pl.col("shared") == "") & (pl.col("media") != "")).sum()).item()
    )
    if shared or empty:
        log.note(
            f"{shared + empty} share(s) without own text counted as reposts "
            f"({shared} pointing at a shared URL, {empty} with no content in the export)"
        )
    if media_only:
        log.note(f"{media_only} share(s) with media but no text kept as posts")
    if not utf16:
        log.note("dates carry no time zone; taken as UTC (LinkedIn does not document the zone)")
    out = frame.select(
        "post_id",
        "created_at",
        "text",
        "kind",
        pl.col("post_id").alias("conversation_id"),
        _hashtag_list("text").alias("hashtags"),
        pl.concat_list(
            pl.when(pl.col("shared") != "")
            .then(pl.concat_list("shared"))
            .otherwise(pl.lit([], dtype=pl.List(pl.Utf8))),
            _url_list("text"),
        )
        .list.unique(maintain_order=True)
        .alias("urls"),
        pl.when(pl.col("url") != "").then(pl.col("url")).alias("url"),
        pl.lit(label).alias("source_file"),
    )
    return out, log


# --------------------------------------------------------------------------- Comments


def _valid(records: list[list[str]]) -> bool:
    if not all(len(r) == 3 for r in records[1:]):
        return False
    dates = pl.Series([r[0] for r in records[1:]], dtype=pl.Utf8)
    return bool(
        dates.str.strip_chars()
        .str.contains(r"^\d{4}[-/]\d{2}[-/]\d{2} \d{2}:\d{2}:\d{2}( UTC)?$")
        .all()
    )


def _parse_comments(text: str) -> tuple[str, list[list[str] | None], int]:
    """(how, records, stray lines): each record is [date, link, message] or None when broken."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        if _valid(records):
            return "strict RFC-4180 CSV", records[1:], 0
    except csv.Error:
        pass
    if '\\"' in text:
        try:
            records = list(
                csv.reader(
                    io.StringIO(_only_quotes_escaped(text), newline=""),
                    escapechar="\\",
                    strict=True,
                )
            )
            if _valid(records):
                return "CSV with backslash-escaped quotes (2025 exports)", records[1:], 0
        except csv.Error:
            pass
    # Records start only at lines that begin with a timestamp; other lines continue the message.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    chunks: list[list[str]] = []
    stray = 0
    for line in lines[1:]:
        if _TS_LINE.match(line):
            chunks.append([line])
        elif chunks:
            chunks[-1].append(line)
        elif line.strip():
            stray += 1
    out: list[list[str] | None] = []
    for chunk in chunks:
        m = _RECORD.match("\n".join(chunk))
        if m is None:
            out.append(None)
            continue
        date, link, message = m.group(1), m.group(2), m.group(3).rstrip("\n")
        out.append([date, link, _unquote_field(message)])
    return (
        "records split at timestamp lines (unquoted multi-line messages, 2021–2024 exports)",
        out,
        stray,
    )


_LONE_BACKSLASH = re.compile(r'\\(?!")')


def _only_quotes_escaped(text: str) -> str:
    r"""``text`` prepared for ``csv`` with ``escapechar="\\"`` so that only ``\"`` is an escape.

    2025 exports write a quote inside a quoted field as ``\"``; nothing shows
    LinkedIn doubling other backslashes (the real 2025 sample has none), so a
    backslash that is not before a quote is text (a shrug ``¯\_(ツ)_/¯``, a path
    ``C:\Users``): doubled here, it reads back as itself instead of escaping the
    next character.

    Examples
    --------
    >>> next(csv.reader([_only_quotes_escaped(r'"say \"hi\" ¯\_(ツ)_/¯ C:\Users"')], escapechar="\\"))
    ['say "hi" ¯\\_(ツ)_/¯ C:\\Users']
    """
    return _LONE_BACKSLASH.sub(r"\\\\", text)


def _unquote_field(message: str) -> str:
    """A message that is one quoted CSV field (doubled or backslash-escaped quotes) loses its quoting."""
    s = message.strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        for field, kw in ((s, {}), (_only_quotes_escaped(s), {"escapechar": "\\"})):
            try:
                parsed = list(csv.reader(io.StringIO(field, newline=""), strict=True, **kw))
            except csv.Error:
                continue
            if len(parsed) == 1 and len(parsed[0]) == 1:
                return parsed[0][0]
    return message


def _load_comments(inp: Input, member: str) -> tuple[pl.DataFrame, FileLog]:
    label = inp.label(member)
    text = decode_text(inp.read_bytes(member)).lstrip("\ufeff")
    header = text.split("\n", 1)[0].strip()
    if not _is_comments_header(header):
        raise InputError(
            f"{label}: header {header[:80]!r} is not LinkedIn's Comments.csv (expected Date,Link,Message); "
            "is this a LinkedIn export?"
        )
    how, records, stray = _parse_comments(text)
    log = FileLog(label, "linkedin comments")
    log.note(f"parsed as {how}")
    if stray:
        log.read += stray
        log.skip("line outside any record (before the first dated line)", stray)
    good = [r for r in records if r is not None and len(r) == 3]
    log.read += len(records)
    log.skip("broken CSV record (wrong number of fields)", len(records) - len(good))
    frame = pl.DataFrame(
        {"date": [r[0] for r in good], "link": [r[1] for r in good], "text": [r[2] for r in good]},
        schema={"date": pl.Utf8, "link": pl.Utf8, "text": pl.Utf8},
    ).with_columns(
        _dates("date").alias("created_at"),
        pl.col("date").str.strip_chars(),
        pl.col("link").str.strip_chars(),
        pl.col("text").str.replace_all("\r\n", "\n", literal=True).str.strip_chars(),
    )
    frame = _drop_bad_dates(frame, log)
    # Comments have no id in the export: a hash of what they are (repeats numbered).
    seen: Counter = Counter()
    ids = []
    for d, link, t in zip(frame["date"], frame["link"], frame["text"], strict=True):
        digest = _digest(d, link, t)
        seen[digest] += 1
        ids.append(f"linkedin-comment:{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else ""))
    # A reply inside a comment thread names the comment it answers with ?commentUrn=
    in_thread = [_comment_urn(link) if "commentUrn=" in link else None for link in frame["link"]]
    frame = frame.with_columns(
        pl.Series("post_id", ids, dtype=pl.Utf8),
        _urn("link").alias("_root"),
        pl.Series("_comment", in_thread, dtype=pl.Utf8),
    )
    out = frame.select(
        "post_id",
        "created_at",
        "text",
        pl.lit("reply").alias("kind"),
        pl.coalesce("_comment", "_root", pl.when(pl.col("link") != "").then(pl.col("link"))).alias(
            "reply_to_id"
        ),
        pl.lit(None, dtype=pl.Utf8).alias("reply_to_author"),
        pl.coalesce("_root", "post_id").alias("conversation_id"),
        _hashtag_list("text").alias("hashtags"),
        _url_list("text").list.unique(maintain_order=True).alias("urls"),
        pl.lit(label).alias("source_file"),
    )
    log.note("dates carry no time zone; taken as UTC (LinkedIn does not document the zone)")
    log.note(
        "the export does not name the authors of the posts commented on: reply_to_author is null"
    )
    return out, log


def _comment_urn(link: str) -> str | None:
    comment = parse_qs(urlsplit(link).query).get("commentUrn", [None])[0]
    return unquote(comment) if comment else None

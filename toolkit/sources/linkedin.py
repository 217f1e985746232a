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
    ``escapechar``), then (2021–2024) unquoted multi-line messages, where a
    record starts only at a line beginning ``YYYY-MM-DD HH:MM:SS,``. The log
    names the parse that was used.
``Profile.csv``
    Only for the owner's name (``First Name`` + ``Last Name``).

``messages.csv``, ``Connections.csv``, ``Invitations.csv`` (private) and
``Reactions.csv`` (not posts) are never loaded; a log row says so when present.

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
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import posts_from_rows
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
_TS_FIELD = re.compile(r"\d{4}[-/]\d{2}[-/]\d{2} \d{2}:\d{2}:\d{2}(?: UTC)?")
# A record starts at a timestamp followed by a comma; a bare timestamp line is a record cut short.
_TS_LINE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:,|\s*$)")
_RECORD = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),([^,\n]*),(.*)", re.S)
_URN = re.compile(r"urn:li:(share|ugcPost|activity|article|groupPost):(\d+)")
_URL = re.compile(r"https?://[^\s<>\"']+")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w+)")
_COMMENTS_HEADER = "date,link,message"


def _key(col: str) -> str:
    """Header name without case, spaces, underscores or quotes: ``Shared URL`` -> ``sharedurl``."""
    return re.sub(r"[\s_\"'\ufeff]", "", col).lower()


def _root_members(inp: Input) -> list[str]:
    """Members at the export's root (a zip holding one top-level folder is rooted in it)."""
    names = [n for n in inp.names() if not n.startswith("__MACOSX/")]
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


def _time(value: str) -> datetime | None:
    """``2024-02-19 10:22:49`` or ``2017/06/08 08:15:44 UTC`` as UTC."""
    value = value.strip()
    if value.endswith(" UTC"):
        value = value[:-4]
    try:
        return datetime.fromisoformat(value.replace("/", "-")).replace(tzinfo=UTC)
    except ValueError:
        return None


def _urls(text: str, *extra: str) -> list[str]:
    seen: dict[str, None] = {}
    for u in extra:
        if u:
            seen.setdefault(u, None)
    for m in _URL.finditer(text):
        seen.setdefault(m.group(0).rstrip(".,;:!?)]}"), None)
    return list(seen)


def _hashtags(text: str) -> list[str]:
    return [m.group(1) for m in _HASHTAG.finditer(text)]


@register
class LinkedInSource(Source):
    """LinkedIn data export: Shares.csv (posts) and Comments.csv (the owner's comments)."""

    name = "linkedin"
    platform = "linkedin"
    title = "LinkedIn data export (CSV)"
    inputs = "the export zip (or its folder) with Shares.csv / Comments.csv at the root"
    replies_from_others = "no (own posts and comments only)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
            return False
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
        rows: list[dict[str, Any]] = []
        read: list[FileLog] = []
        with no_gc():
            for m in shares:
                read.append(_load_shares(inp, m, handle, rows))
            for m in comments:
                read.append(_load_comments(inp, m, handle, rows))
        for log in read:
            log.note(f"owner {handle!r} {how}")
        owner = Owner("linkedin", handle, display_name=display, source_file=inp.label())
        return Loaded(posts_from_rows(rows, partial=True), read + logs, [owner])


def _owner(inp: Input, profiles: list[str], ctx: LoadContext) -> tuple[str, str, str]:
    """(handle, display name, how it was found)."""
    for m in profiles:
        text = decode_text(inp.read_bytes(m))
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [_key(c) for c in next(reader)]
            first = next(reader)
        except (StopIteration, csv.Error):
            continue
        row = dict(zip(header, first, strict=False))
        name = " ".join(
            p for p in (row.get("firstname", "").strip(), row.get("lastname", "").strip()) if p
        )
        if name:
            return (
                normalise_handle(name) or name,
                name,
                f"from {PurePosixPath(m).name} (First Name + Last Name)",
            )
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
    problem = (
        "several people in the accounts file have a linkedin handle, so the owner is ambiguous"
        if people
        else "the export has no Profile.csv, so the owner's name is unknown"
    )
    raise InputError(
        f"{inp.path}: {problem}. Add the owner to the accounts file, e.g.\n"
        '    [me]\n    name = "First Last"\n    linkedin = "First Last"\n'
        'or pass linkedin_owner="First Last" to toolkit.load(), or put Profile.csv back into the export.'
    )


# --------------------------------------------------------------------------- Shares


def _load_shares(inp: Input, member: str, handle: str, rows: list[dict[str, Any]]) -> FileLog:
    label = inp.label(member)
    data = inp.read_bytes(member)
    text = decode_text(data)
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    tsv = "\t" in header_line and header_line.count("\t") >= header_line.count(",")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    log = FileLog(
        label,
        "linkedin shares (2018 UTF-16 tab-separated)" if utf16 or tsv else "linkedin shares (CSV)",
    )
    delim = "\t" if tsv else ","
    try:
        records = list(
            csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delim, strict=True)
        )
    except csv.Error as exc:
        records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delim))
        log.note(
            f"not strict CSV ({exc}); read leniently, records with the wrong number of fields skipped"
        )
    if not records:
        log.note("empty file")
        return log
    header = [_key(c) for c in records[0]]
    if "date" not in header or "sharelink" not in header:
        raise InputError(
            f"{label}: header {records[0]!r} is not LinkedIn's Shares.csv "
            "(expected Date,ShareLink,ShareCommentary,SharedUrl,...); is this a LinkedIn export?"
        )
    col = {k: i for i, k in reversed(list(enumerate(header)))}
    i_date, i_link = col["date"], col["sharelink"]
    i_text = col.get("sharecommentary")
    i_shared = col.get("sharedurl")
    i_media = col.get("mediaurl")
    n = len(header)
    seen: set[str] = set()
    tally: Counter = Counter()
    for rec in records[1:]:
        if not rec:
            continue  # a blank line is not a record
        log.read += 1
        if len(rec) != n:
            log.skip("broken CSV record (wrong number of fields)")
            continue
        created = _time(rec[i_date])
        if created is None:
            log.skip("unparseable date")
            continue
        link = rec[i_link].strip()
        commentary = rec[i_text] if i_text is not None else ""
        commentary = commentary.replace("\r\n", "\n").replace('"\n"', "\n").strip()
        shared = rec[i_shared].strip() if i_shared is not None else ""
        media = rec[i_media].strip() if i_media is not None else ""
        m = _URN.search(unquote(link))
        if m:
            post_id = f"urn:li:{m.group(1)}:{m.group(2)}"
        else:
            digest = hashlib.sha1(f"{rec[i_date]}\x00{link}\x00{commentary}".encode()).hexdigest()[
                :16
            ]
            post_id = f"linkedin-share:{digest}"
            tally["no urn"] += 1
        if post_id in seen:
            log.skip("same share repeated (one row per media file)")
            continue
        seen.add(post_id)
        if commentary:
            kind = "post"
        elif shared:
            kind = "repost"
            tally["repost shared url"] += 1
        elif not media:
            kind = "repost"
            tally["repost empty"] += 1
        else:
            kind = "post"
            tally["media only"] += 1
        rows.append(
            {
                "platform": "linkedin",
                "account": handle,
                "post_id": post_id,
                "author": handle,
                "created_at": created,
                "text": commentary,
                "kind": kind,
                "conversation_id": post_id,
                "hashtags": _hashtags(commentary),
                "urls": _urls(commentary, shared),
                "url": link or None,
                "source_file": label,
            }
        )
    if tally["repost shared url"] or tally["repost empty"]:
        log.note(
            f"{tally['repost shared url'] + tally['repost empty']} share(s) without own text counted as reposts "
            f"({tally['repost shared url']} pointing at a shared URL, {tally['repost empty']} with no content in the export)"
        )
    if tally["media only"]:
        log.note(f"{tally['media only']} share(s) with media but no text kept as posts")
    if tally["no urn"]:
        log.note(
            f"{tally['no urn']} share(s) without a share URN in ShareLink; their ids are hashes"
        )
    if not utf16:
        log.note("dates carry no time zone; taken as UTC (LinkedIn does not document the zone)")
    return log


# --------------------------------------------------------------------------- Comments


def _valid(records: list[list[str]]) -> bool:
    return all(len(r) == 3 and _TS_FIELD.fullmatch(r[0].strip()) for r in records[1:])


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
            records = list(csv.reader(io.StringIO(text, newline=""), escapechar="\\", strict=True))
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


def _unquote_field(message: str) -> str:
    """A message that is one quoted CSV field (doubled or backslash-escaped quotes) loses its quoting."""
    s = message.strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        for kw in ({}, {"escapechar": "\\"}):
            try:
                parsed = list(csv.reader(io.StringIO(s, newline=""), strict=True, **kw))
            except csv.Error:
                continue
            if len(parsed) == 1 and len(parsed[0]) == 1:
                return parsed[0][0]
    return message


def _load_comments(inp: Input, member: str, handle: str, rows: list[dict[str, Any]]) -> FileLog:
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
    seen: Counter = Counter()
    for rec in records:
        log.read += 1
        if rec is None or len(rec) != 3:
            log.skip("broken CSV record (wrong number of fields)")
            continue
        date, link, message = rec
        created = _time(date)
        if created is None:
            log.skip("unparseable date")
            continue
        link = link.strip()
        message = message.replace("\r\n", "\n").strip()
        digest = hashlib.sha1(f"{date.strip()}\x00{link}\x00{message}".encode()).hexdigest()[:16]
        seen[digest] += 1
        post_id = f"linkedin-comment:{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
        parent, root = _targets(link)
        rows.append(
            {
                "platform": "linkedin",
                "account": handle,
                "post_id": post_id,
                "author": handle,
                "created_at": created,
                "text": message,
                "kind": "reply",
                "reply_to_id": parent,
                "reply_to_author": None,
                "conversation_id": root or post_id,
                "hashtags": _hashtags(message),
                "urls": _urls(message),
                "source_file": label,
            }
        )
    log.note("dates carry no time zone; taken as UTC (LinkedIn does not document the zone)")
    log.note(
        "the export does not name the authors of the posts commented on: reply_to_author is null"
    )
    return log


def _targets(link: str) -> tuple[str | None, str | None]:
    """(what the comment replies to, the post's URN) from a Comments.csv Link."""
    if not link:
        return None, None
    plain = unquote(link)
    m = _URN.search(urlsplit(plain).path) or _URN.search(plain)
    root = f"urn:li:{m.group(1)}:{m.group(2)}" if m else None
    query = parse_qs(urlsplit(link).query)
    comment = query.get("commentUrn", [None])[0]
    if comment:
        return unquote(comment), root
    return root or link, root

"""Reddit: the GDPR data export (``reddit``) and Pushshift / Arctic Shift NDJSON dumps (``reddit-dump``).

Ids are Reddit *fullnames* everywhere, so that both sources (and several files)
agree: ``t1_<id>`` for a comment, ``t3_<id>`` for a submission. Bare ids are
given their prefix: a comment's ``parent`` that equals its submission's id is
``t3_``, any other bare parent is a comment (``t1_``). A comment's
``conversation_id`` is its submission (``t3_…``); a submission is its own.

``reddit`` — GDPR export
    A zip or folder with ``comments.csv`` and/or ``posts.csv`` at its root
    (numbered parts such as ``comments_1.csv`` and a UTF-8 BOM are accepted).
    ``comments.csv`` (``id,permalink,date,ip,subreddit,gildings,link,parent,body[,media]``)
    gives ``reply`` rows; the submission comes from ``link`` (or the
    permalink). ``posts.csv`` (``id,permalink,date,ip,subreddit,gildings,title,url,body``)
    gives ``post`` rows whose text is the title, a newline and the body. The
    ``ip`` column is never read into a row. All rows are the requesting user's;
    the export does not name them (permalinks carry the subreddit, not the
    user), so the handle comes from ``reddit_owner="..."``, else a
    ``statistics.csv`` row ``account name``/``username`` (UNVERIFIED: the
    statistic names are not documented), else the one person of the accounts
    file with a ``reddit`` handle; otherwise :class:`InputError` says how to add
    it. ``reply_to_author`` is the owner when the parent is one of the owner's
    own items in the export (a self-reply), else null (unknown).

``reddit-dump`` — Pushshift / Arctic Shift
    A plain NDJSON file (``.ndjson``, ``.jsonl``, ``.json`` or the dumps' own
    ``RC_YYYY-MM``/``RS_YYYY-MM`` names), one comment (``parent_id``,
    ``link_id``, ``body``) or submission (``title``, ``selftext``, ``url``) per
    line, ``created_utc`` as int or string. ``.zst`` files are read only when
    the ``zstandard`` module is installed (it is not a dependency of the
    toolkit; decompress with ``zstd -d --long=31 FILE.zst`` otherwise).
    Rows have a null ``account``: this is a collection, and ``toolkit.load``
    gives each row to the studied account whose conversation it is.
    ``reply_to_author`` is filled when the parent is in the file. Bodies
    ``[deleted]``/``[removed]`` are kept (the item existed and its place in the
    thread counts) and counted in a note. ``likes`` is the Reddit ``score``
    (upvotes minus downvotes), ``replies`` a submission's ``num_comments``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

import orjson

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import posts_from_rows
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import decode_text, from_epoch, no_gc

__all__ = ["RedditDumpSource", "RedditExportSource"]

_COMMENTS = re.compile(r"comments(?:_\d+)?\.csv", re.I)
_POSTS = re.compile(r"posts(?:_\d+)?\.csv", re.I)
_STATISTICS = re.compile(r"statistics\.csv", re.I)
_SUBMISSION = re.compile(r"/comments/([a-z0-9]+)", re.I)
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_DELETED = ("[deleted]", "[removed]")
_OWNER_STATS = ("account name", "username", "user name")
_BASE = "https://www.reddit.com"


def _handle(value: str | None) -> str | None:
    """A Reddit user name as a handle: ``/u/Name`` and ``u/Name`` become ``name``."""
    if not value:
        return None
    v = value.strip()
    for prefix in ("/u/", "u/", "/user/"):
        if v.lower().startswith(prefix):
            v = v[len(prefix) :]
            break
    return normalise_handle(v)


def _bare(value: str) -> str:
    v = value.strip()
    return v[3:] if len(v) > 3 and v[0] == "t" and v[1].isdigit() and v[2] == "_" else v


def _fullname(value: str | None, prefix: str) -> str | None:
    if not value or not value.strip():
        return None
    v = value.strip()
    return v if re.match(r"t\d_", v) else f"{prefix}{v}"


def _parent(parent: str | None, submission: str | None) -> str | None:
    """A parent id as a fullname: ``t1_``/``t3_`` kept; a bare id is the submission when it equals it, else a comment."""
    if not parent or not parent.strip():
        return None
    p = parent.strip()
    if re.match(r"t\d_", p):
        return p
    if submission and p == submission[3:]:
        return submission
    return f"t1_{p}"


def _submission_of(*links: str | None) -> str | None:
    for link in links:
        m = _SUBMISSION.search(link or "")
        if m:
            return f"t3_{m.group(1).lower()}"
    return None


def _urls(text: str, *extra: str | None) -> list[str]:
    seen: dict[str, None] = {}
    for u in extra:
        if u and u.startswith(("http://", "https://")):
            seen.setdefault(u, None)
    for m in _URL.finditer(text or ""):
        seen.setdefault(m.group(0).rstrip(".,;:!?"), None)
    return list(seen)


def _permalink(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    v = value.strip()
    return _BASE + v if v.startswith("/") else v


def _time(value: str | None) -> datetime | None:
    """``2014-08-27 00:59:46 UTC`` (also ISO-8601) as UTC."""
    if not value:
        return None
    v = value.strip()
    if v.endswith(" UTC"):
        v = v[:-4]
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


# --------------------------------------------------------------------------- GDPR export


def _root_members(inp: Input) -> list[str]:
    names = [n for n in inp.names() if not n.startswith("__MACOSX/")]
    root = [n for n in names if "/" not in n]
    if root or inp.kind not in ("zip", "tar"):
        return root
    tops = {n.split("/", 1)[0] for n in names}
    return [n for n in names if n.count("/") == 1] if len(tops) == 1 else []


def _header(inp: Input, member: str) -> str:
    head = inp.head(member, 2048).decode("utf-8", errors="ignore").lstrip("\ufeff")
    return head.split("\n", 1)[0].strip().lower().replace('"', "")


@register
class RedditExportSource(Source):
    """Reddit GDPR data export: the user's comments and posts."""

    name = "reddit"
    platform = "reddit"
    title = "Reddit data export (GDPR request, CSV)"
    inputs = "the export zip (or its folder) with comments.csv / posts.csv at the root"
    replies_from_others = "no (own comments and posts only)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
            return False
        for m in _root_members(inp):
            base = PurePosixPath(m).name
            if (_COMMENTS.fullmatch(base) or _POSTS.fullmatch(base)) and _header(inp, m).startswith(
                "id,permalink,date"
            ):
                return True
        return False

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        members = sorted(_root_members(inp), key=lambda m: PurePosixPath(m).name.lower())
        comments = [m for m in members if _COMMENTS.fullmatch(PurePosixPath(m).name)]
        posts = [m for m in members if _POSTS.fullmatch(PurePosixPath(m).name)]
        handle, how = _export_owner(inp, members, ctx)
        rows: list[dict[str, Any]] = []
        logs: list[FileLog] = []
        with no_gc():
            for m in posts:
                logs.append(_read_csv(inp, m, "posts", handle, rows))
            for m in comments:
                logs.append(_read_csv(inp, m, "comments", handle, rows))
        # A reply to one of the owner's own items is a self-reply: its parent's author is known.
        own = {r["post_id"] for r in rows}
        for r in rows:
            if r.get("reply_to_id") in own:
                r["reply_to_author"] = handle
        for log in logs:
            log.note(f"owner {handle!r} {how}")
        return Loaded(
            posts_from_rows(rows, partial=True),
            logs,
            [Owner("reddit", handle, source_file=inp.label())],
        )


def _export_owner(inp: Input, members: list[str], ctx: LoadContext) -> tuple[str, str]:
    given = _handle(ctx.options.get("reddit_owner"))
    if given:
        return given, "given by reddit_owner="
    for m in members:
        if _STATISTICS.fullmatch(PurePosixPath(m).name):
            text = decode_text(inp.read_bytes(m)).lstrip("\ufeff")
            for row in csv.reader(io.StringIO(text, newline="")):
                if len(row) >= 2 and row[0].strip().lower() in _OWNER_STATS and _handle(row[1]):
                    return _handle(row[1]) or "", f"from statistics.csv ({row[0].strip()})"
    people = [p for p in ctx.accounts.people if p.handles.get("reddit")]
    if len(people) == 1:
        return people[0].handles["reddit"][0], f"from the accounts file ([{people[0].id}])"
    problem = (
        "several people in the accounts file have a reddit handle, so the owner is ambiguous"
        if people
        else "a Reddit data export does not name its owner"
    )
    raise InputError(
        f"{inp.path}: {problem}. Add the account to the accounts file, e.g.\n"
        '    [me]\n    name = "Your Name"\n    reddit = "your_username"\n'
        'or pass reddit_owner="your_username" to toolkit.load().'
    )


def _read_csv(
    inp: Input, member: str, what: str, handle: str, rows: list[dict[str, Any]]
) -> FileLog:
    label = inp.label(member)
    log = FileLog(label, f"reddit {what}.csv")
    text = decode_text(inp.read_bytes(member)).lstrip("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        records = list(csv.reader(io.StringIO(text, newline="")))
        log.note(
            f"not strict CSV ({exc}); read leniently, records with the wrong number of fields skipped"
        )
    if not records:
        log.note("empty file")
        return log
    header = [c.strip().lower() for c in records[0]]
    col = {k: i for i, k in enumerate(header)}
    needed = (
        ("id", "permalink", "date", "link", "body")
        if what == "comments"
        else ("id", "permalink", "date", "title")
    )
    missing = [c for c in needed if c not in col]
    if missing:
        raise InputError(
            f"{label}: header lacks {', '.join(missing)} (found {','.join(header)[:120]}); "
            f"is this a Reddit export's {what}.csv?"
        )
    n = len(header)
    deleted = 0
    get = col.get
    for rec in records[1:]:
        if not rec:
            continue
        log.read += 1
        if len(rec) != n and not (len(rec) == n - 1 and header[-1] == "media"):
            log.skip("broken CSV record (wrong number of fields)")
            continue
        rid = rec[col["id"]].strip()
        created = _time(rec[col["date"]])
        if not rid:
            log.skip("record without an id")
            continue
        if created is None:
            log.skip("unparseable date")
            continue
        permalink = _permalink(rec[col["permalink"]])
        body = rec[get("body")] if get("body") is not None and get("body") < len(rec) else ""
        deleted += body.strip() in _DELETED
        if what == "comments":
            post_id = f"t1_{_bare(rid)}"
            link = rec[col["link"]]
            submission = _submission_of(link, permalink)
            parent_raw = rec[col["parent"]] if "parent" in col else ""
            reply_to = _parent(parent_raw, submission) or submission
            media = rec[col["media"]] if "media" in col and col["media"] < len(rec) else ""
            rows.append(
                {
                    "platform": "reddit",
                    "account": handle,
                    "post_id": post_id,
                    "author": handle,
                    "created_at": created,
                    "text": body,
                    "kind": "reply",
                    "reply_to_id": reply_to,
                    "reply_to_author": None,
                    "conversation_id": submission or reply_to or post_id,
                    "urls": _urls(body, media.strip() or None),
                    "url": permalink,
                    "source_file": label,
                }
            )
        else:
            post_id = f"t3_{_bare(rid)}"
            title = rec[col["title"]].strip()
            url = rec[col["url"]].strip() if "url" in col else ""
            own_link = url and _submission_of(url) == post_id  # a self post links to itself
            rows.append(
                {
                    "platform": "reddit",
                    "account": handle,
                    "post_id": post_id,
                    "author": handle,
                    "created_at": created,
                    "text": "\n".join(p for p in (title, body.strip()) if p),
                    "kind": "post",
                    "conversation_id": post_id,
                    "urls": _urls(body, None if own_link else url),
                    "url": permalink,
                    "source_file": label,
                }
            )
    if deleted:
        log.note(f"{deleted} {what} with a [deleted]/[removed] body kept")
    log.note("the ip column is never loaded")
    return log


# --------------------------------------------------------------------------- NDJSON dumps

_DUMP_NAME = re.compile(r"(?:R[CS]_\d{4}-\d{2}.*|.*\.(?:ndjson|jsonl|json))(?:\.zst)?", re.I)


def _zstd_available() -> bool:
    try:
        import zstandard  # noqa: F401
    except ImportError:
        return False
    return True


@register
class RedditDumpSource(Source):
    """Pushshift / Arctic Shift NDJSON dump of comments and submissions (a collection)."""

    name = "reddit-dump"
    platform = "reddit"
    title = "Reddit Pushshift / Arctic Shift dump (NDJSON)"
    inputs = "an RC_/RS_ NDJSON file (.ndjson, .jsonl, .json; .zst only with the zstandard module)"
    replies_from_others = "yes"

    def detect(self, inp: Input) -> bool:
        if inp.kind != "file":
            return False
        name = inp.path.name
        if not _DUMP_NAME.fullmatch(name):
            return False
        if name.lower().endswith(".zst"):
            # Cannot look inside without zstandard: claim the dumps' own names so the error is clear.
            return bool(re.match(r"R[CS]_\d{4}-\d{2}", name)) or name.lower().endswith(
                (".ndjson.zst", ".jsonl.zst")
            )
        head = inp.head(name, 65536).lstrip(b"\xef\xbb\xbf").lstrip()
        if not head.startswith(b"{"):
            return False
        first = head.split(b"\n", 1)[0]
        try:
            obj = orjson.loads(first)
        except orjson.JSONDecodeError:
            # a first line longer than the head: fall back to the keys we expect
            return b'"subreddit"' in first and b'"created_utc"' in first
        return isinstance(obj, dict) and "subreddit" in obj and "created_utc" in obj and "id" in obj

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        label = inp.label()
        log = FileLog(label, "reddit-dump NDJSON")
        lines = _dump_lines(inp, log)
        rows: list[dict[str, Any]] = []
        tally: Counter = Counter()
        loads = orjson.loads
        with no_gc():
            for line in lines:
                if not line.strip():
                    continue
                log.read += 1
                try:
                    obj = loads(line)
                except orjson.JSONDecodeError:
                    log.skip("line is not valid JSON")
                    continue
                if not isinstance(obj, dict):
                    log.skip("line is not a JSON object")
                    continue
                row = _dump_row(obj, label, tally)
                if isinstance(row, str):
                    log.skip(row)
                else:
                    rows.append(row)
        # reply_to_author from the parent when the parent is in the file
        author_of = {r["post_id"]: r["author"] for r in rows}
        for r in rows:
            parent = r.get("reply_to_id")
            if parent is not None:
                r["reply_to_author"] = author_of.get(parent)
        if tally["deleted"]:
            log.note(
                f"{tally['deleted']} item(s) with a [deleted]/[removed] body kept (their place in threads counts)"
            )
        if tally["deleted author"]:
            log.note(f"{tally['deleted author']} item(s) by a deleted account (author '[deleted]')")
        log.note(
            "a collection: each row goes to the studied account whose conversation it is (see toolkit.load)"
        )
        return Loaded(posts_from_rows(rows, partial=True), [log], [])


def _dump_lines(inp: Input, log: FileLog) -> list[bytes]:
    name = inp.path.name
    if name.lower().endswith(".zst"):
        if not _zstd_available():
            raise InputError(
                f"{inp.path}: a zstandard-compressed dump, and the 'zstandard' module is not installed; "
                f"decompress it first (zstd -d --long=31 {name}) and load the plain NDJSON file"
            )
        import zstandard

        with open(inp.path, "rb") as f:
            reader = zstandard.ZstdDecompressor(max_window_size=2**31).stream_reader(f)
            data = reader.read()
        log.note("decompressed with zstandard")
        return data.splitlines()
    return inp.read_bytes(name).lstrip(b"\xef\xbb\xbf").splitlines()


def _dump_row(obj: dict[str, Any], label: str, tally: Counter) -> dict[str, Any] | str:
    """A canonical row from one dump object, or the reason it is skipped."""
    raw_id = obj.get("id")
    if not raw_id:
        return "object without an id"
    created = from_epoch(obj.get("created_utc"))
    if created is None:
        return "object without a valid created_utc"
    author_raw = obj.get("author")
    author = _handle(author_raw) if isinstance(author_raw, str) else None
    if not author:
        return "object without an author"
    if author_raw == "[deleted]":
        tally["deleted author"] += 1
    score = obj.get("score")
    likes = int(score) if isinstance(score, int | float) and not isinstance(score, bool) else None
    permalink = _permalink(obj.get("permalink")) if isinstance(obj.get("permalink"), str) else None
    if "body" in obj and ("parent_id" in obj or "link_id" in obj):
        body = obj.get("body") or ""
        tally["deleted"] += body.strip() in _DELETED
        submission = _fullname(obj.get("link_id"), "t3_")
        reply_to = _parent(obj.get("parent_id"), submission) or submission
        post_id = f"t1_{_bare(str(raw_id))}"
        return {
            "platform": "reddit",
            "post_id": post_id,
            "author": author,
            "created_at": created,
            "text": body,
            "kind": "reply",
            "reply_to_id": reply_to,
            "conversation_id": submission or reply_to or post_id,
            "urls": _urls(body),
            "likes": likes,
            "url": permalink,
            "source_file": label,
        }
    if "title" in obj:
        title = (obj.get("title") or "").strip()
        selftext = (obj.get("selftext") or "").strip()
        tally["deleted"] += selftext in _DELETED
        post_id = f"t3_{_bare(str(raw_id))}"
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        is_self = bool(obj.get("is_self")) or (url is not None and _submission_of(url) == post_id)
        n = obj.get("num_comments")
        return {
            "platform": "reddit",
            "post_id": post_id,
            "author": author,
            "created_at": created,
            "text": "\n".join(p for p in (title, selftext) if p),
            "kind": "post",
            "conversation_id": post_id,
            "urls": _urls(selftext, None if is_self else url),
            "likes": likes,
            "replies": int(n) if isinstance(n, int) and not isinstance(n, bool) else None,
            "url": permalink,
            "source_file": label,
        }
    return "neither a comment nor a submission"

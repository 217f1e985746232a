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
    line, ``created_utc`` as int or string. The file is recognised by its first
    record's shape (an object with ``id``, ``subreddit`` and ``created_utc`` at
    its top level), however long its first line: a saved API response
    ``{"data": [...]}`` is not a dump (the format notes describe only NDJSON)
    and is not recognised. ``.zst`` files are read only when
    the ``zstandard`` module is installed (it is not a dependency of the
    toolkit; decompress with ``zstd -d --long=31 FILE.zst`` otherwise).
    Rows have a null ``account``: this is a collection, and ``toolkit.load``
    gives each row to the studied account whose conversation it is.
    ``reply_to_author`` is filled when the parent is in the file. Bodies
    ``[deleted]``/``[removed]`` are kept (the item existed and its place in the
    thread counts) and counted in a note. An author ``[deleted]`` (or
    ``[removed]``) is an account that no longer exists, an unknown person: each
    such item gets an author of its own, ``[deleted] (t1_abc)``, so that two
    deleted accounts are never one interlocutor and none is taken for the
    studied account (``toolkit.load`` never guesses one as the owner). The
    price: one deleted person's several items count as several people.
    ``likes`` is the Reddit ``score`` (upvotes minus downvotes), ``replies`` a
    submission's ``num_comments`` (numbers or numeric strings).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePosixPath
from typing import Any

import orjson
import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import conform, posts_from_rows
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import decode_text, no_gc, urls_in_text

__all__ = ["RedditDumpSource", "RedditExportSource"]

_COMMENTS = re.compile(r"comments(?:_\d+)?\.csv", re.I)
_POSTS = re.compile(r"posts(?:_\d+)?\.csv", re.I)
_STATISTICS = re.compile(r"statistics\.csv", re.I)
_SUBMISSION = re.compile(r"/comments/([a-z0-9]+)", re.I)
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


def _submission_of(*links: str | None) -> str | None:
    for link in links:
        m = _SUBMISSION.search(link or "")
        if m:
            return f"t3_{m.group(1).lower()}"
    return None


# --------------------------------------------------------------------------- GDPR export


def _root_members(inp: Input) -> list[str]:
    names = inp.names()  # (without macOS litter)
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
        frames: list[pl.DataFrame] = []
        logs: list[FileLog] = []
        with no_gc():
            for what, files in (("posts", posts), ("comments", comments)):
                for m in files:
                    frame, log = _read_csv(inp, m, what)
                    frames.append(frame)
                    logs.append(log)
        for log in logs:
            log.note(f"owner {handle!r} {how}")
        frames = [f for f in frames if f.height]
        owner = Owner("reddit", handle, source_file=inp.label())
        if not frames:
            return Loaded(posts_from_rows([], partial=True), logs, [owner])
        found = pl.concat(frames, how="diagonal")
        # A reply to one of the owner's own items is a self-reply: its parent's author is known.
        found = found.with_columns(
            pl.lit("reddit").alias("platform"),
            pl.lit(handle).alias("account"),
            pl.lit(handle).alias("author"),
            pl.when(pl.col("reply_to_id").is_in(found["post_id"].implode()))
            .then(pl.lit(handle))
            .otherwise(pl.lit(None, dtype=pl.Utf8))
            .alias("reply_to_author"),
        )
        return Loaded(conform(found, partial=True), logs, [owner])


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


# Column expressions shared by both sources (rows are parsed in Polars, not one by one).
_FULLNAME_RX = r"^t\d_"


def _links(first: pl.Expr, text_col: str) -> pl.Expr:
    """URLs: ``first`` (an outside link, when it is one) then those in the text, without repeats."""
    extra = pl.when(first.str.starts_with("http://") | first.str.starts_with("https://"))
    return pl.concat_list(
        extra.then(pl.concat_list(first)).otherwise(pl.lit([], dtype=pl.List(pl.Utf8))),
        urls_in_text(pl.col(text_col)),
    ).list.unique(maintain_order=True)


def _fullname_expr(col: pl.Expr, prefix: str) -> pl.Expr:
    """A fullname from an id that may lack its ``t1_``/``t3_`` prefix (empty -> null)."""
    c = col.str.strip_chars()
    return (
        pl.when(c.is_null() | (c == ""))
        .then(None)
        .when(c.str.contains(_FULLNAME_RX))
        .then(c)
        .otherwise(prefix + c)
    )


def _parent_expr(parent: pl.Expr, submission: pl.Expr) -> pl.Expr:
    """See the module docstring: a bare parent equal to the submission's id is the submission, else a comment."""
    p = parent.str.strip_chars()
    return (
        pl.when(p.is_null() | (p == ""))
        .then(submission)
        .when(p.str.contains(_FULLNAME_RX))
        .then(p)
        .when(p == submission.str.slice(3))
        .then(submission)
        .otherwise("t1_" + p)
    )


def _permalink_expr(col: str) -> pl.Expr:
    c = pl.col(col).str.strip_chars()
    return pl.when(c.str.starts_with("/")).then(_BASE + c).when(c != "").then(c)


def _submission_expr(*cols: str) -> pl.Expr:
    return pl.lit("t3_") + pl.coalesce(
        [pl.col(c).str.extract(r"(?i)/comments/([a-z0-9]+)", 1).str.to_lowercase() for c in cols]
    )


def _read_csv(inp: Input, member: str, what: str) -> tuple[pl.DataFrame, FileLog]:
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
        return pl.DataFrame(), log
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
    # older exports end the row before an empty trailing media column
    short_ok = header[-1] == "media"
    body = [r for r in records[1:] if r]
    good = [
        r if len(r) == n else [*r, ""]
        for r in body
        if len(r) == n or (short_ok and len(r) == n - 1)
    ]
    log.read += len(body)
    log.skip("broken CSV record (wrong number of fields)", len(body) - len(good))
    names = [
        "id",
        "permalink",
        "date",
        "body",
        *(("link", "parent", "media") if what == "comments" else ("title", "url")),
    ]
    frame = pl.DataFrame(
        {name: [r[col[name]] for r in good] if name in col else [""] * len(good) for name in names},
        schema={name: pl.Utf8 for name in names},
    ).with_columns(
        pl.col("id").str.strip_chars().str.replace(_FULLNAME_RX, ""),
        pl.col("date")
        .str.strip_chars()
        .str.strip_suffix(" UTC")
        .str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us", time_zone="UTC")
        .alias("created_at"),
        _permalink_expr("permalink").alias("_permalink"),
    )
    no_id = int((frame["id"] == "").sum())
    if no_id:
        log.skip("record without an id", no_id)
        frame = frame.filter(pl.col("id") != "")
    bad = frame["created_at"].null_count()
    if bad:
        log.skip("unparseable date", bad)
        frame = frame.filter(pl.col("created_at").is_not_null())
    deleted = int(frame["body"].str.strip_chars().is_in(list(_DELETED)).sum())
    if deleted:
        log.note(f"{deleted} {what} with a [deleted]/[removed] body kept")
    log.note("the ip column is never loaded")
    if what == "comments":
        frame = frame.with_columns(_submission_expr("link", "permalink").alias("_submission"))
        frame = frame.with_columns(
            _parent_expr(pl.col("parent"), pl.col("_submission")).alias("reply_to_id")
        )
        out = frame.select(
            ("t1_" + pl.col("id")).alias("post_id"),
            "created_at",
            pl.col("body").alias("text"),
            pl.lit("reply").alias("kind"),
            "reply_to_id",
            pl.coalesce("_submission", "reply_to_id", "t1_" + pl.col("id")).alias(
                "conversation_id"
            ),
            _links(pl.col("media").str.strip_chars(), "body").alias("urls"),
            pl.col("_permalink").alias("url"),
            pl.lit(label).alias("source_file"),
        )
    else:
        post_id = "t3_" + pl.col("id")
        link = pl.col("url").str.strip_chars()
        # a self post's url is its own permalink: not an outside link
        own = _submission_expr("url") == post_id
        out = frame.select(
            post_id.alias("post_id"),
            "created_at",
            pl.concat_str(
                [
                    pl.col("title").str.strip_chars().replace("", None),
                    pl.col("body").str.strip_chars().replace("", None),
                ],
                separator="\n",
                ignore_nulls=True,
            )
            .fill_null("")
            .alias("text"),
            pl.lit("post").alias("kind"),
            pl.lit(None, dtype=pl.Utf8).alias("reply_to_id"),
            post_id.alias("conversation_id"),
            _links(pl.when(own.fill_null(False)).then(pl.lit("")).otherwise(link), "body").alias(
                "urls"
            ),
            pl.col("_permalink").alias("url"),
            pl.lit(label).alias("source_file"),
        )
    return out, log


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
        # By the first record's shape, not by its size: an item of a dump is an object with
        # these keys at its top level (a {"data": [...]} API response has only "data" there).
        keys = _first_record_keys(inp, name, 65536)
        if keys is None:  # the first record runs past the first look: read its keys further
            keys = _first_record_keys(inp, name, _FIRST_RECORD_MAX) or set()
        return _DUMP_KEYS <= keys

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        label = inp.label()
        log = FileLog(label, "reddit-dump NDJSON")
        cols = _DumpColumns()
        loads = orjson.loads
        with no_gc():
            for line in _dump_lines(inp, log):
                if not line.strip():
                    continue
                log.read += 1
                try:
                    obj = loads(line)
                except orjson.JSONDecodeError:
                    log.skip("line is not valid JSON")
                    continue
                reason = cols.add(obj) if isinstance(obj, dict) else "line is not a JSON object"
                if reason:
                    log.skip(reason)
            frame = cols.frame(label, log)
        log.note(
            "a collection: each row goes to the studied account whose conversation it is (see toolkit.load)"
        )
        return Loaded(frame, [log], [])


_DUMP_KEYS = {"id", "subreddit", "created_utc"}
# A Reddit item is at most ~40,000 characters of text, 6 bytes each when JSON-escaped.
_FIRST_RECORD_MAX = 1 << 20
# A JSON string (escapes included, possibly followed by ':' when it is a key) or a bracket.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|[{}\[\]]')


def _first_record_keys(inp: Input, name: str, n: int) -> set[str] | None:
    """The top-level keys of the JSON object that opens the file, read from its first ``n`` bytes.

    An empty set when the file does not open with an object. None when the first line runs
    past ``n`` bytes and the keys read so far are not those of a dump item (look further).
    A first line that is not valid JSON is read token by token (strings and brackets).
    """
    head = inp.head(name, n)
    complete = len(head) < n
    head = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"{"):
        return set()
    line, newline, _ = head.partition(b"\n")
    whole = bool(newline) or complete
    if whole:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            pass
        else:
            return set(obj) if isinstance(obj, dict) else set()
    keys: set[str] = set()
    depth = 0
    for m in _JSON_TOKEN.finditer(line):
        tok = m.group(0)
        if tok[0] == 0x22:  # a string; a key when followed by ':'
            if depth == 1 and m.group(1):
                keys.add(tok[1 : tok.rindex(b'"')].decode("utf-8", "replace"))
        elif tok in (b"{", b"["):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                break
    return keys if whole or _DUMP_KEYS <= keys else None


def _count(value: Any) -> int | None:
    """A count given as a number or a numeric string (``"12"``, ``"-1"``, ``"3.0"``); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | str):
        try:
            return int(float(value))
        except (ValueError, OverflowError):
            return None
    return None


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


class _DumpColumns:
    """Columns of the rows read so far; :meth:`add` returns the reason an object is skipped, or None."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {
            k: []
            for k in (
                "kind",
                "post_id",
                "author",
                "ts",
                "text",
                "parent",
                "link",
                "extra",
                "likes",
                "replies",
                "url",
            )
        }
        self.deleted = 0

    def add(self, obj: dict[str, Any]) -> str | None:
        raw_id = obj.get("id")
        if not raw_id or not isinstance(raw_id, str | int):
            return "object without an id"
        try:
            ts = float(obj.get("created_utc"))  # int, float or numeric string
        except (TypeError, ValueError):
            return "object without a valid created_utc"
        author = obj.get("author")
        if not isinstance(author, str) or not author.strip():
            return "object without an author"
        c = self.cols
        if "body" in obj and ("parent_id" in obj or "link_id" in obj):
            body = obj.get("body") or ""
            self.deleted += body.strip() in _DELETED
            c["kind"].append("reply")
            c["post_id"].append(f"t1_{_bare(str(raw_id))}")
            c["text"].append(body)
            parent, link = obj.get("parent_id"), obj.get("link_id")
            c["parent"].append(parent if isinstance(parent, str) else None)
            c["link"].append(link if isinstance(link, str) else None)
            c["extra"].append(None)
            c["replies"].append(None)
        elif "title" in obj:
            title = (obj.get("title") or "").strip()
            selftext = (obj.get("selftext") or "").strip()
            self.deleted += selftext in _DELETED
            post_id = f"t3_{_bare(str(raw_id))}"
            url = obj.get("url") if isinstance(obj.get("url"), str) else None
            is_self = bool(obj.get("is_self")) or (
                url is not None and _submission_of(url) == post_id
            )
            n = obj.get("num_comments")
            c["kind"].append("post")
            c["post_id"].append(post_id)
            c["text"].append(f"{title}\n{selftext}" if title and selftext else title or selftext)
            c["parent"].append(None)
            c["link"].append(None)
            c["extra"].append(None if is_self else url)
            c["replies"].append(_count(n))
        else:
            return "neither a comment nor a submission"
        permalink = obj.get("permalink")
        c["author"].append(author)
        c["ts"].append(ts)
        c["likes"].append(_count(obj.get("score")))
        c["url"].append(permalink if isinstance(permalink, str) else None)
        return None

    def frame(self, label: str, log: FileLog) -> pl.DataFrame:
        c = self.cols
        if not c["post_id"]:
            return posts_from_rows([], partial=True)
        raw = pl.DataFrame(
            c,
            schema={
                "kind": pl.Utf8,
                "post_id": pl.Utf8,
                "author": pl.Utf8,
                "ts": pl.Float64,
                "text": pl.Utf8,
                "parent": pl.Utf8,
                "link": pl.Utf8,
                "extra": pl.Utf8,
                "likes": pl.Int64,
                "replies": pl.Int64,
                "url": pl.Utf8,
            },
        )
        submission = _fullname_expr(pl.col("link"), "t3_")
        # the same normalisation as _handle: "/u/Name" and "u/Name" are "name"
        handle = (
            pl.col("author")
            .str.strip_chars()
            .str.replace(r"(?i)^(?:/u/|u/|/user/)", "")
            .str.strip_chars()
            .str.strip_prefix("@")
            .str.to_lowercase()
        )
        raw = raw.with_columns(handle.alias("author"))
        # A deleted account is nobody we can name: each such item gets an author of its own,
        # "[deleted] (t1_abc)", which can match no studied account and no other deleted author.
        gone = pl.col("author").is_in(list(_DELETED))
        deleted_authors = int(raw.select(gone.sum()).item())
        out = raw.select(
            pl.lit("reddit").alias("platform"),
            pl.col("post_id"),
            pl.when(gone)
            .then(pl.concat_str([pl.col("author"), pl.lit(" ("), pl.col("post_id"), pl.lit(")")]))
            .otherwise(pl.col("author"))
            .alias("author"),
            (pl.col("ts") * 1_000_000)
            .round()
            .cast(pl.Int64)
            .cast(pl.Datetime("us"))
            .dt.replace_time_zone("UTC")
            .alias("created_at"),
            "text",
            "kind",
            pl.when(pl.col("kind") == "reply")
            .then(_parent_expr(pl.col("parent"), submission))
            .alias("reply_to_id"),
            pl.coalesce(submission, _parent_expr(pl.col("parent"), submission), "post_id").alias(
                "conversation_id"
            ),
            _links(pl.col("extra").fill_null(""), "text").alias("urls"),
            "likes",
            "replies",
            _permalink_expr("url").alias("url"),
            pl.lit(label).alias("source_file"),
        )
        # reply_to_author from the parent when the parent is in the file
        authors = out.select(
            pl.col("post_id").alias("reply_to_id"), pl.col("author").alias("reply_to_author")
        ).unique(subset="reply_to_id", keep="first", maintain_order=True)
        out = out.join(authors, on="reply_to_id", how="left", maintain_order="left")
        if self.deleted:
            log.note(
                f"{self.deleted} item(s) with a [deleted]/[removed] body kept (their place in threads counts)"
            )
        if deleted_authors:
            log.note(
                f"{deleted_authors} item(s) by a deleted account (author '[deleted]' or "
                "'[removed]'): each is an unknown person of its own, '[deleted] (<post id>)'"
            )
        return conform(out, partial=True)

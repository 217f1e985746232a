"""Facebook: "Download Your Information" JSON exports and public-page CSV exports.

Two sources live here:

``facebook`` — the JSON "Download Your Information" (DYI) export of a profile or
a page, as a zip or an unpacked folder (or a single ``your_posts_N.json`` /
``comments.json``). Files are found by *base name*, whatever the era's folders:

==========  ==============================================================================
era         posts / comments
==========  ==============================================================================
<= 2022     ``posts/your_posts_1.json`` / ``comments/comments.json``
2022-2023   ``your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json``
            / ``your_activity_across_facebook/comments_and_reactions/comments.json``
2024+       ``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_N.json``
            / ``your_facebook_activity/comments_and_reactions/comments.json``
==========  ==============================================================================

Group posts (``your_posts_in_groups.json`` / ``group_posts_and_comments.json``,
key ``group_posts_v2``) and group comments (``group_comments_v2``, in
``comments.json`` or ``your_comments_in_groups.json``) are read too. The
2022-2023 and 2024+ paths and the group file names are known from third-party
parsers only (CODE), not from a real export.

Detection is anchored: a known file must sit at its era's place relative to the
export root (a zip may add one wrapper folder; the ``__MACOSX/`` folder,
``._name`` and ``.DS_Store`` files that macOS adds to a zip are ignored), so a
folder that merely *contains* several exports is not taken for one. A lone
``comments.json`` is recognised in both of its shapes (``{"comments_v2": [...]}``
or a bare list of comment items).

What becomes a row
    * **Posts** (``kind = "post"``): text is ``data[*].post`` joined by new lines;
      media-only posts keep the media description, or an empty text. Link shares
      stay posts, with the link from ``attachments[].data[].external_context.url``
      in ``urls``. A post whose English title says it shares someone's item
      (``"X shared Y's post."``, ``"X shared a memory."``, but not ``"... shared a
      link."``) is a ``quote`` when the owner added words of their own
      (``data[*].post``) and a ``repost`` when not (a media description alone is
      the shared item's, not the owner's); ``reply_to_author`` is then Y,
      normalised as comment targets are (the owner when Y is the owner), or null
      when the title names nobody, and the shared item's link, when the
      attachment gives it, is in ``urls``. Tagged people (``tags[].name``) are
      ``mentions``; hashtags and links are taken from the text.
    * **Comments** (``kind = "reply"``): the export gives no id of the commented
      item, only a sentence in ``title``. The target author is parsed from it:
      English (VERIFIED: ``"X commented on Y's post."``, ``"X replied to Y's
      comment."``, ``"X commented on his/her/their own post."``, ``"X commented on
      a post."``) and Danish (VERIFIED: ``"X har kommenteret Ys opslag."``; the
      reply and own-post forms ``"har svaret på"``, ``"sit eget"`` are UNVERIFIED,
      as is reading a Danish genitive by dropping its ``s``). German, Spanish and
      French forms (``"hat den Beitrag von Y kommentiert"``, ``"comentó la
      publicación de Y"``, ``"a commenté la publication de Y"``, ...) are
      UNVERIFIED guesses at Facebook's wording: when they do not match, the title
      counts as not understood. ``reply_to_author`` is the target's normalised
      name (the owner for comments on their own items: a self-reply), null when
      the title names nobody or is not understood (counted in a log note with
      examples). ``reply_to_id`` is always null and ``conversation_id`` is the
      comment's own id, because the export does not say which post a comment
      belongs to.
    * Reactions are not posts and are ignored (not counted). Messenger
      (``messages/``) is never loaded; its presence is noted in the log.

Ids
    DYI exports carry no ids. ``post_id`` is ``"fb:"`` + the first 16 hex digits of
    SHA-1 over (item kind, timestamp, text, first attachment uri or url, title as
    written in the file), so the same item gets the same id from a zip and from its
    unpacked folder. Identical items in one export get ``-2``, ``-3``, ... in file
    order.

Owner
    The owner's display name from ``profile_information.json``
    (``profile_v2.name.full_name``; the profile ``username`` is used instead when
    the accounts file lists it), else the most frequent comment ``author``, else
    the name that starts most post and comment titles ("Alex Rivera updated his
    status."), else the only ``facebook`` handle of the accounts file; otherwise an
    :class:`~toolkit.errors.InputError` asks for an accounts file. ``account`` and
    ``author`` are that name normalised (``"alex rivera"``).

Mojibake (UTF-8 bytes written as ``\\u00XX`` escapes) is repaired in every string
that is used; a string that is not such mojibake is kept as it is.

``facebook-page-csv`` — a CrowdTangle "historical data" CSV of public pages
(one row per page post). Columns are found by name, case-insensitively: page
(``User Name``, else ``Page Name`` / ``Group Name``), ``Post Created`` (or
``Created``), ``Message``, ``URL``, ``Link`` / ``Final Link``, ``Likes``,
``Comments``, ``Shares``. Counts may have thousands separators (``"1,234"``).
Times such as ``2021-01-05 14:03:11 EST`` are converted with a table of US
zone abbreviations (EST/EDT/CST/CDT/MST/MDT/PST/PDT, AKST/AKDT, HST) plus
UTC/GMT and a few European ones; ISO-8601 with an offset works too; an unknown
abbreviation is read as UTC and noted in the log. Each page is a studied
account (``account = author`` = the page's user name, else its page name,
normalised); rows are the page's own posts (``kind = "post"``, text =
``Message``) with ``likes`` (the Like reaction only), ``reposts`` (shares) and
``replies`` (comments); ``urls`` holds the links in the text and ``Final Link``
(else ``Link``). ``post_id`` is the id at the end of ``URL`` (``/posts/<id>``,
``/videos/<id>``, ``story_fbid=<id>``, ...), else ``"fbcsv:"`` + 16 hex digits of
SHA-1 over the row's page, time, message and URL; a repeated post is skipped and
counted, as are rows with too few or too many fields and unreadable times. The
column list and time format are known from
a third-party importer (CODE), not from a file seen here. Meta Content Library
CSV exports are **not supported**: no public description of their columns was
found, and guessing them would risk silent misreads.
"""

from __future__ import annotations

import csv
import functools
import io
import operator
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from hashlib import sha1
from typing import Any

import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import POSTS_SCHEMA, conform, empty_posts
from toolkit.sources import LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import FileLog, Input, decode_text, fix_mojibake, loads_json, no_gc

# --------------------------------------------------------------------------- Meta-family helpers
# (shared with toolkit.sources.instagram and toolkit.sources.threads)


def export_prefix(inp: Input, tops: Iterable[str]) -> str:
    """The wrapper folder of a zip/tar export (``"name/"``), or ``""``.

    A zip made by hand often wraps the export in one folder; a folder given by
    the user is taken as the export root itself (anchored detection). (macOS
    litter beside the wrapper folder is not among ``inp.names()``.)
    """
    if inp.kind not in ("zip", "tar"):
        return ""
    names = inp.names()
    firsts = {n.split("/", 1)[0] for n in names}
    if len(firsts) != 1 or any("/" not in n for n in names):
        return ""
    (first,) = firsts
    if first.lower() in {t.lower() for t in tops}:
        return ""
    return first + "/"


def members(inp: Input, prefix: str, max_depth: int) -> list[tuple[str, tuple[str, ...]]]:
    """``(member name, lower-cased path parts relative to the export root)`` up to ``max_depth`` parts."""
    out = []
    n = len(prefix)
    for name in inp.names():
        if prefix and not name.startswith(prefix):
            continue
        parts = tuple(name[n:].lower().split("/"))
        if len(parts) <= max_depth:
            out.append((name, parts))
    return out


class Ids:
    """Stable ids for exports that have none: prefix + 16 hex digits of SHA-1, made unique."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.seen: dict[str, int] = {}

    def make(self, key: str) -> str:
        """The id for ``key`` (the fields that identify an item, joined by ``"\\x1f"``)."""
        pid = self.prefix + sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        n = self.seen.get(pid, 0) + 1
        self.seen[pid] = n
        return pid if n == 1 else f"{pid}-{n}"


class Batch:
    """Columns of the rows read from one file (owner-independent; completed by :func:`batch_frame`).

    Hashtags, ``@mentions`` and links in the text are extracted later, vectorised,
    by :func:`batch_frame`; a row only carries the *extra* mentions and links the
    export gives outside the text (tagged people, attachment links), kept as
    ``"\\x1f"``-joined strings: one vectorised split builds the List column, where
    a list of Python lists would cost one Series construction per row.
    """

    __slots__ = ("log", "ids", "ts", "text", "kind", "target", "mentions", "urls", "client")

    def __init__(self, log: FileLog):
        self.log = log
        self.ids: list[str] = []
        self.ts: list[int] = []
        self.text: list[str] = []
        self.kind: list[str] = []
        # reply target (or the author of a shared item): a normalised handle, OWN (the
        # owner), "\x01" + a name still to resolve against the owner, or None (unknown)
        self.target: list[str | None] = []
        self.mentions: list[str | None] = []
        self.urls: list[str | None] = []
        self.client: list[str | None] = []

    def add(
        self,
        pid: str,
        ts: int,
        text: str,
        kind: str,
        target: str | None = None,
        mentions: list[str] | None = None,
        urls: list[str] | None = None,
        client: str | None = None,
    ) -> None:
        self.ids.append(pid)
        self.ts.append(ts)
        self.text.append(text)
        self.kind.append(kind)
        self.target.append(target)
        self.mentions.append(_SEP.join(mentions) if mentions else None)
        self.urls.append(_SEP.join(urls) if urls else None)
        self.client.append(client)

    def __len__(self) -> int:
        return len(self.ids)


#: Marker in :attr:`Batch.target` for "the owner themself" (a self-reply).
OWN = "\x00own"

_LIST = pl.List(pl.Utf8)
_SEP = "\x1f"


def batch_frame(batch: Batch, platform: str, owner: str, *, text_mentions: bool) -> pl.DataFrame:
    """The frame of a batch (canonical columns, conformed by :func:`concat_frames`).

    ``account = author = owner``; ``text_mentions`` adds the ``@handles`` written
    in the text to ``mentions`` (Instagram, Threads; Facebook mentions are names).
    """
    if not len(batch):
        return empty_posts()
    targets = [owner if t == OWN else t for t in batch.target]
    frame = pl.DataFrame(
        {
            "post_id": pl.Series(batch.ids, dtype=pl.Utf8),
            "created_at": pl.Series(batch.ts, dtype=pl.Int64),
            "text": pl.Series(batch.text, dtype=pl.Utf8),
            "kind": pl.Series(batch.kind, dtype=pl.Utf8),
            "reply_to_author": pl.Series(targets, dtype=pl.Utf8),
            "mentions": pl.Series(batch.mentions, dtype=pl.Utf8),
            "urls": pl.Series(batch.urls, dtype=pl.Utf8),
            "client": pl.Series(batch.client, dtype=pl.Utf8),
        }
    )
    extra_mentions = pl.col("mentions").str.split(_SEP).fill_null(pl.lit([], dtype=_LIST))
    mentions = (
        pl.concat_list(extra_mentions, mentions_expr("text")).list.unique(maintain_order=True)
        if text_mentions
        else extra_mentions
    )
    return frame.with_columns(
        pl.lit(platform).alias("platform"),
        pl.lit(owner).alias("account"),
        pl.lit(owner).alias("author"),
        pl.from_epoch("created_at", time_unit="s").dt.replace_time_zone("UTC"),
        pl.col("post_id").alias("conversation_id"),
        pl.lit(batch.log.source_file).alias("source_file"),
        mentions.alias("mentions"),
        hashtags_expr("text").alias("hashtags"),
        urls_expr("text", pl.col("urls").str.split(_SEP)).alias("urls"),
    )


def concat_frames(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """One canonical (conformed) frame from :func:`batch_frame` outputs."""
    frames = [f for f in frames if f.height]
    if not frames:
        return empty_posts()
    frame = pl.concat(frames, how="vertical_relaxed") if len(frames) > 1 else frames[0]
    return conform(frame, partial=True)


# Entities written in the text, extracted by Polars (Rust regex: no look-behind, so
# the character before a '#' or '@' is matched and then cut off).
_HASHTAG_RS = r"(?:^|[^\w&])#\w+"
_MENTION_RS = r"(?:^|[^\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
_URL_RS = r"https?://[^\s<>\"']+"
_URL_TRAIL = ".,;:!?)]}»”’"


def hashtags_expr(text: str) -> pl.Expr:
    """Hashtags written in column ``text``, without ``#``, as written.

    Examples
    --------
    >>> pl.DataFrame({"t": ["#vote today #Town_Hall, not&#38;"]}).select(hashtags_expr("t"))["t"].to_list()
    [['vote', 'Town_Hall']]
    """
    return (
        pl.col(text)
        .str.extract_all(_HASHTAG_RS)
        .list.eval(pl.element().str.replace(r"^[^#]*#", ""))
    )


def mentions_expr(text: str) -> pl.Expr:
    """``@handles`` written in column ``text``, normalised, without repeats.

    Examples
    --------
    >>> pl.DataFrame({"t": ["hi @Sam.Lee and @sam.lee, mail a@b.com"]}).select(mentions_expr("t"))["t"].to_list()
    [['sam.lee']]
    """
    return (
        pl.col(text)
        .str.extract_all(_MENTION_RS)
        .list.eval(pl.element().str.replace(r"^[^@]*@", "").str.to_lowercase())
        .list.unique(maintain_order=True)
    )


def urls_expr(text: str, extra: pl.Expr | None = None) -> pl.Expr:
    """Links written in column ``text``, then the ``extra`` ones (a List column), without repeats.

    Examples
    --------
    >>> pl.DataFrame({"t": ["see https://a.org/x, and (https://b.org)."]}).select(urls_expr("t"))["t"].to_list()
    [['https://a.org/x', 'https://b.org']]
    """
    found = (
        pl.col(text)
        .str.extract_all(_URL_RS)
        .list.eval(pl.element().str.strip_chars_end(_URL_TRAIL))
    )
    if extra is not None:
        found = pl.concat_list(found, extra.fill_null(pl.lit([], dtype=_LIST)))
    return found.list.eval(pl.element().filter(pl.element() != "")).list.unique(maintain_order=True)


def as_seconds(value: Any) -> int | None:
    """Unix seconds from an int/float (or numeric string) timestamp; None when absent or 0."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value or None
    if isinstance(value, float):
        return int(value) or None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value) or None
    return None


def accounts_handle(ctx: LoadContext, *platforms: str) -> str | None:
    """The one handle the accounts file gives for the first of ``platforms`` that has exactly one."""
    for platform in platforms:
        handles = {h for p in ctx.accounts.people for h in p.handles.get(platform, ())}
        if len(handles) == 1:
            return next(iter(handles))
    return None


def fix(value: Any) -> str:
    """A repaired string ('' for anything that is not a string)."""
    return fix_mojibake(value) if isinstance(value, str) else ""


def messenger_log(inp: Input, found: list[tuple[str, tuple[str, ...]]], fmt: str) -> FileLog | None:
    """A log row noting that Messenger / direct messages are present and not loaded."""
    for name, parts in found:
        if "messages" in parts[:-1]:
            full = name.split("/")
            # the member path may carry a wrapper folder that ``parts`` (relative to the root) lacks
            end = len(full) - len(parts) + parts.index("messages") + 1
            log = FileLog(inp.label("/".join(full[:end])), fmt)
            log.note("private messages are never loaded (not public conversation); folder skipped")
            return log
    return None


_APPS = {"FB": "Facebook", "FACEBOOK": "Facebook", "IG": "Instagram", "INSTAGRAM": "Instagram"}


def cross_post_client(media: Any) -> str | None:
    """``client`` from ``media[].cross_post_source.source_app`` (Instagram/Threads exports).

    The export does not say in which direction the item was cross-posted
    (UNVERIFIED), so the name only says which other app it is linked to.

    Examples
    --------
    >>> cross_post_client([{"cross_post_source": {"source_app": "FB"}}])
    'cross-post (Facebook)'
    """
    for m in media if isinstance(media, list) else ():
        src = m.get("cross_post_source") if isinstance(m, dict) else None
        app = src.get("source_app") if isinstance(src, dict) else None
        if isinstance(app, str) and app.strip():
            return f"cross-post ({_APPS.get(app.strip().upper(), app.strip())})"
    return None


_USERNAME_LABELS = ("Username", "Gebruikersnaam", "Brugernavn", "Benutzername", "Nombre de usuario")


def read_username(
    inp: Input, found: list[tuple[str, tuple[str, ...]]]
) -> tuple[str | None, FileLog | None]:
    """The account's username from ``personal_information.json`` (Instagram/Threads), with a log row.

    Shape (VERIFIED, Waultar): ``{"profile_user": [{"string_map_data": {"Username": {"value": ...}}}]}``.
    """
    for name, parts in found:
        if parts[-1] != "personal_information.json":
            continue
        label = inp.label(name)
        data = loads_json(inp.read_bytes(name), label)
        log = FileLog(label, "")
        users = data.get("profile_user") if isinstance(data, dict) else None
        for user in users if isinstance(users, list) else ():
            smd = user.get("string_map_data") if isinstance(user, dict) else None
            if not isinstance(smd, dict):
                continue
            for key in _USERNAME_LABELS:
                v = smd.get(key)
                value = v.get("value") if isinstance(v, dict) else None
                if isinstance(value, str) and value.strip():
                    return fix_mojibake(value.strip()), log
        log.note("no Username found in this file; owner taken from elsewhere")
        return None, log
    return None, None


# --------------------------------------------------------------------------- Facebook DYI

_TOPS = (
    "your_facebook_activity",
    "your_activity_across_facebook",
    "posts",
    "comments",
    "comments_and_reactions",
    "personal_information",
    "profile_information",
    "messages",
    "groups",
    "logged_information",
    "security_and_login_information",
    "connections",
    "preferences",
    "apps_and_websites_off_of_facebook",
    "ads_information",
    "activity_messages",
)
_ERA_TOPS = {"your_facebook_activity", "your_activity_across_facebook"}
_POSTS = re.compile(r"your_posts(?:__check_ins__photos_and_videos)?_\d+\.json")
_GROUP_POSTS = re.compile(r"your_posts_in_groups\.json|group_posts_and_comments\.json")
_COMMENTS = re.compile(r"comments\.json|your_comments_in_groups\.json")
_PROFILE = "profile_information.json"
_COMMENT_OBJECT = re.compile(rb'"comment"\s*:\s*\{')


def _detect_parts(parts: tuple[str, ...]) -> bool:
    if len(parts) < 2 or len(parts) > 3:
        return False
    if len(parts) == 3 and parts[0] not in _ERA_TOPS:
        return False
    base, parent = parts[-1], parts[-2]
    if parent == "posts" and _POSTS.fullmatch(base):
        return True
    return base == "comments.json" and parent in ("comments", "comments_and_reactions")


def html_twin(parts: tuple[str, ...]) -> tuple[str, ...] | None:
    """The parts with ``.html`` turned into ``.json`` (to recognise an export downloaded as HTML)."""
    if parts and parts[-1].endswith(".html"):
        return (*parts[:-1], parts[-1][:-5] + ".json")
    return None


def html_export_error(inp: Input, platform: str, found: list[str]) -> InputError:
    """The error for an export downloaded in HTML format."""
    return InputError(
        f"{inp.path}: this {platform} export is the HTML version ({found[0]}, no JSON files); "
        f"the toolkit reads the JSON version: request a new download of your {platform} "
        "information with Format: JSON"
    )


# ---- titles
# Each pattern: (regex, mode); mode "target" (group 'target' names the commented
# item's author), "own" (the owner's own item), "none" (no author named).
_EN = [
    (r"(?P<actor>.+?) (?:commented on|replied to) (?:his|her|their) own (?:.+?)", "own"),
    (r"(?P<actor>.+?) (?:commented on|replied to) (?:a|an|your) (?:.+?)", "none"),
    (r"(?P<actor>.+?) (?:commented on|replied to) (?P<target>.+?)(?:'s|’s|'|’) (?:.+?)", "target"),
]
_DA = [
    (
        r"(?P<actor>.+?) har (?:kommenteret|svaret på|besvaret) (?:sit eget|sin egen|sine egne) (?:.+?)",
        "own",
    ),
    (r"(?P<actor>.+?) har (?:kommenteret|svaret på|besvaret) (?:et|en) (?:\S+)", "none"),
    (
        r"(?P<actor>.+?) har (?:kommenteret|svaret på|besvaret) (?P<target>.+?)(?:s|'|’) (?:\S+)",
        "target",
    ),
]
_DE = [
    (
        r"(?P<actor>.+?) hat (?:auf )?(?:seinen|seine|sein|ihren|ihre|ihr) eigenen? (?:\S+) (?:kommentiert|geantwortet)",
        "own",
    ),
    (
        r"(?P<actor>.+?) hat (?:auf )?(?:den|die|das) (?:\S+) von (?P<target>.+?) (?:kommentiert|geantwortet)",
        "target",
    ),
    (r"(?P<actor>.+?) hat (?:auf )?(?:einen|eine|ein) (?:\S+) (?:kommentiert|geantwortet)", "none"),
]
_ES = [
    (
        r"(?P<actor>.+?) (?:comentó|respondió a) (?:su propia|su propio|sus propios|sus propias) (?:.+?)",
        "own",
    ),
    (
        r"(?P<actor>.+?) (?:comentó|respondió a|respondió) (?:la|el|al|los|las) (?:\S+) de (?P<target>.+?)",
        "target",
    ),
    (r"(?P<actor>.+?) (?:comentó|respondió a) (?:una|un) (?:\S+)", "none"),
]
_FR = [
    (
        r"(?P<actor>.+?) a (?:commenté|répondu à) (?:sa propre|son propre|ses propres) (?:.+?)",
        "own",
    ),
    (
        r"(?P<actor>.+?) a (?:commenté|répondu) (?:la |le |l'|l’|au |à la |à l'|à l’)(?:\S+) (?:de |d'|d’)(?P<target>.+?)",
        "target",
    ),
    (r"(?P<actor>.+?) a (?:commenté|répondu à) (?:une|un) (?:\S+)", "none"),
]
_WHERE = {"en": " in ", "da": " i ", "de": " in ", "es": " en ", "fr": " dans "}
# a title is tried against a language's patterns only when it holds one of its verbs
_GUARDS = {
    "en": (" commented on ", " replied to "),
    "da": (" har ",),
    "de": (" hat ",),
    "es": (" comentó ", " respondió "),
    "fr": (" a commenté ", " a répondu "),
}
_COMMENT_TITLES = [
    (
        _GUARDS[lang],
        [(re.compile(rf"^{rx}(?:{_WHERE[lang]}.+?)?\.?$"), mode) for rx, mode in group],
    )
    for lang, group in (("en", _EN), ("da", _DA), ("de", _DE), ("es", _ES), ("fr", _FR))
]

# Titles that start with the author's name (for finding the owner when nothing else says it).
_NAME_VERB = re.compile(
    r"^(?P<name>.+?) (?:updated|shared|added|posted|wrote|was|is|commented|replied|created|changed|"
    r"tagged|checked in|uploaded|went live|har|hat|comentó|respondió|publicó|compartió|a (?:publié|partagé|commenté|répondu|ajouté))\b"
)
_SHARED = re.compile(
    r"^.+? shared (?:a memory|an? (?:post|photo|video|reel|album|event|live video)|"
    r"(?P<whose>.+?)(?:'s|’s|'|’) (?:post|photo|video|reel|album|event|live video|status|memory|story))\b.*$"
)
_WROTE_ON = re.compile(r"^.+? wrote on (?P<whose>.+?)(?:'s|’s|'|’) (?:timeline|wall)\.?$")


@functools.lru_cache(maxsize=1 << 16)
def parse_comment_title(title: str) -> tuple[str, str | None, str | None] | None:
    """Who wrote a comment and on whose item, from its localised title.

    Returns ``(mode, actor, target)`` with ``mode`` "target", "own" or "none";
    None when the title is not understood.

    Examples
    --------
    >>> parse_comment_title("Alex Rivera commented on Sam Lee's post.")
    ('target', 'Alex Rivera', 'Sam Lee')
    >>> parse_comment_title("Alex Rivera replied to his own comment.")
    ('own', 'Alex Rivera', None)
    >>> parse_comment_title("Lukas Larsen har kommenteret Sabine Troelstrups opslag.")
    ('target', 'Lukas Larsen', 'Sabine Troelstrup')
    >>> parse_comment_title("Alex liked a post.") is None
    True
    """
    for guards, patterns in _COMMENT_TITLES:
        if not any(g in title for g in guards):
            continue
        for rx, mode in patterns:
            m = rx.match(title)
            if m is not None:
                return mode, m.group("actor"), m.groupdict().get("target")
    return None


@register
class FacebookDYI(Source):
    """Facebook "Download Your Information" JSON (profile or page)."""

    name = "facebook"
    platform = "facebook"
    title = "Facebook Download Your Information (JSON)"
    inputs = (
        "zip or folder of a Facebook JSON export (posts/your_posts_1.json, "
        "your_facebook_activity/posts/..., comments.json), or one of those files"
    )
    replies_from_others = "no (own posts and own comments; comment targets from titles)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
            base = inp.path.name.lower()
            if _POSTS.fullmatch(base) or _GROUP_POSTS.fullmatch(base):
                return inp.head(inp.names()[0], 512).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (
                    b"[",
                    b"{",
                )
            if _COMMENTS.fullmatch(base):
                head = inp.head(inp.names()[0], 4096)
                # {"comments_v2": [...]} (also group_comments_v2), or a bare list of comment
                # items: the nested {"comment": {...}} object sets it apart from other lists
                return b"comments_v2" in head or (
                    head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["
                    and _COMMENT_OBJECT.search(head) is not None
                )
            return False
        prefix = export_prefix(inp, _TOPS)
        # an HTML download is recognised too, so that loading it explains what to do
        return any(
            _detect_parts(parts) or ((t := html_twin(parts)) is not None and _detect_parts(t))
            for _, parts in members(inp, prefix, 3)
        )

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        prefix = export_prefix(inp, _TOPS)
        found = members(inp, prefix, 5)
        posts_files = [n for n, p in found if _POSTS.fullmatch(p[-1])]
        group_files = [n for n, p in found if _GROUP_POSTS.fullmatch(p[-1])]
        comment_files = [n for n, p in found if _COMMENTS.fullmatch(p[-1]) and "messages" not in p]
        profile_files = [n for n, p in found if p[-1] == _PROFILE]
        if not (posts_files or group_files or comment_files):
            html = [
                n for n, p in found if (t := html_twin(p)) is not None and _detect_parts(t[-3:])
            ]
            if html:
                raise html_export_error(inp, "Facebook", html)

        logs: list[FileLog] = []
        ids = Ids("fb:")
        state = _State()
        batches: list[Batch] = []
        with no_gc():
            for name in posts_files:
                batches.append(self._posts(inp, name, ids, state, group=False))
            for name in group_files:
                batches.append(self._posts(inp, name, ids, state, group=True))
            for name in comment_files:
                batches.append(self._comments(inp, name, ids, state))
        profile_log, profile_names = self._profile(inp, profile_files)
        if profile_log is not None:
            logs.append(profile_log)
        owner, display, how = self._owner(inp, ctx, profile_names, state)
        self._resolve_targets(
            state, {owner, *(normalise_handle(n) for n in [display, *profile_names])}
        )

        frames = [batch_frame(b, "facebook", owner, text_mentions=False) for b in batches]
        for b in batches:
            logs.append(b.log)
        first = profile_log or (batches[0].log if batches else FileLog(inp.label(), "facebook"))
        first.note(f"owner {display!r} ({how})")
        if state.not_understood:
            examples = "; ".join(repr(t) for t in state.examples)
            state.comment_log.note(
                f"{state.not_understood} comment title(s) not understood: reply_to_author left null "
                f"(e.g. {examples})"
            )
        if state.no_title:
            state.comment_log.note(
                f"{state.no_title} comment(s) without a title: reply_to_author left null"
            )
        if state.no_target:
            state.comment_log.note(
                f"{state.no_target} comment title(s) name no author (e.g. 'commented on a post'): "
                "reply_to_author left null"
            )
        msg = messenger_log(inp, found, "facebook messenger (not loaded)")
        if msg is not None:
            logs.append(msg)
        return Loaded(
            posts=concat_frames(frames),
            logs=logs,
            owners=[Owner("facebook", owner, display_name=display, source_file=inp.label())],
        )

    # -- files
    def _posts(self, inp: Input, name: str, ids: Ids, state: _State, *, group: bool) -> Batch:
        label = inp.label(name)
        log = FileLog(label, "facebook group posts" if group else "facebook posts")
        batch = Batch(log)
        data = loads_json(inp.read_bytes(name), label)
        if group:
            items = data.get("group_posts_v2") if isinstance(data, dict) else data
            what = 'an object with a "group_posts_v2" list'
        else:
            items = data
            what = "a list of posts"
        if not isinstance(items, list):
            found = (
                f"an object with keys {sorted(data)[:5]}"
                if isinstance(data, dict)
                else type(data).__name__
            )
            raise InputError(
                f"{label}: expected {what} (Facebook export), found {found}; "
                "is this file from a Facebook 'Download Your Information' JSON export?"
            )
        names = state.names
        good = 0
        pending = False
        add = batch.add
        make = ids.make
        for item in items:
            log.read += 1
            if not isinstance(item, dict):
                log.skip("not a post object")
                continue
            ts = as_seconds(item.get("timestamp"))
            if ts is None:
                log.skip("post without a timestamp")
                continue
            good += 1
            texts = []
            for d in item.get("data") or ():
                if isinstance(d, dict):
                    p = d.get("post")
                    if p and isinstance(p, str):
                        texts.append(p)
            text = (texts[0] if len(texts) == 1 else "\n".join(texts)) if texts else ""
            if not text.isascii():
                text = fix_mojibake(text)
            links: list[str] = []
            first_ref = ""
            description = None
            for att in item.get("attachments") or ():
                if not isinstance(att, dict):
                    continue
                for d in att.get("data") or ():
                    if not isinstance(d, dict):
                        continue
                    ec = d.get("external_context")
                    if isinstance(ec, dict):
                        url = ec.get("url")
                        if url and isinstance(url, str):
                            links.append(url)
                            first_ref = first_ref or url
                    media = d.get("media")
                    if isinstance(media, dict):
                        first_ref = first_ref or media.get("uri") or ""
                        desc = media.get("description")
                        if description is None and desc and isinstance(desc, str):
                            description = desc
                    note = d.get("note")
                    if description is None and isinstance(note, dict):
                        body = "\n".join(
                            x
                            for x in (note.get("title"), note.get("text"))
                            if isinstance(x, str) and x
                        )
                        description = body or None
            own_words = bool(text)
            if not text and description:
                text = fix_mojibake(description)
            raw_title = item.get("title")
            if not isinstance(raw_title, str):
                raw_title = ""
            kind = "post"
            target = None
            mentions: list[str] = []
            if raw_title:
                # the verbs looked for are ASCII, so the raw (mojibake) title says whether to
                # look further; the patterns are matched on the repaired title, where a
                # curly apostrophe is one character again
                if state.n_names < 500 and (m := _NAME_VERB.match(fix_mojibake(raw_title))):
                    # a sample of titles is enough to guess the owner when nothing else names them
                    names[m.group("name")] += 1
                    state.n_names += 1
                if " shared " in raw_title and (m2 := _SHARED.match(fix_mojibake(raw_title))):
                    # someone's item passed on: with own words a quote, without a repost
                    kind = "quote" if own_words else "repost"
                    if m2.group("whose"):
                        target = "\x01" + m2.group("whose")  # resolved once the owner is known
                        pending = True
                elif " wrote on " in raw_title and (m3 := _WROTE_ON.match(fix_mojibake(raw_title))):
                    mentions.append(normalise_handle(m3.group("whose")))
            for tag in item.get("tags") or ():
                tname = tag.get("name") if isinstance(tag, dict) else tag
                if isinstance(tname, str) and tname:
                    h = normalise_handle(fix_mojibake(tname))
                    if h and h not in mentions:
                        mentions.append(h)
            add(
                make(f"post\x1f{ts}\x1f{text}\x1f{first_ref}\x1f{raw_title}"),
                ts,
                text,
                kind,
                target,
                mentions,
                links,
            )
        if items and not good:
            raise InputError(
                f"{label}: none of its {len(items)} item(s) is a Facebook post (an object with a 'timestamp'); "
                "is this the right file?"
            )
        if pending:
            state.target_batches.append(batch)
        return batch

    def _comments(self, inp: Input, name: str, ids: Ids, state: _State) -> Batch:
        label = inp.label(name)
        log = FileLog(label, "facebook comments")
        if state.comment_log is None:
            state.comment_log = log
        batch = Batch(log)
        data = loads_json(inp.read_bytes(name), label)
        items = _comment_items(data)
        if items is None:
            found = (
                f"an object with keys {sorted(data)[:5]}"
                if isinstance(data, dict)
                else type(data).__name__
            )
            raise InputError(
                f'{label}: expected Facebook comments ({{"comments_v2": [...]}} or a list of comments), '
                f"found {found}; is this file from a Facebook JSON export?"
            )
        good = 0
        for item in items:
            log.read += 1
            if not isinstance(item, dict):
                log.skip("not a comment object")
                continue
            comment = None
            for d in item.get("data") or ():
                if isinstance(d, dict) and isinstance(d.get("comment"), dict):
                    comment = d["comment"]
                    break
            ts = as_seconds((comment or {}).get("timestamp")) or as_seconds(item.get("timestamp"))
            if ts is None:
                log.skip("comment without a timestamp")
                continue
            good += 1
            text = fix((comment or {}).get("comment"))
            if not (text or "").strip() and not item.get("attachments"):
                # a sticker or GIF comment has "" text and an attachment; with neither, the
                # record says nothing the account wrote: skipped, and shown in the log
                log.skip("comment with no text and no attachment")
                continue
            author = fix((comment or {}).get("author"))
            if author:
                state.authors[author] += 1
            links: list[str] = []
            for att in item.get("attachments") or ():
                if isinstance(att, dict):
                    for d in att.get("data") or ():
                        ec = d.get("external_context") if isinstance(d, dict) else None
                        if isinstance(ec, dict) and isinstance(ec.get("url"), str) and ec["url"]:
                            links.append(ec["url"])
            title = fix(item.get("title"))
            target: str | None = None
            parsed = parse_comment_title(title) if title else None
            if not title:
                state.no_title += 1
            elif parsed is None:
                state.not_understood += 1
                if len(state.examples) < 3:
                    state.examples.append(title)
            else:
                mode, actor, who = parsed
                if actor:
                    state.names[actor] += 1
                if mode == "own":
                    target = OWN
                elif mode == "target" and who:
                    target = "\x01" + who  # resolved against the owner once known
                else:
                    state.no_target += 1
            pid = ids.make(f"comment\x1f{ts}\x1f{text}\x1f{links[0] if links else ''}\x1f{title}")
            batch.add(
                pid,
                ts,
                text,
                "reply",
                target=target,
                urls=links,
            )
        if items and not good:
            raise InputError(
                f"{label}: none of its {len(items)} item(s) is a Facebook comment (an object with a 'timestamp'); "
                "is this the right file?"
            )
        state.target_batches.append(batch)
        return batch

    def _profile(self, inp: Input, names: list[str]) -> tuple[FileLog | None, list[str]]:
        for name in names:
            label = inp.label(name)
            data = loads_json(inp.read_bytes(name), label)
            log = FileLog(label, "facebook profile")
            prof = None
            if isinstance(data, dict):
                prof = data.get("profile_v2") or data.get("profile") or data
            if not isinstance(prof, dict):
                log.note("no profile object found; owner taken from elsewhere")
                return log, []
            nm = prof.get("name")
            full = fix(nm.get("full_name")) if isinstance(nm, dict) else fix(nm)
            username = fix(prof.get("username"))
            return log, [x for x in (full, username) if x]
        return None, []

    def _owner(
        self, inp: Input, ctx: LoadContext, profile_names: list[str], state: _State
    ) -> tuple[str, str, str]:
        display = None
        how = ""
        if profile_names:
            listed = ctx.accounts.studied_handles("facebook") | {
                h for p in ctx.accounts.people for h in p.handles.get("facebook", ())
            }
            for cand in profile_names:
                if normalise_handle(cand) in listed:
                    how = f"profile_information.json, listed in the accounts file as {cand!r}"
                    return normalise_handle(cand), profile_names[0], how
            display, how = profile_names[0], "profile_information.json"
        elif state.authors:
            display, how = state.authors.most_common(1)[0][0], "comment author"
        elif state.names:
            ranked = state.names.most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                display, how = ranked[0][0], "post and comment titles"
        if display is None:
            handle = accounts_handle(ctx, "facebook")
            if handle is None:
                # a lone file never holds profile_information.json: its export does
                instead = (
                    "Either load the whole export (its zip or folder, with "
                    "profile_information.json), or name the owner in an accounts file"
                    if inp.kind == "file"
                    else "Name the owner in an accounts file"
                )
                raise InputError(
                    f"{inp.path}: cannot tell whose Facebook export this is (no profile_information.json, "
                    f"no comment author, no recognisable titles). {instead}, e.g.\n"
                    '  [owner]\n  name = "Alex Rivera"\n  facebook = "Alex Rivera"\n'
                    "and pass it with --accounts (or accounts_file=...)."
                )
            display, how = handle, "the only facebook handle of the accounts file"
        return normalise_handle(display) or display, display, how

    @staticmethod
    def _resolve_targets(state: _State, own_names: set[str | None]) -> None:
        for b in state.target_batches:
            t = b.target
            for i, v in enumerate(t):
                if v is not None and v.startswith("\x01"):
                    h = normalise_handle(v[1:])
                    t[i] = OWN if h in own_names else h


def _comment_items(data: Any) -> list[Any] | None:
    """The comment items of a comments file in any of its shapes, or None when it has none."""
    keys = ("comments_v2", "group_comments_v2")
    if isinstance(data, dict):
        lists = [data[k] for k in keys if isinstance(data.get(k), list)]
        return [x for lst in lists for x in lst] if lists else None
    if isinstance(data, list):
        wrapped = [x for x in data if isinstance(x, dict) and any(k in x for k in keys)]
        if wrapped and len(wrapped) == len(data):
            return [c for w in wrapped for k in keys for c in (w.get(k) or [])]
        return data
    return None


class _State:
    """What one export's files tell about its owner, gathered while reading."""

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.authors: Counter[str] = Counter()
        self.not_understood = 0
        self.no_target = 0
        self.no_title = 0
        self.examples: list[str] = []
        self.n_names = 0
        self.comment_log: FileLog | None = None
        # batches whose targets name someone ("\x01" + name), resolved once the owner is known
        self.target_batches: list[Batch] = []


# --------------------------------------------------------------------------- public-page CSV

_TZ_ABBREV = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "BST": 1,
    "WET": 0,
    "WEST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
}
_OFFSET = re.compile(r"^[+-]\d{2}:?\d{2}$")


def parse_page_time(value: str) -> tuple[datetime | None, str | None]:
    """Parse a CrowdTangle ``Post Created`` value; returns ``(utc time, unknown zone or None)``.

    Examples
    --------
    >>> parse_page_time("2021-01-05 14:03:11 EST")[0].isoformat()
    '2021-01-05T19:03:11+00:00'
    >>> parse_page_time("2021-07-01T09:30:00+02:00")[0].isoformat()
    '2021-07-01T07:30:00+00:00'
    """
    value = value.strip()
    if not value:
        return None, None
    unknown = None
    tz: timezone | None = None
    head, _, last = value.rpartition(" ")
    if head and last[:1].isalpha() and last.isalpha():
        hours = _TZ_ABBREV.get(last.upper())
        if hours is None:
            unknown = last
            tz = UTC
        else:
            tz = timezone(timedelta(hours=hours))
        value = head
    elif head and _OFFSET.match(last):
        value = head + last.replace(":", "")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        for fmt in (
            "%Y-%m-%d %H:%M:%S%z",
            "%Y-%m-%d %H:%M%z",
            "%m/%d/%Y %H:%M:%S",
            "%m/%d/%Y %H:%M",
        ):
            try:
                dt = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            return None, None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz or UTC)
    return dt.astimezone(UTC), unknown


_MOJIBAKE_RUST = r"[\u00c2-\u00f4][\u0080-\u00bf]"


def _sha16(key: str) -> str:
    """First 16 hex digits of the SHA-1 of ``key``."""
    return sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_SIMPLE_TIME = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\s+[A-Za-z]{1,5})?$"


def _page_times(frame: pl.DataFrame, log: FileLog) -> pl.DataFrame:
    """``created_at`` from the ``time`` column; unreadable rows dropped and counted.

    The common shape ``2021-01-05 14:03:11 EST`` is converted in Polars; anything
    else goes through :func:`parse_page_time` one value at a time.
    """
    t = pl.col("time").str.strip_chars()
    abbr = t.str.extract(r"\s([A-Za-z]{1,5})$", 1).str.to_uppercase()
    hours = abbr.replace_strict(_TZ_ABBREV, default=None, return_dtype=pl.Int64)
    naive = (
        pl.when(t.str.contains(_SIMPLE_TIME))
        .then(t.str.slice(0, 19).str.replace("T", " "))
        .str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)
    )
    frame = frame.with_columns(
        (naive - pl.duration(hours=hours.fill_null(0)))
        .dt.replace_time_zone("UTC")
        .alias("created_at"),
        pl.when(abbr.is_not_null() & hours.is_null()).then(abbr).alias("_zone"),
    )
    missing = frame["created_at"].is_null().arg_true()
    if missing.len():
        parsed = [parse_page_time(v) for v in frame["time"].gather(missing).to_list()]
        frame = frame.with_columns(
            frame["created_at"].scatter(
                missing, pl.Series([p[0] for p in parsed], dtype=POSTS_SCHEMA["created_at"])
            ),
            frame["_zone"].scatter(missing, pl.Series([p[1] for p in parsed], dtype=pl.Utf8)),
        )
    for zone, n in frame["_zone"].drop_nulls().value_counts(sort=True).iter_rows():
        log.note(f"{n} time(s) with unknown zone abbreviation {zone!r} read as UTC")
    bad = frame["created_at"].null_count()
    if bad:
        log.skip("unreadable 'Post Created' time", bad)
    return frame.filter(pl.col("created_at").is_not_null()).drop("_zone")


def _repair_column(s: pl.Series) -> pl.Series:
    """:func:`fix_mojibake` on the values of ``s`` that look like mojibake (the rest untouched)."""
    hits = s.str.contains(_MOJIBAKE_RUST).fill_null(False)
    if not hits.any():
        return s
    values = s.to_list()
    for i in hits.arg_true().to_list():
        values[i] = fix_mojibake(values[i])
    return pl.Series(s.name, values, dtype=pl.Utf8)


_POST_ID_IN_URL = re.compile(
    r"(?:story_fbid=|fbid=|/posts/|/videos/|/photos/[^/]+/|/permalink/)(?P<id>[\w-]+)"
)
_PAGE_HEADERS = ("post created", "created")
_PAGE_NAMES = ("user name", "page name", "group name")


def _header_index(header: list[str]) -> dict[str, int]:
    idx: dict[str, int] = {}
    for i, h in enumerate(header):
        key = h.strip().lstrip("\ufeff").strip().lower()
        idx.setdefault(key, i)
    return idx


@register
class FacebookPageCSV(Source):
    """CrowdTangle-style CSV export of public Facebook pages' posts."""

    name = "facebook-page-csv"
    platform = "facebook"
    title = "Facebook public pages: CrowdTangle historical-data CSV"
    inputs = "a .csv file with columns such as Page Name, User Name, Post Created, Message, URL, Likes, Comments, Shares"
    replies_from_others = "no (pages' own posts with like/comment/share counts)"

    def detect(self, inp: Input) -> bool:
        if inp.kind != "file":
            return False
        head = decode_text(inp.head(inp.names()[0], 8192))
        first = head.splitlines()[0] if head else ""
        try:
            header = next(csv.reader([first]))
        except (csv.Error, StopIteration):
            return False
        idx = _header_index(header)
        return (
            any(h in idx for h in _PAGE_HEADERS)
            and any(h in idx for h in _PAGE_NAMES)
            and "message" in idx
            and ("url" in idx or "facebook id" in idx)
        )

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        name = inp.names()[0]
        label = inp.label(name)
        log = FileLog(label, "facebook-page-csv (CrowdTangle)")
        reader = csv.reader(io.StringIO(decode_text(inp.read_bytes(name)), newline=""))
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as exc:
            raise InputError(
                f"{label}: empty CSV file; expected a CrowdTangle export with a header row"
            ) from exc
        idx = _header_index(header)
        c_time = next((idx[h] for h in _PAGE_HEADERS if h in idx), None)
        if c_time is None or "message" not in idx:
            raise InputError(
                f"{label}: missing column 'Post Created' or 'Message'; "
                "expected a CrowdTangle Facebook export"
            )

        def col(*names: str) -> int | None:
            return next((idx[n] for n in names if n in idx), None)

        width = len(header)
        # cells are read by position once the header is known; a missing column reads as ""
        wanted = {
            "time": c_time,
            "user": col("user name"),
            "page": col("page name", "group name"),
            "text": idx["message"],
            "url": col("url"),
            "link": col("link"),
            "final": col("final link"),
            "likes": col("likes"),
            "replies": col("comments"),
            "reposts": col("shares"),
        }
        pick = operator.itemgetter(*(width if i is None else i for i in wanted.values()))
        picked: list[tuple[str, ...]] = []
        keep = picked.append
        try:
            for row in reader:
                if len(row) != width:
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue
                    log.read += 1
                    log.skip(f"row has {len(row)} fields, header has {width}")
                    continue
                log.read += 1
                row.append("")
                keep(pick(row))
        except csv.Error as exc:
            raise InputError(f"{label}: not a readable CSV file ({exc}); is it truncated?") from exc
        if not picked:
            return Loaded(posts=empty_posts(), logs=[log], owners=[])
        frame = pl.DataFrame(
            {
                k: pl.Series(k, v, dtype=pl.Utf8)
                for k, v in zip(wanted, zip(*picked, strict=True), strict=True)
            }
        )
        del picked
        frame = _page_times(frame, log)
        # the post id is the number at the end of URL; rows without one get a derived id
        post_id = frame.select(pl.col("url").str.extract(_POST_ID_IN_URL.pattern, 1))["url"]
        missing = post_id.is_null().arg_true()
        if missing.len():
            keys = frame[missing].select(
                pl.concat_str(["user", "page", "time", "text", "url"], separator="\x1f")
            )
            derived = ["fbcsv:" + _sha16(k) for k in keys.to_series().to_list()]
            post_id = post_id.scatter(missing, pl.Series(derived, dtype=pl.Utf8))
        frame = frame.with_columns(post_id.alias("post_id"))
        dupes = frame.height - frame["post_id"].n_unique()
        if dupes:
            log.skip("duplicate row (same post)", dupes)
            frame = frame.filter(pl.col("post_id").is_first_distinct())
        frame = self._columns(frame)
        no_page = frame["account"].null_count()
        if no_page:
            log.skip("row without a page name", no_page)
            frame = frame.filter(pl.col("account").is_not_null())
        bad_counts = frame.select(pl.col("_bad_counts").sum()).item()
        if bad_counts:
            log.note(f"{bad_counts} count(s) that are not numbers left empty")
        pages = (
            frame.group_by("account", maintain_order=True)
            .agg(pl.col("_name").drop_nulls().first())
            .iter_rows()
        )
        owners = [Owner("facebook", h, display_name=d or h, source_file=label) for h, d in pages]
        frame = frame.drop("_bad_counts", "_name").with_columns(
            pl.lit("facebook").alias("platform"),
            pl.col("account").alias("author"),
            pl.lit("post").alias("kind"),
            pl.col("post_id").alias("conversation_id"),
            pl.lit(label).alias("source_file"),
        )
        return Loaded(posts=conform(frame, partial=True), logs=[log], owners=owners)

    @staticmethod
    def _columns(frame: pl.DataFrame) -> pl.DataFrame:
        """Canonical columns from the raw CSV cells, vectorised."""

        def handle(c: str) -> pl.Expr:
            h = (
                pl.col(c)
                .str.strip_chars()
                .str.strip_prefix("@")
                .str.strip_chars()
                .str.to_lowercase()
            )
            return pl.when(h != "").then(h)

        def count(c: str) -> pl.Expr:
            return pl.col(c).str.replace_all(r"[,\s\u00a0\u202f]", "").cast(pl.Int64, strict=False)

        def bad(c: str) -> pl.Expr:
            raw = pl.col(c).str.strip_chars()
            return (count(c).is_null() & ~raw.is_in(["", "N/A"])).cast(pl.Int64)

        text = pl.col("text").map_batches(_repair_column, return_dtype=pl.Utf8)
        link = pl.coalesce(
            pl.when(pl.col("final").str.strip_chars() != "").then(
                pl.col("final").str.strip_chars()
            ),
            pl.when(pl.col("link").str.strip_chars() != "").then(pl.col("link").str.strip_chars()),
        )
        urls = urls_expr("text", pl.concat_list(link))
        tags = hashtags_expr("text")
        return frame.with_columns(text.alias("text")).select(
            "post_id",
            "created_at",
            "text",
            pl.coalesce(handle("user"), handle("page")).alias("account"),
            pl.coalesce(
                pl.when(pl.col("page").str.strip_chars() != "").then(
                    pl.col("page").str.strip_chars()
                ),
                pl.when(pl.col("user").str.strip_chars() != "").then(
                    pl.col("user").str.strip_chars()
                ),
            ).alias("_name"),
            pl.when(pl.col("url").str.strip_chars() != "")
            .then(pl.col("url").str.strip_chars())
            .alias("url"),
            urls.alias("urls"),
            tags.alias("hashtags"),
            count("likes").alias("likes"),
            count("reposts").alias("reposts"),
            count("replies").alias("replies"),
            (bad("likes") + bad("reposts") + bad("replies")).alias("_bad_counts"),
        )

"""Threads (Meta): ``threads_and_replies.json`` from the Accounts Center export.

The file (CODE: several independent third-party parsers agree; no real export
was seen) is ``{"text_post_app_text_posts": [post, ...]}`` where each post has
``media[]`` items with ``creation_timestamp``, ``title`` (the text, mojibake),
``cross_post_source.source_app`` and ``text_app_post.is_reply``; a post may also
carry ``title`` / ``creation_timestamp`` at post level. It lives at
``your_instagram_activity/threads/threads_and_replies.json``.

Inputs: a Threads-only export (zip or folder with that file at its place, at
most three levels deep), or the single JSON file. An Instagram export that
also holds Instagram posts or comments is read by the ``instagram`` source,
which loads this file with the same rules (rows with ``platform = "threads"``).

Rows
    * ``text`` = the post-level ``title``, else the first non-empty ``media[].title``;
      ``created_at`` likewise from ``creation_timestamp``.
    * ``kind = "reply"`` when any ``text_app_post.is_reply`` is true, else ``post``.
      The export does not say what a reply answers: ``reply_to_id`` is null,
      ``conversation_id`` is the reply's own id, and ``reply_to_author`` is null
      unless one of the fields ``in_reply_to_username`` / ``reply_to_username``
      is present (UNVERIFIED: named by one parser only). Replies in the owner's own
      threads cannot be told from replies to others.
    * ``client`` = ``"cross-post (Facebook)"`` / ``"cross-post (Instagram)"`` when
      ``cross_post_source.source_app`` is set (its direction is UNVERIFIED).
    * ``mentions`` (``@handles``), ``hashtags`` and ``urls`` are taken from the text.

Ids
    The export has none: ``post_id`` is ``"th:"`` + the first 16 hex digits of
    SHA-1 over (timestamp, first media uri, text), with ``-2``, ``-3`` ... for
    identical items.

Owner
    ``Username`` in ``personal_information.json`` of the same export (the Threads
    handle is the Instagram one), else the only ``threads`` handle of the accounts
    file, else its only ``instagram`` handle; otherwise an
    :class:`~toolkit.errors.InputError` asks for an accounts file.
"""

from __future__ import annotations

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.sources import LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import FileLog, Input, loads_json, no_gc
from toolkit.sources.facebook import (
    OWN,
    Batch,
    Ids,
    accounts_handle,
    as_seconds,
    batch_frame,
    concat_frames,
    cross_post_client,
    export_prefix,
    fix_mojibake,
    members,
    messenger_log,
    read_username,
)

FILE = "threads_and_replies.json"
KEY = "text_post_app_text_posts"
_REPLY_TO_KEYS = ("in_reply_to_username", "reply_to_username")
_TOPS = ("your_instagram_activity", "threads", "personal_information", "messages", "connections")


_EMPTY: dict = {}


def _has_reply_key(holder: dict) -> bool:
    return "in_reply_to_username" in holder or "reply_to_username" in holder


def _reply_to(holder: dict) -> str | None:
    for key in _REPLY_TO_KEYS:
        v = holder.get(key)
        if isinstance(v, str) and v.strip():
            return normalise_handle(fix_mojibake(v))
    return None


def read_threads(inp: Input, name: str, ids: Ids, fmt: str, owner: str) -> Batch:
    """Rows of one ``threads_and_replies.json`` (also used by the Instagram source).

    Raises
    ------
    InputError
        when the file is not JSON or has no ``text_post_app_text_posts`` list.
    """
    label = inp.label(name)
    log = FileLog(label, fmt)
    batch = Batch(log)
    data = loads_json(inp.read_bytes(name), label)
    items = data.get(KEY) if isinstance(data, dict) else None
    if not isinstance(items, list):
        found = (
            f"an object with keys {sorted(data)[:5]}"
            if isinstance(data, dict)
            else type(data).__name__
        )
        raise InputError(
            f'{label}: expected {{"{KEY}": [...]}} (Threads posts), found {found}; '
            "is this the threads_and_replies.json of an Instagram/Threads export?"
        )
    good = 0
    with no_gc():
        for item in items:
            log.read += 1
            if item.__class__ is not dict:
                log.skip("not a post object")
                continue
            media = item.get("media")
            if media.__class__ is not list:
                media = ()
            m0 = media[0] if media and media[0].__class__ is dict else _EMPTY
            ts = item.get("creation_timestamp") or m0.get("creation_timestamp")
            if ts.__class__ is not int:
                ts = as_seconds(ts)
            if not ts:
                log.skip("post without a creation_timestamp")
                continue
            good += 1
            raw = item.get("title")
            is_reply = item.get("is_reply") is True
            target = _reply_to(item) if _has_reply_key(item) else None
            client = None
            for m in media:
                if m.__class__ is not dict:
                    continue
                if not (raw and raw.__class__ is str):
                    raw = m.get("title")
                tap = m.get("text_app_post")
                if tap.__class__ is dict:
                    if tap.get("is_reply") is True:
                        is_reply = True
                    if target is None and _has_reply_key(tap):
                        target = _reply_to(tap)
                if target is None and _has_reply_key(m):
                    target = _reply_to(m)
                if client is None and "cross_post_source" in m:
                    client = cross_post_client([m])
            text = fix_mojibake(raw) if raw and raw.__class__ is str else ""
            if target is not None and target == owner:
                target = OWN
            batch.add(
                ids.make(f"{ts}\x1f{m0.get('uri') or ''}\x1f{text}"),
                ts,
                text,
                "reply" if is_reply else "post",
                target if is_reply else None,
                None,
                None,
                client,
            )
    if items and not good:
        raise InputError(
            f"{label}: none of its {len(items)} item(s) is a Threads post with a creation_timestamp; "
            "is this the right file?"
        )
    return batch


def _detect_parts(parts: tuple[str, ...]) -> bool:
    if parts[-1] != FILE:
        return False
    if len(parts) == 1:
        return True
    if len(parts) == 2:
        return parts[0] == "threads"
    return len(parts) == 3 and parts[:2] == ("your_instagram_activity", "threads")


@register
class Threads(Source):
    """Threads posts and replies from a Meta Accounts Center export."""

    name = "threads"
    platform = "threads"
    title = "Threads (Meta export, threads_and_replies.json)"
    inputs = "zip or folder of a Threads/Instagram export with your_instagram_activity/threads/threads_and_replies.json, or that file"
    replies_from_others = "no (own posts and replies; parents not in the export)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
            return inp.path.suffix.lower() == ".json" and KEY.encode() in inp.head(
                inp.names()[0], 4096
            )
        # an Instagram export that also has posts or comments belongs to the instagram
        # source (it loads this file too); registry order must not decide that
        from toolkit.sources.instagram import _TOPS as IG_TOPS
        from toolkit.sources.instagram import _detect_parts as instagram_parts

        found = members(inp, export_prefix(inp, _TOPS), 3)
        if not any(_detect_parts(parts) for _, parts in found):
            return False
        ig = members(inp, export_prefix(inp, IG_TOPS), 3)
        return not any(instagram_parts(parts) for _, parts in ig)

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        prefix = export_prefix(inp, _TOPS)
        found = members(inp, prefix, 5)
        logs: list[FileLog] = []
        username, ulog = read_username(inp, found)
        if ulog is not None:
            ulog.format = "threads profile"
            logs.append(ulog)
        how = "personal_information.json"
        if username is None:
            username = accounts_handle(ctx, "threads", "instagram")
            how = "the accounts file"
        if username is None:
            raise InputError(
                f"{inp.path}: cannot tell whose Threads export this is (no personal_information.json). "
                "Name the owner in an accounts file, e.g.\n"
                '  [owner]\n  name = "Alex Rivera"\n  threads = "alex.rivera"\n'
                "and pass it with --accounts (or accounts_file=...)."
            )
        owner = normalise_handle(username) or username
        ids = Ids("th:")
        files = [n for n, p in found if p[-1] == FILE] if inp.kind != "file" else inp.names()
        batches = [read_threads(inp, n, ids, "threads", owner) for n in files]
        for b in batches:
            logs.append(b.log)
        first = ulog or (batches[0].log if batches else None)
        if first is not None:
            first.note(f"owner {owner!r} (from {how})")
        msg = messenger_log(inp, found, "threads messages (not loaded)")
        if msg is not None:
            logs.append(msg)
        return Loaded(
            posts=concat_frames(
                [batch_frame(b, "threads", owner, text_mentions=True) for b in batches]
            ),
            logs=logs,
            owners=[Owner("threads", owner, display_name=username, source_file=inp.label())],
        )

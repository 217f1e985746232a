"""Instagram: the JSON account export (Meta Accounts Center), as a zip or a folder.

Layouts (files found by base name; detection anchored at the export root, a zip
may add one wrapper folder):

===============  ===============================================================
era              posts / comments
===============  ===============================================================
<= mid 2024      ``content/posts_1.json`` / ``comments/post_comments_1.json`` (VERIFIED)
late 2024+       ``your_instagram_activity/media/posts_1.json`` (also ``content/``)
                 / ``your_instagram_activity/comments/post_comments_1.json``,
                 ``reels_comments.json`` (CODE)
===============  ===============================================================

Rows
    * **Posts** (``posts_N.json``, a list; ``kind = "post"``): the caption is the
      post-level ``title`` of a carousel, else the first non-empty ``media[].title``;
      the time is the post-level ``creation_timestamp``, else that of ``media[0]``
      (VERIFIED). ``client`` is ``"cross-post (Facebook)"`` when a media item has
      ``cross_post_source.source_app = "FB"`` (direction UNVERIFIED).
      ``mentions`` (``@handles``), ``hashtags`` and ``urls`` come from the caption.
    * **Comments** written by the owner (``post_comments_N.json`` as a bare list or
      as ``{"comments_media_comments": [...]}``; ``reels_comments.json`` as
      ``{"comments_reels_comments": [...]}``) are ``kind = "reply"`` to the
      **Media Owner**: ``reply_to_author`` = that handle (the owner themself for
      comments under their own posts: a self-reply). Items are either
      ``string_map_data`` (labels ``Comment`` / ``Media Owner`` / ``Time``,
      VERIFIED; the Dutch labels ``Opmerking`` / ``Media-eigenaar`` / ``Tijd`` are
      CODE, from one parser) or the older ``title`` + ``string_list_data`` shape,
      whose ``title`` is taken as the media owner (CODE, one parser). A comment
      with labels in another language is skipped and counted. The export gives no
      id of the commented post: ``reply_to_id`` is null and ``conversation_id`` is
      the comment's own id.
    * ``your_instagram_activity/threads/threads_and_replies.json`` in the same
      export is read with the Threads rules (:mod:`toolkit.sources.threads`) into
      rows with ``platform = "threads"``. Stories, reels lists, likes and messages
      are not loaded (messages are noted in the log).

Ids
    The export has none: ``post_id`` is ``"ig:"`` + the first 16 hex digits of SHA-1
    over (item kind, timestamp, first media uri or media owner, text), with ``-2``,
    ``-3`` ... for identical items in one export.

Owner
    ``Username`` in ``personal_information.json`` (``profile_user[].string_map_data``),
    else the only ``instagram`` handle of the accounts file; otherwise an
    :class:`~toolkit.errors.InputError` asks for an accounts file.

Mojibake (UTF-8 bytes as ``\\u00XX`` escapes) is repaired in every string used.
"""

from __future__ import annotations

import re
from typing import Any

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
    html_export_error,
    html_twin,
    members,
    messenger_log,
    read_username,
)
from toolkit.sources.threads import FILE as THREADS_FILE
from toolkit.sources.threads import read_threads

_TOPS = (
    "your_instagram_activity",
    "content",
    "media",
    "comments",
    "likes",
    "messages",
    "personal_information",
    "connections",
    "followers_and_following",
    "ads_information",
    "preferences",
    "security_and_login_information",
    "logged_information",
    "apps_and_websites_off_of_instagram",
    "your_activity_off_meta_technologies",
)
_POSTS = re.compile(r"posts_\d+\.json")
_COMMENTS = re.compile(r"post_comments(?:_\d+)?\.json|reels_comments\.json")
_COMMENT_KEYS = ("comments_media_comments", "comments_reels_comments")
_LABEL_COMMENT = ("Comment", "Opmerking")
_LABEL_OWNER = ("Media Owner", "Media-eigenaar")
_LABEL_TIME = ("Time", "Tijd")


def _detect_parts(parts: tuple[str, ...]) -> bool:
    base = parts[-1]
    if len(parts) == 2:
        head = parts[0]
    elif len(parts) == 3 and parts[0] == "your_instagram_activity":
        head = parts[1]
    else:
        return False
    if _POSTS.fullmatch(base):
        return head in ("content", "media")
    return head == "comments" and bool(_COMMENTS.fullmatch(base))


def _label(smd: dict[str, Any], labels: tuple[str, ...]) -> dict[str, Any] | None:
    for key in labels:
        v = smd.get(key)
        if isinstance(v, dict):
            return v
    return None


@register
class Instagram(Source):
    """Instagram posts and the owner's comments from the JSON account export."""

    name = "instagram"
    platform = "instagram"
    title = "Instagram account export (JSON)"
    inputs = (
        "zip or folder of an Instagram JSON export (content/posts_1.json or "
        "your_instagram_activity/media/posts_1.json, comments/post_comments_1.json)"
    )
    replies_from_others = "no (own posts and own comments; comment targets = media owners)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
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
        if not any(_detect_parts(p[-3:]) for _, p in found):
            html = [
                n for n, p in found if (t := html_twin(p)) is not None and _detect_parts(t[-3:])
            ]
            if html:
                raise html_export_error(inp, "Instagram", html)
        logs: list[FileLog] = []
        username, ulog = read_username(inp, found)
        if ulog is not None:
            ulog.format = "instagram profile"
            logs.append(ulog)
        how = "personal_information.json"
        if username is None:
            username = accounts_handle(ctx, "instagram")
            how = "the accounts file"
        if username is None:
            raise InputError(
                f"{inp.path}: cannot tell whose Instagram export this is (no personal_information.json). "
                "Name the owner in an accounts file, e.g.\n"
                '  [owner]\n  name = "Alex Rivera"\n  instagram = "alex.rivera"\n'
                "and pass it with --accounts (or accounts_file=...)."
            )
        owner = normalise_handle(username) or username
        ids = Ids("ig:")
        batches: list[Batch] = []
        with no_gc():
            for name, parts in found:
                if (
                    len(parts) >= 2
                    and parts[-2] in ("content", "media")
                    and _POSTS.fullmatch(parts[-1])
                ):
                    batches.append(self._posts(inp, name, ids))
            for name, parts in found:
                if _COMMENTS.fullmatch(parts[-1]) and "messages" not in parts:
                    batches.append(self._comments(inp, name, ids, owner))
        frames = [batch_frame(b, "instagram", owner, text_mentions=True) for b in batches]
        threads_files = [n for n, p in found if p[-1] == THREADS_FILE]
        if threads_files:
            tids = Ids("th:")
            for name in threads_files:
                tb = read_threads(inp, name, tids, "instagram threads", owner)
                batches.append(tb)
                frames.append(batch_frame(tb, "threads", owner, text_mentions=True))
        logs.extend(b.log for b in batches)
        first = ulog or (batches[0].log if batches else None)
        if first is not None:
            first.note(f"owner {owner!r} (from {how})")
        msg = messenger_log(inp, found, "instagram messages (not loaded)")
        if msg is not None:
            logs.append(msg)
        owners = [Owner("instagram", owner, display_name=username, source_file=inp.label())]
        if threads_files:
            owners.append(Owner("threads", owner, display_name=username, source_file=inp.label()))
        return Loaded(posts=concat_frames(frames), logs=logs, owners=owners)

    def _posts(self, inp: Input, name: str, ids: Ids) -> Batch:
        label = inp.label(name)
        log = FileLog(label, "instagram posts")
        batch = Batch(log)
        data = loads_json(inp.read_bytes(name), label)
        if not isinstance(data, list):
            found = (
                f"an object with keys {sorted(data)[:5]}"
                if isinstance(data, dict)
                else type(data).__name__
            )
            raise InputError(
                f"{label}: expected a list of posts (Instagram posts_N.json), found {found}; "
                "is this file from an Instagram JSON export?"
            )
        good = 0
        for item in data:
            log.read += 1
            if not isinstance(item, dict):
                log.skip("not a post object")
                continue
            media = item.get("media")
            media = [m for m in media if isinstance(m, dict)] if isinstance(media, list) else []
            m0 = media[0] if media else {}
            ts = as_seconds(item.get("creation_timestamp")) or as_seconds(
                m0.get("creation_timestamp")
            )
            if ts is None:
                log.skip("post without a creation_timestamp")
                continue
            good += 1
            raw = item.get("title")
            if not (isinstance(raw, str) and raw):
                raw = next(
                    (m["title"] for m in media if isinstance(m.get("title"), str) and m["title"]),
                    "",
                )
            text = fix_mojibake(raw)
            batch.add(
                ids.make(f"post\x1f{ts}\x1f{m0.get('uri') or ''}\x1f{text}"),
                ts,
                text,
                "post",
                client=cross_post_client(media),
            )
        if data and not good:
            raise InputError(
                f"{label}: none of its {len(data)} item(s) is an Instagram post with a creation_timestamp; "
                "is this the right file?"
            )
        return batch

    def _comments(self, inp: Input, name: str, ids: Ids, owner: str) -> Batch:
        label = inp.label(name)
        log = FileLog(label, "instagram comments")
        batch = Batch(log)
        data = loads_json(inp.read_bytes(name), label)
        items: Any = data
        if isinstance(data, dict):
            items = next((data[k] for k in _COMMENT_KEYS if isinstance(data.get(k), list)), None)
        if not isinstance(items, list):
            found = (
                f"an object with keys {sorted(data)[:5]}"
                if isinstance(data, dict)
                else type(data).__name__
            )
            raise InputError(
                f'{label}: expected Instagram comments (a list, or {{"comments_media_comments": [...]}}), '
                f"found {found}; is this file from an Instagram JSON export?"
            )
        good = 0
        for item in items:
            log.read += 1
            if not isinstance(item, dict):
                log.skip("not a comment object")
                continue
            smd = item.get("string_map_data")
            if isinstance(smd, dict):
                comment = _label(smd, _LABEL_COMMENT)
                if comment is None:
                    log.skip("comment fields with unknown labels (export language not supported)")
                    continue
                media_owner = (_label(smd, _LABEL_OWNER) or {}).get("value")
                ts = as_seconds((_label(smd, _LABEL_TIME) or {}).get("timestamp")) or as_seconds(
                    comment.get("timestamp")
                )
                raw = comment.get("value")
            else:
                sld = item.get("string_list_data")
                first = (
                    sld[0] if isinstance(sld, list) and sld and isinstance(sld[0], dict) else None
                )
                if first is None:
                    log.skip("comment without string_map_data or string_list_data")
                    continue
                media_owner = item.get("title")
                ts = as_seconds(first.get("timestamp"))
                raw = first.get("value")
            if ts is None:
                log.skip("comment without a timestamp")
                continue
            good += 1
            text = fix_mojibake(raw) if isinstance(raw, str) else ""
            target = (
                normalise_handle(fix_mojibake(media_owner))
                if isinstance(media_owner, str)
                else None
            )
            if target is not None and target == owner:
                target = OWN
            batch.add(
                ids.make(f"comment\x1f{ts}\x1f{target or ''}\x1f{text}"),
                ts,
                text,
                "reply",
                target=target,
            )
        if (
            items
            and not good
            and not log.skipped.get(
                "comment fields with unknown labels (export language not supported)"
            )
        ):
            raise InputError(
                f"{label}: none of its {len(items)} item(s) is an Instagram comment with a time; "
                "is this the right file?"
            )
        if log.skipped:
            n = log.skipped.get(
                "comment fields with unknown labels (export language not supported)", 0
            )
            if n:
                log.note(
                    f"{n} comment(s) use field labels this loader does not know (only English and Dutch); "
                    "export your data in English to load them"
                )
        return batch

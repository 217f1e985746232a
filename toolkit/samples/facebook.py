"""Facebook "Download Your Information" JSON zips (the ≤2022 and the 2024+ layouts).

Strings are written the way Facebook's exporter writes them: every UTF-8 byte as
its own ``\\u00XX`` escape (mojibake), 2-space indented JSON. Posts are a list
of ``{timestamp, attachments, data: [{post}], title}``; the owner's comments are
``{"comments_v2": [{timestamp, data: [{comment: {timestamp, comment, author}}], title}]}``.
See ``shared/formats/twitter-facebook-linkedin-instagram.md`` section 4.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from toolkit.samples._fmt import facebook_json, write_zip
from toolkit.samples._model import Item, plain

LAYOUTS = {
    "2024": {
        "posts": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
        "comments": "your_facebook_activity/comments_and_reactions/comments.json",
        "profile": "personal_information/profile_information/profile_information.json",
    },
    "2022": {
        "posts": "posts/your_posts_1.json",
        "comments": "comments/comments.json",
        "profile": "profile_information/profile_information.json",
    },
}


def _post(it: Item) -> dict:
    text = plain(it.segs)
    d: dict = {"timestamp": it.ts // 1000}
    urls = it.urls()
    if urls:
        d["attachments"] = [{"data": [{"external_context": {"url": urls[-1]}}]}]
    d["data"] = [{"post": text}, {"update_timestamp": it.ts // 1000}]
    if it.extra and it.extra.get("title"):
        d["title"] = it.extra["title"]
    return d


def _comment(it: Item, author: str) -> dict:
    return {
        "timestamp": it.ts // 1000,
        "data": [
            {"comment": {"timestamp": it.ts // 1000, "comment": plain(it.segs), "author": author}}
        ],
        "title": (it.extra or {}).get("title", f"{author} commented on a post."),
    }


def write_facebook(
    path: Path,
    owner: str,
    items: list[Item],
    *,
    layout: str,
    generated: datetime,
    broken_empty_comment: bool = False,
) -> tuple[Path, int]:
    """Write the zip; returns (path, number of deliberately broken records written)."""
    names = LAYOUTS[layout]
    own = [i for i in items if i.author.key == owner.lower() and i.where & 1]
    posts = sorted((i for i in own if i.kind == "post"), key=lambda i: i.ts, reverse=True)
    comments = sorted((i for i in own if i.kind == "reply"), key=lambda i: i.ts, reverse=True)
    comment_rows = [_comment(i, owner) for i in comments]
    broken = 0
    if broken_empty_comment and comments:
        # a sticker comment whose sticker was not exported: an empty text and nothing else
        at = len(comment_rows) // 3
        ts = comments[at].ts // 1000 - 1
        other = comments[at].parent_user.name if comments[at].parent_user else "a friend"
        comment_rows.insert(
            at,
            {
                "timestamp": ts,
                "data": [{"comment": {"timestamp": ts, "comment": "", "author": owner}}],
                "title": f"{owner} commented on {other}'s post.",
            },
        )
        broken = 1
    first, _, last = owner.partition(" ")
    profile = {
        "profile_v2": {
            "name": {"full_name": owner, "first_name": first, "middle_name": "", "last_name": last},
            "emails": {
                "emails": [],
                "previous_emails": [],
                "pending_emails": [],
                "ad_account_emails": [],
            },
            "registration_timestamp": 1325000000,
        }
    }
    members = [
        (names["posts"], facebook_json([_post(i) for i in posts])),
        (names["comments"], facebook_json({"comments_v2": comment_rows})),
        (names["profile"], facebook_json(profile)),
    ]
    return write_zip(path, members, generated), broken

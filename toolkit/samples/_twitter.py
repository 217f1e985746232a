"""Rendering an item as a tweet: t.co links, entity indices, ``source`` anchors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from toolkit.samples._model import Item, User

SOURCES = {
    "Twitter for iPhone": "http://twitter.com/download/iphone",
    "Twitter for Android": "http://twitter.com/download/android",
    "Twitter Web Client": "http://twitter.com",
    "Twitter for iPad": "http://twitter.com/#!/download/ipad",
    "Twitter for BlackBerry®": "http://blackberry.com/twitter",
    "Mobile Web": "http://mobile.twitter.com",
    "HootSuite": "http://www.hootsuite.com",
    "Buffer": "http://bufferapp.com",
    "twitterfeed": "http://twitterfeed.com",
    "dlvr.it": "http://dlvr.it",
    "Facebook": "http://www.facebook.com/twitter",
    "Twitter Web App": "https://mobile.twitter.com",
    "Hootsuite Inc.": "https://www.hootsuite.com",
    "Sprout Social": "https://sproutsocial.com",
    "Twitter for iPhone (2023)": "http://twitter.com/download/iphone",
}

#: The category of every client the generator uses (the taxonomy of DESIGN §5:
#: phone, web, scheduler, feed, cross-post); automation = scheduler, feed, cross-post.
CLIENT_CATEGORY = {
    "Twitter for iPhone": "phone",
    "Twitter for Android": "phone",
    "Twitter for iPad": "phone",
    "Twitter for BlackBerry®": "phone",
    "Mobile Web": "phone",
    "Twitter Web Client": "web",
    "Twitter Web App": "web",
    "HootSuite": "scheduler",
    "Hootsuite Inc.": "scheduler",
    "Buffer": "scheduler",
    "Sprout Social": "scheduler",
    "twitterfeed": "feed",
    "dlvr.it": "feed",
    "Facebook": "cross-post",
}
AUTOMATED = {"scheduler", "feed", "cross-post"}

PUBLIC_CLIENTS = (
    ["Twitter for iPhone", "Twitter for Android", "Twitter Web Client", "Mobile Web"],
    [0.4, 0.3, 0.25, 0.05],
)
PUBLIC_CLIENTS_2023 = (
    ["Twitter for iPhone", "Twitter for Android", "Twitter Web App"],
    [0.45, 0.35, 0.2],
)


def source_anchor(client: str) -> str:
    return f'<a href="{SOURCES.get(client, "http://twitter.com")}" rel="nofollow">{client}</a>'


_B62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def tco(seed: str, n: int) -> str:
    h = int.from_bytes(hashlib.sha1(seed.encode()).digest()[:12], "big")
    out = []
    for _ in range(n):
        h, r = divmod(h, 62)
        out.append(_B62[r])
    return "".join(out)


def display_url(url: str) -> str:
    d = url.split("://", 1)[-1]
    if d.startswith("www."):
        d = d[4:]
    return d if len(d) <= 26 else d[:25] + "…"


@dataclass
class Rendered:
    text: str  # unescaped, with t.co links
    mentions: list[tuple[User, int, int]]
    hashtags: list[tuple[str, int, int]]
    urls: list[tuple[str, str, int, int]]  # t.co, expanded, start, end


def render(item: Item, *, modern: bool) -> Rendered:
    """Tweet text with t.co links and entity positions (code points)."""
    text: list[str] = []
    pos = 0
    mentions, tags, urls = [], [], []
    for i, s in enumerate(item.segs):
        if isinstance(s, str):
            piece = s
        elif s[0] == "@":
            piece = "@" + s[1].handle
            mentions.append((s[1], pos, pos + len(piece)))
        elif s[0] == "#":
            piece = "#" + s[1]
            tags.append((s[1], pos, pos + len(piece)))
        else:
            short = (
                ("https://t.co/" + tco(f"{item.id}:{i}", 10))
                if modern
                else ("http://t.co/" + tco(f"{item.id}:{i}", 8))
            )
            piece = short
            urls.append((short, s[1], pos, pos + len(piece)))
        text.append(piece)
        pos += len(piece)
    return Rendered("".join(text), mentions, tags, urls)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def in_reply_to(item: Item) -> tuple[str | None, User | None]:
    if item.kind != "reply":
        return None, None
    if item.parent is not None:
        return item.parent.id, item.parent.author
    return item.parent_id, item.parent_user

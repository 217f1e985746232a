"""Mastodon account archive zip: outbox.json (Create / Announce activities), actor.json, likes, bookmarks.

Compact JSON as the current exporter writes it, including its duplicate
``"orderedItems":[]`` key (``shared/formats/mastodon-bluesky-blogs-reddit.md`` section 1).
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

import orjson

from toolkit.samples._fmt import write_zip
from toolkit.samples._model import Item, User, iso_z, utc

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "sensitive": "as:sensitive",
        "Hashtag": "as:Hashtag",
        "toot": "http://joinmastodon.org/ns#",
        "Emoji": "toot:Emoji",
        "ostatus": "http://ostatus.org#",
        "atomUri": "ostatus:atomUri",
        "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
        "conversation": "ostatus:conversation",
        "blurhash": "toot:blurhash",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
    },
]
# a 1x1 transparent PNG (the archive carries the avatar image)
AVATAR = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


def _host(uri: str) -> str:
    return uri.split("/")[2]


def _user_of(uri: str) -> str:
    return uri.rstrip("/").split("/")[-1]


def content_html(it: Item, me: User) -> tuple[str, list[dict]]:
    host = _host(me.uid)
    out, tags = [], []
    for s in it.segs:
        if isinstance(s, str):
            out.append(
                html.escape(s, quote=True).replace("&#x27;", "&#39;").replace("\n", "<br />")
            )
        elif s[0] == "@":
            u: User = s[1]
            user, _, uhost = u.handle.partition("@")
            out.append(
                f'<span class="h-card" translate="no"><a href="https://{uhost}/@{user}" class="u-url mention">@<span>{user}</span></a></span>'
            )
            tags.append(
                {
                    "type": "Mention",
                    "href": u.uid,
                    "name": f"@{user}" if uhost == host else f"@{u.handle}",
                }
            )
        elif s[0] == "#":
            out.append(
                f'<a href="https://{host}/tags/{s[1].lower()}" class="mention hashtag" rel="tag">#<span>{s[1]}</span></a>'
            )
            tags.append(
                {
                    "type": "Hashtag",
                    "href": f"https://{host}/tags/{s[1].lower()}",
                    "name": f"#{s[1].lower()}",
                }
            )
        else:
            url = s[1]
            scheme, rest = url.split("://", 1)
            pre = scheme + "://" + ("www." if rest.startswith("www.") else "")
            rest = rest[4:] if rest.startswith("www.") else rest
            vis, hidden = rest[:30], rest[30:]
            cls = "ellipsis" if hidden else ""
            out.append(
                f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener noreferrer" translate="no">'
                f'<span class="invisible">{pre}</span><span class="{cls}">{html.escape(vis)}</span>'
                f'<span class="invisible">{html.escape(hidden)}</span></a>'
            )
    return "<p>" + "".join(out) + "</p>", tags


def _note(it: Item, me: User, self_replies: list[str]) -> dict:
    uri = it.id
    followers = me.uid + "/followers"
    parent = it.parent.id if it.parent is not None else it.parent_id
    cc = [followers]
    if it.kind == "reply" and it.parent_user is not None and it.parent_user is not me:
        cc.append(it.parent_user.uid)
    for u in it.mentions():
        if u.uid not in cc:
            cc.append(u.uid)
    body, tags = content_html(it, me)
    d = utc(it.ts)
    root = it.root.id if it.root is not None else (it.root_id or uri)
    conv_host = _host(root)
    conv_n = (
        int(root.rstrip("/").split("/")[-1]) % 90_000_000
        if root.rstrip("/").split("/")[-1].isdigit()
        else 1
    )
    note = {
        "id": uri,
        "type": "Note",
        "summary": None,
        "inReplyTo": parent,
        "published": iso_z(it.ts, ms=False),
        "url": f"https://{_host(me.uid)}/@{_user_of(me.uid)}/{uri.rsplit('/', 1)[-1]}",
        "attributedTo": me.uid,
        "to": [PUBLIC],
        "cc": cc,
        "sensitive": False,
        "atomUri": uri,
        "inReplyToAtomUri": parent,
        "conversation": f"tag:{conv_host},{d:%Y-%m-%d}:objectId={conv_n}:objectType=Conversation",
        "content": body,
        "contentMap": {it.lang: body},
        "attachment": [],
        "tag": tags,
        "replies": {
            "id": uri + "/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": uri + "/replies?only_other_accounts=true&page=true",
                "partOf": uri + "/replies",
                "items": self_replies,
            },
        },
    }
    return {
        "id": uri + "/activity",
        "type": "Create",
        "actor": me.uid,
        "published": iso_z(it.ts, ms=False),
        "to": [PUBLIC],
        "cc": cc,
        "object": note,
    }


def _announce(it: Item, me: User) -> dict:
    orig = it.repost_of
    return {
        "id": it.id + "/activity",
        "type": "Announce",
        "actor": me.uid,
        "published": iso_z(it.ts, ms=False),
        "to": [PUBLIC],
        "cc": [orig.author.uid, me.uid + "/followers"],
        "object": orig.id,
    }


def write_mastodon(
    path: Path, me: User, items: list[Item], *, generated: datetime, likes: list[str]
) -> Path:
    own = sorted((i for i in items if i.author is me and i.where & 1), key=lambda i: i.ts)
    self_replies: dict[str, list[str]] = {}
    for it in own:
        if it.kind == "reply" and it.parent is not None and it.parent.author is me:
            self_replies.setdefault(it.parent.id, []).append(it.id)
    acts = [
        _announce(i, me) if i.kind == "repost" else _note(i, me, self_replies.get(i.id, [])[:5])
        for i in own
    ]
    head = orjson.dumps(
        {
            "@context": CONTEXT,
            "id": "outbox.json",
            "type": "OrderedCollection",
            "totalItems": len(acts) + 17,
        }
    )
    # the streaming writer serialises the skeleton with a placeholder, then the items: a duplicate key
    outbox = (
        head[:-1]
        + b',"orderedItems":[],"orderedItems":['
        + b",".join(orjson.dumps(a) for a in acts)
        + b"]}"
    )
    host = _host(me.uid)
    user = _user_of(me.uid)
    actor = {
        "@context": CONTEXT,
        "id": me.uid,
        "type": "Person",
        "following": me.uid + "/following",
        "followers": me.uid + "/followers",
        "inbox": me.uid + "/inbox",
        "outbox": "outbox.json",
        "featured": me.uid + "/collections/featured",
        "featuredTags": me.uid + "/collections/tags",
        "preferredUsername": user,
        "name": me.name,
        "summary": "<p>Recruiting at Kestrel &amp; Lune Analytics (Berlin). Hiring data people, answering every question. she/her</p>",
        "url": f"https://{host}/@{user}",
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "indexable": True,
        "published": "2022-11-07T00:00:00Z",
        "memorial": False,
        "publicKey": {
            "id": me.uid + "#main-key",
            "owner": me.uid,
            "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsample\n-----END PUBLIC KEY-----\n",
        },
        "tag": [],
        "attachment": [
            {
                "type": "PropertyValue",
                "name": "Jobs",
                "value": "https://kestrel-lune.example/careers",
            }
        ],
        "endpoints": {"sharedInbox": f"https://{host}/inbox"},
        "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
        "likes": "likes.json",
        "bookmarks": "bookmarks.json",
    }
    members = [
        ("outbox.json", outbox),
        ("actor.json", orjson.dumps(actor)),
        (
            "likes.json",
            orjson.dumps(
                {
                    "@context": "https://www.w3.org/ns/activitystreams",
                    "id": "likes.json",
                    "type": "OrderedCollection",
                    "orderedItems": likes,
                }
            ),
        ),
        (
            "bookmarks.json",
            orjson.dumps(
                {
                    "@context": "https://www.w3.org/ns/activitystreams",
                    "id": "bookmarks.json",
                    "type": "OrderedCollection",
                    "orderedItems": likes[:3],
                }
            ),
        ),
        ("avatar.png", AVATAR),
    ]
    return write_zip(path, members, generated)

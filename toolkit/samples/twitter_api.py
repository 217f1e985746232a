"""Twitter API collections: twarc2 (API v2) response pages and twarc (v1.1) statuses.

twarc2 writes one API response page per line: ``data`` (tweets, newest first),
``includes.users`` / ``includes.tweets`` (the authors, mentioned users and the
tweets referenced by the page), ``errors`` (referenced tweets that could not be
found), ``meta`` and ``__twarc``. v1.1 collections hold one status per line
with the author's ``user`` object, and the stream's ``limit`` notices.
See ``shared/formats/twitter-facebook-linkedin-instagram.md`` section 3.
"""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import quote

import orjson

from toolkit.samples._model import Item, User, iso_z, twitter_date
from toolkit.samples._twitter import (
    PUBLIC_CLIENTS,
    PUBLIC_CLIENTS_2023,
    display_url,
    escape,
    in_reply_to,
    render,
    source_anchor,
)

PAGE = 500  # full-archive search pages hold up to 500 tweets

_EXPANSIONS = (
    "expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username"
    "&user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified"
    "&tweet.fields=author_id%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics"
    "%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource"
)


def public_client(item: Item, rng: random.Random, modern: bool) -> str:
    names, weights = PUBLIC_CLIENTS_2023 if modern else PUBLIC_CLIENTS
    return rng.choices(names, weights=weights, k=1)[0]


def _v2_user(u: User) -> dict:
    return {
        "public_metrics": {
            "followers_count": u.followers,
            "following_count": u.following,
            "tweet_count": u.statuses,
            "listed_count": u.followers // 200,
        },
        "profile_image_url": "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png",
        "verified": u.verified,
        "description": u.description,
        "id": u.uid,
        "created_at": iso_z(u.created * 1000),
        "url": "",
        "name": u.name,
        "protected": False,
        "username": u.handle,
        **({"location": u.location} if u.location else {}),
    }


def _v2_tweet(item: Item, modern: bool) -> dict:
    r = render(item, modern=modern)
    parent_id, parent_user = in_reply_to(item)
    ent: dict = {}
    if r.mentions:
        ent["mentions"] = [
            {"start": a, "end": b, "username": u.handle, "id": u.uid} for u, a, b in r.mentions
        ]
    if r.hashtags:
        ent["hashtags"] = [{"start": a, "end": b, "tag": t} for t, a, b in r.hashtags]
    if r.urls:
        ent["urls"] = [
            {"start": a, "end": b, "url": s, "expanded_url": f, "display_url": display_url(f)}
            for s, f, a, b in r.urls
        ]
    t: dict = {}
    if ent:
        t["entities"] = ent
    t["lang"] = item.lang
    t["created_at"] = iso_z(item.ts)
    t["text"] = escape(r.text)
    t["id"] = item.id
    t["edit_history_tweet_ids"] = [item.id]
    t["public_metrics"] = {
        "retweet_count": item.reposts or 0,
        "reply_count": item.n_replies,
        "like_count": item.likes or 0,
        "quote_count": 0,
    }
    t["reply_settings"] = "everyone"
    if parent_id is not None:
        t["referenced_tweets"] = [{"type": "replied_to", "id": parent_id}]
    t["source"] = item.client
    t["author_id"] = item.author.uid
    if parent_user is not None:
        t["in_reply_to_user_id"] = parent_user.uid
    t["possibly_sensitive"] = False
    t["conversation_id"] = item.conv_id
    return t


class Twarc2Writer:
    """One JSONL file of twarc2 pages; each :meth:`search` appends the pages of one query."""

    def __init__(self, path: Path, *, modern: bool, version: str, rng: random.Random):
        self.path, self.modern, self.version, self.rng = path, modern, version, rng
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.lines = 0
        self.broken_lines = 0
        self.tweets = 0

    def search(
        self,
        query: str,
        items: list[Item],
        *,
        start: str,
        end: str,
        retrieved: str,
        break_page: int | None = None,
    ) -> None:
        """Pages for ``query``: ``items`` newest first, ``PAGE`` per page."""
        for it in items:
            if it.client is None:
                it.client = public_client(it, self.rng, self.modern)
        items = sorted(items, key=lambda i: (i.ts, int(i.id)), reverse=True)
        url = (
            "https://api.twitter.com/2/tweets/search/all?" + _EXPANSIONS + "&max_results=500"
            f"&query={quote(query, safe='')}&start_time={quote(start, safe='')}&end_time={quote(end, safe='')}"
        )
        pages = [items[i : i + PAGE] for i in range(0, len(items), PAGE)]
        for n, page in enumerate(pages):
            users: dict[str, User] = {}
            refs: dict[str, Item] = {}
            errors = []
            for it in page:
                users[it.author.uid] = it.author
                for u in it.mentions():
                    users[u.uid] = u
                pid, pu = in_reply_to(it)
                if pu is not None:
                    users[pu.uid] = pu
                if pid is not None:
                    if it.parent is not None:
                        refs[pid] = it.parent
                        users[it.parent.author.uid] = it.parent.author
                    else:
                        errors.append(
                            {
                                "value": pid,
                                "detail": f"Could not find tweet with referenced_tweets.id: [{pid}].",
                                "title": "Not Found Error",
                                "resource_type": "tweet",
                                "parameter": "referenced_tweets.id",
                                "resource_id": pid,
                                "type": "https://api.twitter.com/2/problems/resource-not-found",
                            }
                        )
            body: dict = {
                "data": [_v2_tweet(i, self.modern) for i in page],
                "includes": {
                    "users": [_v2_user(users[k]) for k in sorted(users)],
                    **(
                        {"tweets": [_v2_tweet(refs[k], self.modern) for k in sorted(refs)]}
                        if refs
                        else {}
                    ),
                },
            }
            if errors:
                body["errors"] = errors
            meta = {"newest_id": page[0].id, "oldest_id": page[-1].id, "result_count": len(page)}
            if n < len(pages) - 1:
                meta["next_token"] = self._token(n + 1)
            body["meta"] = meta
            body["__twarc"] = {
                "url": url
                + (f"&next_token={meta_token}" if (meta_token := self._token(n)) else ""),
                "version": self.version,
                "retrieved_at": retrieved,
            }
            line = orjson.dumps(body)
            if break_page is not None and n == break_page:
                # the collecting run was interrupted mid-write and restarted: a truncated copy of the line
                self._write(line[: int(len(line) * 0.6)])
                self.broken_lines += 1
            self._write(line)
            self.tweets += len(page)

    def _write(self, line: bytes) -> None:
        self._fh.write(line + b"\n")
        self.lines += 1

    def _token(self, n: int) -> str | None:
        return None if n == 0 else f"b26v89c19zqg8o3fo{n:010d}"

    def close(self) -> Path:
        self._fh.close()
        return self.path


def _v1_user(u: User) -> dict:
    return {
        "id": int(u.uid),
        "id_str": u.uid,
        "name": u.name,
        "screen_name": u.handle,
        "location": u.location,
        "description": u.description,
        "protected": False,
        "verified": u.verified,
        "followers_count": u.followers,
        "friends_count": u.following,
        "listed_count": u.followers // 200,
        "favourites_count": u.statuses // 3,
        "statuses_count": u.statuses,
        "created_at": twitter_date(u.created * 1000),
        "lang": "en",
        "profile_image_url_https": f"https://si0.twimg.com/profile_images/{u.uid}/avatar_normal.png",
    }


def _v1_status(item: Item) -> dict:
    r = render(item, modern=False)
    parent_id, parent_user = in_reply_to(item)
    t: dict = {
        "created_at": twitter_date(item.ts),
        "id": int(item.id),
        "id_str": item.id,
        "text": escape(r.text),
        "source": source_anchor(item.client or "web"),
        "truncated": False,
        "in_reply_to_status_id": int(parent_id) if parent_id else None,
        "in_reply_to_status_id_str": parent_id,
        "in_reply_to_user_id": int(parent_user.uid) if parent_user else None,
        "in_reply_to_user_id_str": parent_user.uid if parent_user else None,
        "in_reply_to_screen_name": parent_user.handle if parent_user else None,
        "user": _v1_user(item.author),
        "geo": None,
        "coordinates": None,
        "place": None,
        "contributors": None,
    }
    if item.kind == "repost" and item.repost_of is not None:
        t["retweeted_status"] = _v1_status(item.repost_of)
    t.update(
        {
            "retweet_count": item.reposts or 0,
            "favorite_count": item.likes or 0,
            "entities": {
                "hashtags": [{"text": tag, "indices": [a, b]} for tag, a, b in r.hashtags],
                "symbols": [],
                "urls": [
                    {"url": s, "expanded_url": f, "display_url": display_url(f), "indices": [a, b]}
                    for s, f, a, b in r.urls
                ],
                "user_mentions": [
                    {
                        "screen_name": u.handle,
                        "name": u.name,
                        "id": int(u.uid),
                        "id_str": u.uid,
                        "indices": [a, b],
                    }
                    for u, a, b in r.mentions
                ],
            },
            "favorited": False,
            "retweeted": False,
            "lang": item.lang,
        }
    )
    if r.urls:
        t["possibly_sensitive"] = False
    t["filter_level"] = "medium"
    return t


def write_v1(path: Path, items: list[Item], *, rng: random.Random, limit_notices: int = 2) -> Path:
    """A v1.1 collection (stream capture): one status per line in arrival order, plus ``limit`` notices."""
    for it in items:
        if it.client is None:
            it.client = public_client(it, rng, False)
    items = sorted(items, key=lambda i: (i.ts, int(i.id)))
    # the stream's rate-limit notices arrive between statuses
    notices = {(k + 1) * len(items) // (limit_notices + 1): k for k in range(limit_notices)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        for n, it in enumerate(items):
            if n in notices:
                k = notices[n]
                fh.write(
                    orjson.dumps({"limit": {"track": 3 + 4 * k, "timestamp_ms": str(it.ts + 500)}})
                    + b"\n"
                )
            fh.write(orjson.dumps(_v1_status(it)) + b"\n")
    return path


__all__ = ["Twarc2Writer", "write_v1"]

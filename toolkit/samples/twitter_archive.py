"""Twitter account archives: the modern "YTD" zip and the 2012 legacy zip (tweets.csv + Grailbird).

Byte layouts follow ``shared/formats/twitter-facebook-linkedin-instagram.md``
sections 1 and 2: ``window.YTD.tweets.part0 = [`` with 2-space pretty JSON and
``" : "`` separators, every number a string, ``source`` as an HTML anchor,
Twitter's date format, t.co links with ``entities.urls``; the legacy archive's
``tweets.csv`` (RFC-4180, every field quoted, duplicated ``expanded_urls`` on
retweets) and monthly ``Grailbird.data.tweets_YYYY_MM = \\n [ {`` files.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from toolkit.samples._fmt import archive_json, jackson, write_zip, ytd_js, ytd_js_items
from toolkit.samples._model import Item, User, iso_z, twitter_date, utc
from toolkit.samples._twitter import display_url, escape, in_reply_to, render, source_anchor

#: tweets per ``tweets-partN.js`` file (real archives split at about 50 MB)
PART_SIZE = 20_000


def _modern_tweet(item: Item, me: User, *, edit_eligible: bool) -> dict:
    r = render(item, modern=True)
    parent_id, parent_user = in_reply_to(item)
    t: dict = {
        "edit_info": {
            "initial": {
                "editTweetIds": [item.id],
                "editableUntil": iso_z(item.ts + 30 * 60 * 1000),
                "editsRemaining": "5",
                "isEditEligible": edit_eligible and item.kind != "repost",
            }
        },
        "retweeted": False,
        "source": source_anchor(item.client or "Twitter Web Client"),
        "entities": {
            "hashtags": [{"text": tag, "indices": [str(a), str(b)]} for tag, a, b in r.hashtags],
            "symbols": [],
            "user_mentions": [
                {
                    "name": u.name,
                    "screen_name": u.handle,
                    "indices": [str(a), str(b)],
                    "id_str": u.uid,
                    "id": u.uid,
                }
                for u, a, b in r.mentions
            ],
            "urls": [
                {
                    "url": short,
                    "expanded_url": full,
                    "display_url": display_url(full),
                    "indices": [str(a), str(b)],
                }
                for short, full, a, b in r.urls
            ],
        },
        "display_text_range": ["0", str(len(r.text))],
        "favorite_count": str(item.likes or 0),
    }
    if parent_id is not None:
        t["in_reply_to_status_id_str"] = parent_id
    t["id_str"] = item.id
    if parent_user is not None:
        t["in_reply_to_user_id"] = parent_user.uid
    t["truncated"] = False
    t["retweet_count"] = str(item.reposts or 0)
    t["id"] = item.id
    if parent_id is not None:
        t["in_reply_to_status_id"] = parent_id
    if r.urls:
        t["possibly_sensitive"] = False
    t["created_at"] = twitter_date(item.ts)
    t["favorited"] = False
    t["full_text"] = escape(r.text)
    t["lang"] = item.lang
    if parent_user is not None:
        t["in_reply_to_screen_name"] = parent_user.handle
        t["in_reply_to_user_id_str"] = parent_user.uid
    return {"tweet": t}


def write_modern_archive(
    path: Path, me: User, items: list[Item], *, generated: datetime, email: str, edit_eligible: bool
) -> Path:
    """The account archive zip as downloaded from Twitter (2022+ layout with ``tweets.js``)."""
    own = sorted(
        (i for i in items if i.author is me and i.where & 1),
        key=lambda i: (i.ts, i.id),
        reverse=True,
    )
    parts = [own[i : i + PART_SIZE] for i in range(0, len(own), PART_SIZE)] or [[]]
    members: list[tuple[str, object]] = []
    files = []
    for n, chunk in enumerate(parts):
        name = "data/tweets.js" if n == 0 else f"data/tweets-part{n}.js"
        files.append(
            {"fileName": name, "globalName": f"YTD.tweets.part{n}", "count": str(len(chunk))}
        )
        members.append(
            (
                name,
                lambda c=chunk, n=n: ytd_js_items(
                    f"YTD.tweets.part{n}",
                    (_modern_tweet(i, me, edit_eligible=edit_eligible) for i in c),
                ),
            )
        )
    gen = generated.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    manifest = {
        "userInfo": {"accountId": me.uid, "userName": me.handle, "displayName": me.name},
        "archiveInfo": {
            "sizeBytes": "0",
            "generationDate": gen,
            "isPartialArchive": False,
            "maxPartSizeBytes": "53687091200",
        },
        "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README.txt"},
        "dataTypes": {
            "account": {
                "files": [
                    {"fileName": "data/account.js", "globalName": "YTD.account.part0", "count": "1"}
                ]
            },
            "deletedTweets": {
                "mediaDirectory": "data/deleted_tweets_media",
                "files": [
                    {
                        "fileName": "data/deleted-tweets.js",
                        "globalName": "YTD.deleted_tweets.part0",
                        "count": "0",
                    }
                ],
            },
            "noteTweet": {
                "files": [
                    {
                        "fileName": "data/note-tweet.js",
                        "globalName": "YTD.note_tweet.part0",
                        "count": "0",
                    }
                ]
            },
            "profile": {
                "mediaDirectory": "data/profile_media",
                "files": [
                    {"fileName": "data/profile.js", "globalName": "YTD.profile.part0", "count": "1"}
                ],
            },
            "tweetHeaders": {
                "files": [
                    {
                        "fileName": "data/tweet-headers.js",
                        "globalName": "YTD.tweet_headers.part0",
                        "count": str(len(own)),
                    }
                ]
            },
            "tweets": {"mediaDirectory": "data/tweets_media", "files": files},
        },
    }
    members.append(("data/manifest.js", b"window.__THAR_CONFIG = " + archive_json(manifest)))
    members.append(
        (
            "data/account.js",
            ytd_js(
                "YTD.account.part0",
                [
                    {
                        "account": {
                            "email": email,
                            "createdVia": "web",
                            "username": me.handle,
                            "accountId": me.uid,
                            "createdAt": iso_z(me.created * 1000),
                            "accountDisplayName": me.name,
                        }
                    }
                ],
            ),
        )
    )
    members.append(
        (
            "data/profile.js",
            ytd_js(
                "YTD.profile.part0",
                [
                    {
                        "profile": {
                            "description": {
                                "bio": me.description,
                                "website": "",
                                "location": me.location,
                            },
                            "avatarMediaUrl": f"https://pbs.twimg.com/profile_images/{me.uid}/avatar_normal.jpg",
                        }
                    }
                ],
            ),
        )
    )
    members.append(
        (
            "data/tweet-headers.js",
            lambda: ytd_js_items(
                "YTD.tweet_headers.part0",
                (
                    {
                        "tweet": {
                            "tweet_id": i.id,
                            "user_id": me.uid,
                            "created_at": twitter_date(i.ts),
                        }
                    }
                    for i in own
                ),
            ),
        )
    )
    members.append(("data/deleted-tweets.js", b"window.YTD.deleted_tweets.part0 = [ ]"))
    members.append(("data/note-tweet.js", b"window.YTD.note_tweet.part0 = [ ]"))
    members.append(("data/README.txt", README_MODERN.format(handle=me.handle).encode()))
    members.append(("Your archive.html", ARCHIVE_HTML.format(name=me.name).encode()))
    return write_zip(path, members, generated)


README_MODERN = """Twitter archive for @{handle}

This archive is a fictional sample made by the conversation-habits toolkit
(`toolkit sample`). It mirrors the layout of a real account archive.

tweets.js - every Tweet of the account (own Tweets, replies and Retweets).
  full_text: the text of the Tweet, HTML-escaped; links are t.co links
  entities.urls: url (t.co), expanded_url, display_url
  source: the app used to post the Tweet
  favorite_count, retweet_count: counts when the archive was generated
account.js - the account (username, accountId, accountDisplayName)
"""
ARCHIVE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Your archive</title></head>
<body><p>Archive of {name}. Open the data folder to read the files.</p></body></html>
"""


# --------------------------------------------------------------------------- legacy 2012 archive


def _grailbird_user(u: User) -> dict:
    return {
        "name": u.name,
        "screen_name": u.handle,
        "protected": False,
        "id_str": u.uid,
        "profile_image_url_https": f"https://si0.twimg.com/profile_images/{u.uid}/avatar_normal.jpg",
        "id": int(u.uid),
        "verified": u.verified,
    }


def _grailbird_tweet(item: Item, me: User) -> dict:
    r = render(item, modern=False)
    parent_id, parent_user = in_reply_to(item)
    ent = {
        "user_mentions": [
            {
                "name": u.name,
                "screen_name": u.handle,
                "indices": [a, b],
                "id_str": u.uid,
                "id": int(u.uid),
            }
            for u, a, b in r.mentions
        ],
        "media": [],
        "hashtags": [{"text": t, "indices": [a, b]} for t, a, b in r.hashtags],
        "urls": [
            {"indices": [a, b], "url": s, "expanded_url": f, "display_url": display_url(f)}
            for s, f, a, b in r.urls
        ],
    }
    t: dict = {"source": source_anchor(item.client or "web"), "entities": ent}
    if parent_id is not None:
        t["in_reply_to_status_id_str"] = parent_id
    t["geo"] = {}
    t["id_str"] = item.id
    if parent_user is not None:
        t["in_reply_to_user_id"] = int(parent_user.uid)
    t["text"] = r.text
    if item.kind == "repost" and item.repost_of is not None:
        t["retweeted_status"] = _grailbird_tweet_original(item.repost_of)
    t["id"] = int(item.id)
    if parent_id is not None:
        t["in_reply_to_status_id"] = int(parent_id)
    t["created_at"] = legacy_time(item.ts)
    if parent_user is not None:
        t["in_reply_to_screen_name"] = parent_user.handle
        t["in_reply_to_user_id_str"] = parent_user.uid
    t["user"] = _grailbird_user(me)
    return t


def _grailbird_tweet_original(orig: Item) -> dict:
    r = render(orig, modern=False)
    return {
        "source": source_anchor(orig.client or "Twitter for iPhone"),
        "entities": {
            "user_mentions": [
                {
                    "name": u.name,
                    "screen_name": u.handle,
                    "indices": [a, b],
                    "id_str": u.uid,
                    "id": int(u.uid),
                }
                for u, a, b in r.mentions
            ],
            "media": [],
            "hashtags": [{"text": t, "indices": [a, b]} for t, a, b in r.hashtags],
            "urls": [
                {"indices": [a, b], "url": s, "expanded_url": f, "display_url": display_url(f)}
                for s, f, a, b in r.urls
            ],
        },
        "geo": {},
        "id_str": orig.id,
        "text": r.text,
        "id": int(orig.id),
        "created_at": legacy_time(orig.ts),
        "user": _grailbird_user(orig.author),
    }


def legacy_time(ts_ms: int) -> str:
    return utc(ts_ms).strftime("%Y-%m-%d %H:%M:%S +0000")


def _csv_bytes(items: list[Item]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(
        [
            "tweet_id",
            "in_reply_to_status_id",
            "in_reply_to_user_id",
            "timestamp",
            "source",
            "text",
            "retweeted_status_id",
            "retweeted_status_user_id",
            "retweeted_status_timestamp",
            "expanded_urls",
        ]
    )
    for it in items:
        r = render(it, modern=False)
        parent_id, parent_user = in_reply_to(it)
        urls = [f for _, f, _, _ in r.urls]
        rt = it.repost_of if it.kind == "repost" else None
        if rt is not None:
            urls = [
                u for x in urls for u in (x, x)
            ]  # the legacy exporter repeats each link of a retweet
        w.writerow(
            [
                it.id,
                parent_id or "",
                parent_user.uid if parent_user else "",
                legacy_time(it.ts),
                source_anchor(it.client or "web"),
                r.text,
                rt.id if rt else "",
                rt.author.uid if rt else "",
                legacy_time(rt.ts) if rt else "",
                ",".join(urls),
            ]
        )
    return buf.getvalue().encode("utf-8")


def write_legacy_archive(path: Path, me: User, items: list[Item], *, generated: datetime) -> Path:
    """The 2012 "Your Twitter archive" zip: tweets.csv plus the Grailbird viewer's data/js files."""
    own = sorted(
        (i for i in items if i.author is me and i.where & 1),
        key=lambda i: (i.ts, i.id),
        reverse=True,
    )
    months: dict[tuple[int, int], list[Item]] = defaultdict(list)
    for it in own:
        d = utc(it.ts)
        months[(d.year, d.month)].append(it)
    members: list[tuple[str, object]] = [("tweets.csv", _csv_bytes(own))]
    index = []
    for y, m in sorted(months, reverse=True):
        var = f"tweets_{y}_{m:02d}"
        body = jackson([_grailbird_tweet(i, me) for i in months[(y, m)]])
        members.append(
            (f"data/js/tweets/{y}_{m:02d}.js", f"Grailbird.data.{var} = \n {body}".encode())
        )
        index.append(
            {
                "file_name": f"data/js/tweets/{y}_{m:02d}.js",
                "year": y,
                "var_name": var,
                "tweet_count": len(months[(y, m)]),
                "month": m,
            }
        )
    members.append(("data/js/tweet_index.js", f"var tweet_index =  {jackson(index)}".encode()))
    members.append(
        (
            "data/js/payload_details.js",
            (
                "var payload_details =  "
                + jackson(
                    {
                        "tweets": len(own),
                        "created_at": generated.strftime("%Y-%m-%d %H:%M:%S +0000"),
                        "lang": "en",
                    }
                )
            ).encode(),
        )
    )
    members.append(
        (
            "data/js/user_details.js",
            (
                "var user_details =  "
                + jackson(
                    {
                        "screen_name": me.handle,
                        "location": me.location,
                        "full_name": me.name,
                        "bio": me.description,
                        "id": me.uid,
                        "created_at": legacy_time(me.created * 1000),
                    }
                )
            ).encode(),
        )
    )
    members.append(("index.html", LEGACY_INDEX.encode()))
    members.append(("README.txt", LEGACY_README.encode()))
    return write_zip(path, members, generated)


LEGACY_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your Twitter archive</title>
<script src="data/js/tweet_index.js"></script><script src="data/js/user_details.js"></script></head>
<body><div id="tweets"></div></body></html>
"""
LEGACY_README = """Your Twitter archive (fictional sample made by the conversation-habits toolkit).

Open index.html in a browser to browse the Tweets. tweets.csv holds every Tweet
in one file; data/js/tweets/ holds one file per month.
"""

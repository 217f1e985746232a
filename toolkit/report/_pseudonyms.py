"""Stable pseudonyms for people who are not studied accounts.

A keyed hash (HMAC-SHA-256) turns each handle into ``person-XXXXXX``. The key is
``TOOLKIT_PSEUDONYM_KEY`` when set; otherwise it is derived from the report's
inputs and parameters, so the same inputs give the same report (reproducible)
while the key itself is printed nowhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

import polars as pl

from toolkit.archive import Archive

_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.\-]*(?:@[A-Za-z0-9.\-]+)?)")


def key_for(fingerprint: str) -> bytes:
    env = os.environ.get("TOOLKIT_PSEUDONYM_KEY")
    if env:
        return env.encode()
    return hashlib.sha256(b"toolkit-pseudonyms\0" + fingerprint.encode()).digest()


def pseudonym(handle: str, key: bytes) -> str:
    digest = hmac.new(key, handle.lower().encode(), hashlib.sha256).hexdigest()
    return f"person-{digest[:6]}"


def pseudonymise(archive: Archive, key: bytes) -> tuple[Archive, dict[str, str]]:
    """Replace every non-studied handle (authors, reply targets, mentions, @handles in text).

    Returns the new archive and the mapping (kept in memory only).
    """
    studied = set(archive.accounts["account"].to_list())
    posts = archive.posts
    people = set(posts["author"].to_list()) | set(posts["reply_to_author"].drop_nulls().to_list())
    people |= set(posts["mentions"].explode().drop_nulls().to_list())
    mapping = {h: pseudonym(h, key) for h in sorted(people - studied) if h}

    def sub_text(text: str) -> str:
        def repl(m: re.Match) -> str:
            h = m.group(1).lower().rstrip(".")
            tail = m.group(1)[len(h) :] if m.group(1).lower().startswith(h) else ""
            return "@" + mapping[h] + tail if h in mapping else m.group(0)

        return _MENTION.sub(repl, text)

    def mapped(col: str) -> pl.Expr:
        return pl.col(col).replace(mapping)

    new = posts.with_columns(
        mapped("author"),
        mapped("reply_to_author"),
        pl.col("mentions").list.eval(pl.element().replace(mapping)),
        pl.col("text").map_elements(sub_text, return_dtype=pl.Utf8),
        # permalinks carry handles; drop them for other people's items
        pl.when(pl.col("author").is_in(list(studied)))
        .then(pl.col("url"))
        .otherwise(None)
        .alias("url"),
    )
    return Archive(
        posts=new, accounts=archive.accounts, log=archive.log, people=archive.people
    ), mapping

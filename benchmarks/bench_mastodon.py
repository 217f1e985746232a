"""Mastodon archive loader against the analyst's route (`make bench`, or run this file).

Generates an unpacked account archive folder (``actor.json`` plus an
``outbox.json`` of 60,000 activities, about 130 MB, fields as in real 2024
exports: one activity per status, per-activity audience lists, HTML content
repeated in ``contentMap``, mention/hashtag tags, long links split into invisible
spans, media attachments, the ``replies`` collection stub, the duplicated
``orderedItems`` key, roughly 80% Create (posts, replies to others, self-threads,
polls) and 20% Announce), then times, each in its own subprocess so that peak RSS
is the loader's alone:

- ``toolkit.load(folder)``: the canonical posts frame;
- the analyst route: stdlib ``json`` + ``pandas.json_normalize`` + basic column
  parsing (dates, HTML stripped with a regex, reply/boost flags).

``run(out_dir)`` returns seconds, MB/s, the speedup and peak RSS of both. Target:
at least 20 MB/s for the toolkit. Run ``python benchmarks/bench_mastodon.py 5000``
for a quick smaller run.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

N_ACTIVITIES = 60_000
HOST = "bench.social"
ME = f"https://{HOST}/users/benchcandidate"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "ostatus": "http://ostatus.org#",
        "atomUri": "ostatus:atomUri",
        "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
        "conversation": "ostatus:conversation",
        "sensitive": "as:sensitive",
        "toot": "http://joinmastodon.org/ns#",
        "votersCount": "toot:votersCount",
        "blurhash": "toot:blurhash",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
        "Hashtag": "as:Hashtag",
    },
]
WORDS = (
    "we the people vote today town hall thanks for coming policy plan budget school roads jobs "
    "health care families more than ever join us tonight read our statement on the new bill "
    "great question answer soon listen community neighbours proud support volunteers election "
    "café naïve – “quoted” words ünïcode"
).split()
SERVERS = ["mastodon.social", "hachyderm.io", "fosstodon.org", "chaos.social", "mstdn.ca", HOST]
OTHERS = [(f"voter{i:04d}", SERVERS[i % len(SERVERS)]) for i in range(3000)]
TAGS = ["Election2026", "TownHall", "Budget", "Schools", "Roads", "café"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _mention_html(user: str, host: str) -> str:
    return (
        f'<span class="h-card" translate="no"><a href="https://{host}/@{user}" class="u-url mention">'
        f"@<span>{user}</span></a></span>"
    )


def _link_html(i: int) -> str:
    path = f"news/2026/{i % 12 + 1:02d}/a-rather-long-article-title-number-{i}"
    return (
        f'<a href="https://example.org/{path}" target="_blank" rel="nofollow noopener noreferrer" translate="no">'
        f'<span class="invisible">https://</span><span class="ellipsis">example.org/{path[:22]}</span>'
        f'<span class="invisible">{path[22:]}</span></a>'
    )


def _status(n: int) -> str:
    return f"{ME}/statuses/{110_000_000_000_000_000 + n}"


def _create(rng: random.Random, i: int, when: str, own: list[str]) -> dict:
    sid = _status(i)
    r = rng.random()
    tags: list[dict] = []
    cc = [f"{ME}/followers"]
    parts = []
    reply = None
    kind = "Note"
    if r < 0.30:  # reply to someone else
        user, host = rng.choice(OTHERS)
        reply = f"https://{host}/users/{user}/statuses/{rng.randint(10**17, 10**18)}"
        parts.append(_mention_html(user, host))
        name = f"@{user}" if host == HOST else f"@{user}@{host}"
        tags.append({"type": "Mention", "href": f"https://{host}/users/{user}", "name": name})
        cc.append(f"https://{host}/users/{user}")
    elif r < 0.42 and own:  # self-thread
        reply = own[-1]
    parts.append(_words(rng, rng.randint(8, 45)))
    if rng.random() < 0.3:
        parts.append(_link_html(i))
    if rng.random() < 0.3:
        tag = rng.choice(TAGS)
        parts.append(
            f'<a href="https://{HOST}/tags/{tag.lower()}" class="mention hashtag" rel="tag">#<span>{tag}</span></a>'
        )
        tags.append(
            {"type": "Hashtag", "href": f"https://{HOST}/tags/{tag.lower()}", "name": f"#{tag}"}
        )
    content = "<p>" + " ".join(parts) + "</p>"
    if rng.random() < 0.2:
        content += "<p>" + _words(rng, rng.randint(5, 20)) + "</p>"
    obj: dict = {
        "id": sid,
        "type": kind,
        "summary": None,
        "inReplyTo": reply,
        "published": when,
        "url": f"https://{HOST}/@benchcandidate/{110_000_000_000_000_000 + i}",
        "attributedTo": ME,
        "to": [PUBLIC],
        "cc": cc,
        "sensitive": False,
        "atomUri": sid,
        "inReplyToAtomUri": reply,
        "conversation": f"tag:{HOST},2026-01-01:objectId={9_000_000 + i}:objectType=Conversation",
        "content": content,
        "contentMap": {rng.choice(["en", "en", "en", "fr", "de"]): content},
        "attachment": [],
        "tag": tags,
        "replies": {
            "id": f"{sid}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{sid}/replies?only_other_accounts=true&page=true",
                "partOf": f"{sid}/replies",
                "items": [],
            },
        },
    }
    if rng.random() < 0.12:
        obj["attachment"].append(
            {
                "type": "Document",
                "mediaType": "image/jpeg",
                "url": f"/benchsocial/media_attachments/files/110/{i:06d}/original/{i:016x}.jpeg",
                "name": _words(rng, 6),
                "blurhash": "UPJ[3I_NI9t7ROx]xZkBtRIAxaWEWBsmRjbH",
                "focalPoint": [0.0, 0.0],
                "width": 1440,
                "height": 1081,
            }
        )
    if rng.random() < 0.01:
        obj["type"] = "Question"
        obj["endTime"] = when
        obj["votersCount"] = rng.randint(0, 50)
        obj["oneOf"] = [
            {
                "type": "Note",
                "name": w,
                "replies": {"type": "Collection", "totalItems": rng.randint(0, 20)},
            }
            for w in ("yes", "no", "maybe")
        ]
    return {
        "id": f"{sid}/activity",
        "type": "Create",
        "actor": ME,
        "published": when,
        "to": [PUBLIC],
        "cc": cc,
        "object": obj,
    }


def _announce(rng: random.Random, i: int, when: str) -> dict:
    user, host = rng.choice(OTHERS)
    return {
        "id": f"{_status(i)}/activity",
        "type": "Announce",
        "actor": ME,
        "published": when,
        "to": [PUBLIC],
        "cc": [f"https://{host}/users/{user}", f"{ME}/followers"],
        "object": f"https://{host}/users/{user}/statuses/{rng.randint(10**17, 10**18)}",
    }


def generate(folder: Path, n: int = N_ACTIVITIES, *, seed: int = 11) -> Path:
    """Write an unpacked archive folder with ``n`` activities; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    actor = {
        "@context": CONTEXT[:2],
        "id": ME,
        "type": "Person",
        "preferredUsername": "benchcandidate",
        "name": "Bench Candidate",
        "url": f"https://{HOST}/@benchcandidate",
        "published": "2022-11-07T00:00:00Z",
        "outbox": "outbox.json",
        "likes": "likes.json",
        "bookmarks": "bookmarks.json",
    }
    (folder / "actor.json").write_bytes(orjson.dumps(actor))
    rng = random.Random(seed)
    start = datetime(2022, 11, 8, tzinfo=UTC)
    step = (datetime(2026, 1, 1, tzinfo=UTC) - start) / n
    own: list[str] = []
    head = orjson.dumps(
        {
            "@context": CONTEXT,
            "id": "outbox.json",
            "type": "OrderedCollection",
            "totalItems": n + 57,
        }
    )
    with open(folder / "outbox.json", "wb") as f:
        f.write(head[:-1] + b',"orderedItems":[],"orderedItems":[')
        chunk = 5000
        for lo in range(0, n, chunk):
            items = []
            for i in range(lo, min(n, lo + chunk)):
                when = (start + step * i + timedelta(seconds=rng.randint(0, 59))).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                )
                if rng.random() < 0.2:
                    items.append(_announce(rng, i, when))
                else:
                    item = _create(rng, i, when, own)
                    own.append(item["object"]["id"])
                    items.append(item)
            if lo:
                f.write(b",")
            f.write(orjson.dumps(items)[1:-1])
        f.write(b"]}")
    return folder


ANALYST = r"""
import json, re, html, sys, resource, time
import pandas as pd
t0 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
df = pd.json_normalize(data["orderedItems"])
df["published"] = pd.to_datetime(df["published"], format="%Y-%m-%dT%H:%M:%SZ", utc=True)
tag = re.compile(r"<[^>]+>")
df["text"] = df["object.content"].fillna("").map(lambda s: html.unescape(tag.sub(" ", s)).strip())
df["is_reply"] = df["object.inReplyTo"].notna()
df["is_boost"] = df["type"] == "Announce"
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "rows": len(df),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

TOOLKIT = r"""
import json, sys, resource, time
t0 = time.perf_counter()
import toolkit
archive = toolkit.load(sys.argv[1])
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "rows": archive.posts.height,
                  "kinds": dict(archive.posts["kind"].cast(str).value_counts().iter_rows()),
                  "skipped": int(archive.log["rows_skipped"].sum()),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, arg: Path) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run(
        [sys.executable, "-c", code, str(arg)], check=True, capture_output=True, text=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _baseline_rss_mb() -> float:
    code = "import resource, polars, orjson, toolkit; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def run(out_dir: Path, n: int = N_ACTIVITIES) -> dict:
    """Generate the archive (cached in ``out_dir``), time both routes, return the figures."""
    out_dir = Path(out_dir)
    folder = out_dir / f"mastodon-archive-{n}"
    outbox = folder / "outbox.json"
    t0 = time.perf_counter()
    if not outbox.exists():
        generate(folder, n)
    gen_s = time.perf_counter() - t0
    size_mb = outbox.stat().st_size / 1e6
    tk = _child(TOOLKIT, folder)
    pd_ = _child(ANALYST, outbox)
    return {
        "activities": n,
        "input_mb": round(size_mb, 1),
        "generate_s": round(gen_s, 1),
        "toolkit_s": round(tk["seconds"], 2),
        "toolkit_mb_per_s": round(size_mb / tk["seconds"], 1),
        "toolkit_rows": tk["rows"],
        "toolkit_kinds": tk["kinds"],
        "toolkit_skipped": tk["skipped"],
        "toolkit_peak_rss_mb": round(tk["peak_rss_mb"]),
        "toolkit_peak_rss_over_input": round(tk["peak_rss_mb"] / size_mb, 2),
        "import_rss_mb": round(_baseline_rss_mb()),
        "pandas_s": round(pd_["seconds"], 2),
        "pandas_mb_per_s": round(size_mb / pd_["seconds"], 1),
        "pandas_peak_rss_mb": round(pd_["peak_rss_mb"]),
        "speedup": round(pd_["seconds"] / tk["seconds"], 1),
    }


if __name__ == "__main__":
    n_arg = int(sys.argv[1]) if len(sys.argv) > 1 else N_ACTIVITIES
    figures = run(Path(__file__).resolve().parent / "out" / "mastodon", n_arg)
    for k, v in figures.items():
        print(f"{k}: {v}")

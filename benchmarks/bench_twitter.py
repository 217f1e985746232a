"""Twitter archive loader against the analyst's route (`make bench`, or run this file).

Generates a modern-format account archive folder (``data/account.js`` plus a
``data/tweets.js`` of 200,000 tweets, about 280 MB, fields as in real 2022+
archives: all numbers as strings, ``edit_info``, entities with string indices,
t.co links, media, HTML-escaped text, retweets, replies, self-threads, quotes),
then times, each in its own subprocess so that peak RSS is the loader's alone:

- ``toolkit.load(folder)``: the canonical posts frame;
- the analyst route: stdlib ``json`` + ``pandas.json_normalize`` + basic column
  parsing (dates, counts, HTML entities, retweet/reply flags).

``run(out_dir)`` returns seconds, MB/s, the speedup and peak RSS of both. Targets:
the toolkit at least 5x faster than the pandas route, peak RSS at most 3x the input.
Imports are done before the clock starts, on both sides. Wall time favours the
toolkit on an idle machine (Polars uses every core; the pandas route uses one);
``*_cpu_s`` and ``speedup_cpu`` (process CPU time, all threads) are the figures
to compare when other work shares the machine.
Run ``python benchmarks/bench_twitter.py 20000`` for a quick smaller run.
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

N_TWEETS = 200_000
OWNER = {
    "username": "BenchCandidate",
    "accountId": "1200000000000000001",
    "name": "Bench Candidate",
}
SOURCES = [
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
    '<a href="https://about.twitter.com/products/tweetdeck" rel="nofollow">TweetDeck</a>',
    '<a href="https://www.hootsuite.com" rel="nofollow">Hootsuite Inc.</a>',
]
WORDS = (
    "we the people vote today town hall thanks for coming policy plan budget school roads jobs "
    "health care &amp; families &gt; more than ever join us tonight read our statement on new bill "
    "great question answer soon listen community neighbours proud support volunteers election"
).split()
OTHERS = [(f"Voter{i:04d}", str(3_000_000_000 + i)) for i in range(3000)]


def _text(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def _tweet(rng: random.Random, i: int, when: datetime, own_ids: list[str]) -> dict:
    tid = str(1_300_000_000_000_000_000 + i * 7919)
    ents: dict = {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    tw: dict = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tid],
                "editableUntil": (when + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "editsRemaining": "5",
                "isEditEligible": rng.random() < 0.3,
            }
        },
        "retweeted": False,
        "source": rng.choice(SOURCES),
        "entities": ents,
        "display_text_range": ["0", "0"],
        "favorite_count": str(rng.randint(0, 500)),
        "id_str": tid,
        "truncated": False,
        "retweet_count": str(rng.randint(0, 80)),
        "id": tid,
        "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False,
        "full_text": "",
        "lang": rng.choice(["en", "en", "en", "es", "und"]),
    }
    r = rng.random()
    text = _text(rng, rng.randint(3, 16))
    if r < 0.15:  # retweet
        name, uid = rng.choice(OTHERS)
        text = f"RT @{name}: {text[:110]}…"
        ents["user_mentions"].append(
            {
                "name": name,
                "screen_name": name,
                "indices": ["3", str(4 + len(name))],
                "id_str": uid,
                "id": uid,
            }
        )
        tw["favorite_count"] = tw["retweet_count"] = "0"
    elif r < 0.40:  # reply to someone else
        name, uid = rng.choice(OTHERS)
        parent = str(1_200_000_000_000_000_000 + rng.randint(0, 10**12))
        text = f"@{name} {text}"
        ents["user_mentions"].append(
            {
                "name": name,
                "screen_name": name,
                "indices": ["0", str(len(name) + 1)],
                "id_str": uid,
                "id": uid,
            }
        )
        tw.update(
            in_reply_to_status_id_str=parent,
            in_reply_to_status_id=parent,
            in_reply_to_user_id=uid,
            in_reply_to_user_id_str=uid,
            in_reply_to_screen_name=name,
        )
    elif r < 0.50 and own_ids:  # self-thread
        parent = own_ids[-1]
        tw.update(
            in_reply_to_status_id_str=parent,
            in_reply_to_status_id=parent,
            in_reply_to_user_id=OWNER["accountId"],
            in_reply_to_user_id_str=OWNER["accountId"],
            in_reply_to_screen_name=OWNER["username"],
        )
    elif r < 0.55:  # quote
        name, _ = rng.choice(OTHERS)
        qid = str(1_100_000_000_000_000_000 + rng.randint(0, 10**12))
        tco = f"https://t.co/q{i:08d}"
        text = f"{text} {tco}"
        ents["urls"].append(
            {
                "url": tco,
                "expanded_url": f"https://twitter.com/{name}/status/{qid}",
                "display_url": f"twitter.com/{name}/status/…",
                "indices": ["0", "0"],
            }
        )
    if rng.random() < 0.25 and not text.startswith("RT @"):
        tco = f"https://t.co/u{i:08d}"
        text = f"{text} {tco}" if not ents["urls"] else f"{tco} {text}"
        ents["urls"].insert(
            0,
            {
                "url": tco,
                "expanded_url": f"https://example.org/news/{i}",
                "display_url": f"example.org/news/{i}",
                "indices": ["0", "0"],
            },
        )
    if rng.random() < 0.3:
        tag = rng.choice(["Election2026", "TownHall", "Budget", "Schools"])
        text = f"{text} #{tag}"
        ents["hashtags"].append({"text": tag, "indices": ["0", "0"]})
    if rng.random() < 0.05:
        mtco = f"https://t.co/m{i:08d}"
        text = f"{text} {mtco}"
        media = {
            "expanded_url": f"https://x.com/{OWNER['username']}/status/{tid}/photo/1",
            "indices": ["0", "0"],
            "url": mtco,
            "media_url": f"http://pbs.twimg.com/media/X{i}.jpg",
            "id_str": str(9_000_000 + i),
            "id": str(9_000_000 + i),
            "media_url_https": f"https://pbs.twimg.com/media/X{i}.jpg",
            "sizes": {
                s: {"w": "1200", "h": "800", "resize": "fit"}
                for s in ("thumb", "small", "medium", "large")
            },
            "type": "photo",
            "display_url": "pic.x.com/abc",
        }
        ents["media"] = [media]
        tw["extended_entities"] = {"media": [dict(media)]}
        tw["possibly_sensitive"] = False
    tw["full_text"] = text
    tw["display_text_range"] = ["0", str(len(text))]
    return {"tweet": tw}


def generate(folder: Path, n: int = N_TWEETS, *, seed: int = 7) -> Path:
    """Write a modern archive folder with ``n`` tweets; returns the folder."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    account = [
        {
            "account": {
                "email": "bench@example.org",
                "createdVia": "web",
                "username": OWNER["username"],
                "accountId": OWNER["accountId"],
                "createdAt": "2012-01-01T00:00:00.000Z",
                "accountDisplayName": OWNER["name"],
            }
        }
    ]
    (data / "account.js").write_bytes(
        b"window.YTD.account.part0 = " + orjson.dumps(account, option=orjson.OPT_INDENT_2)
    )
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    step = (datetime(2026, 1, 1, tzinfo=UTC) - start) / n
    own_ids: list[str] = []
    with open(data / "tweets.js", "wb") as f:
        f.write(b"window.YTD.tweets.part0 = [")
        chunk = 5000
        for lo in range(0, n, chunk):
            items = []
            for i in range(lo, min(n, lo + chunk)):
                when = start + step * i + timedelta(seconds=rng.randint(0, 59))
                item = _tweet(rng, i, when.replace(microsecond=0), own_ids)
                own_ids.append(item["tweet"]["id_str"])
                items.append(item)
            body = orjson.dumps(items, option=orjson.OPT_INDENT_2)[1:-2].replace(b'": ', b'" : ')
            if lo:
                f.write(b",")
            f.write(body)
        f.write(b"\n]")
    return folder


ANALYST = r"""
import html, json, sys, resource, time
import pandas as pd
t0 = time.perf_counter()
c0 = time.process_time()
raw = open(sys.argv[1], encoding="utf-8").read()
data = json.loads(raw[raw.index("=") + 1:])
df = pd.json_normalize([d["tweet"] for d in data])
df["created_at"] = pd.to_datetime(df["created_at"], format="%a %b %d %H:%M:%S %z %Y")
for c in ("favorite_count", "retweet_count"):
    df[c] = df[c].astype("int64")
df["full_text"] = df["full_text"].map(html.unescape)
df["is_retweet"] = df["full_text"].str.startswith("RT @")
df["is_reply"] = df["in_reply_to_status_id_str"].notna()
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "cpu_seconds": time.process_time() - c0, "rows": len(df),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

TOOLKIT = r"""
import json, sys, resource, time
import toolkit
toolkit.sources.formats()  # imports every source, as the analyst route imports pandas first
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
c0 = time.process_time()
archive = toolkit.load(sys.argv[1])
secs = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"seconds": secs, "cpu_seconds": cpu, "rows": archive.posts.height,
                  "kinds": dict(archive.posts["kind"].cast(str).value_counts().iter_rows()),
                  "import_rss_mb": base,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, arg: Path) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run(
        [sys.executable, "-c", code, str(arg)], check=True, capture_output=True, text=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(out_dir: Path, n: int = N_TWEETS) -> dict:
    """Generate the archive (cached in ``out_dir``), time both routes, return the figures."""
    out_dir = Path(out_dir)
    folder = out_dir / f"twitter-archive-{n}"
    tweets_js = folder / "data" / "tweets.js"
    t0 = time.perf_counter()
    if not tweets_js.exists():
        generate(folder, n)
    gen_s = time.perf_counter() - t0
    size_mb = tweets_js.stat().st_size / 1e6
    tk = _child(TOOLKIT, folder)
    pd_ = _child(ANALYST, tweets_js)
    return {
        "tweets": n,
        "input_mb": round(size_mb, 1),
        "generate_s": round(gen_s, 1),
        "toolkit_s": round(tk["seconds"], 2),
        "toolkit_cpu_s": round(tk["cpu_seconds"], 2),
        "toolkit_mb_per_s": round(size_mb / tk["seconds"], 1),
        "toolkit_rows": tk["rows"],
        "toolkit_kinds": tk["kinds"],
        "toolkit_import_rss_mb": round(tk["import_rss_mb"]),
        "toolkit_peak_rss_mb": round(tk["peak_rss_mb"]),
        "toolkit_peak_rss_over_input": round(tk["peak_rss_mb"] / size_mb, 2),
        "pandas_s": round(pd_["seconds"], 2),
        "pandas_cpu_s": round(pd_["cpu_seconds"], 2),
        "pandas_mb_per_s": round(size_mb / pd_["seconds"], 1),
        "pandas_rows": pd_["rows"],
        "pandas_peak_rss_mb": round(pd_["peak_rss_mb"]),
        "speedup": round(pd_["seconds"] / tk["seconds"], 1),
        "speedup_cpu": round(pd_["cpu_seconds"] / tk["cpu_seconds"], 1),
    }


if __name__ == "__main__":
    n_arg = int(sys.argv[1]) if len(sys.argv) > 1 else N_TWEETS
    figures = run(Path(__file__).resolve().parent / "out" / "twitter", n_arg)
    for k, v in figures.items():
        print(f"{k}: {v}")

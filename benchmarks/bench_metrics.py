"""``toolkit.metrics.compute`` on about a million posts (`make bench`, or run this file).

Synthesises a canonical archive directly (the loaders have their own
benchmarks): 24 studied accounts (20 on Twitter, two people also on Facebook,
two on Mastodon), each with about 12,000 root posts, the public's replies to
them (heavy-tailed delays), the account's answers (its own answer probability
and delay), self-threads, reposts, mentions by the public, clients, counts and
varied texts. The archive is written to parquet, then a subprocess reads it and
times:

- ``metrics.compute(archive)`` (every metric, 200 bootstrap replicates), the
  first call on the archive: the row features are built in it,
- ``compute(archive, by="person")`` afterwards (the features are shared),
- ``metrics.compute(archive, period="W")`` (weekly series through the same path)
  and the same for ``response_rate`` only (what the report draws),
- the chart frames (post mix, KM curves, clients, rhythm, interlocutors).

``bench_report.py`` times ``compute`` on the ``--scale 100`` generated sample too.

Peak RSS is the subprocess's (reading the parquet included; the resident size
after reading is reported too). Target: ``compute`` in 5 s or less on 2 cores.
Run ``python benchmarks/bench_metrics.py 2000`` for a small run (the argument is
the number of root posts per account).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

ROOTS_PER_ACCOUNT = 13_000
N_ACCOUNTS = 24
START = datetime(2012, 7, 1, tzinfo=UTC)
DAYS = 123

WORDS = (
    "roads schools jobs budget taxes bridge valley farmers nurses teachers vote rally town hall "
    "tonight today plan families water broadband veterans seniors health care energy wind "
    "county fair debate question answer thanks great wonderful terrible wrong right always "
    "never maybe Dana Brooks Riverside Prairie statement announces launch proud joined by"
).split()
OPENERS = ["", "", "", "Thank you ", "What do you think about ", "Senator Brooks announces ", "Join us for ",
           "Why won't you talk about ", "Statement on ", "Great to see ", "We're hiring: "]  # fmt: skip
CLIENTS = ["Twitter for iPhone", "Twitter for Android", "Twitter Web Client", "TweetDeck", "HootSuite",
           "Buffer", "twitterfeed", "dlvr.it", "Facebook", None]  # fmt: skip


def _texts(rng: np.random.Generator, n: int, link_p: float) -> list[str]:
    words = np.array(WORDS)
    idx = rng.integers(0, len(words), size=(n, 7))
    lens = rng.integers(3, 8, size=n)
    op = rng.integers(0, len(OPENERS), size=n)
    link = rng.random(n) < link_p
    out = []
    for i in range(n):
        t = OPENERS[op[i]] + " ".join(words[idx[i, : lens[i]]])
        if link[i]:
            t += f" https://t.co/{i:x}"
        out.append(t)
    return out


def synthesise(roots_per_account: int = ROOTS_PER_ACCOUNT, seed: int = 7):
    """A canonical Archive with ~42 rows per root post (about 1M rows at the default size)."""
    from toolkit.archive import Archive
    from toolkit.schema import ACCOUNTS_SCHEMA, conform

    rng = np.random.default_rng(seed)
    frames, accounts = [], []
    span_s = DAYS * 86400
    for a in range(N_ACCOUNTS):
        platform = "twitter" if a < 20 else ("facebook" if a < 22 else "mastodon")
        handle = f"cand{a % 20 if a >= 20 else a}" + (
            "@campaign.social" if platform == "mastodon" else ""
        )
        person = f"person{a % 20 if a >= 20 else a}"
        answer_p = [0.0, 0.05, 0.3, 0.6, 0.85][a % 5]
        n = roots_per_account
        t_root = np.sort(rng.integers(0, span_s, size=n))
        root_ids = [f"{a}r{i}" for i in range(n)]
        # the public's replies: Poisson(1.5) per root, lognormal delays (median ~40 min)
        k = rng.poisson(1.5, size=n)
        parent = np.repeat(np.arange(n), k)
        m = parent.size
        t_rep = t_root[parent] + np.exp(rng.normal(7.8, 1.6, size=m)).astype(np.int64)
        authors = np.array([f"citizen{j}" for j in range(3000)])
        rep_author = authors[(rng.zipf(1.6, size=m) + a * 7) % 3000]
        rep_ids = [f"{a}p{i}" for i in range(m)]
        # the account's answers
        ans = rng.random(m) < answer_p
        t_ans = t_rep[ans] + np.exp(rng.normal(8.5, 1.8, size=int(ans.sum()))).astype(np.int64)
        ans_ids = [f"{a}a{i}" for i in range(int(ans.sum()))]
        # mentions by the public (roots of their own)
        q = n // 6
        t_men = rng.integers(0, span_s, size=q)
        men_ids = [f"{a}m{i}" for i in range(q)]
        # self-threads and reposts
        st = rng.random(n) < 0.08
        rp = rng.random(n) < 0.1
        clients = np.array(CLIENTS, dtype=object)[rng.integers(0, len(CLIENTS), size=n)]
        rows = {
            "platform": [platform] * (n + m + int(ans.sum()) + q + int(st.sum())),
        }
        total = len(rows["platform"])
        post_id = (
            root_ids + rep_ids + ans_ids + men_ids + [f"{a}s{i}" for i in range(int(st.sum()))]
        )
        author = (
            [handle] * n
            + list(rep_author)
            + [handle] * int(ans.sum())
            + list(authors[rng.integers(0, 3000, q)])
            + [handle] * int(st.sum())
        )
        created = np.concatenate([t_root, t_rep, t_ans, t_men, t_root[st] + 90])
        kind = (
            np.where(rp, "repost", "post").tolist()
            + ["reply"] * m
            + ["reply"] * int(ans.sum())
            + ["post"] * q
            + ["reply"] * int(st.sum())
        )
        reply_to = (
            [None] * n
            + [root_ids[i] for i in parent]
            + [rep_ids[i] for i in np.nonzero(ans)[0]]
            + [None] * q
            + [root_ids[i] for i in np.nonzero(st)[0]]
        )
        reply_to_author = (
            [None] * n
            + [handle] * m
            + list(rep_author[ans])
            + [None] * q
            + [handle] * int(st.sum())
        )
        conv = (
            root_ids
            + [root_ids[i] for i in parent]
            + [root_ids[i] for i in parent[ans]]
            + men_ids
            + [root_ids[i] for i in np.nonzero(st)[0]]
        )
        mentions = (
            [[]] * n
            + [[handle]] * m
            + [[x] for x in rep_author[ans]]
            + [[handle]] * q
            + [[]] * int(st.sum())
        )
        text = _texts(rng, total, 0.25)
        ans_clients = np.array(CLIENTS, dtype=object)[
            rng.integers(0, len(CLIENTS), size=int(ans.sum()))
        ]
        client = list(clients) + [None] * m + list(ans_clients) + [None] * q + list(clients[st])
        likes = list(rng.poisson(12, size=n)) + [None] * (total - n)
        frames.append(
            pl.DataFrame(
                {
                    "platform": rows["platform"],
                    "account": [handle] * total,
                    "post_id": post_id,
                    "author": author,
                    "created_at": [None] * total,
                    "_s": created,
                    "text": text,
                    "kind": kind,
                    "reply_to_id": reply_to,
                    "reply_to_author": reply_to_author,
                    "conversation_id": conv,
                    "mentions": mentions,
                    "client": client,
                    "likes": likes,
                    "source_file": ["synthetic"] * total,
                },
                schema_overrides={
                    "created_at": pl.Datetime("us", "UTC"),
                    "mentions": pl.List(pl.Utf8),
                    "likes": pl.Int64,
                    "reply_to_id": pl.Utf8,
                    "reply_to_author": pl.Utf8,
                    "client": pl.Utf8,
                },  # fmt: skip
                strict=False,
            )
            .with_columns((pl.lit(START) + pl.duration(seconds=pl.col("_s"))).alias("created_at"))
            .drop("_s")
        )
        accounts.append(
            {
                "platform": platform,
                "account": handle,
                "person": person,
                "display_name": f"Dana Brooks {a}",
                "group": None,
                "colour": None,
                "timezone": "America/Chicago",
                "studied": True,
                "observed_from": START,
                "observed_until": START + timedelta(seconds=span_s + 8 * 86400),
            }  # fmt: skip
        )
    posts = conform(pl.concat(frames, how="vertical_relaxed"))
    acc = pl.DataFrame(accounts, schema=ACCOUNTS_SCHEMA)
    return Archive(posts=posts, accounts=acc)


def _child(path: str) -> None:
    import resource

    from toolkit.archive import Archive
    from toolkit.metrics import clients, compute, interlocutors, km_curves, post_mix, rhythm

    arc = Archive.read_parquet(path)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {
        "rows": arc.posts.height,
        "accounts": arc.accounts.height,
        "rss_after_read_mb": round(rss_loaded),
    }
    from toolkit import text

    # warm-up (imports, NLTK, regex compilation) on a slice: features are kept per archive
    # object, so the timed call below, on the whole archive, builds them from scratch
    compute(Archive(arc.posts.head(20_000), arc.accounts), n_boot=20)
    text.analyser()  # NLTK's import (1.2 s when SciPy is installed) is not the computation
    text.sentiment.cache_clear()  # ... and no scores remembered from it
    t0, c0 = time.perf_counter(), time.process_time()
    res = compute(arc)
    out["compute_s"] = round(time.perf_counter() - t0, 2)
    # CPU seconds of all threads: a figure that depends less on what else runs on the machine
    out["compute_cpu_s"] = round(time.process_time() - c0, 2)
    out["compute_rows"] = res.height
    out["rss_after_compute_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    t0 = time.perf_counter()
    compute(arc, by="person")
    out["compute_again_by_person_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    weekly = compute(arc, period="W")
    out["compute_weekly_s"] = round(time.perf_counter() - t0, 2)
    out["compute_weekly_rows"] = weekly.height
    t0 = time.perf_counter()
    compute(arc, period="W", metrics=["response_rate"])
    out["compute_weekly_response_rate_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    for f in (post_mix, km_curves, clients, rhythm, interlocutors):
        f(arc)
    out["chart_frames_s"] = round(time.perf_counter() - t0, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(out))


def run(out_dir: Path, roots_per_account: int = ROOTS_PER_ACCOUNT) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    arc = synthesise(roots_per_account)
    figures: dict = {"synthesise_s": round(time.perf_counter() - t0, 1)}
    arc.to_parquet(out_dir / "archive")
    del arc
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(out_dir / "archive")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"metrics benchmark child failed:\n{proc.stderr[-3000:]}")
    figures.update(json.loads(proc.stdout.strip().splitlines()[-1]))
    figures["target_compute_s"] = 5.0
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        n = int(sys.argv[1]) if len(sys.argv) > 1 else ROOTS_PER_ACCOUNT
        res = run(Path(__file__).resolve().parent / "out" / "metrics", n)
        for key, value in res.items():
            print(f"{key}: {value}")

"""Facebook DYI loader against the analyst's route (`make bench`, or run this file).

Generates a 2024-layout "Download Your Information" folder
(``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_N.json``,
about 120 MB in five files, plus a ``comments.json`` of about 20 MB and a
profile), written the way Facebook writes it: two-space indented JSON with every
non-ASCII character as mojibake ``\\u00XX`` escapes of its UTF-8 bytes (Danish
letters, dashes, emoji), photos with EXIF metadata, link shares, shared posts,
tags, comments with localisable titles. Then it times, each in its own
subprocess so that peak RSS is the loader's alone:

- ``toolkit.load(folder)``: the canonical posts frame (mojibake repaired);
- the analyst route: stdlib ``json`` per file, mojibake repaired on every string
  (the usual ``encode('latin-1').decode('utf-8')`` walk), ``pandas.json_normalize``,
  text joined from ``data[].post``, timestamps parsed.

``run(out_dir)`` returns seconds (wall and CPU), MB/s, rows and peak RSS of
both; the toolkit's time includes ``import toolkit``. Target: the toolkit at 20
MB/s or more. On a machine busy with other work, wall-clock figures inflate;
the CPU figures do not. Run ``python benchmarks/bench_facebook.py 20000``
for a quick smaller run (the argument is the number of posts).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

N_POSTS = 260_000
N_FILES = 5
OWNER = "Mette Sørensen"
FRIENDS = [
    "Anders Andersen",
    "Jørgen Lund",
    "Søren Kierkegaard Hansen",
    "Åse Bækgaard",
    "Sam Lee",
    "María López",
    "Claire Dubois",
    "Jonas Müller",
] + [f"Ven Nummer {i}" for i in range(400)]
WORDS = (
    "vi ses i aften til borgermøde tak for i går læs vores plan for skolerne cykelstier "
    "københavn aarhus ødelagt vej søndag møde velkommen frivillige kære alle spørgsmål svar "
    "great question thanks town hall tonight budget roads jobs — – … 😂 🙄 👍 ☕ ❤️ #valg #kv25"
).split()


def _moji(s: str) -> str:
    """The string as Facebook writes it: each UTF-8 byte becomes one code point."""
    return s.encode("utf-8").decode("latin-1")


def _text(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def _post(rng: random.Random, ts: int, i: int) -> dict:
    r = rng.random()
    title = f"{OWNER} updated her status."
    item: dict = {"timestamp": ts}
    if r < 0.55:
        item["data"] = [{"post": _text(rng, 6, 45)}]
    elif r < 0.75:  # photo, sometimes with text
        desc = _text(rng, 3, 20)
        item["attachments"] = [
            {
                "data": [
                    {
                        "media": {
                            "uri": f"your_facebook_activity/posts/media/Album_{i % 97}/{ts}_{i}_n.jpg",
                            "creation_timestamp": ts + 3,
                            "media_metadata": {
                                "photo_metadata": {
                                    "exif_data": [
                                        {
                                            "upload_ip": f"10.0.{i % 255}.{i % 13}",
                                            "taken_timestamp": ts - 60,
                                            "latitude": 55.676,
                                            "longitude": 12.568,
                                        }
                                    ]
                                }
                            },
                            "title": "Mobile uploads",
                            "description": desc,
                        }
                    }
                ]
            }
        ]
        item["data"] = [{"post": desc}] if rng.random() < 0.6 else []
        title = f"{OWNER} added a new photo."
    elif r < 0.9:  # link share
        item["attachments"] = [
            {
                "data": [
                    {
                        "external_context": {
                            "url": f"https://nyheder.example.dk/artikel/{i}",
                            "name": "Artikel",
                        }
                    }
                ]
            }
        ]
        item["data"] = [{"post": _text(rng, 2, 15)}, {"update_timestamp": ts + 100}]
        title = f"{OWNER} shared a link."
    else:  # someone else's post, no own text
        item["attachments"] = []
        item["data"] = [{"update_timestamp": ts}]
        title = f"{OWNER} shared {rng.choice(FRIENDS)}'s post."
    if rng.random() < 0.1:
        item["tags"] = [{"name": rng.choice(FRIENDS)} for _ in range(rng.randint(1, 3))]
    item["title"] = title
    return item


def _comment(rng: random.Random, ts: int) -> dict:
    who = rng.choice(FRIENDS)
    title = rng.choice(
        [
            f"{OWNER} commented on {who}'s post.",
            f"{OWNER} replied to {who}'s comment.",
            f"{OWNER} har kommenteret {who}s opslag.",
            f"{OWNER} commented on her own post.",
        ]
    )
    return {
        "timestamp": ts,
        "data": [{"comment": {"timestamp": ts, "comment": _text(rng, 2, 25), "author": OWNER}}],
        "title": title,
    }


def _dump(obj, path: Path) -> None:
    # Facebook's writer: ASCII-only JSON, two-space indent, the text already mojibake
    def moji(o):
        if isinstance(o, str):
            return _moji(o)
        if isinstance(o, list):
            return [moji(x) for x in o]
        if isinstance(o, dict):
            return {k: moji(v) for k, v in o.items()}
        return o

    path.write_text(json.dumps(moji(obj), indent=2, ensure_ascii=True), encoding="ascii")


def generate(folder: Path, n: int = N_POSTS, *, seed: int = 11) -> Path:
    """Write a 2024-layout DYI folder with ``n`` posts (in ``N_FILES`` files) and ``n // 4`` comments."""
    rng = random.Random(seed)
    posts_dir = folder / "your_facebook_activity" / "posts"
    comments_dir = folder / "your_facebook_activity" / "comments_and_reactions"
    profile_dir = folder / "personal_information" / "profile_information"
    for d in (posts_dir, comments_dir, profile_dir):
        d.mkdir(parents=True, exist_ok=True)
    _dump(
        {
            "profile_v2": {
                "name": {"full_name": OWNER, "first_name": "Mette", "last_name": "Sørensen"}
            }
        },
        profile_dir / "profile_information.json",
    )
    start, end = 1_262_304_000, 1_735_689_600  # 2010 .. 2025
    step = (end - start) // n
    per_file = -(-n // N_FILES)
    for k in range(N_FILES):
        lo, hi = k * per_file, min(n, (k + 1) * per_file)
        items = [_post(rng, end - (i * step) - rng.randint(0, 59), i) for i in range(lo, hi)]
        _dump(items, posts_dir / f"your_posts__check_ins__photos_and_videos_{k + 1}.json")
    comments = [_comment(rng, start + i * step * 4 + rng.randint(0, 59)) for i in range(n // 4)]
    _dump({"comments_v2": comments}, comments_dir / "comments.json")
    return folder


ANALYST = r"""
import glob, json, os, resource, sys, time
import pandas as pd
t0, c0 = time.perf_counter(), time.process_time()
def fix(o):
    if isinstance(o, str):
        try:
            return o.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return o
    if isinstance(o, list):
        return [fix(x) for x in o]
    if isinstance(o, dict):
        return {k: fix(v) for k, v in o.items()}
    return o
root = sys.argv[1]
posts = []
for p in sorted(glob.glob(os.path.join(root, "**", "your_posts*.json"), recursive=True)):
    with open(p, encoding="utf-8") as f:
        posts += fix(json.load(f))
with open(glob.glob(os.path.join(root, "**", "comments.json"), recursive=True)[0], encoding="utf-8") as f:
    comments = fix(json.load(f))["comments_v2"]
df = pd.json_normalize(posts)
df["text"] = df["data"].map(lambda d: "\n".join(x["post"] for x in d or [] if "post" in x))
df["created_at"] = pd.to_datetime(df["timestamp"], unit="s", utc=True)
cf = pd.json_normalize(comments)
cf["text"] = cf["data"].map(lambda d: d[0]["comment"]["comment"])
cf["created_at"] = pd.to_datetime(cf["timestamp"], unit="s", utc=True)
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "cpu_seconds": time.process_time() - c0, "rows": len(df) + len(cf),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

TOOLKIT = r"""
import json, sys, resource, time
t0, c0 = time.perf_counter(), time.process_time()
import toolkit
archive = toolkit.load(sys.argv[1])
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
posts = archive.posts
print(json.dumps({"seconds": secs, "cpu_seconds": cpu, "rows": posts.height,
                  "kinds": dict(posts["kind"].cast(str).value_counts().iter_rows()),
                  "non_ascii_rows": int((~posts["text"].str.contains(r"^[\x00-\x7f]*$")).sum()),
                  "mojibake_left": int(posts["text"].str.contains("\u00c3").sum()),
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


def run(out_dir: Path, n: int = N_POSTS) -> dict:
    """Generate the export (cached in ``out_dir``), time both routes, return the figures."""
    out_dir = Path(out_dir)
    folder = out_dir / f"facebook-dyi-{n}"
    t0 = time.perf_counter()
    if not (
        folder / "your_facebook_activity" / "comments_and_reactions" / "comments.json"
    ).exists():
        generate(folder, n)
    gen_s = time.perf_counter() - t0
    size_mb = sum(p.stat().st_size for p in folder.rglob("*.json")) / 1e6
    tk = _child(TOOLKIT, folder)
    pd_ = _child(ANALYST, folder)
    return {
        "posts": n,
        "comments": n // 4,
        "input_mb": round(size_mb, 1),
        "generate_s": round(gen_s, 1),
        "toolkit_s": round(tk["seconds"], 2),
        "toolkit_mb_per_s": round(size_mb / tk["seconds"], 1),
        # CPU seconds (all threads): a figure that a busy machine does not inflate
        "toolkit_cpu_s": round(tk["cpu_seconds"], 2),
        "toolkit_mb_per_cpu_s": round(size_mb / tk["cpu_seconds"], 1),
        "toolkit_rows": tk["rows"],
        "toolkit_kinds": tk["kinds"],
        "toolkit_rows_with_non_ascii_text": tk["non_ascii_rows"],
        "toolkit_rows_with_mojibake_left": tk["mojibake_left"],
        "toolkit_peak_rss_mb": round(tk["peak_rss_mb"]),
        "toolkit_peak_rss_over_input": round(tk["peak_rss_mb"] / size_mb, 2),
        "import_rss_mb": round(_baseline_rss_mb()),
        "pandas_s": round(pd_["seconds"], 2),
        "pandas_mb_per_s": round(size_mb / pd_["seconds"], 1),
        "pandas_cpu_s": round(pd_["cpu_seconds"], 2),
        "pandas_rows": pd_["rows"],
        "pandas_peak_rss_mb": round(pd_["peak_rss_mb"]),
        "speedup": round(pd_["seconds"] / tk["seconds"], 1),
    }


if __name__ == "__main__":
    n_arg = int(sys.argv[1]) if len(sys.argv) > 1 else N_POSTS
    figures = run(Path(__file__).resolve().parent / "out" / "facebook", n_arg)
    for k, v in figures.items():
        print(f"{k}: {v}")

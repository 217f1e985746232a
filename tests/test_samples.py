"""The sample generator: fictional accounts in the real export formats, with known truth.

The stories: a 2012 Senate race (a conversationalist, a press-release broadcaster,
a feed, a sparring partner) and two recruiters (a careers inbox that never
answers, a friendly recruiter who answers everyone). These tests check that the
generator is reproducible, that the committed sample is what it writes today,
that every file loads with every record accounted for, and that the loaded rows
are the rows the generator meant, with the habits TRUTH.json states.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import warnings
from pathlib import Path

import libipld
import polars as pl
import pytest

import toolkit
from toolkit.accounts import read_accounts
from toolkit.samples import generate
from toolkit.samples._text import norm_loose
from toolkit.samples._truth import km_median

from .conftest import DATA_SAMPLE

pytestmark = pytest.mark.xdist_group("samples")


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A fresh generation with the default seed and scale (what `make sample` writes)."""
    return generate(tmp_path_factory.mktemp("fresh") / "sample")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((DATA_SAMPLE / "TRUTH.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def loaded():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(DATA_SAMPLE)


@pytest.fixture(scope="module")
def rows(loaded) -> pl.DataFrame:
    """The loaded posts with the person of each account and an ``own`` flag."""
    people = loaded.accounts.select("platform", "account", "person")
    return loaded.posts.join(people, on=["platform", "account"], how="left").with_columns(
        (pl.col("author") == pl.col("account")).alias("own"), pl.col("platform").cast(pl.Utf8)
    )


# --------------------------------------------------------------------------- reproducible


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    a = tree(generate(tmp_path / "a", seed=7, scale=0.3))
    b = tree(generate(tmp_path / "b", seed=7, scale=0.3))
    assert a == b
    c = tree(generate(tmp_path / "c", seed=8, scale=0.3))
    assert c != a, "another seed must give other data"


def test_generating_again_replaces_the_old_files(tmp_path):
    out = generate(tmp_path / "s", seed=3, scale=0.2)
    stale = out / "senate-2012" / "left-over.jsonl"
    stale.write_text("{}\n")
    generate(out, seed=3, scale=0.2)
    assert not stale.exists()


def test_the_committed_sample_is_a_fresh_generation(fresh):
    assert DATA_SAMPLE.is_dir(), "data/sample/ is missing: run `make sample`"
    committed, now = tree(DATA_SAMPLE), tree(fresh)
    differ = sorted(k for k in set(committed) | set(now) if committed.get(k) != now.get(k))
    assert not differ, (
        f"data/sample/ differs from a fresh generation in {differ[:5]}: run `make sample` and commit"
    )


def test_the_committed_sample_stays_small():
    size = sum(p.stat().st_size for p in DATA_SAMPLE.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024, f"data/sample/ is {size / 2**20:.1f} MB; keep it under 10 MB"


def test_scale_multiplies_volume_but_not_habits(tmp_path):
    small = json.loads((generate(tmp_path / "s1", seed=5, scale=0.5) / "TRUTH.json").read_text())[
        "accounts"
    ]
    big = json.loads((generate(tmp_path / "s2", seed=5, scale=1.5) / "TRUTH.json").read_text())[
        "accounts"
    ]
    dana_s, dana_b = (
        small["twitter:danaokaforrios"]["expected"],
        big["twitter:danaokaforrios"]["expected"],
    )
    assert 2.4 < dana_b["n_items"] / dana_s["n_items"] < 3.6
    assert abs(dana_b["response_rate"] - dana_s["response_rate"]) < 0.06
    assert abs(dana_b["reply_share"] - dana_s["reply_share"]) < 0.06
    wh_s, wh_b = small["twitter:senwhitcombe"]["expected"], big["twitter:senwhitcombe"]["expected"]
    assert abs(wh_b["clock_aligned_share"] - wh_s["clock_aligned_share"]) < 0.06


# --------------------------------------------------------------------------- the accounts file and the truth


def test_the_accounts_file_names_every_studied_account(truth):
    people = read_accounts(DATA_SAMPLE / "accounts.toml")
    assert {p.id for p in people.people} == {e["person"] for e in truth["accounts"].values()}
    for key, e in truth["accounts"].items():
        person = people.person_for(e["platform"], e["handle"])
        assert person is not None and person.id == e["person"], key
        assert person.timezone.startswith("America/" if e["story"] == "senate-2012" else "Europe/")
    assert all(p.colour and p.colour.startswith("#") for p in people.people)


def test_every_account_has_parameters_expectations_and_definitions(truth):
    defs = truth["definitions"]
    for key, e in truth["accounts"].items():
        x = e["expected"]
        assert e["parameters"], key
        for metric in (
            "posts_per_day",
            "reply_share",
            "repost_share",
            "self_thread_share",
            "interlocutors",
            "response_rate",
            "first_response_median_hours",
            "post_and_run_rate",
            "link_share",
            "link_only_share",
            "automation_client_share",
            "clock_aligned_share",
            "duplicate_share",
            "crosspost_share",
        ):
            assert metric in x, (key, metric)
            assert metric in defs, metric


def test_the_personas_show_their_habits(truth):
    acc = {k: e["expected"] for k, e in truth["accounts"].items()}
    dana, sen, feed, rex = (
        acc[f"twitter:{h}"]
        for h in ("danaokaforrios", "senwhitcombe", "tomasibarra2012", "rexdunleavy")
    )
    jobs, blog, sky = (
        acc["twitter:fjordlichtjobs"],
        acc["blog:maelle"],
        acc["bluesky:maelle.kestrel-lune.example"],
    )
    # the conversationalist answers most inbound items within hours, from her phone
    assert 0.65 < dana["response_rate"] < 0.85 and dana["first_response_median_hours"] < 12
    assert dana["automation_client_share"] == 0 and dana["interlocutors"] > 100
    assert dana["post_and_run_rate"] < 0.25
    # the broadcaster posts on the hour from schedulers and almost never answers
    assert sen["response_rate"] < 0.05 and sen["first_response_median_hours"] is None
    assert (
        sen["clock_aligned_share"] > 0.6
        and sen["automation_client_share"] > 0.6
        and sen["post_and_run_rate"] > 0.9
    )
    assert sen["press_release_share"] > 0.9
    # the feed: automated clients, link-only headlines, cross-posted from Facebook, some repeats
    assert feed["automation_client_share"] > 0.85 and feed["link_only_share"] > 0.5
    assert feed["crosspost_share"] > 0.4 and feed["duplicate_share"] > 0
    # the sparring partner replies a lot, to few people, in a hostile tone
    assert (
        rex["reply_share"] > 0.4
        and rex["interlocutor_concentration"] > 3 * dana["interlocutor_concentration"]
    )
    assert rex["reply_sentiment"] < 0 < dana["reply_sentiment"]
    # the careers inbox never answers; the friendly recruiter answers nearly everyone
    assert jobs["response_rate"] == 0 and jobs["reply_share"] == 0
    assert blog["response_rate"] > 0.8 and sky["response_rate"] > 0.7
    # platforms whose export has the account's own items only cannot tell responsiveness
    for key in (
        "facebook:dana okafor-ríos",
        "linkedin:fjordlicht careers",
        "mastodon:maelle@social.kestrel-lune.example",
    ):
        assert acc[key]["response_rate"] is None and acc[key]["not_available"].startswith(
            "not available"
        )


def test_the_texts_of_each_account_repeat_only_on_purpose(truth):
    for key, e in truth["accounts"].items():
        x = e["expected"]
        assert x["duplicate_share"] == x["duplicate_share_exact_text"], key
        assert e["generator_notes"]["text_collisions_accepted"] == 0, key


def test_the_kaplan_meier_median_is_the_one_lifelines_computes():
    lifelines = pytest.importorskip("lifelines")
    rng = random.Random(4)
    for p_event in (0.9, 0.7, 0.55, 0.3):
        data = [
            (float(round(rng.lognormvariate(1.0, 1.0), 1)), rng.random() < p_event)
            for _ in range(400)
        ]
        fit = lifelines.KaplanMeierFitter().fit([d for d, _ in data], [e for _, e in data])
        expected = fit.median_survival_time_
        got = km_median(data)
        if math.isinf(expected):
            assert got is None, p_event
        else:
            assert got == pytest.approx(expected), p_event


# --------------------------------------------------------------------------- loading


def test_every_file_loads_and_every_record_is_accounted_for(loaded):
    log = loaded.log.filter(pl.col("format") != "combine")
    for row in log.iter_rows(named=True):
        assert row["rows_kept"] + row["rows_skipped"] == row["records_read"], row
    unrecognised = {
        Path(s).name for s in log.filter(pl.col("format") == "unrecognised")["source_file"]
    }
    assert unrecognised <= {"README.md", "TRUTH.json"}, unrecognised
    files = set(json.loads((DATA_SAMPLE / "TRUTH.json").read_text())["files"])
    seen = {s.split("!")[0] for s in log["source_file"]}
    missing = {
        f for f in files if str(DATA_SAMPLE / f) not in seen and not f.endswith(".didDoc.json")
    }
    assert not missing, f"files no loader read: {sorted(missing)}"


def test_the_loaded_rows_are_the_rows_the_generator_meant(rows, truth):
    got: dict = {}
    for r in rows.group_by("platform", "person", "own", "kind").len().iter_rows(named=True):
        side = "own" if r["own"] else "others"
        got.setdefault((r["platform"], r["person"]), {"own": {}, "others": {}})[side][
            str(r["kind"])
        ] = r["len"]
    problems = []
    for key, e in truth["accounts"].items():
        want = {"own": e["intended_counts"]["own"], "others": e["intended_counts"]["others"]}
        have = got.get((e["platform"], e["person"]), {"own": {}, "others": {}})
        if have != want:
            problems.append(f"{key}: want {want}, loaded {have}")
    assert not problems, "\n".join(problems)


def test_the_broken_records_show_in_the_load_log(loaded, truth):
    log = loaded.log
    for b in truth["deliberately_broken_records"]:
        mine = log.filter(pl.col("source_file").str.starts_with(str(DATA_SAMPLE / b["file"])))
        assert mine.height, b["file"]
        if b["file"].endswith("v1.1.jsonl"):
            continue  # stream notices may be skipped or not counted as records at all
        assert mine["rows_skipped"].sum() >= b["count"], (
            b,
            mine.select("source_file", "skipped").to_dicts(),
        )


def _own(rows: pl.DataFrame, key: str, truth: dict) -> pl.DataFrame:
    e = truth["accounts"][key]
    return rows.filter(
        (pl.col("platform") == e["platform"]) & (pl.col("person") == e["person"]) & pl.col("own")
    )


@pytest.mark.parametrize(
    "key",
    [
        "twitter:danaokaforrios",
        "twitter:senwhitcombe",
        "twitter:tomasibarra2012",
        "twitter:rexdunleavy",
        "twitter:fjordlichtjobs",
        "facebook:dana okafor-ríos",
        "facebook:tomás ibarra",
        "linkedin:fjordlicht careers",
        "mastodon:maelle@social.kestrel-lune.example",
        "bluesky:maelle.kestrel-lune.example",
        "blog:maelle",
    ],
)
def test_the_loaded_items_carry_the_truth(rows, truth, key):
    """Shares that follow from one column of the loaded rows equal TRUTH.json exactly."""
    x = truth["accounts"][key]["expected"]
    own = _own(rows, key, truth)
    n = own.height
    assert n == x["n_items"]
    is_reply = pl.col("kind") == "reply"
    self_thread = is_reply & (pl.col("reply_to_author") == pl.col("account")).fill_null(False)
    shares = own.select(
        (is_reply & ~self_thread).mean().alias("reply_share"),
        (pl.col("kind") == "repost").mean().alias("repost_share"),
        self_thread.mean().alias("self_thread_share"),
        (pl.col("urls").list.len() > 0).mean().alias("link_share"),
        ((pl.col("created_at").dt.second() == 0) & (pl.col("created_at").dt.minute() % 15 == 0))
        .mean()
        .alias("clock_aligned_share"),
    ).row(0, named=True)
    for name, value in shares.items():
        assert value == pytest.approx(x[name], abs=1e-6), name
    if x["automation_client_share"] is not None:
        cats = truth["client_categories"]
        automated = [c for c, cat in cats["categories"].items() if cat in cats["automated"]]
        assert own["client"].is_in(automated).mean() == pytest.approx(
            x["automation_client_share"], abs=1e-6
        )
    # repeats and cross-posts: the loaded texts (links expanded, HTML and mojibake undone) say the same
    keys = [norm_loose(t) for t in own.sort("created_at", "post_id")["text"]]
    seen, later = set(), 0
    for k in keys:
        if k:
            later += k in seen
            seen.add(k)
    assert later / n == pytest.approx(x["duplicate_share"], abs=1e-6)


def test_cross_posts_are_the_same_text_on_two_platforms(rows, truth):
    for key in ("twitter:tomasibarra2012", "facebook:tomás ibarra", "linkedin:fjordlicht careers"):
        e = truth["accounts"][key]
        person = rows.filter((pl.col("person") == e["person"]) & pl.col("own"))
        mine = person.filter(pl.col("platform") == e["platform"])
        others = person.filter(pl.col("platform") != e["platform"])
        index: dict[str, list] = {}
        for t, ts in others.select("text", "created_at").iter_rows():
            index.setdefault(norm_loose(t), []).append(ts)
        hits = sum(
            1
            for t, ts in mine.select("text", "created_at").iter_rows()
            if any(
                abs((ts - o).total_seconds()) <= 86400 for o in index.get(norm_loose(t) or "\0", [])
            )
        )
        assert hits / mine.height == pytest.approx(e["expected"]["crosspost_share"], abs=1e-6), key


# --------------------------------------------------------------------------- Bluesky CAR, read without the loaders


def _walk(blocks: dict, cid: bytes, out: list[bytes]) -> None:
    node = blocks[cid]
    if node["l"] is not None:
        _walk(blocks, node["l"], out)
    prev = b""
    for e in node["e"]:
        key = prev[: e["p"]] + e["k"]
        out.append(key)
        prev = key
        if e["t"] is not None:
            _walk(blocks, e["t"], out)


def test_the_bluesky_car_is_a_walkable_repository(truth):
    car = next((DATA_SAMPLE / "recruiting" / "bluesky").glob("*.repo.car")).read_bytes()
    header, blocks = libipld.decode_car(car)
    assert header["version"] == 1 and len(header["roots"]) == 1
    commit = blocks[header["roots"][0]]
    assert commit["version"] == 3 and commit["prev"] is None and isinstance(commit["sig"], bytes)
    did = commit["did"]
    doc = json.loads(
        next((DATA_SAMPLE / "recruiting" / "bluesky").glob("*.didDoc.json")).read_text()
    )
    assert doc["id"] == did and doc["alsoKnownAs"] == ["at://maelle.kestrel-lune.example"]
    keys: list[bytes] = []
    _walk(blocks, commit["data"], keys)
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    posts = [k for k in keys if k.startswith((b"app.bsky.feed.post/", b"app.bsky.feed.repost/"))]
    own = truth["accounts"]["bluesky:maelle.kestrel-lune.example"]["intended_counts"]["own"]
    assert len(posts) == sum(own.values())
    assert b"app.bsky.actor.profile/self" in keys

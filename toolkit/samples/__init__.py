"""Deterministic sample archives of fictional accounts, in the real export formats.

``generate(out_dir)`` writes two stories (a fictional 2012 U.S. Senate race and
two fictional companies' recruiters) as the files a user would download:
Twitter account archives (modern and 2012 legacy), twarc2 and v1.1 API
collections, Facebook and LinkedIn exports, a Mastodon archive, a Bluesky CAR
with its DID document and AppView thread views, and a WordPress WXR file. Next
to them: ``accounts.toml`` (who is who), ``TRUTH.json`` (the generating
parameters and the expected value of every metric, computed from what the
generator produced) and ``README.md``.

The generator never imports :mod:`toolkit.sources`: it writes each format from
the field-by-field notes in ``shared/formats/``, so a misreading in a loader
cannot hide in the generator too.

Examples
--------
>>> import tempfile, pathlib
>>> out = generate(pathlib.Path(tempfile.mkdtemp()) / "s", scale=0.05)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from toolkit.samples import _stories as S
from toolkit.samples._model import BROKEN, IN_ARCHIVE, IN_COLLECTION, Item
from toolkit.samples._readme import readme as readme_text
from toolkit.samples._truth import DEFINITIONS, account_truth, decisions_summary, intended_counts
from toolkit.samples._twitter import AUTOMATED, CLIENT_CATEGORY
from toolkit.samples.bluesky import Records, write_car, write_did_doc, write_thread
from toolkit.samples.facebook import write_facebook
from toolkit.samples.linkedin import write_linkedin
from toolkit.samples.mastodon import write_mastodon
from toolkit.samples.twitter_api import Twarc2Writer, write_v1
from toolkit.samples.twitter_archive import write_legacy_archive, write_modern_archive
from toolkit.samples.wordpress import write_wxr

__all__ = ["generate"]

#: what generate() owns inside its output folder (removed before writing)
OWNED = ("senate-2012", "recruiting", "accounts.toml", "TRUTH.json", "README.md")


def generate(out_dir: Path, *, seed: int = 2012, scale: float = 1.0) -> Path:
    """Write the sample archives into ``out_dir`` and return it.

    Parameters
    ----------
    out_dir
        destination folder (created); files this function wrote before are replaced.
    seed
        the same seed gives byte-identical files.
    scale
        multiplies every volume (posts, replies, the public) without changing any
        account's habits; ``scale=100`` gives about a million items.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in OWNED:
        p = out / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    world = S.World(seed, scale)
    truth: dict = {
        "about": (
            "Ground truth of the fictional sample: for every studied account, the parameters that generated it and "
            "the expected value of the metrics of DESIGN.md section 5, computed from the items the generator produced "
            "(not by reading the files back). Keys are 'platform:handle' with handles normalised as the loaders do."
        ),
        "generator": {"command": "toolkit sample", "seed": seed, "scale": scale},
        "definitions": DEFINITIONS,
        "censoring": (
            "first_response_median_hours is a Kaplan-Meier median: an inbound item without an answer within 7 days "
            "is censored at min(7 days, end of the observation window - its time). Answers that would have been "
            "published after the window end were not written (see decisions.answers_dropped_after_window_end)."
        ),
        "client_categories": {"categories": CLIENT_CATEGORY, "automated": sorted(AUTOMATED)},
        "accounts": {},
        "files": {},
        "deliberately_broken_records": [],
    }
    people: list[S.PersonSpec] = []
    senate_twarc = Twarc2Writer(
        out / "senate-2012" / "twarc2-conversations-2012.jsonl",
        modern=False,
        version="2.10.4",
        rng=world.rng("twarc2:senate"),
    )
    recruit_twarc = Twarc2Writer(
        out / "recruiting" / "twarc2-applicants-fjordlichtjobs.jsonl",
        modern=True,
        version="2.13.0",
        rng=world.rng("twarc2:recruit"),
    )
    for story, builders in S.PERSONAS.items():
        for build in builders:
            persona = build(world)
            _finalize(persona, world)
            files = _write(
                persona,
                out,
                world,
                senate_twarc if story == "senate-2012" else recruit_twarc,
                truth,
            )
            people.append(persona.spec)
            _truth_for(persona, files, truth)
            del persona
    for w, _label in ((senate_twarc, "senate"), (recruit_twarc, "recruiting")):
        path = w.close()
        rel = path.relative_to(out).as_posix()
        truth["files"][rel] = {
            "format": "twarc2 JSONL (API v2 response pages)",
            "tweets": w.tweets,
            "lines": w.lines,
            "malformed_lines": w.broken_lines,
        }
        if w.broken_lines:
            truth["deliberately_broken_records"].append(
                {
                    "file": rel,
                    "what": "a truncated copy of one page line (an interrupted write), then the full line",
                    "expected_in_log": "1 line skipped as invalid JSON",
                    "count": w.broken_lines,
                }
            )
    truth["intended_counts"] = {
        "about": (
            "rows the loaded posts frame should hold per (platform, account) after toolkit.load(data/sample): "
            "'own' = items by the account, 'others' = items by the public attributed to the account's conversations; "
            "a tweet present in both an archive and a collection is one row; deliberately broken records are not rows"
        ),
        "accounts": {k: e["intended_counts"] for k, e in truth["accounts"].items()},
        "total_rows": sum(e["intended_counts"]["total"] for e in truth["accounts"].values()),
    }
    (out / "accounts.toml").write_text(_accounts_toml(people), encoding="utf-8")
    (out / "TRUTH.json").write_text(
        json.dumps(truth, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )
    (out / "README.md").write_text(readme_text(truth, people, seed, scale), encoding="utf-8")
    return out


# --------------------------------------------------------------------------- ids and links


def _finalize(persona: S.Persona, world: S.World) -> None:
    """Give every item in the data its platform id; link children to parents."""
    rng = world.rng(f"finalize:{persona.spec.id}")
    for platform, items in persona.items.items():
        # whole seconds everywhere (what the exports carry); Bluesky clients add milliseconds
        for it in items:
            for x in (it, it.repost_of):
                if x is not None and x.ts % 1000:
                    x.ts -= x.ts % 1000
            if platform == "bluesky":
                it.ts += rng.randrange(1, 1000)
        data = sorted((i for i in items if i.where), key=lambda i: i.ts)
        ids = world.ids.get(platform)
        if platform == "twitter":
            for it in data:
                if not it.id:
                    it.id = ids.snowflake(it.ts)
        elif platform == "mastodon":
            me = persona.accounts["mastodon"]
            for it in data:
                it.id = f"{me.uid}/statuses/{ids.mastodon(it.ts)}"
        elif platform == "bluesky":
            for it in data:
                coll = "app.bsky.feed.repost" if it.kind == "repost" else "app.bsky.feed.post"
                it.id = f"at://{it.author.uid}/{coll}/{ids.tid(it.ts)}"
        elif platform == "blog":
            post_id, comment_id = 100, 5000
            for it in data:
                if it.kind == "post":
                    post_id += rng.randrange(6, 14)
                    it.id = str(post_id)
                else:
                    comment_id += rng.randrange(1, 4)
                    it.id = str(comment_id)
        elif platform == "linkedin":
            for it in data:
                if it.kind == "post":
                    kind = "ugcPost" if rng.random() < 0.3 else "share"
                    it.id = f"urn:li:{kind}:{(it.ts << 22) | rng.randrange(1 << 22)}"
                else:
                    it.id = f"linkedin-comment-{it.ts}"
        else:
            for n, it in enumerate(data):
                it.id = f"{platform}-{n}"
        for it in data:
            if it.parent is not None and it.parent.where:
                it.parent.children.append(it)
        for it in data:
            it.n_replies = len(it.children)


# --------------------------------------------------------------------------- writing


def _coll(it: Item, name: str) -> bool:
    return bool(it.where & IN_COLLECTION) and it.coll == name


def _write(
    persona: S.Persona, out: Path, world: S.World, twarc: Twarc2Writer, truth: dict
) -> dict[str, list[str]]:
    """Write this persona's exports; return the files per platform (relative paths)."""
    spec = persona.spec
    rng = world.rng(f"files:{spec.id}")
    files: dict[str, list[str]] = {}

    def rel(p: Path) -> str:
        return p.relative_to(out).as_posix()

    def note(platform: str, path: Path, fmt: str, **kw) -> None:
        files.setdefault(platform, []).append(rel(path))
        truth["files"][rel(path)] = {
            "format": fmt,
            "account": f"{platform}:{persona.accounts[platform].key}",
            **kw,
        }

    def token(n: int) -> str:
        return "".join(rng.choice("abcdef0123456789") for _ in range(n))

    senate, recruit = out / "senate-2012", out / "recruiting"
    if spec.id == "okafor_rios":
        me = persona.accounts["twitter"]
        tw = persona.items["twitter"]
        gen = datetime(2022, 11, 20, 14, 2, 11, tzinfo=UTC)
        p = write_modern_archive(
            senate / f"twitter-2022-11-20-{token(40)}.zip",
            me,
            tw,
            generated=gen,
            email="dana@danaforaurelia.example",
            edit_eligible=False,
        )
        note(
            "twitter",
            p,
            "Twitter account archive (2022 layout, data/tweets.js)",
            tweets=_n(tw, me, IN_ARCHIVE),
        )
        _search(
            twarc,
            me,
            tw,
            "senate-twarc2",
            "2012-07-08T05:00:00Z",
            "2012-11-07T06:00:00Z",
            "2021-05-19T15:26:17+00:00",
            break_page=1,
        )
        files.setdefault("twitter", []).append(rel(twarc.path))
        p, broken = write_facebook(
            senate / f"facebook-danaokaforrios-2024-05-02-{token(8)}.zip",
            "Dana Okafor-Ríos",
            persona.items["facebook"],
            layout="2024",
            generated=datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
            broken_empty_comment=True,
        )
        note(
            "facebook",
            p,
            "Facebook Download Your Information (2024+ layout)",
            posts=_n(persona.items["facebook"], None, IN_ARCHIVE, kind="post"),
            comments=_n(persona.items["facebook"], None, IN_ARCHIVE, kind="reply") + broken,
            broken_comments=broken,
        )
        truth["deliberately_broken_records"].append(
            {
                "file": rel(p),
                "what": "a comment whose text is empty and that has no attachment",
                "expected_in_log": "1 comment skipped (empty text)",
                "count": broken,
            }
        )
    elif spec.id == "whitcombe":
        me = persona.accounts["twitter"]
        tw = persona.items["twitter"]
        p = write_modern_archive(
            senate / f"twitter-2022-10-03-{token(40)}.zip",
            me,
            tw,
            generated=datetime(2022, 10, 3, 16, 45, 9, tzinfo=UTC),
            email="press@whitcombe.senate.example",
            edit_eligible=False,
        )
        note(
            "twitter",
            p,
            "Twitter account archive (2022 layout, data/tweets.js)",
            tweets=_n(tw, me, IN_ARCHIVE),
        )
        _search(
            twarc,
            me,
            tw,
            "senate-twarc2",
            "2012-07-08T05:00:00Z",
            "2012-11-07T06:00:00Z",
            "2021-05-19T16:02:44+00:00",
        )
        files.setdefault("twitter", []).append(rel(twarc.path))
    elif spec.id == "ibarra":
        me = persona.accounts["twitter"]
        tw = persona.items["twitter"]
        p = write_legacy_archive(
            senate / f"tweets-{me.uid}-{token(12)}.zip",
            me,
            tw,
            generated=datetime(2012, 12, 14, 18, 20, 31, tzinfo=UTC),
        )
        note(
            "twitter",
            p,
            "Twitter legacy archive (2012: tweets.csv + Grailbird data/js)",
            tweets=_n(tw, me, IN_ARCHIVE),
        )
        _search(
            twarc,
            me,
            tw,
            "senate-twarc2",
            "2012-07-08T06:00:00Z",
            "2012-11-07T07:00:00Z",
            "2021-05-19T16:40:02+00:00",
        )
        files.setdefault("twitter", []).append(rel(twarc.path))
        p, _ = write_facebook(
            senate / f"facebook-tomasibarra-2021-03-14-{token(8)}.zip",
            "Tomás Ibarra",
            persona.items["facebook"],
            layout="2022",
            generated=datetime(2021, 3, 14, 11, 5, tzinfo=UTC),
        )
        note(
            "facebook",
            p,
            "Facebook Download Your Information (up to 2022 layout)",
            posts=_n(persona.items["facebook"], None, IN_ARCHIVE, kind="post"),
            comments=_n(persona.items["facebook"], None, IN_ARCHIVE, kind="reply"),
        )
    elif spec.id == "dunleavy":
        tw = persona.items["twitter"]
        p = write_v1(
            senate / "rexdunleavy-stream-v1.1.jsonl",
            [i for i in tw if i.where & IN_COLLECTION],
            rng=world.rng("v1:dunleavy"),
            limit_notices=2,
        )
        note(
            "twitter",
            p,
            "Twitter API v1.1 JSONL (twarc 1.x stream capture)",
            tweets=_n(tw, None, IN_COLLECTION),
            limit_notices=2,
        )
        truth["deliberately_broken_records"].append(
            {
                "file": rel(p),
                "what": "two stream 'limit' notices (not tweets)",
                "expected_in_log": "2 records skipped (not tweets), or not counted as records",
                "count": 2,
            }
        )
    elif spec.id == "fjordlicht":
        me = persona.accounts["twitter"]
        tw = persona.items["twitter"]
        p = write_modern_archive(
            recruit / f"twitter-2024-03-05-{token(40)}.zip",
            me,
            tw,
            generated=datetime(2024, 3, 5, 8, 12, 40, tzinfo=UTC),
            email="careers@fjordlicht.example",
            edit_eligible=True,
        )
        note("twitter", p, "Twitter account archive (2024 layout)", tweets=_n(tw, me, IN_ARCHIVE))
        _search(
            twarc,
            me,
            tw,
            "recruit-twarc2",
            "2023-02-28T23:00:00Z",
            "2024-02-29T23:00:00Z",
            "2024-03-06T10:11:12+00:00",
        )
        files.setdefault("twitter", []).append(rel(twarc.path))
        li = persona.items["linkedin"]
        profile = {
            "first": "Fjordlicht",
            "last": "Careers",
            "headline": "Careers at Fjordlicht Systems · software for a renewable grid",
            "summary": "We build forecasting and grid software. Open roles in Bergen, Oslo and Tromsø.",
            "industry": "Renewable Energy",
            "geo": "Bergen, Vestland, Norway",
            "twitter": "[FjordlichtJobs]",
            "website": "[COMPANY:https://careers.fjordlicht.example]",
        }
        p, info = write_linkedin(
            recruit / "Basic_LinkedInDataExport_03-05-2024.zip",
            profile,
            li,
            generated=datetime(2024, 3, 5, 7, 0, tzinfo=UTC),
        )
        note(
            "linkedin",
            p,
            "LinkedIn data export (2024 CSVs)",
            shares=_n(li, None, IN_ARCHIVE, kind="post"),
            comments=_n(li, None, IN_ARCHIVE, kind="reply"),
            **info,
        )
    elif spec.id == "kestrel_lune":
        me_m, me_b, me_w = (persona.accounts[k] for k in ("mastodon", "bluesky", "blog"))
        # Mastodon
        likes = [
            f"https://fedi.example/users/peer{k}/statuses/{world.ids['mastodon'].mastodon(1_680_000_000_000 + k * 3_600_000)}"
            for k in range(world.n(25))
        ]
        p = write_mastodon(
            recruit / f"archive-20240306101500-{token(32)}.zip",
            me_m,
            persona.items["mastodon"],
            generated=datetime(2024, 3, 6, 10, 15, tzinfo=UTC),
            likes=likes,
        )
        note(
            "mastodon",
            p,
            "Mastodon account archive (zip: outbox.json, actor.json)",
            activities=_n(persona.items["mastodon"], me_m, IN_ARCHIVE),
        )
        # Bluesky
        records = Records()
        counts = persona.extra["bluesky_counts"]
        start = persona.window.start_ms("Europe/Berlin")
        span = persona.window.end_ms("Europe/Berlin") - start
        bl = world.ids["bluesky"]
        peers = world.pool("bsky", lambda: [])
        like_recs = []
        for _k in range(counts["likes"]):
            ts = start + rng.randrange(span)
            peer = rng.choice(peers)
            like_recs.append(
                (ts, bl.tid(ts), f"at://{peer.uid}/app.bsky.feed.post/{bl.tid(ts - 3_600_000)}")
            )
        follow_recs = []
        for peer in rng.sample(peers, min(len(peers), counts["follows"])):
            ts = start + rng.randrange(span)
            follow_recs.append((ts, bl.tid(ts), peer.uid))
        bitems = persona.items["bluesky"]
        rev = bl.tid(persona.window.end_ms("Europe/Berlin"))
        p = write_car(
            recruit / "bluesky" / "maelle.repo.car",
            me_b,
            bitems,
            records,
            likes=like_recs,
            follows=follow_recs,
            rev=rev,
        )
        note(
            "bluesky",
            p,
            "Bluesky repository export (CAR v1)",
            posts_and_reposts=_n(bitems, me_b, IN_ARCHIVE),
            likes=len(like_recs),
            follows=len(follow_recs),
            profile=1,
        )
        d = write_did_doc(recruit / "bluesky" / "maelle.didDoc.json", me_b)
        files["bluesky"].append(rel(d))
        truth["files"][rel(d)] = {
            "format": "DID document (gives the handle of the CAR's DID)",
            "account": f"bluesky:{me_b.key}",
        }
        for root in persona.extra["bluesky_threads"]:
            t = write_thread(
                recruit
                / "bluesky"
                / "threads"
                / f"getPostThread-{root.id.rsplit('/', 1)[-1]}.json",
                root,
                records,
            )
            note(
                "bluesky",
                t,
                "Bluesky AppView app.bsky.feed.getPostThread response",
                posts=_thread_size(root),
            )
        # WordPress
        p, extras = write_wxr(
            recruit / "kestrelandlunehiringnotes.WordPress.2024-03-06.xml",
            me_w,
            persona.items["blog"],
            site="https://blog.kestrel-lune.example",
            title="Kestrel & Lune — Hiring notes",
            tz="Europe/Berlin",
            generated=datetime(2024, 3, 6, 9, 12, 44, tzinfo=UTC),
            email="maelle@kestrel-lune.example",
        )
        note(
            "blog",
            p,
            "WordPress WXR 1.2",
            posts=_n(persona.items["blog"], None, IN_ARCHIVE, kind="post"),
            comments=_n(persona.items["blog"], None, IN_ARCHIVE, kind="reply"),
            **extras,
        )
    return files


def _n(items: list[Item], me, where: int, kind: str | None = None) -> int:
    return sum(
        1
        for i in items
        if i.where & where
        and (me is None or i.author is me)
        and (kind is None or i.kind == kind)
        and not i.flags & BROKEN
    )


def _thread_size(root: Item) -> int:
    return 1 + sum(_thread_size(c) for c in root.children)


def _search(
    twarc: Twarc2Writer,
    me,
    items: list[Item],
    coll: str,
    start: str,
    end: str,
    retrieved: str,
    break_page: int | None = None,
) -> None:
    h = me.handle
    chosen = [i for i in items if _coll(i, coll)]
    twarc.search(
        f"(from:{h} OR to:{h} OR @{h}) -is:retweet -is:quote",
        chosen,
        start=start,
        end=end,
        retrieved=retrieved,
        break_page=break_page if len(chosen) > 500 * (break_page or 0) else None,
    )


# --------------------------------------------------------------------------- truth


def _truth_for(persona: S.Persona, files: dict[str, list[str]], truth: dict) -> None:
    spec = persona.spec
    own_by_platform = {
        p: [i for i in its if i.author is persona.accounts[p] and i.where and not i.flags & BROKEN]
        for p, its in persona.items.items()
    }
    for platform, items in persona.items.items():
        me = persona.accounts[platform]
        has_others = any(i.where and i.author is not me for i in items)
        has_clients = platform == "twitter"
        counts = {
            "likes": platform == "twitter",
            "replies": platform == "twitter" and spec.id != "dunleavy",
        }
        expected = account_truth(
            platform,
            me,
            items,
            window=persona.window,
            tz=spec.timezone,
            others_platforms=own_by_platform,
            has_others=has_others,
            has_clients=has_clients,
            counts=counts,
        )
        entry = {
            "person": spec.id,
            "display_name": spec.name,
            "story": spec.story,
            "role": spec.role,
            "summary": spec.summary,
            "platform": platform,
            "handle": me.key,
            "aliases": [h for h in spec.handles.get(platform, []) if h.lower() != me.key],
            "source_files": sorted(set(files.get(platform, []))),
            "parameters": persona.params.get(platform, {}),
            "expected": expected,
            "intended_counts": intended_counts(platform, me, items),
        }
        if platform in persona.decisions:
            entry["decisions"] = decisions_summary(
                persona.decisions[platform], persona.dropped.get(platform, 0)
            )
        entry["generator_notes"] = {
            "text_collisions_accepted": persona.extra.get("composer_collisions", 0)
        }
        truth["accounts"][f"{platform}:{me.key}"] = entry


# --------------------------------------------------------------------------- accounts file and README


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _accounts_toml(people: list[S.PersonSpec]) -> str:
    lines = [
        "# Who is who in the fictional sample (written by `toolkit sample`; see README.md).",
        "# One table per person or organisation; handles as the loaders normalise them.",
        "",
    ]
    for p in people:
        lines.append(f"[{p.id}]")
        lines.append(f"name = {_toml_str(p.name)}")
        lines.append(f"group = {_toml_str(p.group)}")
        lines.append(f"colour = {_toml_str(p.colour)}")
        lines.append(f"timezone = {_toml_str(p.timezone)}")
        for platform, handles in p.handles.items():
            hs = [
                h.lower() if platform in ("twitter", "mastodon", "bluesky", "blog") else h
                for h in handles
            ]
            if platform == "blog":
                hs.append("Maëlle Dubois-Kowalczyk")
            value = (
                _toml_str(hs[0])
                if len(hs) == 1
                else "[" + ", ".join(_toml_str(h) for h in hs) + "]"
            )
            lines.append(f"{platform} = {value}")
        lines.append("")
    return "\n".join(lines)

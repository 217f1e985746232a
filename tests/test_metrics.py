"""Metric stories: tiny archives built in code, answers computed by hand.

Each story is one fictional account on a fictional day. Times are minutes after
Monday 3 September 2012, 12:00 UTC, and the observation window runs 30 days
unless a story says otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from toolkit import metrics
from toolkit.accounts import Accounts, Person
from toolkit.archive import Archive
from toolkit.errors import ToolkitError
from toolkit.metrics import catalog, compute
from toolkit.schema import ACCOUNTS_SCHEMA, posts_from_rows

T0 = datetime(2012, 9, 3, 12, 0, tzinfo=UTC)
OWN_POSTS_ONLY = "not available: no replies from others in the data (own posts only)"


def item(pid, author, minutes, kind="post", parent=None, parent_author=None, conv=None, *,
         text="hello", account="cand", platform="twitter", **extra):  # fmt: skip
    """One canonical row; ``conv`` defaults to the item itself (a root)."""
    return dict(
        platform=platform, account=account, post_id=pid, author=author,
        created_at=T0 + timedelta(minutes=minutes), text=text, kind=kind, reply_to_id=parent,
        reply_to_author=parent_author, conversation_id=conv or pid, source_file="story", **extra,
    )  # fmt: skip


def accounts_frame(*rows, days=30):
    """ACCOUNTS_SCHEMA rows from (platform, account, person, display_name[, timezone, until])."""
    out = []
    for r in rows:
        platform, account, person, name = r[:4]
        tz = r[4] if len(r) > 4 else "UTC"
        until = r[5] if len(r) > 5 else T0 + timedelta(days=days)
        out.append(
            dict(
                platform=platform,
                account=account,
                person=person,
                display_name=name,
                group=None,
                colour=None,
                timezone=tz,
                studied=True,
                observed_from=T0,
                observed_until=until,
            )  # fmt: skip
        )
    return pl.DataFrame(out, schema=ACCOUNTS_SCHEMA)


def story(rows, *accounts, people=None, days=30):
    accs = accounts or (("twitter", "cand", "cand", "Casey Candidate"),)
    return Archive(posts_from_rows(rows), accounts_frame(*accs, days=days), people=people)


def result(archive, **kw) -> dict[str, dict]:
    """compute() as {metric: row} for a one-account archive."""
    r = compute(archive, **kw)
    assert r.select("person", "platform", "account", "period").unique().height == 1
    return {row["metric"]: row for row in r.iter_rows(named=True)}


def value(res, name):
    assert res[name]["status"] == "ok", res[name]["status"]
    return res[name]["value"]


# --------------------------------------------------------------------------- stories


def candidate_who_never_replies():
    """Five posts, no replies from anyone: an own-posts-only archive (a Twitter account archive)."""
    return story(
        [
            item(str(i), "cand", 60 * 24 * i + 7 * i, text=f"Statement number {i} on the budget")
            for i in range(5)
        ]
    )


def candidate_who_answers_two_of_three():
    """Three comments on one post; the candidate answers two, after 10 minutes and after 3 hours."""
    return story(
        [
            item("p", "cand", 0, text="Town hall tonight, come along"),
            item("c1", "ann", 5, "reply", "p", "cand", "p", text="Can I bring my kids?"),
            item("c2", "bob", 30, "reply", "p", "cand", "p", text="What about the bridge?"),
            item("c3", "cal", 60, "reply", "p", "cand", "p", text="Never again"),
            item("a1", "cand", 15, "reply", "c1", "ann", "p", text="Of course, bring them!"),
            item("a2", "cand", 210, "reply", "c2", "bob", "p", text="We will fix it, thank you"),
        ]
    )


def thread_with_three_turns():
    """The candidate posts, a citizen replies, the candidate replies: three turns, two changes."""
    return story(
        [
            item("p", "cand", 0, text="Ask me anything"),
            item("q", "dee", 10, "reply", "p", "cand", "p", text="Why the delay?"),
            item("r", "cand", 20, "reply", "q", "dee", "p", text="Because of the floods"),
        ]
    )


def self_thread_only():
    """A post continued by two replies to itself, and one comment nobody answers."""
    return story(
        [
            item("p", "cand", 0, text="1/ Our plan for schools"),
            item("s1", "cand", 1, "reply", "p", "cand", "p", text="2/ More teachers"),
            item("s2", "cand", 2, "reply", "s1", "cand", "p", text="3/ Smaller classes"),
            item("c", "eve", 30, "reply", "p", "cand", "p", text="Who pays?"),
        ]
    )


def comment_an_hour_before_the_end():
    """Two comments: one answered after 2 h; one arriving one hour before the data end, unanswered."""
    end = T0 + timedelta(days=10)
    rows = [
        item("p", "cand", 0),
        item("c1", "ann", 10, "reply", "p", "cand", "p"),
        item("a1", "cand", 130, "reply", "c1", "ann", "p"),
        item("q", "cand", 60 * 24 * 10 - 120),
        item("c2", "bob", 60 * 24 * 10 - 60, "reply", "q", "cand", "q"),
    ]
    return story(rows, ("twitter", "cand", "cand", "Casey Candidate", "UTC", end))


def reply_to_a_post_outside_the_data():
    """The candidate answers a tweet that is not in the data; a citizen replies to a candidate tweet that is not either."""
    return story(
        [
            item("p", "cand", 0),
            item("r", "cand", 5, "reply", "x9", "fay", "x9", text="Thanks Fay"),
            item("c", "gus", 7, "reply", "x8", "cand", "x8", text="You said what?"),
        ]
    )


# --------------------------------------------------------------------------- catalog


def test_catalog_lists_every_metric_once_with_allowed_labels():
    c = catalog()
    assert c.columns == ["name", "title", "definition", "unit", "direction", "needs", "group"]
    assert c["name"].n_unique() == c.height
    assert set(c["direction"]) <= {"more conversational", "less conversational", "neutral"}
    assert set(c["needs"]) <= {"own posts", "replies from others", "counts", "client"}
    assert set(c["group"]) <= {
        "dialogue",
        "responsiveness",
        "broadcasting",
        "automation",
        "rhythm",
        "engagement",
    }
    assert all(d.endswith(".") for d in c["definition"])


def test_catalog_has_every_metric_of_the_design():
    design = {
        "posts_per_day", "reply_share", "repost_share", "self_thread_share", "interlocutors",
        "interlocutor_concentration", "response_rate", "first_response_median", "post_and_run_rate",
        "turns_per_conversation", "reciprocity", "link_share", "link_only_share",
        "automation_client_share", "duplicate_share", "crosspost_share", "clock_aligned_share",
        "press_release_score", "conversational_language", "reply_sentiment", "active_days_share",
        "median_gap_hours", "burstiness", "engagement_received",
    }  # fmt: skip
    assert design <= set(catalog()["name"])


def test_compute_emits_the_catalog_in_order_with_the_documented_columns():
    r = compute(candidate_who_answers_two_of_three(), n_boot=20)
    assert list(r.schema) == list(metrics.RESULT_SCHEMA)
    assert r["metric"].to_list() == catalog()["name"].to_list()
    assert set(r["status"]) <= {"ok"} | {s for s in r["status"] if s.startswith("not available: ")}


# --------------------------------------------------------------------------- stories


def test_candidate_who_never_replies():
    res = result(candidate_who_never_replies())
    assert value(res, "reply_share") == 0.0
    # five items on five calendar days, from the first to the last item in the data
    assert value(res, "posts_per_day") == pytest.approx(1.0)
    assert value(res, "active_days_share") == pytest.approx(1.0)
    assert value(res, "interlocutors") == 0.0
    for name in ("response_rate", "first_response_median", "answered_within_1h", "post_and_run_rate",
                 "turns_per_conversation", "reciprocity", "replies_per_100_inbound", "inbound_items"):  # fmt: skip
        assert res[name]["status"] == OWN_POSTS_ONLY
        assert res[name]["value"] is None
    assert (
        res["interlocutor_concentration"]["status"]
        == "not available: the account replied to nobody in the data"
    )
    assert (
        res["reply_sentiment"]["status"]
        == "not available: the account replied to nobody in the data"
    )


def test_candidate_who_answers_two_of_three_comments():
    res = result(candidate_who_answers_two_of_three())
    assert value(res, "inbound_items") == 3
    assert value(res, "response_rate") == pytest.approx(2 / 3)
    assert (res["response_rate"]["k"], res["response_rate"]["n"]) == (2, 3)
    # Kaplan-Meier: answers at 10 min and 3 h, the third comment censored at 7 days
    assert value(res, "first_response_median") == pytest.approx(3.0)
    assert value(res, "answered_within_1h") == pytest.approx(1 / 3)
    assert value(res, "answered_within_24h") == pytest.approx(2 / 3)
    # the median over answered items only: (10 min + 180 min) / 2
    assert value(res, "first_response_median_answered") == pytest.approx(95 / 60)
    assert value(res, "replies_per_100_inbound") == pytest.approx(200 / 3)
    assert value(res, "post_and_run_rate") == 0.0
    assert value(res, "reply_share") == pytest.approx(2 / 3)
    assert value(res, "interlocutors") == 2  # ann and bob
    assert value(res, "interlocutor_concentration") == pytest.approx(0.5)
    # of the people the candidate addressed (ann, bob), both wrote to her; cal is not counted:
    # the candidate never addressed him
    assert value(res, "reciprocity") == 1.0
    # one conversation: cand, ann, cand, bob, cal, cand -> the turn changes four times
    assert value(res, "turns_per_conversation") == 4


def test_thread_with_three_turns():
    res = result(thread_with_three_turns())
    assert value(res, "turns_per_conversation") == 2  # three turns, two changes of speaker
    assert res["turns_per_conversation"]["n"] == 1


def test_self_thread_does_not_count_as_engagement():
    res = result(self_thread_only())
    assert value(res, "self_thread_share") == pytest.approx(2 / 3)
    assert value(res, "reply_share") == 0.0
    assert value(res, "interlocutors") == 0.0
    assert value(res, "inbound_items") == 1
    assert value(res, "response_rate") == 0.0
    assert (
        value(res, "post_and_run_rate") == 1.0
    )  # the thread drew a comment and nobody answered it
    assert res["reply_sentiment"]["status"].startswith(
        "not available: the account replied to nobody"
    )
    assert res["first_response_median"]["status"] == (
        "not available: fewer than half of the inbound items were answered within 7 days (median not reached)"
    )


def test_comment_an_hour_before_the_end_is_censored_not_unanswered():
    res = result(comment_an_hour_before_the_end())
    assert value(res, "inbound_items") == 2
    # the late comment was followed for one hour only: left out of the 7-day rate ...
    assert (res["response_rate"]["k"], res["response_rate"]["n"]) == (1, 1)
    # ... and censored at one hour in the Kaplan-Meier estimate: after the answer at 2 h,
    # nobody is left at risk, so S drops to 0 and the median is 2 h
    assert value(res, "first_response_median") == pytest.approx(2.0)
    assert value(res, "answered_within_24h") == pytest.approx(1.0)
    assert value(res, "answered_within_1h") == 0.0


def test_reply_to_a_post_outside_the_data():
    res = result(reply_to_a_post_outside_the_data())
    assert value(res, "reply_share") == pytest.approx(1 / 2)
    assert value(res, "interlocutors") == 1  # fay; gus wrote to the candidate, not the other way
    inter = metrics.interlocutors(reply_to_a_post_outside_the_data())
    assert inter.select("interlocutor", "replies_to", "replies_from").sort(
        "interlocutor"
    ).rows() == [
        ("fay", 1, 0),
        ("gus", 0, 1),
    ]
    assert value(res, "inbound_items") == 1  # gus's reply to a candidate tweet outside the data


def test_not_available_exactly_where_own_posts_cannot_answer():
    """An own-posts-only archive with counts and clients: only 'replies from others' metrics
    (and cross-posting, with one platform) are not available."""
    rows = [
        item(
            str(i),
            "cand",
            90 * i,
            text=f"Thanks @voter{i} for the visit, see you {i}",
            likes=i,
            reposts=1,
            replies=0,
            client="Twitter for iPhone",
        )  # fmt: skip
        for i in range(6)
    ] + [
        item(
            "r",
            "cand",
            700,
            "reply",
            "x",
            "voter1",
            "x",
            text="Happy to help you",
            client="TweetDeck",
        )
    ]
    res = result(story(rows))
    cat = catalog()
    needs_others = set(cat.filter(pl.col("needs") == "replies from others")["name"])
    unavailable = {m for m, r in res.items() if r["status"] != "ok"}
    assert unavailable == needs_others | {"crosspost_share"}
    assert {res[m]["status"] for m in needs_others} == {OWN_POSTS_ONLY}
    assert all(res[m]["value"] is None for m in unavailable)


def test_missing_counts_and_clients_are_not_available_not_zero():
    res = result(candidate_who_never_replies())
    assert res["automation_client_share"]["status"] == (
        "not available: the export does not record which app published each post"
    )
    assert (
        res["engagement_received"]["status"]
        == "not available: the export has no like, repost or reply counts"
    )
    assert res["engagement_likes"]["value"] is None


# --------------------------------------------------------------------------- broadcasting and automation


def broadcaster():
    """Scheduled statements on the quarter hour, a repeated text, link-only headlines."""
    rows = [
        item("1", "cand", 0, text="Senator Brooks announces rural broadband plan https://b.example/1", client="HootSuite"),
        item("2", "cand", 60, text="Senator Brooks announces rural broadband plan https://b.example/2", client="HootSuite"),
        item("3", "cand", 135, text="Budget vote delayed again https://news.example/3", client="twitterfeed"),
        item("4", "cand", 181, text="Great to meet you all in Riverside! What should we fix first?", client="Twitter for iPhone"),
        item("5", "cand", 240, "repost", text="RT @party: Vote!", client="Twitter for iPhone"),
    ]  # fmt: skip
    return story(rows, ("twitter", "cand", "cand", "Dana Brooks for Senate"))


def test_broadcaster_signals():
    res = result(broadcaster())
    # shares of all five own items; the repost's words are not its own and never count
    assert res["link_share"]["n"] == 5
    assert value(res, "link_share") == pytest.approx(3 / 5)
    assert value(res, "link_only_share") == pytest.approx(3 / 5)
    assert value(res, "duplicate_share") == pytest.approx(1 / 5)  # item 2 repeats item 1
    assert value(res, "conversational_language") == pytest.approx(1 / 5)
    assert res["press_release_score"]["n"] == 4  # a mean over the four own texts
    assert value(res, "repost_share") == pytest.approx(1 / 5)
    assert value(res, "automation_client_share") == pytest.approx(3 / 5)
    # 12:00, 13:00, 14:15 and 16:00 are on a quarter hour (15:01 is not); times to the minute
    assert value(res, "clock_aligned_share") == pytest.approx(4 / 5)
    assert value(res, "clock_aligned_expected") == pytest.approx(4 / 60)
    # items 1, 2: self (0.30) + announcement (0.30) + no "you" (0.15) + no question (0.15)
    # item 3: 0.30 for no "you" and no question; item 4: neither
    assert value(res, "press_release_score") == pytest.approx((0.9 + 0.9 + 0.3 + 0.0) / 4)


def test_clock_alignment_with_seconds_counts_only_exact_minutes():
    rows = [
        item("1", "cand", 0),
        item("2", "cand", 15, text="b"),
        dict(item("3", "cand", 30, text="c")),
    ]
    rows[1]["created_at"] += timedelta(seconds=7)
    res = result(story(rows))
    assert value(res, "clock_aligned_share") == pytest.approx(2 / 3)
    assert value(res, "clock_aligned_expected") == pytest.approx(4 / 3600)


def test_crosspost_needs_a_second_platform_of_the_same_person():
    people = Accounts(
        people=[
            Person(
                "dana", "Dana Brooks", handles={"twitter": ("dana",), "facebook": ("dana brooks",)}
            )
        ]
    )
    rows = [
        item("t1", "dana", 0, text="Rally at noon in Riverside", account="dana"),
        item("t2", "dana", 60 * 48, text="Debate night", account="dana"),
        item(
            "f1",
            "dana brooks",
            5,
            text="Rally at noon in Riverside",
            account="dana brooks",
            platform="facebook",
        ),
        item(
            "f2",
            "dana brooks",
            60 * 30,
            text="Debate night",
            account="dana brooks",
            platform="facebook",
        ),
    ]
    arc = story(
        rows,
        ("twitter", "dana", "dana", "Dana Brooks"),
        ("facebook", "dana brooks", "dana", "Dana Brooks"),
        people=people,
    )
    by_account = compute(arc, n_boot=20).filter(pl.col("metric") == "crosspost_share")
    # "Debate night" came 18 h apart: within 24 h as well
    assert by_account["value"].to_list() == [1.0, 1.0]
    arc2 = story(rows[:2] + [item("f1", "dana brooks", 5, text="Something else", account="dana brooks", platform="facebook")],
                 ("twitter", "dana", "dana", "Dana Brooks"), ("facebook", "dana brooks", "dana", "Dana Brooks"))  # fmt: skip
    person = (
        compute(arc2, by="person", n_boot=20)
        .filter(pl.col("metric") == "crosspost_share")
        .row(0, named=True)
    )
    assert person["value"] == pytest.approx(0.0)
    assert person["platform"] is None and person["account"] is None
    alone = result(candidate_who_never_replies())["crosspost_share"]["status"]
    assert alone.startswith("not available: only one platform of this person is in the data")


def test_by_person_pools_the_accounts_of_one_person():
    rows = [
        item("t1", "dana", 0, account="dana"),
        item("t2", "dana", 10, "reply", "z", "zed", "z", account="dana"),
        item("f1", "dana brooks", 5, account="dana brooks", platform="facebook"),
    ]
    arc = story(
        rows,
        ("twitter", "dana", "dana", "Dana Brooks"),
        ("facebook", "dana brooks", "dana", "Dana Brooks"),
    )
    res = compute(arc, by="person", n_boot=20)
    assert res.select("person", "display_name").unique().rows() == [("dana", "Dana Brooks")]
    assert res.filter(pl.col("metric") == "reply_share")["value"].item() == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- periods, intervals, determinism


def test_periods_are_filters_through_the_same_path():
    arc = candidate_who_answers_two_of_three()
    later = [
        item("p2", "cand", 60 * 24 * 8, text="Second week"),
        item("r2", "cand", 60 * 24 * 8 + 1, "reply", "zz", "zed", "zz"),
    ]
    arc = Archive(pl.concat([arc.posts, posts_from_rows(later)]), arc.accounts)
    weekly = compute(arc, period="W", n_boot=20)
    weeks = weekly["period"].unique().sort().to_list()
    assert weeks == ["2012-09-03", "2012-09-10"]  # the weeks from the first to the last item
    w1 = {
        r["metric"]: r
        for r in weekly.filter(pl.col("period") == "2012-09-03").iter_rows(named=True)
    }
    w2 = {
        r["metric"]: r
        for r in weekly.filter(pl.col("period") == "2012-09-10").iter_rows(named=True)
    }
    assert value(w1, "reply_share") == pytest.approx(2 / 3)
    assert value(w2, "reply_share") == pytest.approx(1 / 2)
    assert (
        w2["response_rate"]["status"]
        == "not available: nobody replied to the account or mentioned it in the data in this period"
    )
    split = compute(arc, period="2012-09-05", n_boot=20)
    assert split["period"].unique().sort().to_list() == ["before 2012-09-05", "from 2012-09-05"]
    before = split.filter(
        (pl.col("period") == "before 2012-09-05") & (pl.col("metric") == "response_rate")
    )
    assert before["value"].item() == pytest.approx(2 / 3)


def test_intervals_are_deterministic_and_bracket_the_estimate():
    rows = []
    for i in range(40):  # forty conversations of varying answers
        rows += [
            item(f"p{i}", "cand", 100 * i),
            item(f"c{i}", f"u{i}", 100 * i + 5, "reply", f"p{i}", "cand", f"p{i}"),
        ]
        if i % 3:
            rows.append(item(f"a{i}", "cand", 100 * i + 5 + i, "reply", f"c{i}", f"u{i}", f"p{i}"))
    arc = story(rows)
    a, b = compute(arc, seed=3), compute(arc, seed=3)
    assert a.equals(b)
    c = compute(arc, seed=4)
    assert not a.equals(c)
    ok = a.filter(pl.col("ci_low").is_not_null())
    assert ok.height > 10
    assert (ok["ci_low"] <= ok["value"] + 1e-9).all() and (
        ok["value"] <= ok["ci_high"] + 1e-9
    ).all()
    rr = a.filter(pl.col("metric") == "response_rate").row(0, named=True)
    assert rr["value"] == pytest.approx(26 / 40)
    assert 0.45 < rr["ci_low"] < rr["value"] < rr["ci_high"] < 0.85


def _forty_conversations():
    rows = []
    for i in range(40):
        rows += [
            item(f"p{i}", "cand", 100 * i),
            item(f"c{i}", f"u{i}", 100 * i + 5, "reply", f"p{i}", "cand", f"p{i}"),
        ]
        if i % 3:
            rows.append(item(f"a{i}", "cand", 100 * i + 5 + i, "reply", f"c{i}", f"u{i}", f"p{i}"))
    return story(rows)


@pytest.mark.parametrize(
    "names",
    [
        ["response_rate"],
        ["first_response_median", "reciprocity"],
        ["active_days_share", "median_gap_hours", "engagement_received", "reply_share"],
        ["duplicate_share", "interlocutors", "burstiness", "interlocutor_concentration"],
    ],
)
def test_a_subset_of_metrics_has_the_same_values_and_intervals_as_the_full_run(names):
    arc = _forty_conversations()
    full = compute(arc, seed=3, period="W").filter(pl.col("metric").is_in(names))
    part = compute(arc, seed=3, period="W", metrics=names)
    assert part.height == full.height > 0
    assert part.equals(full)


def test_dense_rank_counts_by_table_and_by_sorting_alike():
    from toolkit.metrics._compute import _dense_rank

    values = np.array([7, 3, 7, 0, 12, 3, 3])
    for bound in (13, 1 << 40):  # the table, then sorting (a bound above the table's limit)
        rank, keys = _dense_rank(values, bound)
        assert rank.tolist() == [2, 1, 2, 0, 3, 1, 1]
        assert keys.tolist() == [0, 3, 7, 12]
    rank, keys = _dense_rank(np.array([], dtype=np.int64), 5)
    assert rank.size == 0 and keys.size == 0


def test_the_unit_matrix_is_the_same_whichever_way_pairs_are_numbered(monkeypatch):
    from toolkit.metrics import _compute

    arc = _forty_conversations()
    by_table = compute(arc, seed=3, period="W")
    monkeypatch.setattr(_compute, "_RANK_TABLE_LIMIT", 0)  # every pair numbered by sorting
    assert compute(Archive(arc.posts, arc.accounts), seed=3, period="W").equals(by_table)


def test_an_unknown_metric_name_is_refused_with_the_catalog_pointer():
    with pytest.raises(ToolkitError, match=r"\['reply_rate'\]: not in the catalog"):
        compute(_forty_conversations(), metrics=["reply_rate", "reply_share"])


def test_features_kept_on_the_archive_follow_new_posts():
    arc = _forty_conversations()
    before = compute(arc, n_boot=0, metrics=["response_rate"])["value"].item()
    # drop every answer: the kept features of the old posts must not be reused
    arc.posts = arc.posts.filter(~pl.col("post_id").str.starts_with("a"))
    after = compute(arc, n_boot=0, metrics=["response_rate"])["value"].item()
    assert before == pytest.approx(26 / 40) and after == 0.0


def test_business_hours_count_only_working_time():
    # Friday 7 September 2012, 16:30 UTC comment; answer Monday 10 September 9:15 UTC
    fri = (datetime(2012, 9, 7, 16, 30, tzinfo=UTC) - T0).total_seconds() / 60
    mon = (datetime(2012, 9, 10, 9, 15, tzinfo=UTC) - T0).total_seconds() / 60
    arc = story([item("p", "cand", fri - 5), item("c", "ann", fri, "reply", "p", "cand", "p"),
                 item("a", "cand", mon, "reply", "c", "ann", "p")])  # fmt: skip
    calendar = result(arc)
    business = result(arc, business_hours=True)
    assert value(calendar, "first_response_median") == pytest.approx(64.75)
    assert value(business, "first_response_median") == pytest.approx(0.75)


# --------------------------------------------------------------------------- chart frames


def test_an_account_with_no_items_has_null_shares_in_the_chart_frames_not_nan():
    arc = story(
        [item("p1", "cand", 0, text="Hello"), item("p2", "cand", 5, client="Twitter Web App")],
        ("twitter", "cand", "cand", "Casey Candidate"),
        ("twitter", "quiet", "quiet", "Quinn Quiet"),
    )
    for frame in (metrics.post_mix(arc), metrics.clients(arc)):
        quiet = frame.filter(pl.col("account") == "quiet")
        assert quiet["n"].sum() == 0 and quiet["share"].null_count() == quiet.height
        assert not frame["share"].is_nan().any()
        assert frame.filter(pl.col("account") == "cand")["share"].sum() == pytest.approx(1.0)


def test_chart_frames_have_the_documented_columns():
    arc = candidate_who_answers_two_of_three()
    ident = ["person", "display_name", "platform", "account"]
    mix = metrics.post_mix(arc)
    assert mix.columns == [*ident, "category", "n", "share"]
    assert dict(zip(mix["category"], mix["n"], strict=True)) == {
        "original": 1, "reply to others": 2, "self-thread": 0, "repost": 0, "quote": 0,
    }  # fmt: skip
    km = metrics.km_curves(arc)
    assert km.columns == [
        *ident,
        "t_hours",
        "surviving",
        "ci_low",
        "ci_high",
        "at_risk",
        "censored",
    ]
    assert km.select("t_hours", "surviving", "at_risk", "censored").rows() == [
        (0.0, 1.0, 3, 0),
        (pytest.approx(10 / 60), pytest.approx(2 / 3), 3, 0),
        (3.0, pytest.approx(1 / 3), 2, 0),
        (168.0, pytest.approx(1 / 3), 1, 1),
    ]
    rh = metrics.rhythm(arc)
    assert (
        rh.columns == [*ident, "weekday", "hour", "n"] and rh.height == 168 and rh["n"].sum() == 3
    )
    assert rh.filter(pl.col("n") > 0).select("weekday", "hour", "n").rows() == [
        (0, 12, 2),
        (0, 15, 1),
    ]
    cl = metrics.clients(arc)
    assert cl.columns == [*ident, "category", "n", "share"]
    assert cl.filter(pl.col("category") == "unknown")["n"].item() == 3
    pr = metrics.press_release_examples(broadcaster(), n=2)
    assert pr.columns == [*ident, "post_id", "created_at", "text", "score"]
    assert pr["post_id"].to_list() == ["1", "2"]


# --------------------------------------------------------------------------- clients


@pytest.mark.parametrize(
    ("client", "category"),
    [
        ("Twitter for iPhone", "phone"),
        ("Twitter for Android", "phone"),
        ("Mobile Web (M2)", "phone"),
        ("Mastodon for iOS", "phone"),
        ("Tusky", "phone"),
        ("Twitter Web Client", "web"),
        ("Twitter Web App", "web"),
        ("web", "web"),
        ("TweetDeck", "web"),
        ("HootSuite", "scheduler"),
        ("Hootsuite Inc.", "scheduler"),
        ("Buffer", "scheduler"),
        ("Sprout Social", "scheduler"),
        ("SocialFlow", "scheduler"),
        ("Later", "scheduler"),
        ("twitterfeed", "feed"),
        ("dlvr.it", "feed"),
        ("IFTTT", "feed"),
        ("RSS Graffiti", "feed"),
        ("Facebook", "cross-post"),
        ("Instagram", "cross-post"),
        ("LinkedIn", "cross-post"),
        ("tweepy", "API"),
        ("HubSpot", "scheduler"),
        ("Meta Business Suite", "scheduler"),
        ("Twitter for Advertisers (legacy)", "scheduler"),
        (
            '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
            "phone",
        ),
        ("Some New App", "other"),
        (None, "unknown"),
        ("", "unknown"),
    ],
)
def test_client_categories_from_the_maintained_list(client, category):
    from toolkit.clients import CATEGORIES, client_category

    assert client_category(client) == category
    assert category in CATEGORIES


def test_client_frame_counts_every_category():
    arc = broadcaster()
    cl = metrics.clients(arc)
    got = {c: n for c, n in cl.select("category", "n").iter_rows() if n}
    assert got == {"phone": 2, "scheduler": 2, "feed": 1}
    assert cl["share"].sum() == pytest.approx(1.0)


def test_blas_runs_one_thread_inside_the_group_phase_and_gets_its_threads_back():
    import threading

    from threadpoolctl import threadpool_info

    from toolkit.metrics._bootstrap import single_threaded_blas

    def blas_threads() -> list[int]:
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    if not before:
        pytest.skip("NumPy here is built without a BLAS library that threadpoolctl can see")
    inside: list[list[int]] = []
    entered, leave = threading.Barrier(2), threading.Event()

    def worker() -> None:
        with single_threaded_blas():
            entered.wait()
            leave.wait()

    # this thread sets and restores the limit first (threadpoolctl then takes it for the
    # only one allowed to change OpenBLAS's limit); then a second thread sets it, and holds
    # it while this one enters and leaves: the limit stays
    with single_threaded_blas():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before
    t = threading.Thread(target=worker)
    t.start()
    entered.wait()
    with single_threaded_blas():
        inside.append(blas_threads())
    inside.append(blas_threads())
    leave.set()
    t.join()
    assert inside == [[1] * len(before), [1] * len(before)]
    assert blas_threads() == before  # the last to leave restores the original
    # and compute gives the same numbers whatever the BLAS threads
    arc = _forty_conversations()
    with single_threaded_blas():
        one = compute(arc, seed=3)
    assert one.equals(compute(arc, seed=3))


def test_the_null_feature_columns_match_the_features_they_stand_for():
    # a computation that reads no text/client/timing/sentiment/cross-post feature puts nulls
    # of these types in their place: they must be the very columns features_of adds
    from toolkit.metrics._compute import _FEATURE_DTYPES, _OWN_COLUMNS
    from toolkit.metrics._prepare import features_of, own_of

    arc = _forty_conversations()
    features, own = features_of(arc), own_of(arc)
    assert set(_FEATURE_DTYPES) == set(_OWN_COLUMNS) - set(own.columns)
    assert {c: features.schema[c] for c in _FEATURE_DTYPES} == _FEATURE_DTYPES


# --------------------------------------------------------------------------- audit stories (session 4)

DAY = 60 * 24


def test_a_rivals_reply_does_not_make_an_own_posts_only_archive_answerable():
    """Two Twitter account archives: bea once replied to ada. Neither holds the public's replies."""
    rows = [item(f"a{i}", "ada", i * DAY, account="ada") for i in range(5)]
    rows += [item(f"b{i}", "bea", i * DAY + 3, account="bea") for i in range(5)]
    rows.append(item("br", "bea", 60, "reply", "a0", "ada", "a0", account="bea"))
    arc = story(rows, ("twitter", "ada", "ada", "Ada"), ("twitter", "bea", "bea", "Bea"))
    res = compute(arc, n_boot=0)
    for account in ("ada", "bea"):
        for name in ("response_rate", "post_and_run_rate", "answered_within_24h", "inbound_items"):
            row = res.filter((pl.col("account") == account) & (pl.col("metric") == name)).row(
                0, named=True
            )
            assert row["status"] == OWN_POSTS_ONLY, (account, name)


def test_the_curve_says_nothing_beyond_the_longest_follow_up():
    """The only comment arrived one hour before the data end: followed 1 h, not 24 h or 7 days."""
    end = T0 + timedelta(days=10)
    arc = story(
        [
            item("p", "cand", 10 * DAY - 120),
            item("c", "ann", 10 * DAY - 60, "reply", "p", "cand", "p"),
        ],
        ("twitter", "cand", "cand", "C", "UTC", end),
    )
    res = result(arc, n_boot=0)
    assert value(res, "answered_within_1h") == 0.0  # followed exactly one hour, unanswered
    assert res["answered_within_24h"]["status"] == (
        "not available: no inbound item was followed for 1 day (the longest follow-up is 1.0 hour)"
    )
    assert res["first_response_median"]["status"] == (
        "not available: fewer than half of the inbound items were answered within the longest "
        "follow-up in the data (1.0 hour; median not reached)"
    )


def test_a_full_week_of_daily_posts_is_seven_active_days_of_seven():
    rows = [item(f"d{i}", "cand", i * DAY) for i in range(14)]  # Mon 3 to Sun 16 September
    weekly = compute(story(rows), period="W", seed=1)
    for week in ("2012-09-03", "2012-09-10"):
        got = {
            r["metric"]: r for r in weekly.filter(pl.col("period") == week).iter_rows(named=True)
        }
        assert value(got, "posts_per_day") == pytest.approx(1.0)
        assert value(got, "active_days_share") == 1.0 and got["active_days_share"]["n"] == 7
        # every replicate draws only active days: the interval cannot leave [0, 1]
        assert got["active_days_share"]["ci_low"] == got["active_days_share"]["ci_high"] == 1.0


def test_a_silent_week_is_no_active_day_as_it_is_no_post_per_day():
    rows = [item("d0", "cand", 0), item("d1", "cand", 15 * DAY)]  # nothing in the week of 10 Sept
    weekly = compute(story(rows), period="W", n_boot=0)
    silent = {
        r["metric"]: r
        for r in weekly.filter(pl.col("period") == "2012-09-10").iter_rows(named=True)
    }
    assert value(silent, "posts_per_day") == 0.0
    assert value(silent, "active_days_share") == 0.0 and silent["active_days_share"]["n"] == 7


def test_replies_per_100_inbound_is_a_rate_with_no_numerator_count():
    res = result(candidate_who_answers_two_of_three(), n_boot=0)
    assert res["replies_per_100_inbound"]["k"] is None


def test_business_hours_intervals_are_capped_at_the_business_time_followed():
    """Ten posts on Monday morning, one comment each, six answered within two business hours:
    some replicates never reach one half, and count as the longest business-time follow-up
    (40 h in 7 days), not as the 168 calendar hours of the window."""
    rows = []
    for i in range(10):
        rows += [
            item(f"p{i}", "cand", i - 30),
            item(f"c{i}", f"u{i}", i, "reply", f"p{i}", "cand", f"p{i}"),
        ]
        if i < 6:
            rows.append(item(f"a{i}", "cand", 30 + 11 * i, "reply", f"c{i}", f"u{i}", f"p{i}"))
    res = result(story(rows), business_hours=True, seed=2)
    median = res["first_response_median"]
    assert median["status"] == "ok"
    assert median["ci_high"] == pytest.approx(40.0)  # some replicates: not reached


def test_bluesky_and_mastodon_handles_are_mentions_when_texts_are_compared():
    """The same words addressed to two people are a duplicate on Bluesky too (handles with dots)."""
    rows = [
        item(
            "b1", "cand", 0, text="Thanks for the question @alice.bsky.social!", platform="bluesky"
        ),
        item(
            "b2", "cand", 60, text="Thanks for the question @bob.example.org!", platform="bluesky"
        ),
        item(
            "b3",
            "cand",
            120,
            text="Thanks for the question @carol@mastodon.social!",
            platform="bluesky",
        ),
    ]
    res = result(story(rows, ("bluesky", "cand", "cand", "C")), n_boot=0)
    assert value(res, "duplicate_share") == pytest.approx(2 / 3)


def test_a_title_in_the_display_name_is_no_self_name():
    """For "Senator Dana Brooks", "Senator Smith" is another senator; "Senator Brooks" is her."""
    from toolkit import text as tx

    names = tx.self_names("Senator Dana Brooks")
    assert "Senator" not in names
    assert not tx.refers_to_self("Senator Smith voted against the bill.", names)
    assert tx.refers_to_self("Senator Brooks voted for the bill.", names)


def test_a_one_line_quote_is_no_headline_with_a_link():
    rows = [
        item("q", "cand", 0, "quote", text="Exactly right https://twitter.com/ann/status/42"),
        item("h", "cand", 60, text="Council approves new budget https://news.example/budget"),
    ]
    res = result(story(rows), n_boot=0)
    assert value(res, "link_only_share") == 0.5  # the headline, not the quote


def test_by_person_sets_replies_against_inbound_items_only_where_others_can_be_seen():
    """Dana's Twitter archive (her posts only) and her Facebook page (with comments), by person:
    her three Twitter replies cannot be set against inbound items nobody collected."""
    tw = dict(account="dana")
    fb = dict(account="dana brooks", platform="facebook")
    rows = [
        item("t1", "dana", 0, **tw),
        item("t2", "dana", 10, "reply", "x1", "voter1", "x1", **tw),
        item("t3", "dana", 20, "reply", "x2", "voter2", "x2", **tw),
        item("t4", "dana", 30, "reply", "x3", "voter3", "x3", **tw),
        item("f1", "dana brooks", 0, **fb),
        item("fc1", "ann", 5, "reply", "f1", "dana brooks", "f1", **fb),
        item("fc2", "bob", 6, "reply", "f1", "dana brooks", "f1", **fb),
        item("fa", "dana brooks", 15, "reply", "fc1", "ann", "f1", **fb),
    ]
    arc = story(
        rows, ("twitter", "dana", "dana", "Dana"), ("facebook", "dana brooks", "dana", "Dana")
    )
    res = result(arc, by="person", n_boot=0)
    assert value(res, "replies_per_100_inbound") == pytest.approx(50.0)  # 1 Facebook reply / 2
    assert value(res, "reciprocity") == 1.0  # ann, the one she answered there, addressed her
    assert value(res, "reply_share") == pytest.approx(4 / 6)  # own-item shares keep every item

"""Reply trees and inbound items, told as small stories (see tests/test_metrics.py for the builders)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from tests.test_metrics import (
    T0,
    candidate_who_answers_two_of_three,
    comment_an_hour_before_the_end,
    item,
    reply_to_a_post_outside_the_data,
    self_thread_only,
    story,
)
from toolkit.conversations import INBOUND_COLUMNS, business_seconds, inbound, threads, with_parents
from toolkit.schema import posts_from_rows


def test_parents_come_from_the_data_or_from_the_export():
    p = with_parents(reply_to_a_post_outside_the_data().posts)
    got = {r["post_id"]: (r["parent_author"], r["parent_missing"]) for r in p.iter_rows(named=True)}
    assert got == {"p": (None, False), "r": ("fay", True), "c": ("cand", True)}


def test_threads_give_root_depth_and_flag_missing_parents():
    rows = [
        item("1", "cand", 0),
        item("2", "ann", 1, "reply", "1", None, "1"),
        item("3", "cand", 2, "reply", "2", None, "1"),
        item("4", "bob", 3, "reply", "3", None, "1"),
        item("5", "cal", 4, "reply", "77", "zed", "77"),  # parent outside the data
        item("6", "cand", 5, "reply", "5", "cal", "77"),
    ]
    t = threads(posts_from_rows(rows))
    assert t["post_id"].to_list() == ["1", "2", "3", "4", "5", "6"]  # order kept
    assert t.select("root_id", "depth", "parent_author", "parent_missing").rows() == [
        ("1", 0, None, False),
        ("1", 1, "cand", False),
        ("1", 2, "ann", False),
        ("1", 3, "cand", False),
        ("5", 1, "zed", True),  # kept and flagged, never dropped
        ("5", 2, "cal", False),
    ]


def test_inbound_items_of_a_candidate_who_answers_two_of_three():
    inb = inbound(candidate_who_answers_two_of_three())
    assert tuple(inb.columns[: len(INBOUND_COLUMNS)]) == INBOUND_COLUMNS
    assert inb.select(
        "post_id", "answered", "answer_id", "delay_s", "duration_s", "event"
    ).rows() == [
        ("c1", True, "a1", 600.0, 600.0, True),
        ("c2", True, "a2", 10800.0, 10800.0, True),
        ("c3", False, None, None, 7 * 86400.0, False),  # unanswered: censored at the 7-day window
    ]


def test_item_an_hour_before_the_end_is_censored_at_one_hour():
    inb = (
        inbound(comment_an_hour_before_the_end())
        .filter(pl.col("post_id") == "c2")
        .row(0, named=True)
    )
    assert inb["answered"] is False and inb["event"] is False
    assert inb["duration_s"] == 3600.0
    assert inb["full_window"] is False


def test_window_decides_what_counts_as_answered():
    inb = inbound(candidate_who_answers_two_of_three(), window=timedelta(hours=1))
    assert inb.select("post_id", "answered", "duration_s").rows() == [
        ("c1", True, 600.0),
        ("c2", False, 3600.0),  # answered after 3 h: late for a 1-hour window
        ("c3", False, 3600.0),
    ]
    assert inb.filter(pl.col("post_id") == "c2")["delay_s"].item() == 10800.0


def test_self_threads_are_not_inbound_and_do_not_answer():
    inb = inbound(self_thread_only())
    assert inb["post_id"].to_list() == ["c"]
    assert inb["answered"].to_list() == [False]


def test_reply_to_a_candidate_post_outside_the_data_is_inbound():
    inb = inbound(reply_to_a_post_outside_the_data())
    assert inb.select("post_id", "author", "via").rows() == [("c", "gus", "reply")]


def test_only_direct_answers_count():
    arc = story(
        [
            item("p", "cand", 0),
            item("c1", "ann", 5, "reply", "p", "cand", "p"),
            item("c2", "bob", 6, "reply", "p", "cand", "p"),
            item("a", "cand", 20, "reply", "c2", "bob", "p"),  # answers bob only
            item("a2", "cand", 40, "reply", "c2", "bob", "p"),  # a later second answer
        ]
    )
    inb = inbound(arc)
    assert inb.select("post_id", "answered", "answer_id").rows() == [
        ("c1", False, None),
        ("c2", True, "a"),
    ]


def test_mentions_are_inbound_where_the_data_has_them():
    arc = story(
        [
            item("p", "cand", 0),
            item("m", "hal", 10, text="@cand what about the roads?", mentions=["cand"]),
            item(
                "x",
                "ivy",
                20,
                "reply",
                "m",
                "hal",
                "m",
                text="@hal @cand agreed",
                mentions=["hal", "cand"],
            ),
            item("rt", "joe", 30, "repost", text="RT @cand: hi", mentions=["cand"]),
            item("a", "cand", 40, "reply", "m", "hal", "m", text="@hal on it"),
        ]
    )
    inb = inbound(arc)
    # ivy answers hal (Twitter adds @cand to the reply), joe only reposts: neither is inbound
    assert inb.select("post_id", "via", "answered").rows() == [("m", "mention", True)]


def test_an_item_by_one_studied_account_to_another_is_inbound_for_the_other():
    arc = story(
        [
            item("p", "ada", 0, account="ada"),
            item("r", "bea", 5, "reply", "p", "ada", "p", account="ada"),
        ],
        ("twitter", "ada", "ada", "Ada"),
        ("twitter", "bea", "bea", "Bea"),
    )
    inb = inbound(arc)
    assert inb.select("account", "post_id", "author").rows() == [("ada", "r", "bea")]


def test_business_seconds_stop_outside_working_hours():
    f = pl.DataFrame(
        {
            "a": [
                datetime(2024, 3, 1, 16, 30, tzinfo=UTC),
                datetime(2024, 3, 2, 10, 0, tzinfo=UTC),
                datetime(2024, 3, 4, 8, 0, tzinfo=UTC),
                datetime(2024, 3, 4, 12, 0, tzinfo=UTC),
            ],
            "b": [
                datetime(2024, 3, 4, 9, 15, tzinfo=UTC),
                datetime(2024, 3, 3, 18, 0, tzinfo=UTC),
                datetime(2024, 3, 11, 8, 0, tzinfo=UTC),
                datetime(2024, 3, 4, 12, 30, tzinfo=UTC),
            ],
        }  # fmt: skip
    )
    got = f.select(business_seconds("a", "b").alias("s"))["s"].to_list()
    # Friday 16:30 -> Monday 9:15; a whole weekend; a whole week; half an hour on Monday
    assert got == [2700.0, 0.0, 5 * 8 * 3600.0, 1800.0]


def test_business_seconds_use_the_account_time_zone():
    # 14:00 UTC is 9:00 in Chicago (CDT) on a Monday in September: business starts then
    f = pl.DataFrame(
        {
            "a": [datetime(2012, 9, 3, 13, 0, tzinfo=UTC)],
            "b": [datetime(2012, 9, 3, 15, 0, tzinfo=UTC)],
        }
    )
    assert f.select(business_seconds("a", "b", "America/Chicago").alias("s"))["s"].item() == 3600.0


def test_business_hours_inbound_uses_the_accounts_time_zone():
    mon_8am_chicago = (datetime(2012, 9, 10, 13, 0, tzinfo=UTC) - T0).total_seconds() / 60
    arc = story(
        [
            item("p", "cand", 0),
            item("c", "ann", mon_8am_chicago, "reply", "p", "cand", "p"),
            item("a", "cand", mon_8am_chicago + 120, "reply", "c", "ann", "p"),
        ],
        ("twitter", "cand", "cand", "Casey", "America/Chicago"),
    )
    inb = inbound(arc, business_hours=True).row(0, named=True)
    assert inb["delay_s"] == pytest.approx(3600.0)  # 8:00 -> 10:00 local, the clock starts at 9:00
    assert inbound(arc).row(0, named=True)["delay_s"] == 7200.0


def test_reposts_and_quotes_naming_their_target_do_not_hang_in_the_tree():
    rows = [
        item("1", "cand", 0),
        item("2", "ann", 1, "repost", "1", "cand", "1"),
        item("3", "bob", 2, "quote", "77", "zed", "3"),
        item("4", "cal", 3, "reply", "1", "cand", "1"),
    ]
    t = threads(posts_from_rows(rows))
    assert t.select("post_id", "root_id", "depth", "parent_missing").rows() == [
        ("1", "1", 0, False),
        ("2", "2", 0, False),
        ("3", "3", 0, False),
        ("4", "1", 1, False),
    ]
    arc = story(rows)
    assert inbound(arc)["post_id"].to_list() == ["4"]  # the repost is not addressed to anyone


def test_loaders_conversation_ids_follow_replies_only():
    """A quote that names the post it quotes starts its own conversation; a reply to it joins it."""
    from toolkit.sources._threads import fill_conversation_ids

    rows = pl.DataFrame(
        {
            "platform": ["mastodon"] * 4,
            "post_id": ["1", "2", "3", "4"],
            "kind": ["post", "reply", "quote", "reply"],
            "reply_to_id": [None, "1", "1", "3"],
            "conversation_id": [None, None, None, None],
        }
    )
    assert fill_conversation_ids(rows)["conversation_id"].to_list() == ["1", "1", "3", "3"]
    # without kinds (a narrow frame of links), every link is followed, as before
    links = rows.drop("kind")
    assert fill_conversation_ids(links)["conversation_id"].to_list() == ["1", "1", "1", "1"]

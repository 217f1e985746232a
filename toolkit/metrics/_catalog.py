"""The metric catalog: every metric's name, title, definition, unit, direction, needs, group.

Definitions are written once, here. Reports and notebooks print them from
:func:`toolkit.metrics.catalog`; ``compute`` emits rows in this order.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

MORE = "more conversational"
LESS = "less conversational"
NEUTRAL = "neutral"

OWN = "own posts"
OTHERS = "replies from others"
COUNTS = "counts"
CLIENT = "client"

GROUPS = ("dialogue", "responsiveness", "broadcasting", "automation", "rhythm", "engagement")


@dataclass(frozen=True)
class Metric:
    """One catalog entry."""

    name: str
    title: str
    definition: str
    unit: str
    direction: str
    needs: str
    group: str


METRICS: tuple[Metric, ...] = (
    # ------------------------------------------------------------------ dialogue
    Metric(
        "reply_share",
        "Replies to others",
        "Share of the account's own items that reply to someone else (replies to itself, i.e. threads, excluded).",
        "share",
        MORE,
        OWN,
        "dialogue",
    ),
    Metric(
        "self_thread_share",
        "Self-threads",
        "Share of the account's own items that reply to the account itself (threads continuing its own posts).",
        "share",
        NEUTRAL,
        OWN,
        "dialogue",
    ),
    Metric(
        "conversational_language",
        "Conversational language",
        "Share of the account's own items whose own words (a repost has none) address the reader as 'you' or ask a question.",
        "share",
        MORE,
        OWN,
        "dialogue",
    ),
    Metric(
        "interlocutors",
        "People addressed",
        "Number of different other people the account replied to or @mentioned.",
        "people",
        MORE,
        OWN,
        "dialogue",
    ),
    Metric(
        "interlocutor_concentration",
        "Concentration on a few people",
        "Herfindahl index of the account's replies over the people it replied to: 1 means every reply went to one person, near 0 means replies were spread over many.",
        "index 0-1",
        LESS,
        OWN,
        "dialogue",
    ),
    Metric(
        "reciprocity",
        "Two-way exchanges",
        "Share of the people the account replied to or mentioned who also replied to it or mentioned it in the data (counted on the accounts whose data hold replies from others).",
        "share",
        MORE,
        OTHERS,
        "dialogue",
    ),
    Metric(
        "turns_per_conversation",
        "Turns per conversation",
        "Mean number of times the turn passed between the account and others, in time order, in conversations in which both took part.",
        "turn changes",
        MORE,
        OTHERS,
        "dialogue",
    ),
    Metric(
        "replies_per_100_inbound",
        "Replies per 100 inbound items",
        "The account's replies to others for every 100 replies or mentions it received (reply volume relative to demand; counted on the accounts whose data hold replies from others).",
        "per 100 inbound",
        MORE,
        OTHERS,
        "dialogue",
    ),
    Metric(
        "reply_sentiment",
        "Tone of replies",
        "Mean VADER compound sentiment of the account's replies to others, from -1 (hostile) to +1 (friendly).",
        "score -1 to 1",
        NEUTRAL,
        OWN,
        "dialogue",
    ),
    # ------------------------------------------------------------------ responsiveness
    Metric(
        "inbound_items",
        "Inbound items",
        "Number of replies by others to the account's items, plus posts by others that @mention it, in the data.",
        "items",
        NEUTRAL,
        OTHERS,
        "responsiveness",
    ),
    Metric(
        "response_rate",
        "Response rate",
        "Share of inbound items that the account answered with a direct reply within the window (7 days unless stated), among items the data follow for the whole window.",
        "share",
        MORE,
        OTHERS,
        "responsiveness",
    ),
    Metric(
        "first_response_median",
        "Median time to answer",
        "Kaplan-Meier median time from an inbound item to the account's direct answer, with unanswered items counted as waiting until the window closes or the data end.",
        "hours",
        LESS,
        OTHERS,
        "responsiveness",
    ),
    Metric(
        "answered_within_1h",
        "Answered within 1 hour",
        "Kaplan-Meier estimate of the share of inbound items that the account answered directly within one hour.",
        "share",
        MORE,
        OTHERS,
        "responsiveness",
    ),
    Metric(
        "answered_within_24h",
        "Answered within 24 hours",
        "Kaplan-Meier estimate of the share of inbound items that the account answered directly within 24 hours (not available when no item was followed that long).",
        "share",
        MORE,
        OTHERS,
        "responsiveness",
    ),
    Metric(
        "first_response_median_answered",
        "Median time to answer (answered items only)",
        "Median time to the direct answer among inbound items answered within the window; it ignores unanswered items, like vendors' response-time figures.",
        "hours",
        LESS,
        OTHERS,
        "responsiveness",
    ),
    Metric(
        "post_and_run_rate",
        "Post and run",
        "Share of the account's own root posts that drew replies from others in which the account then replied to nobody in that conversation within the window after the first reply.",
        "share",
        LESS,
        OTHERS,
        "responsiveness",
    ),
    # ------------------------------------------------------------------ broadcasting
    Metric(
        "repost_share",
        "Reposts",
        "Share of the account's own items that are reposts (retweets, boosts, shares) without text of its own.",
        "share",
        NEUTRAL,
        OWN,
        "broadcasting",
    ),
    Metric(
        "link_share",
        "Posts with a link",
        "Share of the account's own items (reposts included) that carry a link.",
        "share",
        NEUTRAL,
        OWN,
        "broadcasting",
    ),
    Metric(
        "link_only_share",
        "Headline plus link",
        "Share of the account's own items (reposts excluded from the count) whose text is one line of at most 20 words ending in its only link, with no @mention, #hashtag or question mark (feed-like).",
        "share",
        LESS,
        OWN,
        "broadcasting",
    ),
    Metric(
        "press_release_score",
        "Press-release language",
        "Mean per-item score from 0 to 1 for announcement language over the account's own texts (reposts excluded): naming itself in the third person, announcement words, 'today', no 'you' and no question (weights in toolkit.text.PRESS_RELEASE_WEIGHTS).",
        "score 0-1",
        LESS,
        OWN,
        "broadcasting",
    ),
    Metric(
        "duplicate_share",
        "Repeated texts",
        "Share of the account's own items whose text repeats an earlier text of the same account word for word (ignoring case, links, @mentions and spacing; reposts never count).",
        "share",
        LESS,
        OWN,
        "broadcasting",
    ),
    Metric(
        "crosspost_share",
        "Cross-posted texts",
        "Share of the account's own items whose text (normalised as for duplicates) appears on another platform of the same person within 24 hours.",
        "share",
        LESS,
        OWN,
        "broadcasting",
    ),
    # ------------------------------------------------------------------ automation
    Metric(
        "automation_client_share",
        "Published by automation tools",
        "Share of the account's own items (where the export names the publishing app) published by a scheduler, a feed robot or a cross-posting service (toolkit.clients).",
        "share",
        LESS,
        CLIENT,
        "automation",
    ),
    Metric(
        "clock_aligned_share",
        "Clock-aligned posting times",
        "Share of the account's own items published exactly at hh:00, hh:15, hh:30 or hh:45 with seconds 0, a sign of scheduling.",
        "share",
        LESS,
        OWN,
        "automation",
    ),
    Metric(
        "clock_aligned_expected",
        "Clock-aligned by chance",
        "Share of items expected at hh:00/15/30/45 with seconds 0 by chance: 4/60 when the export records times to the minute only, 4/3600 when to the second.",
        "share",
        NEUTRAL,
        OWN,
        "automation",
    ),
    Metric(
        "interval_entropy",
        "Irregularity of posting intervals",
        "Entropy in bits of the gaps between consecutive own items sorted into doubling bins (1 s, 2 s, 4 s, ...); low values mean a regular, machine-like rhythm.",
        "bits",
        NEUTRAL,
        OWN,
        "automation",
    ),
    # ------------------------------------------------------------------ rhythm
    Metric(
        "posts_per_day",
        "Items per day",
        "Number of the account's own items (posts, replies, reposts, quotes) per calendar day from its first to its last item in the data.",
        "per day",
        NEUTRAL,
        OWN,
        "rhythm",
    ),
    Metric(
        "active_days_share",
        "Active days",
        "Share of the calendar days from its first to its last item in the data (in the account's time zone) on which the account published at least one item.",
        "share",
        NEUTRAL,
        OWN,
        "rhythm",
    ),
    Metric(
        "median_gap_hours",
        "Median gap between items",
        "Median time between consecutive own items.",
        "hours",
        NEUTRAL,
        OWN,
        "rhythm",
    ),
    Metric(
        "burstiness",
        "Burstiness",
        "(sigma - mu) / (sigma + mu) of the gaps between consecutive own items: -1 perfectly regular, 0 random, towards +1 in bursts.",
        "index -1 to 1",
        NEUTRAL,
        OWN,
        "rhythm",
    ),
    # ------------------------------------------------------------------ engagement
    Metric(
        "engagement_received",
        "Engagement received",
        "Median of likes + reposts + replies per own root post, where the export has counts.",
        "per post",
        NEUTRAL,
        COUNTS,
        "engagement",
    ),
    Metric(
        "engagement_likes",
        "Likes received",
        "Median number of likes per own root post, where the export has like counts.",
        "per post",
        NEUTRAL,
        COUNTS,
        "engagement",
    ),
    Metric(
        "engagement_reposts",
        "Reposts received",
        "Median number of reposts per own root post, where the export has repost counts.",
        "per post",
        NEUTRAL,
        COUNTS,
        "engagement",
    ),
    Metric(
        "engagement_replies",
        "Replies received",
        "Median number of replies per own root post, as counted by the platform, where the export has reply counts.",
        "per post",
        NEUTRAL,
        COUNTS,
        "engagement",
    ),
)

NAMES: tuple[str, ...] = tuple(m.name for m in METRICS)
BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}


def catalog() -> pl.DataFrame:
    """The metric catalog: one row per metric, in report order.

    Columns: ``name, title, definition, unit, direction`` ("more conversational",
    "less conversational" or "neutral"), ``needs`` ("own posts", "replies from
    others", "counts" or "client") and ``group``.

    Examples
    --------
    >>> c = catalog()
    >>> c.filter(pl.col("name") == "response_rate").select("unit", "needs").row(0)
    ('share', 'replies from others')
    """
    return pl.DataFrame(
        [m.__dict__ for m in METRICS],
        schema={
            k: pl.Utf8
            for k in ("name", "title", "definition", "unit", "direction", "needs", "group")
        },
    )

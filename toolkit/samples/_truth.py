"""Expected metric values, computed from what the generator produced (never from the files).

Every function here takes the generator's :class:`~toolkit.samples._model.Item`
objects of one persona and one platform. "In the data" means written to an
export (``item.where != 0``) and not a deliberately broken record.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from toolkit.samples._model import (
    BROKEN,
    LINK_ONLY,
    PRESS,
    QUESTION,
    SECOND_PERSON,
    Item,
    User,
    Window,
    plain,
    utc,
)
from toolkit.samples._sim import clock_aligned, median
from toolkit.samples._text import norm_exact, norm_loose
from toolkit.samples._twitter import AUTOMATED, CLIENT_CATEGORY

WEEK_S = 7 * 86400.0
DAY_MS = 86_400_000

#: How each expected value is defined (the definitions of DESIGN.md section 5, made exact).
DEFINITIONS = {
    "P": "the account's own items in the data (posts, replies, reposts, quotes), on one platform; deliberately broken records excluded",
    "posts_per_day": "|P| / days in the observation window (window days, not first-to-last item)",
    "reply_share": "share of P that reply to someone else (replies whose parent author is not the account; replies with an unknown parent author count as replies to someone else)",
    "repost_share": "share of P that are reposts / retweets / boosts without own text",
    "quote_share": "share of P that are quotes (reported for completeness)",
    "self_thread_share": "share of P that reply to the account itself",
    "interlocutors": "number of distinct other authors the account replied to (parent author of its replies) or mentioned, over P without reposts (a retweet's 'RT @x' does not address x); one count per person (Bluesky: per DID)",
    "interlocutors_including_reposted_authors": "the same over all of P, reposts included",
    "interlocutor_concentration": "Herfindahl index of the account's replies to others over the parent authors (sum of squared shares); replies with an unknown parent author left out",
    "reciprocity": "share of interlocutors who, in the data, also replied to the account or mentioned it",
    "inbound": "items by others that reply to one of the account's items (parent author = the account, whether or not the parent is in the data) plus root posts by others that mention the account",
    "response_rate": "inbound items that the account answered directly (a reply whose parent is the inbound item) within 7 days, divided by all inbound items",
    "first_response_median_hours": "Kaplan-Meier median of the time from an inbound item to the account's first direct answer; an unanswered item is censored at min(7 days, window end - item time); null when the curve never falls to 0.5",
    "answered_delay_median_hours": "plain median delay over the answered inbound items (not Kaplan-Meier), for comparison",
    "post_and_run_rate": "share of the account's root posts that drew at least one reply from others in which the account never replied to someone else in that conversation within 7 days of the first reply from others (its own self-thread continuations do not count as replying)",
    "link_share": "share of P with at least one URL in the exported item (a quote's status link counts; Mastodon boosts and Bluesky reposts carry no text, hence no URL)",
    "link_only_share": "share of P whose text is one headline and one URL at the end: no @mention, no #hashtag, no question mark, no line break, at most 20 words",
    "automation_client_share": "share of P published by scheduler, feed or cross-posting clients (see client_categories)",
    "duplicate_share": "share of P whose normalised text (lower case, URLs and @mentions removed, punctuation and emoji dropped) equals that of an EARLIER item of the account; items without text (Mastodon boosts, Bluesky reposts) never count as duplicates",
    "duplicate_share_all_copies": "the same, counting every copy including the first",
    "crosspost_share": "share of P whose normalised text appears among the same person's own items on another platform within 24 hours (either direction)",
    "clock_aligned_share": "share of P published at hh:00, hh:15, hh:30 or hh:45 with seconds = 0 (second resolution); chance level is 4/3600",
    "turns_per_conversation": "mean, over conversations (thread roots) containing items of both the account and others, of the number of alternations between the account and others in time order",
    "reply_sentiment": "mean VADER compound score (vaderSentiment lexicon) of the account's replies to others (an evenly spaced sample of 4000 when there are more); depends on the analyser, so approximate",
    "conversational_language": "share of P with a question mark or a second-person word (you, your, you're, ...); depends on the tokenizer, so approximate",
    "press_release_share": "share of P written from announcement templates (a generating parameter, the target of press_release_score)",
    "active_days_share": "share of window days (in the account's time zone) with at least one item of P",
    "median_gap_hours": "median time between consecutive items of P",
    "burstiness": "(sigma - mu) / (sigma + mu) of the gaps between consecutive items of P (population sigma)",
    "engagement_received": "median likes, reposts and replies over the account's root posts, for the counts the export carries",
}

NOT_AVAILABLE_OWN_ONLY = (
    "not available: the export holds the account's own items only (no replies from others)"
)


def _ratio(k: int, n: int) -> float | None:
    return round(k / n, 6) if n else None


def km_median(durations: list[tuple[float, bool]]) -> float | None:
    """Kaplan-Meier median of (duration, event) pairs; None when S(t) stays above 0.5."""
    if not durations:
        return None
    data = sorted(durations, key=lambda x: (x[0], not x[1]))
    at_risk, s, i, n = len(data), 1.0, 0, len(data)
    while i < n:
        t = data[i][0]
        events = censored = 0
        while i < n and data[i][0] == t:
            if data[i][1]:
                events += 1
            else:
                censored += 1
            i += 1
        if events:
            s *= 1 - events / at_risk
            if s <= 0.5:
                return t
        at_risk -= events + censored
    return None


def _vader():
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # pragma: no cover - vadersentiment is a dependency
        return None
    return SentimentIntensityAnalyzer()


_ANALYSER = None
SENTIMENT_SAMPLE = 4000


def sentiment(texts: list[str]) -> float | None:
    global _ANALYSER
    if not texts:
        return None
    if _ANALYSER is None:
        _ANALYSER = _vader()
    if _ANALYSER is None:  # pragma: no cover
        return None
    if len(texts) > SENTIMENT_SAMPLE:  # large --scale runs: an evenly spaced sample keeps this fast
        step = len(texts) / SENTIMENT_SAMPLE
        texts = [texts[int(k * step)] for k in range(SENTIMENT_SAMPLE)]
    return round(sum(_ANALYSER.polarity_scores(t)["compound"] for t in texts) / len(texts), 4)


def export_text(it: Item) -> str:
    """The text the export carries: Mastodon boosts and Bluesky reposts have none."""
    if it.kind == "repost" and it.platform in ("mastodon", "bluesky"):
        return ""
    return plain(it.segs)


def export_urls(it: Item) -> list[str]:
    if it.kind == "repost" and it.platform in ("mastodon", "bluesky"):
        return []
    return it.urls()


def export_mentions(it: Item) -> list[User]:
    if it.kind == "repost" and it.platform in ("mastodon", "bluesky"):
        return []
    return it.mentions()


def in_data(it: Item) -> bool:
    return it.where != 0 and not it.flags & BROKEN


def identity(u: User | None) -> str | None:
    """One key per person (Bluesky: the DID, so handle and DID do not count twice)."""
    if u is None:
        return None
    return u.uid if u.platform == "bluesky" else u.key


def account_truth(
    platform: str,
    me: User,
    items: list[Item],
    *,
    window: Window,
    tz: str,
    others_platforms: dict[str, list[Item]],
    has_others: bool,
    has_clients: bool,
    counts: dict[str, bool],
) -> dict:
    """Expected values of the metrics for one (platform, account)."""
    data = [i for i in items if in_data(i)]
    own = sorted((i for i in data if i.author is me), key=lambda i: (i.ts, i.id))
    n = len(own)
    me_id = identity(me)

    def parent_user(i: Item) -> User | None:
        return i.parent.author if i.parent is not None else i.parent_user

    def is_self_thread(i: Item) -> bool:
        pu = parent_user(i)
        return i.kind == "reply" and pu is not None and identity(pu) == me_id

    kinds = Counter(i.kind for i in own)
    self_threads = sum(1 for i in own if is_self_thread(i))
    replies_others = [i for i in own if i.kind == "reply" and not is_self_thread(i)]
    out: dict = {"n_items": n, "own_by_kind": dict(sorted(kinds.items()))}
    out["posts_per_day"] = round(n / window.days, 6)
    out["reply_share"] = _ratio(len(replies_others), n)
    out["repost_share"] = _ratio(kinds.get("repost", 0), n)
    out["quote_share"] = _ratio(kinds.get("quote", 0), n)
    out["self_thread_share"] = _ratio(self_threads, n)

    # interlocutors
    def partners(pool: list[Item]) -> set[str]:
        s: set[str] = set()
        for i in pool:
            if i.kind == "reply":
                pu = parent_user(i)
                if pu is not None and identity(pu) != me_id:
                    s.add(identity(pu))
            for u in export_mentions(i):
                if identity(u) != me_id:
                    s.add(identity(u))
        return s

    inter = partners([i for i in own if i.kind != "repost"])
    out["interlocutors"] = len(inter)
    out["interlocutors_including_reposted_authors"] = len(partners(own))
    by_partner = Counter(
        identity(parent_user(i)) for i in replies_others if parent_user(i) is not None
    )
    total = sum(by_partner.values())
    out["interlocutor_concentration"] = (
        round(sum((c / total) ** 2 for c in by_partner.values()), 6) if total else None
    )
    out["top_reply_partners"] = [
        [k, c] for k, c in sorted(by_partner.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    ]

    # who talks to the account (only when others' items are in the data)
    others = [i for i in data if i.author is not me]
    if has_others:
        towards: set[str] = set()
        for i in others:
            pu = parent_user(i)
            if (pu is not None and identity(pu) == me_id) or any(
                identity(u) == me_id for u in export_mentions(i)
            ):
                towards.add(identity(i.author))
        out["reciprocity"] = _ratio(len(inter & towards), len(inter))
    else:
        out["reciprocity"] = None

    # inbound items and answers
    end_ms = window.end_ms(tz)
    if has_others:
        answers: dict[int, list[Item]] = defaultdict(list)
        for i in own:
            if i.parent is not None:
                answers[id(i.parent)].append(i)
        inbound = []
        for i in others:
            pu = parent_user(i)
            replying = i.kind == "reply" and pu is not None and identity(pu) == me_id
            mentioning = i.kind == "post" and any(identity(u) == me_id for u in i.mentions())
            if replying or mentioning:
                inbound.append(i)
        durations, delays, answered, answered_parent_in_data, n_parent_in_data = [], [], 0, 0, 0
        for i in inbound:
            first = min((a.ts for a in answers.get(id(i), [])), default=None)
            delay = (first - i.ts) / 1000 if first is not None else None
            ok = delay is not None and delay <= WEEK_S
            if ok:
                answered += 1
                delays.append(delay)
                durations.append((delay, True))
            else:
                durations.append((min(WEEK_S, max(0.0, (end_ms - i.ts) / 1000)), False))
            if i.kind == "post" or i.parent is not None:
                n_parent_in_data += 1
                answered_parent_in_data += ok
        out["inbound"] = {
            "items": len(inbound),
            "replies": sum(1 for i in inbound if i.kind == "reply"),
            "replies_to_items_outside_data": sum(
                1 for i in inbound if i.kind == "reply" and i.parent is None
            ),
            "mentions": sum(1 for i in inbound if i.kind == "post"),
            "answered_within_7_days": answered,
        }
        out["response_rate"] = _ratio(answered, len(inbound))
        out["response_rate_parent_in_data_only"] = _ratio(answered_parent_in_data, n_parent_in_data)
        km = km_median(durations)
        out["first_response_median_hours"] = round(km / 3600, 4) if km is not None else None
        med = median(delays)
        out["answered_delay_median_hours"] = round(med / 3600, 4) if med is not None else None
        # post and run
        threads: dict[str, list[Item]] = defaultdict(list)
        for i in data:
            if i.root is not None:
                threads[i.root.id].append(i)
        roots = [i for i in own if i.kind == "post"]
        drew = runs = runs_root_clock = 0
        alternations = []
        for r in roots:
            th = threads.get(r.id, [])
            theirs = [i for i in th if i.author is not me]
            if not theirs:
                continue
            drew += 1
            first = min(i.ts for i in theirs)
            mine = [i for i in th if i.author is me and i.kind == "reply" and not is_self_thread(i)]
            if not any(i.ts <= first + 7 * DAY_MS for i in mine):
                runs += 1
            if not any(i.ts <= r.ts + 7 * DAY_MS for i in mine):
                runs_root_clock += 1
        for _root_id, th in threads.items():
            sides = [i.author is me for i in sorted(th, key=lambda x: (x.ts, x.id))]
            if any(sides) and not all(sides):
                alternations.append(
                    sum(1 for a, b in zip(sides, sides[1:], strict=False) if a != b)
                )
        out["post_and_run_rate"] = _ratio(runs, drew)
        out["post_and_run_rate_7_days_from_root"] = _ratio(runs_root_clock, drew)
        out["roots_that_drew_replies"] = drew
        out["turns_per_conversation"] = (
            round(sum(alternations) / len(alternations), 4) if alternations else None
        )
        out["conversations_with_both"] = len(alternations)
    else:
        for k in (
            "response_rate",
            "first_response_median_hours",
            "post_and_run_rate",
            "turns_per_conversation",
        ):
            out[k] = None
        out["not_available"] = NOT_AVAILABLE_OWN_ONLY

    # broadcasting and automation
    out["link_share"] = _ratio(sum(1 for i in own if export_urls(i)), n)
    out["link_only_share"] = _ratio(sum(1 for i in own if i.flags & LINK_ONLY), n)
    if has_clients:
        cats = Counter(CLIENT_CATEGORY.get(i.client or "", "unknown") for i in own)
        out["automation_client_share"] = _ratio(
            sum(c for k, c in cats.items() if k in AUTOMATED), n
        )
        out["clients"] = dict(sorted(Counter(i.client for i in own).items()))
        out["client_categories"] = dict(sorted(cats.items()))
    else:
        out["automation_client_share"] = None
        out["clients"] = "not available: the export does not say which app published the posts"
    out["clock_aligned_share"] = _ratio(sum(1 for i in own if clock_aligned(i.ts)), n)
    out["clock_aligned_chance_level"] = round(4 / 3600, 6)
    # duplicates (normalisation check: exact and loose must agree for the committed sample)
    loose = {id(i): norm_loose(export_text(i)) for i in own}
    seen_loose: Counter = Counter()
    seen_exact: Counter = Counter()
    later_loose = later_exact = 0
    for i in own:
        kl = loose[id(i)]
        if not kl:  # an item without text repeats nothing
            continue
        ke = norm_exact(export_text(i))
        later_loose += seen_loose[kl] > 0
        later_exact += seen_exact[ke] > 0
        seen_loose[kl] += 1
        seen_exact[ke] += 1
    all_copies = sum(c for c in seen_loose.values() if c > 1)
    out["duplicate_share"] = _ratio(later_loose, n)
    out["duplicate_share_all_copies"] = _ratio(all_copies, n)
    out["duplicate_share_exact_text"] = _ratio(later_exact, n)
    # cross-posting
    other_texts: list[tuple[str, int]] = []
    for p, its in others_platforms.items():
        if p == platform:
            continue
        for i in its:
            k = norm_loose(export_text(i))
            if k:
                other_texts.append((k, i.ts))
    index: dict[str, list[int]] = defaultdict(list)
    for k, ts in other_texts:
        index[k].append(ts)
    cross = sum(
        1
        for i in own
        if any(abs(ts - i.ts) <= DAY_MS for ts in index.get(loose[id(i)] or "\0", []))
    )
    out["crosspost_share"] = _ratio(cross, n) if others_platforms.keys() - {platform} else None
    # language
    replies_text = [plain(i.segs) for i in replies_others]
    out["reply_sentiment"] = sentiment(replies_text)
    out["conversational_language"] = _ratio(
        sum(1 for i in own if i.flags & (QUESTION | SECOND_PERSON)), n
    )
    out["press_release_share"] = _ratio(sum(1 for i in own if i.flags & PRESS), n)
    # rhythm
    zone = ZoneInfo(tz)
    days = {utc(i.ts).astimezone(zone).date() for i in own}
    out["active_days_share"] = _ratio(
        len([d for d in days if window.first <= d <= window.last]), window.days
    )
    gaps = [(b.ts - a.ts) / 3_600_000 for a, b in zip(own, own[1:], strict=False)]
    med = median(gaps)
    out["median_gap_hours"] = round(med, 4) if med is not None else None
    if len(gaps) > 1:
        mu = sum(gaps) / len(gaps)
        sd = math.sqrt(sum((g - mu) ** 2 for g in gaps) / len(gaps))
        out["burstiness"] = round((sd - mu) / (sd + mu), 4) if sd + mu else None
    else:
        out["burstiness"] = None
    # engagement
    roots = [i for i in own if i.kind == "post"]
    eng: dict = {}
    if counts.get("likes"):
        eng["likes"] = median([i.likes or 0 for i in roots])
        eng["reposts"] = median([i.reposts or 0 for i in roots])
    if counts.get("replies"):
        eng["replies"] = median([i.n_replies for i in roots])
    out["engagement_received"] = eng or None
    out["window"] = {
        "first_day": window.first.isoformat(),
        "last_day": window.last.isoformat(),
        "days": window.days,
        "time_zone": tz,
        "end_utc": utc(end_ms).isoformat(),
    }
    if own:
        out["first_item_utc"] = utc(own[0].ts).isoformat()
        out["last_item_utc"] = utc(own[-1].ts).isoformat()
    return out


def decisions_summary(decisions, dropped: int) -> dict:
    """What the generator decided about inbound items (before the window end cut answers off)."""
    chose = [d for d in decisions if d.chose_to_answer]
    drawn = [d.drawn_delay_s for d in chose if d.drawn_delay_s is not None]
    published = [d.delay_s for d in chose if d.delay_s is not None]
    m_drawn, m_pub = median(drawn), median(published)
    return {
        "inbound_items_decided": len(decisions),
        "chose_to_answer": len(chose),
        "share_chose_to_answer": _ratio(len(chose), len(decisions)),
        "answers_dropped_after_window_end": dropped,
        "median_drawn_delay_hours": round(m_drawn / 3600, 4) if m_drawn is not None else None,
        "median_published_delay_hours": round(m_pub / 3600, 4) if m_pub is not None else None,
        "note": "drawn = the lognormal draw; published = after moving night-time answers to the morning",
    }


def intended_counts(platform: str, me: User, items: list[Item]) -> dict:
    """Rows the loaded frame should hold for this (platform, account): own by kind, others by kind."""
    data = [i for i in items if in_data(i)]
    own = Counter(i.kind for i in data if i.author is me)
    others = Counter(i.kind for i in data if i.author is not me)
    return {
        "own": dict(sorted(own.items())),
        "others": dict(sorted(others.items())),
        "total": sum(own.values()) + sum(others.values()),
    }


__all__ = [
    "DEFINITIONS",
    "account_truth",
    "decisions_summary",
    "intended_counts",
    "km_median",
    "timedelta",
]

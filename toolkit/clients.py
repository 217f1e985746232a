"""Publishing apps ("clients") and what kind of publishing they stand for.

A post's ``client`` is the app that published it: Twitter's ``source`` field
("Twitter for iPhone", "Hootsuite Inc."), Mastodon's ``application.name``
("Mastodon for iOS", "Tusky"), and so on. Scheduling tools, feed robots and
cross-posting bridges publish without a person at the keyboard at that moment,
so the share of posts they publish is a sign of broadcasting
(``automation_client_share``).

Categories
----------
``phone``
    official and third-party mobile apps ("Twitter for iPhone", "Tweetbot for
    iOS", "Mastodon for Android", "Tusky", "Mobile Web").
``web``
    the platforms' web sites and desktop apps, including TweetDeck: newsrooms
    and campaign staff use it live, so it is counted as typing by a person
    even though it can also schedule.
``scheduler``
    social-media management suites that queue posts for a set time (Hootsuite,
    Buffer, Sprout Social, SocialFlow, Later, Sprinklr, CoSchedule, Spredfast,
    Echobox, Twitter Media Studio and the ads composer).
``feed``
    robots that publish an RSS feed or a trigger automatically (twitterfeed,
    dlvr.it, IFTTT, Zapier, RSS Graffiti, NetworkedBlogs, WordPress
    Publicize / Jetpack, Feed2Toot).
``cross-post``
    another platform posting on the account's behalf (Facebook, Instagram,
    LinkedIn, Foursquare/Swarm, Tumblr, YouTube, Mastodon-Twitter bridges).
``API``
    programming libraries and bot frameworks (tweepy, twurl, Python-Twitter,
    Cheap Bots Done Quick!, Botize).
``other``
    a named app that is not in the list below (please add it).
``unknown``
    the export does not say which app published the post.

Sources of the classification: the apps' own descriptions of what they do, the
Twitter ``source`` values listed in Twitter's developer documentation and seen
in public account archives (e.g. ``andreruffert/twitter``'s ``tweets.js``, the
twarc2 test data in ``../shared/samples/twarc2``), and Mastodon
``application.name`` values in public API responses
(``../shared/samples/mastodon-api``). The list is maintained here, in one place:
add a rule to :data:`CLIENT_RULES` with a test in ``tests/test_metrics.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

#: The client categories in display order.
CATEGORIES: tuple[str, ...] = (
    "phone",
    "web",
    "scheduler",
    "feed",
    "cross-post",
    "API",
    "other",
    "unknown",
)

#: Categories whose posts count as automated publishing (``automation_client_share``).
AUTOMATED: frozenset[str] = frozenset({"scheduler", "feed", "cross-post"})

#: Ordered rules: (regular expression matched case-insensitively against the whole
#: client name, category). The first matching rule wins, so specific names come
#: before the generic "for iPhone"-style patterns.
CLIENT_RULES: tuple[tuple[str, str], ...] = (
    # --- schedulers and social-media management suites
    (r"hoot ?suite.*", "scheduler"),
    (r"buffer( app)?", "scheduler"),
    (r"sprout ?social.*", "scheduler"),
    (r"social ?flow.*", "scheduler"),
    (r"later(\.com| media)?", "scheduler"),
    (r"sprinklr.*", "scheduler"),
    (r"co ?schedule.*", "scheduler"),
    (r"spredfast.*", "scheduler"),
    (r"khoros.*", "scheduler"),
    (r"falcon(\.io| social.*)?", "scheduler"),
    (r"agorapulse.*", "scheduler"),
    (r"sendible.*", "scheduler"),
    (r"loomly.*", "scheduler"),
    (r"zoho social.*", "scheduler"),
    (r"meet ?edgar.*", "scheduler"),
    (r"social ?oomph.*", "scheduler"),
    (r"twuffer.*", "scheduler"),
    (r"post ?planner.*", "scheduler"),
    (r"crowdfire.*", "scheduler"),
    (r"echobox.*", "scheduler"),
    (r"sociallymap.*", "scheduler"),
    (r"twitter media studio", "scheduler"),
    (r"twitter (for )?advertisers( \(legacy\))?", "scheduler"),
    (r"hubspot.*", "scheduler"),
    (r"social ?pilot.*", "scheduler"),
    (r"oktopost.*", "scheduler"),
    (r"(meta|facebook) business suite", "scheduler"),
    (r"(facebook |meta )?creator studio", "scheduler"),
    (r"twitter ads( composer)?", "scheduler"),
    (r"social ?bakers.*", "scheduler"),
    (r"emplifi.*", "scheduler"),
    (r"publer.*", "scheduler"),
    (r"fedica.*", "scheduler"),
    # --- feed robots
    (r"twitter ?feed", "feed"),
    (r"dlvr\.?it", "feed"),
    (r"ifttt", "feed"),
    (r"zapier(\.com)?", "feed"),
    (r"rss ?graffiti", "feed"),
    (r"networked ?blogs", "feed"),
    (r"wordpress(\.com)?", "feed"),
    (r"jetpack.*", "feed"),
    (r"wp to twitter", "feed"),
    (r"revive (old )?(posts?|social)", "feed"),
    (r"paper\.li", "feed"),
    (r"feedburner", "feed"),
    (r"friendfeed", "feed"),
    (r"feed2toot", "feed"),
    (r"feediverse", "feed"),
    (r"mastofeed", "feed"),
    (r"rss ?to ?(twitter|mastodon|toot).*", "feed"),
    (r"(nextscripts: )?social networks auto.?poster.*", "feed"),
    # --- another platform posting on the account's behalf
    (r"facebook.*", "cross-post"),
    (r"instagram.*", "cross-post"),
    (r"linked ?in.*", "cross-post"),
    (r"foursquare.*", "cross-post"),
    (r"swarm( app)?", "cross-post"),
    (r"tumblr.*", "cross-post"),
    (r"youtube.*", "cross-post"),
    (r"google.*", "cross-post"),
    (r"pinterest.*", "cross-post"),
    (r"periscope.*", "cross-post"),
    (r"vine.*", "cross-post"),
    (r"moa( bridge)?", "cross-post"),
    (r".*(mastodon|twitter).?(twitter|mastodon).?cross.?poster.*", "cross-post"),
    (r"crossposter.*", "cross-post"),
    (r"bridgy.*", "cross-post"),
    # --- programming libraries and bot frameworks
    (r"tweepy.*", "API"),
    (r"twurl", "API"),
    (r"python.?twitter.*", "API"),
    (r"twitter4j", "API"),
    (r"twython.*", "API"),
    (r"mastodon\.py", "API"),
    (r"cheap bots,? done quick!?", "API"),
    (r"botize.*", "API"),
    (r".*\bbot\b.*", "API"),
    (r"(twitter )?api", "API"),
    # --- web sites and desktop apps (TweetDeck: typed live by staff, see module notes)
    (r"tweet ?deck.*", "web"),
    (r"twitter web (client|app)", "web"),
    (r"web( app)?", "web"),
    (r"twitter for (mac|windows|websites)", "web"),
    (r"tweetbot for mac", "web"),
    (r"twitterrific for mac", "web"),
    (r"tweetlogix for mac", "web"),
    (r"echofon for mac", "web"),
    (r"seesmic( desktop| web)?", "web"),
    (r"twhirl", "web"),
    (r"(elk|phanpy|pinafore|semaphore|mastodeck|mastodon web)", "web"),
    (r"bluesky web( app)?", "web"),
    # --- phones and tablets
    (
        r"twitter for (iphone|ipad|android.*|blackberry.*|windows phone|nokia.*|android tablets|ios)",
        "phone",
    ),
    (r"mobile web.*", "phone"),
    (r"twitter lite", "phone"),
    (r"m\.twitter\.com|mobile\.twitter\.com", "phone"),
    (r"tweetbot.*", "phone"),
    (r"twitterrific.*", "phone"),
    (r"echofon.*", "phone"),
    (r"uber ?social.*", "phone"),
    (r"plume.*", "phone"),
    (r"tweetcaster.*", "phone"),
    (r"tweetlogix.*", "phone"),
    (r"talon.*", "phone"),
    (r"fenix.*", "phone"),
    (r"tweetings.*", "phone"),
    (r"mastodon for (ios|android)", "phone"),
    (
        r"(tusky|ivory.*|toot!?|metatext|ice ?cubes.*|mona.*|moshidon|megalodon|fedilab|subway ?tooter|mammoth.*|trunks|tokodon)",
        "phone",
    ),
    (r"bluesky (for )?(ios|android)", "phone"),
    (r"(sms|txt|text message)", "phone"),
    (r".*\bfor (iphone|ipad|ios|android)\b.*", "phone"),
)

_COMPILED = tuple((re.compile(rf"(?:{pat})", re.IGNORECASE), cat) for pat, cat in CLIENT_RULES)
_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=4096)
def client_category(client: str | None) -> str:
    """The category of one client name (see the module notes and :data:`CLIENT_RULES`).

    HTML anchors (Twitter's raw ``source``) are reduced to their text first.

    Examples
    --------
    >>> client_category("Twitter for iPhone")
    'phone'
    >>> client_category('<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>')
    'web'
    >>> client_category("HootSuite"), client_category("dlvr.it"), client_category(None)
    ('scheduler', 'feed', 'unknown')
    """
    if client is None:
        return "unknown"
    name = " ".join(_TAG.sub("", client).split())
    if not name:
        return "unknown"
    for rx, cat in _COMPILED:
        if rx.fullmatch(name):
            return cat
    return "other"


def category_expr(client: pl.Expr | str = "client") -> pl.Expr:
    """A ``pl.Expr`` mapping a client column to its category (``Utf8``, never null).

    Only the distinct client names are classified in Python, so this is cheap on
    millions of rows.
    """
    col = pl.col(client) if isinstance(client, str) else client
    return col.map_batches(_categorise_series, return_dtype=pl.Utf8)


def _categorise_series(s: pl.Series) -> pl.Series:
    uniq = s.unique().drop_nulls().to_list()
    mapping = {u: client_category(u) for u in uniq}
    return s.replace_strict(mapping, default="unknown", return_dtype=pl.Utf8)


def rules_frame() -> pl.DataFrame:
    """The classification rules as a frame (pattern, category), for methods sections."""
    return pl.DataFrame(
        {"pattern": [p for p, _ in CLIENT_RULES], "category": [c for _, c in CLIENT_RULES]},
        schema={"pattern": pl.Utf8, "category": pl.Utf8},
    )

"""Text signals: questions, second-person address, self-reference, announcements, sentiment.

Two faces of the same definitions:

* per-text functions built on NLTK's :class:`~nltk.tokenize.TweetTokenizer`
  (``is_question``, ``addresses_someone``, ``refers_to_self``, ``announces``,
  ``press_release_score``, ``is_link_only``): readable, for one post at a time;
* Polars expressions (``question_expr``, ``second_person_expr``, ...) that
  reproduce the token rules with regular expressions, so that a million posts
  are scored in well under a second. ``tests/test_text.py`` checks that both
  faces agree.

The lexicons and the press-release weights are module constants, printed by
the report's methods section; change them here and nowhere else.

Sentiment uses NLTK's VADER analyser with the lexicon shipped inside the
``vadersentiment`` PyPI package (no ``nltk.download``, no network).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

# --------------------------------------------------------------------------- lexicons

#: Words that address the reader (second person); matched as whole tokens, case-insensitively.
SECOND_PERSON: tuple[str, ...] = (
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "you're",
    "youre",
    "you've",
    "you'll",
    "you'd",
    "y'all",
    "yall",
    "ya",
    "u",
    "ur",
)

#: Announcement language (press releases, statements, launches, job ads); whole words or
#: phrases, case-insensitive.
ANNOUNCEMENT_TERMS: tuple[str, ...] = (
    "announce",
    "announces",
    "announced",
    "announcing",
    "announcement",
    "statement",
    "press release",
    "press conference",
    "unveil",
    "unveils",
    "unveiled",
    "launch",
    "launches",
    "launched",
    "endorse",
    "endorses",
    "endorsed",
    "endorsement",
    "releases",
    "released",
    "pleased to",
    "proud to",
    "honored to",
    "will host",
    "will hold",
    "joined by",
    "now hiring",
    "is hiring",
    "we are hiring",
    "we're hiring",
    "apply now",
    "apply today",
    "apply here",
    "job opening",
    "open position",
    "open role",
)

#: Time-of-announcement words ("today", "tonight", ...).
TODAY_TERMS: tuple[str, ...] = (
    "today",
    "tonight",
    "this morning",
    "this afternoon",
    "this evening",
    "tomorrow",
)

#: Titles that precede a surname in third-person self-reference ("Senator Brooks").
SELF_REFERENCE_TITLES: tuple[str, ...] = (
    "Senator",
    "Sen.",
    "Governor",
    "Gov.",
    "Representative",
    "Rep.",
    "Congressman",
    "Congresswoman",
    "Mayor",
    "Councilmember",
    "Commissioner",
    "Judge",
    "Secretary",
    "President",
    "Dr.",
    "Mr.",
    "Ms.",
    "Mrs.",
)

_TITLE_WORDS = frozenset(t.rstrip(".").lower() for t in SELF_REFERENCE_TITLES)

#: Words of a display name that are not names ("Acme Careers", "Dana Brooks for Senate").
GENERIC_NAME_WORDS: frozenset[str] = frozenset(
    {
        "the", "of", "and", "for", "at", "in", "on", "by", "a", "an",
        "official", "team", "campaign", "hq", "news", "press", "office",
        "careers", "career", "jobs", "job", "hiring", "recruiting", "recruitment", "talent",
        "people", "life", "inc", "inc.", "llc", "ltd", "co", "co.", "company", "group",
        "senate", "congress", "house", "mayor", "governor", "us", "usa", "2012", "2020",
    }
)  # fmt: skip

#: Weights of the press-release score (they sum to 1; a post scores between 0 and 1).
PRESS_RELEASE_WEIGHTS: dict[str, float] = {
    "third_person_self": 0.30,  # the account names itself: "Senator Brooks will ..."
    "announcement": 0.30,  # "announces", "statement", "press release", "launch", "now hiring"
    "today": 0.10,  # "today", "tonight", "this morning"
    "no_second_person": 0.15,  # does not address the reader
    "no_question": 0.15,  # asks nothing
}

#: At most this many words (after removing links) for a text to be a bare headline.
HEADLINE_MAX_WORDS = 20

# --------------------------------------------------------------------------- regexes

# No \b or \B in these patterns: Unicode word boundaries force the Rust regex engine off its
# fast path (10-40 times slower on a million texts); explicit character classes do the same job.
_URL = r"(?i:https?://|www\.)\S+|(?i:pic\.(?:twitter|x)\.com)/\S+"
# a handle: @name, @user@host (Mastodon) or @name.domain (Bluesky: dots and dashes inside,
# never at the end, so "thanks @ann." keeps its full stop)
_MENTION = (
    r"(?:^|[^\p{L}\p{N}_@.])@[\p{L}\p{N}_]+(?:[.\-][\p{L}\p{N}_]+)*"
    r"(?:@[\p{L}\p{N}_.\-]*[\p{L}\p{N}_])?"
)
_URL_AT_END = r"(?:(?i:https?://|www\.)\S+|(?i:pic\.(?:twitter|x)\.com)/\S+)$"
_HASHTAG = r"(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]"
# Token edges as TweetTokenizer draws them: a word goes on through letters, and through an
# apostrophe, dash or underscore that is followed by a letter; a word that starts with a
# digit, '_', '#' or '@' is a different token.
_BEFORE = r"(?:^|[^\p{L}\p{N}_'\-#@]|(?:^|[^\p{L}\p{N}_#@])['\-])"
_AFTER = r"(?:$|[^\p{L}'\-_]|['\-_](?:$|[^\p{L}]))"


def _alternation(terms: Iterable[str]) -> str:
    # longest first, so "you're" is preferred to "you"
    parts = sorted(
        {r"\s+".join(re.escape(w) for w in t.split()) for t in terms}, key=len, reverse=True
    )
    return "(?:" + "|".join(parts) + ")"


def _word_regex(terms: Iterable[str], *, case_insensitive: bool = True) -> str:
    flags = "(?i)" if case_insensitive else ""
    return f"{flags}{_BEFORE}{_alternation(terms)}{_AFTER}"


_RX_SECOND = _word_regex(SECOND_PERSON)
_RX_ANNOUNCE = _word_regex(ANNOUNCEMENT_TERMS)
_RX_TODAY = _word_regex(TODAY_TERMS)

_PY_URL = re.compile(r"(?:https?://|www\.)\S+|pic\.(?:twitter|x)\.com/\S+", re.IGNORECASE)
_PY_MENTION = re.compile(r"(?:^|[^\w@.])@\w+(?:[.\-]\w+)*(?:@[\w.\-]*\w)?")
_PY_HASHTAG = re.compile(r"(?:^|[^\w&])#\w")
_PY_SPACE = re.compile(r"\s+")
#: dotted abbreviations ("U.S.", "U.K", "e.g."): their letters are no words (the "U" of
#: "U.S." is not "u" for "you"). The same pattern for Python's re and Rust's regex:
#: a letter and a dot, once or more, then a letter, after a non-letter or the start.
_ABBREV = r"(^|[\W\d_])(?:[^\W\d_]\.)+[^\W\d_]\.?"
_PY_ABBREV = re.compile(_ABBREV)

# --------------------------------------------------------------------------- tokens


@lru_cache(maxsize=2)
def _tokenizer(preserve_case: bool):
    from nltk.tokenize import TweetTokenizer

    return TweetTokenizer(preserve_case=preserve_case, reduce_len=False, strip_handles=False)


def strip_urls(text: str) -> str:
    """``text`` with links removed (``http(s)://…``, ``www.…``, ``pic.twitter.com/…``)."""
    return _PY_URL.sub(" ", text)


def tokens(text: str, *, preserve_case: bool = False) -> list[str]:
    """NLTK ``TweetTokenizer`` tokens of ``text`` with links removed and curly apostrophes straightened.

    Examples
    --------
    >>> tokens("What do YOU think? https://t.co/x")
    ['what', 'do', 'you', 'think', '?']
    """
    clean = strip_urls(text.replace("\u2019", "'"))
    return _tokenizer(preserve_case).tokenize(clean)


def _has_phrase(toks: Sequence[str], terms: Iterable[str]) -> bool:
    phrases = [t.lower().split() for t in terms]
    for i in range(len(toks)):
        for ph in phrases:
            if toks[i : i + len(ph)] == ph:
                return True
    return False


def is_question(text: str) -> bool:
    """True when a token (links excluded) contains a question mark.

    Examples
    --------
    >>> is_question("Where do you stand on the bridge?"), is_question("See https://x.org/?a=1")
    (True, False)
    """
    return any("?" in t or "\uff1f" in t for t in tokens(text))


def addresses_someone(text: str) -> bool:
    """True when the text addresses the reader in the second person (:data:`SECOND_PERSON`).

    Examples
    --------
    >>> addresses_someone("Thank you for coming!"), addresses_someone("Thanks to all who came")
    (True, False)
    >>> addresses_someone("The U.S. Senate passed it"), addresses_someone("c u there")
    (False, True)
    """
    words = set(SECOND_PERSON)
    clean = strip_urls(text.replace("\u2019", "'"))
    return any(t in words for t in tokens(_PY_ABBREV.sub(r"\1 ", clean)))


def announces(text: str) -> bool:
    """True when the text uses a word or phrase of :data:`ANNOUNCEMENT_TERMS`."""
    return _has_phrase(tokens(text), ANNOUNCEMENT_TERMS)


def mentions_today(text: str) -> bool:
    """True when the text uses a word or phrase of :data:`TODAY_TERMS`."""
    return _has_phrase(tokens(text), TODAY_TERMS)


def self_names(*names: str | None) -> list[str]:
    """The phrases by which an account refers to itself in the third person.

    From each display name: the cleaned full name ("Dana Brooks for Senate" →
    "Dana Brooks"), every word of it that is not generic (:data:`GENERIC_NAME_WORDS`)
    and has at least three letters, and "<title> <last word>" for
    :data:`SELF_REFERENCE_TITLES` (already implied by the last word; listed so the
    methods section shows them). Matching is case-sensitive, so "Brooks" the name
    is not confused with "brooks" the streams.

    Examples
    --------
    >>> self_names("Dana Brooks for Senate")[:3]
    ['Dana Brooks', 'Dana', 'Brooks']
    >>> self_names("Acme Careers")
    ['Acme Careers', 'Acme']
    >>> self_names("Senator Dana Brooks")[:3]  # the title is no name of its own
    ['Senator Dana Brooks', 'Dana', 'Brooks']
    """
    out: list[str] = []
    for name in names:
        if not name:
            continue
        clean = re.sub(r"\s*[(\[].*?[)\]]", "", name)
        clean = re.sub(r"\s+(?:for|4)\s+.*$", "", clean, flags=re.IGNORECASE)
        words = [w for w in re.findall(r"[\w.'\-]+", clean) if not w.startswith("@")]
        words = [w.strip(".'-") for w in words]
        words = [w for w in words if w]
        if not words:
            continue
        full = " ".join(words)
        # a title in the display name ("Senator Dana Brooks") is no name of its own:
        # "Senator" alone would match every other senator
        named = [
            w
            for w in words
            if w.lower() not in GENERIC_NAME_WORDS and w.lower() not in _TITLE_WORDS and len(w) >= 3
        ]
        cand = [full] + [w for w in named if not w.isdigit()]
        if len(named) >= 2:
            cand += [f"{t} {named[-1]}" for t in SELF_REFERENCE_TITLES]
        for c in cand:
            if c not in out:
                out.append(c)
    return out


def refers_to_self(text: str, names: Sequence[str]) -> bool:
    """True when the text names its own account in the third person (case-sensitive tokens).

    Mentions (``@handle``) do not count; a possessive ("Brooks's plan") does.

    Examples
    --------
    >>> refers_to_self("Brooks's plan for the valley", self_names("Dana Brooks"))
    True
    >>> refers_to_self("Trout brooks are cold", self_names("Dana Brooks"))
    False
    """
    if not names:
        return False
    toks = [re.sub(r"'s?$", "", t) for t in tokens(_PY_MENTION.sub(" ", text), preserve_case=True)]
    toks = [t for t in toks if t]
    phrases = [n.split() for n in names]
    for i in range(len(toks)):
        for ph in phrases:
            if toks[i : i + len(ph)] == ph:
                return True
    return False


def press_release_components(text: str, names: Sequence[str] = ()) -> dict[str, bool]:
    """The indicators of :data:`PRESS_RELEASE_WEIGHTS` for one text."""
    return {
        "third_person_self": refers_to_self(text, names),
        "announcement": announces(text),
        "today": mentions_today(text),
        "no_second_person": not addresses_someone(text),
        "no_question": not is_question(text),
    }


def press_release_score(text: str, names: Sequence[str] = ()) -> float:
    """Weighted sum of the press-release indicators (0 to 1; weights in :data:`PRESS_RELEASE_WEIGHTS`).

    Examples
    --------
    >>> press_release_score("Senator Brooks announces her jobs plan today", self_names("Dana Brooks"))
    1.0
    >>> press_release_score("What do you think?")
    0.0
    """
    comps = press_release_components(text, names)
    return round(sum((PRESS_RELEASE_WEIGHTS[k] for k, v in comps.items() if v), 0.0), 10)


def normalise(text: str) -> str:
    """Text for duplicate detection: lower case, links and @mentions removed, whitespace collapsed.

    Curly apostrophes are straightened, as in every other text rule.

    Examples
    --------
    >>> normalise("  Vote TODAY  @bob https://t.co/x ")
    'vote today'
    >>> normalise("Thanks @alice.bsky.social and @ann@mastodon.social, @bob.")
    'thanks and , .'
    """
    t = _PY_MENTION.sub(" ", strip_urls(text.replace("\u2019", "'"))).lower()
    return _PY_SPACE.sub(" ", t).strip()


def is_link_only(text: str, urls: Sequence[str] = ()) -> bool:
    """True for a feed-like post: one short headline line followed by one link.

    The text ends with its only link (or has no link in the text but the export
    lists one attached), and the rest is one line of at most
    :data:`HEADLINE_MAX_WORDS` words with no @mention, no #hashtag and no
    question mark. The rule is mechanical on purpose, so a reader can check it
    against any post.

    Examples
    --------
    >>> is_link_only("Budget vote delayed again http://news.example/a")
    True
    >>> is_link_only("Budget vote delayed again. What do you think? http://x.org")
    False
    >>> is_link_only("Read the plan http://x.org #jobs")
    False
    """
    t = text.replace("\u2019", "'").strip()
    links = list(_PY_URL.finditer(t))
    if links:
        if len(links) > 1 or links[0].end() != len(t):
            return False
    elif not urls:
        return False
    rest = strip_urls(t).strip()
    if "\n" in rest or "\r" in rest or _PY_MENTION.search(rest) or _PY_HASHTAG.search(rest):
        return False
    if re.search(r"[?\uff1f]", rest):
        return False
    return len(rest.split()) <= HEADLINE_MAX_WORDS


# --------------------------------------------------------------------------- expressions


#: whitespace runs to collapse to one space: runs of two or more, or a single tab or
#: newline (a lone space needs no replacing; matching only these is ~4x faster than \s+)
_WS_RUNS = r"\s{2,}|[^\S ]"


def _col(c: pl.Expr | str) -> pl.Expr:
    return pl.col(c) if isinstance(c, str) else c


def clean_expr(text: pl.Expr | str = "text") -> pl.Expr:
    """Text with links removed and curly apostrophes straightened (the input of the other expressions)."""
    return _col(text).str.replace_all("\u2019", "'", literal=True).str.replace_all(_URL, " ")


def question_expr(clean: pl.Expr | str) -> pl.Expr:
    """Boolean: the (link-free) text asks a question; see :func:`is_question`."""
    return _col(clean).str.contains(r"[?\uff1f]")


def second_person_expr(clean: pl.Expr | str) -> pl.Expr:
    """Boolean: the text addresses the reader; see :func:`addresses_someone`."""
    return _col(clean).str.replace_all(_ABBREV, "${1} ").str.contains(_RX_SECOND)


def announcement_expr(clean: pl.Expr | str) -> pl.Expr:
    """Boolean: the text uses announcement language; see :func:`announces`."""
    return _col(clean).str.contains(_RX_ANNOUNCE)


def today_expr(clean: pl.Expr | str) -> pl.Expr:
    """Boolean: the text says "today", "tonight", ...; see :func:`mentions_today`."""
    return _col(clean).str.contains(_RX_TODAY)


def self_reference_regex(names: Sequence[str]) -> str | None:
    """The case-sensitive regex that :func:`self_reference_expr` uses for these names."""
    if not names:
        return None
    before = r"(?:^|[^\p{L}\p{N}_'\-#@]|(?:^|[^\p{L}\p{N}_#@])['\-])"
    # a possessive ('s or ') may follow the name
    after = r"(?:'s?)?(?:$|[^\p{L}'\-_]|['\-_](?:$|[^\p{L}]))"
    return before + _alternation(names) + after


def self_reference_expr(clean: pl.Expr | str, names: Sequence[str]) -> pl.Expr:
    """Boolean: the text names the account in the third person; see :func:`refers_to_self`."""
    rx = self_reference_regex(names)
    if rx is None:
        return pl.lit(False)
    return _col(clean).str.replace_all(_MENTION, " ").str.contains(rx)


def press_release_expr(
    *,
    third_person_self: pl.Expr,
    announcement: pl.Expr,
    today: pl.Expr,
    second_person: pl.Expr,
    question: pl.Expr,
) -> pl.Expr:
    """The press-release score (Float64, 0 to 1) from its indicator expressions."""
    w = PRESS_RELEASE_WEIGHTS
    return (
        third_person_self.cast(pl.Float64) * w["third_person_self"]
        + announcement.cast(pl.Float64) * w["announcement"]
        + today.cast(pl.Float64) * w["today"]
        + (~second_person).cast(pl.Float64) * w["no_second_person"]
        + (~question).cast(pl.Float64) * w["no_question"]
    )


def normalised_expr(text: pl.Expr | str = "text") -> pl.Expr:
    """Text for duplicate detection; see :func:`normalise`."""
    return (
        _col(text)
        .str.replace_all(_URL, " ")
        .str.replace_all(_MENTION, " ")
        .str.to_lowercase()
        .str.replace_all(_WS_RUNS, " ")
        .str.strip_chars()
    )


def link_only_expr(text: pl.Expr | str = "text", urls: pl.Expr | str = "urls") -> pl.Expr:
    """Boolean: one short headline line followed by one link; see :func:`is_link_only`."""
    t = _col(text).str.replace_all("\u2019", "'", literal=True).str.strip_chars()
    n_links = t.str.count_matches(_URL)
    shape = ((n_links == 1) & t.str.contains(_URL_AT_END)) | (
        (n_links == 0) & (_col(urls).list.len() > 0)
    )
    rest = t.str.replace_all(_URL, " ").str.strip_chars()
    return shape & _headline(rest, rest.str.contains(r"[?\uff1f]"))


def _headline(rest: pl.Expr, question: pl.Expr) -> pl.Expr:
    # one line, no @mention, no #hashtag (one regex pass), no question, few words
    return (
        ~rest.str.contains(rf"[\n\r]|{_MENTION}|{_HASHTAG}")
        & ~question
        & (rest.str.count_matches(r"\S+") <= HEADLINE_MAX_WORDS)
    )


def add_text_signals(
    frame: pl.DataFrame,
    *,
    text: str = "text",
    urls: str = "urls",
    self_regex: str | None = None,
) -> pl.DataFrame:
    """All text signals of a frame at once, computed in stages so each regex runs once.

    Adds Boolean columns ``question``, ``second_person``, ``announcement``,
    ``today``, ``self_reference``, ``conversational`` (second person or question),
    ``link``, ``link_only``, the Float64 ``press_release`` score and the
    normalised text ``norm``. Rows whose ``text`` is null get nulls.
    ``self_regex`` names a Utf8 column holding each row's
    :func:`self_reference_regex` (null where the account's names are unknown).

    Examples
    --------
    >>> f = pl.DataFrame({"text": ["What do you think?", "Brooks announces plan today http://x.org"],
    ...                   "urls": [[], []], "rx": [None, self_reference_regex(["Brooks"])]})
    >>> add_text_signals(f, self_regex="rx").select("question", "self_reference", "link_only", "press_release").rows()
    [(True, False, False, 0.0), (False, True, True, 1.0)]
    """
    t = pl.col(text)
    staged = frame.with_columns(clean_expr(t).alias("_clean"))
    clean = pl.col("_clean")
    self_ref = (
        clean.str.replace_all(_MENTION, " ").str.contains(pl.col(self_regex).fill_null("^$"))
        if self_regex
        else pl.lit(False)
    )
    staged = staged.with_columns(
        question_expr(clean).alias("question"),
        second_person_expr(clean).alias("second_person"),
        announcement_expr(clean).alias("announcement"),
        today_expr(clean).alias("today"),
        pl.when(t.is_not_null()).then(self_ref).alias("self_reference"),
        pl.when(t.is_not_null())
        .then((pl.col(urls).list.len() > 0) | t.str.contains(r"(?i)(?:https?://|www\.)\S"))
        .alias("link"),
        clean.str.replace_all(_MENTION, " ")
        .str.to_lowercase()
        .str.replace_all(_WS_RUNS, " ")
        .str.strip_chars()
        .alias("norm"),
    )
    # link-only: the remaining checks only on rows that have a link (the minority)
    idx = staged.with_row_index("_i").filter(pl.col("link").fill_null(False))
    raw = pl.col(text).str.replace_all("\u2019", "'", literal=True).str.strip_chars()
    n_links = raw.str.count_matches(_URL)
    shape = ((n_links == 1) & raw.str.contains(_URL_AT_END)) | (
        (n_links == 0) & (pl.col(urls).list.len() > 0)
    )
    # (in steps, each on the rows the previous one kept: the shape, then the headline)
    shaped = idx.select("_i", "_clean", "question", shape.alias("_shape")).filter(
        pl.col("_shape") & ~pl.col("question")
    )
    sub = shaped.select("_i", _headline(clean.str.strip_chars(), pl.col("question")).alias("_lo"))
    link_only = np.zeros(staged.height, dtype=bool)
    link_only[sub["_i"].to_numpy()] = sub["_lo"].to_numpy()
    null = staged[text].is_null().to_numpy()
    out = staged.with_columns(
        pl.Series("link_only", link_only).scatter(np.nonzero(null)[0], None)
        if null.any()
        else pl.Series("link_only", link_only),
    )
    return out.with_columns(
        (pl.col("second_person") | pl.col("question")).alias("conversational"),
        press_release_expr(
            third_person_self=pl.col("self_reference"),
            announcement=pl.col("announcement"),
            today=pl.col("today"),
            second_person=pl.col("second_person"),
            question=pl.col("question"),
        ).alias("press_release"),
    ).drop("_clean")


# --------------------------------------------------------------------------- sentiment


def vader_lexicon_path() -> Path:
    """The VADER lexicon file shipped inside the ``vadersentiment`` package."""
    import vaderSentiment

    return Path(vaderSentiment.__file__).resolve().parent / "vader_lexicon.txt"


def _fast_vader_class():
    """NLTK's VADER with a faster word splitter; scores are identical (tested against NLTK's).

    NLTK's ``SentiText._words_plus_punc`` builds, for every text, a dictionary of
    every word glued to each of its 17 punctuation marks, only to strip that
    punctuation from tokens; it takes over half of the scoring time. Here each
    token is checked directly: a token that is a word of the text plus one of the
    punctuation marks before or after it becomes the word. The words contain no
    punctuation, so there is exactly one way to split such a token, as in NLTK's
    dictionary.
    """
    from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText, VaderConstants

    class FastSentiText(SentiText):
        _mark_chars = frozenset("".join(VaderConstants.PUNC_LIST))

        def _words_and_emoticons(self):
            words = {
                w for w in self.REGEX_REMOVE_PUNCTUATION.sub("", self.text).split() if len(w) > 1
            }
            wes = [we for we in self.text.split() if len(we) > 1]
            marks = self._mark_chars
            for i, we in enumerate(wes):
                # every mark starts and ends with one of these characters: a token that
                # neither starts nor ends with one cannot lose a mark (most tokens)
                if we[0] not in marks and we[-1] not in marks:
                    continue
                for p in self.PUNC_LIST:
                    if we.endswith(p) and we[: -len(p)] in words:
                        wes[i] = we[: -len(p)]
                        break
                    if we.startswith(p) and we[len(p) :] in words:
                        wes[i] = we[len(p) :]
                        break
            return wes

    class FastVader(SentimentIntensityAnalyzer):
        def polarity_scores(self, text):
            # the body of nltk.sentiment.vader.SentimentIntensityAnalyzer.polarity_scores
            # (NLTK 3.9+), with FastSentiText in place of SentiText
            if not isinstance(text, str):
                text = str(text)
            sentitext = FastSentiText(
                text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION
            )
            sentiments = []
            words_and_emoticons = sentitext.words_and_emoticons
            first_index = {}
            for idx, token in enumerate(words_and_emoticons):
                if token not in first_index:
                    first_index[token] = idx
            for item in words_and_emoticons:
                valence = 0
                i = first_index[item]
                if (
                    i < len(words_and_emoticons) - 1
                    and item.lower() == "kind"
                    and words_and_emoticons[i + 1].lower() == "of"
                ) or item.lower() in self.constants.BOOSTER_DICT:
                    sentiments.append(valence)
                    continue
                sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
            sentiments = self._but_check(words_and_emoticons, sentiments)
            return self.score_valence(sentiments, text)

    return FastVader


def _lexicon_uri() -> str:
    import nltk

    path = vader_lexicon_path()
    if str(path.parent) not in nltk.data.path:
        nltk.data.path.append(str(path.parent))
    return path.as_uri()


@lru_cache(maxsize=1)
def reference_analyser():
    """NLTK's own ``SentimentIntensityAnalyzer`` with the packaged lexicon (the reference)."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer(lexicon_file=_lexicon_uri())


@lru_cache(maxsize=1)
def analyser():
    """NLTK's VADER analyser with the lexicon of the ``vadersentiment`` package (built once).

    NLTK refuses files outside its data folders, so the package folder is added
    to ``nltk.data.path`` first (route B in ``TOOLING.md``); nothing is downloaded.
    It splits words faster than NLTK's own class and gives the same scores
    (``tests/test_text.py`` compares it with :func:`reference_analyser`).
    """
    return _fast_vader_class()(lexicon_file=_lexicon_uri())


@lru_cache(maxsize=1)
def _emoji_descriptions() -> dict[str, str]:
    path = vader_lexicon_path().parent / "emoji_utf8_lexicon.txt"
    out = {}
    for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        out[emoji] = description
    return out


def describe_emoji(text: str) -> str:
    """Emoji replaced by their words ("😊" → "smiling face with smiling eyes"), as VADER's authors do.

    The ``vadersentiment`` package does this before scoring, with the emoji lexicon
    it ships; NLTK's port of VADER does not, and would read "Thanks! 😊" as
    neutral as "Thanks!". The translation is the package's, character by character.

    Examples
    --------
    >>> describe_emoji("Thanks!😊")
    'Thanks! smiling face with smiling eyes'
    """
    if text.isascii():
        return text
    emojis = _emoji_descriptions()
    if emojis.keys().isdisjoint(text):  # (most texts with accents have no emoji)
        return text.strip()
    out: list[str] = []
    prev_space = True
    for ch in text:
        description = emojis.get(ch)
        if description is not None:
            if not prev_space:
                out.append(" ")
            out.append(description)
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out).strip()


@lru_cache(maxsize=65536)
def sentiment(text: str) -> float:
    """VADER compound score of ``text`` (-1 very negative … +1 very positive).

    Links are removed and emoji put into words (:func:`describe_emoji`) first.

    Examples
    --------
    >>> sentiment("Thank you, this is wonderful!") > 0.5
    True
    >>> sentiment("See you there 😊") > sentiment("See you there")
    True
    """
    return float(analyser().polarity_scores(describe_emoji(strip_urls(text)))["compound"])


def sentiment_series(texts: pl.Series) -> pl.Series:
    """VADER compound of each text (Float64; null stays null). Each distinct text is scored once."""
    uniq = texts.unique().drop_nulls().to_list()
    mapping = {t: sentiment(t) for t in uniq}
    return texts.replace_strict(mapping, default=None, return_dtype=pl.Float64)

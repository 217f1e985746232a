"""Text signals: the NLTK token rules, the vectorised Polars rules, and that they agree."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import text as tx

NAMES = tx.self_names("Dana Brooks for Senate")

CORPUS = [
    "Thank you for coming out tonight! #RiversideRally",
    "What do YOU think about the bridge? https://t.co/abc?x=1",
    "See the plan: https://example.org/plan?id=3",
    "Senator Brooks announces her rural broadband plan today https://t.co/x1",
    "Statement from Dana Brooks on the flood relief bill",
    "Brooks's team will host a town hall this evening in Oak Falls",
    "Trout brooks are cold in spring",
    "@bob you're right, we'll fix it",
    "you-know-who was there",
    "your_name here",
    "#you #YouMatter",
    "@you hello",
    "Are y'all coming?",
    "thx u 2",
    "Budget vote delayed again http://news.example/a via @newsdesk",
    "Budget vote delayed again (via @newsdesk) http://news.example/a",
    "We did it! Thank you all http://x.org",
    "Jobs report. Read more http://x.org",
    "Now hiring: field organisers in Riverside https://jobs.example/12",
    "¿Vienes? ¡Claro que sí! https://x.org",
    "Große Freude in München https://x.org",
    "I’m proud to be endorsed by the nurses’ union",
    "The campaign launches its ad tomorrow",
    "you",
    "",
    "   ",
    "Dana",
    "DANA BROOKS IS LIVE",
    "email me at dana@brooks.example",
    "Who's ready for tonight??",
    "Line one\nLine two https://x.org",
]


def frame(texts):
    rx = tx.self_reference_regex(NAMES)
    return pl.DataFrame({"text": texts, "urls": [[] for _ in texts], "rx": [rx] * len(texts)})


def vectorised(texts):
    return tx.add_text_signals(frame(texts), self_regex="rx")


def scalar(t):
    return {
        "question": tx.is_question(t),
        "second_person": tx.addresses_someone(t),
        "announcement": tx.announces(t),
        "today": tx.mentions_today(t),
        "self_reference": tx.refers_to_self(t, NAMES),
        "link_only": tx.is_link_only(t),
        "press_release": tx.press_release_score(t, NAMES),
        "norm": tx.normalise(t),
    }


COLUMNS = [
    "question",
    "second_person",
    "announcement",
    "today",
    "self_reference",
    "link_only",
    "press_release",
    "norm",
]


@pytest.mark.parametrize("text", CORPUS)
def test_vectorised_rules_agree_with_the_token_rules(text):
    got = vectorised([text]).select(COLUMNS).row(0, named=True)
    want = scalar(text)
    assert got["press_release"] == pytest.approx(want.pop("press_release"))
    got.pop("press_release")
    assert got == want


WORDS = [
    "you", "You", "YOU", "your", "you're", "you’re", "yours", "u", "ur", "ya", "y'all", "young", "youth",
    "Dana", "Brooks", "Brooks's", "brooks", "announces", "announced", "statement", "press", "release",
    "today", "Today", "tonight", "this", "morning", "we", "I", "our", "plan", "roads", "@you", "#you",
    "you-know", "you_", "2you", "x", "?", "!", ".", ",", "'", "-", "(via", "@news)", "via", "@news",
    "https://t.co/a?b", "www.example.org", "Sen.", "Senator", "now", "hiring", "apply", "🙂", "é",
]  # fmt: skip
SEPS = [" ", " ", " ", ", ", "! ", "? ", ". ", " - ", "\n"]

sentences = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), min_size=0, max_size=14
).map(lambda parts: "".join(w + s for w, s in parts).strip())


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(sentences, min_size=1, max_size=10))
def test_vectorised_rules_agree_on_generated_sentences(texts):
    got = vectorised(texts).select(COLUMNS).rows(named=True)
    for t, g in zip(texts, got, strict=True):
        want = scalar(t)
        assert g["press_release"] == pytest.approx(want.pop("press_release")), t
        g.pop("press_release")
        assert g == want, t


def test_question_ignores_question_marks_inside_links():
    assert tx.is_question("See https://x.org/?a=1") is False
    assert tx.is_question("Is it https://x.org/?a=1 ?") is True


def test_self_names_and_case_sensitive_self_reference():
    assert NAMES[:3] == ["Dana Brooks", "Dana", "Brooks"]
    assert "Senator Brooks" in NAMES
    assert tx.refers_to_self("Brooks's plan", NAMES)
    assert not tx.refers_to_self("trout brooks", NAMES)
    assert not tx.refers_to_self("Thanks @Brooks", NAMES)
    assert tx.self_names("Acme Careers") == ["Acme Careers", "Acme"]


def test_press_release_weights_are_printed_constants_that_sum_to_one():
    assert sum(tx.PRESS_RELEASE_WEIGHTS.values()) == pytest.approx(1.0)
    assert set(tx.PRESS_RELEASE_WEIGHTS) == set(tx.press_release_components("x", NAMES))
    assert "announce" in tx.ANNOUNCEMENT_TERMS and "statement" in tx.ANNOUNCEMENT_TERMS
    assert "today" in tx.TODAY_TERMS


def test_link_only_headlines():
    assert tx.is_link_only("Budget vote delayed again http://news.example/a")
    assert tx.is_link_only("Our team knocked on doors in Albion. Volunteer: http://x.example/1")
    assert tx.is_link_only("https://only.a.link/")
    assert not tx.is_link_only("Budget vote delayed again")  # no link
    assert not tx.is_link_only("Budget vote delayed http://news.example/a via @newsdesk")  # mention
    assert not tx.is_link_only("New role in Oslo https://jobs.example/1 #hiring")  # hashtag
    assert not tx.is_link_only("Two links http://a.example http://b.example")
    assert not tx.is_link_only("What now? http://x.org")
    assert not tx.is_link_only("Line one\nLine two http://x.org")
    assert not tx.is_link_only(" ".join(["word"] * 21) + " http://x.org")
    # the link may be only in the export's url list (an attachment)
    assert tx.is_link_only("Headline", urls=["http://x.org"])


def test_normalise_for_duplicates():
    assert tx.normalise("Vote TODAY @bob  https://t.co/1") == tx.normalise(
        "vote today https://t.co/2 @ann"
    )


# --------------------------------------------------------------------------- sentiment


REPLIES = CORPUS + [
    "I love it!!!", "not bad, but not great...", "@bob thanks so much :)", "WHAT a DISASTER",
    "kind of ok", "This is the worst, most dishonest campaign ever.", "Great question!! Thanks :D",
    "You are NOT telling the truth!?", "meh.", "\"quoted\" 'single' words...", "sooooo good",
]  # fmt: skip


@pytest.mark.parametrize("t", REPLIES)
def test_fast_vader_equals_nltk_vader(t):
    assert tx.analyser().polarity_scores(t) == tx.reference_analyser().polarity_scores(t)


@settings(max_examples=300, deadline=None)
@given(
    t=st.lists(
        st.sampled_from(
            list("abcGOOD bad!?.,;:'\"-:)(")
            + [" love ", " not ", " but ", " very ", " kind of ", "!!! "]
        ),
        max_size=40,
    ).map("".join)
)
def test_fast_vader_equals_nltk_vader_on_generated_text(t):
    assert tx.analyser().polarity_scores(t) == tx.reference_analyser().polarity_scores(t)


def test_sentiment_uses_the_packaged_lexicon_without_downloading(monkeypatch):
    import nltk

    def refuse(*a, **k):
        raise AssertionError("nltk.download must not be called")

    monkeypatch.setattr(nltk, "download", refuse)
    tx.analyser.cache_clear()
    assert tx.vader_lexicon_path().is_file()
    assert tx.analyser().polarity_scores("Thank you, wonderful!")["compound"] > 0.5
    assert tx.sentiment("This is terrible") < -0.3
    s = tx.sentiment_series(pl.Series(["Thank you!", None, "Thank you!"]))
    assert s[0] == s[2] > 0 and s[1] is None


def test_a_dotted_abbreviation_is_no_second_person():
    """The "U" of "U.S." is not text-speak "u" for "you", in the token rule and the vectorised one."""
    texts = [
        "The U.S. Senate passed the bill today",
        "U.K. and U.N. talks",
        "c u at the hall",
        "e.g. you",
    ]
    assert [tx.addresses_someone(t) for t in texts] == [False, False, True, True]
    got = vectorised(texts)["second_person"].to_list()
    assert got == [False, False, True, True]

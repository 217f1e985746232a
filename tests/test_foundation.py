"""The foundation: schema, accounts file, Archive operations, registry errors, CLI, packaging."""

from __future__ import annotations

import tomllib
import warnings
from datetime import UTC, datetime

import polars as pl
import pytest

import toolkit
from toolkit.accounts import read_accounts
from toolkit.archive import Archive
from toolkit.cli import main
from toolkit.errors import (
    AccountsFileError,
    InputError,
    SchemaError,
    ToolkitError,
    UnknownFormatError,
)
from toolkit.schema import POSTS_SCHEMA, posts_from_rows, validate
from toolkit.sources import FileLog, Owner, assemble

from .conftest import ROOT


def t(hour: int, day: int = 1) -> datetime:
    return datetime(2012, 9, day, hour, tzinfo=UTC)


def row(post_id, author, hour, kind="post", account=None, **kw):
    return dict(
        platform="twitter",
        account=account,
        post_id=post_id,
        author=author,
        created_at=t(hour),
        text=kw.pop("text", f"text {post_id}"),
        kind=kind,
        conversation_id=kw.pop("conversation_id", post_id),
        source_file=kw.pop("source_file", "archive.zip!data/tweets.js"),
        **kw,
    )


# ----------------------------------------------------------------------------- schema


def test_validate_names_every_missing_and_mistyped_column():
    frame = pl.DataFrame({"post_id": [1], "author": ["a"]})
    with pytest.raises(SchemaError) as err:
        validate(frame)
    msg = str(err.value)
    assert "column 'post_id' is Int64, expected String" in msg
    assert "missing column 'platform'" in msg
    assert "missing column 'created_at'" in msg


def test_posts_from_rows_fills_optional_columns_and_rejects_typos():
    f = posts_from_rows([row("1", "cand", 1, account="cand")])
    assert list(f.schema) == list(POSTS_SCHEMA)
    assert f["mentions"].to_list() == [[]]
    assert f["likes"].to_list() == [None]
    with pytest.raises(SchemaError, match="unknown posts column"):
        posts_from_rows([row("1", "cand", 1, account="cand", favourites=3)])


def test_unknown_kind_is_a_schema_error():
    with pytest.raises(SchemaError, match="'kind' has value"):
        posts_from_rows([row("1", "cand", 1, kind="tweet", account="cand")])


def test_null_account_only_allowed_in_partial_frames():
    with pytest.raises(SchemaError, match="'account' has 1 null"):
        posts_from_rows([row("1", "bob", 1)])
    assert posts_from_rows([row("1", "bob", 1)], partial=True).height == 1


# ----------------------------------------------------------------------------- accounts file


def test_accounts_file_maps_handles_across_platforms(tmp_path):
    p = tmp_path / "accounts.toml"
    p.write_text(
        '[alex]\nname = "Alex Rivera"\ngroup = "Prairie Party"\ntimezone = "America/Chicago"\n'
        'twitter = "@AlexRivera"\nfacebook = "Alex Rivera"\n\n'
        '[press]\nname = "The Courier"\nstudied = false\ntwitter = ["courier", "courier_news"]\n'
    )
    acc = read_accounts(p)
    assert [x.id for x in acc.people] == ["alex", "press"]
    assert acc.studied_handles("twitter") == {"alexrivera"}
    assert acc.person_for("facebook", "alex rivera").name == "Alex Rivera"
    assert acc.person_for("twitter", "COURIER_NEWS").id == "press"


def test_accounts_file_unknown_key_names_the_line(tmp_path):
    p = tmp_path / "accounts.toml"
    p.write_text('[alex]\nname = "Alex"\n\ntwiter = "alex"\n')
    with pytest.raises(AccountsFileError, match=r"accounts.toml:4: unknown key 'twiter'"):
        read_accounts(p)


def test_accounts_file_handle_claimed_twice(tmp_path):
    p = tmp_path / "accounts.toml"
    p.write_text('[a]\ntwitter = "same"\n\n[b]\ntwitter = "Same"\n')
    with pytest.raises(
        AccountsFileError, match=r":5: twitter handle 'same' is claimed by both \[a\] and \[b\]"
    ):
        read_accounts(p)


def test_accounts_file_bad_toml_and_bad_timezone(tmp_path):
    p = tmp_path / "accounts.toml"
    p.write_text("[a\n")
    with pytest.raises(AccountsFileError, match="not valid TOML"):
        read_accounts(p)
    p.write_text('[a]\ntimezone = "Mars/Olympus"\n')
    with pytest.raises(AccountsFileError, match="unknown time zone"):
        read_accounts(p)


# ----------------------------------------------------------------------------- assembling an archive


def conversation_with_a_citizen():
    """The candidate posts, Bob replies, Carol replies to Bob, the candidate answers Bob;
    Dan tweets about something else. The candidate's answer is in both files."""
    own = posts_from_rows(
        [
            row("1", "cand", 1, account="cand"),
            row(
                "3",
                "cand",
                3,
                "reply",
                account="cand",
                reply_to_id="2",
                reply_to_author="bob",
                conversation_id="1",
            ),
        ],
        partial=True,
    )
    src = "collection.jsonl"
    collected = posts_from_rows(
        [
            row(
                "2",
                "bob",
                2,
                "reply",
                reply_to_id="1",
                reply_to_author="cand",
                conversation_id="1",
                source_file=src,
            ),
            row(
                "4",
                "carol",
                2,
                "reply",
                reply_to_id="2",
                reply_to_author="bob",
                conversation_id="1",
                source_file=src,
            ),
            row("5", "dan", 2, source_file=src),
            row(
                "3",
                "cand",
                3,
                "reply",
                reply_to_id="2",
                reply_to_author="bob",
                conversation_id="1",
                source_file=src,
                likes=4,
            ),
        ],
        partial=True,
    )
    logs = [
        FileLog("archive.zip!data/tweets.js", "twitter", read=2),
        FileLog(src, "twitter-api", read=4),
    ]
    return assemble(
        [own, collected], logs, [Owner("twitter", "cand", "Candidate")], read_accounts(None)
    )


def test_collection_rows_belong_to_the_studied_account_whose_conversation_they_are():
    arc = conversation_with_a_citizen()
    assert dict(zip(arc.posts["post_id"], arc.posts["account"], strict=True)) == {
        "1": "cand",
        "2": "cand",
        "3": "cand",
        "4": "cand",
    }
    log = {r["source_file"]: r for r in arc.log.iter_rows(named=True)}
    assert log["collection.jsonl"]["rows_kept"] == 3
    assert log["collection.jsonl"]["skipped"] == [
        {"reason": "not in a conversation with a studied account", "count": 1}
    ]
    for r in arc.log.iter_rows(named=True):
        assert r["rows_kept"] + r["rows_skipped"] == r["records_read"]


def test_duplicates_keep_the_richer_row_and_are_noted():
    arc = conversation_with_a_citizen()
    assert arc.posts.filter(pl.col("post_id") == "3")["likes"].to_list() == [4]
    combine = arc.log.filter(pl.col("format") == "combine")
    assert "1 row(s) appeared in more than one input file" in combine["notes"][0][0]


def test_summary_says_what_the_data_allow():
    s = conversation_with_a_citizen().summary().row(0, named=True)
    assert (s["posts"], s["replies_to_others"], s["self_thread"], s["from_others"]) == (1, 1, 0, 2)
    assert s["data"] == "own posts and replies from others"
    assert s["display_name"] == "Candidate"


def test_filter_parquet_roundtrip_and_combine(tmp_path):
    arc = conversation_with_a_citizen()
    assert arc.filter(since="2012-09-01", until="2012-09-01").posts.height == 4
    assert arc.filter(until=datetime(2012, 9, 1, 2, tzinfo=UTC)).posts.height == 3
    assert arc.filter(platforms=["facebook"]).posts.height == 0
    assert arc.filter(accounts="Candidate").posts.height == 4
    back = Archive.read_parquet(arc.to_parquet(tmp_path / "pq"))
    assert back.posts.equals(arc.posts)
    assert back.accounts.equals(arc.accounts)
    assert back.log.equals(arc.log)
    both = Archive.combine([arc, back])
    assert both.posts.height == arc.posts.height


def test_convokit_shape():
    utts = conversation_with_a_citizen().to_convokit()
    assert utts.columns[:6] == ["id", "speaker", "conversation_id", "reply_to", "timestamp", "text"]
    assert utts.filter(pl.col("id") == "twitter:4")["reply_to"].item() == "twitter:2"


# ----------------------------------------------------------------------------- detection and CLI


def test_unknown_input_lists_the_formats(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("not an export at all\n")
    with pytest.raises(UnknownFormatError, match="supported formats: .*twitter"):
        toolkit.load(p)


def test_missing_path_and_truncated_zip(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        toolkit.load(tmp_path / "nope.zip")
    bad = tmp_path / "archive.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 20)
    with pytest.raises(ToolkitError, match="archive.zip"):
        toolkit.load(bad)


def test_cli_errors_are_one_line_with_exit_code_2(tmp_path, capsys):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    assert main(["summary", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1


def test_cli_formats_lists_the_registry(capsys):
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    for name in toolkit.sources.REGISTRY:
        assert name in out


# ----------------------------------------------------------------------------- packaging


def test_public_surface_is_deliberate():
    assert toolkit.__all__ == [
        "Archive",
        "ToolkitError",
        "__version__",
        "charts",
        "load",
        "metrics",
        "report",
    ]


def test_environment_yml_installs_this_package_with_the_same_python():
    env = (ROOT / "environment.yml").read_text()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["name"] == "toolkit"
    assert "python=3.11" in env and meta["project"]["requires-python"] == ">=3.11"
    assert "- -e .[dev]" in env


def test_readme_formats_table_matches_the_registry():
    from toolkit.sources import formats_markdown

    readme = (ROOT / "README.md").read_text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = formats_markdown()
    assert table in readme, (
        "README formats table is stale: paste the output of `toolkit formats --markdown`"
    )


def test_list_items_holding_the_internal_separator_are_not_split():
    from toolkit.schema import string_lists
    from toolkit.sources._io import Rows

    rows = Rows()
    rows.add("1", "cand", "2012-09-01T10:00:00Z", "hi", "post", hashtags=["a\x1fb", "c"], urls=[])
    raw = rows.raw()
    assert raw["hashtags"].to_list() == [["a\ufffdb", "c"]]
    assert raw["urls"].to_list() == [[]]
    assert string_lists("t", [["a\x1fb", "c"], None]).to_list() == [["a\x1fb", "c"], []]


def test_no_gc_is_shared_by_overlapping_threads_and_restored_by_the_last():
    import gc
    import threading

    from toolkit._switch import no_gc

    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with no_gc():
            inside.set()
            leave.wait()

    t = threading.Thread(target=worker)
    t.start()
    inside.wait()
    with no_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    t.join()
    assert gc.isenabled()
    gc.disable()  # a collector that was off stays off
    try:
        with no_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_inputs_never_list_what_macos_adds_to_a_zip_or_folder(tmp_path):
    """Finder's Compress adds __MACOSX/ twins and .DS_Store files: no loader ever sees them."""
    from tests.conftest import finder_zip
    from toolkit.sources._io import Input

    folder = tmp_path / "export"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "tweets.js").write_text("window.YTD.tweets.part0 = []")
    z = finder_zip(folder, tmp_path / "export.zip", "export")
    assert Input(z).names() == ["export/data/tweets.js"]
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "data" / "._tweets.js").write_bytes(b"\x00\x05\x16\x07")
    assert Input(folder).names() == ["data/tweets.js"]
    # a file given by name is read whatever it is called
    assert Input(folder / ".DS_Store").names() == [".DS_Store"]

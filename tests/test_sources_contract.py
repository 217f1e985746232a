"""One contract for every registered source, run over its fixtures.

Each source has fixtures in ``tests/fixtures/<source name>/`` (good inputs at the
top level; broken ones under ``bad/``). Every good input must load through
``toolkit.load``, be detected as that source, validate against the canonical
schema, have unique post ids per platform, and account for every record read.
"""

from __future__ import annotations

import warnings

import polars as pl
import pytest

import toolkit
from toolkit.schema import POSTS_SCHEMA, validate
from toolkit.sources import REGISTRY, formats

from .conftest import FIXTURES

formats()  # import every source module so the registry is complete

SKIP_NAMES = {"bad", "accounts.toml"}


def good_inputs(name: str):
    folder = FIXTURES / name
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.name not in SKIP_NAMES and not p.name.startswith((".", "_", "README"))
    )


CASES = [(name, p) for name in REGISTRY for p in good_inputs(name)]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_source_has_fixtures(name):
    assert good_inputs(name), f"no fixtures in tests/fixtures/{name}/"


@pytest.mark.parametrize(("name", "path"), CASES, ids=[f"{n}:{p.name}" for n, p in CASES])
def test_source_contract(name, path):
    accounts = path.parent / "accounts.toml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive = toolkit.load(path, accounts_file=accounts if accounts.exists() else None)
    posts = archive.posts
    validate(posts)
    assert list(posts.schema) == list(POSTS_SCHEMA)
    assert posts.height > 0
    assert posts.select(pl.struct("platform", "post_id").is_unique().all()).item()
    log = archive.log.filter(pl.col("format") != "combine")
    assert log.height >= 1
    assert all(f.startswith(name) for f in log["format"]), log["format"].to_list()
    for row in log.iter_rows(named=True):
        assert row["rows_kept"] + row["rows_skipped"] == row["records_read"], row
    # the platform of every row is the source's platform
    assert set(posts["platform"].cast(pl.Utf8)) == {REGISTRY[name].platform}
    # every account a row belongs to is listed in the accounts frame
    assert set(posts["account"]) <= set(archive.accounts["account"])

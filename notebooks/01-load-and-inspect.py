# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 1. Load and inspect archives
#
# **What is in these exports, and what can they tell?** This notebook loads one or
# more archives, shows which formats were detected, the load log (every record read,
# kept or skipped, with the reason), what each account's data allow, and a few rows.
#
# It runs on the fictional sample in `data/sample/`. For your own data, put the
# exports as downloaded in `data/raw/` (git-ignored) with an `accounts.toml`, and
# change the paths below, or type them into the box.

# %% tags=["parameters"]
ARCHIVE_PATHS = ["../data/sample"]
ACCOUNTS_FILE = "../data/sample/accounts.toml"
REPORT_PATH = "../reports/notebook-report.html"

# %%
import altair as alt
import polars as pl

import toolkit as tk
from toolkit.widgets import LoadPanel

alt.renderers.enable("html", template="inline")
pl.Config.set_tbl_rows(20)

# %% [markdown]
# Type paths (one per line) or pick files, then press **Load**.

# %%
panel = LoadPanel(ARCHIVE_PATHS, ACCOUNTS_FILE)
panel.widget()

# %%
view = panel.refresh()
archive = view["archive"]
archive

# %% [markdown]
# ## Formats detected

# %%
view["formats"]

# %% [markdown]
# ## Load log
# `records_read = rows_kept + rows_skipped` for every file; skipped records carry their reason.

# %%
view["log"]

# %% [markdown]
# ## Coverage per account
# `data` says whether replies from others are present: responsiveness can be measured only then.

# %%
view["coverage"]

# %% [markdown]
# ## A few rows of the canonical table

# %%
view["sample"]

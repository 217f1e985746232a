# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 3. Responsiveness
#
# **When people reply, does the account answer, and how fast?** Inbound items are
# replies by others to the account's items (and mentions where the collection has
# them). The Kaplan–Meier curves show the share still unanswered over time;
# unanswered items are censored at the window or the end of the data. Choose the
# window (24 h / 72 h / 7 days) and whether only business hours count.
#
# Sample data: `data/sample/`; your own exports: `data/raw/` (see notebook 1).
# An archive with own posts only cannot answer these questions: the notebook says so.

# %% tags=["parameters"]
ARCHIVE_PATHS = ["../data/sample"]
ACCOUNTS_FILE = "../data/sample/accounts.toml"
REPORT_PATH = "../reports/notebook-report.html"

# %%
import altair as alt

import toolkit as tk
from toolkit.widgets import ResponsivenessExplorer

alt.renderers.enable("html", template="inline")
archive = tk.load(*ARCHIVE_PATHS, accounts_file=ACCOUNTS_FILE)

# %%
explorer = ResponsivenessExplorer(archive)
explorer.widget()

# %% [markdown]
# ## Inbound items (first rows)

# %%
explorer.view["inbound"].head(10)

# %% [markdown]
# ## Response metrics with their definitions

# %%
cat = tk.metrics.catalog().select("name", "definition")
explorer.view["results"].join(cat, left_on="metric", right_on="name", how="left").select(
    "display_name", "metric", "value", "ci_low", "ci_high", "n", "status", "definition"
)

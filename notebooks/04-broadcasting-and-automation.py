# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 4. Broadcasting and automation
#
# **Is a person typing, or a machine publishing?** Which apps published the posts
# (phone, web, scheduler, feed, cross-posting), how many posts land exactly on the
# quarter hour (scheduling) against the 4 in 60 expected by chance, duplicates,
# the same text on several platforms within 24 h, and press-release language, with
# example posts (people who are not studied can be pseudonymised).
#
# Sample data: `data/sample/`; your own exports: `data/raw/` (see notebook 1).

# %% tags=["parameters"]
ARCHIVE_PATHS = ["../data/sample"]
ACCOUNTS_FILE = "../data/sample/accounts.toml"
REPORT_PATH = "../reports/notebook-report.html"

# %%
import altair as alt

import toolkit as tk
from toolkit.widgets import BroadcastExplorer

alt.renderers.enable("html", template="inline")
archive = tk.load(*ARCHIVE_PATHS, accounts_file=ACCOUNTS_FILE)

# %%
explorer = BroadcastExplorer(archive)
explorer.widget()

# %% [markdown]
# ## Broadcast and automation metrics with their definitions

# %%
cat = tk.metrics.catalog().select("name", "definition")
explorer.view["results"].join(cat, left_on="metric", right_on="name", how="left").select(
    "display_name", "metric", "value", "ci_low", "ci_high", "n", "status", "definition"
)

# %% [markdown]
# ## Posts that read most like press releases

# %%
explorer.view["examples"]

# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 2. Conversation habits compared
#
# **Do these accounts talk with people, or at them?** Pick people, a period and
# platforms: the post mix (how much is a reply to someone else), who they talk
# with, and the scorecard of every metric with its 95 % interval follow. Each
# chart's definition is printed from the metric catalog.
#
# Sample data: `data/sample/`; your own exports: `data/raw/` (see notebook 1).

# %% tags=["parameters"]
ARCHIVE_PATHS = ["../data/sample"]
ACCOUNTS_FILE = "../data/sample/accounts.toml"
REPORT_PATH = "../reports/notebook-report.html"

# %%
import altair as alt

import toolkit as tk
from toolkit.widgets import HabitsExplorer

alt.renderers.enable("html", template="inline")
archive = tk.load(*ARCHIVE_PATHS, accounts_file=ACCOUNTS_FILE)

# %%
explorer = HabitsExplorer(archive)
explorer.widget()

# %% [markdown]
# ## The numbers behind the charts

# %%
explorer.view["results"].select(
    "display_name", "metric", "value", "ci_low", "ci_high", "n", "status"
)

# %%
tk.metrics.catalog().select("name", "title", "definition")

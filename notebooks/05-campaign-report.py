# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # 5. Campaign comparison report
#
# **The publishable comparison.** A parameterised notebook (papermill): set the
# archive paths, accounts file, period and title in the parameters cell, run it,
# and it writes the same standalone HTML report as
# `toolkit report PATHS --accounts FILE -o REPORT_PATH`, with the same numbers.
#
# Run it headless: `papermill 05-campaign-report.ipynb out.ipynb -p TITLE "..."`;
# export it with the code hidden: `jupyter nbconvert --to html --no-input out.ipynb`.
# Your own exports go in `data/raw/` (see notebook 1).

# %% tags=["parameters"]
ARCHIVE_PATHS = ["../data/sample"]
ACCOUNTS_FILE = "../data/sample/accounts.toml"
REPORT_PATH = "../reports/notebook-report.html"
SINCE = None
UNTIL = None
TITLE = None
PSEUDONYMISE = False

# %%
import polars as pl

import toolkit as tk

archive = tk.load(*ARCHIVE_PATHS, accounts_file=ACCOUNTS_FILE)
archive.summary()

# %% [markdown]
# ## The metric table (the same numbers as the report)

# %%
results = tk.metrics.compute(archive.filter(since=SINCE, until=UNTIL), by="person")
results.filter(pl.col("period").is_null()).select(
    "display_name", "metric", "value", "ci_low", "ci_high", "n", "k", "status"
)

# %% [markdown]
# ## The report

# %%
path = tk.report.build(
    archive,
    out=REPORT_PATH,
    since=SINCE,
    until=UNTIL,
    title=TITLE,
    pseudonymise=PSEUDONYMISE,
    inputs=ARCHIVE_PATHS,
)
print(f"Report written to {path}")

"""Publishable charts: an Altair theme and the core chart set.

Every ``*_chart`` function takes tidy frames (``toolkit.metrics`` outputs, or
``archive.posts`` for plain counts), ``archive.accounts`` for names and colours,
and a ``credit`` line from :func:`credit_line`; it returns an Altair chart with
the theme applied to that chart only. No chart computes a metric, changes global
state or writes a file; :func:`save` writes HTML (offline), SVG, PNG, PDF or JSON.

>>> import toolkit as tk                                   # doctest: +SKIP
>>> a = tk.load("data/sample")                             # doctest: +SKIP
>>> c = tk.charts.post_mix_chart(tk.metrics.post_mix(a), a.accounts,
...                              tk.charts.credit_line(a))  # doctest: +SKIP
>>> tk.charts.save(c, "reports/figures/post_mix.png")      # doctest: +SKIP

The ``toolkit`` theme is registered with Altair but not enabled:
``alt.theme.enable("toolkit")`` applies it to your own charts too.
"""

from __future__ import annotations

from toolkit.charts._frames import ChartInputError
from toolkit.charts.comparison import metric_over_time_chart, post_and_run_chart, scorecard_chart
from toolkit.charts.export import save
from toolkit.charts.habits import clients_chart, post_mix_chart, posts_per_week_chart, rhythm_chart
from toolkit.charts.interlocutors import interlocutors_chart, lorenz_chart
from toolkit.charts.responsiveness import response_curves_chart
from toolkit.charts.theme import (
    OKABE_ITO,
    Credit,
    account_colours,
    colour_scale,
    credit_line,
    period_label,
    register_theme,
)

register_theme()

__all__ = [
    "OKABE_ITO",
    "ChartInputError",
    "Credit",
    "account_colours",
    "clients_chart",
    "colour_scale",
    "credit_line",
    "interlocutors_chart",
    "lorenz_chart",
    "metric_over_time_chart",
    "period_label",
    "post_and_run_chart",
    "post_mix_chart",
    "posts_per_week_chart",
    "register_theme",
    "response_curves_chart",
    "rhythm_chart",
    "save",
    "scorecard_chart",
]

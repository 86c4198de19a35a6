"""Charts of the notebooks and the report.

Each helper takes data and column names, draws on ``ax`` (a new one when None)
and returns the Axes; none touches global figure state (but :func:`show_readable`,
which shows a notebook's chart whose text matters, marked for the report). :func:`use_cjk_font`
registers the Noto Sans CJK font shipped with the ``mplfonts`` package so that
Chinese labels render on a fresh machine without system fonts.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .fonts import CJK_FONT, cjk_font_path
from .grading import top_count
from .text import t

PALETTE = ["#1f3b73", "#3f7cac", "#95b8d1", "#d9a441", "#b55d4c", "#6c757d"]


def use_cjk_font() -> str:
    """Register the CJK font and make it the first sans-serif choice; return its name."""
    font_manager.fontManager.addfont(str(cjk_font_path()))
    sans = [CJK_FONT, *[f for f in plt.rcParams["font.sans-serif"] if f != CJK_FONT]]
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": sans,
            "axes.unicode_minus": False,
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return CJK_FONT


def plain_text() -> None:
    """Text on charts as written: a tier named "Mid $5 - $10" or "Small $\\foo$" is no mathematical formula
    (security QA: the second stopped the run in the grading notebook; the first was drawn as a formula)."""
    plt.rcParams["text.parse_math"] = False


def setup(theme: str = "whitegrid") -> None:
    """Seaborn theme plus the CJK font: call once at the top of a notebook."""
    sns.set_theme(style=theme, palette=PALETTE)
    plain_text()
    use_cjk_font()
    pd.set_option("display.max_colwidth", 160)  # a rule or reason read whole in the notebooks, not cut at 50
    sharp_figures()


def sharp_figures() -> None:
    """Charts in a notebook as PNGs of twice the pixels, shown at their size: sharp on a high-resolution screen
    and in report.pdf (report QA: soft at 1:1). Nothing outside a notebook's kernel."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython comes with the notebooks
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


#: The smallest text of a chart whose text matters (a heatmap's cell labels), in CSS pixels, that a phone keeps: the
#: report shows such a chart no narrower than that asks (at most its own width) and lets it scroll sideways.
READABLE_PX = 10


def show_readable(ax) -> None:
    """Show ``ax``'s chart in a notebook as one whose text matters (a heatmap's cells), marked with the share of its
    width at which its smallest text is :data:`READABLE_PX` high (at most 1): on a phone the report keeps it that wide
    in a box that scrolls sideways, where a bar chart shrinks to the screen (QA at 390 px: the RFM grid's labels 4 px
    high). Figures drawn before it are shown first, as the cell's end would show them. Nothing for None (a chart
    left out with ``quiet``)."""
    if ax is None:
        return
    from IPython.display import display
    from matplotlib.text import Text

    figure = ax.figure
    for number in plt.get_fignums():
        other = plt.figure(number)
        if other is not figure:
            display(other)
            plt.close(other)
    sizes = [text.get_fontsize() for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip()]
    smallest = min(sizes) * figure.dpi / 72 if sizes else READABLE_PX
    display(figure, metadata={"image/png": {"kit_readable": round(min(1.0, READABLE_PX / smallest), 3)}})
    plt.close(figure)


def tier_shares(summary: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Grouped bars: share of customers and share of revenue per tier.

    ``summary`` is :func:`kit.report.tier_summary` output (``tier``,
    ``customer_share``, ``revenue_share``), highest tier first.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.8))
    long = summary.melt(
        id_vars="tier", value_vars=["customer_share", "revenue_share"],
        var_name="measure", value_name="share",
    )
    names = {"customer_share": t("col_customer_share", lang), "revenue_share": t("col_revenue_share", lang)}
    long["measure"] = long["measure"].map(names)
    long["tier"] = long["tier"].astype(str)
    sns.barplot(data=long, x="tier", y="share", hue="measure", ax=ax,
                palette=PALETTE[:2], order=summary["tier"].astype(str).tolist())
    for container in ax.containers:
        ax.bar_label(container, labels=[f"{v:.0%}" for v in container.datavalues], fontsize=8, padding=2)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set(xlabel="", ylabel=t("chart_share", lang), title=t("chart_tiers_title", lang))
    ax.set_ylim(0, max(float(long["share"].max()) * 1.15, 0.1))  # room for the labels above the tallest bar
    ax.legend(title="", frameon=False)
    return ax


def pareto_curve(df: pd.DataFrame, column: str = "revenue", *, tier: str | None = None, lang: str = "zh", ax=None):
    """Cumulative share of revenue against cumulative share of customers, largest first.

    With ``tier``, a dotted line marks where each tier ends, labelled with the
    tier above it and the cumulative revenue share reached there. Customers
    who returned more than they bought (``column`` below zero) are left out,
    and the x-axis label says how many: the shares are those of
    :func:`kit.report.tier_summary` and :func:`kit.report.top_share`.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    returned = int((df[column] < 0).sum())
    df = df[(df[column] >= 0).to_numpy()]
    values = np.sort(df[column].to_numpy(dtype=float))[::-1]
    total = values.sum()
    x = np.arange(0, len(values) + 1) / max(len(values), 1)
    y = np.concatenate([[0.0], np.cumsum(values) / total]) if total > 0 else np.zeros(len(values) + 1)
    # a few thousand points draw the same curve as half a million (it is monotone and concave)
    shown = np.unique(np.linspace(0, len(values), 4001).round().astype(int)) if len(values) > 4000 else slice(None)
    ax.plot(x[shown], y[shown], color=PALETTE[0], lw=2)
    ax.fill_between(x[shown], y[shown], color=PALETTE[2], alpha=0.3)
    if tier is not None and tier in df and len(values):
        # a line where each tier ends, customers ordered by revenue
        order = np.argsort(-df[column].to_numpy(dtype=float), kind="stable")
        tiers = df[tier].astype(str).to_numpy()[order]
        for i in np.flatnonzero(tiers[1:] != tiers[:-1]) + 1:
            ax.axvline(i / len(values), color=PALETTE[5], ls=":", lw=1)
            # the curve's height there is the share of this tier and those above it, so the label says so (the
            # top tier's alone); written up along its own line, under the curve, so that no label reads as
            # another line's (a label beside its point sat by the 20% marker: QA)
            key = "chart_pareto_top" if tiers[i - 1] == tiers[0] else "chart_pareto_upto"
            near_axis = i / len(values) < 0.04  # no room left of the line: right of it
            ax.annotate(t(key, lang, tier=tiers[i - 1], share=f"{y[i]:.0%}"),
                        (i / len(values), 0.2), xytext=(3 if near_axis else -3, 0), textcoords="offset points",
                        rotation=90, ha="left" if near_axis else "right", va="bottom", fontsize=8,
                        color=PALETTE[0], bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1})
    k = top_count(len(values))
    if k:  # of one or two customers, the top 20% is none: no marker
        share = y[k]
        ax.axvline(k / len(values), color=PALETTE[3], ls="--", lw=1)
        ax.axhline(share, color=PALETTE[3], ls="--", lw=1)
        # in the corner of the two dashed lines, under the curve and above where the tier labels start: an arrow
        # from the lower right crossed the labels written up the tier lines (QA)
        # the share of customers marked, as the key findings say it: 2 of 8 customers are 25%, not 20% (QA)
        ax.annotate(f"{k / len(values):.0%} → {share:.0%}", (k / len(values), share), xytext=(4, -4), textcoords="offset points",
                    ha="left", va="top", color=PALETTE[4],
                    bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": PALETTE[4], "pad": 2})
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    xlabel = t("chart_pareto_x", lang)
    if returned:
        xlabel += ("\n（" + t("chart_pareto_left_out", lang, n=f"{returned:,}") + "）" if lang == "zh"
                   else f"\n({t('chart_pareto_left_out', lang, n=f'{returned:,}')})")
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel=xlabel,
           ylabel=t("chart_pareto_y", lang), title=t("chart_pareto_title", lang))
    return ax


def ledger_waterfall(ledger: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Rows read, minus each reason rows were dropped or set aside, down to rows kept.

    ``ledger`` is :attr:`kit.clean.CleanResult.ledger` (all files are added up).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    flows = ledger[ledger["kind"].isin(["read", "dropped", "set_aside", "kept"])].fillna({"reason": ""})
    steps = flows.groupby(["kind", "reason"], sort=False)["rows"].sum().reset_index()
    read = int(steps.loc[steps["kind"] == "read", "rows"].sum())
    kept = int(steps.loc[steps["kind"] == "kept", "rows"].sum())
    losses = steps[steps["kind"].isin(["dropped", "set_aside"])]
    labels = [t("step_read", lang)] + [t(f"reason_{r}", lang) for r in losses["reason"]] + [t("step_kept", lang)]
    heights = [read] + losses["rows"].tolist() + [kept]
    bottoms = [0]
    level = read
    for rows in losses["rows"]:
        level -= rows
        bottoms.append(level)
    bottoms.append(0)
    colours = [PALETTE[0]] + [PALETTE[4] if k == "set_aside" else PALETTE[5] for k in losses["kind"]] + [PALETTE[1]]
    bars = ax.bar(range(len(heights)), heights, bottom=bottoms, color=colours)
    ax.bar_label(bars, labels=[f"{h:,}" for h in heights], fontsize=8, padding=2)
    ax.set_xticks(range(len(heights)), labels, rotation=25, ha="right", fontsize=8)
    ax.set(ylabel=t("col_rows", lang), title=t("chart_ledger_title", lang))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # rows: no 0.5 ticks on a small file
    lost = read - kept
    if read and 0 < lost < 0.2 * read:
        # small losses vanish on a zero-based axis: start the axis just below the rows kept, and say so
        floor = max(0, kept - 2 * lost)
        ax.set_ylim(floor, read + lost * 0.6)
        ax.set_ylabel(f"{t('col_rows', lang)}（{t('chart_axis_floor', lang, floor=f'{floor:,}')}）"
                      if lang == "zh" else f"{t('col_rows', lang)} ({t('chart_axis_floor', lang, floor=f'{floor:,}')})")
    else:
        ax.set_ylim(0, read * 1.1 if read else 1)
    return ax


def rfm_heatmap(df: pd.DataFrame, *, lang: str = "zh", ax=None, quiet: bool = False):
    """Customers by R score (rows, 5 on top) and FM score (columns), annotated with the segment.

    Without RFM scores: a note on the axes, or nothing at all with ``quiet``.
    """
    from .grading import rfm_rule_table

    if quiet and "r_score" not in df:
        return None
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.8))
    if "r_score" not in df:
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("chart_not_configured", lang, setting="grading.rfm"), ha="center", va="center")
        return ax
    fm = (df["f_score"] + df["m_score"] + 1) // 2
    counts = pd.crosstab(df["r_score"], fm).reindex(index=range(5, 0, -1), columns=range(1, 6), fill_value=0)
    table = rfm_rule_table()
    shown = _rfm_labels(df["rfm_segment"], table, (df["r_score"], fm), lang)
    annot = np.array([[f"{shown[table[r - 1, f - 1]]}\n{counts.loc[r, f]:,}"
                       for f in range(1, 6)] for r in range(5, 0, -1)])
    # 9 points, as the bar labels nearly: at 7 the grid's names and counts were the report's smallest text, 5 points
    # on an A4 page (report QA); the longest default name, Potential loyalists, still fits its cell
    sns.heatmap(counts, annot=annot, fmt="", cmap="Blues", cbar=False, ax=ax, annot_kws={"fontsize": 9},
                linewidths=0.5, linecolor="white")
    ax.set(xlabel=t("chart_rfm_x", lang), ylabel=t("chart_rfm_y", lang), title=t("chart_rfm_title", lang))
    return ax


def _rfm_labels(segments: pd.Series, table: np.ndarray, scores, lang: str) -> dict[str, str]:
    """The report's label of every RFM segment name, for empty cells too.

    The segments present give their own labels. For the others:
    :func:`kit.grading.grade_rfm` makes ``rfm_segment`` a categorical whose
    categories are the labels of :data:`kit.grading.RFM_SEGMENT_NAMES` in that
    order, empty segments included; failing that, the kit's default for ``lang``.
    """
    from .grading import RFM_SEGMENT_NAMES, RFM_SEGMENT_ZH

    r, fm = (np.asarray(s, dtype=int) for s in scores)
    # each segment's label once, as the last customer of it gives it (not a Python step per customer)
    pairs = pd.DataFrame({"name": table[r - 1, fm - 1], "label": segments.astype(str).to_numpy()})
    pairs = pairs.drop_duplicates("name", keep="last")
    seen = dict(zip(pairs["name"].tolist(), pairs["label"].tolist()))
    shown = {name: RFM_SEGMENT_ZH.get(name, name) if lang == "zh" else name for name in RFM_SEGMENT_NAMES}
    if isinstance(segments.dtype, pd.CategoricalDtype) and len(segments.cat.categories) == len(RFM_SEGMENT_NAMES):
        by_order = dict(zip(RFM_SEGMENT_NAMES, map(str, segments.cat.categories)))
        if all(by_order[name] == label for name, label in seen.items()):
            shown = by_order
    return {**shown, **seen}


def migration_heatmap(pivot: pd.DataFrame, *, lang: str = "zh", ax=None):
    """The from x to migration matrix (customers) as an annotated heatmap."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.5))
    # the cell of customers buying in neither window (not before, nor now) is left blank, not a 0, when empty
    sns.heatmap(pivot.fillna(0).astype(int), annot=True, fmt=",d", cmap="Blues", cbar=False, ax=ax,
                linewidths=0.5, linecolor="white", mask=pivot.isna().to_numpy())
    ax.grid(False)  # the blank cell shows the page, not the theme's grid lines behind it
    ax.set(xlabel=t("chart_migration_x", lang), ylabel=t("chart_migration_y", lang),
           title=t("chart_migration_title", lang))
    ax.tick_params(axis="y", rotation=0)
    _axis_titles_apart(ax)
    return ax


def _display_width(text: str) -> int:
    """Width of ``text`` in Latin letters: a Chinese character counts two."""
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)


def _tick_names(labels: list[str], ax) -> list[str] | None:
    """Tier names that stand level under their bars at 8 points, each within its bar's share of the panel's width
    (Medium potential on two lines under one of three bars, 有流失风险 as 有流失 over 风险 under one of four); None when
    one is too long even so (it is slanted then)."""
    import textwrap

    inches = ax.get_position().width * ax.figure.get_figwidth()
    room = int(inches * 72 / len(labels) / 4.4 * 0.9)  # Latin letters of 8 points each bar's slot holds, a margin left
    names = []
    for label in labels:
        if _display_width(label) <= room:
            names.append(label)
            continue
        if " " not in label.strip() and _display_width(label) >= 2 * len(label):  # Chinese breaks anywhere: 有流失/风险
            half = -(-len(label) // 2)
            lines = [label[:half], label[half:]]
        else:  # at spaces only
            lines = textwrap.wrap(label, max(room, 1), break_long_words=False)
        if len(lines) > 2 or any(_display_width(line) > room for line in lines):
            return None
        names.append("\n".join(lines))
    return names


def grader_bars(df: pd.DataFrame, columns: list[str], *, lang: str = "zh", axes=None):
    """One small bar chart per grade column: customers per tier, in tier order.

    Columns absent from ``df`` (graders not configured) are skipped; returns the axes used.
    """
    present = [c for c in columns if c in df]
    if not present:
        return []
    if axes is None:
        fig, axes = plt.subplots(1, len(present), figsize=(3.2 * len(present), 3.2), squeeze=False)
        fig.subplots_adjust(wspace=0.35)  # the slanted names of one panel clear the next one's axis
        axes = axes[0]
    for ax, column in zip(axes, present):
        values = df[column]
        order = list(values.cat.categories) if isinstance(values.dtype, pd.CategoricalDtype) else sorted(values.unique())
        counts = values.astype(str).value_counts().reindex([str(o) for o in order], fill_value=0)
        bars = ax.bar(range(len(counts)), counts.to_numpy(), color=PALETTE[1])
        ax.bar_label(bars, labels=[f"{v:,}" for v in counts.to_numpy()], fontsize=8, padding=2)
        ax.set_ylim(top=max(1, counts.max()) * 1.15)  # room for the counts above the bars
        ax.grid(axis="x", visible=False)  # no line down through each bar (report QA)
        names = _tick_names([str(label) for label in counts.index], ax)
        level = names is not None
        ax.set_xticks(range(len(counts)), names if level else counts.index, rotation=0 if level else 30,
                      ha="center" if level else "right", fontsize=8)
        ax.set_title(t(f"grader_{column}", lang), fontsize=10)
        ax.set_ylabel(t("col_customers", lang) if ax is axes[0] else "")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # customers: no 0.5 ticks when there are few
    return list(axes)


def composite_heatmap(df: pd.DataFrame, composite, *, lang: str = "zh", ax=None, quiet: bool = False):
    """Customers by the two grades of a ``grading.composite`` matrix (e.g. value x potential).

    With no composite, or a score composite, the axes say so instead (nothing with ``quiet``).
    """
    from .grading import GRADE_COLUMNS

    if quiet and (composite is None or composite.method != "matrix"):
        return None
    if composite is None or composite.method != "matrix":
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 1.5))
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("chart_not_configured", lang, setting="grading.composite (matrix)"),
                ha="center", va="center")
        return ax
    return matrix_heatmap(df, GRADE_COLUMNS[composite.rows], GRADE_COLUMNS[composite.cols], lang=lang, ax=ax)


def matrix_heatmap(df: pd.DataFrame, rows: str, cols: str, *, lang: str = "zh", ax=None):
    """Customers by two grade columns, highest row tier on top."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    if rows not in df or cols not in df:
        ax.set_axis_off()
        ax.text(0.5, 0.5, t("chart_not_configured", lang, setting="grading.composite"), ha="center", va="center")
        return ax
    table = pd.crosstab(df[rows], df[cols])
    row_order = list(df[rows].cat.categories)[::-1] if isinstance(df[rows].dtype, pd.CategoricalDtype) else table.index
    col_order = list(df[cols].cat.categories) if isinstance(df[cols].dtype, pd.CategoricalDtype) else table.columns
    table = table.reindex(index=row_order, columns=col_order, fill_value=0)
    sns.heatmap(table, annot=True, fmt=",d", cmap="Blues", cbar=False, ax=ax, linewidths=0.5, linecolor="white")
    ax.set(xlabel=t(f"grader_{cols}", lang), ylabel=t(f"grader_{rows}", lang),
           title=t("chart_matrix_title", lang, rows=t(f"grader_{rows}", lang), cols=t(f"grader_{cols}", lang)))
    ax.tick_params(axis="y", rotation=0)
    _axis_titles_apart(ax)
    return ax


def _axis_titles_apart(ax) -> None:
    """Axis titles set apart from the tier names on the ticks (一般客户 above 本期级别 read as one label)."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.labelpad = 10
        axis.label.set_color("#5a6775")
        axis.label.set_fontsize(11)  # larger, not bold: the CJK font the kit ships has no bold face (a warning)


plain_text()  # also for a chart drawn without setup()

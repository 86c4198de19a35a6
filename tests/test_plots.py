"""Charts: Chinese text is drawn with a font that has the glyphs."""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from kit import plots, text
from kit.params import load_params


def _chinese_strings() -> set[str]:
    from conftest import ROOT

    strings = {text.template(key, "zh") for key in text.keys()}
    params = load_params(ROOT / "params" / "pharma.yaml")
    g = params.grading
    strings |= set(g.value.labels) | set(g.frequency.labels) | set(g.loyalty.labels) | set(g.potential.labels)
    strings |= set(g.rfm.labels.values()) | set(g.lifecycle.labels) | set(g.composite.labels)
    return {s for s in strings if re.search(r"[\u4e00-\u9fff]", s)}


def test_the_chart_font_has_every_chinese_glyph_the_kit_draws():
    plots.use_cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert path == str(plots.cjk_font_path())
    font = FT2Font(path)
    missing = {ch for s in _chinese_strings() for ch in s if not ch.isspace() and font.get_char_index(ord(ch)) == 0}
    assert missing == set()


def test_drawing_chinese_gives_no_missing_glyph_warning():
    plots.setup()
    summary = pd.DataFrame({"tier": ["VIP客户", "小客户"], "customer_share": [0.1, 0.9], "revenue_share": [0.6, 0.4]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plots.tier_shares(summary, lang="zh")
        ax.figure.canvas.draw()
    assert not [w for w in caught if "Glyph" in str(w.message) or "findfont" in str(w.message)]
    plt.close(ax.figure)


def test_every_text_has_both_languages_with_the_same_placeholders():
    for key in text.keys():
        assert text.languages(key) == {"zh", "en"}, key
        fields = [set(re.findall(r"{(\w+)}", text.template(key, lang))) for lang in ("zh", "en")]
        assert fields[0] == fields[1], key


# the kit's RFM grid by hand: (R, FM) of a few cells and the segment each belongs to
_RFM_ZH = ["重要价值客户", "忠诚客户", "潜力客户", "新客户", "有望客户", "需要关注", "即将沉睡", "高风险客户",
           "不可流失客户", "休眠客户", "流失客户"]  # in the order of grading.RFM_SEGMENT_NAMES


def _rfm_frame(segments, *, categories=None):
    """Three customers: R 5 / FM 5 (Champions), R 1 / FM 1 (Lost), R 3 / FM 3 (Need attention)."""
    df = pd.DataFrame({"r_score": [5, 1, 3], "f_score": [5, 1, 3], "m_score": [5, 1, 3]})
    df["rfm_segment"] = (pd.Categorical(segments, categories=categories) if categories is not None
                         else pd.Series(segments, dtype=object))
    return df


def _cell_texts(ax) -> dict[tuple[int, int], str]:
    """Annotation of each (R, FM) cell: rows are R 5 (top) to 1, columns FM 1 to 5."""
    texts = [t.get_text() for t in ax.texts]
    return {(r, fm): texts[(5 - r) * 5 + fm - 1] for r in range(5, 0, -1) for fm in range(1, 6)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rfm_grid_labels_are_print_size_and_fit_their_cells(lang):
    """Report QA: the grid's names and counts were 7 points, 5 points once the report is printed on A4 (980 px of
    page across 186 mm). They are 9 points now, and each, the longest default names (Potential loyalists, 重要价值客户)
    included, stays inside its cell."""
    plots.setup()
    segments = ["Champions", "Lost", "Need attention"] if lang == "en" else ["重要价值客户", "流失客户", "需要关注"]
    ax = plots.rfm_heatmap(_rfm_frame(segments), lang=lang)
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    cell = ax.transData.transform([(0, 0), (1, 1)])  # one cell of the 5 x 5 grid, in pixels
    width, height = abs(cell[1] - cell[0])
    assert len(ax.texts) == 25
    for label in ax.texts:
        assert label.get_fontsize() == 9
        box = label.get_window_extent(renderer)
        assert box.width < width and box.height < height, (text.get_text(), box.width, width)
    assert any(text.get_text().startswith("Potential loyalists" if lang == "en" else "重要价值客户") for text in ax.texts)
    plt.close(figure)


def test_rfm_heatmap_names_empty_cells_with_the_reports_labels():
    df = _rfm_frame(["重要价值客户", "流失客户", "需要关注"], categories=_RFM_ZH)
    cells = _cell_texts(plots.rfm_heatmap(df, lang="zh"))
    assert cells[(5, 5)] == "重要价值客户\n1" and cells[(1, 1)] == "流失客户\n1"
    assert cells[(1, 5)] == "不可流失客户\n0" and cells[(2, 5)] == "不可流失客户\n0"  # Can't lose, empty
    assert cells[(1, 2)] == "休眠客户\n0" and cells[(4, 1)] == "有望客户\n0"  # Hibernating, Promising
    assert not any(c.isascii() and c[0].isalpha() for c in (v.split("\n")[0] for v in cells.values()))


def test_rfm_heatmap_uses_custom_labels_for_empty_cells():
    custom = ["Stars", "Loyal", "Rising", "New", "Promising", "Watch", "Sleepy", "At risk", "Keep", "Dormant", "Gone"]
    df = _rfm_frame(["Stars", "Gone", "Watch"], categories=custom)
    cells = _cell_texts(plots.rfm_heatmap(df, lang="en"))
    assert cells[(1, 5)] == "Keep\n0" and cells[(1, 2)] == "Dormant\n0" and cells[(5, 5)] == "Stars\n1"


def test_rfm_heatmap_of_a_plain_column_uses_the_default_names_of_the_language():
    df = _rfm_frame(["重要价值客户", "流失客户", "需要关注"])
    assert _cell_texts(plots.rfm_heatmap(df, lang="zh"))[(1, 5)] == "不可流失客户\n0"
    df = _rfm_frame(["Champions", "Lost", "Need attention"])
    assert _cell_texts(plots.rfm_heatmap(df, lang="en"))[(1, 5)] == "Can't lose\n0"


def test_customer_and_row_counts_get_whole_number_ticks_when_they_are_few():
    grades = pd.DataFrame({"lifecycle": pd.Categorical(["new", "active"], categories=["new", "active", "lost"])})
    ax = plots.grader_bars(grades, ["lifecycle"], lang="en")[0]
    ax.figure.canvas.draw()
    ticks = [v for v in ax.get_yticks() if ax.get_ylim()[0] <= v <= ax.get_ylim()[1]]
    assert ticks and all(float(v).is_integer() for v in ticks)
    plt.close("all")


def test_shares_in_words_never_round_a_part_to_none_or_to_all():
    from kit.report import pct

    assert [pct(v) for v in (0.0, 0.0012, 0.0004, 0.2, 0.996, 0.9992, 0.99996, 1.0)] == [
        "0%", "0.1%", "<0.1%", "20%", "99.6%", "99.9%", ">99.9%", "100%"]
    assert [pct(v, 1) for v in (0.1234, 0.00004, 0.99996)] == ["12.3%", "<0.1%", ">99.9%"]


def test_pareto_tier_labels_name_the_cumulative_share_as_such():
    # revenue 60, 20, 10, 10 (total 100): VIP ends at 60%, VIP + important at 80%
    df = pd.DataFrame({"customer_id": list("ABCD"), "revenue": [60.0, 20.0, 10.0, 10.0],
                       "value_tier": ["VIP", "important", "small", "small"]})
    ax = plots.pareto_curve(df, tier="value_tier", lang="en")
    labels = [a.get_text() for a in ax.texts if "→" not in a.get_text()]
    assert labels == ["VIP: 60%", "important and above: 80%"]  # the top tier has none above it
    plt.close("all")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_text_of_the_pareto_chart_overlaps_another(lang):
    """The 20% marker's label and arrow crossed the 'B and above' label (QA, CDNOW): every text box apart."""
    rng = np.random.default_rng(1)
    revenue = np.sort(rng.pareto(1.2, 3000) * 100)[::-1]
    share = np.cumsum(revenue) / revenue.sum()
    tiers = np.where(share <= 0.8, "A", np.where(share <= 0.95, "B", "C"))
    df = pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(revenue))], "revenue": revenue, "value_tier": tiers})
    ax = plots.pareto_curve(df, tier="value_tier", lang=lang)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [a.get_window_extent(renderer) for a in ax.texts]
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close("all")


def test_tier_share_labels_stay_inside_the_plot():
    summary = pd.DataFrame({"tier": ["A", "B", "C"], "customer_share": [0.1, 0.33, 0.57],
                            "revenue_share": [0.8, 0.15, 0.05]})
    ax = plots.tier_shares(summary, lang="en")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    top = ax.get_window_extent(renderer).y1
    assert all(label.get_window_extent(renderer).y1 <= top for label in ax.texts)
    plt.close("all")


def test_tier_names_with_dollar_signs_are_drawn_as_written():
    """Security QA: a tier named "Small $\\foo$" stopped the run in the grading notebook (matplotlib read it as a
    formula), and "Mid $5 - $10" was drawn as one."""
    import matplotlib.pyplot as plt

    from kit import plots

    plots.setup()
    fig, ax = plt.subplots()
    ax.set_title("Small $\\foo$ and Mid $5 - $10")
    fig.canvas.draw()  # raised ValueError: Unknown symbol: \foo
    assert ax.title.get_text() == "Small $\\foo$ and Mid $5 - $10"
    plt.close(fig)


def test_tier_names_stand_level_under_their_bars_on_two_lines_when_they_must():
    """Report QA: the lifecycle panel's names were slanted (有流失风险 among four) and a line of the grid ran down
    through every bar. A name too wide for its bar goes on two lines, at a space or, in Chinese, anywhere;
    one too long even so is slanted."""
    import matplotlib.pyplot as plt

    from kit.plots import grader_bars

    frame = pd.DataFrame({
        "lifecycle": pd.Categorical(["已流失", "有流失风险", "活跃"], categories=["已流失", "有流失风险", "活跃", "新客户"]),
        "potential_tier": pd.Categorical(["Low potential", "Medium potential", "High potential"]),
        "loyalty_tier": pd.Categorical(["a", "b", "an uncommonly long tier name indeed"],
                                       categories=["a", "b", "an uncommonly long tier name indeed"]),
    })
    axes = grader_bars(frame, ["lifecycle", "potential_tier", "loyalty_tier"], lang="zh")
    names = [[label.get_text() for label in ax.get_xticklabels()] for ax in axes]
    assert names[0] == ["已流失", "有流失\n风险", "活跃", "新客户"]
    assert sorted(names[1]) == ["High\npotential", "Low\npotential", "Medium\npotential"]
    assert names[2][2] == "an uncommonly long tier name indeed"
    assert [ax.get_xticklabels()[0].get_rotation() for ax in axes] == [0, 0, 30]
    assert not any(line.get_visible() for ax in axes for line in ax.get_xgridlines())
    plt.close("all")


def test_a_heatmap_is_shown_marked_with_the_width_its_smallest_text_needs(monkeypatch):
    """The RFM grid's cell labels are 9 points: 9 / 72 in x 110 dpi = 13.75 px at the chart's own width, so 10 px asks
    for 10 / 13.75 = 72.7% of it (the report keeps that on a phone). A bar chart drawn before it in the cell is shown
    first, unmarked, as the cell's end would show it; a chart left out (None) shows nothing."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw.get("metadata"))))
    monkeypatch.setitem(plt.rcParams, "figure.dpi", 110)
    plt.close("all")
    bars, _ = plt.subplots()
    ax = plots.rfm_heatmap(_rfm_frame(["Champions", "Lost", "Need attention"]), lang="en")
    plots.show_readable(ax)
    plots.show_readable(None)
    assert [obj for obj, _ in shown] == [bars, ax.figure] and shown[0][1] is None
    assert shown[1][1] == {"image/png": {"kit_readable": 0.727}}
    assert plt.get_fignums() == []

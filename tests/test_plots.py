"""Charts: Chinese text is drawn with a font that has the glyphs."""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
import pandas as pd
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

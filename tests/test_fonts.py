"""The report carries the glyphs it shows, so Chinese reads right without CJK fonts on the machine."""

from __future__ import annotations

import base64
import io
import re

from kit.fonts import EMBEDDED_FONT, embed_cjk_font


def _embedded_characters(html: str) -> set[str]:
    from fontTools.ttLib import TTFont

    data = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", html).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    return {chr(code) for code in font.getBestCmap()}


def test_every_character_the_page_shows_is_in_the_embedded_font():
    page = ("<html><head><title>报告</title></head><body><h1>客户分级结果</h1><p>杭州市第一人民医院 ¥1,234 — 增长 12%</p>"
            "<script>var 不显示 = 1;</script></body></html>")
    html = embed_cjk_font(page)
    assert html.index("@font-face") < html.index("</head>")
    assert f'font-family: "{EMBEDDED_FONT}"' in html
    covered = _embedded_characters(html)
    shown = set("报告客户分级结果杭州市第一人民医院¥—增长")
    assert shown <= covered
    assert not set("不显示") <= covered  # script text is not shown, so not embedded
    assert set("ABCxyz0123,.%") <= covered


def test_a_page_without_cjk_stays_as_it_is():
    page = "<html><head></head><body><h1>Customer tiers</h1></body></html>"
    assert embed_cjk_font(page) == page


def test_the_report_style_asks_for_the_embedded_font_first():
    from kit.report import STYLE

    assert f'font-family: "{EMBEDDED_FONT}"' in STYLE


def test_a_page_whose_characters_an_earlier_subset_holds_embeds_it_without_cutting_the_font_again(monkeypatch):
    """The run's index beside its report: one subset, made with the report's and the index's words."""
    from kit import fonts

    cut = []
    real = fonts.font_subset
    monkeypatch.setattr(fonts, "font_subset", lambda characters: cut.append(characters) or real(characters))
    monkeypatch.setattr(fonts, "_MADE", [])
    report = embed_cjk_font("<html><head></head><body><p>客户分级报告 甲</p></body></html>", also="运行目录 —")
    index = embed_cjk_font("<html><head></head><body><p>运行目录 — 报告</p></body></html>")
    other = embed_cjk_font("<html><head></head><body><p>运行目录 乙</p></body></html>")  # 乙 is in neither
    assert len(cut) == 2 and "乙" in cut[1]
    assert set("客户分级报告甲运行目录—") <= _embedded_characters(report) == _embedded_characters(index)
    assert set("运行目录乙") <= _embedded_characters(other)
    assert "甲" not in _embedded_characters(other)

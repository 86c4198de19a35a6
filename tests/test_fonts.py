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

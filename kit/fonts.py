"""The CJK font the kit ships with (Noto Sans CJK SC, from the ``mplfonts`` package).

Charts register it with matplotlib (:mod:`kit.plots`); the client report embeds
the part of it its text needs (:func:`embed_cjk_font`), so Chinese reads right
in any browser and in ``report.pdf``, even on a machine without CJK fonts (a
Linux server, a container), where it would otherwise print as empty boxes.
"""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path

CJK_FONT = "Noto Sans CJK SC"
#: The family name of the subset embedded in the report (its first choice in the report's CSS).
EMBEDDED_FONT = "Kit Noto Sans CJK SC"
_CJK_FILE = "NotoSansCJKsc-Regular.otf"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the bundled CJK font file."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / _CJK_FILE
    if not path.is_file():  # pragma: no cover - broken install
        raise FileNotFoundError(f"the CJK font {path} is missing; reinstall mplfonts")
    return path


def font_subset(characters: str) -> bytes:
    """The bundled CJK font cut down to ``characters`` (and printable ASCII), as WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(str(cjk_font_path()), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters + "".join(chr(i) for i in range(32, 127)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def embed_cjk_font(html: str) -> str:
    """``html`` with an ``@font-face`` holding the glyphs of every non-ASCII character it shows.

    Images are embedded as base64 (ASCII), so the characters of the page are
    its text; a page without any keeps its size.
    """
    text = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S | re.I)
    characters = "".join(sorted({c for c in text if ord(c) > 126 and not c.isspace()}))
    if not characters:
        return html
    data = base64.b64encode(font_subset(characters)).decode("ascii")
    face = (f'<style>@font-face {{ font-family: "{EMBEDDED_FONT}"; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}</style>')
    head = html.lower().find("</head>")
    return html[:head] + face + html[head:] if head >= 0 else face + html

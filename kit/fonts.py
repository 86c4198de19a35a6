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
import threading
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


#: The subsets made in this process, newest last, as (characters, WOFF as base64): a page whose characters one of
#: them holds embeds it rather than cutting the font again (a second of work each time).
_MADE: list[tuple[frozenset[str], str]] = []
_MADE_LOCK = threading.Lock()


def _subset_base64(characters: set[str]) -> str:
    with _MADE_LOCK:
        for made, data in reversed(_MADE):
            if characters <= made:
                return data
    data = base64.b64encode(font_subset("".join(sorted(characters)))).decode("ascii")
    with _MADE_LOCK:
        _MADE.append((frozenset(characters), data))
        del _MADE[:-4]
    return data


def _shown(text: str) -> set[str]:
    return {c for c in text if ord(c) > 126 and not c.isspace()}


def embed_cjk_font(html: str, *, also: str = "") -> str:
    """``html`` with an ``@font-face`` holding the glyphs of every non-ASCII character it shows.

    Images are embedded as base64 (ASCII), so the characters of the page are
    its text; a page without any keeps its size. The glyphs of ``also`` are
    added, so that a page shown later in the same process whose characters
    these cover (the run's index beside its report) embeds the same subset
    without cutting the font again.
    """
    characters = _shown(re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S | re.I))
    if not characters:
        return html
    data = _subset_base64(characters | _shown(also))
    face = (f'<style>@font-face {{ font-family: "{EMBEDDED_FONT}"; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}</style>')
    head = html.lower().find("</head>")
    return html[:head] + face + html[head:] if head >= 0 else face + html

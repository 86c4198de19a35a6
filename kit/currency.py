"""Currencies as exports write them: marks and words in money cells and headers (¥, HK$, 美元), and the cells of a
column naming each line's currency (币种: 人民币, CNY, USD). Used by ``kit init``'s drafts and by the run's check that
the lines kept are in one currency."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from .io import header_words

#: Currency marks in money cells or headers -> ``currency`` (¥ alone is taken for RMB).
CURRENCIES = (
    ("HKD", r"HK\$|HKD|港币|港幣|港元"), ("BRL", r"(?<![A-Z])R\$|BRL|(?i:\breais\b)"), ("NZD", r"NZ\$|NZD"),
    ("TWD", r"NT\$|TWD|\bNTD\b|新台币|新臺幣|台币|臺幣"), ("AUD", r"(?<![A-Z])AU?\$|AUD"),
    ("CAD", r"(?<![A-Z])CA?\$|CAD"), ("SGD", r"(?<![A-Z])S\$|SGD"), ("INR", r"₹|INR"),
    # pesos and the pataca write $ too: their codes and prefixed marks before the bare $ (MOP$ is no US dollar)
    ("MOP", r"(?<![A-Z])MOP(?![A-Z])|澳门元|澳門元|澳门币|澳門幣|葡币|葡幣"),
    ("MXN", r"(?<![A-Z])MXN(?![A-Z])|(?<![A-Z])MX\$|(?i:mex)\$|墨西哥比索"),
    ("ARS", r"(?<![A-Z])ARS(?![A-Z])|(?<![A-Z])AR\$|阿根廷比索"), ("CLP", r"(?<![A-Z])CLP(?![A-Z])|智利比索"),
    ("COP", r"(?<![A-Z])COP(?![A-Z])|(?<![A-Z])COL\$|哥伦比亚比索|哥倫比亞比索"),
    ("UYU", r"(?<![A-Z])UYU(?![A-Z])|\$U(?![A-Z])"),
    ("USD", r"US\$|\$|USD|美元|(?i:dollar)"), ("EUR", r"€|EUR|欧元|歐元|(?i:\beuros?\b)"), ("GBP", r"£|GBP|英镑"),
    ("KRW", r"₩|￦|KRW|韩元|韓元|(?<![가-힣])원(?![가-힣])"), ("JPY", r"JPY|日元|円"), ("RMB", r"[¥￥]|(?<![美港日欧歐幣币])元|RMB|CNY|\bCNH\b|人民币|人民幣"),
)


def currency_of(text: str) -> str | None:
    """The currency ``text`` names by a mark or a word (HK$, ¥, 美元, EUR), or None."""
    for code, pattern in CURRENCIES:  # HK$ before $, 美元 before 元
        if re.search(pattern, text):
            return code
    return None


#: What a money cell holds besides its currency's mark or word: digits, signs, separators, spaces, brackets; and the
#: units of a number (1.2万, 3千), which name no currency. Read alike by Python's re and DuckDB's RE2.
NUMBER_PARTS = r"[0-9０-９.,，．\s　+\-()（）'’千万萬亿億]+"


def mark_currency(mark: str) -> str | None:
    """The currency a money cell's mark names, the cell's number taken out (``US$``, ``元``, ``usd``), or None."""
    return (currency_of(mark) or currency_of(mark.upper())) if mark else None


def currencies_in_cells(cells: pd.Series) -> pd.Series:
    """The currency each money cell names by a mark or word beside its number (``¥12,345``, ``US$1,234``,
    ``USD 30``, ``1,234元``), or None (``12,345``, ``1.2万``); each distinct mark is looked up once."""
    marks = cells.astype(str).str.replace(NUMBER_PARTS, "", regex=True)
    found = marks.map({mark: mark_currency(mark) for mark in marks.unique()})
    return found.astype(object).where(found.notna(), None)


#: Headers of a column that names each row's currency.
CURRENCY_HEADERS = ("currency", "currency code", "币种", "货币", "币别", "幣別", "货币类型", "币种名称", "währung",
                    "waehrung", "devise", "moneda", "valuta",
                    # SAP's billing documents (VBRK-WAERK): Document Currency, Belegwährung (QA: currency left "?")
                    "document currency", "doc currency", "doc. currency", "belegwährung", "belegwaehrung")


#: An amount header in the company's own currency (U8's 本币无税金额 beside 原币无税金额 and 币种): every row converted
#: at its rate, so one currency whatever the currency column says.
_LOCAL_AMOUNT = re.compile(r"本币|本位币|本幣|本位幣|local\s+currency|functional\s+currency", re.IGNORECASE)


def is_local_amount(header) -> bool:
    """Whether the amount header (or headers) ``header`` says the amounts are in the company's own currency."""
    headers = [header] if isinstance(header, str) else list(header or [])
    return bool(headers) and all(_LOCAL_AMOUNT.search(str(h)) for h in headers)


#: What a money header's own-currency or original-currency marker leaves of it: 价税合计(本位币) and 价税合计 are
#: the same amount, as are 本币无税金额 and 原币无税金额, Amount (local currency) and Amount.
_CURRENCY_SIDE = re.compile(r"[(（\[【]?\s*(本币|本位币|本幣|本位幣|原币|原幣|local\s+currency|functional\s+currency)"
                            r"\s*[)）\]】]?", re.IGNORECASE)


#: A money header's last bracket naming one currency (金额(RMB), 金额（人民币）, Amount (CNY)); a unit (万元, 元) is none.
_NAMED_CURRENCY = re.compile(r"[(（\[【]\s*([^()（）\[\]【】]{1,12}?)\s*[)）\]】]\s*$")


def named_currency(header) -> str | None:
    """The currency the last bracket of the money header ``header`` names (``金额(RMB)``, ``Amount (CNY)``: RMB),
    or None (``金额``, ``金额(元)``, ``金额(万元)``: a unit, not a currency)."""
    found = _NAMED_CURRENCY.search(str(header)) if isinstance(header, str) else None
    if not found or re.search(r"[万萬千亿億]|^元$", found.group(1)):
        return None
    return currency_code(found.group(1))


def _amount_stem(header: str) -> str:
    """``header`` without its 本位币 / 原币 / local currency marker or a bracket naming a currency, brackets, spaces
    and case."""
    header = str(header)
    if named_currency(header):
        header = header[:_NAMED_CURRENCY.search(header).start()]
    return re.sub(r"[\s_\-:：]+", "", _CURRENCY_SIDE.sub("", header)).lower()


def _one_currency(header: str) -> bool:
    """Whether the money header ``header`` says each line is in one currency: the company's own (本位币) or one named
    (金额(RMB))."""
    return is_local_amount(header) or named_currency(header) is not None


def local_twin(header, headers: Sequence) -> str | None:
    """The header of ``headers`` giving the money column ``header`` (价税合计, in each line's own currency) in the
    company's own currency (价税合计(本位币), 本币价税合计, Amount (local currency)): every line converted at its
    rate, so one currency whatever the 币别 column says (QA c92), or naming one currency (金额(RMB), 金额（人民币）,
    Amount (CNY) beside 金额, Amount); None when there is none, or ``header`` is one. The company's own currency
    first: beside 金额(本位币), 金额(USD) is the group's reporting currency, or the customer's, not the client's (QA: a
    report in dollars)."""
    if not isinstance(header, str) or _one_currency(header):
        return None
    stem = _amount_stem(header)
    if not stem:
        return None
    twins = [str(h) for h in headers if str(h) != header and _one_currency(str(h)) and _amount_stem(str(h)) == stem]
    return next((h for h in twins if is_local_amount(h)), twins[0] if twins else None)


def is_twin_in_one_currency(header, headers: Sequence) -> bool:
    """Whether the money header ``header`` is in the company's own currency (本位币金额) or, naming one currency
    (金额(RMB), Amount (CNY)), the twin of another of ``headers`` in each line's currency (金额): either way every
    line is in one currency, whatever a 币别 column says (QA c92)."""
    if is_local_amount(header):
        return True
    if not isinstance(header, str) or named_currency(header) is None:
        return False
    stem = _amount_stem(header)  # 金额(USD) beside 金额 and 金额(本位币) too: one currency, if not the company's
    return bool(stem) and any(str(h) != header and not _one_currency(str(h)) and _amount_stem(str(h)) == stem
                              for h in headers)


def is_currency_header(header: str) -> bool:
    """Whether ``header`` names a column of each row's currency (币种, Currency)."""
    return header_words(header) in CURRENCY_HEADERS


#: ISO 4217 codes a currency column may write (three letters alone name no currency: N/A, TBD, nan).
ISO_CURRENCIES = frozenset({
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "HKD", "TWD", "MOP", "SGD", "AUD", "NZD", "CAD", "CHF", "INR", "BRL",
    "KRW", "THB", "MYR", "IDR", "PHP", "VND", "MXN", "ZAR", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN",
    "RUB", "UAH", "TRY", "AED", "SAR", "QAR", "KWD", "BHD", "OMR", "ILS", "EGP", "NGN", "KES", "MAD", "CLP", "COP",
    "PEN", "ARS", "UYU", "PKR", "BDT", "LKR", "NPR", "KZT", "ISK",
})


def currency_code(value: str) -> str | None:
    """The currency a currency column's cell names (人民币, CNY and ¥ as RMB; 美元 as USD; CHF as itself), or None."""
    value = str(value).strip()
    upper = value.upper()  # cny is CNY, and so RMB
    return currency_of(value) or currency_of(upper) or (upper if upper in ISO_CURRENCIES else None)


def case_currency_code(currency: str) -> str:
    """The code of the params' ``currency`` however it is written (hkd, 港币 and HK$ as HKD; 日元 as JPY; a code the
    kit does not know as itself, in capitals): what the currencies found in the data are compared with."""
    return currency_code(currency) or str(currency).strip().upper()

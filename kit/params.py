"""Params: a YAML case file, validated at the edge into typed objects.

The YAML is read with a safe loader, ``--set KEY.PATH=VALUE`` overrides are
applied, and the result is validated strictly: an unknown key, a wrong type or
a rule that does not hold stops the run before any notebook starts, with one
plain line per problem naming the params file, the key path and what was
expected.

>>> params = load_params("params/pharma.yaml", overrides=["period.months=6"])
>>> params.period.window()
(Timestamp('2025-07-01 00:00:00'), Timestamp('2025-12-31 00:00:00'))
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import re
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import pandas as pd
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import KitError, ParamsError, phrase
from .text import t

READABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".parquet")
DEMO_DATASETS = ("pharma",)
LANGUAGES = ("zh", "en")


#: A finite number written as a number (not text, not true/false, not .nan or .inf).
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class _Model(BaseModel):
    """Base for every params section: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- data


#: A column's header in the file, or a list of the headers it goes by in different files or sheets
#: (``[金额, 金额（元）]``): each file uses the first of them it has.
Header = str | Annotated[list[str], Field(min_length=1)]


def _distinct(labels: list[str]) -> list[str]:
    """Tier names given twice cannot be told apart (a run stopped on a traceback): refused."""
    names = [str(label).strip() for label in labels]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _Said(f"must be distinct, but {twice} appear more than once", f"不能重复，但 {twice} 出现了不止一次")
    return labels


#: Tier names, lowest tier first, each once
Labels = Annotated[list[str], AfterValidator(_distinct)]


#: The header ``data.sheet_as`` maps its attribute to: no header of the file, but the column the reader adds to each
#: sheet's lines, holding the sheet's name (a hand-kept workbook with a sheet per salesperson).
SHEET_HEADER = "(sheet name)"


class _CustomerColumns(_Model):
    """Customer ID and attributes: canonical name -> header in the file."""

    customer_id: Header
    customer_name: Header | None = None
    province: Header | None = None
    city: Header | None = None
    region: Header | None = None
    level: Header | None = None
    beds: Header | None = None
    sales_rep: Header | None = None
    attributes: dict[str, str] = Field(
        default_factory=dict,
        description="Further client attributes to carry along: canonical name -> header.",
    )

    @field_validator("attributes")
    @classmethod
    def _own_names(cls, value: dict[str, str]) -> dict[str, str]:
        """An attribute may not take the name of a column the kit writes (orders, revenue, value_tier ...)."""
        from .report import GRADE_COLUMNS

        taken = {*GRADE_COLUMNS, *Columns.model_fields}
        for name in value:
            if name in taken or str(name).startswith("_"):
                raise _KeyedError(str(name), "is the name of a column the kit writes itself; call the attribute "
                                             f"something else, such as {name}_client or the header it has in the file",
                                  zh=f"是本工具自己写出的列名；请给这一属性换个名称，如 {name}_client 或它在文件中的表头")
        return value

    def headers(self) -> dict[str, list[str]]:
        """Canonical name -> the headers it may go by (one, or the list given), the key columns first."""
        first = ("customer_id", "order_date", "amount", "order_id")
        fields = {k: getattr(self, k) for k in type(self).model_fields if k != "attributes"}
        fields = {k: [v] if isinstance(v, str) else list(v) for k, v in fields.items() if v}
        out = {k: fields[k] for k in first if k in fields}
        out.update({k: v for k, v in fields.items() if k not in out})
        out.update({k: [v] for k, v in self.attributes.items()})
        return out

    def mapping(self) -> dict[str, str]:
        """Canonical name -> file header (the first one named), for every mapped column (the key columns first)."""
        return {k: v[0] for k, v in self.headers().items()}

    def expected(self) -> list[str]:
        """Every header named, to find the header row by (the sheet's name, ``data.sheet_as``, is none)."""
        return [h for names in self.headers().values() for h in names if h != SHEET_HEADER]


class MasterColumns(_CustomerColumns):
    """Columns of a customer master file."""


class Columns(_CustomerColumns):
    """Columns of an order export: the customer's, plus the order line's."""

    order_date: Header
    amount: Header | None = Field(None, description="Line amount; or map quantity and unit_price instead.")
    order_id: Header | None = None
    product: Header | None = None
    quantity: Header | None = None
    unit_price: Header | None = None
    refund: Header | None = Field(
        None, description="Amount refunded on the row (Shopify's Refunded Amount, 退款金额): subtracted from its "
        "amount when returns are netted.")
    discount: Header | None = Field(
        None, description="Discount on the row written as an amount (Discount, 优惠金额, 折扣金额): subtracted from "
        "the line's amount (quantity × unit price, or an amount column written before the discount).")
    discount_rate: Header | None = Field(
        None, description="The line's discount as a rate of its price (Northwind's Discount: 0.15 for 15% off), "
        "with quantity and unit_price and no amount column: the line's amount is quantity × unit price × (1 − rate); "
        "a blank cell is no discount, a cell that is no number from 0 to 1 makes the line's amount unreadable (set "
        "aside).")
    credit: Header | None = Field(
        None, description="The credit column of a debit/credit pair (Credit, Cr, 贷方, 贷方金额), with amount the debit "
        "column (Debit, 借方): the line's amount is debit minus credit, signs as written (a negative credit beside "
        "positive ones is a credit reversed), except that a credit column with no figure above 0 and some below holds "
        "its credits as negative numbers, each then read as its size (ledger line credit_sign); each parsed as amount is "
        "(thousands separators, currency marks, parentheses, amount_scale); one of the two cells blank counts as 0, "
        "both blank is a line without an amount (set aside). A line of credit alone is a return (credit note), "
        "counted as cleaning.returns says. Map it only when the credit side holds returns and credit notes: in an "
        "accounts-receivable ledger (应收账款明细账) the credit side is mostly payments received (收款, 回款), no "
        "return; there map the credit column as payment instead.")
    payment: Header | None = Field(
        None, description="Payments received (收款, 回款; the credit side, 贷方, of an accounts-receivable ledger), "
        "with amount the debit column (the sales): no revenue. A line with a payment and no amount is set aside as "
        "a payment (reason payment, not counted towards cleaning.max_set_aside_share); a payment beside an amount "
        "leaves the amount as it is.")
    cancels: Header | None = Field(
        None, description="The order a line cancels or credits, by its order ID (SAP's Reference Document beside the "
        "cancellations S1): an order whose total one document's lines naming it take off to the cent (whatever "
        "their sign: a discount given back), all one customer's, is wholly cancelled, and both are set aside "
        "(reason cancelled, not counted towards cleaning.max_set_aside_share): the revenue the same, but no order, "
        "no line, no purchase day. A partial credit naming an order is netted as any return.")

    @model_validator(mode="after")
    def _amount_or_price(self) -> "Columns":
        if self.amount is None and not (self.quantity and self.unit_price):
            raise _KeyedError(
                "amount", "is missing; map the amount column, or quantity and unit_price to compute it",
                zh="缺失：请对应金额列，或对应 quantity（数量）和 unit_price（单价）以计算金额",
            )
        if self.credit is not None and self.amount is None:  # debit minus credit: the debit is the amount column
            raise _KeyedError(
                "credit", "needs amount, the debit column it is subtracted from (amount: Debit, credit: Credit)",
                zh="需要同时对应 amount，即被减的借方列（amount: 借方, credit: 贷方）",
            )
        if self.discount_rate is not None and (self.amount is not None or not (self.quantity and self.unit_price)):
            # an amount column is taken as written: most are after the discount already (Superstore's Sales)
            raise _KeyedError(
                "discount_rate", "applies to quantity × unit price: map quantity and unit_price and no amount (an "
                "amount column is taken as written, most often after the discount)",
                zh="只用于数量 × 单价：请对应 quantity 和 unit_price，且不对应 amount（金额列按原样读取，通常已是折后金额）",
            )
        if self.cancels is not None and self.order_id is None:  # the order it names is told by its order ID
            raise _KeyedError(
                "cancels", "needs order_id, the column of the order IDs it names (order_id: Billing Document, "
                "cancels: Reference Document)",
                zh="需要同时对应 order_id，即它所注明的单号所在的列（order_id: 开票凭证, cancels: 参考凭证）",
            )
        if self.payment is not None and self.amount is None:
            raise _KeyedError(
                "payment", "needs amount, the column of the sales beside the payments (amount: Debit, payment: Credit)",
                zh="需要同时对应 amount，即与收款并列的销售额列（amount: 借方, payment: 贷方）",
            )
        # one column read as two things (amount: Price beside unit_price: Price) grades on the wrong figure
        seen: dict[str, str] = {}
        for key in ("customer_id", "order_date", "amount", "quantity", "unit_price", "refund", "discount",
                    "discount_rate", "credit", "payment", "order_id", "cancels"):
            for header in ([] if getattr(self, key) is None else _header_list(getattr(self, key))):
                if str(header).strip() == "?":  # kit init's mark for a column not recognised: said as such later
                    continue
                first = seen.setdefault(" ".join(str(header).split()).casefold(), key)
                if first != key:
                    raise _KeyedError(key, f"names the column {header!r}, which {first} names too; each of them is "
                                           f"a column of its own",
                                      zh=f"对应的列 {header!r} 已被 {first} 对应；两者应各对应一列")
        return self


def _header_list(header: str | list[str]) -> list[str]:
    return [header] if isinstance(header, str) else list(header)


class Master(_Model):
    """An optional customer master (names, region, level, beds, ...), joined on customer ID."""

    path: Path
    sheet: str | int = 0
    encoding: str | None = None
    header_row: int | None = Field(None, ge=1)
    columns: MasterColumns

    @field_validator("path", mode="after")
    @classmethod
    def _resolve(cls, value: Path, info: ValidationInfo) -> Path:
        return _resolve_data_path(value, info)


class Join(_Model):
    """A file whose columns each order line takes by a key (an order-header file for a file of order lines,
    a customer file for an ID the order file gives): ``data.join``."""

    path: Path
    key: str | list[str] = Field(
        description="Header of the key column: one name when both files call it the same, or "
        "[header in the order file, header in this file].")
    sheet: str | int = 0
    encoding: str | None = None
    header_row: int | None = Field(None, ge=1)

    @field_validator("path", mode="after")
    @classmethod
    def _resolve(cls, value: Path, info: ValidationInfo) -> Path:
        return _resolve_data_path(value, info)

    @model_validator(mode="before")
    @classmethod
    def _on_is_key(cls, value: Any) -> Any:
        if isinstance(value, dict) and True in value:  # YAML reads a bare `on:` as true
            raise _Said("names its key column with `on:`, which YAML reads as true; write `key:` instead "
                        f"(key: {value[True]!r})",
                        f"用 `on:` 指定关键列，但 YAML 把 on 读作 true；请改写为 `key:`（key: {value[True]!r}）")
        return value

    @field_validator("key")
    @classmethod
    def _one_or_two(cls, value):
        names = [value] if isinstance(value, str) else value
        if not 1 <= len(names) <= 2 or not all(isinstance(n, str) and n.strip() for n in names):
            raise _Said("must be the key column's header, or [header in the order file, header in this "
                        f"file], but got {value!r}",
                        f"应为关键列的表头，或 [订单文件中的表头, 本文件中的表头]，但写的是 {value!r}")
        return value

    @property
    def headers(self) -> tuple[str, str]:
        """The key's header in the order lines (or a file joined before) and in this file."""
        names = [self.key] if isinstance(self.key, str) else self.key
        return names[0], names[-1]


class DemoSpec(_Model):
    """A built-in synthetic dataset."""

    name: Literal["pharma"] = "pharma"
    seed: int = 2024
    customers: int = Field(800, ge=20, le=200_000)
    months: int = Field(30, ge=3, le=120)
    end: dt.date = dt.date(2025, 12, 31)
    mess: bool = Field(
        False, description="Add realistic mess: amount and date forms, duplicates, returns, blanks."
    )


class DateParts(_Model):
    """A date written over several columns (a hand-kept ledger's 年 | 月 | 日): ``columns.order_date`` names the day's
    column, these the month's and the year's. A month or year written on a block's first row only is that of the rows
    below it; without a year column, the year is the sheet's or the file's (2025年销售台账.xlsx), else ``data.year``."""

    month: str = Field(description="Header of the month's column (月, Month): 3 or 3月.")
    year: str | None = Field(None, description="Header of the year's column (年, Year): 2025 or 2025年; none when the "
                                               "sheet's or file's name, or data.year, gives the year.")


class Wide(_Model):
    """A table with a column per month (客户 | 1月 | 2月 | ... | 12月), as hand-kept sales ledgers are: each
    non-empty month cell is read as that month's purchase (``data.wide``)."""

    year: int | None = Field(
        None, ge=1900, le=2199,
        description="The year of month headers that do not name one (1月, Jan); by default the year in the sheet's "
        "or file's name (2025年台账.xlsx).")

    @field_validator("year", mode="before")
    @classmethod
    def _year_given(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() == "?":
            raise _Said("is still '?', the mark `kit init` leaves when neither the month headers nor the file's "
                        "name say the year; put the year of the month columns, e.g. 2025",
                        "仍是 '?'——月份表头和文件名都没有写年份时 `kit init` 留下的标记；请填写月份列所属的年份，如 2025")
        return value


#: The columns a ``data.wide`` table is read into: the month (2025-03) and its cell.
WIDE_COLUMNS = {"order_date": "month", "amount": "amount"}


class Data(_Model):
    """Where the orders come from and how their columns are named."""

    path: Path | list[Path] | None = None
    demo: DemoSpec | None = None
    sheet: str | int | list[str | int] = Field(
        0, description="Excel sheet by name or 0-based index, a list of them, or `all` (every sheet holding "
        "the key columns).")
    sheet_as: str | None = Field(
        None, description="A workbook kept a sheet per person (张三 | 李四 | 王五), the person on no line but in the sheet's "
        "name: each line takes its sheet's name as this attribute, sales_rep (or another of the customer's "
        "attributes, a name of your own under columns.attributes).")
    encoding: str | None = None
    header_row: int | None = Field(None, ge=1, description="1-based header row; found automatically when None.")
    quoted_line_breaks: Literal["stop", "keep"] = Field(
        "stop", description="A CSV cell quoted over lines, some of which are in the file's own shape (a remark "
        "holding `1001, 2025-01-05, 59.90` under columns of an ID, a date and an amount): stop (default) takes it "
        "for a quote opened by mistake that swallows the rows between and stops naming the row; keep reads the "
        "cell as quoted, its lines inside it.")

    @field_validator("quoted_line_breaks", mode="before")
    @classmethod
    def _quoted_line_breaks_given(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() == "?":
            raise _Said("is still '?', the mark `kit init` leaves when a remark quoted over lines holds lines in the "
                        "file's own shape (its comment names the row); put keep if the remark is quoted "
                        "on purpose, stop if its quote was opened by mistake and swallows the rows between",
                        "仍是 '?'——带引号的备注跨行且其中有与文件行同样格式的行时 `kit init` 留下的标记（行号见该行的注释）；"
                        "备注本就如此填写则填 keep，引号误开、吞并了其间各行则填 stop")
        return value
    date_format: str | None = Field(
        None, description="strptime format for day/month dates, e.g. %d/%m/%Y; or `roc` for Taiwan's ROC (民國) "
        "calendar (114/03/05, 1140305, 民國114年3月5日: the year plus 1911), `unix` for Unix timestamps (1756539474 "
        "seconds or 1756539474000 milliseconds since 1970, read as days in UTC), `day_number` for days counted "
        "from 1 (Dunnhumby's DAY 1..711: day n is `day_one` + n - 1 days); for months typed year.month, `%Y.%m` "
        "when written in two figures (2025.01 .. 2025.12: 2025.1, as a number keeps 2025.10, is October) or `%Y.%-m` "
        "as typed (2025.1 is January).")
    day_one: dt.date | None = Field(
        None, description="With `date_format: day_number`, the calendar day of day 1. A dataset that gives no "
        "calendar date (Dunnhumby's The Complete Journey) can take any, such as the first day of a year.")
    time_zone: str | None = Field(
        None, description="IANA time zone of the client (Asia/Shanghai, Asia/Tokyo, Europe/Berlin): Unix timestamps "
        "(date_format: unix) and date-times written with an offset or Z (2025-03-05T20:00:00Z) are converted to this "
        "zone's local day before the grading window; unset, a timestamp is a UTC day and a date-time is the day as "
        "written. Date-times written without an offset are the day as written either way, and so are a column's date-times "
        "with an offset when every one is at midnight (2025-03-05T00:00:00.000Z: days written as date-times).")
    year: int | None = Field(
        None, ge=1900, le=2199,
        description="The year of order dates written without one (3月5日, 3/5) when neither the sheet's nor the "
        "file's name gives it (销售台账.xlsx with sheets 10月, 11月).")
    amount_scale: float | dict[str, float] = Field(
        1.0,
        description="Multiply amounts (or unit prices) by this to get currency units: 0.01 for amounts in "
        "分 or cents, 10000 for 万元, 1000 for 千元; or, when sheets name the amount in different units, each "
        "header's factor ({金额(元): 1, 金额（万元）: 10000}).")
    decimal: Literal["auto", ".", ","] = Field(
        "auto", description="Decimal mark of text numbers: ',' for 1.234,56; 'auto' reads it from the file.")
    discount_percent: bool = Field(
        False, description="The `columns.discount_rate` column holds whole percentages (15 for 15% off, as some "
        "exports write Northwind's Discount): read from 0 to 100 and divided by 100.")
    columns: Columns | None = None
    fill_down: list[str] = Field(
        default_factory=list,
        description="Columns (canonical names, such as customer_id) whose empty cells in a workbook or CSV file take "
        "the value above them, within a block of orders: a hand-kept sheet writes the customer on a block's first "
        "row only.")
    customer_headings: bool = Field(
        False,
        description="The sheet has no customer column but names each customer on a heading row of its own above "
        "its orders (客户：北京协和医院, 客户名称：…, Customer: …): the reader adds a column named as "
        "columns.customer_id says, each order line taking the customer of the nearest heading row above it in its "
        "sheet; the heading rows are set aside as label rows, lines above the first heading as missing a customer.")
    wide: Wide | None = None
    date_parts: DateParts | None = Field(
        None, description="A date written over several columns (年 | 月 | 日): columns.order_date names the day's "
        "column, this the month's and the year's ({month: 月, year: 年}).")
    join: list[Join] = Field(
        default_factory=list,
        description="Files joined to the order lines by a key, in order: an order-header file (customer, "
        "date) for a file of order lines, a customer file for the ID to grade by. Each key must be on one row.")
    master: Master | None = None
    @property
    def paths(self) -> list[Path]:
        """The order files as a list (one or several exports)."""
        if self.path is None:
            return []
        return list(self.path) if isinstance(self.path, list) else [self.path]

    @field_validator("sheet")
    @classmethod
    def _some_sheet(cls, value):
        if isinstance(value, list) and not value:
            raise _Said("lists no sheet; name one or more sheets, or `all`", "没有列出工作表；请写一个或多个工作表名，或 `all`")
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        name = str(value).strip()
        try:
            if not name or name != name.strip("/") or ".." in name:
                raise ZoneInfoNotFoundError(name)
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise _Said(f"must be an IANA time zone name such as Asia/Shanghai, Asia/Tokyo or Europe/Berlin, but got "
                        f"{value!r}", f"必须是 IANA 时区名称，如 Asia/Shanghai、Asia/Tokyo、Europe/Berlin，但写的是 {value!r}") \
                from None
        return name

    @field_validator("date_format")
    @classmethod
    def _format_has_day_month_year(cls, value: str | None) -> str | None:
        if value is not None and value.strip() == "?":
            raise _Said("is still '?', the mark `kit init` leaves when the dates read both ways (03/10/2025: "
                        "3 October or 10 March); put %d/%m/%Y for day first or %m/%d/%Y for month first, "
                        "with the separator the file uses; for months typed year.month (2025.1: January or "
                        "October), put %Y.%m if months are written in two figures or %Y.%-m if as typed",
                        "仍是 '?'——日期两种读法都说得通时（03/10/2025：10 月 3 日还是 3 月 10 日）`kit init` 留下的标记；"
                        "日在前填 %d/%m/%Y，月在前填 %m/%d/%Y，分隔符与文件一致；“年.月”的月份（2025.1：1 月还是 10 月）"
                        "写成两位填 %Y.%m，按输入的一位月份填 %Y.%-m")
        if value is not None and value.strip().lower() in ("roc", "unix", "day_number"):  # kit.clean.DATE_WORDS
            return value.strip().lower()
        if value is not None and value.strip() in ("%Y.%m", "%Y.%-m"):  # kit.clean.YEAR_MONTH_TWO, _AS_TYPED
            return value.strip()
        named = value is not None and "%d" in value and any(c in value for c in ("%m", "%b", "%B")) \
            and any(c in value for c in ("%Y", "%y"))
        if value is not None and not named:
            raise _Said(f"must name day, month and year such as %d/%m/%Y or %d-%b-%y, or be roc (民國 dates such "
                        f"as 114/03/05), unix (timestamps such as 1756539474) or day_number (days counted from 1 "
                        f"with data.day_one), but got {value!r}",
                        f"必须包含日、月、年，如 %d/%m/%Y 或 %d-%b-%y，或者是 roc（民國纪年，如 114/03/05）、unix"
                        f"（Unix 时间戳，如 1756539474）或 day_number（从 1 起数的天数，配合 data.day_one），"
                        f"但写的是 {value!r}")
        return value

    @field_validator("day_one", mode="before")
    @classmethod
    def _day_one_chosen(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() == "?":
            raise _Said("is still '?', the mark `kit init` leaves for the calendar day of day 1 of a column of day "
                        "numbers: the file gives no calendar date, so put any day, such as 2020-01-01",
                        "仍是 '?'——`kit init` 为天数列的第 1 天留下的标记：文件中没有日历日期，可以填任意一天，"
                        "如 2020-01-01")
        return value

    @model_validator(mode="after")
    def _sheet_as_mapped(self) -> "Data":
        """``sheet_as: sales_rep``: the attribute mapped to the sheet's name (:data:`SHEET_HEADER`), so that every
        stage takes it as any mapped column; one the columns map to a header of the file is refused."""
        if self.sheet_as is None or self.columns is None:
            return self
        name = self.sheet_as.strip()
        from .features import ATTRIBUTES

        fixed = name in ATTRIBUTES and name != "customer_name"
        if not fixed and (name in Columns.model_fields or name.startswith("_") or not name):
            raise _KeyedError("sheet_as", f"is {name!r}, a column of the order line, not an attribute of the customer; "
                                          "use sales_rep, region, province, city or level, or a name of your own",
                              zh=f"为 {name!r}，这是订单行的列，不是客户的属性；请用 sales_rep、region、province、city、"
                                 "level，或自定的名称")
        from .io import EXCEL_SUFFIXES

        if self.paths and not any(Path(str(p)).suffix.lower() in EXCEL_SUFFIXES for p in self.paths):
            # re-read: a CSV's check stopped naming a column '(sheet name)' the user never wrote
            file = Path(str(self.paths[0])).name
            raise _KeyedError("sheet_as", f"takes {name} from the names of a workbook's sheets, but {file} has no "
                                          f"sheets; map {name} to a column in data.columns instead",
                              zh=f"从工作簿的工作表名称取 {name}，但 {file} 没有工作表；请改在 data.columns 中把 {name} "
                                 f"对应到一列")
        given = getattr(self.columns, name) if fixed else self.columns.attributes.get(name)
        if given not in (None, SHEET_HEADER):
            raise _KeyedError("sheet_as", f"takes {name} from the sheets' names, but data.columns maps {name} to the "
                                          f"header {given!r} too; delete one of the two",
                              zh=f"从工作表名称取 {name}，但 data.columns 也把 {name} 对应到表头 {given!r}；请删去其中之一")
        columns = (self.columns.model_copy(update={name: SHEET_HEADER}) if fixed else self.columns.model_copy(
            update={"attributes": {**self.columns.attributes, name: SHEET_HEADER}}))
        object.__setattr__(self, "columns", columns)
        return self

    @model_validator(mode="after")
    def _day_one_given(self) -> "Data":
        if self.date_format == "day_number" and self.day_one is None:
            raise _KeyedError("day_one", "is missing: `date_format: day_number` counts days from day 1, so "
                                         "`data.day_one` must give its calendar day, such as 2020-01-01 (any day "
                                         "when the file gives no calendar date)",
                              zh="缺失：`date_format: day_number` 从第 1 天起数天数，需要用 `data.day_one` 写明第 1 天的"
                                 "日历日期，如 2020-01-01（文件中没有日历日期时可填任意一天）")
        if self.discount_percent and (self.columns is None or self.columns.discount_rate is None):
            raise _KeyedError("discount_percent", "is true, but no `data.columns.discount_rate` is mapped for it to "
                                                  "read; map the discount column as discount_rate, or delete "
                                                  "discount_percent",
                              zh="为 true，但 `data.columns.discount_rate` 未设置，无列可读；请把折扣列设为 "
                                 "discount_rate，或删去 discount_percent")
        if self.day_one is not None and self.date_format != "day_number":
            raise _KeyedError("day_one", "is given, but only `date_format: day_number` reads it; set that, or "
                                         "delete day_one",
                              zh="已填写，但只有 `date_format: day_number` 才用到它；请设置该格式，或删去 day_one")
        return self

    @model_validator(mode="before")
    @classmethod
    def _wide_columns(cls, value: Any) -> Any:
        """With ``wide``, the month and amount come from the month columns: ``columns`` names only the customer's."""
        if not isinstance(value, dict) or value.get("wide") is None or not isinstance(value.get("columns"), dict):
            return value
        if value["wide"] is True:
            value = {**value, "wide": {}}
        named = [k for k in WIDE_COLUMNS if k in value["columns"] and value["columns"][k] != WIDE_COLUMNS[k]] + \
            [k for k in ("quantity", "unit_price") if value["columns"].get(k) is not None]
        if named:
            raise _KeyedError("columns", f"names {', '.join(named)}, but with `data.wide` the month columns give the "
                                         f"month and the amount; leave {'it' if len(named) == 1 else 'them'} out",
                              zh=f"写了 {'、'.join(named)}，但用 `data.wide` 时月份和金额来自各月份列；请删去")
        return {**value, "columns": {**value["columns"], **WIDE_COLUMNS}}

    @field_validator("demo", mode="before")
    @classmethod
    def _demo_by_name(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"name": value}
        return value

    @field_validator("path", mode="after")
    @classmethod
    def _resolve_path(cls, value, info: ValidationInfo):
        if value is None:
            return None
        if isinstance(value, list):
            if not value:
                raise _Said("must name at least one file", "至少要写一个文件")
            # a file named twice (a.csv beside a pattern that matches it) is read once
            return list(dict.fromkeys(path for v in value for path in _resolve_pattern(v, info)))
        found = _resolve_pattern(value, info)
        return found if _is_pattern(value, info) else found[0]

    @field_validator("amount_scale", mode="before")
    @classmethod
    def _scale_is_a_number_or_one_per_header(cls, value: Any) -> Any:
        """One line for a scale that is neither a number nor a mapping of headers to numbers (pydantic would
        report each branch of the union)."""
        def number(v: Any) -> bool:
            return isinstance(v, (int, float)) and not isinstance(v, bool)

        if number(value) or isinstance(value, dict) and all(number(v) for v in value.values()):
            return value
        bad = next((v for v in value.values() if not number(v)), value) if isinstance(value, dict) else value
        raise _Said(f"must be a number such as 10000 (万元) or 0.01 (分), or each amount header's number "
                    f"({{金额(元): 1, 金额（万元）: 10000}}), but got {bad!r}",
                    f"须为数字，如 10000（万元）或 0.01（分），或为每个金额表头写明数字（{{金额(元): 1, 金额（万元）: 10000}}），"
                    f"而不是 {bad!r}")

    @model_validator(mode="after")
    def _one_source(self) -> "Data":
        if (self.path is None) == (self.demo is None):
            raise _Said(
                "needs exactly one of `data.path` (a csv, xlsx, xls or parquet file) "
                "or `data.demo` (a built-in dataset such as 'pharma')",
                "`data.path`（csv、xlsx、xls 或 parquet 文件）与 `data.demo`（内置数据集，如 'pharma'）必须且只能写一个",
            )
        unknown = [k for k in self.fill_down if self.columns is None or k not in self.columns.headers()]
        if unknown:
            mapped = ", ".join(self.columns.headers()) if self.columns is not None else ""
            raise _KeyedError("fill_down", f"names {', '.join(unknown)}, which data.columns does not map; list "
                                           f"columns it maps ({mapped})",
                              zh=f"写了 {'、'.join(unknown)}，但 data.columns 中没有对应它们；请列出已对应的列（{mapped}）")
        if self.customer_headings and not any(p.suffix.lower() != ".parquet" for p in self.paths):
            raise _KeyedError("customer_headings", "reads the customer from the heading rows of a hand-kept sheet (a "
                                                   "workbook or CSV file); the orders here are not in one",
                              zh="用于手工台账（Excel 工作簿或 CSV 文件）中的客户标题行；本案例的订单文件不是")
        if self.fill_down and not any(p.suffix.lower() != ".parquet" for p in self.paths):
            raise _KeyedError("fill_down", "fills the empty cells of a hand-kept sheet (a workbook or CSV file); the "
                                           "orders here are not in one",
                              zh="用于手工台账（Excel 工作簿或 CSV 文件）中的空单元格；本案例的订单文件不是")
        self._check_amount_scale()
        if self.join and self.path is None:
            raise _KeyedError("join", "needs `data.path`: the order lines the files are joined to",
                              zh="需要 `data.path`：即这些文件所关联的订单行")
        if self.path is not None and self.columns is None:
            raise _KeyedError(
                "columns", "is needed with `data.path`: map customer_id, order_date "
                "and amount to the headers in the file",
                zh="缺失：使用 `data.path` 时需要它，把 customer_id、order_date 和 amount 对应到文件中的表头",
            )
        return self


    def _check_amount_scale(self) -> None:
        from .io import normalise_header

        scales = self.amount_scale if isinstance(self.amount_scale, dict) else {"": self.amount_scale}
        bad = [v for v in scales.values() if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0)]
        if bad:
            raise _KeyedError("amount_scale", f"must be a number above 0 (0.01, 10000), but got {bad[0]!r}",
                              zh=f"须为大于 0 的数（如 0.01、10000），而不是 {bad[0]!r}")
        if not isinstance(self.amount_scale, dict):
            return
        headers = self.columns.headers() if self.columns is not None else {}
        money = headers.get("amount") or headers.get("unit_price") or []
        unknown = [h for h in self.amount_scale if normalise_header(h) not in {normalise_header(m) for m in money}]
        if unknown or not self.amount_scale:
            shown = ", ".join(money) or "(none)"
            raise _KeyedError("amount_scale", f"names {', '.join(map(repr, unknown)) or 'no header'}, but the "
                              f"amount's headers in data.columns are {shown}; give each of them its factor",
                              zh=f"写了 {'、'.join(map(repr, unknown)) or '空的对应'}，而 data.columns 中金额的表头是 "
                                 f"{shown}；请为其中每一个写明换算倍数")

    def scale_of(self, header: str | None) -> float:
        """``amount_scale`` for the money column named ``header`` in one file or sheet (1 for a header not listed)."""
        from .io import normalise_header

        if not isinstance(self.amount_scale, dict):
            return float(self.amount_scale)
        found = {normalise_header(h): v for h, v in self.amount_scale.items()}
        return float(found.get(normalise_header(header), 1.0)) if header is not None else 1.0


def _is_pattern(value: Path, info: ValidationInfo | None = None) -> bool:
    """Whether ``value`` is a pattern (``*``, ``?``, ``[``) rather than a file that exists (orders[2025].csv)."""
    if not any(c in str(value) for c in "*?["):
        return False
    base = Path((info.context or {}).get("base_dir", ".")) if info is not None else Path(".")
    path = value.expanduser()
    return not (path if path.is_absolute() else base / path).is_file()


def _resolve_pattern(value: Path, info: ValidationInfo) -> list[Path]:
    """A data file, or the readable files a pattern such as ``data/orders_*.csv`` matches, by name (a new month's
    export dropped in the folder is read by the next run). Excel's lock files (``~$book.xlsx``) and hidden files
    are left out."""
    if not _is_pattern(value, info):
        return [_resolve_data_path(value, info)]
    base = Path((info.context or {}).get("base_dir", "."))
    pattern = value.expanduser()
    folder = pattern.parent if pattern.is_absolute() else base / pattern.parent
    if any(c in str(pattern.parent) for c in "*?[") and not folder.is_dir():
        raise _Said(f"{str(value)!r}: a pattern may name files, not folders (data/*.csv, not */orders.csv)",
                    f"{str(value)!r}：通配符只能用于文件名，不能用于文件夹（写 data/*.csv，而不是 */orders.csv）")
    matches = sorted(p for p in folder.glob(pattern.name)
                     if p.is_file() and not p.name.startswith(("~$", ".")) and p.suffix.lower() in READABLE_SUFFIXES)
    if not matches:
        raise _Said(f"{str(value)!r} matches no csv, tsv, xlsx, xls or parquet file in {str(folder.resolve())!r}",
                    f"{str(value)!r} 在 {str(folder.resolve())!r} 中没有匹配到任何 csv、tsv、xlsx、xls 或 parquet 文件")
    return [_resolve_data_path(p, info) for p in matches]


def _resolve_data_path(value: Path, info: ValidationInfo) -> Path:
    """Resolve against the params file's folder; the file must exist and be readable."""
    base = Path((info.context or {}).get("base_dir", "."))
    path = value.expanduser()
    if not path.is_absolute():
        path = base / path
    path = path.resolve()
    if path.is_dir():  # before the suffix: a folder has none, and "suffix (none)" would not say what is wrong
        raise _Said(f"points to {str(path)!r}, which is a folder, not a file (its exports: a pattern such as "
                    f"{str(value).rstrip('/')}/*.csv)",
                    f"指向的 {str(path)!r} 是文件夹，不是文件（要读其中的导出文件，请写通配符，如 {str(value).rstrip('/')}/*.csv）")
    if path.suffix.lower() not in READABLE_SUFFIXES:
        raise _Said(
            f"must be a csv, tsv, xlsx, xls or parquet file, but {str(value)!r} has suffix "
            f"{path.suffix or '(none)'!r}",
            f"必须是 csv、tsv、xlsx、xls 或 parquet 文件，但 {str(value)!r} 的扩展名是 {path.suffix or '（无）'!r}",
        )
    if not path.is_file():
        relative = not value.expanduser().is_absolute()  # read from the params file's folder, not the terminal's
        raise _Said(f"points to {str(path)!r}, which does not exist"
                    + (f" ({str(value)!r} is read from the params file's folder)" if relative else ""),
                    f"指向的文件 {str(path)!r} 不存在" + (f"（{str(value)!r} 是相对参数文件所在文件夹的路径）" if relative else ""))
    return path


# ------------------------------------------------------------------------- period


class Period(_Model):
    """The grading window: the ``months`` whole months ending at ``as_of``."""

    as_of: dt.date
    months: int = Field(12, ge=1, le=120, strict=True)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_chosen(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and 19000101 <= value <= 21991231:
            value = str(value)  # 20250630, as exports write days
        if isinstance(value, str) and (day := re.fullmatch(r"\s*(\d{4})(\d{2})(\d{2})\s*", value)):
            try:
                return dt.date(*map(int, day.groups()))
            except ValueError:
                return value  # 20251331: the date error follows, with the value as written
        if isinstance(value, str) and (day := re.fullmatch(r"\s*(\d{4})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?\s*", value)):
            try:  # 2025/6/30, 2025-6-30, 2025年6月30日: the day the file's dates are written like
                return dt.date(*map(int, day.groups()))
            except ValueError:
                return value  # 2025/2/30: the date error follows
        if isinstance(value, str) and value.strip() == "?":
            raise _Said("is still '?', the mark `kit init` leaves when it cannot tell where the window ends: "
                        "put its last day, such as 2025-12-31 (the comment beside it gives the end for each "
                        "way of reading the dates)",
                        "仍是 '?'——`kit init` 判断不出分级期间在哪天结束时留下的标记：请填写最后一天，如 2025-12-31"
                        "（旁边的注释给出了每种日期读法对应的期末）")
        return value

    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """First and last day (both inclusive) of the grading window.

        When ``as_of`` is not the last day of its month, that month is not
        whole and the window ends with the previous month.
        """
        last_day = calendar.monthrange(self.as_of.year, self.as_of.month)[1]
        end_month = pd.Period(self.as_of, freq="M")
        if self.as_of.day != last_day:
            end_month -= 1
        start_month = end_month - (self.months - 1)
        return start_month.start_time.normalize(), end_month.end_time.normalize()

    def previous_window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The window of the same length just before :meth:`window`."""
        start, _ = self.window()
        prev_end = start - pd.Timedelta(days=1)
        prev_start = (pd.Period(prev_end, freq="M") - (self.months - 1)).start_time
        return prev_start.normalize(), prev_end.normalize()


# ------------------------------------------------------------------------ grading


class ThresholdGrading(_Model):
    """Absolute thresholds: lower bounds inclusive, labels lowest tier first."""

    method: Literal["thresholds"]
    column: Literal["revenue"] = "revenue"
    thresholds: list[Number] = Field(min_length=1)
    labels: Labels

    @field_validator("thresholds")
    @classmethod
    def _ascending(cls, value: list[float]) -> list[float]:
        problem = _not_ascending(value)
        if problem:
            raise problem
        return value

    @field_validator("labels")
    @classmethod
    def _distinct_labels(cls, value: list[str]) -> list[str]:
        stripped = [label.strip() for label in value]
        if any(not label for label in stripped):
            raise _Said("must not contain empty labels", "不能有空的级别名称")
        seen = {label for label in stripped if stripped.count(label) > 1}
        if seen:
            raise _Said(f"must be distinct, but {sorted(seen)} appear more than once",
                        f"不能重复，但 {sorted(seen)} 出现了不止一次")
        return stripped

    @model_validator(mode="after")
    def _labels_fit(self) -> "ThresholdGrading":
        need = len(self.thresholds) + 1
        if len(self.labels) != need:
            raise _KeyedError(
                "labels",
                f"needs {need} labels for {len(self.thresholds)} thresholds "
                f"(lowest tier first), but {len(self.labels)} were given",
                zh=f"{len(self.thresholds)} 个门槛需要 {need} 个级别名称（从低到高），但写了 {len(self.labels)} 个",
            )
        return self


def _not_ascending(values: list[float]) -> _Said | None:
    """The problem with a list of thresholds that is not strictly ascending, or None."""
    for low, high in zip(values, values[1:]):
        if not high > low:
            # [100,000, 300,000] in YAML is the list 100, 0, 300, 0; [100000, 1,000,000] is 100000, 1, 0, 0
            split = any(v == 0 for v in values[1:]) and all(float(v).is_integer() and v >= 0 for v in values)
            hint = "; write thresholds without thousands commas, such as [100000, 300000]" if split else ""
            hint_zh = "；写门槛时不要用千分位逗号，例如 [100000, 300000]" if split else ""
            return _Said(f"must be strictly ascending, but {_num(high)} follows {_num(low)}{hint}",
                         f"必须从小到大排列，但 {_num(high)} 排在 {_num(low)} 之后{hint_zh}")
    return None


def _check_labels(labels: list[str], need: int, what: str) -> None:
    if len(labels) != need:
        raise _KeyedError("labels", f"needs {need} labels for {what} (lowest tier first), but {len(labels)} were given",
                          zh=f"需要 {need} 个级别名称（从低到高），但写了 {len(labels)} 个")


class ParetoGrading(_Model):
    """ABC by cumulative share of revenue, e.g. A up to 80%, B up to 95%."""

    method: Literal["pareto"]
    column: Literal["revenue"] = "revenue"
    cuts: list[Number] = Field(default_factory=lambda: [0.8, 0.95], min_length=1)
    labels: Labels = Field(default_factory=lambda: ["C", "B", "A"])

    @field_validator("cuts")
    @classmethod
    def _cuts(cls, value: list[float]) -> list[float]:
        if any(not 0 < c < 1 for c in value) or any(b <= a for a, b in zip(value, value[1:])):
            raise _Said(f"must be ascending shares between 0 and 1 such as [0.8, 0.95], but got {value}",
                        f"必须是 0 到 1 之间、从小到大的累计占比，如 [0.8, 0.95]，但写的是 {value}")
        return value

    @model_validator(mode="after")
    def _fit(self) -> "ParetoGrading":
        _check_labels(self.labels, len(self.cuts) + 1, f"{len(self.cuts)} cuts")
        return self


class SharesGrading(_Model):
    """Tiers by share of customers ranked by revenue, e.g. last 50% / next 30% / top 20%."""

    method: Literal["shares"]
    column: Literal["revenue"] = "revenue"
    shares: list[Number] = Field(default_factory=lambda: [0.5, 0.3, 0.2], min_length=2)
    labels: Labels = Field(default_factory=lambda: ["C", "B", "A"])

    @field_validator("shares")
    @classmethod
    def _sum_to_one(cls, value: list[float]) -> list[float]:
        if any(v <= 0 for v in value) or abs(sum(value) - 1) > 1e-9:
            raise _Said(f"must be positive shares adding up to 1 (lowest tier first), but got {value}",
                        f"必须是合计为 1 的正数占比（从低到高），但写的是 {value}")
        return value

    @model_validator(mode="after")
    def _fit(self) -> "SharesGrading":
        _check_labels(self.labels, len(self.shares), f"{len(self.shares)} shares")
        return self


class QuantileGrading(_Model):
    """Equal-count tiers by rank (see docs/outputs.md, "The quantile rule")."""

    method: Literal["quantiles"]
    column: Literal["revenue"] = "revenue"
    labels: Labels = Field(min_length=2)


VALUE_METHODS = ("thresholds", "pareto", "shares", "quantiles")
ValueGrading = Annotated[
    Union[ThresholdGrading, ParetoGrading, SharesGrading, QuantileGrading], Field(discriminator="method")
]


class CutGrading(_Model):
    """Tiers of one feature by thresholds or by equal-count quantiles."""

    by: str
    method: Literal["thresholds", "quantiles"] = "quantiles"
    thresholds: list[Number] | None = None
    labels: Labels = Field(min_length=2)
    ties: Literal["together", "split"] = Field(
        "together",
        description="Quantiles: customers of equal value (the same number of orders) share a tier (together), or "
        "are split by customer ID so that tiers hold equal counts (split).",
    )

    @model_validator(mode="before")
    @classmethod
    def _thresholds_mean_thresholds(cls, data):
        """Thresholds written without a method are what the tiers are cut at (not ignored for quantiles)."""
        if isinstance(data, dict) and data.get("thresholds") and "method" not in data:
            return {**data, "method": "thresholds"}
        return data

    @model_validator(mode="after")
    def _fit(self) -> "CutGrading":
        if self.method == "quantiles" and self.thresholds:  # else the tiers are cut elsewhere than written
            raise _KeyedError("thresholds", "is not used by method: quantiles (tiers of equal counts); set method: "
                              "thresholds to cut at these values, or remove them (with --set: =null)",
                              zh="不适用于 method: quantiles（按人数等分）：要按这些门槛分级请设 method: thresholds，"
                              "否则删去它（命令行 --set 时写 =null）")
        if self.method == "thresholds":
            if not self.thresholds:
                raise _KeyedError("thresholds", "is needed with method: thresholds, e.g. [4, 12]",
                                  zh="method: thresholds 需要门槛，如 [4, 12]")
            problem = _not_ascending(self.thresholds)
            if problem:
                raise _KeyedError("thresholds", str(problem), zh=problem.zh)
            _check_labels(self.labels, len(self.thresholds) + 1, f"{len(self.thresholds)} thresholds")
        return self


class FrequencyGrading(CutGrading):
    by: Literal["orders", "active_months"] = "orders"
    labels: Labels = Field(default_factory=lambda: list(EN_LABELS["frequency"]), min_length=2)


class PotentialGrading(CutGrading):
    by: str = Field("growth", description="growth, or a customer attribute such as beds")
    labels: Labels = Field(default_factory=lambda: list(EN_LABELS["potential"]), min_length=2)
    missing: str | None = Field(None, description="Tier for customers without a value (default: the middle tier).")

    @model_validator(mode="after")
    def _missing_is_a_tier(self) -> "PotentialGrading":
        if self.missing is not None and self.missing not in self.labels:
            raise _KeyedError("missing", f"must be one of the tiers {self.labels}{_did_you_mean(self.missing, self.labels)}, "
                                         f"but got {self.missing!r}",
                              zh=f"必须是 {self.labels} 中的一级{_did_you_mean(self.missing, self.labels, 'zh')}，"
                                 f"但写的是 {self.missing!r}")
        return self


#: Tier names an English report uses where params give none (lowest tier first): no name used by two graders,
#: RFM's segments (New, At risk, Lost) included; capitalised as RFM's and a client's own tier names are (report QA:
#: "lapsing" beside "At risk" in one table).
EN_LABELS = {"frequency": ("Occasional", "Regular", "Frequent"),
             "potential": ("Low potential", "Medium potential", "High potential"),
             "loyalty": ("Lapsed", "General", "Committed"),
             "lifecycle": ("Churned", "Lapsing", "Active", "Newcomer")}
#: English defaults of earlier kit versions, which a composite map or ``missing`` written then still names.
_EN_LABELS_BEFORE = {"frequency": [("low", "medium", "high")], "potential": [("low", "medium", "high")],
                     "loyalty": [("lapsed", "general", "committed"), ("lost", "general", "loyal")],
                     "lifecycle": [("churned", "lapsing", "active", "newcomer")]}


class LoyaltyGrading(_Model):
    # not "lost" and "loyal": RFM's Lost and Loyal segments; a report names both (QA)
    labels: Labels = Field(default_factory=lambda: list(EN_LABELS["loyalty"]))
    loyal_min_repurchase: float = Field(0.5, ge=0, le=1)
    loyal_max_stability: float = Field(1.0, ge=0)
    loyal_max_recency_days: int = Field(90, ge=0)
    lost_min_recency_days: int = Field(180, ge=1)

    @model_validator(mode="after")
    def _fit(self) -> "LoyaltyGrading":
        _check_labels(self.labels, 3, "lapsed, general and committed customers")
        if self.lost_min_recency_days <= self.loyal_max_recency_days:  # lost is checked first: loyal would shrink
            raise _KeyedError("lost_min_recency_days",
                              f"must be more than loyal_max_recency_days ({self.loyal_max_recency_days})",
                              zh=f"必须大于 loyal_max_recency_days（{self.loyal_max_recency_days}）")
        return self


class RfmGrading(_Model):
    bins: Literal[5] = 5
    labels: dict[str, str] = Field(default_factory=dict, description="Segment name -> label shown.")

    @field_validator("labels")
    @classmethod
    def _known(cls, value: dict[str, str]) -> dict[str, str]:
        from .grading import RFM_SEGMENT_NAMES

        for key in value:
            if key not in RFM_SEGMENT_NAMES:
                raise _Said(f"names an unknown segment {key!r}{_did_you_mean(key, RFM_SEGMENT_NAMES)}; "
                            f"segments: {', '.join(RFM_SEGMENT_NAMES)}",
                            f"写了不存在的细分 {key!r}{_did_you_mean(key, RFM_SEGMENT_NAMES, 'zh')}；"
                            f"可用的细分：{', '.join(RFM_SEGMENT_NAMES)}")
        return value


class LifecycleGrading(_Model):
    # not "at risk" and "new": RFM's At risk and New segments, which a report of both showed beside them (QA)
    labels: Labels = Field(default_factory=lambda: list(EN_LABELS["lifecycle"]))
    new_days: int = Field(90, ge=1)
    at_risk_days: int = Field(90, ge=1)
    churn_days: int = Field(180, ge=1)

    @model_validator(mode="after")
    def _fit(self) -> "LifecycleGrading":
        _check_labels(self.labels, 4, "churned, lapsing, active and new customers")
        if self.churn_days <= self.at_risk_days:
            raise _KeyedError("churn_days", f"must be more than at_risk_days ({self.at_risk_days})",
                              zh=f"必须大于 at_risk_days（{self.at_risk_days}）")
        return self


class CompositeGrading(_Model):
    """Final tiers from a matrix of two grades, or a weighted score cut into tiers."""

    method: Literal["matrix", "score"]
    rows: Literal["value", "frequency", "loyalty", "potential"] = "value"
    cols: Literal["value", "frequency", "loyalty", "potential"] = "potential"
    map: dict[str, dict[str, str]] = Field(default_factory=dict)
    weights: dict[str, float] = Field(default_factory=dict)
    thresholds: list[Number] = Field(default_factory=list)
    labels: Labels = Field(min_length=2)

    @model_validator(mode="before")
    @classmethod
    def _labels_given(cls, value: Any) -> Any:
        if isinstance(value, dict) and "labels" not in value:
            named = list(dict.fromkeys(t for row in (value.get("map") or {}).values() if isinstance(row, dict)
                                       for t in row.values())) if isinstance(value.get("map"), dict) else []
            listed = ", ".join(map(str, named))
            raise _KeyedError("labels", "is needed: the final tiers, lowest first (every tier the map or the score "
                                        "thresholds give)" + (f"; the map names [{listed}], to put in order" if named
                                                              else ""),
                              zh="需要填写：最终级别，从低到高（矩阵 map 或得分阈值给出的每一级）"
                                 + (f"；map 中的级别为 [{listed}]，请按从低到高排列" if named else ""))
        return value

    @model_validator(mode="after")
    def _fit(self) -> "CompositeGrading":
        if self.method == "matrix":
            if not self.map:
                raise _KeyedError("map", "is needed with method: matrix: {row tier: {column tier: final tier}}",
                                  zh="method: matrix 需要它：{行级别: {列级别: 最终级别}}")
            for row in self.map.values():
                for tier in row.values():
                    if tier not in self.labels:
                        raise _KeyedError("map", f"names {tier!r}, which is not in `labels` {self.labels}",
                                          zh=f"写了 {tier!r}，它不在 `labels` {self.labels} 中")
        else:
            if not self.weights:
                raise _KeyedError("weights", "is needed with method: score, e.g. {revenue: 0.6, orders: 0.4}",
                                  zh="method: score 需要权重，如 {revenue: 0.6, orders: 0.4}")
            problem = _not_ascending(self.thresholds)
            if problem:
                raise _KeyedError("thresholds", str(problem), zh=problem.zh)
            _check_labels(self.labels, len(self.thresholds) + 1, f"{len(self.thresholds)} score thresholds")
        return self


class KMeansView(_Model):
    """Exploratory k-means clusters on standardised features (not a tier)."""

    k: int = Field(4, ge=2, le=20)
    features: list[str] = Field(default_factory=lambda: ["revenue", "orders", "recency_days", "repurchase_rate"],
                                min_length=1)
    seed: int = 0


class Grading(_Model):
    value: ValueGrading
    frequency: FrequencyGrading | None = None
    loyalty: LoyaltyGrading | None = None
    potential: PotentialGrading | None = None
    rfm: RfmGrading | None = None
    lifecycle: LifecycleGrading | None = None
    composite: CompositeGrading | None = None
    kmeans: KMeansView | None = None
    sensitivity_step: float = Field(0.1, gt=0, lt=1, description="Move each threshold by +-this share.")

    @model_validator(mode="after")
    def _composite_inputs(self) -> "Grading":
        c = self.composite
        if c is not None and c.method == "matrix":
            for axis in (c.rows, c.cols):
                if getattr(self, axis) is None:
                    raise _KeyedError(f"composite.{'rows' if axis == c.rows else 'cols'}",
                                      f"uses the {axis} grade, but `grading.{axis}` is not set",
                                      zh=f"用到 {axis} 分级，但没有设置 `grading.{axis}`")
            rows, cols = getattr(self, c.rows).labels, getattr(self, c.cols).labels
            missing = [f"{r} x {col}" for r in rows for col in cols if col not in c.map.get(r, {})]
            if missing:  # found when the run reached such a pair, in English, in the grading notebook
                shown = ", ".join(missing[:4]) + (f" (and {len(missing) - 4} more)" if len(missing) > 4 else "")
                shown_zh = "、".join(missing[:4]) + (f"（另有 {len(missing) - 4} 对）" if len(missing) > 4 else "")
                raise _KeyedError(
                    "composite.map", f"gives no final tier for {shown}; the {c.rows} tiers are {rows} and the "
                    f"{c.cols} tiers are {cols} (set their labels to name them otherwise)",
                    zh=f"没有给出 {shown_zh} 的最终级别；{t(f'name_{c.rows}', 'zh')}分级的级别是 {rows}，"
                       f"{t(f'name_{c.cols}', 'zh')}分级的级别是 {cols}（如需别的名称，请设置它们的 labels）")
        return self


# ------------------------------------------------------------------- service plan


class ServicePlan(_Model):
    """What a tier gets, in the client's words, and what it costs in time."""

    summary: str
    actions: list[str] = Field(default_factory=list)
    channel: str | None = None
    visits_per_month: float = Field(0, ge=0)
    hours_per_visit: float = Field(0, ge=0)


class SameCustomersFile(_Model):
    """``cleaning.same_customers`` read from a file: a client's customer master mapping (主数据对照表), a column of
    customers as the orders write them and one of the customer each is graded as."""

    file: Path = Field(description="The mapping file (csv, xlsx, ...), read from the params file's folder.")
    written: str = Field(description="Header of the column of customers as the orders write them (原客户名称, 客户编码).")
    graded_as: str = Field(description="Header of the column of the customer each is graded as (标准客户名称, 合并后编码).")
    sheet: str | int = 0
    encoding: str | None = None
    header_row: int | None = Field(None, ge=1)

    @field_validator("file", mode="after")
    @classmethod
    def _resolve(cls, value: Path, info: ValidationInfo) -> Path:
        return _resolve_data_path(value, info)

    @field_validator("written", "graded_as")
    @classmethod
    def _a_header(cls, value: str) -> str:
        if not value.strip():
            raise _Said("must be the header of a column of the file", "应为文件中某一列的表头")
        return value


def _same_customers_form(value: Any) -> str:
    """Which form ``cleaning.same_customers`` is written in: a mapping in the params, or a file (``file:`` naming a
    file of a kind the kit reads, or beside ``written`` or ``graded_as``). A customer written ``file`` graded as
    another, ``{file: 中山医院}``, is a mapping in the params (review: it stopped on a file without a suffix)."""
    if isinstance(value, SameCustomersFile):
        return "from_file"
    if isinstance(value, dict) and "file" in value and (
            {"written", "graded_as"} & set(value)
            or Path(str(value["file"])).suffix.lower() in READABLE_SUFFIXES):
        return "from_file"
    return "in_params"


class Cleaning(_Model):
    """Row rules. Every rule keeps rows accounted for in the ledger."""

    max_set_aside_share: float = Field(
        0.05, ge=0, le=1, description="Stop when more than this share of rows is set aside."
    )
    duplicates: Literal["auto", "drop", "keep"] = Field(
        "auto",
        description="Rows identical in every column: auto drops them when they carry an order ID and their "
        "order is written again, keeps a line an order writes twice beside lines written once, and keeps them "
        "(reported as possible duplicates) when they have none.",
    )
    returns: Literal["net", "drop", "set_aside"] = Field(
        "net", description="Negative amounts: net against the customer, drop, or set aside."
    )
    subtotals: Literal["set_aside", "keep"] = Field(
        "set_aside",
        description="Lines that carry a customer ID and read 小计, 合计 or Subtotal in another cell: set aside as "
        "subtotals, or keep as orders (when such a cell is a remark on real orders, a 备注 reading 本单合计); with "
        "keep, a label alone (小计) or a period's total (本月合计, 本期合计) still marks a subtotal, never an order.",
    )
    id_variants: Literal["keep", "merge"] = Field(
        "keep",
        description="Customer IDs that differ only in leading zeros, case, spaces or dashes (00123 / 123): keep them "
        "as separate customers (listed in id_check.csv), or merge each group under its longest ID (leading zeros "
        "kept; on a tie the one with the most lines).",
    )
    order_totals: Literal["check", "once", "lines"] = Field(
        "check",
        description="An amount column that holds the order's total written on each of its lines (抖店's 订单应付金额, "
        "a payment joined onto the items): check stops the run when most orders of several lines carry one amount "
        "on every line; once counts each order's amount once (its further lines repeating it are dropped, reason "
        "repeated_total); lines says every line's amount is its own.")
    overlap: Literal["keep", "latest"] = Field(
        "keep",
        description="An order (order ID, customer, day) whose lines differ between two files, such as an order "
        "corrected in a later cumulative export: keep counts each file's lines (overlap.csv lists such orders); "
        "latest counts the order as the latest file that has it writes it (the file whose orders reach the later "
        "month; in the same month, the one data.path lists later) and sets the earlier files' lines aside as "
        "superseded; an earlier order on the days a later file covers that it no longer has, though it repeats most "
        "orders of that month, is set aside as withdrawn.")
    blank_ids: Literal["set_aside", "name"] = Field(
        "set_aside",
        description="Lines whose customer ID cell is empty but whose customer_name is filled (临时客户 entered by "
        "name only): set aside (reason missing_customer_id), or name: graded under the ID that name has on the "
        "other lines of any file of the case when it has exactly one, else under the name itself (a name "
        "written with several IDs stays set aside).",
    )
    exclude: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Rows to leave out by a column's value, header: [values] (订单状态: [已取消, 已作废]; "
        "order_status: [canceled]); compared trimmed and ignoring case, as written (01 unquoted is 01, not 1) and a "
        "whole number without its leading zeros (01 matches a number cell 1); a value ending in * stands for every "
        "value starting so (单号: [TEST*]). They are set aside with their cells under their own reason and do not "
        "count towards max_set_aside_share.")

    returns_marked: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Rows that are returns by a column's value although their amount is positive, header: [values] "
        "(单据类型: [销售退货]); a value ending in * stands for every value starting so (Invoice No: [CN-*], credit "
        "notes numbered CN-501 ...); their amount counts as negative, then cleaning.returns applies.")

    return_sheets: list[str] = Field(
        default_factory=list,
        description="Sheets of the workbook that hold returns written with positive amounts (退货): every amount "
        "there counts as negative, then cleaning.returns applies.")

    red_amounts: Literal["returns", "sales"] | None = Field(
        None,
        description="Positive amounts written in red font in a workbook (.xlsx/.xlsm), as hand-kept ledgers write "
        "红字 lines: returns counts each as its negative (a return, credit note or cancellation), then "
        "cleaning.returns applies; sales counts it as written (the red only highlights it). Unset, a run that "
        "meets them stops and names them.")

    struck_rows: Literal["void", "count"] | None = Field(
        None,
        description="Lines of a workbook (.xlsx/.xlsm) whose amount is written in a struck-through font, as hand-kept "
        "ledgers keep a voided line (作废) visible: void sets each aside (reason struck, listed in quarantine.csv, "
        "not counted towards max_set_aside_share); count counts it as written. Unset, a run that meets them stops "
        "and names them.")

    same_customers: Annotated[
        Union[Annotated[dict[str, str], Tag("in_params")], Annotated[SameCustomersFile, Tag("from_file")]],
        Discriminator(_same_customers_form)] = Field(
        default_factory=dict,
        description="Customers written in ways cleaning.id_variants cannot tell are one, as written: graded as "
        "(复旦大学附属中山医院: 中山医院, as two distributors' flows name one hospital; a customer's old code: its "
        "new one); compared with the customer ID as the kit reads it (trimmed), so as grades.csv writes it. Or a "
        "file of them, the client's customer master mapping: {file: 客户对照表.xlsx, written: 原客户名称, graded_as: "
        "标准客户名称} (sheet, encoding and header_row as data.master's).")

    @field_validator("same_customers", mode="before")
    @classmethod
    def _one_step(cls, value: Any) -> Any:
        """Text both sides, none blank, and no customer both renamed and named (a chain, A: B and B: C); a file's
        mapping is checked as it is read (:func:`kit.io.load_same_customers`)."""
        if not isinstance(value, dict) or _same_customers_form(value) == "from_file":
            return value
        out, seen, first_written = {}, {}, {}
        # as the export's customer IDs are read (review: Ｃ００１ or 客户Ａ written here matched no C001, 客户A of the
        # data, whose IDs are NFKC-folded), as a mapping file's cells are
        ids = _customer_ids(_written(v) for pair in value.items() for v in pair
                            if v is not None and not isinstance(v, (dict, list)))

        def as_id(text: Any) -> str:
            return ids.get(_written(text), _written(text))

        for written, graded in value.items():
            if graded is None or isinstance(graded, (dict, list)) or not str(graded).strip() \
                    or written is None or not str(written).strip():
                raise _Said(f"{written!r}: {graded!r} must name a customer as written and the customer it is graded "
                            f"as, e.g. 复旦大学附属中山医院: 中山医院",
                            f"{written!r}: {graded!r} 须写明客户在数据中的写法及其应计入的客户，如 复旦大学附属中山医院: 中山医院")
            # as written: 00123 and 01.10 unquoted are not the 83 and 1.1 YAML reads them as (review)
            # 'A ' and A: one, trimmed (a self-map among them too: A: A beside 'A ': B, re-read)
            if as_id(written) in seen and seen[as_id(written)] != as_id(graded):
                first = first_written[as_id(written)]
                # review: ①号店 beside 1号店 was said "once trimmed"; the two as written when they differ so
                how = (("once trimmed", "去掉首尾空格后相同") if first == _written(written) else
                       (f"written {first!r} and {_written(written)!r}, one customer ID as the export's IDs are read",
                        f"{first!r} 和 {_written(written)!r} 按导出中客户编码的读法是同一编码"))
                raise _Said(f"{as_id(written)!r} is named twice ({how[0]}), graded as "
                            f"{seen[as_id(written)]!r} and {as_id(graded)!r}; name it once",
                            f"{as_id(written)!r} 写了两次（{how[1]}），分别计入 {seen[as_id(written)]!r} 和 "
                            f"{as_id(graded)!r}；请只写一次")
            seen[as_id(written)] = as_id(graded)
            first_written.setdefault(as_id(written), _written(written))
            if as_id(written) != as_id(graded):  # a customer graded as itself changes nothing
                out[as_id(written)] = as_id(graded)
        chained = sorted(set(out) & set(out.values()))
        if chained:
            first = chained[0]
            raise _Said(f"{first!r} is both graded as another customer and named as the customer others are graded as; "
                        f"name the customer each is graded as directly",
                        f"{first!r} 既被计入另一客户，又作为其他写法应计入的客户；请直接写明每种写法最终计入的客户")
        return out

    @field_validator("exclude", "returns_marked", mode="before")
    @classmethod
    def _values_as_text(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out = {}
        for header, values in value.items():
            values = values if isinstance(values, list) else [values]
            if not values or any(v is None or isinstance(v, (dict, list)) for v in values):
                raise _Said(f"{header!r} must list the values to leave out, e.g. {header}: [canceled]",
                            f"{header!r} 须列出要排除的值，如 {header}: [已取消]")
            # as written: 01 and 010 unquoted are not the 1 and 8 YAML 1.1 reads them as (a number cell 1 shown 01
            # still matches 01: cleaning compares whole numbers without their leading zeros)
            out[str(getattr(header, "written", header))] = [str(getattr(v, "written", v)) for v in values]
        return out


class Output(_Model):
    """What the run writes besides the report."""

    excel_max_rows: int = Field(
        50_000, ge=1, le=1_048_575,
        description="Customers in the Excel workbook's customer sheet (the largest by revenue when there are "
        "more); grades.csv and grades.parquet always hold every customer.",
    )


# --------------------------------------------------------------------------- root


#: Tier names a Chinese report uses where params give none (lowest tier first).
_ZH_LABELS = {
    "frequency": ("低频", "中频", "高频"),
    "potential": ("低潜力", "中潜力", "高潜力"),
    "loyalty": ("流失客户", "一般忠诚", "忠诚客户"),  # not 一般客户: a value tier's usual name
    "lifecycle": ("已流失", "有流失风险", "活跃", "新客户"),
}
#: Chinese defaults of earlier kit versions, which a composite map written then still names.
_ZH_LABELS_BEFORE = {"loyalty": [("流失客户", "一般客户", "忠诚客户")]}


def default_labels(axis: str, lang: str) -> list[tuple[str, ...]]:
    """The tier names the kit gives ``axis`` (loyalty, lifecycle ...) in ``lang`` where params give none: today's
    first, then those of earlier versions, which params written then still name."""
    today, before = (_ZH_LABELS, _ZH_LABELS_BEFORE) if lang == "zh" else (EN_LABELS, _EN_LABELS_BEFORE)
    return ([today[axis]] if axis in today else []) + list(before.get(axis, []))


class Params(_Model):
    """A whole case file."""

    # Chinese characters, kana and Hangul: 销售台账-2025, 売上明細-2025, 매출현황-2025
    case: str = Field(pattern=r"^[a-z0-9\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7a3]"
                              r"[a-z0-9_\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7a3-]{0,63}$")
    title: str
    client: str
    language: Literal["zh", "en"] = "zh"
    currency: str = "RMB"
    customer_counter: Literal["家", "位", "名", "户", "个"] = Field(
        "家", description="The measure word a Chinese report counts customers with: 家 for companies and hospitals, "
        "位 (or 名) for people, whose spending the report calls 消费额 rather than 采购额.")
    data: Data
    period: Period
    grading: Grading
    service_plan: dict[str, ServicePlan] = Field(default_factory=dict)
    cleaning: Cleaning = Field(default_factory=Cleaning)
    output: Output = Field(default_factory=Output)

    @field_validator("currency")
    @classmethod
    def _currency_given(cls, value: str, info: ValidationInfo) -> str:
        """``currency: "?"`` stops, unless the amount is still ``"?"`` too (``amount_open`` in the context): the data
        check then says what the amount lacks first (QA pub: a file without money was asked its currency, then said
        to be ungradable). A field's check, so that it is listed beside the other keys' (day_one, as_of)."""
        if value.strip() == "?" and not (info.context or {}).get("amount_open"):
            raise _Said("is still '?', the mark `kit init` leaves when the export does not say its currency: put "
                        "USD, EUR, GBP, RMB ... (the report writes amounts with its symbol)",
                        "仍是 '?'——导出文件未注明币种时 `kit init` 留下的标记：请填写 RMB、USD、EUR、GBP 等（报告按其符号书写金额）")
        return value

    @model_validator(mode="after")
    def _plan_matches_tiers(self) -> "Params":
        labels = self.grading.value.labels
        for key in self.service_plan:
            if key not in labels:
                hint = _did_you_mean(key, labels)
                raise _KeyedError(
                    f"service_plan.{key}",
                    f"is not a tier of `grading.value.labels` {labels}{hint}",
                    root=True,
                    zh=f"不是 `grading.value.labels` {labels} 中的级别{_did_you_mean(key, labels, 'zh')}",
                )
        return self

    @model_validator(mode="after")
    def _blank_ids_need_a_name(self) -> Params:
        """``cleaning.blank_ids: name`` grades a line without an ID under its customer's name: the name's column
        must be mapped."""
        if self.cleaning.blank_ids == "name" and self.columns.customer_name is None:
            raise _KeyedError(
                "cleaning.blank_ids", "is 'name', which grades a line without a customer ID under its customer's "
                "name, but `data.columns.customer_name` is not mapped; map the name's column or write set_aside",
                root=True, zh="为 'name'（客户编码为空的行按客户名称计入），但 `data.columns.customer_name` 未对应；"
                "请对应客户名称列，或写 set_aside")
        return self

    @model_validator(mode="after")
    def _features_are_known(self) -> Params:
        """k-means features, a composite score's weights and potential's ``by`` name features the kit computes or
        mapped attributes: a misspelt one stopped the run in its grading notebook, after a run folder was made."""
        from .features import LINE_COLUMNS, NUMERIC_FEATURES

        g = self.grading
        named = [("kmeans.features", f) for f in (g.kmeans.features if g.kmeans is not None else [])]
        named += [("composite.weights", f) for f in (g.composite.weights if g.composite is not None else {})]
        if g.potential is not None:
            named.append(("potential.by", g.potential.by))
        # attributes the kit knows as text (region, name ...) are no feature to compute with (QA: k-means "on
        # revenue, region" ignored region); a client's own attribute is checked for numbers when graded
        text = {"customer_name", "province", "city", "region", "sales_rep"}  # a level may be a number (review)
        known = [*NUMERIC_FEATURES, *(k for k in self.columns.headers() if k not in LINE_COLUMNS and k not in text)]
        for key, feature in named:
            if feature not in known:
                listed = ", ".join(known)
                raise _KeyedError(
                    f"grading.{key}", f"names {feature!r}{_did_you_mean(feature, known)}, which is neither a feature "
                    f"the kit computes nor a mapped column; use one of {listed}", root=True,
                    zh=f"写了 {feature!r}{_did_you_mean(feature, known, 'zh')}，它既不是 kit 计算的指标，也不是已对应的列；"
                       f"可用：{listed}")
        return self

    @model_validator(mode="before")
    @classmethod
    def _sections_left_empty(cls, raw: Any) -> Any:
        """``cleaning:`` or ``output:`` with every line under it commented out (a drafted choice not taken) is the
        section's defaults, not an error."""
        if isinstance(raw, dict) and any(raw.get(key, {}) is None for key in ("cleaning", "output")):
            raw = {k: v for k, v in raw.items() if not (k in ("cleaning", "output") and v is None)}
        return raw

    @model_validator(mode="before")
    @classmethod
    def _default_labels_in_report_language(cls, raw: Any) -> Any:
        """A Chinese report gets Chinese tier names where params leave them to the kit (English otherwise). A
        composite matrix names the tiers of its two grades in its map, and potential's ``missing`` one of its tiers:
        names of the defaults of an earlier version (Chinese: 一般客户 for loyalty; English: lost and loyal, lapsing,
        medium) keep those defaults, rather than failing on today's."""
        if not isinstance(raw, dict) or not isinstance(raw.get("grading"), dict):
            return raw
        zh = raw.get("language", "zh") == "zh"
        grading = dict(raw["grading"])
        composite = grading.get("composite") if isinstance(grading.get("composite"), dict) else {}
        named: dict[str, set] = {}
        if composite.get("method") == "matrix" and isinstance(composite.get("map"), dict):
            rows = composite["map"]
            named[composite.get("rows", "value")] = {str(k) for k in rows}
            named.setdefault(composite.get("cols", "potential"), set()).update(
                str(k) for row in rows.values() if isinstance(row, dict) for k in row)
        for axis in (_ZH_LABELS if zh else EN_LABELS):
            node = grading.get(axis)
            if not isinstance(node, dict) or "labels" in node:
                continue
            wanted = named.get(axis, set()) | ({str(node["missing"])} if node.get("missing") is not None else set())
            # today's names, else the first earlier defaults that hold every name written, else the other language's
            # (a zh case's map keyed high/medium/low); else none is set, and the map or `missing` is checked against
            # the field's default (it says which tiers there are)
            own, other = ("zh", "en")[::1 if zh else -1]
            fits = [one for one in (*default_labels(axis, own), *default_labels(axis, other)) if wanted <= set(one)]
            if fits:
                grading[axis] = {**node, "labels": list(fits[0])}
        rfm = grading.get("rfm")
        if zh and isinstance(rfm, dict) and not rfm.get("labels"):
            from .grading import RFM_SEGMENT_ZH

            grading["rfm"] = {**rfm, "labels": dict(RFM_SEGMENT_ZH)}
        return {**raw, "grading": grading}

    @property
    def columns(self) -> Columns:
        """Column mapping; demo datasets use canonical names as headers."""
        if self.data.columns is not None:
            return self.data.columns
        from .datasets import demo_columns

        return demo_columns(self.data.demo.name)


# ---------------------------------------------------------------------- loading


class _Said(ValueError):
    """A validator's message in English and, where it has one, in Chinese (``zh``), told in the case's language."""

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh

    def told(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else str(self)


class _KeyedError(_Said):
    """A validator error that belongs to a sub-key (or, with root, a key from the top)."""

    def __init__(self, key: str, message: str, *, root: bool = False, zh: str | None = None):
        super().__init__(message, zh)
        self.key = key
        self.root = root


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping (a key a merge ``<<: *defaults`` brings may
    be given again: that is what a merge is for)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # merged by SafeLoader itself, below
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _WrittenInt(int):
    """A whole number YAML reads from text it would not write back (``00123``, an octal 83 to YAML; ``1_000``):
    the text kept in ``written``, for a key naming customers as the data writes them (``cleaning.same_customers``)."""

    written: str


class _WrittenFloat(float):
    """A number YAML reads from text it would not write back (``01.10``, read 1.1): the text kept in ``written``."""

    written: str


def _as_written(constructor, kind):
    def construct(loader, node):
        value = constructor(loader, node)
        if not isinstance(value, bool) and str(node.value) != str(value):
            value = kind(value)
            value.written = str(node.value)
        return value
    return construct


_StrictLoader.add_constructor("tag:yaml.org,2002:int",
                              _as_written(yaml.constructor.SafeConstructor.construct_yaml_int, _WrittenInt))
_StrictLoader.add_constructor("tag:yaml.org,2002:float",
                              _as_written(yaml.constructor.SafeConstructor.construct_yaml_float, _WrittenFloat))
# 1e6 and 2E10 are numbers, as YAML 1.2 and every spreadsheet read them; YAML 1.1 (PyYAML) wants a dot (1.0e6) and
# otherwise reads the text '1e6', which a threshold then refuses as "a number written without quotes" (rep: --set
# 'grading.value.thresholds=[1e10,2e10,3e10]'). Kept as written, as other numbers are.
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float",
                                    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
                                    list("-+0123456789"))


def _written(value: Any) -> str:
    """``value`` as the params file writes it (``00123``, not the 83 YAML reads it as), trimmed."""
    return str(getattr(value, "written", value)).strip()


def _customer_ids(texts) -> dict[str, str]:
    """Each of ``texts`` (customers as the params write them) -> the customer ID the kit reads it as in the data
    (:func:`kit.clean.clean_customer_id`: full-width folded, ``="00123"`` as 00123); one it reads as no ID left as
    written."""
    texts = sorted(set(texts))
    if not texts:
        return {}
    from .clean import clean_customer_id

    read = clean_customer_id(pd.Series(texts, dtype="string"))
    return {t: str(r) for t, r in zip(texts, read, strict=True) if not pd.isna(r) and str(r) != t}


def _impossible_date(text: str):
    """(where, why) for the first YYYY-MM-DD value of ``text`` that is no day: the phrases
    `` (line 22: as_of: 2025-13-01)`` and ``2025-13-01: a month is 1 to 12``; None when every such value is a day."""
    for number, line in enumerate(text.splitlines(), 1):
        for found in re.finditer(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.:-])", line.split("#", 1)[0]):
            year, month, day = map(int, found.groups())
            try:
                dt.date(year, month, day)
            except ValueError:
                where = phrase("e_params_date_line", line=number, text=line.split("#", 1)[0].strip())
                if not 1 <= month <= 12:
                    return where, phrase("e_params_date_month", date=found.group(0))
                if year >= dt.MINYEAR:
                    days = calendar.monthrange(year, month)[1]
                    return where, phrase("e_params_date_day", date=found.group(0), month=f"{year}-{month:02d}",
                                         days=days)
                return where, phrase("e_params_date_year", date=found.group(0))
    return None


def _typing_slip(text: str) -> tuple[str, int] | None:
    """(error key, line) of the first full-width colon after a key (``currency： RMB``, as a Chinese input method
    types it) or tab that indents a line, which YAML does not read; None without, or when mending every such line
    would not make the file read (the file's problem is another, which YAML's own message names)."""
    lines = text.splitlines()
    found: list[tuple[str, int]] = []
    for number, line in enumerate(lines, 1):
        code = line.split("#", 1)[0]
        if re.match(r"\s*[-\w.\u4e00-\u9fff]+\s*：", code) and ":" not in code.split("：", 1)[0]:
            found.append(("e_params_fullwidth_colon", number))
            lines[number - 1] = line.replace("：", ": ", 1)
        elif "\t" in re.sub(r'"[^"]*"|\'[^\']*\'', "", code):  # indenting, after a colon or a dash: not in quotes
            found.append(("e_params_tab", number))
            lines[number - 1] = line.replace("\t", "    ")
    if not found:
        return None
    try:
        yaml.load("\n".join(lines), Loader=_StrictLoader)  # a SafeLoader subclass
    except (yaml.YAMLError, ValueError):
        return None
    return found[0]


def _language_written(text: str) -> str:
    """The ``language:`` a params file's text gives at its top level (for errors found before it is read).

    As :func:`validate_params` tells its errors: zh when the file names no language (the report's default),
    English for a language the kit does not have.
    """
    found = re.search(r"^language:\s*['\"]?(zh|en)['\"]?\s*(#.*)?$", text, flags=re.MULTILINE)
    if found:
        return found.group(1)
    return "en" if re.search(r"^language\s*[:：]", text, flags=re.MULTILINE) else "zh"


def _told_in(language: str | None, error: KitError) -> KitError:
    """``error``, to be told in ``language`` (when the params give one)."""
    error.language = language
    return error


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a params file with the safe loader; a top-level mapping is required."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:  # no params to give the language: a Chinese file name asks in Chinese (QA)
        chinese = re.search(r"[\u4e00-\u9fff]", str(path)) is not None
        raise _told_in("zh" if chinese else None, ParamsError(key="e_params_missing", file=repr(str(path)))) from None
    except OSError as exc:
        raise ParamsError(key="e_params_unreadable", file=repr(str(path)), reason=exc.strerror) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # saved by Notepad on a Chinese Windows: GBK, which GB18030 reads; but UTF-8 text with a stray byte is no GBK
        # (its Chinese would read as other characters): a file whose other bytes are UTF-8 Chinese stays an error
        utf8_elsewhere = any("\u0800" <= ch < "\ufffd" for ch in data.decode("utf-8", errors="replace"))
        try:
            if utf8_elsewhere:
                raise UnicodeDecodeError("utf-8", data, 0, 1, "not GBK")
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ParamsError(key="e_params_not_utf8", file=repr(str(path))) from None
    language = _language_written(text)
    try:
        raw = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except ValueError as exc:  # PyYAML turns 2025-02-30 into a ValueError, in its own English words
        where, reason = _impossible_date(text) or ("", str(exc))
        raise _told_in(language, ParamsError(key="e_params_date", file=repr(str(path)), where=where,
                                             reason=reason)) from None
    except yaml.YAMLError as exc:
        slip = _typing_slip(text)
        if slip is not None:  # a full-width colon or a tab: PyYAML points elsewhere and says it in its own words
            raise _told_in(language, ParamsError(key=slip[0], file=repr(str(path)), line=slip[1])) from None
        mark = getattr(exc, "problem_mark", None)
        where = phrase("e_params_yaml_at", line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _told_in(language, ParamsError(key="e_params_yaml", file=repr(str(path)), where=where,
                                             problem=problem)) from None
    if raw is None:
        raw = {}
    if _values_beyond(raw, MAX_PARAMS_VALUES):
        raise ParamsError(f"params file {str(path)!r}: its YAML aliases (*name) repeat values into more than "
                          f"{MAX_PARAMS_VALUES:,} of them; write the values out rather than through aliases")
    if not isinstance(raw, dict):
        raise ParamsError(
            f"params file {str(path)!r} must hold a mapping of keys (case, title, data, ...), "
            f"not a {type(raw).__name__}"
        )
    return raw


#: Values a params file may hold once its YAML aliases are expanded: far beyond any real case (a service plan per
#: tier, a few hundred excluded values), far below what a file of nested aliases expands to ("billion laughs": a
#: 1 kB file of nine levels kept validation busy past a minute, security QA).
MAX_PARAMS_VALUES = 100_000


def _values_beyond(raw: Any, limit: int) -> bool:
    """Whether ``raw`` holds more than ``limit`` values, counting each alias's values again where it is used (as
    validation reads them); stops counting at the limit."""
    count, stack = 0, [raw]
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def apply_overrides(raw: dict[str, Any], overrides: typing.Sequence[str]) -> dict[str, Any]:
    """Return a copy of ``raw`` with each ``KEY.PATH=VALUE`` applied (VALUE read as YAML; ``null`` or nothing
    removes the key, so that its default applies)."""
    out = _deep_copy(raw)
    for item in overrides:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key or not re.fullmatch(r"[^.\s]+(\.[^.\s]+)*", key):
            raise ParamsError(
                f"--set expects KEY.PATH=VALUE such as period.months=6, but got {item!r}"
            )
        try:
            value = yaml.load(text, Loader=_StrictLoader) if text.strip() else None  # noqa: S506
        except ValueError:
            raise ParamsError(f"--set {key}: {text!r} is not a possible date or value") from None
        except yaml.YAMLError:
            if text.strip()[:1] in ("[", "{", "'", '"', "!"):  # a list, quoted text or a tag gone wrong
                raise ParamsError(
                    f"--set {key}: the value {text!r} is not valid YAML; quote it if it is text"
                ) from None
            value = text.strip()  # text YAML will not read as is (%Y-%m-%d, a: b): the text itself
        if _values_beyond(value, MAX_PARAMS_VALUES):
            raise ParamsError(f"--set {key}: its YAML aliases repeat values into more than {MAX_PARAMS_VALUES:,} of "
                              f"them; write the values out")
        node: Any = out
        parts = key.split(".")
        if parts[0] == "data" and parts[-1] == "path" and value is not None:
            value = _from_here(value)
        if value is None:  # null removes a key: nothing to remove where the path does not lead (no section made)
            for part in parts[:-1]:
                node = node.get(part) if isinstance(node, dict) else (
                    node[int(part)] if isinstance(node, list) and part.isdigit() and int(part) < len(node) else None)
            if isinstance(node, dict):
                node.pop(parts[-1], None)
            elif isinstance(node, list):
                _assign(node, parts[-1], value, parts)
            continue
        for depth, part in enumerate(parts[:-1]):
            node = _step(node, part, parts[: depth + 1], create=True)
        _assign(node, parts[-1], value, parts)
    return out


def _from_here(value: Any) -> Any:
    """A file path given with ``--set`` (a text or a list of them) as typed in the shell: relative to the working
    folder, not to the params file's (where a path written in the file is relative to)."""
    if isinstance(value, list):
        return [_from_here(v) for v in value]
    if isinstance(value, str) and value.strip() and not Path(value).expanduser().is_absolute():
        return str(Path.cwd() / value)
    if isinstance(value, str) and value.strip():
        return str(Path(value).expanduser())
    return value


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def _step(node: Any, part: str, path: list[str], *, create: bool) -> Any:
    if isinstance(node, list):
        index = _index(node, part, path)
        return node[index]
    if not isinstance(node, dict):
        raise ParamsError(f"--set {'.'.join(path)}: {'.'.join(path[:-1])} is not a mapping")
    if part not in node or node[part] is None:
        node[part] = {}
    return node[part]


def _assign(node: Any, part: str, value: Any, path: list[str]) -> None:
    if isinstance(node, list):
        node[_index(node, part, path)] = value
    elif isinstance(node, dict):
        node[part] = value
    else:
        raise ParamsError(f"--set {'.'.join(path)}: {'.'.join(path[:-1])} is not a mapping")


def _index(node: list, part: str, path: list[str]) -> int:
    if not part.isdigit() or int(part) >= len(node):
        raise ParamsError(
            f"--set {'.'.join(path)}: {part!r} is not a position in a list of {len(node)}"
        )
    return int(part)


def load_params(
    path: str | Path,
    overrides: typing.Sequence[str] = (),
) -> Params:
    """Read, override and validate a params file.

    Parameters
    ----------
    path
        YAML (or JSON) params file. Relative ``data.path`` resolves against its folder.
    overrides
        ``KEY.PATH=VALUE`` strings; each value is read as YAML.

    Raises
    ------
    ParamsError
        With one line per problem: the file, the key path and what was expected.
    """
    path = Path(path)
    raw = apply_overrides(read_yaml(path), overrides)
    return validate_params(raw, source=path, overridden=[item.partition("=")[0].strip() for item in overrides])


def validate_params(raw: dict[str, Any], *, source: Path, overridden: typing.Sequence[str] = ()) -> Params:
    """Validate a raw mapping read from ``source`` into :class:`Params`; an error in a key of ``overridden`` (given
    by ``--set``) names ``--set`` rather than the file."""
    try:
        return Params.model_validate(raw, context={"base_dir": source.resolve().parent,
                                                   "amount_open": _amount_open(raw)})
    except ValidationError as exc:
        errors = _drop_missing_explained_by_typos(exc.errors(include_url=False), raw)

        def where(err: dict) -> str:
            loc = ".".join(_strip_union_tags([str(p) for p in err["loc"]]))
            # the key set, a key within it, or a section holding it (labels set: grading.value's check of them)
            return "--set" if any(loc == key or loc.startswith(key + ".") or key.startswith(loc + ".")
                                  for key in overridden) else str(source)

        told = {}
        for lang in ("en", "zh"):
            headers, rest = _header_errors(errors, lang)
            lines = list(dict.fromkeys([f"{line} ({source})" for line in headers]
                                       + [f"{_describe(err, raw, lang)} ({where(err)})" for err in rest]))
            told[lang] = "\n".join(lines)
        said = raw.get("language") if isinstance(raw, dict) else None
        # the report's language (zh when the params do not say); a language the kit has not: English
        language = said if said in ("zh", "en") else "en" if isinstance(raw, dict) and "language" in raw else "zh"
        raise _told_in(language, ParamsError(key="e_params_lines", lines=told)) from None


def _amount_open(raw: Any) -> bool:
    """Whether the raw params leave ``data.columns.amount`` as ``"?"`` (and map no unit price): kit init's mark for
    an amount it could not find, which the data check explains before the currency's ``"?"`` is asked."""
    data = raw.get("data") if isinstance(raw, dict) else None
    columns = data.get("columns") if isinstance(data, dict) else None
    return isinstance(columns, dict) and str(columns.get("amount", "")).strip() == "?" and not columns.get("unit_price")


def _header_errors(errors: list[dict], lang: str = "en") -> tuple[list[str], list[dict]]:
    """One line for a column header that is neither text nor a list of texts (pydantic reports each branch of
    :data:`Header`), and the other errors."""
    lines, rest = {}, []
    for err in errors:
        loc = [str(p) for p in err["loc"]]
        branch = next((i for i, p in enumerate(loc) if p in ("str", "list[str]")), None)
        if "columns" in loc and branch is not None:
            key = ".".join(loc[:branch])
            lines.setdefault(key, f"`{key}` 必须是表头（文字）或表头列表，例如 [金额, 金额（元）]，但写的是 {err.get('input')!r}"
                             if lang == "zh" else
                             f"`{key}` must be a header (text) or a list of headers such as [金额, 金额（元）], "
                             f"but got {err.get('input')!r}")
        else:
            rest.append(err)
    return list(lines.values()), rest


def _drop_missing_explained_by_typos(errors: list[dict], raw: Any = None) -> list[dict]:
    """A misspelt required key shows as one unknown key, not also as a missing one."""
    typos = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = _strip_union_tags([str(p) for p in err["loc"]])
            match = difflib.get_close_matches(loc[-1], _allowed_keys(loc[:-1], raw), n=1, cutoff=0.6)
            if match:
                typos.add(tuple(loc[:-1] + match))
    return [
        err for err in errors
        if not (err["type"] == "missing"
                and tuple(_strip_union_tags([str(p) for p in err["loc"]])) in typos)
    ]


def dump_params(params: Params) -> dict[str, Any]:
    """The resolved params as plain JSON-ready data (paths absolute, dates ISO)."""
    return params.model_dump(mode="json")


# ------------------------------------------------------------ error descriptions

_TYPE_WORDS = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "finite_number": "a finite number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number (written without quotes)",
    "string_type": "text",
    "date_parsing": "a date such as 2025-12-31",
    "date_from_datetime_parsing": "a date such as 2025-12-31",
    "date_type": "a date such as 2025-12-31",
    "date_from_datetime_inexact": "a date such as 2025-12-31 (without a time of day)",
    "list_type": "a list such as [100000, 300000]",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "path_type": "a file path",
}


#: What a list looks like, for the keys whose list is no list of thresholds.
_LIST_EXAMPLES = {"labels": "[small, general, important, VIP]", "cuts": "[0.8, 0.95]", "shares": "[0.5, 0.3, 0.2]",
                  "features": "[revenue, orders, recency_days]", "fill_down": "[customer_id]",
                  "return_sheets": "[退货]", "sheet": "[2024年, 2025年]", "path": "[q1.csv, q2.csv]"}

#: :data:`_TYPE_WORDS` in Chinese
_TYPE_WORDS_ZH = {
    "int_parsing": "整数", "int_type": "整数", "finite_number": "有限的数字", "int_from_float": "整数",
    "float_parsing": "数字", "float_type": "数字（不加引号）", "string_type": "文字",
    "date_parsing": "日期，例如 2025-12-31", "date_from_datetime_parsing": "日期，例如 2025-12-31",
    "date_type": "日期，例如 2025-12-31", "date_from_datetime_inexact": "日期，例如 2025-12-31（不带时间）",
    "list_type": "列表，例如 [100000, 300000]", "dict_type": "键值映射", "model_type": "键值映射",
    "model_attributes_type": "键值映射", "bool_parsing": "true 或 false", "bool_type": "true 或 false",
    "path_type": "文件路径",
}

#: :data:`_EXPECTED` in Chinese, for the keys a params file most often lacks
_EXPECTED_ZH = {
    "case": "一个简短的英文或中文名称，例如 pharma（用作运行文件夹名）",
    "title": "报告标题",
    "client": "报告封面上的客户名称",
    "data": "data.path 或 data.demo",
    "period": "as_of（日期）和 months（期间长度）",
    "period.as_of": "日期，例如 2025-12-31（分级期间的最后一天）",
    "grading": "grading.value（method、thresholds 和 labels）",
    "grading.value": "method、thresholds 和 labels",
    "grading.value.method": "分级方法，如 thresholds 或 pareto",
    "grading.value.thresholds": "从小到大的金额门槛，如 [100000, 300000]",
    "grading.value.labels": "每级一个名称，从低到高",
    "data.columns.customer_id": "客户编码列的表头",
    "data.columns.order_date": "订单日期列的表头",
    "data.columns.amount": "金额列的表头",
    "cleaning.same_customers.written": "对照表中客户在订单中的写法所在列的表头，如 原客户名称",
    "cleaning.same_customers.graded_as": "对照表中客户应计入的客户所在列的表头，如 标准客户名称",
}

_BOUNDS_ZH = {"greater_than_equal": ("ge", "大于或等于"), "greater_than": ("gt", "大于"),
              "less_than_equal": ("le", "小于或等于"), "less_than": ("lt", "小于")}


def _describe(err: dict[str, Any], raw: dict[str, Any], lang: str = "en") -> str:
    """One line for a validation error, in ``lang`` (Chinese for the errors a params file most often has; the
    rest in English)."""
    zh = lang == "zh"
    loc = _strip_union_tags([str(p) for p in err["loc"]])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    original = ctx.get("error")
    if isinstance(original, _KeyedError):
        loc = original.key.split(".") if original.root else loc + original.key.split(".")
        return f"`{'.'.join(loc)}` {original.told(lang)}"
    key = "`" + ".".join(loc) + "`" if loc else ("参数文件" if zh else "the params file")
    got = err.get("input")
    if kind == "extra_forbidden":
        options = _allowed_keys(loc[:-1], raw)
        match = difflib.get_close_matches(loc[-1], list(options), n=1, cutoff=0.6)
        # a value grader's method switched by --set, its old method's keys left: how to drop them
        switched = len(loc) == 3 and loc[:2] == ["grading", "value"] and not match
        if zh:
            where = "`" + ".".join(loc[:-1]) + "` 下" if len(loc) > 1 else "顶层"
            hint = f"（是不是 `{match[0]}`？）" if match else ""
            drop = f"；换分级方法时可加 --set {'.'.join(loc)}=null 去掉它" if switched else ""
            return f"{key} 不是可用的键{hint}；{where}可用的键：{', '.join(options)}{drop}"
        hint = f" (did you mean `{match[0]}`?)" if match else ""
        where = "`" + ".".join(loc[:-1]) + "`" if len(loc) > 1 else "the top level"
        drop = f"; when switching the method, add --set {'.'.join(loc)}=null to drop it" if switched else ""
        return f"{key} is not a known key{hint}; allowed at {where}: {', '.join(options)}{drop}"
    if kind == "missing":
        joined = ".".join(loc)
        if zh:
            expected = _EXPECTED_ZH.get(joined)
            # a space between Chinese and a key or number (应为 data.path), none before Chinese words
            return f"缺少 {key}" + (f"：应为{' ' if expected[0].isascii() else ''}{expected}" if expected else "")
        return f"{key} is missing; {_expected_for(loc)}"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        if zh:
            return f"{key} 必须是 {str(expected).replace(' or ', ' 或 ')} 之一，但写的是 {got!r}"
        return f"{key} must be one of {expected}, but got {got!r}"
    if kind == "union_tag_invalid":
        expected = ctx.get("expected_tags", "")
        tag = ctx.get("tag")
        hint = _did_you_mean(str(tag), [t.strip(" '") for t in str(expected).split(",")])
        if zh:
            hint = _did_you_mean(str(tag), [t.strip(" '") for t in str(expected).split(",")], "zh")
            return (f"`{'.'.join(loc + ['method'])}` 必须是 {str(expected).replace(' or ', ' 或 ')} 之一，"
                    f"但写的是 {tag!r}{hint}")
        return f"`{'.'.join(loc + ['method'])}` must be one of {expected}, but got {tag!r}{hint}"
    if kind == "union_tag_not_found":
        if zh:
            return f"{key} 需要 `method` 键，可选：{', '.join(VALUE_METHODS)}"
        return f"{key} needs a `method` key, one of: {', '.join(VALUE_METHODS)}"
    if kind == "string_pattern_mismatch" and loc == ["case"]:
        if zh:
            return f"`case` 必须是由小写字母、汉字（或日文假名、韩文）、数字、'-' 或 '_' 组成的简短名称（用作运行文件夹名），但写的是 {got!r}"
        return (
            f"`case` must be a short slug of lowercase letters, Chinese characters (or kana, Hangul), digits, '-' or '_' "
            f"(it names the run folder), but got {got!r}"
        )
    if kind in _BOUNDS_ZH:
        if zh:
            bound, words = _BOUNDS_ZH[kind]
            return f"{key} 必须{words} {ctx.get(bound)}，但写的是 {got!r}"
        return f"{key} {err['msg'].lower().replace('input should be', 'must be')}, but got {got!r}"
    if kind == "too_short":
        return f"{key} 不能为空" if zh else f"{key} must not be empty"
    if kind == "list_type" and loc and loc[-1] in _LIST_EXAMPLES:  # the example a list of that key looks like
        example = _LIST_EXAMPLES[loc[-1]]
        return f"{key} 必须是列表，例如 {example}，但写的是 {got!r}" if zh else \
            f"{key} must be a list such as {example}, but got {got!r}"
    if kind in _TYPE_WORDS:
        if zh:
            return f"{key} 必须是{_TYPE_WORDS_ZH.get(kind, _TYPE_WORDS[kind])}，但写的是 {got!r}"
        return f"{key} must be {_TYPE_WORDS[kind]}, but got {got!r}"
    if kind == "value_error":
        if isinstance(original, _Said):
            return f"{key} {original.told(lang)}"
        message = str(original) if original is not None else err["msg"]
        return f"{key} {message}"
    return f"{key}: {err['msg']} (got {got!r})"


def _strip_union_tags(loc: list[str]) -> list[str]:
    """Drop the discriminator tag pydantic puts in ``grading.<axis>.<method>...``."""
    if len(loc) > 2 and loc[0] == "grading" and loc[1] == "value" and loc[2] in VALUE_METHODS:
        return loc[:2] + loc[3:]
    if len(loc) > 2 and loc[:2] == ["cleaning", "same_customers"] and loc[2] in ("in_params", "from_file"):
        return loc[:2] + loc[3:]
    return loc


_EXPECTED = {
    "case": "a short slug such as pharma (it names the run folder)",
    "title": "the report title",
    "client": "the client's name for the report cover",
    "data": "either data.path or data.demo",
    "period": "as_of (a date) and months (the window length)",
    "period.as_of": "a date such as 2025-12-31 (the last day of the grading window)",
    "grading": "grading.value with method, thresholds and labels",
    "grading.value": "method, thresholds and labels",
    "grading.value.method": "one of: thresholds",
    "grading.value.thresholds": "a list of ascending amounts such as [100000, 300000]",
    "grading.value.labels": "one label per tier, lowest tier first",
    "data.columns.customer_id": "the header of the customer ID column",
    "data.columns.order_date": "the header of the order date column",
    "data.columns.amount": "the header of the amount column",
    "cleaning.same_customers.written": "the header of the mapping file's column of customers as the orders write "
                                       "them, such as 原客户名称",
    "cleaning.same_customers.graded_as": "the header of the mapping file's column of the customer each is graded as, "
                                         "such as 标准客户名称",
}


def _expected_for(loc: list[str]) -> str:
    joined = ".".join(loc)
    if joined in _EXPECTED:
        return "expected " + _EXPECTED[joined]
    if len(loc) >= 2 and loc[0] == "service_plan":
        return "each tier's plan needs a summary"
    return "it is required"


def _did_you_mean(word: str, options: typing.Iterable[str], lang: str = "en") -> str:
    options = list(options)
    folded = {str(one).casefold(): one for one in reversed(options)}  # hihg is High's slip, as high's
    match = difflib.get_close_matches(str(word).casefold(), list(folded), n=1, cutoff=0.6)
    if not match:
        return ""
    match = [folded[match[0]]]
    return f"（是不是 `{match[0]}`？）" if lang == "zh" else f" (did you mean `{match[0]}`?)"


def _allowed_keys(loc: list[str], raw: Any = None) -> list[str]:
    """Field names of the model found at ``loc`` (dict keys and list positions skipped).

    Where several models may sit (the value grader's methods), the one named by
    the ``method`` in the raw params is used.
    """
    model: Any = Params
    node: Any = raw
    for part in loc:
        fields = getattr(model, "model_fields", None)
        node = node.get(part) if isinstance(node, dict) else None
        if fields is None:
            break
        if part not in fields:
            continue  # a dict key or list index below a typed container
        model = _inner_model(fields[part].annotation, node)
        if model is None:
            return []
    fields = getattr(model, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation: Any, node: Any = None) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _inner_model(typing.get_args(annotation)[0], node)
    if origin in (Union, types.UnionType, list, dict):
        candidates = [m for m in (_inner_model(a) for a in typing.get_args(annotation)) if m is not None]
        method = node.get("method") if isinstance(node, dict) else None
        for model in candidates:
            field = model.model_fields.get("method")
            if method is not None and field is not None and method in typing.get_args(field.annotation):
                return model
        return candidates[0] if candidates else None
    return None


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"

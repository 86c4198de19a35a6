"""What changed since a case's previous run: its params, its input files and each customer's grades.

An analyst re-runs a case next quarter with new data or thresholds; the run
folder then says, against the latest earlier run of the same case that
succeeded, which params keys changed (``period.as_of: 2025-09-30 ->
2025-12-31``), which input files changed, and which customers changed tier in
which grader (``changes.csv``). With the same params and data, the graded
tables are identical, and the comparison says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .textops import is_in

#: The grade columns of ``grades.parquet`` that are compared, in the order they are reported
#: (k-means cluster numbers are exploratory and not comparable between runs).
GRADE_COLUMNS = ("value_tier", "frequency_tier", "loyalty_tier", "potential_tier", "rfm_segment", "lifecycle",
                 "final_tier")

#: ``changes.csv`` columns.
CHANGE_COLUMNS = ["customer_id", "grade", "previous", "current", "revenue_before", "revenue_after", "why"]

#: Why a grade changed (``why`` in changes.csv).
WHY = {
    "figures": "the customer's own figures (revenue, recency ...) moved it, under absolute rules: the same as "
               "before, or changed in a way that makes no difference to this customer",
    "figures or ranks": "the grader's rules are the same, and rank-based (Pareto, shares, quantiles, RFM scores, a "
                        "score): the customer's figures moved, or other customers' did",
    "rules": "the grader's rules changed, and alone moved the customer: under the previous absolute thresholds the "
             "customer's figures in this run give the previous grade, or every customer's revenue is the same in both "
             "runs (the value method changed)",
    "rules changed": "the grader's rules changed (the customer's figures may have too)",
    "kit": "the grader's rules and the figures it grades by are the same in both runs, every customer's: the kit "
           "that graded them changed (an upgrade that ranks equal figures another way, for example)",
    "not graded before": "not graded in the previous run (a new customer, or one back after a time without purchases)",
    "not graded now": "not graded in this run (no purchase in its window)",
    "ID written another way": "the two runs write this customer's ID differently, with other leading zeros, case or "
                              "letter prefix (00003 / 3, H00046 / 00046; previous_id: as the previous run wrote it, "
                              "previous: its grade there): most likely the same customer, not one gone or new",
    "currency changed": "the two runs' amounts are in different currencies (params currency) and this grade places "
                        "amounts against thresholds: the tier is compared by its name, but whether the customer's "
                        "figures or the rules moved it cannot be told (a rank is the same in any currency)",
    "grader added": "the grader was not used in the previous run",
    "grader removed": "the grader is not used in this run",
    "same customers": "cleaning.same_customers (in the params or in the mapping file it names) changed for this "
                      "customer between the runs: merged with another, no longer merged, or its old code named for a "
                      "new one; its grade is of another set of orders (restated.csv's 'same customers'), not its own "
                      "figures moved, nor a customer gone or new",
}
#: :data:`WHY` in Chinese, for ``why_text`` of a Chinese case's changes.csv.
WHY_ZH = {
    "figures": "客户自身指标变化（绝对标准：规则未变，或其变化对该客户没有影响）", "figures or ranks": "规则未变（按排名）：客户或其他客户的指标变化",
    "rules": "仅因规则变化（按上次的金额门槛，本次指标仍是上次的级别；或两次运行每位客户的采购额都相同，分级方法改变）", "rules changed": "规则有变化（客户指标也可能变化）", "not graded before": "上次未分级的客户（新客户，或中断采购后又回来的客户）",
    "kit": "规则与分级所依据的指标两次完全相同（所有客户都一样）：是分级工具（kit）版本变化所致，如升级后同额客户的排序方式不同",
    "not graded now": "本次未分级（期间内无采购）",
    "currency changed": "两次运行的金额币种不同（参数 currency），且该维度按金额门槛分级：级别按名称比较，"
                        "但无法判断是客户指标还是规则使其变化（按排名分级的不受币种影响）",
    "grader added": "本次新增的分级维度", "grader removed": "本次不再使用的分级维度",
    "same customers": "两次运行间 cleaning.same_customers（参数或其客户对照表）对该客户的设置有变化（与其他客户合并、取消合并，"
                      "或旧编码改计入新编码）：级别基于另一组订单（见 restated.csv 的 same customers），并非客户自身指标变化，也不是流失或新增",
    "ID written another way": "两次运行中此客户的编码只差前导零、大小写或字母前缀（如 00003 / 3、H00046 / 00046；previous_id 为上次的写法，previous 为上次的级别）："
                              "多半是同一客户，并非流失或新增",
}


#: :func:`restated_orders` without ``names`` or ``mappings``: read from the run folders.
_UNREAD = object()


@dataclass
class RunChanges:
    """The comparison of a run with the previous one of its case.

    ``params``: (dotted key, before, after) of every params key that differs;
    ``inputs``: a short phrase per input file added, removed or changed;
    ``same_tables``: whether ``grades.csv`` is byte-identical;
    ``grades``: one row per customer and grade that differs (:data:`CHANGE_COLUMNS`; an empty
    ``previous`` or ``current`` is a customer not graded in that run).
    """

    previous: str
    #: each run's ``currency`` when they differ (RMB, USD), else ("", ""): amounts not comparable between the runs
    currencies: tuple[str, str] = ("", "")
    #: the earlier run's ID (its manifest's ``run_id``) when its folder was renamed by hand (``Q4-final``), else ""
    previous_id: str = ""
    params: list[tuple[str, object, object]] = field(default_factory=list)
    #: the ``--set`` overrides the earlier run was made with (a what-if run is no usual baseline: said so)
    previous_overrides: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    same_tables: bool = False
    #: the kit each run was made with (version, commit): named when the tables differ on the same params and data
    code: tuple[str, str] = ("", "")
    grades: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHANGE_COLUMNS))
    #: customers graded in one run only whose ID the other run writes another way (3 / 00003), with an example
    rewritten: tuple[int, str] = (0, "")
    #: (customer ID, grade) rows of such pairs that are no move: the same grade under either ID, and the earlier ID
    #: of a pair whose grade differs (that customer moved once, not twice)
    not_moves: frozenset[tuple[str, str]] = frozenset()
    #: each run's ``customer_name`` by customer ID (:func:`_names`), None unless both have one: read here once, for
    #: :func:`restated_orders` of the same comparison (``names=``)
    names: tuple[pd.Series, pd.Series] | None = field(default=None, repr=False, compare=False)
    #: the pairs of IDs the two runs write one customer with (``gone``: the earlier run's, ``new``: this one's)
    pairs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["gone", "new"]), repr=False,
                                compare=False)
    #: whether the file ``cleaning.same_customers`` names holds another mapping (its sha256 in the two manifests'
    #: ``inputs``): a rule of cleaning changed, though no params key did
    mapping_changed: bool = False
    #: each run's ``cleaning.same_customers`` pairs (:func:`same_customers_maps`, None when a run of an earlier kit
    #: kept none of its mapping file's): read here once, for :func:`restated_orders` of the same comparison
    #: (``mappings=``; review: both runs' customer IDs scanned twice with ``cleaning.id_variants: merge``)
    mappings: tuple[dict[str, str], dict[str, str]] | None | object = field(default=_UNREAD, repr=False,
                                                                             compare=False)
    #: the run folder that named a mapping file and kept none of its pairs (a run of an earlier kit); when the
    #: mapping file's pairs changed between the runs, the comparison falls back on every order of the same amount
    #: and day, said on a line of its own
    pairs_unknown: str = ""

    @property
    def rules(self) -> list[str]:
        """:func:`cleaning_changes` of :attr:`params`, and ``cleaning.same_customers.file`` when the mapping that file
        holds changed (review: orders graded under another customer by it were said restated by the export)."""
        rules = cleaning_changes(self.params)
        if self.mapping_changed and MAPPING_FILE not in rules:
            rules.append(MAPPING_FILE)
        return rules

    @property
    def moves(self) -> pd.DataFrame:
        """:attr:`grades` without :attr:`not_moves`: the customers whose grade changed, each counted once."""
        if not self.not_moves or self.grades.empty:
            return self.grades
        keys = pd.Series(list(zip(self.grades["customer_id"].astype(str), self.grades["grade"].astype(str),
                                  strict=True)), index=self.grades.index, dtype=object)
        return self.grades.loc[~keys.isin(self.not_moves).to_numpy()]

    def lines(self, details: str | None = "changes.csv", lang: str = "en", *, previous: bool = True,
              counter: str = "家") -> list[str]:
        """The comparison in a few lines for the terminal, in ``lang``; ``details`` names the file listing the
        customers; ``previous``: against the case's previous run (else any earlier run, as `kit compare`);
        ``counter``: the case's ``customer_counter`` (57 家客户, 57 位会员)."""
        zh = lang == "zh"
        see = (f"；见 {details}" if zh else f"; see {details}") if details else ""
        run = run_named(self.previous, self.previous_id, lang)
        if zh:
            head = f"与{'上次' if previous else ''}运行 {run}{'' if run.endswith('）') else ' '}相比："
        else:
            head = f"since run {run}: " if previous else f"compared with run {run}: "
        if self.previous_overrides:
            made = " ".join(f"--set {o}" for o in self.previous_overrides)
            head = (f"{head[:-1]}（该次运行带有 {made}）：" if zh
                    else f"{head[:-2]} (a run made with {made}): ")
        moved = _moved_text(self.moves, lang, counter)
        if not self.params and not self.inputs:
            if self.same_tables:
                return [head + ("参数与数据相同，分级结果完全一致" if zh
                                else "same params and data; the graded tables are identical")]
            before, after = self.code
            # a run without a commit recorded (an installed kit) tells a change only by its version
            known = before != after and ("(" in before) == ("(" in after)
            if zh:
                why = (f"kit 版本不同：{before} → {after}" if known else "kit 版本不同？")
                return [head + f"参数与数据相同，但{moved or '分级结果不同'}（{why}）{see}"]
            why = f"the kit changed: {before} -> {after}" if known else "a different kit version?"
            return [head + f"same params and data, yet {moved or 'the graded tables differ'} ({why}){see}"]
        out = []
        if self.params:
            sep = "；" if zh else "; "
            shown = sep.join(f"{key} {_value(before)} -> {_value(after)}" for key, before, after in self.params[:5])
            rest = len(self.params) - 5
            more = (f"；另有 {rest} 项" if zh else f"; and {rest} more") if rest > 0 else ""
            out.append(head + ("参数变化：" if zh else "params changed: ") + shown + more)
            head = "  "
        if self.currencies[0]:
            out.append(head + currency_sentence(*self.currencies, lang))
            head = "  "
        if self.inputs:
            out.append(head + ("数据：" if zh else "data: ") + ("；" if zh else "; ").join(
                input_phrase(i, lang) for i in self.inputs))
            head = "  "
        out.append(head + (f"{moved}{see}" if moved else "没有客户级别变化" if zh else "no customer changed grade"))
        if self.pairs_unknown and MAPPING_FILE in self.rules:  # as restated_orders falls back (re-read)
            from .text import t

            out.append(t("compare_mapping_pairs_unknown", lang, run=self.pairs_unknown))
        n, example = self.rewritten
        if n:  # not customers come and gone: the same customers, their IDs written another way
            out.append("  " + (f"另有 {n:,} {counter}“不再出现”的客户与 {n:,} {counter}“新出现”的客户编码只差前导零、大小写或字母前缀（如 {example}），"
                               f"多半是同一客户：两次的数据对编码的写法不同；级别未变的不计入上述变化" if zh else
                               f"besides, {n:,} customer{'s' if n > 1 else ''} gone and as many new differ only in "
                               f"leading zeros, case or a letter prefix (e.g. {example}): most likely the same customers, their IDs "
                               f"written differently by the two runs' data; counted above only where the grade differs"))
        return out

    def summary(self, *, chosen: bool = False) -> dict:
        """For the manifest: the previous run (``chosen``: by ``--compare-with``, not the case's latest) and the
        ``--set`` overrides it was made with, the keys and files that changed, customers per grade changed."""
        moves = self.moves
        counts = moves.groupby("grade", sort=False)["customer_id"].nunique() if len(moves) else {}
        return {"previous_run": self.previous, **({"previous_run_id": self.previous_id} if self.previous_id else {}),
                "chosen": chosen, "previous_overrides": self.previous_overrides,
                "params_changed": [key for key, _, _ in self.params],
                "inputs_changed": self.inputs, "graded_tables_identical": self.same_tables,
                **({"currencies": list(self.currencies)} if self.currencies[0] else {}),
                "customers_changed": {grade: int(n) for grade, n in dict(counts).items()},
                **({"ids_written_differently": {"customers": self.rewritten[0], "example": self.rewritten[1]}}
                   if self.rewritten[0] else {})}


def on_amounts(params: dict, column: str) -> bool:
    """Whether the grader of ``column`` in ``params`` places a customer by an amount against absolute thresholds:
    value thresholds, potential (or frequency) thresholds on an amount (``revenue``, ``previous_revenue``, ``aov``),
    a final matrix of such a grade. Such a move is not comparable between runs in two currencies. A rank is the same
    in any currency: Pareto, shares and quantiles of revenue, RFM scores, a score of percentile ranks, growth (a
    ratio of one run's amounts), and so are order counts, months and days."""
    from .grading import MONEY_COLUMNS

    node = _node(params, column)
    method = node.get("method")
    if column == "final_tier":
        return method == "matrix" and any(on_amounts(params, axis) for axis, name in _AXES.items()
                                          if name in (node.get("rows"), node.get("cols")) and axis != column)
    if column == "value_tier":
        return method == "thresholds"
    if column in ("potential_tier", "frequency_tier"):
        return method == "thresholds" and node.get("by") in MONEY_COLUMNS
    return False


def _currency_code(params: object) -> str:
    """A run's params ``currency`` as compared: its code however written (rmb, CNY, 人民币 and ¥ are RMB; 港币 and HK$
    HKD: :func:`kit.currency.case_currency_code`), and RMB when unset or still ``?`` (the mark ``kit init`` leaves:
    no other currency said)."""
    from .currency import case_currency_code

    written = params.get("currency") if isinstance(params, dict) else None
    code = str(written or "").strip()
    return "RMB" if code in ("", "?") else case_currency_code(code)


def currencies_of(before: dict, after: dict) -> tuple[str, str]:
    """Each run's params ``currency`` (RMB when unset) when they differ, else ("", ""): written in another case
    (rmb, RMB), as CNY or 人民币 for RMB, 港币 for HKD, or ``?`` is no change."""
    pair = (_currency_code(before), _currency_code(after))
    return pair if pair[0] != pair[1] else ("", "")


def currency_sentence(before: str, after: str, lang: str = "en") -> str:
    """The one sentence that says two runs cannot be compared on amounts."""
    if lang == "zh":
        return (f"两次运行的金额币种不同（上次 {before}，本次 {after}），金额无法比较：按金额门槛分级的客户级别变化只按级别名称列出，"
                f"原因记为“币种不同”，不比较订单是否重述（restated.csv）")
    return (f"the runs cannot be compared on amounts: the previous run's are in {before}, this run's in {after} "
            f"(params currency), so grades placed on amount thresholds are compared by tier name only, their reason "
            f"`currency changed`, and no order is compared for restatement")


def run_named(folder: str, run_id: str = "", lang: str = "en") -> str:
    """A run as the terminal and the report name it: its folder, and its ID when the folder was renamed by hand
    (``Q4-final（运行 20261207-103000-000001）``)."""
    if not run_id or run_id == folder:
        return folder
    return f"{folder}（运行 {run_id}）" if lang == "zh" else f"{folder} (run {run_id})"


def _value(value: object) -> str:
    return "(none)" if value is None else json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) \
        else str(value)


def _moved_text(grades: pd.DataFrame, lang: str = "en", counter: str = "家") -> str:
    if grades.empty:
        return ""
    counts = grades.groupby("grade", sort=False)["customer_id"].nunique()
    # the moves the rules alone made (a threshold raised: the same revenue, another tier)
    rules = grades[grades["why"] == "rules"].groupby("grade")["customer_id"].nunique() if "why" in grades else {}
    # the value grade unmoved while others moved: said first, not left to be guessed from its absence (QA)
    steady = "value_tier" not in counts.index
    if lang == "zh":
        from .report import grade_name

        return "，".join([*([f"{grade_name('value_tier', lang)}没有客户级别变化"] if steady else []),
                         *(f"{grade_name(grade, lang)}有 {n:,} {counter}客户级别变化"
                           + (f"（其中 {rules[grade]:,} {counter}仅因规则变化）" if grade in rules else "")
                           for grade, n in counts.items())])
    from .report import grade_name

    return ", ".join([*([f"{grade_name('value_tier', lang)} changed for no customer"] if steady else []),
                      *(f"{grade_name(grade, lang)} changed for {n:,} customer{'' if n == 1 else 's'}"
                        + (f" ({rules[grade]:,} by the changed rules alone)" if grade in rules else "")
                        for grade, n in counts.items())])


#: How an input file changed, in the manifest's words and in Chinese.
_INPUT_WORDS = {"added": "新增", "changed": "有变化", "no longer read": "不再读取"}
#: How :func:`input_changes` ends the phrase of a file renamed or moved, its content the same.
SAME_CONTENT = " (same content)"
#: How :func:`input_changes` ends the phrase of a file of the same name read from another folder, its content not.
OTHER_FOLDER = " read from another folder (content changed)"


def input_phrase(phrase: str, lang: str = "en") -> str:
    """``orders.csv changed`` (as :func:`input_changes` and the manifest say it) in ``lang``."""
    if lang != "zh":
        return phrase
    if phrase.endswith(SAME_CONTENT):  # a file renamed or moved, its content the same
        head = phrase[:-len(SAME_CONTENT)]
        if head.endswith(" moved"):
            return f"{head[:-len(' moved')]} 换了文件夹（内容相同）"
        was, _, name = head.partition(" renamed ")
        return f"{was} 改名为 {name}（内容相同）"
    if phrase.endswith(OTHER_FOLDER):
        return f"{phrase[:-len(OTHER_FOLDER)]} 改从另一个文件夹读取（内容有变化）"
    for words, zh in _INPUT_WORDS.items():
        if phrase.endswith(" " + words):
            return f"{phrase[:-len(words) - 1]} {zh}"
    return phrase


def _manifest(folder: Path) -> dict:
    """The run folder's manifest (empty when it has none that reads)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def succeeded(folder: Path) -> bool:
    """Whether ``folder`` is a run folder whose run succeeded, so that it can be compared with."""
    return _manifest(folder).get("status") == "succeeded" and (folder / "grades.parquet").is_file()


def run_time(folder: Path) -> dt.datetime | None:
    """When the run in ``folder`` started: its manifest's ``started_at``, else the time its ID (the manifest's
    ``run_id``, else the folder's name, ``20261207-103000-000001``) says; None when neither tells. A run folder
    renamed by hand (``Q4-final``) keeps its place among the case's runs by its manifest, not its name."""
    manifest = _manifest(folder)
    started = manifest.get("started_at")
    if isinstance(started, str):
        try:
            when = dt.datetime.fromisoformat(started)
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        except ValueError:
            pass
    for name in (manifest.get("run_id"), folder.name):
        if isinstance(name, str) and (found := _RUN_ID.match(name)):
            return dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S-%f").replace(tzinfo=dt.UTC)
    return None


#: a run ID as :func:`kit.runner.new_run_dir` names the folder (UTC start time, a ``-1`` when two collide)
_RUN_ID = re.compile(r"^(\d{8}-\d{6}-\d{6})(?:-\d+)?$")


def _runs_by_time(case_dir: Path) -> list[tuple[dt.datetime, str, Path]]:
    """The case's run folders whose start is known (:func:`run_time`), latest first (the name breaks a tie)."""
    if not case_dir.is_dir():
        return []
    timed = ((run_time(p), p.name, p) for p in case_dir.iterdir() if p.is_dir())
    return sorted(((when, name, p) for when, name, p in timed if when is not None), reverse=True)


def _same_case(folder: Path, case: object) -> bool:
    """Whether the run in ``folder`` is of ``case`` (either unknown: taken to be, as folders of one case's)."""
    other = _manifest(folder).get("case")
    return not isinstance(case, str) or not isinstance(other, str) or other == case


def previous_run(run_dir: Path) -> Path | None:
    """The latest run folder of the same case started before ``run_dir`` that succeeded: by the start time its
    manifest records, so that a folder renamed by hand (``Q4-final``) is found too (:func:`run_time`)."""
    now, case = run_time(run_dir), _manifest(run_dir).get("case")
    # two runs started in the same millisecond (the manifest's started_at): their folder names, to the microsecond, order
    # them, as before the start time did (review of fb: each was the other's later run, neither compared)
    earlier = [p for when, name, p in _runs_by_time(run_dir.parent)
               if p.name != run_dir.name and (name < run_dir.name if now is None else (when, name) < (now, run_dir.name))]
    return next((folder for folder in earlier if succeeded(folder) and _same_case(folder, case)), None)


def skipped_runs(run_dir: Path, earlier: Path | None) -> list[Path]:
    """The run folders of the case between ``earlier`` (the run compared with; None: every earlier one) and
    ``run_dir`` that :func:`previous_run` passed over though they look like finished runs: a manifest saying
    ``succeeded`` without ``grades.parquet``, or ``grades.parquet`` without a manifest that reads (a folder edited
    or partly deleted by hand), latest first. A run that failed or is still running is no such run."""
    now = run_time(run_dir)
    after = (run_time(earlier) if earlier is not None and earlier.parent.resolve() == run_dir.parent.resolve()
             else None)
    out = []
    for when, _, folder in _runs_by_time(run_dir.parent):
        if folder.name == run_dir.name or (now is not None and (when, folder.name) >= (now, run_dir.name)) or (
                after is not None and (when, folder.name) <= (after, earlier.name)):
            continue
        manifest, graded = _manifest(folder), (folder / "grades.parquet").is_file()
        if (manifest.get("status") == "succeeded" and not graded) or (graded and not manifest):
            out.append(folder)
    return out


#: ``--compare-with plain``: the case's latest successful run made without ``--set`` (a trainer's exercises are
#: each compared with the reference grading, not with the exercise before).
PLAIN = "plain"


def chosen_run(name: str, case_dir: Path) -> Path:
    """The run ``kit run --compare-with`` names: the ID of one of the case's runs (in ``case_dir``), a run
    folder, or ``plain``: the latest successful run made without ``--set``. A run that is not found or did not
    succeed is a :class:`~kit.errors.ParamsError`."""
    from .errors import ParamsError

    if name == PLAIN and not (case_dir / name).exists():
        runs = [p for _, _, p in _runs_by_time(case_dir)]
        plain = next((p for p in runs if succeeded(p) and not _manifest(p).get("overrides")), None)
        if plain is None:
            raise ParamsError(key="e_compare_no_plain", folder=str(case_dir))
        return plain.resolve()
    given = Path(name).expanduser()
    folder = case_dir / name if len(given.parts) == 1 and (case_dir / name).is_dir() else given
    if len(given.parts) == 1 and not folder.is_dir():  # the run ID the report names a folder renamed by hand with
        # (Q4-final（运行 20261207-103000-000001）): that folder
        folder = next((p for _, _, p in _runs_by_time(case_dir) if _manifest(p).get("run_id") == name), folder)
    if succeeded(folder):
        return folder.resolve()
    runs = [p.name for _, _, p in _runs_by_time(case_dir) if succeeded(p)]
    listed = ({"en": f"the case's successful runs, latest first: {', '.join(runs[:5])}",
               "zh": f"该案例成功的运行（最新在前）：{'、'.join(runs[:5])}"} if runs
              else {"en": "the case has no successful run yet", "zh": "该案例还没有成功的运行"})
    raise ParamsError(key="e_compare_failed" if folder.is_dir() else "e_compare_none", run=str(folder),
                      name=name, folder=str(case_dir), runs=listed)


def flat(params: dict, prefix: str = "") -> dict[str, object]:
    """Nested params as ``{dotted key: value}``; lists are values of their own."""
    out: dict[str, object] = {}
    for key, value in params.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flat(value, name + "."))
        else:
            out[name] = value
    return out


def params_changes(before: dict, after: dict, *, folders: tuple[str | None, str | None] = (None, None)
                   ) -> list[tuple[str, object, object]]:
    """(dotted key, before, after) of every key whose value differs, in the order of ``after`` then ``before``.

    A key only one side has that holds its default there (a key a later kit version added, such as
    ``cleaning.id_variants: keep``) is no change. ``data.path`` naming another file is a change (QA: next
    quarter's export put in its place was named as a file only), shown by the files' names when they share a
    folder; a pattern or a list of files (two lists: ``data/*.csv`` matching a new month's file) is left to
    :func:`input_changes`, which names each file added, no longer read or changed. The same files are no change,
    however written: a pattern matching the one file named before, or the case's folder moved or copied with its
    params file (``folders``: the folders of the two runs' params files), the data where the params file says. So
    are the customer master's ``data.master.path`` and each file of ``data.join`` (review: a case folder moved said
    both changed, and the join's "change" blamed the restated orders on the cleaning rules); a file joined that is
    another file, joined the same way, is ``data.join[0].path``, no rule of cleaning (:func:`cleaning_changes`).
    """
    old, new = flat(before), flat(after)
    keys = list(new) + [k for k in old if k not in new]
    languages = (before.get("language", "zh"), after.get("language", "zh"))
    changed = []
    for k in keys:
        if old.get(k) == new.get(k) or (k in _FILE_KEYS and (
                _same_files(old.get(k), new.get(k), folders)
                or (k == "data.path" and isinstance(old.get(k), list) and isinstance(new.get(k), list)))):
            continue
        if k in _FILE_KEYS:
            changed.append((k, *_data_path(old.get(k), new.get(k))))
            continue
        if k == "data.join" and _same_joins(old.get(k), new.get(k)):
            # the same files joined the same way, but where: each file the params file's folder moved with or
            # not, by its path
            changed += [(f"data.join[{i}].path", *_data_path(was["path"], now["path"]))
                        for i, (was, now) in enumerate(zip(old[k], new[k], strict=True))
                        if not _same_files(was["path"], now["path"], folders)]
            continue
        if (k not in old or k not in new) and _in_both(k, old, new) and _is_default(k, new[k] if k in new else old[k]):
            continue
        if _kit_renamed_default(k, old.get(k), new.get(k)):
            continue  # the kit's own English tier names, capitalised by a later version: the kit changed, not params
        section = ".".join(k.split(".")[:2])  # grading.rfm: the kit names its tiers only where the section is
        if languages[0] != languages[1] and _in_both(section + ".x", old, new) and all(
                k not in side or _language_default(k, side[k], lang) for side, lang in zip((old, new), languages)):
            continue  # tier names the kit gives in the report's language: the language's change says it
        changed.append((k, old.get(k), new.get(k)))
    return changed


#: The dotted params keys that name a file read (``data.join`` holds one per file joined: :func:`_same_joins`).
_FILE_KEYS = ("data.path", "data.master.path", "cleaning.same_customers.file")
#: The key of the file ``cleaning.same_customers`` names, a rule of cleaning when the mapping it holds changed.
MAPPING_FILE = "cleaning.same_customers.file"
#: The key :func:`params_changes` gives a file joined that is another file, joined the same way.
_JOINED_FILE = re.compile(r"data\.join\[\d+\]\.path")


def _same_joins(before: object, after: object) -> bool:
    """Whether two runs' ``data.join`` join as many files in the same order, by the same keys, sheets and so on, their
    paths aside (compared each by :func:`_same_files`)."""
    def rest(joins: object) -> list[dict] | None:
        if not isinstance(joins, list) or not all(isinstance(j, dict) and isinstance(j.get("path"), str)
                                                   for j in joins):
            return None
        return [{k: v for k, v in j.items() if k != "path"} for j in joins]

    return rest(before) is not None and rest(before) == rest(after)


def _same_files(before: object, after: object, folders: tuple[str | None, str | None]) -> bool:
    """Whether two runs' ``data.path`` (a file, or the files a pattern matched) name the same files: the same paths,
    or the same paths from their params files' ``folders`` (the case's folder moved: review, a move read as the
    params file pointed at another file)."""
    import os

    def files(value: object, folder: str | None) -> list[str] | None:
        paths = value if isinstance(value, list) else [value]
        if not all(isinstance(p, str) for p in paths):
            return None
        try:
            return [os.path.relpath(p, folder) if folder else p for p in paths]
        except ValueError:  # another drive
            return None

    for first, second in [(None, None)] + ([folders] if None not in folders else []):
        named = files(before, first)
        if named is not None and named == files(after, second):
            return True
    return False


def _data_path(before: object, after: object) -> tuple[object, object]:
    """Two runs' ``data.path`` as the comparison shows them: the files' names when both are one file in one
    folder (``orders_q3.csv -> orders_q4.csv``), else as the manifests hold them."""
    if isinstance(before, str) and isinstance(after, str) and Path(before).parent == Path(after).parent:
        return Path(before).name, Path(after).name
    return before, after


def _kit_renamed_default(key: str, before: object, after: object) -> bool:
    """Whether ``before`` and ``after`` at the dotted ``key`` are the kit's English tier names of an earlier version
    and of this one (``low, medium, high`` then ``Occasional, Regular, Frequent``), either way round (review: an
    upgrade read as a params change)."""
    import re

    from .params import default_labels

    found = re.fullmatch(r"grading\.(\w+)\.labels", key)
    names = [list(one) for one in default_labels(found.group(1), "en")] if found else []
    return before != after and before in names and after in names


def _in_both(key: str, old: dict, new: dict) -> bool:
    """Whether the section holding the dotted ``key`` is in both flat params (a section added, such as
    ``grading.lifecycle``, is a change with every key it holds; a key a later kit added to a section is not)."""
    section = key.rpartition(".")[0]
    return not section or all(any(k.startswith(section + ".") for k in side) for side in (old, new))


def _language_default(key: str, value: object, lang: str) -> bool:
    """Whether ``value`` at the dotted ``key`` is a tier or segment name the kit gives in ``lang`` when the
    params name none (English: the model's default; Chinese: :data:`kit.params._ZH_LABELS` and the RFM names)."""
    import re

    from .grading import RFM_SEGMENT_ZH
    from .params import _ZH_LABELS

    found = re.fullmatch(r"grading\.(\w+)\.labels(?:\.(.+))?", key)
    if found is None:
        return False
    if lang != "zh":
        return _is_default(key, value)
    axis, segment = found.groups()
    if axis == "rfm":
        return value == {} if segment is None else RFM_SEGMENT_ZH.get(segment) == value
    return segment is None and axis in _ZH_LABELS and value == list(_ZH_LABELS[axis])


def _is_default(key: str, value: object) -> bool:
    """Whether ``value`` is the default of the params field at the dotted ``key`` (as the manifest dumps it)."""
    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    from .params import Params

    model: type[BaseModel] | None = Params
    field_info = None
    for part in key.split("."):
        if model is None or part not in model.model_fields:
            return False
        field_info = model.model_fields[part]
        # a section that may be left out (``LifecycleGrading | None``): its model
        kinds = typing.get_args(field_info.annotation) or (field_info.annotation,)
        model = next((k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)), None)
    if field_info is None:
        return False
    default = field_info.get_default(call_default_factory=True)  # a list or mapping: its factory's value
    if default is PydanticUndefined:
        return False
    dumped = default.model_dump(mode="json") if isinstance(default, BaseModel) else default
    return json.loads(json.dumps(dumped, default=str)) == value


def input_changes(before: list[dict], after: list[dict]) -> list[str]:
    """A phrase per data or master file added, removed or changed between two manifests' ``inputs``.

    A file no longer read whose content (``sha256``) a file added has, of the same role, is that file renamed or
    moved (``orders.csv renamed kd_2025.csv (same content)``), not one file added and another no longer read (QA:
    an export copied under a new name said both); each such pair is one file. So is a file of the same name and role
    read from another folder, its content new (``orders.csv read from another folder (content changed)``).
    """
    def files(inputs):
        return {(i["role"], i["path"]): i.get("sha256") for i in inputs if i.get("role") != "params"}

    old, new = files(before), files(after)
    gone = [(role, path) for role, path in old if (role, path) not in new]
    renamed: dict[tuple[str, str], str] = {}  # (role, new path) -> old path
    for role, path in new:
        if (role, path) in old or new[(role, path)] is None:
            continue
        same = next((g for g in gone if g[0] == role and old[g] == new[(role, path)]), None)
        if same is not None:
            gone.remove(same)
            renamed[(role, path)] = same[1]
    # a file of the same name and role read from another folder, its content new (the case re-run on this quarter's
    # export in its own folder): one file, not one added and one no longer read (review)
    elsewhere: set[tuple[str, str]] = set()
    for role, path in new:
        if (role, path) in old or (role, path) in renamed or new[(role, path)] is None:
            continue
        same = next((g for g in gone if g[0] == role and Path(g[1]).name == Path(path).name and old[g] is not None),
                    None)
        if same is not None:
            gone.remove(same)
            elsewhere.add((role, path))
    out = []
    for (role, path), sha in new.items():
        name = Path(path).name
        if (role, path) in renamed:
            was = Path(renamed[(role, path)]).name
            out.append(f"{was} renamed {name}{SAME_CONTENT}" if was != name else f"{name} moved{SAME_CONTENT}")
        elif (role, path) in elsewhere:
            out.append(f"{name}{OTHER_FOLDER}")
        elif (role, path) not in old:
            out.append(f"{name} added")
        elif old[(role, path)] != sha:
            out.append(f"{name} changed")
    out += [f"{Path(path).name} no longer read" for role, path in gone]
    return out


def data_changed(inputs: list[str]) -> bool:
    """Whether :func:`input_changes`' phrases name a file whose content is new (added, changed or no longer read),
    not only files renamed or moved with the same content."""
    return any(not phrase.endswith(SAME_CONTENT) for phrase in inputs)


#: The params section (``grading.<axis>``) whose ``labels`` name each grade column's tiers.
_AXES = {"value_tier": "value", "frequency_tier": "frequency", "loyalty_tier": "loyalty",
         "potential_tier": "potential", "rfm_segment": "rfm", "lifecycle": "lifecycle", "final_tier": "composite"}


def _same_tiers(column: str, before: dict, after: dict) -> dict[str, dict[str, str]] | None:
    """For ``column``, each run's tier name -> a name both runs share, when the two params name the same tiers
    differently (a run in English after one in Chinese: 活跃 is active; C类客户 is C when both list three tiers);
    None when the names are compared as they are."""
    old, new = _node(before, column).get("labels"), _node(after, column).get("labels")
    if column == "rfm_segment":  # segment -> label shown (none: the segment's own name)
        if not isinstance(old, dict) or not isinstance(new, dict) or \
                len(set(old.values())) < len(old) or len(set(new.values())) < len(new):
            return None  # two segments under one name: which one a customer was in is not known
        return {"before": {v: k for k, v in old.items()}, "after": {v: k for k, v in new.items()}}
    if column == "final_tier" and _node(before, column).get("method") != _node(after, column).get("method"):
        return None  # a matrix's final tiers and a score's are alike by position only by chance
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new) and old != new:
        return {"before": {label: f"#{i}" for i, label in enumerate(old)},
                "after": {label: f"#{i}" for i, label in enumerate(new)}}
    return None


def grade_changes(before: pd.DataFrame, after: pd.DataFrame, *, params: tuple[dict, dict] | None = None,
                  mappings: tuple[dict, dict] | None = None) -> pd.DataFrame:
    """One row per customer and grade column that differs between two graded tables (:data:`CHANGE_COLUMNS`).

    A customer graded in one run only has an empty grade in the other; grade columns in neither table are
    skipped. With ``params`` (each run's, as its manifest holds them), a tier named differently by the two runs'
    params (the language changed, or the labels were renamed) is the same tier: only moves are changes.
    ``mappings``: each run's ``cleaning.same_customers`` pairs (:func:`same_customers_maps`), else the params'
    inline mappings.
    """
    columns = [c for c in GRADE_COLUMNS if c in before.columns or c in after.columns]

    def text(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame({"customer_id": frame["customer_id"].astype("string")})
        for c in columns:
            out[c] = frame[c].astype("string").fillna("") if c in frame.columns else ""
        return out

    both = text(before).merge(text(after), on="customer_id", how="outer", suffixes=("_before", "_after"))
    parts = []
    for c in columns:
        previous = both[f"{c}_before"].fillna("")
        current = both[f"{c}_after"].fillna("")
        same = _same_tiers(c, *params) if params else None
        if same:  # compared by the tier each name stands for; shown as each run names it
            before_tier = previous.map(lambda v, names=same["before"]: names.get(v, v))
            after_tier = current.map(lambda v, names=same["after"]: names.get(v, v))
            differs = (before_tier != after_tier).to_numpy()
        else:
            differs = (previous != current).to_numpy()
        part = pd.DataFrame({"customer_id": both["customer_id"][differs], "grade": c,
                             "previous": previous[differs], "current": current[differs]})
        parts.append(part.assign(why=_why(part, c, before, after, params, mappings)))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CHANGE_COLUMNS)
    for side, frame in (("before", before), ("after", after)):  # each run's revenue of the customer
        revenue = frame.set_index(frame["customer_id"].astype("string"))["revenue"] if "revenue" in frame else None
        out[f"revenue_{side}"] = (pd.to_numeric(out["customer_id"].map(revenue), errors="coerce").astype(float)
                                  if revenue is not None else np.nan)
    order = {c: i for i, c in enumerate(columns)}
    out = out.assign(_o=out["grade"].map(order)).sort_values(["_o", "customer_id"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)[CHANGE_COLUMNS]


def _why(part: pd.DataFrame, column: str, before: pd.DataFrame, after: pd.DataFrame,
         params: tuple[dict, dict] | None, mappings: tuple[dict, dict] | None = None) -> np.ndarray:
    """:data:`WHY` for each changed grade of ``part`` (one grade ``column``): a customer or grader in one run
    only, else whether the grader's rules changed (labels aside: a renamed tier is no move) and, for absolute value
    thresholds, whether the previous thresholds give this run's revenue the previous tier (the rules alone)."""
    nodes = [_node(p, column) for p in params] if params else [{}, {}]
    ranked = params is not None and _rank_based(params[1], column)
    why = np.full(len(part), "figures or ranks" if ranked else "figures", dtype=object)
    rules = [{k: v for k, v in n.items() if k != "labels"} for n in nodes]
    if params and column == "final_tier":  # a matrix of grades moves when a grade's own rules do (QA: a VIP threshold)
        rules = [[r, *(_rules_of(p, axis) for axis, name in _AXES.items()
                       if n.get("method") == "matrix" and name in (n.get("rows"), n.get("cols")))]
                 for r, p, n in zip(rules, params, nodes)]
    months = [(p.get("period") or {}).get("months") if isinstance(p, dict) else None for p in params or ()]
    # a window of another length is another rule for every grader whose figures are the window's (QA: 6 months
    # against 12 said "figures"); lifecycle's are days since a purchase, whatever the window (review)
    if column == "lifecycle" and months:
        months = [months[0]] * 2
    if params and (rules[0] != rules[1] or months[0] != months[1]):
        why[:] = "rules changed"
        old = nodes[0]
        by = old.get("column", "revenue")
        if column == "value_tier" and old.get("method") == "thresholds" and isinstance(old.get("labels"), list) \
                and isinstance(old.get("thresholds"), list) and by in after.columns:
            figures = after.set_index(after["customer_id"].astype("string"))[by]
            values = pd.to_numeric(part["customer_id"].map(figures), errors="coerce").to_numpy(dtype=float)
            labels = [str(label) for label in old["labels"]]
            at = np.searchsorted(np.asarray(old["thresholds"], dtype=float), values, side="right")
            then = np.array([labels[i] if i < len(labels) else "" for i in at], dtype=object)
            same = _same_tiers(column, *params)
            previous = part["previous"].to_numpy(dtype=object)
            current = part["current"].to_numpy(dtype=object)
            if same:  # each run's names as the tiers they stand for
                then = np.array([same["before"].get(v, v) for v in then], dtype=object)
                previous = np.array([same["before"].get(v, v) for v in previous], dtype=object)
                current = np.array([same["after"].get(v, v) for v in current], dtype=object)
            known = ~np.isnan(values)
            if months[0] == months[1]:
                # the previous thresholds give this run's figures this run's tier: the change made no difference
                # to the customer, whose figures moved it (QA: 54 of 62 such moves said "rules changed")
                why[(then == current) & known] = "figures"
            why[(then == previous) & known] = "rules"
        by_new = nodes[1].get("column", "revenue")
        if column == "value_tier" and by == by_new and months[0] == months[1] and by in before.columns \
                and by in after.columns and _same_figures(before, after, by):
            # every customer's figure the same in both runs (the same data, the value method switched: thresholds
            # for Pareto): the rules alone moved each, ranks and all (QA: 121 said "the figures may have moved too")
            why[why == "rules changed"] = "rules"
    figures = _FIGURES.get(column)
    if column in ("value_tier", "frequency_tier", "potential_tier"):
        figures = (nodes[1].get("column" if column == "value_tier" else "by") or figures[0],)
    if figures and all(f in before.columns and f in after.columns for f in figures) \
            and all(_same_figures(before, after, f) for f in figures):
        # the same rules (why is no "rules ..."), and no customer's figure moved, nor any other's: only the kit that
        # graded them can have moved the customer (review: a kit upgrade ranking equal revenue the other way said
        # "the customer's figures moved, or other customers' did")
        why[np.isin(why, ["figures", "figures or ranks"])] = "kit"
    if params and currencies_of(*params)[0] and any(on_amounts(p, column) for p in params):
        # amounts against thresholds in two currencies: no reason told; a rank is the same in any currency
        why[:] = "currency changed"
    ids = part["customer_id"]
    graded_before, graded_after = column in before.columns, column in after.columns
    why[~_among(ids, before["customer_id"])] = "not graded before"
    why[~_among(ids, after["customer_id"])] = "not graded now"
    if params or mappings is not None:  # merged with another customer, or no longer, by cleaning.same_customers:
        # not its figures moving, nor a customer new or gone (the one graded as another in one run only)
        named = same_changed(*mappings) if mappings is not None else merged_customers(*params)
        why[_among(ids, pd.Series(sorted(named), dtype="string"))] = "same customers"
    if not graded_before:
        why[:] = "grader added"
    if not graded_after:
        why[:] = "grader removed"
    return why


def merged_customers(before: dict, after: dict) -> set[str]:
    """The customer IDs whose ``cleaning.same_customers`` entry differs between two runs' params (:func:`same_changed`
    of their inline mappings; a mapping file's rows are not in the params: :func:`same_customers_maps`)."""
    return same_changed(*(_inline_same(params) or {} for params in (before, after)))


def _inline_same(params: dict) -> dict[str, str] | None:
    """A run's ``cleaning.same_customers`` written in its params (trimmed, as graded): {} when it has none, None when
    it names a mapping file."""
    from .params import _same_customers_form

    cleaning = params.get("cleaning") if isinstance(params, dict) else None
    same = cleaning.get("same_customers") if isinstance(cleaning, dict) else None
    if isinstance(same, dict) and _same_customers_form(same) == "from_file":
        return None
    return {str(k).strip(): str(v).strip() for k, v in same.items()} if isinstance(same, dict) else {}


def same_customers_maps(previous: Path, current: Path) -> tuple[dict[str, str], dict[str, str]] | None:
    """Each run's ``cleaning.same_customers`` pairs, customer as written -> customer graded as: the params' own, or
    those of the mapping file as the run read it (its ``same_customers.parquet``); None when a run that named a file
    kept no such table (a run of an earlier kit): which customers its file named is not known."""
    maps = []
    for folder in (previous, current):
        inline = _inline_same(_manifest(folder).get("params") or {})
        if inline is None:
            try:
                kept = pd.read_parquet(folder / "same_customers.parquet", columns=["written", "graded_as"])
            except (OSError, ValueError, KeyError):
                return None
            inline = dict(zip(kept["written"].astype(str), kept["graded_as"].astype(str), strict=True))
        maps.append(inline)
    return _merged_spellings(previous, current, maps[0], maps[1])


def _kept_no_pairs(folder: Path) -> bool:
    """Whether the run ``folder`` named a mapping file (``cleaning.same_customers.file``) and kept none of its pairs
    (``same_customers.parquet``: a run of an earlier kit)."""
    named_file = _inline_same(_manifest(folder).get("params") or {}) is None
    return named_file and not (folder / "same_customers.parquet").is_file()


def _merged_spellings(previous: Path, current: Path, *maps: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """``maps`` with, when both runs are of ``cleaning.id_variants: merge``, each customer ID of either run written as one its
    pairs name another way (``00123`` beside ``123``: :func:`kit.clean.id_variant_key`) graded as that one is, as the
    run's cleaning grades the named customer's group (review: the mapping naming ``123``, the lines of ``123`` and
    ``00123`` were graded as the one named, but under ``00123`` before: its days said gone and added, not the
    mapping's)."""
    merge = [((_manifest(f).get("params") or {}).get("cleaning") or {}).get("id_variants") == "merge"
             for f in (previous, current)]
    # both runs merging: with one only, the spellings it merges are the id_variants change's, no pair's (re-read:
    # id_variants keep -> merge, the mapping the same, said 'same customers')
    if not (all(merge) and any(maps)):
        return maps[0], maps[1]
    import duckdb

    from .clean import id_variant_key

    ids: set[str] = set()
    written = set().union(*(m for on, m in zip(merge, maps, strict=True) if on))
    con = duckdb.connect()
    try:
        for folder in (previous, current):  # each customer ID of the run's kept orders, read once per ID
            for name in ("transactions.parquet", "grades.parquet"):
                try:
                    found = con.read_parquet(str(folder / name)).query(
                        "_t", "SELECT DISTINCT CAST(customer_id AS VARCHAR) AS c FROM _t WHERE customer_id IS NOT NULL")
                    ids.update(found.df()["c"].astype(str))
                except (duckdb.Error, OSError):
                    continue
                break
        con.register("_ids", pd.DataFrame({"customer_id": sorted(ids | written)}, dtype="string"))
        keyed = con.execute(f"SELECT customer_id, {id_variant_key('customer_id')} AS k FROM _ids").df()
    finally:
        con.close()
    key = dict(zip(keyed["customer_id"].astype(str), keyed["k"].astype(str), strict=True))
    out = []
    for on, m in zip(merge, maps, strict=True):
        if on and m:
            by_key = {key[w]: g for w, g in sorted(m.items())}
            m = {**{c: by_key[key[c]] for c in sorted(ids - set(m)) if key[c] in by_key and by_key[key[c]] != c}, **m}
        out.append(m)
    return out[0], out[1]


def same_changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """The customer IDs whose ``cleaning.same_customers`` entry differs between two runs' pairs (customer as
    written -> customer graded as): each one written so whose customer graded as changed, and the customers it was
    or is graded as."""
    out: set[str] = set()
    for written in set(before) | set(after):
        if before.get(written) != after.get(written):
            out.add(written)
            out.update(m[written] for m in (before, after) if written in m)
    return out


#: The figures each grader grades by (its own column where params name one: ``grading.value.column``, ``by``);
#: ``final_tier`` is left out (a matrix moves with its grades, a score with every feature it weighs).
_FIGURES = {"value_tier": ("revenue",), "frequency_tier": ("orders",), "potential_tier": ("growth",),
            "loyalty_tier": ("recency_days", "repurchase_rate", "stability"),
            "rfm_segment": ("recency_days", "orders", "revenue"), "lifecycle": ("tenure_days", "recency_days", "orders")}


def _same_figures(before: pd.DataFrame, after: pd.DataFrame, by: str) -> bool:
    """Whether the two runs graded the same customers on the same figure ``by`` (revenue), customer by customer."""
    sides = [pd.to_numeric(frame.set_index(frame["customer_id"].astype("string"))[by], errors="coerce")
             .astype(float).sort_index() for frame in (before, after)]
    return bool(sides[0].index.equals(sides[1].index) and np.array_equal(sides[0].to_numpy(), sides[1].to_numpy(),
                                                                          equal_nan=True))


def _rules_of(params: dict, column: str) -> dict:
    """The rules of the grader of ``column`` in ``params``, its tier names aside (a renamed tier is no move)."""
    return {k: v for k, v in _node(params, column).items() if k != "labels"}


def _among(ids: pd.Series, values: pd.Series) -> np.ndarray:
    """Mask of ``ids`` found in ``values`` (IDs as text), by Arrow's hash lookup: pandas' ``isin`` of Arrow strings
    loops in Python (10M lines, 400k customers: 10 of the 12 s a comparison took)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.array(ids.astype("string[pyarrow]"))
    found = pc.is_in(text, value_set=pa.array(values.astype("string[pyarrow]")).drop_null())
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def _rank_based(params: dict, column: str) -> bool:
    """Whether the grader of ``column`` places a customer by rank among the others (Pareto, shares, quantiles,
    RFM scores, a composite score or a matrix of such grades), so that the customer moves when others do."""
    node = _node(params, column)
    method = node.get("method")
    if column == "final_tier" and method == "matrix":
        return any(_rank_based(params, axis) for axis, name in _AXES.items()
                   if name in (node.get("rows"), node.get("cols")))
    return column in ("rfm_segment", "final_tier") or method in ("pareto", "shares", "quantiles")


def _node(params: dict, column: str) -> dict:
    """The params section of the grader of ``column`` (``grading.value`` for value_tier), or {}."""
    grading = params.get("grading") if isinstance(params, dict) else None
    found = grading.get(_AXES.get(column, "")) if isinstance(grading, dict) else None
    return found if isinstance(found, dict) else {}


#: ``restated.csv`` columns.
RESTATED_COLUMNS = ["order_id", "order_date", "customer_before", "customer_after", "amount_before", "amount_after",
                    "what", "why"]

#: Why an order of ``restated.csv`` differs (``why``): the data, or the cleaning rules that changed between the runs.
RESTATED_WHY = {
    "export": "the data: the same cleaning rules kept the order otherwise",
    "rules": "the changed cleaning rules: one run's rules set the order's lines aside (quarantine.csv)",
    "rules or export": "the changed cleaning rules or the data: the rules that changed (reading, duplicates, "
                       "returns, order totals ...) may alter an order without setting it aside",
    "ID written another way": "not restated: the same amount and day, only its customer's ID written with other "
                              "leading zeros, case or letter prefix (00046 / 46, H00046 / 00046), paired as changes.csv's 'ID "
                              "written another way'",
    "same customers": "not restated: the same amount and day, graded under another customer as the changed "
                      "cleaning.same_customers says (a row of the customer mapping added, changed or removed); without "
                      "order IDs, days of the customers it joins whose amounts add up to the same in both runs",
}

#: :data:`RESTATED_WHY` in Chinese, and the orders' ``what``, for ``why_text`` and ``what_text`` of a Chinese
#: case's restated.csv.
RESTATED_WHY_ZH = {
    "export": "数据变化：清洗规则相同，订单与上次不同",
    "rules": "清洗规则变化：其中一次运行的规则把该订单的行另置（见 quarantine.csv）",
    "rules or export": "清洗规则或数据变化：变化的规则（读取、重复、退货、整单金额等）可能改变订单而不将其另置",
    "ID written another way": "并非订单修改：金额与日期相同，只是客户编码的前导零、大小写或字母前缀不同（如 00046 / 46、H00046 / 00046，与 changes.csv 的配对规则相同）",
    "same customers": "并非订单修改：金额与日期相同，只是按变化后的 cleaning.same_customers 计入了另一客户（客户对照表增、改或删了行）；"
                      "无订单号时，为其所涉客户在同一天的采购合计两次相同",
}
RESTATED_WHAT_ZH = {"changed": "有变化", "gone": "本次没有", "added": "本次新增"}


def write_restated(restated: pd.DataFrame, path: Path, lang: str = "en") -> None:
    """``restated.csv`` (:func:`restated_orders`) for Excel; a Chinese case's adds ``what_text`` and ``why_text``,
    in Chinese (as changes.csv adds why_text)."""
    from .textops import to_excel_csv

    if lang == "zh":
        restated = restated.assign(what_text=restated["what"].map(lambda w: RESTATED_WHAT_ZH.get(w, w)),
                                   why_text=restated["why"].map(lambda w: RESTATED_WHY_ZH.get(w, w)))
    to_excel_csv(restated, path)  # =1+1 as text in Excel


#: The params of reading and cleaning whose change changes the orders kept, though the data be the same: every
#: key of ``cleaning`` and of ``data`` (``data.path`` aside: :func:`input_changes`), but the customer master's.
#: Those that only set rows aside in ``quarantine.csv``, by these reasons, touch no order the quarantines do not
#: list (``max_set_aside_share`` touches none: it stops a run).
_SET_ASIDE_RULES = {"cleaning.exclude": ("excluded",), "cleaning.subtotals": ("subtotal_row", "total_row", "document_total"),
                    "cleaning.overlap": ("superseded", "withdrawn"), "cleaning.struck_rows": ("struck",),
                    "cleaning.max_set_aside_share": ()}
#: The reasons of lines a later file wrote again or left out (``cleaning.overlap: latest``).
_REWRITTEN = ("superseded", "withdrawn")


def cleaning_changes(params: list[tuple[str, object, object]]) -> list[str]:
    """The dotted keys of :func:`params_changes` that are rules of reading or cleaning the data: the orders two runs
    keep may differ by them alone, the data the same (``cleaning.exclude.审核状态``)."""
    # data.path: other files, another export (input_changes), no rule; nor a file joined that is another file
    # (data.join[0].path), the way it is joined the same
    return [key for key, _, _ in params
            if key.startswith("cleaning.") or (key.startswith("data.") and not key.startswith("data.master")
                                               and key != "data.path" and not _JOINED_FILE.fullmatch(key))]


def _set_aside_orders(folder: Path, reasons: tuple[str, ...] | None) -> set[str]:
    """The order IDs of a run's ``quarantine.csv`` (under the header its params map to ``order_id``) set aside for
    one of ``reasons`` (None: any); empty without such a file or header."""
    from .textops import excel_safe_headers

    header = ((_manifest(folder).get("params") or {}).get("data") or {}).get("columns") or {}
    header = header.get("order_id") if isinstance(header, dict) else None
    quarantine = folder / "quarantine.csv"
    if not isinstance(header, str) or not quarantine.is_file():
        return set()
    name = excel_safe_headers([header])[0]
    try:
        rows = pd.read_csv(quarantine, encoding="utf-8-sig", dtype=str, keep_default_na=False,
                           usecols=lambda c: c in (name, "reason"))
    except (OSError, ValueError):
        return set()
    if name not in rows:
        return set()
    if reasons is not None:
        rows = rows[rows["reason"].isin(reasons)] if "reason" in rows else rows.iloc[:0]
    return {i for i in rows[name].str.strip().str.lstrip("'") if i}


def _restated_why(found: pd.DataFrame, previous: Path, current: Path, rules: list[str], by_order: bool
                  ) -> np.ndarray:
    """:data:`RESTATED_WHY` of each order of ``found``, the cleaning ``rules`` that changed (dotted keys) given."""
    why = np.full(len(found), "export", dtype=object)
    if not rules or found.empty:
        return why
    if not by_order:  # a customer's day of purchases is no line a quarantine names
        why[:] = "rules or export"
        return why
    sections = {".".join(k.split(".")[:2]) for k in rules}
    only_set_aside = sections <= set(_SET_ASIDE_RULES)
    reasons = tuple(r for s in sections for r in _SET_ASIDE_RULES.get(s, ())) if only_set_aside else None
    # an order a later file wrote again or left out (cleaning.overlap: latest) differs by that file, the data, as
    # much as by the rule that took its word (QA: corrections of the new export were blamed on the rules alone)
    rewritten = _set_aside_orders(previous, _REWRITTEN) | _set_aside_orders(current, _REWRITTEN)
    aside = _set_aside_orders(previous, reasons) | _set_aside_orders(current, reasons)
    ids = found["order_id"].astype("string").str.strip().fillna("")
    named = (ids != "").to_numpy()
    by_rules = is_in(ids, aside) & named
    # rules that only set rows aside touched no order neither quarantine lists: the data changed it
    why[:] = "export" if only_set_aside else "rules or export"
    why[by_rules] = "rules"
    if "cleaning.overlap" in sections:
        why[is_in(ids, rewritten) & named] = "rules or export"
    return why


def restated_orders(previous: Path, current: Path, *, rules: list[str] | tuple[str, ...] = (),
                    names: tuple[pd.Series, pd.Series] | None | object = _UNREAD,
                    mappings: tuple[dict[str, str], dict[str, str]] | None | object = _UNREAD) -> pd.DataFrame:
    """The orders of the days both runs' kept order lines span (``transactions.parquet``) that differ between the
    two runs: ``changed`` (its amount, customer or day), ``gone`` (in the previous run only) or ``added`` (in this
    run only: entered late, back-dated). An export that restates last quarter's orders shows here. Orders are
    matched by order ID when both runs have one, else each customer's day of purchases is one. Empty when a run
    has no such file or the two spans do not meet.

    ``rules``: the params keys of reading and cleaning that differ between the runs (:func:`cleaning_changes`).
    The kept orders may then differ with the data the same (QA: ``cleaning.exclude`` dropped, the 82 unapproved
    orders were said added to the export); ``why`` (:data:`RESTATED_WHY`) tells the orders one run's rules set
    aside (``rules``: the order ID in its ``quarantine.csv``) from those the data changed (``export``).

    An order of the same amount and day whose customer is only written another way (00046 then 46: the pairing of
    :func:`_rewritten_pairs`, as changes.csv has it, over each run's customers here, graded or not) is no
    restatement: its ``why`` is ``ID written another way`` (QA: 6,256 orders said changed, the terminal alarmed).
    ``names``: the runs' customer names (:attr:`RunChanges.names` of the same two folders), else read from their
    grades.parquet; ``mappings``: their ``cleaning.same_customers`` pairs (:attr:`RunChanges.mappings`), else read
    from the folders (:func:`same_customers_maps`).
    """
    import duckdb
    import pyarrow.parquet as pq

    from .clean_sql import order_number
    from .io import no_progress_bar

    files = [folder / "transactions.parquet" for folder in (previous, current)]
    if not all(f.is_file() for f in files):
        return pd.DataFrame(columns=RESTATED_COLUMNS)
    by_order = all("order_id" in pq.read_schema(f).names for f in files)
    # an order number without its leading zeros: a re-export saved by Excel writes SAP's 0090000001 as 90000001, the
    # same order (review: every order of the runs' common days said gone and added); shown as the run writes it
    key = order_number() if by_order else "customer_id, CAST(order_date AS DATE)"
    con = duckdb.connect()
    no_progress_bar(con)
    try:
        sides = [f"""SELECT {key if by_order else 'NULL'} AS order_id, {'min(order_id)' if by_order else 'NULL'} AS written,
                            min(CAST(order_date AS DATE)) AS day, min(customer_id) AS customer,
                            round(sum(amount), 2) AS amount
                     FROM read_parquet('{str(f).replace("'", "''")}') GROUP BY {key}""" for f in files]
        found = con.execute(f"""
            WITH a AS ({sides[0]}), b AS ({sides[1]}),
                 span AS (SELECT greatest((SELECT min(day) FROM a), (SELECT min(day) FROM b)) AS first,
                                 least((SELECT max(day) FROM a), (SELECT max(day) FROM b)) AS last),
                 a_in AS (SELECT a.* FROM a, span WHERE day BETWEEN first AND last),
                 b_in AS (SELECT b.* FROM b, span WHERE day BETWEEN first AND last)
            SELECT coalesce(b_in.written, a_in.written) AS order_id, coalesce(b_in.day, a_in.day) AS order_date,
                   a_in.customer AS customer_before, b_in.customer AS customer_after,
                   a_in.amount AS amount_before, b_in.amount AS amount_after,
                   CASE WHEN a_in.day IS NULL THEN 'added' WHEN b_in.day IS NULL THEN 'gone' ELSE 'changed' END AS what,
                   coalesce(a_in.day = b_in.day AND a_in.amount = b_in.amount, false) AS same_but_customer
            FROM a_in FULL OUTER JOIN b_in ON {'a_in.order_id = b_in.order_id' if by_order else
                                               'a_in.customer = b_in.customer AND a_in.day = b_in.day'}
            WHERE a_in.day IS NULL OR b_in.day IS NULL OR a_in.amount IS DISTINCT FROM b_in.amount
                  OR a_in.customer IS DISTINCT FROM b_in.customer OR a_in.day <> b_in.day
            ORDER BY order_date, order_id, customer_after, customer_before
        """).df()
        customers = [set(con.execute("SELECT DISTINCT CAST(customer_id AS VARCHAR) FROM read_parquet(?) "
                                     "WHERE customer_id IS NOT NULL", [str(f)]).df().iloc[:, 0]) for f in files]
    finally:
        con.close()
    found["order_date"] = pd.to_datetime(found["order_date"]).dt.date
    found["why"] = _restated_why(found, previous, current, list(rules), by_order)
    if any(k.startswith("cleaning.same_customers") for k in rules):  # the mapping changed: an order of the same day
        # and amount under another customer is graded as it says, not restated (review: said changed by the export)
        maps = same_customers_maps(previous, current) if mappings is _UNREAD else mappings
        if maps is not None:  # of the customers whose pairs changed (re-read: an order the export moved from A to B
            # beside a mapping changed for X was said not restated), the mapping file's pairs kept by each run
            found = _graded_as_another(found, maps, by_order=by_order, exact=not any(
                ((_manifest(f).get("params") or {}).get("cleaning") or {}).get("id_variants") == "merge"
                for f in (previous, current)))
        elif MAPPING_FILE in rules:  # a run of an earlier kit kept no pairs of its mapping file: which customers
            # it names is not known; every order of the same amount and day under another customer
            moved = (found["what"] == "changed").to_numpy() & found["same_but_customer"].to_numpy(dtype=bool)
            found.loc[moved, "why"] = "same customers"
        else:
            found = _graded_as_another(found, (_inline_same(_manifest(previous).get("params") or {}) or {},
                                               _inline_same(_manifest(current).get("params") or {}) or {}),
                                       by_order=by_order)
    # customers of one run only whose ID the other writes another way: the pairing changes.csv has, not a second rule
    id_pairs = _rewritten_pairs(pd.DataFrame({"customer_id": sorted(customers[0] ^ customers[1])}), *customers,
                                names=_graded_names(previous, current) if names is _UNREAD else names)
    if len(id_pairs) and len(found):
        pairs = pd.DataFrame({"customer_before": id_pairs["gone"].astype("string").to_numpy(),
                              "customer_after": id_pairs["new"].astype("string").to_numpy(), "paired": True})
        paired = found[["customer_before", "customer_after"]].astype("string").merge(
            pairs, how="left", on=["customer_before", "customer_after"])["paired"].fillna(False).to_numpy(dtype=bool)
        found.loc[paired & found["same_but_customer"].to_numpy(dtype=bool), "why"] = "ID written another way"
    found = found[RESTATED_COLUMNS]
    found.attrs["by_day"] = not by_order  # its 'orders' customers' days: the terminal says so (restated_lines)
    return found


def _graded_as_another(found: pd.DataFrame, maps: tuple[dict[str, str], dict[str, str]], *, by_order: bool,
                       exact: bool = True) -> pd.DataFrame:
    """``found`` (:func:`restated_orders`' rows) with ``why`` ``same customers`` on the orders the changed pairs of
    ``cleaning.same_customers`` (``maps``: each run's) grade under another customer: by order ID, an order of the
    same amount and day whose customer before or after is one the change names (:func:`same_changed`); without
    order IDs, where each customer's day of purchases is a row, the rows of one day of the customers the change
    joins (A, and B it is graded as now) whose amounts add up to the same in both runs, A's day gone and B's added
    one row, ``changed`` from A to B, as an order by its ID would be."""
    named = same_changed(*maps)
    if not named or found.empty:
        return found
    if by_order:
        moved = (found["what"] == "changed").to_numpy() & found["same_but_customer"].to_numpy(dtype=bool)
        # from the customer one run grades a written one as to the one the other run grades it as, not merely to or
        # from a customer the change names (review: an order the export re-booked from C to B, B's pair changed)
        # (with id_variants: merge a customer graded as 123 may be graded under 00123: then, as before, to or from one
        # the change names)
        if exact:
            steps = {(maps[0].get(w, w), maps[1].get(w, w)) for w in set(maps[0]) | set(maps[1])}
            step = (found["customer_before"].astype("string").fillna("") + "\x00"
                    + found["customer_after"].astype("string").fillna(""))
            moved &= _among(step, pd.Series(sorted(f"{a}\x00{b}" for a, b in steps if a != b), dtype="string"))
        else:
            names = pd.Series(sorted(named), dtype="string")
            moved &= _among(found["customer_before"], names) | _among(found["customer_after"], names)
        found.loc[moved, "why"] = "same customers"
        return found
    # the customers one changed pair joins, as one group (A -> B before, A -> C now: A, B and C)
    group: dict[str, str] = {}

    def root(x: str) -> str:
        while group.get(x, x) != x:
            x = group[x]
        return x

    for written in sorted(named):  # one step per changed pair of the mapping, not per order
        for m in maps:
            if written in m:
                a, b = root(written), root(m[written])
                if a != b:
                    group[max(a, b)] = min(a, b)
    customer = found["customer_after"].astype("string").fillna(found["customer_before"].astype("string"))
    key = customer.map({c: root(c) for c in named}).astype("string")  # a customer-day row's group, if any
    rows = found.assign(_g=key, _b=pd.to_numeric(found["amount_before"], errors="coerce").fillna(0.0),
                        _a=pd.to_numeric(found["amount_after"], errors="coerce").fillna(0.0),
                        _gone=found["what"].eq("gone").astype(int), _added=found["what"].eq("added").astype(int))
    rows = rows[rows["_g"].notna().to_numpy()]
    if rows.empty:
        return found
    days = rows.groupby(["_g", "order_date"], sort=False).agg(
        b=("_b", "sum"), a=("_a", "sum"), gone=("_gone", "sum"), added=("_added", "sum"), n=("what", "size"))
    # the group's day adds up to the same, and a customer's day went or came: orders moved between its customers
    same = days[(days["b"].round(2) == days["a"].round(2)) & (days["gone"] + days["added"] > 0)]
    if same.empty:
        return found
    moved = rows.join(same, on=["_g", "order_date"], how="inner")
    found = found.copy()
    found.loc[moved.index, "why"] = "same customers"
    # one customer's day gone and another's added, no more: one row, from A to B, as an order by its ID
    pair = moved[(moved["gone"] == 1) & (moved["added"] == 1) & (moved["n"] == 2)]
    if pair.empty:
        return found
    gone = pair[pair["what"] == "gone"].set_index(["_g", "order_date"])
    added = pair[pair["what"] == "added"].set_index(["_g", "order_date"])
    one = added.assign(customer_before=gone.loc[added.index, "customer_before"].to_numpy(),
                       amount_before=gone.loc[added.index, "amount_before"].to_numpy(), what="changed",
                       why="same customers")
    one = one.reset_index()[found.columns]
    out = pd.concat([found.drop(index=pair.index), one], ignore_index=True)
    order = out["order_date"].astype(str).to_frame().assign(a=out["customer_after"].astype("string"),
                                                             b=out["customer_before"].astype("string"))
    return out.loc[order.sort_values(["order_date", "a", "b"], kind="stable").index].reset_index(drop=True)


def graded_as_another(restated: pd.DataFrame) -> int:
    """How many of ``restated``'s rows (:func:`restated_orders`) are orders, or without order IDs customers' days,
    that the changed ``cleaning.same_customers`` grades under another customer (``why`` ``same customers``): not
    the row of the customer they are graded as whose own purchases of that day are beside them (``changed``, the
    same customer before and after: review, B's own day counted as an order moved)."""
    if restated is None or restated.empty:
        return 0
    before, after = restated["customer_before"].astype("string"), restated["customer_after"].astype("string")
    own = (before == after).fillna(False).to_numpy(dtype=bool)
    return int(((restated["why"] == "same customers").to_numpy(dtype=bool) & ~own).sum())


def orders_not_compared(previous: Path, current: Path) -> tuple[str, dict[str, str]] | None:
    """Why :func:`restated_orders` could compare no order of the two runs, as a text key of :mod:`kit.text` and its
    values: a run without ``transactions.parquet`` (a run of an earlier kit version, or the file deleted), or two
    runs whose kept order lines share no day; None when their orders could be compared (an empty
    :func:`restated_orders` then means that none is restated)."""
    import duckdb

    from .io import no_progress_bar

    files = [folder / "transactions.parquet" for folder in (previous, current)]
    for folder, file in zip((previous, current), files, strict=True):
        if not file.is_file():
            return "compare_orders_no_lines", {"folder": str(folder)}
    con = duckdb.connect()
    no_progress_bar(con)
    try:  # each run's first and last order day
        spans = [con.execute("SELECT min(CAST(order_date AS DATE)), max(CAST(order_date AS DATE)) FROM read_parquet(?)",
                             [str(f)]).fetchone() for f in files]
    finally:
        con.close()
    for folder, span in zip((previous, current), spans, strict=True):
        if span[0] is None:  # a run that kept no order line
            return "compare_orders_none_kept", {"folder": str(folder)}
    if max(spans[0][0], spans[1][0]) > min(spans[0][1], spans[1][1]):
        return "compare_orders_no_day_shared", {"before_first": str(spans[0][0]), "before_last": str(spans[0][1]),
                                                "after_first": str(spans[1][0]), "after_last": str(spans[1][1])}
    return None


def restated_line(restated: pd.DataFrame, lang: str = "en") -> str:
    """The terminal's line on :func:`restated_orders`: how many orders of the days both runs cover changed, went
    or were added."""
    counts = restated["what"].value_counts()
    first, last = restated["order_date"].min(), restated["order_date"].max()
    if lang == "zh":
        words = {"changed": "变化", "gone": "消失", "added": "新增"}
        parts = "，".join(f"{words[w]} {int(counts[w]):,} 张" for w in ("changed", "gone", "added") if w in counts)
        return f"  数据：两次运行共同覆盖的日期内有订单与上次不同（{parts}，{first} 至 {last}）；见 restated.csv"
    parts = ", ".join(f"{int(counts[w]):,} {w}" for w in ("changed", "gone", "added") if w in counts)
    return (f"  data: orders of the days both runs cover differ from the previous run's ({parts}; {first} to "
            f"{last}); see restated.csv")


def restated_lines(restated: pd.DataFrame, lang: str = "en", *, rules: list[str] | tuple[str, ...] = (),
                   see: str | None = "restated.csv") -> list[str]:
    """The terminal's lines on :func:`restated_orders`: :func:`restated_line` on the orders the data changed
    (``why`` export), and a line on those the changed cleaning ``rules`` (dotted keys) did, which blames the
    rules, not the export. ``see``: the file listing the orders (``kit compare -o``: its own), None for none. Without
    order IDs (``attrs['by_day']``), a last line says what an order is then, as the report's definitions do."""
    if see != "restated.csv":
        told = {"；见 restated.csv": f"；见 {see}" if see else "", "; see restated.csv": f"; see {see}" if see else ""}
        return [next((line.replace(old, new) for old, new in told.items() if line.endswith(old)), line)
                for line in restated_lines(restated, lang, rules=rules)]
    out = _restated_lines(restated, lang, rules)
    if out and restated.attrs.get("by_day"):  # without order IDs an order is a customer's day, as the report says
        from .text import t

        out.append(t("compare_orders_by_day", lang))
    return out


def _restated_lines(restated: pd.DataFrame, lang: str, rules: list[str] | tuple[str, ...]) -> list[str]:
    """:func:`restated_lines` naming restated.csv."""
    why = restated["why"] if "why" in restated else pd.Series("export", index=restated.index)
    out = [restated_line(restated[why == "export"], lang)] if (why == "export").any() else []
    zh = lang == "zh"
    rewritten = restated[why == "ID written another way"]
    if len(rewritten):  # the same orders, their customer's ID written another way: said calmly, not as restated
        n, first = len(rewritten), rewritten.iloc[0]
        example = f"{first['customer_before']} / {first['customer_after']}"
        out.append(f"  数据：{n:,} 张订单金额与日期都相同，只是客户编码的前导零、大小写或字母前缀不同（如 {example}），并非订单修改；见 restated.csv"
                   if zh else
                   f"  data: {n:,} order{'s' if n > 1 else ''} of the same amount and day differ only by the customer "
                   f"ID written another way (e.g. {example}): not restated; see restated.csv")
    regraded = restated[why == "same customers"]
    if len(regraded):  # the same orders, graded under another customer by the changed mapping: said calmly
        n = graded_as_another(restated)
        # a row from one customer to another (without order IDs, a day of the group's customers may be two rows)
        moved = regraded[(regraded["customer_before"].notna() & regraded["customer_after"].notna()
                          & (regraded["customer_before"].astype(str) != regraded["customer_after"].astype(str)))
                         .to_numpy(dtype=bool)]
        first = (moved if len(moved) else regraded).iloc[0]
        example = (f"{first['customer_before']} → {first['customer_after']}" if len(moved) else
                   str(first["customer_before"] if pd.notna(first["customer_before"]) else first["customer_after"]))
        out.append(f"  数据：{n:,} 张订单金额与日期都相同，只是按变化后的 cleaning.same_customers 计入了另一客户（如 {example}），"
                   f"并非订单修改；见 restated.csv" if zh else
                   f"  data: {n:,} order{'s' if n > 1 else ''} of the same amount and day graded under another "
                   f"customer as the changed cleaning.same_customers says (e.g. {example}): not restated; see "
                   f"restated.csv")
    by_rules = restated[~why.isin(["export", "ID written another way", "same customers"])]
    if by_rules.empty:
        return out
    keys = ("、" if zh else ", ").join(rules[:3]) + (("等" if zh else " ...") if len(rules) > 3 else "")
    first, last = by_rules["order_date"].min(), by_rules["order_date"].max()
    counts = by_rules.groupby(["why", "what"]).size()
    words = ({("rules", "added"): "上次被规则剔除、本次保留的 {n} 张", ("rules", "gone"): "上次保留、本次被规则剔除的 {n} 张",
              ("rules", "changed"): "部分行被其中一次的规则剔除的 {n} 张", ("rules or export", "changed"): "变化 {n} 张",
              ("rules or export", "gone"): "消失 {n} 张", ("rules or export", "added"): "新增 {n} 张"} if zh else
             {("rules", "added"): "{n} added, left out by the previous run's rules",
              ("rules", "gone"): "{n} gone, left out by this run's rules",
              ("rules", "changed"): "{n} changed, lines of them left out by one run's rules",
              ("rules or export", "changed"): "{n} changed", ("rules or export", "gone"): "{n} gone",
              ("rules or export", "added"): "{n} added"})
    parts = ("，" if zh else "; ").join(text.format(n=f"{int(counts[key]):,}") for key, text in words.items()
                                       if key in counts)
    if (by_rules["why"] == "rules").all():
        out.append(f"  数据：清洗规则有变化（{keys}），保留的订单因此不同，并非导出的数据有变化：{parts}（{first} 至 {last}）；"
                   f"见 restated.csv" if zh else f"  data: the cleaning rules changed ({keys}), so the orders kept "
                                                f"differ, not the export: {parts} ({first} to {last}); see restated.csv")
    else:
        out.append(f"  数据：清洗规则有变化（{keys}），两次运行共同覆盖的日期内有订单不同，原因可能是规则，也可能是数据："
                   f"{parts}（{first} 至 {last}）；见 restated.csv" if zh else
                   f"  data: the cleaning rules changed ({keys}), so orders of the days both runs cover differ by "
                   f"the rules or by the data: {parts} ({first} to {last}); see restated.csv")
    return out


def compare_runs(previous: Path, current: Path) -> RunChanges:
    """Compare the run folder ``current`` with the earlier run folder ``previous`` (both finished)."""
    old = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    new = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    for folder, manifest in ((previous, old), (current, new)):
        if not (isinstance(manifest, dict) and isinstance(manifest.get("params", {}), dict)
                and isinstance(manifest.get("inputs", []), list) and isinstance(manifest.get("outputs", {}), dict)):
            raise ValueError(f"{folder.name}/manifest.json is not the manifest of a run")  # noqa: TRY004 - bad content
    graded = [pd.read_parquet(folder / "grades.parquet") for folder in (previous, current)]
    mappings = same_customers_maps(previous, current)
    grades = grade_changes(*graded, params=(old.get("params", {}), new.get("params", {})), mappings=mappings)
    named = [g[["customer_id", "customer_name"]] for g in graded[::-1] if "customer_name" in g.columns]
    if named and not grades.empty:  # the customer's name beside the ID, as this run (else the last) writes it (QA)
        names = pd.concat(named, ignore_index=True).dropna().astype({"customer_id": "string"})
        names = names.drop_duplicates("customer_id").set_index("customer_id")["customer_name"]
        grades.insert(1, "customer_name", grades["customer_id"].astype("string").map(names).astype("string"))
    before, after = old.get("outputs", {}).get("grades.csv"), new.get("outputs", {}).get("grades.csv")
    same = before is not None and before == after
    overrides = old.get("overrides")

    def code(manifest: dict) -> str:
        git = manifest.get("git") if isinstance(manifest.get("git"), dict) else {}
        commit = str(git.get("commit", ""))[:7]
        return (f"{manifest.get('kit_version', '?')}" + (f" ({commit}{', edited' if git.get('dirty') else ''})"
                                                          if commit else ""))

    if code(old) == code(new) and "(" in code(old) and "edited" not in code(old):
        # the same kit, to the commit: it cannot have moved them (re-read); a figure the grader weighs beside those
        # compared (lifecycle's first purchase) did
        grades.loc[(grades["why"] == "kit").to_numpy(), "why"] = "figures"
    ids = [set(g["customer_id"].dropna().astype(str)) for g in graded]  # a null is no ID (nor "None", "nan")
    names = _names(*graded)
    pairs = _rewritten_pairs(grades, *ids, names=names)
    if len(pairs):  # gone and new only as written (00003 / 3): changes.csv says so, not "not graded now/before" (QA)
        rows = is_in(grades["customer_id"].astype(str), pd.concat([pairs["gone"], pairs["new"]])) & grades["why"].isin(
            ["not graded before", "not graded now"]).to_numpy()
        grades.loc[rows, "why"] = "ID written another way"
    run_id = old.get("run_id")
    mapping = [{i.get("sha256") for i in m.get("inputs", []) if isinstance(i, dict) and i.get("role") == "same_customers"}
               for m in (old, new)]
    return RunChanges(currencies=currencies_of(old.get("params", {}), new.get("params", {})),
                      mapping_changed=mapping[0] != mapping[1], not_moves=_not_moves(grades, pairs),
                      code=(code(old), code(new)), previous=previous.name,
                      previous_id=run_id if isinstance(run_id, str) and run_id != previous.name else "", params=params_changes(
        old.get("params", {}), new.get("params", {}), folders=_params_folders(old, new)),
                      previous_overrides=[str(o) for o in overrides] if isinstance(overrides, list) else [],
                      inputs=input_changes(old.get("inputs", []), new.get("inputs", [])), same_tables=same,
                      grades=grades, rewritten=_counted(pairs), names=names, pairs=pairs, mappings=mappings,
                      pairs_unknown=next((f.name for f in (previous, current) if _kept_no_pairs(f)), "")
                      if mappings is None else "")


def _names(*graded: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """Each graded table's ``customer_name`` by customer ID (as text), None unless both have the column."""
    if len(graded) != 2 or not all("customer_name" in g.columns for g in graded):
        return None
    first, second = (g.assign(customer_id=g["customer_id"].astype("string")).dropna(subset=["customer_id"])
                     .drop_duplicates("customer_id").set_index("customer_id")["customer_name"] for g in graded)
    return first, second


def _graded_names(*folders: Path) -> tuple[pd.Series, pd.Series] | None:
    """:func:`_names` of the run folders' grades.parquet (None when one has none that reads, or no names)."""
    import pyarrow.parquet as pq

    try:
        files = [f / "grades.parquet" for f in folders]
        if not all("customer_name" in pq.read_schema(f).names for f in files):
            return None
        return _names(*(pd.read_parquet(f, columns=["customer_id", "customer_name"]) for f in files))
    except (OSError, ValueError):
        return None


def _not_moves(grades: pd.DataFrame, pairs: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """The (customer ID, grade) rows of :func:`_rewritten_pairs`' pairs that are no move of a customer: both rows
    where the earlier ID's grade is the later ID's (QA: 568 customers "changed grade" were 284 IDs re-written), and
    the earlier ID's row where it is not (one customer moved, counted once)."""
    if pairs.empty or grades.empty:
        return frozenset()
    rows = grades.assign(customer_id=grades["customer_id"].astype(str))
    gone = rows.merge(pairs.astype(str), left_on="customer_id", right_on="gone")[["gone", "new", "grade", "previous"]]
    new = rows.rename(columns={"customer_id": "new"})[["new", "grade", "current"]]
    both = gone.merge(new, on=["new", "grade"], how="left")
    same = both["previous"].astype("string").eq(both["current"].astype("string")).fillna(False).to_numpy(dtype=bool)
    keys = set(zip(both["gone"], both["grade"].astype(str), strict=True))
    keys |= set(zip(both.loc[same, "new"], both.loc[same, "grade"].astype(str), strict=True))
    return frozenset(keys)


def _params_folders(*manifests: dict) -> tuple[str | None, str | None]:
    """The folders of the runs' params files, as their manifests record them (None where one does not)."""
    files = [m.get("params_file") for m in manifests]
    return tuple(str(Path(f).parent) if isinstance(f, str) and f else None for f in files)  # type: ignore[return-value]


def rewritten_ids(grades: pd.DataFrame, before: set[str] | None = None, after: set[str] | None = None
                  ) -> tuple[int, str]:
    """Customers graded in one run only (:func:`grade_changes`) whose ID the other run writes with other leading
    zeros or case (``3`` then ``00003``: a workbook's numbers, then the text export), and one such pair.
    ``before`` and ``after`` are the IDs each run graded: a customer of both whose grade is empty in one (a grader
    added, a potential without previous revenue) is not gone or new (review); without them, an empty grade says so."""
    return _counted(_rewritten_pairs(grades, before, after))


def _counted(pairs: pd.DataFrame) -> tuple[int, str]:
    """How many pairs :func:`_rewritten_pairs` found, and the first as an example (``00046 / 46``)."""
    return (len(pairs), f"{pairs['gone'].iloc[0]} / {pairs['new'].iloc[0]}") if len(pairs) else (0, "")


def _written_key(ids: pd.Series) -> pd.Series:
    """What an ID is once its leading zeros and case are set aside (``00A7`` and ``a7``: ``A7``), missing for an ID of
    zeros only; an e-mail address is its own key, as :data:`kit.clean.ID_VARIANT_KEY` has it (``007bond@`` and
    ``7bond@`` are two people)."""
    text = ids.astype("string")
    key = text.str.upper().str.lstrip("0").where(~text.str.contains("@", regex=False).fillna(False), text)
    return key.mask(key.eq("").fillna(True))


#: A letter prefix before an ID's digits (``H`` of ``H00046``, ``KH-`` of ``KH-0046``).
_LETTER_PREFIX = r"^([A-Za-z]+[-_]?)(?=[0-9])"


def _prefixes(ids: pd.Series) -> pd.Series:
    """Each ID's letter prefix in upper case (missing without one, and for an e-mail address: its own ID)."""
    text = ids.astype("string")
    found = text.str.extract(_LETTER_PREFIX, expand=False).str.upper()
    return found.mask(text.str.contains("@", regex=False).fillna(False))


def _letter_prefix(ids: pd.Series) -> str | None:
    """The letter prefix (upper case) that most of ``ids`` (at least half) have before their digits, if any."""
    if ids.empty:
        return None
    found = _prefixes(ids)
    counts = found.value_counts()
    return str(counts.index[0]) if len(counts) and counts.iloc[0] * 2 >= len(ids) else None


def _dropped_prefix(before: pd.Series, after: pd.Series) -> tuple[str, str] | None:
    """A letter prefix one run writes before most of its IDs (at least half) and the other before almost none (5%
    at most): ``(prefix, "before")`` when the earlier run has it (H00046, then 00046), ``(prefix, "after")`` when
    the later one added it; None otherwise. Nor when the run that writes it has IDs of digits alone besides, more
    than 5% of them: two kinds of customer numbered apart (hospitals H00003, pharmacies 00046), the other run's
    00003 a pharmacy as likely as H00003 (review: a hospital gone and a pharmacy new were paired)."""
    for side, have, lack in (("before", before, after), ("after", after, before)):
        prefix = _letter_prefix(have)
        if prefix is None or lack.empty or _letter_prefix(lack) is not None:  # another prefix: swapped, if anything
            continue
        if _numbered_apart(lack):  # hospitals H0001.. beside pharmacies 0001..: the other run's 0001 is either
            continue
        plain = int(have.astype("string").str.match(r"[0-9]").fillna(False).sum())
        if int(_prefixes(lack).eq(prefix).sum()) * 20 <= len(lack) and plain * 20 <= len(have):
            return prefix, side
    return None


def _numbered_apart(ids: pd.Series) -> bool:
    """Whether a run numbers two series apart, more than 5% of its ``ids`` a letter prefix before digits that an ID
    of digits alone of the run also has (hospitals H0001.. beside pharmacies 0001..): the prefix the other run writes
    before most of its IDs is then no prefix this one dropped (review: the other run's hospital K0001, renumbered,
    was paired with the pharmacy 0001)."""
    text = ids.astype("string")
    digits = _written_key(_without_prefix(text, None))
    plain = text.str.match(r"[0-9]").fillna(False).to_numpy(dtype=bool)
    shared = _prefixes(text).notna().to_numpy(dtype=bool) & is_in(digits, digits[plain].dropna())
    return int(shared.sum()) * 20 > len(ids)


def _swapped_prefix(before: pd.Series, after: pd.Series) -> tuple[str, str] | None:
    """A letter prefix the earlier run writes before most of its IDs (at least half) and the later before almost none
    (5% at most), the later writing another before most of its IDs and the earlier almost none: ``(earlier's,
    later's)`` (H00046, then K00046: a new system renumbered the prefix); None otherwise. Two series of customers
    numbered apart (hospitals H0001, pharmacies P0001) are in both runs, and are no swap; a run of one series then one
    of the other is told apart by the customers' names (:func:`_named_alike`)."""
    old, new = _letter_prefix(before), _letter_prefix(after)
    if old is None or new is None or old == new:
        return None
    if int(_prefixes(after).eq(old).sum()) * 20 > len(after) or int(_prefixes(before).eq(new).sum()) * 20 > len(before):
        return None
    return old, new


#: Of the pairs of a prefix swapped (:func:`_swapped_prefix`) whose customer both runs name, the share whose names
#: must agree for any of them to be paired.
NAMES_AGREE = 0.8


def _named_alike(pairs: pd.DataFrame, names: tuple[pd.Series, pd.Series] | None) -> np.ndarray | None:
    """For each pair (``gone``, ``new``) whose IDs had their letter prefix swapped, whether it stands: None when the
    evidence does not hold (the runs name no customer, or too few pairs of names agree: two series, hospitals then
    pharmacies, that share their digits), else a mask leaving out the pairs whose two names differ. ``names``: each
    run's customer name by ID (``customer_name`` of grades.parquet)."""
    if names is None or names[0].empty or names[1].empty:
        return None

    def named(ids: pd.Series, by_id: pd.Series) -> pd.Series:
        text = ids.astype("string").map(by_id).astype("string")
        return text.str.replace(r"\s+", "", regex=True).str.casefold().replace("", pd.NA)

    before, after = named(pairs["gone"], names[0]), named(pairs["new"], names[1])
    both = (before.notna() & after.notna()).to_numpy(dtype=bool)
    agree = before.eq(after).fillna(False).to_numpy(dtype=bool)
    if not both.any() or agree[both].mean() < NAMES_AGREE:
        return None
    return agree | ~both


def _without_prefix(ids: pd.Series, prefix: str | None) -> pd.Series:
    """``ids`` with the letter ``prefix`` (any case) taken off the front of those that have it before digits; with
    ``prefix`` None, any letter prefix (H00046 and K00046: both 00046)."""
    text = ids.astype("string")
    found = _prefixes(text)
    has = (found.notna() if prefix is None else found.eq(prefix)).fillna(False)
    return text.where(~has, text.str.replace(_LETTER_PREFIX, "", n=1, regex=True))


def _rewritten_pairs(grades: pd.DataFrame, before: set[str] | None = None, after: set[str] | None = None, *,
                     names: tuple[pd.Series, pd.Series] | None = None) -> pd.DataFrame:
    """The pairs :func:`rewritten_ids` counts, in order of their key: ``gone`` (the ID as the earlier run writes
    it) and ``new`` (as this one does). Only a key one ID has in each run: 00046 gone beside 46 and 046 new (two
    customers this run grades apart), or beside 46 of both runs, is no customer merely written another way (review).

    A letter prefix one run writes before most of its IDs and the other before almost none (H00046 then 00046: a
    new system dropped it) is set aside as leading zeros are, on the IDs of the run that writes it, the pairing
    one-to-one all the same (QA).

    A letter prefix swapped for another (H00046, then K00046: :func:`_swapped_prefix`) is set aside so on both runs'
    IDs only on evidence: at least half of the IDs that had it pair by their digits (a renumbering, not a few
    coincidences), and both runs name the customers (``names``: each run's name by ID), at least
    :data:`NAMES_AGREE` of the pairs both name alike; a pair whose names differ is none. Hospitals H0001.. then
    pharmacies P0001.. share their digits, not their names (review)."""
    pairs = pd.DataFrame({"gone": pd.Series(dtype="string"), "new": pd.Series(dtype="string")})
    # a null customer ID (a run's grades.parquet) is no ID to pair: sorted beside the IDs it raised a TypeError
    before, after = ({str(i) for i in run if not pd.isna(i)} if run is not None else None for run in (before, after))
    grades = grades[grades["customer_id"].notna().to_numpy()] if "customer_id" in grades else grades
    if grades.empty:
        return pairs
    first = grades.drop_duplicates("customer_id")
    ids = first["customer_id"].astype(str)
    gone = ids[~is_in(ids, after)] if after is not None else ids[first["current"].eq("").to_numpy()]
    new = ids[~is_in(ids, before)] if before is not None else ids[first["previous"].eq("").to_numpy()]
    if gone.empty or new.empty:
        return pairs
    runs = {side: pd.Series(sorted(run), dtype="string") if run is not None else frame.astype("string")
            for side, run, frame in (("before", before, gone), ("after", after, new))}
    dropped = _dropped_prefix(runs["before"], runs["after"])
    swapped = _swapped_prefix(runs["before"], runs["after"]) if dropped is None else None
    # the prefix each side's IDs are read without: the one dropped, or each run's of the prefix swapped
    strip = ({dropped[1]: dropped[0]} if dropped is not None else
             dict(zip(("before", "after"), swapped, strict=True)) if swapped is not None else {})

    def key(ids: pd.Series, side: str, prefix: str | None = "") -> pd.Series:
        if side in strip:  # a swap: the other prefixes are other series (P0046 beside K00046), not the same digits
            ids = _without_prefix(ids, strip[side] if prefix == "" or swapped is not None else prefix)
        return _written_key(ids)

    def keyed(ids: pd.Series, run: set[str] | None, side: str, name: str) -> pd.DataFrame:
        frame = pd.DataFrame({name: ids.astype("string").to_numpy(), "key": key(ids, side).to_numpy()}).dropna()
        frame = frame.drop_duplicates("key", keep=False)  # two IDs of one key gone (or new): which is which?
        if run is not None:  # nor when another ID of the run has the key (46 of both runs beside 00046 gone),
            # under any letter prefix (H00046 and K00046 of the run that wrote H before most: which one is 00046?)
            counts = key(runs[side], side, None).value_counts()
            frame = frame[is_in(frame["key"], counts.index[counts.to_numpy() == 1])]
        return frame

    found = keyed(gone, before, "before", "gone").merge(keyed(new, after, "after", "new"), on="key")
    if swapped is not None and len(found):  # on evidence only: a share of the IDs, and the customers' names
        # the pairs whose IDs differ by their prefix, not by zeros or case alone: only the prefix swapped (H00046 /
        # K00046) may stand; an ID of digits alone is another series (review: the hospital H0006 gone and a new
        # pharmacy 0006 the master does not name were paired)
        prefixes = _prefixes(found["gone"]), _prefixes(found["new"])
        swap = ~prefixes[0].fillna("").eq(prefixes[1].fillna("")).to_numpy(dtype=bool)
        exact = (prefixes[0].eq(swapped[0]) & prefixes[1].eq(swapped[1])).fillna(False).to_numpy(dtype=bool)
        had = min(int(_prefixes(runs[side]).eq(prefix).sum()) for side, prefix in strip.items())
        stands = _named_alike(found[exact], names) if int(exact.sum()) * 2 >= had else None
        keep = ~swap
        if stands is not None:
            keep[exact] = stands
        found = found[keep]
    return found.sort_values("key", kind="stable")[["gone", "new"]].reset_index(drop=True) if len(found) else pairs


def paired_rows(grades: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """``grades`` with each pair of IDs one customer is written with (``pairs``: ``gone``, ``new``) on one row per
    grade: the later ID's row, its ``previous`` grade and ``revenue_before`` the earlier ID's, and ``previous_id``
    that ID (empty on other rows), so that a customer whose ID an export rewrote (000100, then 100) and who moved
    is found by its grades, as any other (QA next quarter: 000100 Key -> General was two rows, each "not graded"
    on one side). A grade only one of the two IDs has a row for stays as it is."""
    out = grades.assign(previous_id="")
    if pairs is None or pairs.empty or grades.empty:
        return out
    ids = out["customer_id"].astype(str)
    pairing = out["why"].eq("ID written another way").to_numpy()
    earlier = out.loc[pairing & is_in(ids, pairs["gone"].astype(str)), ["customer_id", "grade", "previous",
                                                                       "revenue_before"]]
    earlier = earlier.assign(customer_id=earlier["customer_id"].astype(str)).merge(
        pairs.astype(str).rename(columns={"gone": "customer_id"}), on="customer_id")
    later = out.loc[pairing & is_in(ids, pairs["new"].astype(str))]
    keyed = later.assign(new=later["customer_id"].astype(str)).reset_index().merge(
        earlier.rename(columns={"customer_id": "gone"}), on=["new", "grade"], suffixes=("", "_earlier"))
    at = keyed["index"].to_numpy()
    out.loc[at, "previous"] = keyed["previous_earlier"].to_numpy()
    out.loc[at, "revenue_before"] = keyed["revenue_before_earlier"].to_numpy()
    out.loc[at, "previous_id"] = keyed["gone"].to_numpy()
    merged = set(zip(keyed["gone"], keyed["grade"].astype(str), strict=True))
    drop = pd.Series(list(zip(ids, out["grade"].astype(str), strict=True)), index=out.index).isin(merged)
    return out.loc[~(drop.to_numpy() & pairing)].reset_index(drop=True)


def regraded(changes: RunChanges, restated: pd.DataFrame | None) -> None:
    """Say ``same customers`` in :attr:`RunChanges.grades` for a customer not graded in one run whose orders the
    other run grades under another customer as a changed ``cleaning.same_customers`` says (:func:`restated_orders`'
    ``same customers``), rather than ``not graded now`` / ``not graded before`` (review: a row added to the mapping
    file said its customer had no purchase)."""
    if restated is None or restated.empty or changes.grades.empty or "why" not in restated:
        return
    moved = restated[restated["why"] == "same customers"]
    sides = {"not graded now": set(moved["customer_before"].dropna().astype(str)),
             "not graded before": set(moved["customer_after"].dropna().astype(str))}
    ids = changes.grades["customer_id"].astype(str)
    for why, customers in sides.items():
        changes.grades.loc[(changes.grades["why"] == why).to_numpy() & is_in(ids, customers), "why"] = "same customers"


def restated_since(changes: RunChanges, previous: Path, current: Path) -> pd.DataFrame | None:
    """:func:`restated_orders` of the two runs, with :attr:`RunChanges.rules`, when their data changed (not only
    files renamed); None when it did not, or when the amounts are in two currencies (every order's amount would
    differ, none restated). The customers a changed ``cleaning.same_customers`` grades as another are marked in
    :attr:`RunChanges.grades` (:func:`regraded`). What ``kit run`` and ``kit compare`` both say."""
    restated = (restated_orders(previous, current, rules=changes.rules, names=changes.names,
                                mappings=changes.mappings)
                if data_changed(changes.inputs) and not changes.currencies[0] else None)
    regraded(changes, restated)  # a customer graded as another by a changed cleaning.same_customers: not gone
    return restated


def write_changes(changes: RunChanges, path: Path, lang: str = "en", counter: str = "家") -> None:
    """``changes.csv``: every customer whose grade changed, UTF-8 with a byte-order mark (for Excel). A Chinese
    case's adds ``grade_text`` and ``why_text``, the grade and the reason in Chinese (as rules.csv adds rule_text)."""
    from .textops import to_excel_csv

    grades = paired_rows(changes.grades, changes.pairs)
    if lang == "zh":  # 消费 for people's purchases (位, 名), as the rest of the case says it (review)
        from .report import grade_name
        from .text import zh_words

        grades = grades.assign(grade_text=grades["grade"].map(lambda g: grade_name(g, "zh")),
                               why_text=grades["why"].map(lambda w: zh_words(WHY_ZH.get(w, w), counter)))
    to_excel_csv(grades, path)  # =1+1 as text in Excel

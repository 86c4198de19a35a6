"""Command line: ``kit run PARAMS... [--set KEY.PATH=VALUE] [--jobs N]``, ``kit check``, ``kit init``, ``kit compare``, ``kit demo``.

A :class:`~kit.errors.KitError` is printed as its plain message and exits
non-zero; any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from pathlib import Path
from typing import Sequence

from .errors import KitError, ParamsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kit", description="Customer tiering kit: turn order exports and a params file into a graded report."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run one or more cases, each into a new folder reports/<case>/<run-id>/")
    run.add_argument("params", nargs="+", help="params YAML file(s), e.g. params/pharma.yaml")
    run.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE",
                     help="override a params key for this run (value read as YAML); repeatable")
    run.add_argument("--jobs", "-j", type=int, default=1, help="cases to run in parallel (default 1)")
    run.add_argument("--reports-dir", default="reports", help="where run folders go (default: ./reports)")
    run.add_argument("--notebooks", default=None, help="folder with 01_clean, 02_grade, 03_report notebooks")
    run.add_argument("--no-pdf", dest="pdf", action="store_false",
                     help="do not print report.pdf (printed by default when Chromium is installed)")
    run.add_argument("--compare-with", default=None, metavar="RUN",
                     help="compare the new run with this run of the case (its ID, e.g. 20250930-101500-123456, or "
                          "its folder), or 'plain' (the latest run made without --set: the reference grading), instead of "
                          "the case's previous successful run")

    check = sub.add_parser("check", help="validate params files and print the resolved params")
    check.add_argument("params", nargs="+")
    check.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE")

    init = sub.add_parser("init", help="draft a params file for an order export (columns guessed from its headers)")
    init.add_argument("data", nargs="+",
                      help="the order file: csv/tsv, xlsx/xls (Excel 2003 XML too) or parquet; or several exports "
                           "of the same orders (a file per month: data/orders_2025-*.csv)")
    init.add_argument("-o", "--out", default=None, help="params file to write (default: params/<file name>.yaml)")
    init.add_argument("--sheet", default=None,
                      help="Excel sheet by name or 0-based index (default: the sheet holding orders, or all of them)")
    init.add_argument("--encoding", default=None, help="CSV encoding (default: UTF-8, then GB18030)")
    init.add_argument("--language", choices=["zh", "en"], default=None,
                      help="report language (default: zh when the headers are Chinese)")
    init.add_argument("--join", dest="joins", action="append", default=[], metavar="FILE",
                      help="a file each order line takes columns from by a shared key column: an order-header file "
                           "(customer, date) for a file of order lines, a customer file; repeat for more")
    init.add_argument("--force", action="store_true", help="overwrite the params file if it exists")

    compare = sub.add_parser("compare", help="compare two finished runs: params, input files and customers' grades")
    compare.add_argument("earlier", help="the earlier run folder, e.g. reports/pharma/20250930-...")
    compare.add_argument("later", help="the later run folder")
    compare.add_argument("-o", "--out", default=None,
                         help="write every customer whose grade changed to this CSV (default: print the summary only)")
    compare.add_argument("--force", action="store_true", help="overwrite the CSV if it exists")
    compare.add_argument("--language", choices=["zh", "en"], default=None,
                         help="language of the summary, the CSV's added text columns and errors (default: the later "
                              "run's report language)")

    demo = sub.add_parser("demo", help="write a built-in demo dataset to a file (csv, xlsx or parquet)")
    demo.add_argument("out", help="output file, e.g. data/pharma_orders.csv")
    demo.add_argument("--customers", type=int, default=800, help="hospitals, 20 to 200,000 (default 800)")
    demo.add_argument("--months", type=int, default=30)
    demo.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    demo.add_argument("--seed", type=int, default=2024)
    demo.add_argument("--client-style", action="store_true",
                      help="as a client's export: Chinese headers (医院编码, 订单日期, 金额 ...) and the demo's mess "
                           "(amounts as text with ￥ and commas, dates in several forms, blank IDs, repeated rows); a "
                           "CSV is written in GBK, as Chinese Excel saves one")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args, argv)
        if args.command == "check":
            return _check(args)
        if args.command == "demo":
            return _demo(args)
        if args.command == "init":
            return _init(args)
        if args.command == "compare":
            return _compare(args)
    except KitError as exc:  # a line per problem (every params file checked), each marked as one
        print("\n".join(f"error: {line}" for line in str(exc).splitlines() or [""]), file=sys.stderr)
        return 2 if isinstance(exc, ParamsError) else 1
    return 0  # pragma: no cover


def _run(args, argv: list[str]) -> int:
    from .runner import run_cases

    if args.jobs < 1:
        raise ParamsError(f"--jobs must be 1 or more, but got {args.jobs}")
    outcomes = run_cases(
        args.params, overrides=args.overrides, reports_dir=args.reports_dir,
        notebooks_dir=args.notebooks, jobs=args.jobs, argv=["kit", *argv],
        log=lambda line: print(line, flush=True), pdf=args.pdf, compare_with=args.compare_with,
    )
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        where = ((f"（运行文件夹 {outcome.run_dir}）" if outcome.language == "zh" else f" (run folder {outcome.run_dir})")
                 if outcome.run_dir else "")
        print(f"error: [{outcome.case}] {outcome.error}{where}", file=sys.stderr, flush=True)
    for outcome in outcomes:
        if outcome.ok:
            print(outcome.report, flush=True)
    return 1 if failed else 0


def _check(args) -> int:
    from .params import dump_params
    from .report import reach_hint, unit_hint
    from .runner import load_cases
    from .text import t

    for case in load_cases(args.params, args.overrides, workbooks=True):  # a check reads the workbooks too
        print(json.dumps(dump_params(case.params), ensure_ascii=False, indent=2))
        # valid, but the amounts' unit is left unsaid, or some tiers cannot hold anyone: said before any run
        for hint in (unit_hint(case.params), reach_hint(case.params)):
            if hint:
                print(f"[{case.params.case}] {t('p_note', case.params.language, text=hint)}", file=sys.stderr)
    return 0


#: Rows of an Excel sheet.
EXCEL_MAX_ROWS = 1_048_576


def _init_files(names: list[str]) -> list[Path]:
    """The files ``kit init`` was given, a pattern the shell left alone (``'data/*.csv'``) matched by name."""
    import glob

    from .errors import DataError

    files: list[Path] = []
    for name in names:
        if glob.has_magic(name) and not Path(name).exists():
            matched = sorted(Path(m) for m in glob.glob(name) if Path(m).is_file()
                             and not Path(m).name.startswith(("~$", ".")))
            if not matched:
                raise DataError(f"{name} matches no file")
            files += matched
        elif Path(name).exists() and not (Path(name).is_file() or Path(name).is_dir()):
            # a named pipe or a device is never an export: reading it would wait for ever (QA: a FIFO named .csv)
            raise DataError(f"{name} is not a file: give kit init an export saved as a file")
        else:
            files.append(Path(name))
    return list(dict.fromkeys(files))


def _chinese_export(path: Path) -> bool:
    """Whether an export's name, or the first line of a text export (UTF-8, else GBK), is Chinese: kit init then
    speaks Chinese before it has read the headers."""
    head = b""
    if path.suffix.lower() in (".csv", ".tsv", ".txt") and path.is_file():
        with open(path, "rb") as handle:
            head = handle.read(4096).split(b"\n", 1)[0]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("gb18030", errors="ignore")
    return bool(re.search(r"[\u4e00-\u9fff]", path.name + text))


def _say_large_read(files: list[Path], language: str | None) -> None:
    """A line before kit init reads large exports (a 1 GB CSV: 12 s with nothing on the screen before), in the
    language asked for, else Chinese when a file's name is."""
    from .io import LARGE_WORKBOOK_BYTES

    size = sum(f.stat().st_size for f in files if f.is_file())
    if size < LARGE_WORKBOOK_BYTES:
        return
    zh = language == "zh" or (language is None and _chinese_export(files[0]))
    names = ", ".join(f.name for f in files[:3]) + (" …" if len(files) > 3 else "")
    print(f"正在读取 {names}（{size / 2**20:,.0f} MB）：表头、前几十万行与全部订单日期……" if zh else
          f"reading {names} ({size / 2**20:,.0f} MB): the headers, a sample of rows and every order date ...",
          file=sys.stderr, flush=True)


#: Encodings a text file is read in that GBK would misread, with why, in English and Chinese (kit init's note).
MISREAD_AS_GBK = {
    "cp1252": (("reads as GBK only by taking its accented letters for Chinese characters (São as S鉶); it reads "
                "as cp1252 (Western Europe, as Excel on Windows saves)"),
               "按 GBK 读会把带重音符号的字母读成汉字（São 读成 S鉶）；按 cp1252（西欧，Windows 版 Excel 的保存方式）可以读出"),
    "big5hkscs": (("reads as GBK only as rare characters and kana (客戶 as め); it reads as Big5 (Traditional "
                   "Chinese, as Hong Kong and Taiwan systems save)"),
                  "按 GBK 读只得到生僻字和假名（客戶 读成 め）；按 Big5（繁体中文，香港、台湾系统的保存方式）可以读出"),
    "cp932": (("reads as GBK only as rare characters (得意先コード as 摼堄愭僐乕僪); it reads as cp932 (Japanese, "
               "Shift-JIS as Windows saves it), with kana"),
              "按 GBK 读只得到生僻字（得意先コード 读成 摼堄愭僐乕僪）；按 cp932（日文，Windows 保存的 Shift-JIS）可以读出，含假名"),
    "cp949": (("reads as GBK only as characters that make no words (매출일자 as 概免老磊); it reads as cp949 (Korean, "
               "EUC-KR as Windows saves it), in Hangul"),
              "按 GBK 读只得到不成词的汉字（매출일자 读成 概免老磊）；按 cp949（韩文，Windows 保存的 EUC-KR）可以读出，为韩文"),
}


def _drafted_case(text: str) -> str | None:
    """The ``case`` a drafted params text names."""
    import yaml

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return raw.get("case") if isinstance(raw, dict) else None


def _other_cases(out: Path, export: Path):
    """(params file, its case, its ``data``) of each other params file beside ``out`` that reads another file than
    ``export`` (the same export drafted again, in another language say, is left out)."""
    import yaml

    if not out.parent.is_dir():
        return
    for other in sorted(out.parent.glob("*.y*ml")):
        if other.resolve() == out.resolve():
            continue
        try:
            raw = yaml.safe_load(other.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        data = raw.get("data") if isinstance(raw, dict) else None
        if not isinstance(data, dict) or not isinstance(raw.get("case"), str):
            continue
        path = data.get("path")
        if isinstance(path, str) and (other.parent / path).resolve() == export.resolve():
            continue
        yield other, raw["case"], data


def _case_mapping_alike(out: Path, columns: dict, export: Path) -> tuple[Path, str] | None:
    """(params file, its case) of another params file beside ``out`` whose ``data.columns`` map the customer ID,
    order date and amount as ``columns`` (kit init's guess for ``export``) do, and which reads another file: the
    same client's export of another period, most likely; None when there is none."""
    import os

    keys = ("customer_id", "order_date", "amount")
    if not all(isinstance(columns.get(k), str) for k in keys):
        return None
    alike = []
    for other, case, data in _other_cases(out, export):
        mapped, path = data.get("columns"), data.get("path")
        # every column mapped alike, not the three the grading needs only: another ERP's export, another client's
        # workbook share 客户编码, 日期 and 金额 (QA: four suggestions of the wrong case)
        if isinstance(mapped, dict) and {k: v for k, v in mapped.items() if v != "?"} == \
                {k: v for k, v in columns.items() if v != "?"}:
            named = Path(str(path)).stem if isinstance(path, str) else ""
            alike.append((len(os.path.commonprefix([named, export.stem])), other, case))
    if not alike:
        return None
    _, other, case = max(alike, key=lambda found: found[0])  # the export named most like this one (orders_2025q3)
    return other, case


def _case_not_taken(found, drafted: str, out: Path, export: Path) -> None:
    """When another params file beside ``out``, reading another export mapped otherwise, names the case ``drafted``,
    the draft (``found``) names another one and says so: two cases of one name would share a reports folder and
    each run would be compared with the other's."""
    import re

    from .scaffold import Note, _q

    taken = {case: other for other, case, _ in _other_cases(out, export)}
    if drafted not in taken:
        return
    fresh = next(f"{drafted}_{n}" for n in range(2, len(taken) + 3) if f"{drafted}_{n}" not in taken)
    found.text = re.sub(rf"^case: {re.escape(_q(drafted))}", lambda _: f"case: {_q(fresh)}", found.text, count=1,
                        flags=re.MULTILINE)
    other = taken[drafted].name
    found.notes.append(Note(
        f"{other} names the case {drafted!r} already, for another export mapped otherwise, so this one is drafted "
        f"as {fresh!r}: two cases of one name share a reports folder and each run is compared with the other's. "
        f"If this export is that case's next period, put case: \"{drafted}\" back",
        f"{other} 已使用案例名 {drafted!r}（另一导出文件，列映射不同），故本文件起草为 {fresh!r}：同名的两个案例共用一个报告"
        f"文件夹，每次运行都会与对方的运行比较。如本导出是该案例的下一期数据，请改回 case: \"{drafted}\""))


def _init(args) -> int:
    """``kit init``; its errors in Chinese for a Chinese export (its name or headers), as its notes are."""
    from .errors import KitError

    try:
        return _draft_params(args)
    except KitError as exc:
        if exc.language is None and args.language != "en":
            try:
                chinese = args.language == "zh" or _chinese_export(_init_files(args.data)[0])
            except (KitError, OSError, IndexError):
                chinese = False
            exc.language = "zh" if chinese else None
        raise


def _draft_params(args) -> int:
    from .errors import DataError
    from .params import load_params
    from .scaffold import SAMPLE_ROWS, Note, draft, export_stem, told

    files = _init_files(args.data)
    data = files[0]
    out = Path(args.out) if args.out else Path("params") / f"{export_stem(files)}.yaml"
    if out.exists() and not args.force:
        if args.language == "zh" or (args.language is None and _chinese_export(data)):  # the draft's language (QA)
            raise DataError(f"{out} 已存在；请用 --out 指定其他文件名，或加上 --force 覆盖它")
        raise DataError(f"{out} exists; choose another --out, or add --force to overwrite it")
    sheet = args.sheet  # a name, or digits for an index unless a sheet has that name; None: found
    from .io import EncodingAfterError, EncodingError, likely_encoding, sniffed_encoding

    encoding, guessed = args.encoding, None
    _say_large_read(files, args.language)
    # data.encoding applies to every export of the case: drafted only for a single file
    single = encoding is None and len(files) == 1 and not args.joins
    misread = sniffed_encoding(data) if single else None
    misread = misread if misread in MISREAD_AS_GBK else None
    if misread:  # text GBK would misread (São as S鉶, Big5's 客戶 as め): drafted, so every later run reads it so
        encoding = misread
    try:
        try:
            found = draft(data, out, sheet=sheet, encoding=encoding, language=args.language,
                          joins=[Path(j) for j in args.joins], more=files[1:])
        except EncodingError as exc:  # neither UTF-8 nor GBK: the encoding the text reads in, drafted and said
            # the encoding of the text where it stops being UTF-8 (a file whose accents start after a megabyte)
            guessed = ((exc.likely if isinstance(exc, EncodingAfterError) else likely_encoding(data))
                       if single and exc.path == data else None)  # a file mixing two encodings: none drafted
            if guessed is None:
                raise
            found = draft(data, out, sheet=sheet, encoding=guessed[0], language=args.language,
                          joins=[Path(j) for j in args.joins], more=files[1:])
            line = getattr(exc, "line", None)  # UTF-8 for a megabyte or more, then not
            found.notes.insert(0, Note(
                (f"{data.name} is {exc.encoding} until line {line:,}, which is not" if line else
                 f"{data.name} is neither UTF-8 nor GBK") + f"; it reads as {guessed[0]} ({guessed[1]}), so "
                f"data.encoding is drafted as {guessed[0]}: check that names with accents read right in the report",
                (f"{data.name} 直到第 {line:,} 行都是 {exc.encoding} 编码，此后不是" if line else
                 f"{data.name} 既不是 UTF-8 也不是 GBK 编码") + f"；按 {guessed[0]}（{guessed[1]}）可以读出，故起草 "
                f"data.encoding: {guessed[0]}：请核对报告中带重音符号的名称是否正确"))
        if misread:
            en, zh = MISREAD_AS_GBK[misread]
            found.notes.insert(0, Note(f"{data.name} {en}, so data.encoding is drafted as {misread}: check that "
                                       f"the names read right in the report",
                                       f"{data.name} {zh}，故起草 data.encoding: {misread}：请核对报告中的名称是否正确"))
    except DataError as exc:  # the same reading errors as a run, but here the encoding is an option
        text = exc.told(args.language or ("zh" if _chinese_export(data) else "en"))
        for params_words, option_words in (("set data.encoding to", "give --encoding with"),
                                           ("in data.encoding", "given to --encoding"),
                                           ("请把 data.encoding 设为", "请用 --encoding 给出"),
                                           ("data.encoding 中的编码", "--encoding 给出的编码"),
                                           # the encoding it reads in without the option (QA: said data.encoding)
                                           ("delete data.encoding and", "leave out --encoding and"),
                                           ("删去 data.encoding 即", "不给 --encoding 即")):
            text = text.replace(params_words, option_words)
        raise DataError(text) from None
    same_case = _case_mapping_alike(out, found.columns, found.lines_file or data)
    drafted = _drafted_case(found.text)
    if same_case and same_case[1] == drafted:  # the draft names that case already (QA)
        same_case = None
    elif isinstance(drafted, str):  # a case another export's params file names (orders.csv of another client: QA)
        _case_not_taken(found, drafted, out, found.lines_file or data)
    if same_case:  # next quarter's export drafted afresh: a new case, compared with nothing
        other, case = same_case
        found.notes.append(Note(
            f"{other.name} maps the same columns (case {case!r}): if this export is that case's next period, put "
            f"case: \"{case}\" in {out.name} (or point {other.name}'s data.path at this file), so that the run is "
            f"compared with that case's last run",
            f"{other.name} 的列映射与此相同（case {case!r}）：如本导出是该案例的下一期数据，请在 {out.name} 中写 "
            f"case: \"{case}\"（或把 {other.name} 的 data.path 改为本文件），运行结果才会与该案例上次的运行比较"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(found.text, encoding="utf-8")
    data = found.lines_file or data
    joined = "".join(f", joined with {other.name} by {key}" for other, key in found.joins)
    others = f" (and the headers and dates of {len(files) - 1} more)" if len(files) > 1 else ""
    zh = found.language == "zh"
    if zh:
        others_zh = f"（另有 {len(files) - 1} 个文件的表头与日期）" if len(files) > 1 else ""
        joined_zh = "".join(f"，按 {key} 关联 {other.name}" for other, key in found.joins)
        whole_zh = "全部" if found.rows_seen < SAMPLE_ROWS else "前"  # a sample ends at SAMPLE_ROWS
        print(f"已读取 {data.name} 的{whole_zh} {found.rows_seen:,} 行{others_zh}{joined_zh}；识别出的列：")
    else:
        whole = "all" if found.rows_seen < SAMPLE_ROWS else "the first"
        print(f"read {whole} {found.rows_seen:,} rows of {data.name}{others}{joined}; columns recognised:")
    for key, header in found.columns.items():
        if found.wide_year is not None and key in ("order_date", "amount"):
            continue
        print(f"  {key:<14} <- {header if isinstance(header, str) else ' | '.join(header)}")
    if found.wide_year is not None:
        print("  order_date, amount <- " + ("各月份列（data.wide）" if zh else "the month columns (data.wide)"))
    for note in found.notes:
        print(f"注意：{told(note, 'zh')}" if zh else f"note: {note}")
    if found.missing:
        headers = [h for v in found.columns.values() for h in ([v] if isinstance(v, str) else v)] + found.unused
        if zh:
            print(f"未识别：{'、'.join(found.missing)}；请在 {out} 的 `data.columns` 中填写对应的表头"
                  f"（文件的表头：{'、'.join(map(str, headers))}）")
        else:
            print(f"not recognised: {', '.join(found.missing)}; put their headers in `data.columns` of {out} "
                  f"(the file's headers: {', '.join(map(str, headers))})")
    elif found.ambiguous or found.year_month or found.currency_open or found.quoted_lines:  # 2025.1: Jan. or Oct.
        keys = [*(["data.date_format"] if found.ambiguous or found.year_month else []),
                *(["data.quoted_line_breaks"] if found.quoted_lines else []),
                *(["period.as_of"] if not found.as_of_known else []), *(["currency"] if found.currency_open else [])]
        one = len(keys) == 1
        if zh:
            print(f"待定：{' 和 '.join(keys)}；请在 {out} 中填写（旁边的注释列出了可选的值）")
        else:
            print(f"not decided: {' and '.join(keys)}; put {'it' if one else 'them'} in {out} (the comment beside "
                  f"{'it gives' if one else 'each gives'} the choices)")
    else:
        load_params(out)  # what was written validates
    command = f"kit run {shlex.quote(str(out))}"  # 销售出库单 (1).yaml pasted into a shell as printed (QA)
    print(f"已写入 {out}；请逐行核对，然后运行：{command}" if zh else f"wrote {out}; check it, then: {command}")
    return 0


def _run_manifest(folder: Path) -> dict | None:
    """A run folder's manifest (None when it has none that reads as one)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _compare(args) -> int:
    from .changes import (
        compare_runs,
        orders_not_compared,
        restated_lines,
        restated_since,
        write_changes,
        write_restated,
    )
    from .errors import DataError, phrase
    from .text import t

    folders = [Path(args.earlier), Path(args.later)]
    read = [_run_manifest(f) for f in folders]  # None: none that reads (told below, once the folder is checked)
    manifests = [m or {} for m in read]
    both = [m.get("params") if isinstance(m.get("params"), dict) else {} for m in manifests]
    # --language, else the later run's report language (else the earlier's), for the summary and the errors alike
    lang = args.language or next((p.get("language") for p in both[::-1] if p and p.get("language") in ("zh", "en")),
                                 "en")

    def stop(key: str, **values) -> DataError:
        error = DataError(key=key, **values)
        error.language = lang
        return error

    # the changes and the restated orders: both this comparison's, neither replaced unasked (as kit init and kit demo
    # ask: security QA); a restated file of an earlier comparison is no file of this one's to leave beside it
    restated_out = Path(args.out).with_name(Path(args.out).stem + "_restated.csv") if args.out else None
    if args.out and Path(args.out).exists() and not args.force:
        raise stop("e_compare_out_exists", file=args.out, beside="")
    if restated_out is not None and restated_out.exists() and not args.force:
        raise stop("e_compare_out_exists", file=str(restated_out),
                   beside=phrase("e_compare_restated_beside", out=args.out))
    for folder, manifest in zip(folders, read, strict=True):
        if not folder.is_dir():
            raise stop("e_compare_no_folder", folder=str(folder))
        missing = [name for name in ("manifest.json", "grades.parquet") if not (folder / name).is_file()]
        if missing:
            raise stop("e_compare_not_run", folder=str(folder),
                       missing={"en": " and ".join(missing), "zh": "、".join(missing)})
        if manifest is None:  # a manifest.json that does not read: not a run's
            raise stop("e_compare_not_run", folder=str(folder),
                       missing={"en": "manifest.json that reads", "zh": "可读的 manifest.json"})
        if manifest.get("status") != "succeeded":
            raise stop("e_compare_not_succeeded", folder=str(folder))
    try:
        changes = compare_runs(*folders)
    except (OSError, ValueError, KeyError) as exc:
        raise stop("e_compare_unreadable", earlier=str(folders[0]), later=str(folders[1]),
                   problem=f"{type(exc).__name__}: {exc}") from None
    params = both[1]
    cases = [p.get("case") for p in both]
    if None not in cases and cases[0] != cases[1]:  # two clients' runs: every customer "changes"
        print(f"注意：这两次运行属于不同的案例（{cases[0]}、{cases[1]}），以下差异多半来自不同的客户与数据，而非级别变化" if lang == "zh"
              else f"note: the runs are of two cases ({cases[0]}, {cases[1]}), so the differences below are mostly "
                   f"of other customers and data, not of grades that changed", file=sys.stderr)
    counter = params.get("customer_counter", "家")
    # orders of the days both runs cover that the new data restates, as the run's terminal says them (QA)
    rules = changes.rules
    restated = restated_since(changes, *folders)
    for line in changes.lines(details=args.out, lang=lang, previous=False, counter=counter):
        print(f"{folders[1].name}: {line}" if not line.startswith(" ") else line)
    if restated is not None and len(restated):
        if restated_out is not None:
            see: str | None = str(restated_out)
        else:  # the later run's own restated.csv when that run was compared with the earlier one
            compared = manifests[1].get("changes")
            same = isinstance(compared, dict) and compared.get("previous_run") == folders[0].name
            see = str(folders[1] / "restated.csv") if same and (folders[1] / "restated.csv").is_file() else None
        for line in restated_lines(restated, lang, rules=rules, see=see):
            print(line)
        if see is None:
            print("  " + t("compare_restated_out", lang))
    # new data, yet no order restated: because none is, or because none could be compared (a run without its order
    # lines, transactions.parquet: review, "no order is restated" said of a comparison that compared none)
    unknown = orders_not_compared(*folders) if restated is not None and not len(restated) else None
    if unknown is not None:
        print(t(unknown[0], lang, **unknown[1]))
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_changes(changes, out, lang, counter)
        if restated is not None and len(restated) and restated_out is not None:
            write_restated(restated, restated_out, lang)
        elif restated_out is not None and restated_out.is_file():  # an earlier comparison's (--force): not this one's
            restated_out.unlink()
            print("  " + t("compare_restated_removed_uncompared" if unknown else "compare_restated_removed", lang,
                           file=str(restated_out)))
    return 0


def _demo(args) -> int:
    from .datasets import pharma_orders
    from .errors import DataError

    out = Path(args.out)
    if out.exists() and not args.force:  # a client's export of the same name is not replaced unasked
        raise DataError(f"{out} exists; choose another file name, or add --force to overwrite it")
    if not 20 <= args.customers <= 200_000:  # as data.demo.customers allows
        raise DataError(f"--customers must be between 20 and 200,000, but got {args.customers}")
    frame = pharma_orders(args.customers, months=args.months, seed=args.seed)
    if args.client_style:
        from .datasets import CLIENT_HEADERS, add_mess

        frame = add_mess(frame, seed=args.seed)
        # GBK has the full-width ￥ Chinese systems write, not the half-width ¥ (GB18030 writes it in four bytes)
        frame["amount"] = frame["amount"].str.replace("¥", "￥", regex=False)
        frame = frame.rename(columns=CLIENT_HEADERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(out, index=False, encoding="gbk" if args.client_style else "utf-8-sig")
    elif suffix == ".xlsx":
        if len(frame) >= EXCEL_MAX_ROWS:  # an Excel sheet holds 1,048,576 rows, the header one of them
            raise DataError(f"{out}: {len(frame):,} order lines do not fit in an Excel sheet (at most "
                            f"{EXCEL_MAX_ROWS - 1:,}); write the demo as .csv or .parquet, or with fewer --customers")
        frame.to_excel(out, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        raise DataError(f"{out}: write the demo as .csv, .xlsx or .parquet, not {suffix or '(none)'!r}")
    print(f"已写入 {len(frame):,} 条订单行：{out}" if args.client_style else f"{len(frame):,} order lines written to {out}")
    return 0


if __name__ == "__main__":  # python -m kit.cli, as python -m kit
    sys.exit(main())

"""Side-by-side benchmark of the kit against the tools an analyst would otherwise use.

    make bench                                  # 100k, 1M and 10M rows
    make bench ARGS="--sizes 100000 1000000"    # fewer sizes
    python -m benchmarks --e2e 10000            # also time `kit run` end to end

For each size it generates deterministic synthetic transactions (about 20 rows
per customer) as Parquet and CSV, then measures, interleaved and repeated (median
of --repeats), each in a fresh process so that peak memory is its own:

- kit: DuckDB engine features + Pareto ABC and RFM quintile grading, from Parquet;
- kit-csv: the same from the CSV, through the kit's whole cleaning (ledger, quarantine);
- pandas: idiomatic read_parquet + groupby + rank-based quintiles;
- duckdb / duckdb-csv: one hand-written SQL query (aggregate + NTILE), the near-limit baseline;
- polars: read_parquet + group_by + rank-based quintiles, where it is installed;
- lifetimes: summary_data_from_transaction_data, where it is installed;
- rfm: the PyPI ``rfm`` package's RFM table, where it is installed.

`kit run` end to end is timed at --e2e sizes (10k and 10M by default), so the
fixed overhead and the marginal cost per row are both visible.

Before any time is reported, the kit's revenue and orders per customer are
checked to equal the pandas baseline exactly. Results go to the terminal and
to benchmarks/RESULTS.md with the core count and package versions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TOOLS = ("kit", "kit-csv", "pandas", "duckdb", "duckdb-csv", "polars", "lifetimes", "rfm")
AS_OF_START, AS_OF_END = "2025-01-01", "2025-12-31"


def generate(rows: int) -> Path:
    """Deterministic transactions: ~20 rows per customer over 24 months, amounts in cents."""
    path = DATA / f"tx_{rows}.parquet"
    if path.is_file():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(rows)
    customers = max(1, rows // 20)
    weight = rng.lognormal(0, 1.5, customers)
    cust = rng.choice(customers, size=rows, p=weight / weight.sum())
    days = rng.integers(0, 730, rows)
    frame = pd.DataFrame({
        "customer_id": pd.Series(np.char.mod("C%08d", cust)),
        "order_id": pd.Series(np.char.mod("O%010d", np.arange(rows) // 2)),
        "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": rng.integers(100, 500_000, rows) / 100,
    })
    frame.to_parquet(path, index=False)
    return path


def generate_csv(rows: int) -> Path:
    """The same transactions as a CSV file (written by DuckDB)."""
    import duckdb

    source, path = generate(rows), DATA / f"tx_{rows}.csv"
    if not path.is_file():
        duckdb.sql(f"COPY (SELECT customer_id, order_id, CAST(order_date AS DATE) AS order_date, amount "
                   f"FROM read_parquet('{source}')) TO '{path}' (HEADER, DELIMITER ',')")
    return path


# ----------------------------------------------------------------- the workloads


def run_kit(path: Path) -> pd.DataFrame:
    from kit import engine
    from kit.grading import grade_by_pareto, grade_rfm

    customers = engine.customer_features(path, start=AS_OF_START, end=AS_OF_END)
    graded = grade_rfm(grade_by_pareto(customers, "revenue"))
    return graded[["customer_id", "revenue", "orders"]]


def run_kit_csv(path: Path) -> pd.DataFrame:
    import tempfile

    from kit import clean, engine
    from kit.context import RunPaths
    from kit.grading import grade_by_pareto, grade_rfm
    from kit.params import Params

    csv = path.with_suffix(".csv")
    params = Params.model_validate({
        "case": "bench", "title": "Benchmark", "client": "Benchmark", "language": "en",
        "data": {"path": str(csv), "columns": {"customer_id": "customer_id", "order_date": "order_date",
                                               "amount": "amount", "order_id": "order_id"}},
        "period": {"as_of": AS_OF_END, "months": 12},
        "grading": {"value": {"method": "pareto"}},
    })
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        paths = RunPaths(Path(folder))
        clean.clean_case(params, paths)
        customers = engine.customer_features(paths.transactions, start=AS_OF_START, end=AS_OF_END)
    graded = grade_rfm(grade_by_pareto(customers, "revenue"))
    return graded[["customer_id", "revenue", "orders"]]


def run_polars(path: Path) -> pd.DataFrame:
    import datetime as dt

    import polars as pl

    start, end = dt.datetime.fromisoformat(AS_OF_START), dt.datetime.fromisoformat(AS_OF_END)
    g = (pl.read_parquet(path)
         .filter(pl.col("order_date").is_between(start, end))
         .group_by("customer_id")
         .agg(revenue=pl.col("amount").sum().round(2), orders=pl.col("order_id").n_unique(),
              last=pl.col("order_date").max())
         .with_columns(recency=(pl.lit(end) - pl.col("last")).dt.total_days()))
    g = g.with_columns(*[((pl.col(c).rank("ordinal") - 1) * 5 // pl.len() + 1).alias(c + "_q")
                         for c in ("revenue", "orders", "recency")])
    g = g.sort("revenue", descending=True).with_columns(share=pl.col("revenue").cum_sum() / pl.col("revenue").sum())
    g = g.with_columns(abc=pl.when(pl.col("share") <= 0.8).then(pl.lit("A"))
                       .when(pl.col("share") <= 0.95).then(pl.lit("B")).otherwise(pl.lit("C")))
    return g.select("customer_id", "revenue", "orders").to_pandas()


def run_rfm(path: Path) -> pd.DataFrame:
    from rfm import RFM

    tx = pd.read_parquet(path)
    tx = tx[(tx["order_date"] >= AS_OF_START) & (tx["order_date"] <= AS_OF_END)]
    return RFM(tx[["customer_id", "order_date", "amount"]].copy(), "customer_id", "order_date", "amount").rfm_table


def run_duckdb_csv(path: Path) -> pd.DataFrame:
    return run_duckdb(path.with_suffix(".csv"))


def run_pandas(path: Path) -> pd.DataFrame:
    tx = pd.read_parquet(path)
    tx = tx[(tx["order_date"] >= AS_OF_START) & (tx["order_date"] <= AS_OF_END)]
    g = tx.groupby("customer_id").agg(revenue=("amount", "sum"), orders=("order_id", "nunique"),
                                      last=("order_date", "max"))
    g["revenue"] = g["revenue"].round(2)
    g["recency"] = (pd.Timestamp(AS_OF_END) - g["last"]).dt.days
    for column in ("revenue", "orders", "recency"):
        g[column + "_q"] = pd.qcut(g[column].rank(method="first"), 5, labels=False) + 1
    share = g["revenue"].sort_values(ascending=False).cumsum() / g["revenue"].sum()
    g["abc"] = np.where(share.reindex(g.index) <= 0.8, "A", np.where(share.reindex(g.index) <= 0.95, "B", "C"))
    return g.reset_index()[["customer_id", "revenue", "orders"]]


def run_duckdb(path: Path) -> pd.DataFrame:
    import duckdb

    sql = f"""
    WITH c AS (
      SELECT customer_id, ROUND(SUM(amount), 2) AS revenue, COUNT(DISTINCT order_id) AS orders,
             DATE '{AS_OF_END}' - MAX(order_date)::DATE AS recency
      FROM {"read_csv" if path.suffix == ".csv" else "read_parquet"}('{path}') WHERE order_date BETWEEN DATE '{AS_OF_START}' AND DATE '{AS_OF_END}'
      GROUP BY customer_id)
    SELECT customer_id, revenue, orders,
           NTILE(5) OVER (ORDER BY revenue, customer_id) AS m, NTILE(5) OVER (ORDER BY orders, customer_id) AS f,
           NTILE(5) OVER (ORDER BY recency DESC, customer_id) AS r,
           SUM(revenue) OVER (ORDER BY revenue DESC, customer_id) / SUM(revenue) OVER () AS share
    FROM c"""
    return duckdb.sql(sql).df()[["customer_id", "revenue", "orders"]]


def run_lifetimes(path: Path) -> pd.DataFrame:
    from lifetimes.utils import summary_data_from_transaction_data

    tx = pd.read_parquet(path)
    tx = tx[(tx["order_date"] >= AS_OF_START) & (tx["order_date"] <= AS_OF_END)]
    out = summary_data_from_transaction_data(tx, "customer_id", "order_date", monetary_value_col="amount",
                                             observation_period_end=AS_OF_END)
    return out.reset_index()


WORKLOADS = {"kit": run_kit, "kit-csv": run_kit_csv, "pandas": run_pandas, "duckdb": run_duckdb,
             "duckdb-csv": run_duckdb_csv, "polars": run_polars, "lifetimes": run_lifetimes, "rfm": run_rfm}


def _child(tool: str, path: str) -> None:
    """Run one workload in this process and print seconds and peak memory as JSON."""
    start = time.perf_counter()
    WORKLOADS[tool](Path(path))
    seconds = time.perf_counter() - start
    # VmHWM is this process's own peak resident memory (ru_maxrss would carry the parent's over exec)
    status = Path("/proc/self/status").read_text()
    peak_kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    print(json.dumps({"seconds": seconds, "peak_gib": peak_kib / 1024**2}))


#: Tools that do not run on this environment's pandas get their own (rfm 1.0.9 fails on pandas 3).
OWN_ENV = {"rfm": ["rfm==1.0.9", "pandas>=2.2,<3", "pyarrow>=15"]}


def python_for(tool: str) -> str:
    """The interpreter to run ``tool`` with: this one, or a virtualenv of its own made on first use."""
    if tool not in OWN_ENV:
        return sys.executable
    env = DATA / f"venv-{tool}"
    python = env / "bin" / "python"
    if not python.is_file():
        print(f"  making an environment for {tool} in {env} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *OWN_ENV[tool]], check=True)
    return str(python)


def measure(tool: str, path: Path) -> dict | None:
    try:
        python = python_for(tool)
    except subprocess.CalledProcessError:
        print(f"  {tool}: its environment could not be made")
        return None
    result = subprocess.run([python, "-m", "benchmarks", "--child", tool, str(path)],
                            capture_output=True, text=True, cwd=HERE.parent)
    if result.returncode != 0:
        print(f"  {tool}: failed ({result.stderr.strip().splitlines()[-1] if result.stderr.strip() else '?'})")
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_equal(path: Path) -> None:
    """The kit's revenue and orders per customer must equal the pandas baseline exactly."""
    ours = run_kit(path).sort_values("customer_id").reset_index(drop=True)
    base = run_pandas(path).sort_values("customer_id").reset_index(drop=True)
    ours_cents = np.rint(ours["revenue"].to_numpy() * 100).astype(np.int64)
    base_cents = np.rint(base["revenue"].to_numpy() * 100).astype(np.int64)
    if not (ours["customer_id"].astype(str).tolist() == base["customer_id"].astype(str).tolist()
            and (ours_cents == base_cents).all() and (ours["orders"].to_numpy() == base["orders"].to_numpy()).all()):
        raise SystemExit(f"{path.name}: the kit's revenue or orders differ from the pandas baseline; no times reported")


def e2e(rows: int) -> dict:
    """Time `kit run` end to end on a params file pointing at a generated Parquet file."""
    path = generate(rows)
    params = DATA / f"bench_{rows}.yaml"
    params.write_text(
        f"case: bench-{rows}\ntitle: Benchmark\nclient: Benchmark\nlanguage: en\n"
        f"data:\n  path: {path.name}\n  columns: {{customer_id: customer_id, order_date: order_date, "
        f"amount: amount, order_id: order_id}}\n"
        f"period: {{as_of: {AS_OF_END}, months: 12}}\n"
        "grading:\n  value: {method: pareto}\n  rfm: {}\n"
        "cleaning: {max_set_aside_share: 0.05}\n", encoding="utf-8")
    # each run as the first of its case: no earlier run folder to compare with (and no disk filling up)
    shutil.rmtree(DATA / "reports" / f"bench-{rows}", ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kit", "run", str(params), "--no-pdf",
                             "--reports-dir", str(DATA / "reports")], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return {"rows": rows, "seconds": seconds, "ok": result.returncode == 0,
            "error": "" if result.returncode == 0 else result.stderr.strip()[-300:]}


def targets(medians: dict, peaks: dict, runs: dict) -> list[str]:
    """The issue's targets for the largest size measured, beside what was reached."""
    if not medians:
        return []
    rows = max(medians)
    med, peak = medians[rows], peaks[rows]
    checks = []

    def ratio(label: str, top: str, bottom: str, goal: float, *, at_most: bool) -> None:
        if top in med and bottom in med:
            value = med[top] / med[bottom]
            ok = value <= goal if at_most else value >= goal
            checks.append((label, f"{value:.2f}", f"{'≤' if at_most else '≥'} {goal:g}", "met" if ok else "missed"))

    ratio("kit time / hand-written DuckDB query", "kit", "duckdb", 1.5, at_most=True)
    ratio("pandas time / kit time", "pandas", "kit", 2, at_most=False)
    ratio("lifetimes time / kit time", "lifetimes", "kit", 10, at_most=False)
    ratio("rfm time / kit time", "rfm", "kit", 50, at_most=False)
    if "kit" in peak:
        checks.append(("kit peak memory, GiB", f"{peak['kit']:.2f}", "≤ 1", "met" if peak["kit"] <= 1 else "missed"))
    if runs:
        small, large = min(runs), max(runs)
        checks.append((f"`kit run` at {small:,} rows (fixed overhead), s", f"{runs[small]:.1f}", "≤ 15",
                       "met" if runs[small] <= 15 else "missed"))
        hand = medians.get(large, {}).get("duckdb")
        if large > small and hand:
            value = (runs[large] - runs[small]) / hand
            checks.append((f"`kit run` marginal cost {small:,} -> {large:,} rows / hand query", f"{value:.1f}",
                           "≤ 3", "met" if value <= 3 else "missed"))
    if not checks:
        return []
    out = ["", f"Targets of issue 6 at {rows:,} rows:", "", "| target | reached | goal | |", "|---|---:|---:|---|"]
    return out + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in checks]


def versions() -> str:
    names = ("pandas", "numpy", "duckdb", "pyarrow", "polars", "lifetimes")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    found += [f"{tool} in its own environment ({', '.join(spec)})" for tool, spec in OWN_ENV.items()]
    return ", ".join([f"python {platform.python_version()}", *found])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--e2e", type=int, nargs="*", default=[10_000, 10_000_000],
                        help="time `kit run` at these sizes (none: --e2e with no value)")
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=TOOLS)
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0

    lines = ["# Benchmark results", "",
             f"Machine: {os.cpu_count()} cores, {platform.platform()}; {versions()}.", "",
             "Median of {} interleaved runs, each in a fresh process (peak = that process's own VmHWM).".format(args.repeats),
             "", "| rows | tool | median s | peak GiB | x kit time |", "|---:|---|---:|---:|---:|"]
    medians: dict[int, dict[str, float]] = {}
    peaks: dict[int, dict[str, float]] = {}
    for rows in args.sizes:
        path = generate(rows)
        generate_csv(rows)
        print(f"{rows:,} rows: checking the kit against pandas ...", flush=True)
        check_equal(path)
        tools = args.tools
        samples: dict[str, list[dict]] = {tool: [] for tool in tools}
        for _ in range(args.repeats):
            for tool in tools:
                sample = measure(tool, path)
                if sample:
                    samples[tool].append(sample)
        kit_time = statistics.median(s["seconds"] for s in samples["kit"]) if samples["kit"] else float("nan")
        medians[rows], peaks[rows] = {}, {}
        for tool in tools:
            if not samples[tool]:
                lines.append(f"| {rows:,} | {tool} | – | – | – |")
                continue
            med = statistics.median(s["seconds"] for s in samples[tool])
            peak = max(s["peak_gib"] for s in samples[tool])
            medians[rows][tool] = med
            peaks[rows][tool] = peak
            lines.append(f"| {rows:,} | {tool} | {med:.2f} | {peak:.2f} | {med / kit_time:.1f} |")
            print(f"  {tool:10s} {med:8.2f} s  {peak:5.2f} GiB", flush=True)
    runs: dict[int, float] = {}
    if args.e2e:
        title = (f"End-to-end `kit run` (three notebooks, HTML, Excel; no PDF), median of {args.repeats} runs "
                 f"interleaved by size:")
        lines += ["", title, "", "| rows | median s | each run, s | status |", "|---:|---:|---|---|"]
        # a single run swings by seconds (kernels starting, caches): each size is run --repeats times, interleaved
        results: dict[int, list[dict]] = {rows: [] for rows in args.e2e}
        for _ in range(args.repeats):
            for rows in args.e2e:
                results[rows].append(e2e(rows))
                print(f"  kit run at {rows:,} rows: {results[rows][-1]['seconds']:.1f} s", flush=True)
        for rows, done in results.items():
            failed = [r for r in done if not r["ok"]]
            each = ", ".join(f"{r['seconds']:.1f}" + ("" if r["ok"] else " (failed)") for r in done)
            status = "ok" if not failed else "failed: " + failed[0]["error"]
            if len(failed) == len(done):  # no time to report: a failed run stops early
                lines.append(f"| {rows:,} | - | {each} | {status} |")
                continue
            # the median of the runs that finished: a failed run's time is no run's cost
            runs[rows] = statistics.median(r["seconds"] for r in done if r["ok"])
            lines.append(f"| {rows:,} | {runs[rows]:.1f} | {each} | {status} |")
        small, large = (min(runs), max(runs)) if runs else (0, 0)
        hand = medians.get(large, {}).get("duckdb")
        if large > small and hand:
            marginal = runs[large] - runs[small]
            lines += ["", f"Marginal cost {small:,} -> {large:,} rows: {marginal:.1f} s, "
                          f"{marginal / hand:.1f}x the hand-written DuckDB query at {large:,} rows ({hand:.2f} s)."]
    lines += targets(medians, peaks, runs)
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Side-by-side benchmark of the kit against the tools an analyst would otherwise use.

    make bench                                  # 100k, 1M and 10M rows
    make bench ARGS="--sizes 100000 1000000"    # fewer sizes
    python -m benchmarks --e2e 10000            # also time `kit run` end to end

For each size it generates deterministic synthetic transactions (about 20 rows
per customer) as Parquet, then measures, interleaved and repeated (median of
--repeats), each in a fresh process so that peak memory is its own:

- kit: DuckDB engine features + Pareto ABC and RFM quintile grading;
- pandas: idiomatic read_parquet + groupby + rank-based quintiles;
- duckdb: one hand-written SQL query (aggregate + NTILE), the near-limit baseline;
- lifetimes: summary_data_from_transaction_data, where it is installed.

Before any time is reported, the kit's revenue and orders per customer are
checked to equal the pandas baseline exactly. Results go to the terminal and
to benchmarks/RESULTS.md with the core count and package versions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
TOOLS = ("kit", "pandas", "duckdb", "lifetimes")
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


# ----------------------------------------------------------------- the workloads


def run_kit(path: Path) -> pd.DataFrame:
    from kit import engine
    from kit.grading import grade_by_pareto, grade_rfm

    customers = engine.customer_features(path, start=AS_OF_START, end=AS_OF_END)
    graded = grade_rfm(grade_by_pareto(customers, "revenue"))
    return graded[["customer_id", "revenue", "orders"]]


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
      FROM read_parquet('{path}') WHERE order_date BETWEEN DATE '{AS_OF_START}' AND DATE '{AS_OF_END}'
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


WORKLOADS = {"kit": run_kit, "pandas": run_pandas, "duckdb": run_duckdb, "lifetimes": run_lifetimes}


def _child(tool: str, path: str) -> None:
    """Run one workload in this process and print seconds and peak memory as JSON."""
    start = time.perf_counter()
    WORKLOADS[tool](Path(path))
    seconds = time.perf_counter() - start
    # VmHWM is this process's own peak resident memory (ru_maxrss would carry the parent's over exec)
    status = Path("/proc/self/status").read_text()
    peak_kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    print(json.dumps({"seconds": seconds, "peak_gib": peak_kib / 1024**2}))


def measure(tool: str, path: Path) -> dict | None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--child", tool, str(path)],
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
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kit", "run", str(params), "--no-pdf",
                             "--reports-dir", str(DATA / "reports")], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return {"rows": rows, "seconds": seconds, "ok": result.returncode == 0,
            "error": "" if result.returncode == 0 else result.stderr.strip()[-300:]}


def versions() -> str:
    names = ("pandas", "numpy", "duckdb", "pyarrow", "lifetimes")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join([f"python {platform.python_version()}", *found])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--e2e", type=int, nargs="*", default=[], help="also time `kit run` at these sizes")
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0

    lines = ["# Benchmark results", "",
             f"Machine: {os.cpu_count()} cores, {platform.platform()}; {versions()}.", "",
             "Median of {} interleaved runs, each in a fresh process (peak = that process's own VmHWM).".format(args.repeats),
             "", "| rows | tool | median s | peak GiB | x kit time |", "|---:|---|---:|---:|---:|"]
    for rows in args.sizes:
        path = generate(rows)
        print(f"{rows:,} rows: checking the kit against pandas ...", flush=True)
        check_equal(path)
        samples: dict[str, list[dict]] = {tool: [] for tool in TOOLS}
        for _ in range(args.repeats):
            for tool in TOOLS:
                sample = measure(tool, path)
                if sample:
                    samples[tool].append(sample)
        kit_time = statistics.median(s["seconds"] for s in samples["kit"]) if samples["kit"] else float("nan")
        for tool in TOOLS:
            if not samples[tool]:
                lines.append(f"| {rows:,} | {tool} | – | – | – |")
                continue
            med = statistics.median(s["seconds"] for s in samples[tool])
            peak = max(s["peak_gib"] for s in samples[tool])
            lines.append(f"| {rows:,} | {tool} | {med:.2f} | {peak:.2f} | {med / kit_time:.1f} |")
            print(f"  {tool:10s} {med:8.2f} s  {peak:5.2f} GiB", flush=True)
    if args.e2e:
        lines += ["", "End-to-end `kit run` (three notebooks, HTML, Excel; no PDF):", "",
                  "| rows | seconds | status |", "|---:|---:|---|"]
        for rows in args.e2e:
            result = e2e(rows)
            lines.append(f"| {rows:,} | {result['seconds']:.1f} | {'ok' if result['ok'] else 'failed: ' + result['error']} |")
            print(f"  kit run at {rows:,} rows: {result['seconds']:.1f} s ({'ok' if result['ok'] else 'failed'})")
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

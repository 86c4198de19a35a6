"""Run folders: where each file of a run lives, in one place.

Notebooks and the runner both go through :class:`RunPaths`; nobody joins
path strings by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import use_language
from .params import Params, load_params
from .text import use_counter


@dataclass(frozen=True)
class RunPaths:
    """Files of one run folder ``reports/<case>/<run-id>/``."""

    root: Path

    @property
    def params(self) -> Path:
        return self.root / "params.json"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def transactions(self) -> Path:
        return self.root / "transactions.parquet"

    @property
    def same_customers(self) -> Path:
        """The pairs of ``cleaning.same_customers``' mapping file as the run read them (``written``, ``graded_as``),
        so that a later run compares its own pairs with this run's, whatever the file holds by then."""
        return self.root / "same_customers.parquet"

    @property
    def staging(self) -> Path:
        """Scratch folder for CSVs staged as Parquet while cleaning (removed afterwards)."""
        return self.root / "_staging"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine.csv"

    @property
    def ledger(self) -> Path:
        return self.root / "ledger.csv"

    @property
    def fixes(self) -> Path:
        return self.root / "fixes.csv"

    @property
    def master(self) -> Path:
        return self.root / "master.parquet"

    @property
    def master_check(self) -> Path:
        return self.root / "master_check.csv"

    @property
    def grades(self) -> Path:
        return self.root / "grades.parquet"

    @property
    def grades_csv(self) -> Path:
        return self.root / "grades.csv"

    @property
    def grades_xlsx(self) -> Path:
        return self.root / "grades.xlsx"

    @property
    def rules_csv(self) -> Path:
        return self.root / "rules.csv"

    @property
    def migration_csv(self) -> Path:
        return self.root / "migration.csv"

    @property
    def sensitivity_csv(self) -> Path:
        return self.root / "sensitivity.csv"

    @property
    def id_check(self) -> Path:
        return self.root / "id_check.csv"

    @property
    def overlap(self) -> Path:
        return self.root / "overlap.csv"

    @property
    def memory(self) -> Path:
        return self.root / "memory.csv"

    @property
    def excluded_currencies(self) -> Path:
        return self.root / "excluded_currencies.csv"

    @property
    def changes_csv(self) -> Path:
        return self.root / "changes.csv"

    @property
    def restated_csv(self) -> Path:
        return self.root / "restated.csv"

    @property
    def tiers_csv(self) -> Path:
        return self.root / "tiers.csv"

    @property
    def report_html(self) -> Path:
        return self.root / "report.html"

    @property
    def report_pdf(self) -> Path:
        return self.root / "report.pdf"

    @property
    def index_html(self) -> Path:
        return self.root / "index.html"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    def notebook(self, name: str) -> Path:
        return self.notebooks / name

    def notebook_html(self, name: str) -> Path:
        return self.notebooks / (Path(name).stem + ".html")


@dataclass(frozen=True)
class Run:
    """What a notebook works with: the validated params and the run's files."""

    params: Params
    paths: RunPaths


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding ``params/`` and ``notebooks/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "params").is_dir() and (folder / "notebooks").is_dir():
            return folder
    return here


def plain_errors() -> None:
    """In a notebook, the kit's own errors (a file that cannot be read, a params value) shown as their sentence,
    without a Python traceback: a failed run's notebooks are read by the consultant (QA). A bug still shows its
    traceback. Outside IPython, nothing."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the notebooks' kernel has IPython
        return
    shell = get_ipython()
    if shell is None:
        return
    from .errors import KitError

    def said(shell, etype, value, tb, tb_offset=None):
        text = f"{etype.__name__}: {value}"
        shell._showtraceback(etype, value, [text])  # the error output papermill and the runner read, one line
        return [text]

    shell.set_custom_exc((KitError,), said)


def open_run(params_file: str | Path, run_dir: str | Path = "", overrides=()) -> Run:
    """Load params and the run folder for a notebook.

    ``kit run`` passes the run folder it made. Opened by hand in Jupyter with
    ``run_dir`` empty, the notebooks share a scratch folder
    ``reports/<case>/interactive`` so that 01, 02 and 03 can run one after another.
    """
    plain_errors()
    params = load_params(params_file, overrides)
    use_language(params.language)  # the notebook's errors in the case's language
    use_counter(params.customer_counter)  # 752 家客户, or 位 for consumers
    if run_dir:
        root = Path(run_dir)
    else:
        root = project_root() / "reports" / params.case / "interactive"
    root.mkdir(parents=True, exist_ok=True)
    return Run(params=params, paths=RunPaths(root.resolve()))

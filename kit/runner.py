"""Runner: params in, a reproducible run folder out.

:func:`run_cases` validates every params file first (nothing starts when one
is wrong), then for each case makes a new folder ``reports/<case>/<run-id>/``,
executes the notebooks with papermill on the kernel of *this* Python
environment, renders each executed notebook to HTML, renders ``report.html``
without code, and writes ``manifest.json``.

Kernels talk over Unix sockets in a private temporary folder per notebook
(``ipc`` transport), so runs in parallel never race for TCP ports or share
temporary files. Each notebook's kernel is started, with the kit imported, while
the notebook before it runs (:class:`Kernels`), so a run waits for one kernel
start, not three.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import html
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import kit

from . import progress
from .context import RunPaths, project_root
from .errors import KitError, ParamsError, RunError
from .params import Params, dump_params, load_params
from .text import t, use_counter, zh_words

# jsonschema, imported by nbformat, loads rfc3987_syntax when it is installed (Jupyter's extras bring it) for an
# "iri" format checker that notebook validation never uses; building that module's grammar costs about 2 s of
# every `kit run`. Marking it absent makes jsonschema skip the checker, as it does when the package is missing.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

NOTEBOOKS = ("01_clean.ipynb", "02_grade.ipynb", "03_report.ipynb")
BACKGROUND_EXCEL_ENV = "KIT_BACKGROUND_EXCEL"  # kit.report.BACKGROUND_ENV (report is not imported here)
REPORT_NOTEBOOK = "03_report.ipynb"
KERNEL_NAME = "tiering-kit"
KEY_PACKAGES = (
    "pandas", "numpy", "papermill", "nbconvert", "nbclient", "ipykernel", "jupyter-client",
    "matplotlib", "seaborn", "pyarrow", "openpyxl", "python-calamine", "pydantic", "pyyaml", "mplfonts",
)

Log = Callable[[str], None]


@dataclass
class Case:
    """One params file to run, validated."""

    params_file: Path
    overrides: list[str]
    params: Params
    #: the run to compare with (``kit run --compare-with``); None: the case's previous successful run
    baseline: Path | None = None


@dataclass
class Outcome:
    """What became of one case."""

    case: str
    run_dir: Path | None
    report: Path | None = None
    error: str | None = None
    notebooks: list[dict] = field(default_factory=list)
    language: str = "en"  #: the case's, for what is said about it

    @property
    def ok(self) -> bool:
        return self.error is None


# ---------------------------------------------------------------------- folders


def default_notebooks_dir() -> Path:
    """The notebooks beside the kit package (editable install) or in the project."""
    beside = Path(kit.__file__).resolve().parent.parent / "notebooks"
    if all((beside / nb).is_file() for nb in NOTEBOOKS):
        return beside
    return project_root() / "notebooks"


def new_run_dir(case_dir: Path, *, now: dt.datetime | None = None) -> Path:
    """Create and return a new, never-used run folder under ``case_dir``.

    The name is the UTC start time to the microsecond (``20261123-112233-481516``),
    so folders sort by time; when two runs still collide, ``-1``, ``-2`` ... is
    appended. ``mkdir`` without ``exist_ok`` makes the claim atomic across processes.
    """
    try:
        case_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, a folder that cannot be written: said, no traceback
        raise RunError(f"cannot make the run folder's parent {str(case_dir)!r}: "
                       f"{exc.strerror or exc.__class__.__name__}; choose another --reports-dir, or move what is "
                       f"in the way") from None
    now = now or dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y%m%d-%H%M%S-%f")
    for attempt in range(1000):
        candidate = case_dir / (stamp if attempt == 0 else f"{stamp}-{attempt}")
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            continue
    raise RunError(f"could not create a new run folder in {case_dir}")  # pragma: no cover


# --------------------------------------------------------------------- manifest


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "kit": kit.__version__}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state(folder: Path) -> dict | None:
    """Commit and dirtiness of the git checkout holding ``folder``, if any."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        commit = subprocess.run(
            [git, "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            [git, "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def write_json(path: Path, data: dict) -> None:
    """Write JSON atomically (a reader never sees half a file)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


# -------------------------------------------------------------------- execution


#: Imported when a kernel starts, before its notebook is given to it: the kit and what it draws with.
WARM_MODULES = ("pandas", "matplotlib.pyplot", "seaborn", "IPython.display", "kit.clean", "kit.engine",
                "kit.grading", "kit.migration", "kit.plots", "kit.report", "kit.progress", "kit.context")


#: Run as the kernel starts (before it serves its notebook): the imports, binding no name in the notebook.
#: At normal priority: an idle-priority warm-up is no gentler under Linux's per-session scheduling groups
#: (jupyter starts each kernel in a session of its own), and without them it could starve under load until
#: papermill's start timeout.
_WARM_UP = """\
import importlib as _kit_importlib
for _kit_module in {modules!r}:
    try:
        _kit_importlib.import_module(_kit_module)
    except Exception:
        pass  # the notebook's own import will say what is wrong
del _kit_importlib, _kit_module
"""


def _kernel_manager_class(private_dir: Path, kernel_log: Path | None = None, progress_file: Path | None = None,
                          *, warm: Sequence[str] = ()):
    """A kernel manager bound to this interpreter and to a private socket folder.

    ``warm`` modules are imported as the kernel starts (nothing is bound in the
    notebook's namespace), so a kernel started ahead of its notebook is ready to
    run it at once.
    """
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if warm:
        argv.append(f"--IPKernelApp.exec_lines={_WARM_UP.format(modules=tuple(warm))!s}")
    spec = KernelSpec(
        argv=argv,
        display_name=f"Python ({KERNEL_NAME})",
        language="python",
        resource_dir=str(private_dir),
        env={"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
             BACKGROUND_EXCEL_ENV: "1",  # this run waits for a workbook written in the background
             **({progress.ENV: str(progress_file)} if progress_file else {})},
    )

    class KitKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._kernel_spec = spec
            self.transport = "ipc"
            self.ip = str(private_dir / "k")
            self.connection_file = str(private_dir / "connection.json")
            self.clients: list = []

        async def start_kernel(self, **kw):
            if kernel_log is None:
                return await super().start_kernel(**kw)
            with open(kernel_log, "ab") as log:  # the kernel process keeps its own copy of the handle
                kw.setdefault("stderr", log)
                kw.setdefault("stdout", log)
                return await super().start_kernel(**kw)

        def client(self, **kwargs):
            client = super().client(**kwargs)
            self.clients.append(client)  # papermill leaves the channels of a kernel it was lent open
            return client

    return KitKernelManager


class Kernels:
    """Kernels started ahead of the notebooks that will run on them.

    Starting a kernel and importing the kit takes seconds; while one notebook
    runs, the next one's kernel starts, so a run does not wait for it. Kernels
    are started and shut down on an event loop of their own, in a background
    thread; papermill is lent each one for its notebook.
    """

    def __init__(self, cwd: Path, *, warm: Sequence[str] = WARM_MODULES):
        import asyncio

        self.cwd, self.warm = cwd, warm
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kit-kernels", daemon=True)
        self.thread.start()
        self.started: dict[str, tuple] = {}
        self.stopping: list = []

    def start(self, name: str, *, kernel_log: Path | None = None, progress_file: Path | None = None) -> None:
        """Start the kernel for notebook ``name`` in the background."""
        import asyncio

        private_dir = Path(tempfile.mkdtemp(prefix="kit-"))
        km = _kernel_manager_class(private_dir, kernel_log, progress_file, warm=self.warm)()
        future = asyncio.run_coroutine_threadsafe(km.start_kernel(cwd=str(self.cwd)), self.loop)
        self.started[name] = (km, future, private_dir)

    def take(self, name: str, timeout: float = 120):
        """The kernel manager for ``name``, once its kernel process runs."""
        km, future, _ = self.started[name]
        future.result(timeout=timeout)
        return km

    def stop(self, name: str) -> None:
        """Shut down the kernel of ``name`` (in the background) and close what papermill left open."""
        import asyncio

        if name not in self.started:
            return
        km, future, private_dir = self.started.pop(name)

        async def shutdown():
            try:
                while not future.done():  # a kernel still starting is let start, then shut down
                    await asyncio.sleep(0.05)
                if future.exception() is not None:  # it never started: nothing to shut down
                    return
                if await km.is_alive():
                    await km.shutdown_kernel(now=False)
                await km.cleanup_resources()
            finally:
                shutil.rmtree(private_dir, ignore_errors=True)

        for client in km.clients:
            client.stop_channels()
        self.stopping.append(asyncio.run_coroutine_threadsafe(shutdown(), self.loop))

    def close(self) -> None:
        """Shut down every kernel and wait for them to exit."""
        for name in list(self.started):
            self.stop(name)
        for future in self.stopping:
            try:
                future.result(timeout=60)
            except Exception:  # pragma: no cover - a kernel that would not die was killed by its manager
                pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        if not self.thread.is_alive():
            self.loop.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


#: How often, at most, the executed notebook is written while it runs (seconds). papermill writes it as each cell
#: starts and ends: 80 writes for a notebook of 40 cells, each of a notebook that grows with its charts (about
#: 2 s of a three-notebook run). The kit writes it when a cell fails, when the notebook ends however it ends
#: (a kernel that died included) and otherwise at most this often, so a long run's notebook still shows how far
#: it got.
SAVE_EVERY = 10.0
_ENGINE = "kit-sparse-saves"


@lru_cache(maxsize=1)
def _engine() -> str:
    """papermill's nbclient engine, writing the executed notebook as :data:`SAVE_EVERY` says (registered once)."""
    from papermill.engines import (
        NBClientEngine,
        NotebookExecutionManager,
        papermill_engines,
    )

    class SparseSaves(NotebookExecutionManager):
        def save(self, **kwargs):
            if kwargs.get("nb"):
                self.nb = kwargs["nb"]
            running = self.end_time is None and not self.nb.metadata.get("papermill", {}).get("exception")
            if running and (self.now() - self.last_save_time).total_seconds() < SAVE_EVERY:
                return
            super().save(**kwargs)

    class SparseSavesEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs):
            # papermill's Engine.execute_notebook, with the manager above
            manager = SparseSaves(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                  autosave_cell_every=autosave_cell_every)
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            finally:
                manager.cleanup_pbar()
                manager.notebook_complete()
            return manager.nb

    papermill_engines.register(_ENGINE, SparseSavesEngine)
    return _ENGINE


def execute_notebook(source: Path, target: Path, parameters: dict, *, cwd: Path,
                     kernel_log: Path | None = None, progress_file: Path | None = None, km=None) -> None:
    """Execute ``source`` into ``target`` with papermill on this environment's Python.

    ``km`` is a kernel manager whose kernel already runs (from :class:`Kernels`);
    without one, papermill starts a kernel for this notebook. The kernel's own
    stderr (start-up and shut-down chatter) goes to ``kernel_log`` rather than
    the terminal. Progress lines the notebook writes (:mod:`kit.progress`) go to
    ``progress_file``.
    """
    import papermill

    if km is not None:
        papermill.execute_notebook(
            str(source), str(target), parameters=parameters, kernel_name=KERNEL_NAME, language="python",
            km=km, progress_bar=False, log_output=False, cwd=str(cwd), start_timeout=120, engine_name=_engine(),
        )
        return
    private_dir = Path(tempfile.mkdtemp(prefix="kit-"))
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            language="python",
            kernel_manager_class=_kernel_manager_class(private_dir, kernel_log, progress_file),
            progress_bar=False,
            log_output=False,
            cwd=str(cwd),
            start_timeout=120,
            engine_name=_engine(),
        )
    finally:
        shutil.rmtree(private_dir, ignore_errors=True)


class _echo:
    """``with _echo(file, log)``: pass lines appended to ``file`` to ``log`` while the block runs."""

    def __init__(self, file: Path, log: Log, every: float = 0.5):
        self.file, self.log, self.every = file, log, every
        self.stop = threading.Event()
        self.offset = file.stat().st_size if file.is_file() else 0

    def _pump(self) -> None:
        if not self.file.is_file():
            return
        with self.file.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        for line in complete.decode("utf-8", errors="replace").splitlines():
            self.log(line)

    def _loop(self) -> None:
        while not self.stop.wait(self.every):
            self._pump()

    def __enter__(self):
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._pump()


def render_html(notebook: Path, target: Path, *, report: bool = False, title: str | None = None,
                lang: str = "en", also: str = "") -> None:
    """Render an executed notebook to one HTML file (images embedded).

    With ``report=True`` code cells, prompts, stderr and the injected-parameters
    cell are left out: the page reads as a document. Otherwise the notebook's
    narrative is shown in ``lang``: a markdown cell tagged with the other
    language (``en``, ``zh``: each English cell is followed by its Chinese
    version) is left out. The report embeds the glyphs of ``also`` with its own (see
    :func:`kit.fonts.embed_cjk_font`).
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(Path(__file__).parent / "templates")],
        embed_images=True,
        language_code=lang,
    )
    if report:
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        nb.cells = [cell for cell in nb.cells if cell.cell_type != "markdown"]  # notes for the analyst, not the client
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [
                    o for o in cell.get("outputs", [])
                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                ]
    else:
        nb.cells = [cell for cell in nb.cells if not _other_language(cell, lang)]
    if title:
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    from .fonts import EMBEDDED_FONT, embed_cjk_font

    if report:  # the client's page reads right without CJK fonts on the machine (and so does report.pdf)
        from .report import add_contents, describe_charts, link_files

        body = embed_cjk_font(add_contents(describe_charts(link_files(body), lang), lang), also=also)
    else:  # the notebooks too: the bundled font after the page's own, for the Chinese they show
        fallback = (f'<style>:root {{ --jp-content-font-family: "{EMBEDDED_FONT}", system-ui, -apple-system, '
                    f'"Segoe UI", Helvetica, Arial, sans-serif; --jp-ui-font-family: var(--jp-content-font-family); '
                    f'--jp-code-font-family: Menlo, Consolas, "DejaVu Sans Mono", "{EMBEDDED_FONT}", monospace; }}'
                    f"</style>")
        head = body.lower().find("</head>")
        body = embed_cjk_font(body[:head] + fallback + body[head:] if head >= 0 else fallback + body)
    target.write_text(body, encoding="utf-8")


#: The languages a notebook's markdown cells are tagged with.
NARRATIVE_LANGUAGES = ("en", "zh")


def _other_language(cell, lang: str) -> bool:
    """Whether ``cell`` is narrative tagged with a language other than ``lang`` (untagged cells show in both)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return cell.cell_type == "markdown" and any(tag in NARRATIVE_LANGUAGES and tag != lang for tag in tags)


def find_chromium() -> str | None:
    """A Chromium or Chrome executable on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(html_file: Path, pdf_file: Path, *, chromium: str, timeout: int = 180) -> bool:
    """Print ``html_file`` to ``pdf_file`` with headless Chromium; True when it worked.

    The command is a fixed argument list (no shell); the only variable parts
    are paths the runner made.
    """
    profile = Path(tempfile.mkdtemp(prefix="kit-chromium-"))
    args = [
        chromium, "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", f"--user-data-dir={profile}",
        "--no-pdf-header-footer", f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    try:
        subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return pdf_file.is_file() and pdf_file.stat().st_size > 1000


def describe_failure(name: str, exc: Exception, *, executed: Path | None = None, lang: str = "en") -> str:
    """A few plain lines: which notebook, which cell, what error.

    Cells are numbered as in the notebook the user edits (papermill's injected
    parameters cell not counted), with the ``In [n]`` prompt of the run.
    """
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = str(getattr(exc, "evalue", exc)).strip()
    cell = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    source = str(getattr(exc, "source", "") or "")
    if cell is None and executed is not None and executed.is_file():
        cell, count, source = _running_cell(executed)  # a kernel that died leaves its cell "running"
    prompt = f" (In [{count}])" if count else ""
    kit_errors = {"KitError", "ParamsError", "DataError", "GradingError", "RunError", "EncodingError", "EmptySheet"}
    if ename in kit_errors:  # the kernel told the error in the case's language (kit.context.open_run)
        where = (t("e_cell", lang, cell=cell) if isinstance(cell, int) else t("e_a_cell", lang)) + (
            t("e_prompt", lang, n=count) if count else "")
        return t("e_run_stopped", lang, notebook=name, where=where, error=evalue)
    where = (f"cell {cell}" if isinstance(cell, int) else "a cell") + prompt
    code = [line for line in source.strip().splitlines() if line.strip()][-3:]
    lines = [f"{name} failed in {where}: {ename}: {evalue}"]
    lines += [f"    {line}" for line in code]
    return "\n".join(lines)


def _running_cell(executed: Path) -> tuple[int | None, int | None, str]:
    """Source cell number, prompt and code of the cell a dead kernel was running."""
    import nbformat

    try:
        nb = nbformat.read(str(executed), as_version=4)
    except Exception:  # pragma: no cover - an unreadable partial notebook
        return None, None, ""
    started = [i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    if not started:
        return None, None, ""
    index = started[-1]  # the last cell that started is the one the kernel died in
    cell = nb.cells[index]
    injected = any("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells[:index])
    return index + (0 if injected else 1), cell.get("execution_count"), cell.get("source", "")


def run_case(
    case: Case,
    *,
    reports_dir: Path,
    notebooks_dir: Path,
    log: Log = print,
    argv: Sequence[str] = (),
    pdf: bool = True,
) -> Outcome:
    """Execute one case into a new run folder and return where its report is.

    With ``pdf`` and a Chromium on PATH, ``report.pdf`` is printed beside ``report.html``.
    """
    params = case.params
    name = params.case
    run_dir = new_run_dir(reports_dir / name)
    paths = RunPaths(run_dir)
    paths.notebooks.mkdir()
    log(f"[{name}] {t('p_run_folder', params.language, path=run_dir)}")
    # the terminal's notes count this case's customers (752 位, not 家: review), the next case its own
    use_counter(params.customer_counter)
    try:
        with Kernels(run_dir) as kernels:  # every kernel is shut down however the run ends
            _start_kernel(kernels, paths, NOTEBOOKS[0])  # the first kernel starts while the manifest is written
            return _run_in(case, paths, kernels, notebooks_dir=notebooks_dir, log=log, argv=argv, pdf=pdf)
    finally:
        use_counter("家")


def input_files(params) -> list[tuple[str, Path]]:
    """(role, path) of each file a run reads besides its params file, for the manifest's ``inputs`` (with each one's
    sha256, so that the next run says which changed): the order files, those of ``data.join``, the customer master and
    the file of ``cleaning.same_customers`` (a mapping changed since is a changed input)."""
    files = [("data", path) for path in params.data.paths] + [("join", join.path) for join in params.data.join]
    if params.data.master is not None:
        files.append(("master", params.data.master.path))
    if not isinstance(params.cleaning.same_customers, dict):
        files.append(("same_customers", params.cleaning.same_customers.file))
    return files


def keep_same_customers(params, paths: RunPaths) -> None:
    """``same_customers.parquet`` in the run folder: the pairs (``written``, ``graded_as``) the mapping file of
    ``cleaning.same_customers`` holds as this run reads it, so that the next run's comparison finds which customers
    the mapping changed for, not only that the file changed (:func:`kit.changes.same_customers_maps`). Nothing for a
    mapping written in the params (the manifest's params hold it)."""
    same = params.cleaning.same_customers
    if isinstance(same, dict):
        return
    import pandas as pd

    from .io import load_same_customers

    try:
        # read (and checked) before the run started: the cached pairs
        pairs = load_same_customers(same, keep=params.data.quoted_line_breaks == "keep")
    except KitError:  # a file changed since it was checked: the cleaning notebook stops on it with its sentence
        return
    pd.DataFrame({"written": list(pairs), "graded_as": list(pairs.values())}, dtype="string").to_parquet(
        paths.same_customers, index=False)


def _run_in(case: Case, paths: RunPaths, kernels: Kernels, *, notebooks_dir: Path, log: Log, argv: Sequence[str],
            pdf: bool) -> Outcome:
    params, run_dir = case.params, paths.root
    name = params.case
    resolved = dump_params(params)
    write_json(paths.params, resolved)
    inputs = [{"role": "params", "path": str(case.params_file.resolve()),
               "sha256": sha256_file(case.params_file)}]
    for role, path in input_files(params):
        inputs.append({"role": role, "path": str(path), "sha256": sha256_file(path), "bytes": path.stat().st_size})
    keep_same_customers(params, paths)
    started = time.perf_counter()
    manifest = {
        "kit_version": kit.__version__,
        "case": name,
        "run_id": run_dir.name,
        "status": "running",
        "command": list(argv),
        "params_file": str(case.params_file.resolve()),
        "overrides": list(case.overrides),
        "params": resolved,
        "inputs": inputs,
        "environment": {"platform": platform.platform(), "executable": sys.executable,
                        "versions": package_versions()},
        "git": git_state(Path(kit.__file__).resolve().parent),
        "started_at": _now(),
        "finished_at": None,
        "duration_s": None,
        "notebooks": [],
        "outputs": {},
    }
    write_json(paths.manifest, manifest)
    outcome = Outcome(case=name, run_dir=run_dir, notebooks=manifest["notebooks"], language=params.language)

    try:
        outcome = _execute_case(case, paths, manifest, outcome, notebooks_dir=notebooks_dir, log=log, pdf=pdf,
                                started=started, kernels=kernels)
        if not outcome.ok:  # a notebook failed after the workbook was started: let it finish in its folder
            _wait_for_excel(paths, log=lambda line: None, quiet=True)
        return outcome
    except BaseException as exc:  # a bug or Ctrl-C: the manifest must not stay "running"
        from .report import stop_excel

        stop_excel(paths.grades_xlsx)
        manifest.update(status="failed", error=f"{type(exc).__name__}: {exc}", finished_at=_now(),
                        duration_s=round(time.perf_counter() - started, 3))
        write_json(paths.manifest, manifest)
        raise


def _start_kernel(kernels: Kernels, paths: RunPaths, nb_name: str) -> None:
    kernels.start(nb_name, kernel_log=paths.notebooks / f"{Path(nb_name).stem}.kernel.log",
                  progress_file=paths.notebooks / "progress.log")


def _execute_case(case: Case, paths: RunPaths, manifest: dict, outcome: Outcome, *, notebooks_dir: Path,
                  log: Log, pdf: bool, started: float, kernels: Kernels) -> Outcome:
    # each executed notebook is rendered to HTML while the next one runs (the main thread only waits on it)
    renders = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kit-render")
    try:
        result = _execute_notebooks(case, paths, manifest, outcome, notebooks_dir=notebooks_dir, log=log, pdf=pdf,
                                    started=started, kernels=kernels, renders=renders)
    except BaseException:  # Ctrl-C or a bug: do not wait for a page nobody will read
        renders.shutdown(wait=False, cancel_futures=True)
        raise
    renders.shutdown(wait=True)
    return result


def _execute_notebooks(case: Case, paths: RunPaths, manifest: dict, outcome: Outcome, *, notebooks_dir: Path,
                       log: Log, pdf: bool, started: float, kernels: Kernels,
                       renders: concurrent.futures.Executor) -> Outcome:
    params, name, run_dir = case.params, case.params.case, paths.root
    lang = params.language
    rendered: list[tuple[dict, concurrent.futures.Future]] = []

    def collect_renders() -> Exception | None:
        """Wait for the pages being rendered; a record whose page failed loses its ``html`` (first error back)."""
        failed = None
        for record, done in rendered:
            try:
                done.result()
            except Exception as exc:  # noqa: BLE001 - reported by the caller or recorded
                record.pop("html", None)
                failed = failed or exc
        rendered.clear()
        return failed

    parameters = {"params_file": str(paths.params), "run_dir": str(run_dir)}
    for index, nb_name in enumerate(NOTEBOOKS, 1):
        target = paths.notebook(nb_name)
        record = {"name": nb_name, "status": "running", "started_at": _now()}
        manifest["notebooks"].append(record)
        write_json(paths.manifest, manifest)
        log(f"[{name}] {t('p_step', lang, i=index, n=len(NOTEBOOKS), notebook=Path(nb_name).stem)}")
        t0 = time.perf_counter()
        progress_file = paths.notebooks / "progress.log"
        try:
            km = kernels.take(nb_name)
            if index < len(NOTEBOOKS):  # the next notebook's kernel starts while this one runs
                _start_kernel(kernels, paths, NOTEBOOKS[index])
            with _echo(progress_file, lambda line: log(f"[{name}]   {line}")):
                try:
                    execute_notebook(notebooks_dir / nb_name, target, parameters, cwd=run_dir, km=km)
                finally:
                    kernels.stop(nb_name)
        except Exception as exc:  # papermill's execution error, or a kernel that died
            record.update(status="failed", finished_at=_now(),
                          duration_s=round(time.perf_counter() - t0, 3))
            message = describe_failure(nb_name, exc, executed=target, lang=lang)
            if target.is_file():
                try:
                    render_html(target, paths.notebook_html(nb_name), lang=lang)
                    record["html"] = str(paths.notebook_html(nb_name).relative_to(run_dir))
                except Exception:  # pragma: no cover - a broken partial notebook
                    pass
            collect_renders()  # the earlier notebooks' pages, for the failed run's folder
            manifest.update(status="failed", error=message, finished_at=_now(),
                            duration_s=round(time.perf_counter() - started, 3))
            write_json(paths.manifest, manifest)
            log(f"[{name}] {t('p_step_failed', lang, notebook=Path(nb_name).stem)}")
            outcome.error = message
            return outcome
        record.update(status="succeeded", finished_at=_now(),
                      duration_s=round(time.perf_counter() - t0, 3))
        rendered.append((record, renders.submit(render_html, target, paths.notebook_html(nb_name), lang=lang)))
        record["html"] = str(paths.notebook_html(nb_name).relative_to(run_dir))
        write_json(paths.manifest, manifest)
        log(f"[{name}] " + t("p_step_done", lang, i=index, n=len(NOTEBOOKS), notebook=Path(nb_name).stem,
                              seconds=f"{record['duration_s']:.1f}"))

    # with the glyphs of the index page's own words, so that write_index embeds the same subset
    render_html(paths.notebook(REPORT_NOTEBOOK), paths.report_html, report=True, title=params.title,
                lang=params.language, also=_index_words(params.language == "zh", params.customer_counter))
    failed = collect_renders()
    if failed is not None:  # a notebook that could not be rendered fails the run here
        raise failed
    chromium = find_chromium() if pdf else None
    if chromium:
        log(f"[{name}] {t('p_pdf', lang)}")
        if not render_pdf(paths.report_html, paths.report_pdf, chromium=chromium):
            log(f"[{name}] {t('p_pdf_failed', lang, chromium=chromium)}")
    try:
        _wait_for_excel(paths, log=lambda line: log(f"[{name}] {line}"), lang=lang)
    except KitError as exc:
        manifest.update(status="failed", error=exc.told(lang), finished_at=_now(),
                        duration_s=round(time.perf_counter() - started, 3))
        write_json(paths.manifest, manifest)
        outcome.error = exc.told(lang)
        return outcome
    manifest["outputs"] = {
        p.name: sha256_file(p)
        for p in (paths.grades_csv, paths.tiers_csv, paths.quarantine, paths.ledger, paths.rules_csv,
                  paths.migration_csv, paths.sensitivity_csv, paths.grades_xlsx, paths.same_customers)
        if p.is_file()
    }
    manifest.update(status="succeeded", finished_at=_now(),
                    duration_s=round(time.perf_counter() - started, 3))
    write_json(paths.manifest, manifest)
    _compare_with_previous_run(paths, manifest, log=lambda line: log(f"[{name}] {line}"), lang=params.language,
                               baseline=case.baseline, counter=params.customer_counter)
    write_index(paths, params)
    from .clean import (
        after_window_note,
        aside_note,
        cent_note,
        credit_sign_note,
        data_ends_note,
        data_starts_note,
        dated_totals_note,
        document_total_note,
        duplicate_note,
        excluded_currencies_note,
        gap_note,
        hidden_rows_note,
        id_variant_note,
        master_note,
        memory_note,
        overlap_note,
        possible_duplicate_note,
        red_quantity_note,
        skipped_sheet_note,
        subtotal_note,
        thin_end_note,
        total_line_note,
        unpaid_note,
        window_counts,
    )
    from .report import (
        client_hint,
        excel_cap_note,
        language_hint,
        plan_hint,
        reach_hint,
        shared_label_hint,
        unit_hint,
        walk_in_note,
    )

    later = ends = starts = gaps = None
    if paths.transactions.is_file():  # one scan of the kept rows for these notes
        start, end = params.period.window()
        window = window_counts(paths.transactions, start=start, end=end)
        later = after_window_note(None, params.period, currency=params.currency, lang=lang, window=window)
        ends = data_ends_note(None, params.period, lang=lang, window=window) or thin_end_note(
            paths.transactions, params.period, lang=lang)
        starts = data_starts_note(params.period, window, lang=lang)
        gaps = gap_note(window, lang=lang)
    for hint in (aside_note(paths, currency=params.currency, lang=lang, blank_ids=params.cleaning.blank_ids),
                 excluded_currencies_note(paths, lang), credit_sign_note(paths, currency=params.currency, lang=lang),
                 subtotal_note(paths, currency=params.currency, lang=lang),
                 document_total_note(paths, currency=params.currency, lang=lang), dated_totals_note(paths, params),
                 total_line_note(paths, currency=params.currency, lang=lang), cent_note(paths, lang),
                 red_quantity_note(paths, params),
                 duplicate_note(paths, currency=params.currency, lang=lang, overlap=params.cleaning.overlap,
                                duplicates=params.cleaning.duplicates if params.columns.order_id is not None
                                else "drop"),
                 possible_duplicate_note(paths, currency=params.currency, lang=lang,
                                         orders=params.columns.order_id is not None)
                 if params.cleaning.duplicates == "auto"
                 else None,
                 unpaid_note(paths, currency=params.currency, lang=lang),
                 hidden_rows_note(paths, currency=params.currency, lang=lang),
                 skipped_sheet_note(paths, currency=params.currency, lang=lang), master_note(paths, lang),
                 id_variant_note(paths, lang, params.customer_counter), overlap_note(paths, lang, params.currency), memory_note(paths, lang),
                 later, starts, gaps, ends,
                 shared_label_hint(params),
                 unit_hint(params), reach_hint(params), walk_in_note(paths, params), language_hint(params), client_hint(params),
                 plan_hint(params), excel_cap_note(paths, params)):
        if hint:
            log(f"[{name}] {t('p_note', lang, text=hint)}")
    outcome.report = paths.report_html
    return outcome


def _compare_with_previous_run(paths: RunPaths, manifest: dict, *, log: Log, lang: str = "en",
                               baseline: Path | None = None, counter: str = "家") -> None:
    """``changes.csv`` and the manifest's ``changes`` against ``baseline`` (chosen by ``--compare-with``), else
    the case's previous successful run, if any, with a few lines for the terminal. A previous run that cannot
    be read is named, not fatal."""
    from .changes import (
        compare_runs,
        graded_as_another,
        orders_not_compared,
        previous_run,
        restated_lines,
        restated_since,
        skipped_runs,
        write_changes,
        write_restated,
    )

    earlier = baseline or previous_run(paths.root)
    if baseline is None:  # a later run passed over, its folder edited or partly deleted by hand: said, not silent
        passed = skipped_runs(paths.root, earlier)
        if passed:
            # none finished before them: not "compared with an earlier finished one" (review)
            log(t("p_skipped_runs" if earlier is not None else "p_skipped_runs_none", lang, n=len(passed),
                  runs=", ".join(p.name for p in passed)))
    if earlier is None:  # said with the folder: a run from another working directory lands in another reports/
        if baseline is None and not passed:  # runs passed over were named just above: not "no earlier run" (re-read)
            log(t("p_first_run", lang, folder=paths.root.parent.resolve()))
        return
    try:
        earlier_manifest = json.loads((earlier / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier_manifest = {}
    before = earlier_manifest.get("params", {}) if isinstance(earlier_manifest, dict) else {}
    after = manifest.get("params")
    clients = (before.get("client") if isinstance(before, dict) else None,
               after.get("client") if isinstance(after, dict) else None)
    if (baseline is None and None not in clients and clients[0] != clients[1]
            and not _drafted_client(earlier_manifest)):
        # one case name for two clients (every Shopify export is orders_export_1.csv): no change to speak of;
        # but the client's name put in for the file name kit init drafted (as the run's note asks) is one client
        log(t("p_other_client", lang, run=earlier.name, before=clients[0], after=clients[1]))
        return
    if _lines(paths.transactions) >= progress.LARGE:  # a few seconds at ten million lines: say what runs
        log(t("p_comparing", lang, run=earlier.name))
    try:
        changes = compare_runs(earlier, paths.root)
    except (OSError, ValueError, KeyError) as exc:  # a previous run folder edited or half deleted by hand
        log(t("p_not_compared", lang, run=earlier.name, problem=f"{type(exc).__name__}: {exc}"))
        return
    # new data (not only files renamed, their content the same): old orders restated?
    # the cleaning rules changed too: orders they kept or set aside are not the export's restatements (QA)
    rules = changes.rules
    restated = restated_since(changes, earlier, paths.root)
    write_changes(changes, paths.changes_csv, lang, counter)
    manifest["changes"] = changes.summary(chosen=baseline is not None)
    if restated is not None and len(restated):
        write_restated(restated, paths.restated_csv, lang)
        export = restated["why"] == "export"
        rewritten = restated["why"] == "ID written another way"  # the same orders, the customer's ID rewritten
        regraded = restated["why"] == "same customers"  # the same orders, graded as the changed mapping says
        if regraded.any():
            manifest["changes"]["orders_graded_as_another"] = graded_as_another(restated)
        if export.any():
            manifest["changes"]["orders_restated"] = {
                k: int(n) for k, n in restated.loc[export, "what"].value_counts().items()}
        if rewritten.any():
            manifest["changes"]["orders_id_written_differently"] = int(rewritten.sum())
        if not (export | rewritten | regraded).all():
            by_rules = restated.loc[~(export | rewritten | regraded), "what"].value_counts()
            manifest["changes"]["orders_differ_by_rules"] = {"rules": rules, **{k: int(n) for k, n in by_rules.items()}}
    write_json(paths.manifest, manifest)
    for line in changes.lines(lang=lang, previous=baseline is None, counter=counter):
        log(line)
    if restated is not None and len(restated):
        for line in restated_lines(restated, lang, rules=rules):
            log(line)
    # new data, yet no order restated: because none is, or because none could be compared (a previous run without
    # its transactions.parquet, or no day both runs' orders cover), as kit compare says it (review)
    unknown = orders_not_compared(earlier, paths.root) if restated is not None and not len(restated) else None
    if unknown is not None:  # in the manifest too: its record of what changed is not "no order restated"
        manifest["changes"]["orders_not_compared"] = t(unknown[0], "en", **unknown[1]).strip()
        write_json(paths.manifest, manifest)
        log(t(unknown[0], lang, **unknown[1]))


def _same_case(params: Params, chosen: Path, case_dir: Path, params_file: Path | None = None) -> None:
    """Stop when the run ``--compare-with`` chose is of another case or client (a folder of another case given by
    mistake: QA, every customer of the case listed as changed, without a word); a client's name put in for the
    file name ``kit init`` drafted is the same client, and a run of this very ``params_file`` the same case, its
    case or client renamed since or by ``--set case=...`` (review: a what-if kept in a folder of its own, the
    client's name corrected, each stopped)."""
    try:
        manifest = json.loads((chosen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    earlier = manifest.get("params") if isinstance(manifest, dict) else None
    if not isinstance(earlier, dict):
        return
    if params_file is not None and manifest.get("params_file") == str(params_file.resolve()):
        return
    case, client = earlier.get("case"), earlier.get("client")
    other_case = isinstance(case, str) and case != params.case
    other_client = isinstance(client, str) and client != params.client and not _drafted_client(manifest)
    if other_case or other_client:
        raise ParamsError(key="e_compare_other_case", run=str(chosen), before=case if isinstance(case, str) else "?",
                          client_before=client if isinstance(client, str) else "?", after=params.case,
                          client_after=params.client, folder=str(case_dir))


def _lines(transactions: Path) -> int:
    """The order lines of a run's ``transactions.parquet`` (its footer only), 0 without one."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(transactions).metadata.num_rows
    except (OSError, ValueError):
        return 0


def _drafted_client(manifest: dict) -> bool:
    """Whether a run's client is still the name ``kit init`` drafted: a data file's name (not the case's: a case
    named after the client, case: olist and client: Olist, is no draft)."""
    from .scaffold import export_stem

    params = manifest.get("params") if isinstance(manifest, dict) else None
    if not isinstance(params, dict) or not isinstance(params.get("client"), str):
        return False
    files = [Path(str(i.get("path", ""))) for i in manifest.get("inputs") or []
             if isinstance(i, dict) and i.get("role") == "data"]
    names = {*(f.stem for f in files), export_stem(files) if files else ""}
    return params["client"].strip().casefold() in {n.casefold() for n in names if n}


def _wait_for_excel(paths: RunPaths, *, log: Log, quiet: bool = False, lang: str = "en") -> None:
    """Wait for grades.xlsx when the grading notebook left it to a background writer.

    With ``quiet`` (the run has failed already) its own failure is not raised.
    """
    from .report import excel_pending, wait_for_excel

    if excel_pending(paths.grades_xlsx):
        log(t("p_wait_excel", lang))
    try:
        wait_for_excel(paths.grades_xlsx)
    except KitError:
        if not quiet:
            raise


#: The files of a run folder ``index.html`` lists, by group, each with what it holds (zh, en).
_INDEX = (
    (("报告", "Report"), (
        ("report.html", "客户分级报告（可直接发给客户）", "the client report"),
        ("report.pdf", "报告的 PDF 版", "the report as PDF"),
    )),
    (("分级结果", "Graded tables"), (
        ("grades.xlsx", "分级结果 Excel：各级汇总、客户明细（可筛选）、数据质量",
         "Excel: summary by tier, customers (with filters), data quality"),
        ("grades.csv", "每位客户一行的分级结果（CSV 列名为英文代码，便于程序读取；中文表头见 grades.xlsx）",
         "one row per graded customer"),
        ("tiers.csv", "各价值等级的客户数与采购额", "customers and revenue per value tier"),
        ("rules.csv", "各分级维度的规则、切分点与客户数", "every grader's rules, cut points and customer counts"),
        ("migration.csv", "与上期相比的级别迁移", "tier migration against the previous window"),
        ("sensitivity.csv", "阈值敏感性", "threshold sensitivity"),
        ("changes.csv", "与比较的运行（本案例上次运行，或 --compare-with 所选）相比，分级有变化的客户（当时与本次的级别）",
         ("customers whose grade changed since the run compared with (the case's previous run, or the one "
          "--compare-with chose): grade then and now")),
        ("restated.csv", ("两次运行的数据共同覆盖的日期内，与比较的运行相比有变化的订单（金额、客户或日期变化，消失或新增），"
                          "及其原因：数据变化，或清洗规则变化"),
         ("orders of the days both runs' data cover that differ from the run compared with (changed amount, "
          "customer or day; gone; added), and why: the data, or the cleaning rules that changed")),
        ("grades.parquet", "分级结果（Parquet，保留数据类型，供下期比较或再分析）",
         "the graded table as Parquet (types kept: for the next period or further analysis)"),
    )),
    (("数据质量", "Data quality"), (
        ("ledger.csv", "每个文件：读取 = 剔除 + 单列 + 保留，逐项原因与金额",
         "per file: read = dropped + set aside + kept, by reason, with amounts"),
        ("quarantine.csv", "单列的行：原因、源文件行号与原始单元格", "set-aside rows: reason, source row, original cells"),
        ("fixes.csv", "每种修正的前后对照示例", "before/after examples of each repair"),
        ("master_check.csv", "订单与客户主数据的编码核对", "customer IDs checked against the customer master"),
        ("overlap.csv", "在多个文件中出现且内容不同的订单（各文件都已计入）：订单号、客户、文件、行数与金额",
         ("orders with different lines in more than one file (each file's counted): order, customer, file, lines, "
          "amount")),
        ("id_check.csv", "疑似同一客户的不同编码写法（前导零、大小写、空格或横线不同），各自的行数、金额与分级所用编码",
         ("customer IDs that look like one customer written two ways (leading zeros, case, spaces, dashes), "
          "with their lines, amounts and the ID each is graded under")),
        ("memory.csv", "清洗中超出内存上限、以更高上限重新执行的步骤：原上限与重新执行时的上限（结果不变）",
         ("steps of the cleaning run again with more memory: the limit they ran out of and the one they ran with "
          "(same results)")),
        ("transactions.parquet", "清洗后保留的订单行（Parquet）", "the order lines kept by cleaning (Parquet)"),
        ("master.parquet", "整理后的客户主数据（Parquet）", "the customer master as normalised (Parquet)"),
        ("same_customers.parquet", "本次读取的客户对照表（cleaning.same_customers 的文件）中的客户对应关系，供下期比较",
         "the pairs of the customer mapping file (cleaning.same_customers) as this run read them, for the next run's "
         "comparison"),
    )),
    (("分析过程与复现", "Analysis and reproducibility"), (
        *((f"notebooks/{Path(nb).stem}.html", f"已执行的笔记本 {Path(nb).stem}", f"executed notebook {Path(nb).stem}")
          for nb in NOTEBOOKS),
        *((f"notebooks/{Path(nb).stem}.ipynb", f"笔记本 {Path(nb).stem}（可在 JupyterLab 中打开、修改后重跑）",
           f"notebook {Path(nb).stem} (open in JupyterLab to change and re-run)") for nb in NOTEBOOKS),
        ("notebooks/progress.log", "运行进度记录（读取行数、各阶段时间）", "the run's progress lines (rows read, stages)"),
        ("manifest.json", "复现记录：参数、输入文件校验值、软件版本、耗时", "params, input checksums, versions, timings"),
        ("params.json", "本次运行所用的完整参数", "the resolved params of this run"),
    )),
)


def _workbook_text(path: Path, zh: bool) -> str | None:
    """What a workbook of the run holds, from its own sheet names (the service plan sheet only when one was
    given); None for any other file."""
    if path.suffix.lower() != ".xlsx":
        return None
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheets = CalamineWorkbook.from_path(str(path)).sheet_names
    except (CalamineError, OSError):  # not readable as a workbook: the general description
        return None
    return (f"分级结果 Excel（表头可筛选），工作表：{'、'.join(sheets)}" if zh
            else f"Excel (headers with filters), sheets: {', '.join(sheets)}")


def _changes_text(paths: RunPaths, zh: bool, counter: str = "家") -> str:
    """A paragraph for ``index.html``: what changed since the case's previous run (the manifest's ``changes``)."""
    try:
        changes = json.loads(paths.manifest.read_text(encoding="utf-8")).get("changes")
    except (OSError, ValueError):
        return ""
    if not isinstance(changes, dict) or "previous_run" not in changes:
        return ""
    sep = "；" if zh else "; "
    parts = []
    if changes.get("params_changed"):  # a key given by --set says so, not taken for an edit of the params file (QA)
        given = _overridden(paths)
        parts.append(("参数变化：" if zh else "params changed: ") + ", ".join(
            t("index_set_mark", "zh" if zh else "en", name=key)
            if any(key == g or key.startswith(g + ".") or g.startswith(key + ".") for g in given) else key
            for key in changes["params_changed"]))
    if changes.get("inputs_changed"):
        from .changes import input_phrase

        parts.append(("数据：" if zh else "data: ") + ", ".join(
            input_phrase(i, "zh" if zh else "en") for i in changes["inputs_changed"]))
    moved = changes.get("customers_changed") or {}
    if moved:
        from .report import grade_name

        counts = ("、" if zh else ", ").join(f"{grade_name(grade, 'zh')} {n:,} {counter}" if zh else f"{grade_name(grade, 'en')} {n:,}"
                                           for grade, n in moved.items())
        parts.append(f"级别变化的客户：{counts}（见 changes.csv）" if zh
                     else f"customers whose grade changed: {counts} (see changes.csv)")
    elif not parts:
        parts.append("参数与数据相同，分级结果完全一致" if zh else "same params and data; identical graded tables")
    currencies = changes.get("currencies")
    if isinstance(currencies, list) and len(currencies) == 2:  # amounts in two currencies: as the terminal says it
        from .changes import currency_sentence

        parts.insert(1 if changes.get("params_changed") else 0,
                     currency_sentence(str(currencies[0]), str(currencies[1]), "zh" if zh else "en"))
    rewritten = changes.get("ids_written_differently")
    if isinstance(rewritten, dict) and rewritten.get("customers"):  # as the terminal says it (QA: only there)
        n, example = int(rewritten["customers"]), rewritten.get("example", "")
        parts.append(f"另有 {n:,} {counter}“不再出现”的客户与 {n:,} {counter}“新出现”的客户编码只差前导零、大小写或字母前缀（如 {example}），"
                     "多半是同一客户；级别未变的不计入上述变化" if zh else
                     f"besides, {n:,} customer{'s' if n > 1 else ''} gone and as many new differ only in leading zeros, "
                     f"case or a letter prefix (e.g. {example}): most likely the same customers; counted above only "
                     "where the grade differs")
    from .changes import run_named

    run = run_named(str(changes["previous_run"]), str(changes.get("previous_run_id") or ""), "zh" if zh else "en")
    if changes.get("chosen"):
        head = f"与所选运行 {run}" if zh else f"Compared with run {run}"
    else:
        head = f"与上次运行 {run}" if zh else f"Since run {run}"
    overrides = changes.get("previous_overrides")
    if overrides and isinstance(overrides, list):
        made = " ".join(f"--set {o}" for o in overrides)
        head += f"（该次运行带有 {made}，是假设分析）相比：" if zh else f" (a what-if run, made with {made}): "
    else:
        head += ("相比：" if head.endswith("）") else " 相比：") if zh else ": "
    return f"<p>{html.escape(head + sep.join(parts))}</p>"


def _overrides(paths: RunPaths) -> list[str]:
    """The run's ``--set KEY.PATH=VALUE`` overrides, as its manifest records them."""
    try:
        overrides = json.loads(paths.manifest.read_text(encoding="utf-8")).get("overrides")
    except (OSError, ValueError, AttributeError):
        return []
    return [str(o) for o in overrides] if isinstance(overrides, list) else []


def _overridden(paths: RunPaths) -> set[str]:
    """The dotted keys the run's ``--set`` overrides gave: the keys within them (grading.value given whole) and the
    list holding one (grading.value.thresholds.1: one threshold) are so given too."""
    return {o.partition("=")[0].strip() for o in _overrides(paths)}


def _overrides_text(paths: RunPaths, zh: bool, params_file: str) -> str:
    """A paragraph for ``index.html``: the keys this run took from ``--set`` on the command line, not from the
    params file (QA: a threshold given so was not told from one the file holds)."""
    overrides = _overrides(paths)
    if not overrides:
        return ""
    said = ("；" if zh else "; ").join(overrides)
    return f"<p>{html.escape(t('index_overrides', 'zh' if zh else 'en', file=params_file, changes=said))}</p>"


def _index_words(zh: bool, counter: str) -> str:
    """The words ``index.html`` is made of, whichever files the run folder holds (its headings and descriptions)."""
    words = "—；：、（）" + "".join(heading[0 if zh else 1] + "".join(text[1 if zh else 2] for text in files)
                                   for heading, files in _INDEX)
    return zh_words(words, counter) if zh else words


def write_index(paths: RunPaths, params: Params) -> None:
    """``index.html``: every file of the run folder that exists, by group, each with what it holds."""
    zh, counter = params.language == "zh", params.customer_counter
    sections = []
    for heading, files in _INDEX:
        items = "".join(
            f'<li><a href="{html.escape(href)}">{html.escape(href)}</a> — '
            f'{html.escape(_workbook_text(paths.root / href, zh) or (zh_words(zh_text, counter) if zh else en_text))}</li>'
            for href, zh_text, en_text in files if (paths.root / href).exists())
        if items:
            sections.append(f"<h2>{html.escape(heading[0] if zh else heading[1])}</h2><ul>{items}</ul>")
    from .fonts import EMBEDDED_FONT, embed_cjk_font

    title = html.escape(params.title)
    compared = _changes_text(paths, zh, params.customer_counter)
    try:
        params_file = str(json.loads(paths.manifest.read_text(encoding="utf-8")).get("params_file") or "")
    except (OSError, ValueError, AttributeError):
        params_file = ""
    given = _overrides_text(paths, zh, Path(params_file).name if params_file else "")
    page = (
        f'<!DOCTYPE html><html lang="{"zh" if zh else "en"}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<style>body{{font-family:"{EMBEDDED_FONT}",sans-serif;max-width:900px;margin:2em auto;padding:0 12px;'
        f"line-height:1.6}}li{{margin:3px 0}}</style></head>"
        f"<body><h1>{title}</h1><p>{html.escape(paths.root.name)}</p>{given}{compared}{''.join(sections)}</body></html>"
    )
    # Chinese reads right on a machine without CJK fonts, as in the report
    paths.index_html.write_text(embed_cjk_font(page), encoding="utf-8")


# ------------------------------------------------------------------------ cases


def load_cases(params_files: Sequence[str | Path], overrides: Sequence[str], *, workbooks: bool = False) -> list[Case]:
    """Validate every params file and the headers of its CSV and Parquet files (and workbooks, when ``workbooks``:
    see :func:`kit.io.check_headers`); raise one ParamsError listing all problems."""
    from .errors import DataError
    from .io import check_headers

    cases, problems = [], []
    for file in params_files:
        path = Path(file)
        try:
            params = load_params(path, overrides)
        except ParamsError as exc:
            problems.append(str(exc))
            continue
        try:
            check_headers(params, workbooks=workbooks)  # a misspelt header stops here, before any run folder is made
        except DataError as exc:
            problems.append(f"{exc.told(params.language)} ({path})")
            continue
        cases.append(Case(path, list(overrides), params))
    if problems:
        raise ParamsError("\n".join(problems))
    return cases


def _run_in_worker(case: Case, reports_dir: Path, notebooks_dir: Path, argv: Sequence[str], pdf: bool) -> Outcome:
    def log(line: str) -> None:
        print(line, flush=True)

    try:
        return run_case(case, reports_dir=reports_dir, notebooks_dir=notebooks_dir, log=log, argv=argv, pdf=pdf)
    except KitError as exc:
        return Outcome(case=case.params.case, run_dir=None, error=exc.told(case.params.language))
    except Exception:  # a bug: keep the other cases' results, show the traceback
        import traceback

        return Outcome(case=case.params.case, run_dir=None, error="bug in the kit:\n" + traceback.format_exc())


def run_cases(
    params_files: Sequence[str | Path],
    *,
    overrides: Sequence[str] = (),
    reports_dir: str | Path = "reports",
    notebooks_dir: str | Path | None = None,
    jobs: int = 1,
    log: Log = print,
    argv: Sequence[str] = (),
    pdf: bool = True,
    compare_with: str | None = None,
) -> list[Outcome]:
    """Run each params file as its own case; ``jobs`` > 1 runs cases in parallel processes.

    ``compare_with``: a run ID of the case (or a run folder) to compare the new run with, instead of the
    case's previous successful run (which may be a what-if run); one case only.
    """
    cases = load_cases(params_files, overrides)
    reports = Path(reports_dir).resolve()
    if compare_with is not None:
        from .changes import chosen_run

        try:
            if len(cases) > 1:
                raise ParamsError(key="e_compare_one_case", n=len(cases))
            cases[0].baseline = chosen_run(compare_with, reports / cases[0].params.case)
            _same_case(cases[0].params, cases[0].baseline, reports / cases[0].params.case, cases[0].params_file)
        except ParamsError as exc:
            exc.language = cases[0].params.language
            raise
    notebooks = Path(notebooks_dir).resolve() if notebooks_dir else default_notebooks_dir()
    missing = [nb for nb in NOTEBOOKS if not (notebooks / nb).is_file()]
    if missing:
        raise RunError(f"the notebooks folder {notebooks} lacks {', '.join(missing)}")
    if jobs <= 1 or len(cases) == 1:
        outcomes = []
        for case in cases:
            try:
                outcomes.append(run_case(case, reports_dir=reports, notebooks_dir=notebooks, log=log, argv=argv,
                                         pdf=pdf))
            except KitError as exc:
                outcomes.append(Outcome(case=case.params.case, run_dir=None, error=exc.told(case.params.language)))
        return outcomes
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_run_in_worker, c, reports, notebooks, list(argv), pdf) for c in cases]
        return [f.result() for f in futures]

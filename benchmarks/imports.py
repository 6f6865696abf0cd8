"""Benchmark: what ``import mighty_async`` costs, against ``import httpx``, in fresh processes.

Run from the repository root:

    python benchmarks/imports.py
    python benchmarks/imports.py --rounds 40

Each round starts one fresh interpreter per contender (order alternating) that imports one
module and reports, from inside, how long the import took (``time.perf_counter`` around
the import statement, so interpreter start-up is left out for both). Prints the median and
the spread (min-max) of each, the ratio of medians (of the CPU times too), and the modules
``import mighty_async`` adds beyond httpx. Note that httpx imports ``rich`` and ``click`` at
import time when they are installed (its command line): run this in a base install to see
the base-install ratio.

Before timing, mighty_async's bytecode is compiled (as ``pip install`` does), so both sides
load cached bytecode. Without that, a process run with ``PYTHONDONTWRITEBYTECODE`` set (an
editable install never writes its ``.pyc`` files then) compiles every mighty_async module
from source on each import, while httpx, installed by pip, reads its cached bytecode: that
times the compiler, not the import. ``--no-compile`` measures the environment as it is.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys, time
start, cpu = time.perf_counter(), time.process_time()
import {module}
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
print(elapsed, cpu, len(sys.modules))
"""


def once(module: str) -> tuple[float, float, int]:
    out = subprocess.run(  # noqa: S603 - our own interpreter, a fixed probe
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def loaded(module: str) -> set[str]:
    code = f"import sys; import {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(  # noqa: S603 - as above
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(out.stdout.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument(
        "--no-compile", action="store_true", help="do not compile mighty_async's bytecode first"
    )
    args = parser.parse_args()
    if not args.no_compile:
        compileall.compile_dir(ROOT / "mighty_async", quiet=1)
    contenders = ["httpx", "mighty_async"]
    times: dict[str, list[float]] = {name: [] for name in contenders}
    cpu_times: dict[str, list[float]] = {name: [] for name in contenders}
    modules: dict[str, int] = {}
    for index in range(args.rounds):
        for name in contenders if index % 2 == 0 else contenders[::-1]:
            elapsed, cpu, count = once(name)
            times[name].append(elapsed * 1000)
            cpu_times[name].append(cpu * 1000)
            modules[name] = count
    bytecode = "as the environment has it" if args.no_compile else "compiled first"
    print(
        f"python {sys.version.split()[0]}, {args.rounds} fresh processes each, "
        f"mighty_async's bytecode {bytecode}"
    )
    for name in contenders:
        med = statistics.median(times[name])
        print(
            f"  import {name:13} {med:6.1f} ms  (spread {min(times[name]):.1f}-"
            f"{max(times[name]):.1f})  {modules[name]} modules loaded"
        )
    ratio = statistics.median(times["mighty_async"]) / statistics.median(times["httpx"])
    print(f"  ratio             {ratio:6.2f}x import httpx")
    cpu_ratio = statistics.median(cpu_times["mighty_async"]) / statistics.median(cpu_times["httpx"])
    print(
        f"  CPU time ratio    {cpu_ratio:6.2f}x (less moved by other processes on a busy machine)"
    )
    extra = sorted(
        {name.split(".")[0] for name in loaded("mighty_async") - loaded("httpx")} - {"mighty_async"}
    )
    print(f"  top-level packages beyond httpx's: {', '.join(extra)}")


if __name__ == "__main__":
    main()

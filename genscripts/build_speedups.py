# ruff: noqa: T201 - a build script reports on stderr
"""Build the compiled modules in place: the names engine's scorer (``engines/names/_speedups.pyx``)
and the signals engine's Hamming search (``engines/signals/_hamming.pyx``).

``make venv`` runs it after installing the project. It needs Cython (dev extra) and a C compiler;
when either is missing it says so and exits 0: the engine then scores with its Python reference
(``compare.py``), which gives the same scores, only slower, and ``HammingIndex`` searches with
its numpy code (the same results). ``--strict`` exits 1 instead (CI).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src/lawbridge/engines/names/_speedups.pyx"
HAMMING = SOURCE.parents[1] / "signals/_hamming.pyx"


def _has_popcnt() -> bool:
    """Whether this x86-64 CPU has the popcnt instruction (a build for it would crash without)."""
    if platform.machine() not in ("x86_64", "AMD64"):
        return False
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        return False  # not Linux: the portable code
    return "popcnt" in flags


# Each module: its name, source, C compiler flags, and what serves when it is not built.
MODULES = [
    # No -ffast-math and no fused multiply-add: the scores must stay bit-identical to the Python
    # reference, which rounds after every operation.
    (
        "lawbridge.engines.names._speedups",
        SOURCE,
        ["-O2", "-ffp-contract=off"],
        "the names engine's compiled scorer was not built ({}); "
        "the Python reference serves (same scores, slower)",
    ),
    # Popcounts: the popcnt instruction (every x86-64 CPU since 2008; the module is built where it
    # runs) makes the search 3 times as fast as the compiler's bit-twiddling fallback does.
    (
        "lawbridge.engines.signals._hamming",
        HAMMING,
        ["-O2", "-mpopcnt"] if _has_popcnt() else ["-O2"],
        "the signals engine's compiled Hamming search was not built ({}); "
        "the numpy reference serves (same results, slower)",
    ),
]


def build(name: str, source: Path, flags: list[str]) -> None:
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    ext = Extension(name, [str(source)], extra_compile_args=flags)
    with tempfile.TemporaryDirectory() as tmp:
        dist = Distribution(
            {"ext_modules": cythonize([ext], quiet=True, build_dir=tmp), "package_dir": {"": "src"}}
        )
        cmd = dist.get_command_obj("build_ext")
        cmd.inplace = True
        cmd.build_temp = tmp
        cmd.ensure_finalized()
        cmd.run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="fail when it cannot be built")
    args = parser.parse_args()
    failed = False
    for name, source, flags, warning in MODULES:
        try:
            build(name, source, flags)
        except Exception as exc:  # noqa: BLE001 - any failure: fall back to the reference
            print(f"warning: {warning.format(exc)}", file=sys.stderr)
            failed = True
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())

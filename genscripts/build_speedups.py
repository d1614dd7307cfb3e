# ruff: noqa: T201 - a build script reports on stderr
"""Build the names engine's compiled scorer (``engines/names/_speedups.pyx``) in place.

``make venv`` runs it after installing the project. It needs Cython (dev extra) and a C compiler;
when either is missing it says so and exits 0: the engine then scores with its Python reference
(``compare.py``), which gives the same scores, only slower. ``--strict`` exits 1 instead (CI).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src/lawbridge/engines/names/_speedups.pyx"


def build() -> None:
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    # No -ffast-math and no fused multiply-add: the scores must stay bit-identical to the Python
    # reference, which rounds after every operation.
    ext = Extension(
        "lawbridge.engines.names._speedups",
        [str(SOURCE)],
        extra_compile_args=["-O2", "-ffp-contract=off"],
    )
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
    try:
        build()
    except Exception as exc:  # noqa: BLE001 - any failure: fall back to the Python reference
        print(
            f"warning: the names engine's compiled scorer was not built ({exc}); "
            "the Python reference serves (same scores, slower)",
            file=sys.stderr,
        )
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Compile the tally engine's Cython kernel in place (``make install`` runs this).

    python scripts/build_kernel.py

Quiet and quick when the compiled module is newer than its source.
"""

from __future__ import annotations

import os
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent.parent


SOURCE = ROOT / "budgeting" / "tally" / "_mes_kernel.pyx"


def up_to_date() -> bool:
    built = list(SOURCE.parent.glob("_mes_kernel.*.so"))
    newest = max(SOURCE.stat().st_mtime, Path(__file__).stat().st_mtime)
    return bool(built) and all(path.stat().st_mtime >= newest for path in built)


def main() -> None:
    if up_to_date():
        return
    os.chdir(ROOT)
    print("compiling the tally kernel (budgeting/tally/_mes_kernel.pyx)")
    extension = Extension(
        "budgeting.tally._mes_kernel",
        ["budgeting/tally/_mes_kernel.pyx"],
        extra_compile_args=["-O3"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    )
    setup(
        name="civic-square-kernels",
        packages=[],
        py_modules=[],
        ext_modules=cythonize([extension], quiet=True, language_level=3),
        script_args=["--quiet", "build_ext", "--inplace", "--build-temp", "build/kernel"],
    )


if __name__ == "__main__":
    main()

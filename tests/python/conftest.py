"""Shared fixtures of the tt_llc pytest suite (tests/python, run by ctest as `python`).

Reads:      TTLLC_SRC and TTLLC_BUILD (set by tests/CMakeLists.txt; default: this checkout and
            its build/), PYTHONPATH with the build's python/ folder.
Guarantees: `src` / `build` paths, `gemm_py` (examples/gemm.py), `ttsim_library` (the wormhole
            libttsim.so, or the test skips saying why).
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python -q
"""

import os
import pathlib

import pytest

SRC = pathlib.Path(os.environ.get("TTLLC_SRC", pathlib.Path(__file__).resolve().parents[2]))
BUILD = pathlib.Path(os.environ.get("TTLLC_BUILD", SRC / "build"))


@pytest.fixture(scope="session")
def src():
    return SRC


@pytest.fixture(scope="session")
def build():
    return BUILD


@pytest.fixture(scope="session")
def gemm_py():
    return SRC / "examples" / "gemm.py"


@pytest.fixture(scope="session")
def ttsim_library():
    lib = BUILD / "ttsim" / "wormhole" / "libttsim.so"
    if not lib.exists():
        pytest.skip(f"no {lib} (scripts/build-ttsim.sh builds it)")
    return lib

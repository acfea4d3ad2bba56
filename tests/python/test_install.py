"""`cmake --install` installs the package: it imports and runs from the install prefix.

Reads:      the build folder (TTLLC_BUILD), its cmake install rules (component "python").
Guarantees: the installed tt_llc (in <prefix>/lib/python3.X/dist-packages on Debian) is the one
            a fresh interpreter imports with that folder on its path, and it compiles and runs
            a kernel.
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_install.py
"""

import os
import subprocess
import sys


def test_cmake_install(build, gemm_py, tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", str(build), "--component", "python", "--prefix",
                    str(prefix)], check=True, capture_output=True)
    found = sorted(prefix.glob("lib/python3*/*-packages/tt_llc"))
    assert len(found) == 1, list(prefix.rglob("*"))
    pkg = found[0]
    assert sorted(p.name for p in pkg.glob("*.py")) == [
        "__init__.py", "errors.py", "ir.py", "kernel.py", "passes.py", "pypass.py", "tir.py"]
    assert len(list(pkg.glob("_core*.so"))) == 1
    env = dict(os.environ, PYTHONPATH=str(pkg.parent))
    script = f"""
import numpy as np, tt_llc
assert tt_llc.__file__.startswith({str(pkg)!r}), tt_llc.__file__
k = tt_llc.compile({str(gemm_py)!r}, out_idx=[-1], M=32, N=32, K=64)
print(k(np.ones((32, 64), np.float32), np.ones((64, 32), np.float32))[0, 0])
"""
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "64.0\n"

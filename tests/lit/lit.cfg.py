# lit configuration for tt-llc. Substitutions:
#   %tt-llc     the compiler under test
#   %tt-run     the simulator driver
#   %examples   the examples/ folder
#   %ttsim-wormhole, %ttsim-blackhole  the libttsim.so builds of scripts/build-ttsim.sh; the
#               feature `ttsim` when both are there (tests that run on ttsim say REQUIRES: ttsim)
#   FileCheck, not, count, llvm-objdump, llvm-readelf: from the llvm-19 tools
import os

import lit.formats

config.name = "tt-llc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".py", ".test", ".tir"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ttllc_obj_root, "tests", "lit")
# ctest runs the parts of the suite in parallel (--param part=NAME): each gets its own exec root,
# so their lit processes do not write one .lit_test_times.txt at once (a torn file stops lit).
if lit_config.params.get("part"):
    config.test_exec_root = os.path.join(config.test_exec_root, "parts", lit_config.params["part"])

config.environment["PATH"] = os.pathsep.join(
    [config.ttllc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%tt-llc", os.path.join(config.ttllc_tools_dir, "tt-llc")))
config.substitutions.append(("%tt-run", os.path.join(config.ttllc_tools_dir, "tt-run")))
config.substitutions.append(("%examples", os.path.join(config.ttllc_src_root, "examples")))
config.substitutions.append(("%reference", os.path.join(config.ttllc_obj_root, "bench", "reference")))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%ttllc_src_root", config.ttllc_src_root))

ttsim = {arch: os.path.join(config.ttllc_obj_root, "ttsim", arch, "libttsim.so")
         for arch in ("wormhole", "blackhole")}
for arch, path in ttsim.items():
    config.substitutions.append(("%ttsim-" + arch, path))
if all(os.path.isfile(path) for path in ttsim.values()):
    config.available_features.add("ttsim")

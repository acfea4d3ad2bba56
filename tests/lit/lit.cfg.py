# lit configuration for tt-llc. Substitutions:
#   %tt-llc     the compiler under test
#   %tt-run     the simulator driver
#   %examples   the examples/ folder
#   FileCheck, not, count, llvm-objdump, llvm-readelf: from the llvm-19 tools
import os

import lit.formats

config.name = "tt-llc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".py", ".test", ".tir"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ttllc_obj_root, "tests", "lit")

config.environment["PATH"] = os.pathsep.join(
    [config.ttllc_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%tt-llc", os.path.join(config.ttllc_tools_dir, "tt-llc")))
config.substitutions.append(("%tt-run", os.path.join(config.ttllc_tools_dir, "tt-run")))
config.substitutions.append(("%examples", os.path.join(config.ttllc_src_root, "examples")))
config.substitutions.append(("%reference", os.path.join(config.ttllc_obj_root, "bench", "reference")))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%ttllc_src_root", config.ttllc_src_root))

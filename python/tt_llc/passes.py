"""tt-llc's passes from Python: every registered pass by name, and seed 000's names.

Reads:      a ``tt_llc.Module`` or a single ``tt_llc.Function``; pass names as ``tt-llc
            --passes=`` knows them ("infer-tt-schedule", or the pipelines "metadata",
            "default").
Guarantees: each pass returns a new module (or, given a function, the function of the same
            name in the result; a module when the pass split it into several) and leaves its
            input unchanged; a failing pass raises ``tt_llc.CompileError``, an unknown name
            ``ValueError`` naming the valid ones. Every pass of passes/Pipeline.cpp is also a
            function of this module, its name with "_" for "-" (``infer_tt_shard``); seed
            000's ``infer_default_tt_schedule`` / ``infer_default_tt_shard`` are aliases.
Example::

    mod = passes.apply_tt_defaults(tt_llc.parse("examples/gemm.py"))
    mod = passes.run(mod, "infer-tt-schedule", "infer-tt-shard")
"""

from . import _core
from .ir import DEFAULT_DEVICE, Function, Module


def names():
    """Every registered pass, in the order of the default pipeline."""
    return [name for name, _, _ in _core.passes()]


def run(target, *passes, device=DEFAULT_DEVICE):
    """Runs the passes (or pipelines) named, in order, on a module or function."""
    if isinstance(target, Function):
        result = Module(_core.run_passes(target._core.module(), list(passes), device))
        return result[target.name] if len(result) == 1 and target.name in result else result
    if not isinstance(target, Module):
        raise TypeError(f"expected a tt_llc.Module or Function, not {type(target).__name__}")
    return Module(_core.run_passes(target._core, list(passes), device))


def _make(name, summary):
    def apply(target, device=DEFAULT_DEVICE):
        return run(target, name, device=device)
    apply.__name__ = name.replace("-", "_")
    apply.__qualname__ = apply.__name__
    apply.__doc__ = f"{summary} (the pass '{name}')."
    return apply


__all__ = ["names", "run"]
for _name, _stage, _summary in _core.passes():
    globals()[_name.replace("-", "_")] = _make(_name, _summary)
    __all__.append(_name.replace("-", "_"))

# Seed 000's names.
infer_default_tt_schedule = globals()["infer_tt_schedule"]
infer_default_tt_shard = globals()["infer_tt_shard"]


def metadata(target, device=DEFAULT_DEVICE):
    """The metadata stage: everything tt.plan.json needs."""
    return run(target, "metadata", device=device)


__all__ += ["infer_default_tt_schedule", "infer_default_tt_shard", "metadata"]

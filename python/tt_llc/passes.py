"""tt-llc's passes from Python: every registered pass by name, and seed 000's names.

Reads:      a ``tt_llc.Module`` or a single ``tt_llc.Function``; pass names as ``tt-llc
            --passes=`` knows them ("infer-tt-schedule", or the pipelines "metadata",
            "default"), and Python passes (``tt_llc.function_pass``, ``module_pass``).
Guarantees: each pass returns a new module (or, given a function, the function of the same
            name in the result; a module when the pass split it into several) and leaves its
            input unchanged; a failing pass raises ``tt_llc.CompileError``, an unknown name
            ``ValueError`` naming the valid ones. Every pass of passes/Pipeline.cpp is also a
            function of this module, its name with "_" for "-" (``infer_tt_shard``); seed
            000's ``infer_default_tt_schedule`` / ``infer_default_tt_shard`` are aliases.
Example::

    mod = passes.apply_tt_defaults(tt_llc.parse("examples/gemm.py"))
    mod = passes.run(mod, "infer-tt-schedule", "infer-tt-shard")
    mod = passes.run(mod, "default", my_python_pass, print_after=["my-python-pass"])
"""

from . import _core
from .ir import DEFAULT_DEVICE, Function, Module
from .pypass import Pass, core_items


def names():
    """Every registered pass, in the order of the default pipeline."""
    return [name for name, _, _ in _core.passes()]


def run(target, *passes, device=DEFAULT_DEVICE, print_after=(), time_passes=False):
    """Runs the passes (names, pipelines, Python passes), in order, on a module or function.
    The IR after each pass that ``print_after`` names, and with ``time_passes`` the time of
    each pass, are printed to sys.stdout (as ``tt-llc --print-after`` / ``--time-passes``)."""
    items = core_items(passes)
    if isinstance(target, Function):
        result = Module(_core.run_passes(target._core.module(), items, device, list(print_after),
                                         time_passes))
        return result[target.name] if len(result) == 1 and target.name in result else result
    if not isinstance(target, Module):
        raise TypeError(f"expected a tt_llc.Module or Function, not {type(target).__name__}")
    return Module(_core.run_passes(target._core, items, device, list(print_after), time_passes))


def pipeline(*extra, base="default"):
    """The passes of ``base`` ("default", "metadata" or a list of names) with each Python pass
    of ``extra`` after the pass its ``after=`` names (at the end when it names none), in the
    order given: a ``passes=`` list for ``tt_llc.compile`` or ``run``."""
    if base == "default":
        out = [n for n, stage, _ in _core.passes() if stage != "extra"]
    elif base == "metadata":
        out = [n for n, stage, _ in _core.passes() if stage == "metadata"]
    else:
        out = list(base)
    for p in extra:
        if not isinstance(p, Pass):
            raise TypeError(f"pipeline() places Python passes, not a {type(p).__name__}")
        if p.after is None:
            out.append(p)
            continue
        names = [x if isinstance(x, str) else x.name for x in out]
        if p.after not in names:
            raise ValueError(f"Python pass '{p.name}' runs after '{p.after}', which this "
                             "pipeline does not run")
        i = names.index(p.after) + 1
        while i < len(out) and isinstance(out[i], Pass):  # after earlier extras at this place
            i += 1
        out.insert(i, p)
    return out


def _make(name, summary):
    def apply(target, device=DEFAULT_DEVICE):
        return run(target, name, device=device)
    apply.__name__ = name.replace("-", "_")
    apply.__qualname__ = apply.__name__
    apply.__doc__ = f"{summary} (the pass '{name}')."
    return apply


__all__ = ["names", "pipeline", "run"]
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

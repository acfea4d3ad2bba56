"""Python passes: seed 004's four templates inside tt-llc's pipeline, the IR objects, the errors.

Reads:      examples/gemm.py, examples/copy.py, a two-copy kernel written here.
Guarantees: the IR converts to tt_llc.tir objects and back unchanged; Visitor visits and
            Mutator rebuilds only what changed; an attribute pass, an analysis visitor, a mutator
            replacing an intrinsic call and a module pass splitting a function in two run as
            Python passes between tt-llc's own passes, and their effect is asserted on the IR and
            on the compiled kernel's results; an exception in a pass, a result of the wrong
            type and IR the verifier rejects are CompileErrors located and naming the pass.
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_python_passes.py
"""

import re

import numpy as np
import pytest

import tt_llc
from tt_llc import passes, tir

TWO_COPIES = '''
import tilelang.language as T

@T.prim_func
def two_copies(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32"),
               C: T.Tensor((64, 64), "float32"), D: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        S = T.alloc_shared((32, 32), "float32")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])
        U = T.alloc_shared((32, 32), "float32")
        T.copy(C[by * 32, bx * 32], U)
        T.copy(U, D[by * 32, bx * 32])
'''


def count_calls(node):
    """{intrinsic name: calls} under a statement (a tir.Visitor)."""
    class Counter(tir.Visitor):
        def __init__(self):
            self.calls = {}

        def visit_call(self, op):
            self.calls[op.name] = self.calls.get(op.name, 0) + 1
            super().visit_call(op)

    c = Counter()
    c.visit(node)
    return c.calls


# --- The IR as objects ---------------------------------------------------------------------


def test_ir_objects_round_trip(gemm_py):
    mod = passes.run(tt_llc.parse(gemm_py), "default")
    t = mod.to_tir()
    assert list(t.functions) == mod.functions
    reader = t["gemm_reader"]
    assert [(p.name, p.dtype) for p in reader.params[:3]] == [
        ("A_addr", "uint32"), ("B_addr", "uint32"), ("start_id", "int32")]
    assert all(isinstance(p, tir.Var) for p in reader.params)
    assert [(b.name, b.shape, b.scope) for b in t["gemm"].params] == [
        (n, (256, 256), "global") for n in "ABC"]
    assert reader.attrs["tt.program"] == "reader"
    # Back to C++ unchanged: the same text form.
    assert tt_llc.Module.from_tir(t) == mod
    assert t.script() == mod.script()


def test_vars_and_buffers_are_shared_objects(gemm_py):
    func = tt_llc.parse(gemm_py).to_tir()["gemm"]
    kernel = func.body
    assert isinstance(kernel, tir.Kernel)
    bx, by = kernel.vars
    uses = []

    class Uses(tir.Visitor):
        def visit_var(self, op):
            uses.append(op)

    Uses().visit(kernel.body)
    assert any(u is by for u in uses) and any(u is bx for u in uses)
    assert all(u is bx or u is by or u.name == "k" for u in uses)
    copies = [s for s in kernel.body.stmts[4].body.stmts if isinstance(s, tir.Copy)]
    assert copies[0].src.buffer is func.buffer_map["A"]


def test_nodes_print_as_the_text_form(gemm_py):
    func = tt_llc.parse(gemm_py).to_tir()["gemm"]
    loop = func.body.body.stmts[4]
    assert str(loop).splitlines() == [
        "for k in T.Pipelined(8, num_stages=2):",
        "    T.copy(A[by * 32:by * 32 + 32, k * 32:k * 32 + 32], A_shared)",
        "    T.copy(B[k * 32:k * 32 + 32, bx * 32:bx * 32 + 32], B_shared)",
        "    T.gemm(A_shared, B_shared, C_local)"]
    start = loop.body.stmts[0].src.starts[1]
    assert str(start) == "k * 32"
    assert str(tir.Binary("add", start, tir.IntImm(1))) == "k * 32 + 1"


def test_mutator_rebuilds_only_what_changed(gemm_py):
    func = tt_llc.parse(gemm_py).to_tir()["gemm"]

    class Nothing(tir.Mutator):
        pass

    assert Nothing().visit(func.body) is func.body

    class Stages(tir.Mutator):
        def visit_for(self, op):
            return op.replace(stages=3, body=self.visit(op.body))

    new = Stages().visit(func.body)
    old_seq, new_seq = func.body.body.stmts, new.body.stmts
    assert new is not func.body
    assert all(a is b for a, b in zip(old_seq[:4], new_seq[:4]))  # allocs and clear kept
    assert new_seq[4].stages == 3 and old_seq[4].stages == 2
    assert "num_stages=3" in func.with_body(new).script()


# --- Template 1: an attribute pass ---------------------------------------------------------


@tt_llc.function_pass(name="add-metadata", after="infer-tt-schedule")
def add_metadata(func, mod, ctx):
    """Function and buffer metadata."""
    func = func.with_attr("tt_some_metadata", {"key": "value", "target": ctx.target})
    for name, buffer in func.buffer_map.items():
        buffer.attrs["tt_note"] = f"{name} seen by {ctx.pass_name}"
    return func


def test_template_attribute_pass(gemm_py):
    source = tt_llc.parse(gemm_py)
    mod = passes.run(source, *passes.pipeline(add_metadata, base="metadata"))
    # The input is unchanged (the pass annotated the buffers of a copy).
    assert "tt_note" not in source["gemm"].buffer_map["B"].attrs
    assert source == tt_llc.parse(gemm_py)
    func = mod["gemm"]
    assert func.attrs["tt_some_metadata"] == {"key": "value", "target": "wormhole_b0"}
    assert func.buffer_map["B"].attrs["tt_note"] == "B seen by add-metadata"
    # The passes after it still ran on the annotated IR.
    assert func.buffer_map["B"].attrs["tt_layout"] == "dram_interleaved"
    # Called directly, the pass is the function.
    t = tt_llc.parse(gemm_py).to_tir()
    assert add_metadata(t["gemm"], t, tir.PassContext("x", "blackhole")).attrs[
        "tt_some_metadata"]["target"] == "blackhole"


def test_attribute_pass_in_compile(gemm_py):
    pipeline = passes.pipeline(add_metadata)
    assert pipeline.index(add_metadata) == pipeline.index("infer-tt-schedule") + 1
    kernel = tt_llc.compile(gemm_py, out_idx=[-1], passes=pipeline, M=64, N=64, K=64)
    assert '"tt_some_metadata": {"key": "value", "target": "wormhole_b0"}' in \
        kernel.get_kernel_source("tir")
    a = np.ones((64, 64), np.float32)
    b = np.full((64, 64), 0.5, np.float32)
    np.testing.assert_array_equal(kernel(a, b), np.full((64, 64), 32.0, np.float32))


# --- Template 2: an analysis visitor -------------------------------------------------------


@tt_llc.function_pass(name="analysis")
def analysis(func, mod, ctx):
    """Counts intrinsic calls and loops; stores them as an attribute."""
    class Analyzer(tir.Visitor):
        def __init__(self):
            self.stats = {"calls": 0, "loops": 0}

        def visit_evaluate(self, op):
            if isinstance(op.value, tir.Call):
                self.stats["calls"] += 1
            super().visit_evaluate(op)

        def visit_for(self, op):
            self.stats["loops"] += 1
            super().visit_for(op)

    analyzer = Analyzer()
    analyzer.visit(func.body)
    return func.with_attr("tt_analysis", analyzer.stats)


def test_template_analysis_visitor(gemm_py):
    mod = passes.run(tt_llc.parse(gemm_py), "default", analysis)
    for func in mod:
        text = str(func.module())
        body = text[text.index("):\n"):]
        # Independently: statement calls are lines starting with tt.; loops with "for ".
        lines = [line.strip() for line in body.splitlines()]
        calls = sum(1 for line in lines if line.startswith("tt."))
        loops = sum(1 for line in lines if line.startswith("for "))
        assert func.attrs["tt_analysis"] == {"calls": calls, "loops": loops}, func.name
    assert mod["gemm_math"].attrs["tt_analysis"]["calls"] > 0


# --- Template 3: a mutator replacing an intrinsic call --------------------------------------


@tt_llc.function_pass(name="zero-instead-of-read", after="memory-space-lower")
def zero_instead_of_read(func, mod, ctx):
    """tt.noc.read_dram(bank, addr, l1, bytes) -> tt.l1.zero(l1, bytes)."""
    class Transformer(tir.Mutator):
        def visit_evaluate(self, op):
            if isinstance(op.value, tir.Call) and op.value.name == "tt.noc.read_dram":
                return tir.evaluate("tt.l1.zero", op.value.args[2], op.value.args[3])
            return super().visit_evaluate(op)

    return func.with_body(Transformer().visit(func.body))


def test_template_mutator(src):
    copy_py = src / "examples" / "copy.py"
    before = passes.run(tt_llc.parse(copy_py), "default")
    after = passes.run(tt_llc.parse(copy_py), *passes.pipeline(zero_instead_of_read))
    calls_before = count_calls(before.to_tir()["copy_reader"].body)
    calls_after = count_calls(after.to_tir()["copy_reader"].body)
    assert calls_before["tt.noc.read_dram"] == 1 and "tt.l1.zero" not in calls_before
    assert "tt.noc.read_dram" not in calls_after and calls_after["tt.l1.zero"] == 1
    # The writer is untouched: the same text.
    assert str(after["copy_writer"].module()) == str(before["copy_writer"].module())

    a = np.arange(256 * 256, dtype=np.float32).reshape(256, 256) / 1024
    plain = tt_llc.compile(copy_py, out_idx=[-1], dtype="float32")
    zeroed = tt_llc.compile(copy_py, out_idx=[-1], dtype="float32",
                            passes=passes.pipeline(zero_instead_of_read))
    np.testing.assert_array_equal(plain(a), a)
    np.testing.assert_array_equal(zeroed(a), np.zeros_like(a))


# --- Template 4: a module pass splitting a function in two ---------------------------------


def used_buffers(stmt):
    found = []

    class Used(tir.Visitor):
        def visit_region(self, op):
            if op.buffer not in found:
                found.append(op.buffer)
            super().visit_region(op)

    Used().visit(stmt)
    return found


@tt_llc.module_pass(name="split-in-two")
def split_in_two(mod, ctx):
    """Each function's kernel body, halved: <name>_part1 and <name>_part2."""
    new_funcs = {}
    for name, func in mod.functions.items():
        kernel = func.body
        stmts = kernel.body.stmts
        half = len(stmts) // 2
        for part, body in (("part1", stmts[:half]), ("part2", stmts[half:])):
            new_kernel = kernel.replace(body=tir.Seq(body))
            used = used_buffers(new_kernel)
            params = [p for p in func.params if p in used]
            new_funcs[f"{name}_{part}"] = func.with_body(new_kernel).with_params(params)
    return tir.IRModule(new_funcs)


def test_template_module_pass():
    mod = passes.run(tt_llc.parse(TWO_COPIES), split_in_two, "metadata")
    assert mod.functions == ["two_copies_part1", "two_copies_part2"]
    assert mod["two_copies_part1"].params == ["A", "B"]
    assert mod["two_copies_part2"].params == ["C", "D"]
    assert mod["two_copies_part2"].attrs["tt_num_tiles"] == 4

    a = np.arange(64 * 64, dtype=np.float32).reshape(64, 64)
    for name, scale in (("two_copies_part1", 1.0), ("two_copies_part2", -2.0)):
        kernel = tt_llc.compile(str(mod), kernel=name, out_idx=[-1])
        np.testing.assert_array_equal(kernel(a * scale), a * scale)


# --- Errors --------------------------------------------------------------------------------


@tt_llc.function_pass(name="divide")
def divide(func, mod, ctx):
    return func.with_attr("ratio", 1 // 0)


def test_exception_in_pass_is_located_at_the_raise(gemm_py):
    with pytest.raises(tt_llc.CompileError) as info:
        tt_llc.compile(gemm_py, passes=["apply-tt-defaults", divide])
    e = info.value
    lines = open(__file__).read().splitlines()
    line = next(i for i, text in enumerate(lines) if "1 // 0)" in text)
    assert (e.file, e.line, e.column) == (__file__, line + 1, lines[line].index("1 // 0") + 1)
    assert e.message == "Python pass 'divide' raised ZeroDivisionError: integer division or " \
        "modulo by zero (in divide)"
    assert "the Python traceback:" in e.report and "1 // 0" in e.report


def test_exception_inside_the_package_is_located_in_the_users_code(gemm_py):
    @tt_llc.function_pass(name="visits-an-int")
    def visits_an_int(func, mod, ctx):
        tir.Visitor().visit(42)  # the TypeError is raised in tt_llc/tir.py
        return func

    with pytest.raises(tt_llc.CompileError) as info:
        passes.run(tt_llc.parse(gemm_py), visits_an_int)
    e = info.value
    lines = open(__file__).read().splitlines()
    assert (e.file, e.line) == (__file__, lines.index(
        "        tir.Visitor().visit(42)  # the TypeError is raised in tt_llc/tir.py") + 1)
    assert e.message == "Python pass 'visits-an-int' raised TypeError: cannot visit a int " \
        "(in visits_an_int)"


def test_wrong_result_type_names_the_pass(gemm_py):
    @tt_llc.function_pass(name="forgets-return")
    def forgets_return(func, mod, ctx):
        func.with_attr("x", 1)

    with pytest.raises(tt_llc.CompileError) as info:
        passes.run(tt_llc.parse(gemm_py), forgets_return)
    e = info.value
    assert e.message == "Python pass 'forgets-return' returned bad IR: function 'gemm' is a " \
        "NoneType, not a tt_llc.tir.PrimFunc"
    assert e.file == "<tt_llc module>" and e.line > 0

    @tt_llc.function_pass(name="bad-field")
    def bad_field(func, mod, ctx):
        return func.with_body(func.body.replace(body=tir.Seq([tir.Evaluate(42)])))

    with pytest.raises(tt_llc.CompileError) as info:
        passes.run(tt_llc.parse(gemm_py), bad_field)
    assert info.value.message == "Python pass 'bad-field' returned bad IR: function " \
        "'gemm'.body.body.stmts[0].value is a int, not an expression"

    @tt_llc.function_pass(name="bad-attr")
    def bad_attr(func, mod, ctx):
        return func.with_attr("tt_obj", object())

    with pytest.raises(tt_llc.CompileError, match="function 'gemm'.attrs\\['tt_obj'\\] is a "
                       "object"):
        passes.run(tt_llc.parse(gemm_py), bad_attr)

    @tt_llc.function_pass(name="huge")
    def huge(func, mod, ctx):
        return func.with_attr("tt_big", 2 ** 70)

    with pytest.raises(tt_llc.CompileError, match="function 'gemm'.attrs\\['tt_big'\\] is "
                       "1180591620717411303424, which does not fit 64 bits"):
        passes.run(tt_llc.parse(gemm_py), huge)

    @tt_llc.function_pass(name="bad-call")
    def bad_call(func, mod, ctx):
        return func.with_body(tir.Seq([func.body, tir.evaluate("tt.no_such_thing")]))

    with pytest.raises(tt_llc.CompileError, match="calls 'tt.no_such_thing', which is not an "
                       "intrinsic"):
        passes.run(tt_llc.parse(gemm_py), bad_call)

    @tt_llc.function_pass(name="bad-name")
    def bad_name(func, mod, ctx):
        return func.with_name("not a name")

    with pytest.raises(tt_llc.CompileError, match="function 'gemm'.name is 'not a name', not an "
                       "identifier"):
        passes.run(tt_llc.parse(gemm_py), bad_name)

    @tt_llc.module_pass(name="empties")
    def empties(mod, ctx):
        return tir.IRModule()

    with pytest.raises(tt_llc.CompileError) as info:
        tt_llc.compile(gemm_py, passes=[empties, "default"])
    assert info.value.message == "Python pass 'empties' returned bad IR: the result has no " \
        "functions"
    assert info.value.line > 0  # at the function the pass was given


def test_ill_formed_result_gets_the_verifier_diagnostic(gemm_py):
    @tt_llc.function_pass(name="drop-allocs")
    def drop_allocs(func, mod, ctx):
        class Drop(tir.Mutator):
            def visit_alloc(self, op):
                return None

        return func.with_body(Drop().visit(func.body))

    source = open(gemm_py).read()
    with pytest.raises(tt_llc.CompileError) as info:
        tt_llc.compile(gemm_py, passes=[drop_allocs])
    e = info.value
    m = re.match(r"Python pass 'drop-allocs' returned IR that is not well formed: buffer '(\w+)' "
                 "is used outside the scope where it is defined$", e.message)
    assert m and m[1] in ("A_shared", "B_shared", "C_local")
    # Located in the user's kernel, at a use of the buffer whose allocation was dropped.
    assert e.file == str(gemm_py)
    assert source.splitlines()[e.line - 1][e.column - 1:].startswith(m[1])


def test_pass_names_are_checked():
    with pytest.raises(ValueError, match="name of a tt-llc pass"):
        tt_llc.function_pass(name="verify")(lambda f, m, c: f)
    with pytest.raises(ValueError, match="is not a tt-llc pass"):
        tt_llc.function_pass(after="no-such-pass")(lambda f, m, c: f)
    with pytest.raises(TypeError, match="a pass is a name or a tt_llc.Pass"):
        passes.run(tt_llc.parse(TWO_COPIES), 42)


def test_print_after_and_time_passes_name_the_python_pass(gemm_py, capsys):
    passes.run(tt_llc.parse(gemm_py), "apply-tt-defaults", add_metadata,
               print_after=["add-metadata"])
    out = capsys.readouterr().out
    assert out.startswith("# *** IR Dump After add-metadata ***\n")
    assert '"tt_some_metadata": {"key": "value", "target": "wormhole_b0"}' in out

    passes.run(tt_llc.parse(gemm_py), "apply-tt-defaults", add_metadata, time_passes=True)
    out = capsys.readouterr().out
    timed = [line.split()[-1] for line in out.splitlines() if "%)" in line]
    assert "add-metadata" in timed and "apply-tt-defaults" in timed, out

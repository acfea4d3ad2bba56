"""Tile IR as Python objects: statements, expressions, buffers and functions to walk and rebuild.

Reads:      what the C++ side (python/PyIR.cpp) builds from a module of Tile IR (ir/IR.h), or
            nodes a Python pass builds itself.
Guarantees: one class per node kind of ir/IR.h with the same fields (snake_case names);
            statements and expressions are immutable values (``node.replace(field=...)`` makes
            a changed copy) and ``Var`` is compared by identity, as in C++; a ``Buffer`` is an
            identity object whose ``attrs`` a pass may annotate in place, as C++ passes do.
            ``Visitor`` visits every child by default; ``Mutator`` rebuilds a node only when
            a child changed (an unchanged subtree comes back as the same object, and keeps
            its C++ node and source location). Nodes a pass builds have no location; they
            take the location of the nearest enclosing node that has one when they go back
            to C++.
Example::

    class Count(tir.Visitor):
        def __init__(self):
            self.calls = 0

        def visit_call(self, op):
            self.calls += 1
            super().visit_call(op)

    c = Count()
    c.visit(func.body)
"""

import dataclasses
import re
from dataclasses import dataclass, field

__all__ = [
    "Node", "Expr", "Stmt", "IntImm", "FloatImm", "StringImm", "Var", "Unary", "Binary",
    "Select", "Cast", "Load", "Call", "Region", "Seq", "Kernel", "For", "Alloc", "Let", "If",
    "Copy", "Gemm", "Fill", "Store", "Evaluate", "Buffer", "PrimFunc", "IRModule",
    "PassContext", "Visitor", "Mutator", "call", "evaluate",
]

COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
BINARY_OPS = ("add", "sub", "mul", "div", "floordiv", "floormod", "min", "max") + COMPARISONS + (
    "and", "or")
UNARY_OPS = ("neg", "not")
FOR_KINDS = ("serial", "pipelined", "parallel")
SCOPES = ("global", "shared", "fragment", "local", "cb")


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_node = dataclass(frozen=True, eq=False)


class Node:
    """A statement, an expression or a region. ``loc`` is the C++ node's source location (an
    opaque handle, valid while the pass runs; None for nodes a pass built)."""

    _children = ()

    def replace(self, **changes):
        """A copy with the fields ``changes`` names replaced (no location: it is a new node)."""
        changes.setdefault("loc", None)
        return dataclasses.replace(self, **changes)

    def children(self):
        """(field name, value) of the fields that hold nodes or lists of nodes."""
        return [(name, getattr(self, name)) for name in self._children]

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls._kind = _snake(cls.__name__)


def _tuple(obj, name):
    value = getattr(obj, name)
    if isinstance(value, list):
        object.__setattr__(obj, name, tuple(value))


class Expr(Node):
    """An expression; ``dtype`` is its type ("int32", "float32", "bool", "void", ...).
    ``str(expr)`` is its text form (``by * 32 + k``)."""

    def __str__(self):
        from . import _core
        return _core.tir_expr_text(self)


class Stmt(Node):
    """A statement. ``str(stmt)`` is its text form (the lines of a function body)."""

    def __str__(self):
        text = PrimFunc("_", (), self).script()
        lines = text[text.index("def _():\n") + len("def _():\n"):].splitlines()
        return "\n".join(line[4:] for line in lines)


# --- Expressions ---------------------------------------------------------------------------


@_node
class IntImm(Expr):
    value: int
    dtype: str = "int32"
    loc: object = field(default=None, repr=False)


@_node
class FloatImm(Expr):
    value: float
    dtype: str = "float32"
    loc: object = field(default=None, repr=False)


@_node
class StringImm(Expr):
    value: str
    loc: object = field(default=None, repr=False)
    dtype = "void"


@_node
class Var(Expr):
    """A scalar variable (block index, loop variable, let, scalar parameter): identity."""
    name: str
    dtype: str = "int32"
    loc: object = field(default=None, repr=False)


@_node
class Unary(Expr):
    op: str  # "neg" or "not"
    a: Expr
    dtype: str = None
    loc: object = field(default=None, repr=False)
    _children = ("a",)

    def __post_init__(self):
        if self.dtype is None:
            object.__setattr__(self, "dtype", "bool" if self.op == "not" else self.a.dtype)


@_node
class Binary(Expr):
    op: str  # one of BINARY_OPS
    a: Expr
    b: Expr
    dtype: str = None
    loc: object = field(default=None, repr=False)
    _children = ("a", "b")

    def __post_init__(self):
        if self.dtype is None:
            object.__setattr__(
                self, "dtype", "bool" if self.op in COMPARISONS + ("and", "or") else self.a.dtype)


@_node
class Select(Expr):
    cond: Expr
    t: Expr
    f: Expr
    dtype: str = None
    loc: object = field(default=None, repr=False)
    _children = ("cond", "t", "f")

    def __post_init__(self):
        if self.dtype is None:
            object.__setattr__(self, "dtype", self.t.dtype)


@_node
class Cast(Expr):
    dtype: str
    value: Expr
    loc: object = field(default=None, repr=False)
    _children = ("value",)


@_node
class Load(Expr):
    buffer: "Buffer"
    indices: tuple
    loc: object = field(default=None, repr=False)
    _children = ("indices",)

    def __post_init__(self):
        _tuple(self, "indices")

    @property
    def dtype(self):
        return self.buffer.dtype


@_node
class Call(Expr):
    """A call of a named intrinsic ("tt.cb.reserve_back", "exp", ...: ir/Intrinsics.cpp's
    table). Back in C++ its type is the table's, whatever ``dtype`` says."""
    name: str
    args: tuple = ()
    dtype: str = "void"
    loc: object = field(default=None, repr=False)
    _children = ("args",)

    def __post_init__(self):
        _tuple(self, "args")


def _expr(x):
    if isinstance(x, Expr):
        return x
    if isinstance(x, bool):
        return IntImm(int(x), "bool")
    if isinstance(x, int):
        return IntImm(x)
    if isinstance(x, float):
        return FloatImm(x)
    if isinstance(x, str):
        return StringImm(x)
    raise TypeError(f"cannot make an expression of a {type(x).__name__}")


def call(name, *args, dtype="void"):
    """``Call(name, args)``, with Python ints, floats and strings as constants."""
    return Call(name, tuple(_expr(a) for a in args), dtype)


def evaluate(name, *args):
    """The statement calling the intrinsic ``name`` (``Evaluate(call(name, *args))``)."""
    return Evaluate(call(name, *args))


# --- Statements ----------------------------------------------------------------------------


@_node
class Region(Node):
    """Per dimension of ``buffer`` a start (an expression) and a constant extent."""
    buffer: "Buffer"
    starts: tuple
    extents: tuple
    loc: object = field(default=None, repr=False)
    _children = ("starts",)

    def __post_init__(self):
        _tuple(self, "starts")
        _tuple(self, "extents")

    @staticmethod
    def full(buffer):
        return Region(buffer, tuple(IntImm(0) for _ in buffer.shape), tuple(buffer.shape))


@_node
class Seq(Stmt):
    stmts: tuple
    loc: object = field(default=None, repr=False)
    _children = ("stmts",)

    def __post_init__(self):
        _tuple(self, "stmts")


@_node
class Kernel(Stmt):
    grid: tuple
    vars: tuple
    body: Stmt
    loc: object = field(default=None, repr=False)
    _children = ("grid", "vars", "body")

    def __post_init__(self):
        _tuple(self, "grid")
        _tuple(self, "vars")


@_node
class For(Stmt):
    var: Var
    begin: Expr
    end: Expr
    body: Stmt
    kind: str = "serial"  # one of FOR_KINDS
    stages: int = 0
    loc: object = field(default=None, repr=False)
    _children = ("var", "begin", "end", "body")


@_node
class Alloc(Stmt):
    buffer: "Buffer"
    loc: object = field(default=None, repr=False)


@_node
class Let(Stmt):
    var: Var
    value: Expr
    loc: object = field(default=None, repr=False)
    _children = ("var", "value")


@_node
class If(Stmt):
    cond: Expr
    then: Stmt
    otherwise: Stmt = None
    loc: object = field(default=None, repr=False)
    _children = ("cond", "then", "otherwise")


@_node
class Copy(Stmt):
    src: Region
    dst: Region
    loc: object = field(default=None, repr=False)
    _children = ("src", "dst")


@_node
class Gemm(Stmt):
    a: Region
    b: Region
    c: Region
    trans_a: bool = False
    trans_b: bool = False
    clear_accum: bool = False
    loc: object = field(default=None, repr=False)
    _children = ("a", "b", "c")


@_node
class Fill(Stmt):
    dst: Region
    value: Expr
    loc: object = field(default=None, repr=False)
    _children = ("dst", "value")


@_node
class Store(Stmt):
    buffer: "Buffer"
    indices: tuple
    value: Expr
    loc: object = field(default=None, repr=False)
    _children = ("indices", "value")

    def __post_init__(self):
        _tuple(self, "indices")


@_node
class Evaluate(Stmt):
    """Evaluates an expression (an intrinsic call) for its effect."""
    value: Expr
    loc: object = field(default=None, repr=False)
    _children = ("value",)


# --- Buffers, functions, modules -----------------------------------------------------------


class Buffer:
    """A buffer: name, shape, dtype, scope and attributes. An identity object: every use of it
    in a function refers to this one object, and a pass annotates it in place
    (``buf.attrs["tt_layout"] = ...``) as C++ passes do."""

    def __init__(self, name, shape, dtype, scope="global", attrs=None, loc=None):
        self.name, self.shape, self.dtype, self.scope = name, tuple(shape), dtype, scope
        self.attrs = dict(attrs or {})
        self.loc = loc

    def __repr__(self):
        return f"Buffer({self.name}, {list(self.shape)}, {self.dtype}, {self.scope})"


class PrimFunc:
    """A function: name, parameters (Buffers and Vars), attributes and body. A value: the
    ``with_*`` methods return a changed copy."""

    def __init__(self, name, params, body, attrs=None, loc=None):
        self.name, self.params, self.body = name, tuple(params), body
        self.attrs = dict(attrs or {})
        self.loc = loc

    @property
    def buffer_map(self):
        """The buffer parameters by name (a new dict)."""
        return {p.name: p for p in self.params if isinstance(p, Buffer)}

    def _copy(self, **changes):
        fields = dict(name=self.name, params=self.params, body=self.body, attrs=self.attrs,
                      loc=self.loc)
        fields.update(changes)
        return PrimFunc(**fields)

    def with_attr(self, key, value):
        return self._copy(attrs={**self.attrs, key: value})

    def with_attrs(self, attrs):
        return self._copy(attrs={**self.attrs, **attrs})

    def with_body(self, body):
        return self._copy(body=body)

    def with_name(self, name):
        return self._copy(name=name)

    def with_params(self, params):
        return self._copy(params=params)

    def script(self):
        """The Tile IR text form of the function (through the C++ printer)."""
        return IRModule({self.name: self}).script()

    __str__ = script

    def __repr__(self):
        return f"<tt_llc.tir.PrimFunc {self.name}>"


class IRModule:
    """Functions by name, in order. ``IRModule({"f": func, ...})``: each function is renamed to
    its key when the names differ."""

    def __init__(self, functions=None):
        self.functions = {}
        for name, func in (functions or {}).items():
            if not isinstance(func, PrimFunc):
                raise TypeError(f"IRModule: '{name}' is a {type(func).__name__}, not a PrimFunc")
            self.functions[name] = func if func.name == name else func.with_name(name)

    def __getitem__(self, name):
        return self.functions[name]

    def __contains__(self, name):
        return name in self.functions

    def __iter__(self):
        return iter(self.functions.values())

    def __len__(self):
        return len(self.functions)

    def script(self):
        """The Tile IR text form (through the C++ printer; the IR must convert back)."""
        from . import _core
        return _core.tir_script(self)

    __str__ = script

    def __repr__(self):
        return f"<tt_llc.tir.IRModule {', '.join(self.functions)}>"


class PassContext:
    """What a Python pass knows of its run: the pass's name and the target's name."""

    def __init__(self, pass_name, target):
        self.pass_name, self.target = pass_name, target

    def __repr__(self):
        return f"PassContext({self.pass_name!r}, {self.target!r})"


# --- Visitor and mutator -------------------------------------------------------------------


def _dispatch(self, node):
    if isinstance(node, Node):
        return getattr(self, "visit_" + node._kind)(node)
    raise TypeError(f"cannot visit a {type(node).__name__}")


class Visitor:
    """Walks statements and expressions: ``visit(node)`` calls ``visit_<kind>(node)``
    (``visit_for``, ``visit_evaluate``, ``visit_call``, ``visit_int_imm``, ...), whose default
    visits the node's children. Override the kinds you care about and call
    ``super().visit_<kind>(op)`` to go on into the children."""

    visit = _dispatch

    def generic_visit(self, node):
        for _, value in node.children():
            if isinstance(value, tuple):
                for v in value:
                    self.visit(v)
            elif value is not None:
                self.visit(value)


class Mutator:
    """Rebuilds statements and expressions: ``visit(node)`` calls ``visit_<kind>(node)``, which
    returns the node to use instead. The default visits the children and returns the node
    itself when none changed, else a copy with the new children. In a Seq, a statement
    visited to None is dropped."""

    visit = _dispatch

    def generic_visit(self, node):
        changes = {}
        for name, value in node.children():
            if isinstance(value, tuple):
                new = tuple(self.visit(v) for v in value)
                if name == "stmts":
                    new = tuple(s for s in new if s is not None)
                if len(new) != len(value) or any(a is not b for a, b in zip(new, value)):
                    changes[name] = new
            elif value is not None:
                new = self.visit(value)
                if new is not value:
                    changes[name] = new
        if not changes:
            return node
        return dataclasses.replace(node, loc=node.loc, **changes)


def _default(self, node):
    return self.generic_visit(node)


def _install_defaults():
    for cls in list(globals().values()):
        if isinstance(cls, type) and issubclass(cls, Node) and dataclasses.is_dataclass(cls):
            setattr(Visitor, "visit_" + cls._kind, _default)
            setattr(Mutator, "visit_" + cls._kind, _default)


_install_defaults()

# RUN: not %tt-llc %s --emit=tir --kernel=unbound 2>&1 | FileCheck --strict-whitespace %s --check-prefix=CONST
# RUN: not %tt-llc %s --emit=tir --kernel=dynamic 2>&1 | FileCheck --strict-whitespace %s --check-prefix=DYN
# RUN: not %tt-llc %s --emit=tir --kernel=local_tensor 2>&1 | FileCheck --strict-whitespace %s --check-prefix=LOCAL
# RUN: not %tt-llc %s --emit=tir --kernel=unbound -D X=1 2>&1 | FileCheck --strict-whitespace %s --check-prefix=DASHD
# RUN: not %tt-llc %s --emit=tir --kernel=host_call 2>&1 | FileCheck --strict-whitespace %s --check-prefix=HOST
# Located errors of the eager style: a T.const name nothing binds, a
# symbolic dimension, an annotated tensor that is not a parameter, a -D that
# names nothing, and host code in the factory.
import tilelang
import tilelang.language as T


@tilelang.jit
def unbound(A):
    M = T.const("M")
    A: T.Tensor((M,), T.float32)
    with T.Kernel(1) as bx:
        T.clear(A)
    return A


@tilelang.jit
def dynamic(A):
    M = T.dynamic("M")
    A: T.Tensor((M,), T.float32)
    with T.Kernel(1) as bx:
        T.clear(A)


@tilelang.jit
def local_tensor(A):
    A: T.Tensor((32,), T.float32)
    W: T.Tensor((32,), T.float32)
    with T.Kernel(1) as bx:
        T.clear(A)


@tilelang.jit
def host_call(A, n=4):
    A: T.Tensor((32,), T.float32)
    ref = torch.zeros(n)
    with T.Kernel(1) as bx:
        T.clear(A)

# CONST: {{.*}}errors.py:15:9: error: 'M' of T.const has no value: pass -D M=VALUE, or call 'unbound.compile(M=...)' with literal arguments in the file
# CONST-NEXT: {{^}}    M = T.const("M"){{$}}
# CONST-NEXT: {{^}}        ^{{$}}

# DYN: {{.*}}errors.py:24:9: error: symbolic dimensions (T.dynamic) are not supported: tt-llc compiles fixed shapes; bind the dimension to a constant (T.const, or a parameter with -D)

# LOCAL: {{.*}}errors.py:33:5: error: 'W' is not a parameter of 'local_tensor': tensors of an eager kernel are its parameters or T.empty outputs

# DASHD: {{^}}tt-llc: error: -D X: 'unbound' has no parameter 'X' (its parameters are: M){{$}}

# HOST: {{.*}}errors.py:41:11: error: cannot evaluate a call of 'torch.zeros' in the kernel factory

//===- passes/GridToPersistent.cpp - grid-to-persistent ---------------------===//
//
// Reads: a kernel after layout-aware-work-partition (tt.runtime_args,
// tt.partition_mode) with one T.Kernel.
// Guarantees: the T.Kernel is gone. Every runtime argument of any program
// is a scalar parameter of the function (after the buffers): X_addr as
// uint32, the others int32, in the order reader, compute, writer names them.
// The kernel body runs in a persistent loop over the core's work:
//   global:      for i in T.serial(count):
//                    tile = start_id + i; bx = tile % gx; by = tile // gx
//                (gx the grid's x extent, a constant, else the grid_x argument)
//   local_shard: for i in T.serial(tiles_h * tiles_w):
//                    by = tile_y0 + i // tiles_w; bx = tile_x0 + i % tiles_w
// (a 1-D grid has only bx = tile). The block indices keep their variables,
// now bound by lets.
// Example: `with T.Kernel(8, 8) as (bx, by): body` becomes
//   for i in T.serial(count):
//       tile: T.int32 = start_id + i
//       bx: T.int32 = tile % 8
//       by: T.int32 = tile // 8
//       body
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/Metadata.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/Casting.h"

#include <functional>
#include <map>

using namespace ttllc;

namespace {

/// Replaces the one top-level T.Kernel by `replacement(kernel)`.
Stmt replaceKernel(const Stmt &s, const std::function<Stmt(const KernelNode &)> &replacement) {
  if (auto *k = llvm::dyn_cast<KernelNode>(s.get()))
    return replacement(*k);
  if (auto *sq = llvm::dyn_cast<SeqNode>(s.get())) {
    std::vector<Stmt> out;
    for (const Stmt &x : sq->stmts)
      out.push_back(replaceKernel(x, replacement));
    return seq(std::move(out), sq->loc);
  }
  return s;
}

} // namespace

bool ttllc::runGridToPersistent(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    auto args = md::kRuntimeArgs.get(*f);
    auto mode = md::kPartitionMode.get(*f);
    if (!args || !mode) {
      ctx.diag.error(f->loc, "grid-to-persistent needs " + std::string(md::kRuntimeArgs.name()) +
                                 " and " + md::kPartitionMode.name() +
                                 ": run layout-aware-work-partition first");
      return false;
    }
    // One parameter per runtime-argument name.
    std::map<std::string, Var> params;
    for (const auto *names : {&args->reader, &args->compute, &args->writer})
      for (const std::string &name : *names) {
        if (params.count(name))
          continue;
        bool addr = name.size() > 5 && name.compare(name.size() - 5, 5, "_addr") == 0;
        Var v = makeVar(name, addr ? DType::UInt32 : DType::Int32, f->loc);
        params[name] = v;
        f->params.push_back(v);
      }
    auto param = [&](const char *name) -> Expr {
      auto it = params.find(name);
      return it == params.end() ? nullptr : Expr(it->second);
    };
    bool found = false;
    f->body = replaceKernel(f->body, [&](const KernelNode &k) -> Stmt {
      found = true;
      llvm::SMLoc loc = k.loc;
      Var i = makeVar("i", DType::Int32, loc);
      std::vector<Stmt> body;
      Expr trip;
      if (*mode == "local_shard") {
        Expr w = param("tiles_w");
        trip = mul(param("tiles_h"), w);
        if (k.vars.size() > 1)
          body.push_back(std::make_shared<const LetNode>(
              k.vars[1], add(param("tile_y0"), floorDiv(i, w)), loc));
        body.push_back(
            std::make_shared<const LetNode>(k.vars[0], add(param("tile_x0"), floorMod(i, w)), loc));
      } else {
        trip = param("count");
        Var tile = makeVar("tile", DType::Int32, loc);
        body.push_back(std::make_shared<const LetNode>(tile, add(param("start_id"), i), loc));
        if (k.vars.size() == 1) {
          body.push_back(std::make_shared<const LetNode>(k.vars[0], tile, loc));
        } else {
          // The grid is fixed at compile time (the plan's kernel_grid; the
          // grid_x argument always holds it): a constant divisor lets LLVM
          // turn the divisions into shifts and fold by * grid_x + bx back
          // into the tile.
          std::optional<int64_t> gridX = asConstInt(k.grid[0]);
          Expr gx = gridX ? intImm(*gridX) : param("grid_x");
          body.push_back(std::make_shared<const LetNode>(k.vars[0], floorMod(tile, gx), loc));
          Expr rest = floorDiv(tile, gx);
          if (k.vars.size() == 3) {
            int64_t gy = asConstInt(k.grid[1]).value_or(1);
            body.push_back(
                std::make_shared<const LetNode>(k.vars[1], floorMod(rest, intImm(gy)), loc));
            body.push_back(
                std::make_shared<const LetNode>(k.vars[2], floorDiv(rest, intImm(gy)), loc));
          } else {
            body.push_back(std::make_shared<const LetNode>(k.vars[1], rest, loc));
          }
        }
      }
      body.push_back(k.body);
      return std::make_shared<const ForNode>(i, intImm(0), trip, ForKind::Serial, 0,
                                             seq(std::move(body), loc), loc);
    });
    if (!found) {
      ctx.diag.error(f->loc, "function '" + f->name + "' has no top-level T.Kernel to lower");
      return false;
    }
  }
  return true;
}

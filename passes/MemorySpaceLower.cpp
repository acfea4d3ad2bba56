//===- passes/MemorySpaceLower.cpp - memory-space-lower ----------------------===//
//
// Reads: a kernel after dst-management: copies between 2-D DRAM-interleaved
// global buffers and on-chip buffers that have circular buffers (tt_cb_id),
// compute that reads those CBs (tt.matmul_tiles), CB and page geometry from
// the metadata passes.
// Guarantees: no on-chip buffer is left; on-chip memory is circular buffers.
//   T.copy(G[r0:r0+h, c0:c0+w], X)   (X has CB c, n = h/32 * w/32 pages)
//       tt.cb.reserve_back(c, n)
//       for each tile (tr, tc) of the region:
//           page = (r0/32 + tr) * G_tiles_w + (c0/32 + tc)
//           tt.noc.read_dram(page % banks, G_addr + page // banks * aligned_page,
//                            tt.cb.write_ptr(c) + (tr * w/32 + tc) * page_size, page_size)
//       tt.noc.read_barrier()
//       tt.cb.push_back(c, n)
//     and, when compute reads CB c, tt.cb.wait_front(c, n) before the first
//     such statement and tt.cb.pop_front(c, n) after the last one of the
//     same block;
//   T.copy(X, G[...])   ->  wait_front / noc.write_dram per tile /
//                            noc.write_barrier / pop_front.
// With tt_tile_guard (tile-pad) each tile is guarded: a tile past the
// buffer's tile grid is zero-filled (tt.l1.zero) by the reader and not
// written by the writer. Bank and offset are plain integer arithmetic (the
// interleaved rule of docs/plan-schema.md). Pipelined loops become serial
// loops: the CB depth does the pipelining.
// Errors (at the statement): page ids or bank offsets that do not fit 32 bits
// (checked arithmetic), regions that are not whole tiles, dtype
// conversion in a copy, L1 or non-2-D global buffers, and any other use of
// an on-chip buffer (element-wise code on fragments is not lowered yet).
// Example: T.copy(A[by * 32:by * 32 + 32, k * 32:k * 32 + 32], A_shared) with
// A 256x256 bfloat16 on 12 banks reads page by * 8 + k into CB 0.
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Metadata.h"
#include "ir/Printer.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <map>

using namespace ttllc;
using llvm::dyn_cast;

namespace {

/// CB ids that compute statements read (tt.matmul_tiles operands).
std::vector<int64_t> computeReads(const Stmt &s) {
  struct F : IRVisitor {
    std::vector<int64_t> cbs;
    void visitCall(const CallNode *c) override {
      if (c->name == "tt.matmul_tiles")
        for (size_t i : {0, 1})
          if (auto v = asConstInt(c->args[i]))
            cbs.push_back(*v);
      IRVisitor::visitCall(c);
    }
  } f;
  f.visit(s);
  return f.cbs;
}

class Lowerer : public IRMutator {
public:
  Lowerer(PassContext &ctx, PrimFunc &f) : ctx_(ctx), f_(f) {}
  bool ok = true;

protected:
  Stmt mutateSeq(const std::shared_ptr<const SeqNode> &s) override;
  Stmt mutateFor(const std::shared_ptr<const ForNode> &s) override {
    return std::make_shared<const ForNode>(s->var, s->begin, s->end, ForKind::Serial, 0,
                                           block(s->body), s->loc);
  }
  Stmt mutateIf(const std::shared_ptr<const IfNode> &s) override {
    return std::make_shared<const IfNode>(s->cond, block(s->then),
                                          s->otherwise ? block(s->otherwise) : nullptr, s->loc);
  }

public:
  /// Lowers a statement as a block of its own (a body that is one copy).
  Stmt block(const Stmt &s) {
    if (s->kind == StmtKind::Seq)
      return mutate(s);
    return mutateSeq(std::make_shared<const SeqNode>(std::vector<Stmt>{s}, s->loc));
  }

private:
  PassContext &ctx_;
  PrimFunc &f_;

  bool fail(llvm::SMLoc loc, const std::string &msg) {
    if (ok)
      ctx_.diag.error(loc, msg);
    ok = false;
    return false;
  }
  /// Lowers one copy; `pagesIn` gets (cb, n) for copies into a CB.
  std::optional<Stmt> lowerCopy(const CopyNode &c, std::optional<std::pair<int64_t, int64_t>> &in);
  Expr addrParam(const Buffer &g);
};

Expr Lowerer::addrParam(const Buffer &g) {
  for (const Param &p : f_.params)
    if (auto *v = std::get_if<Var>(&p); v && (*v)->name == g->name + "_addr")
      return *v;
  return nullptr;
}

/// start / 32 for a tile-aligned linear start, else null.
Expr tileIndex(const Expr &start) {
  auto lin = asLinear(start);
  if (!lin || lin->constant % kTileHeight)
    return nullptr;
  Expr e = intImm(lin->constant / kTileHeight);
  for (const auto &[v, k] : lin->terms) {
    if (k % kTileHeight)
      return nullptr;
    e = add(e, mul(v, intImm(k / kTileHeight)));
  }
  return e;
}

std::optional<Stmt> Lowerer::lowerCopy(const CopyNode &c,
                                       std::optional<std::pair<int64_t, int64_t>> &in) {
  bool read = c.src.buffer->scope == Scope::Global;
  const Region &g = read ? c.src : c.dst;
  const Region &x = read ? c.dst : c.src;
  llvm::SMLoc loc = c.loc;
  const Buffer &G = g.buffer, &X = x.buffer;
  auto fail = [&](const std::string &msg) {
    this->fail(loc, msg);
    return std::nullopt;
  };
  auto cb = md::kCBId.get(*X);
  if (!cb)
    return fail("'" + X->name + "' has no circular buffer, so this copy cannot be lowered");
  if (G->shape.size() != 2)
    return fail("only 2-D global buffers can be copied on Tensix; '" + G->name + "' has " +
                std::to_string(G->shape.size()) + " dimensions");
  if (auto desc = md::kLayoutDesc.get(*G); desc && desc->isL1())
    return fail("copies of L1 buffer '" + G->name + "' are not lowered yet (DRAM only)");
  // The pack that filled an accumulator's CB already converted to G's format.
  bool packed = !read && X->scope == Scope::Fragment;
  if (G->dtype != X->dtype && !packed)
    return fail("this copy converts " + std::string(dtypeName(G->dtype)) + " to " +
                std::string(dtypeName(X->dtype)) +
                "; copies between global and on-chip "
                "buffers must keep the dtype");
  if (!x.isFull() || X->shape != g.extents)
    return fail("this copy must move a whole " + std::string(read ? "destination" : "source") +
                " buffer '" + X->name + "' of the region's shape");
  Expr r0 = tileIndex(g.starts[0]), c0 = tileIndex(g.starts[1]);
  if (!r0 || !c0 || g.extents[0] % kTileHeight || g.extents[1] % kTileWidth)
    return fail("the region of '" + G->name + "' is not made of whole 32x32 tiles (start " +
                toString(g.starts[0]) + ", " + toString(g.starts[1]) + ")");
  auto acc = md::kTensorAccessor.get(*G);
  auto tilesH = md::kNumTilesHeight.get(*G), tilesW = md::kNumTilesWidth.get(*G);
  Expr addr = addrParam(G);
  if (!acc || !tilesH || !tilesW || !addr)
    return fail("'" + G->name +
                "' has no interleaving metadata or address argument: run the "
                "metadata passes and grid-to-persistent first");
  int64_t banks = acc->numBanks, aligned = acc->alignedPageSize, pageSize = acc->pageSize;
  bool guard = md::kTileGuard.get(*G).value_or(false);
  int64_t th = g.extents[0] / kTileHeight, tw = g.extents[1] / kTileWidth, n = th * tw;
  if (banks <= 0)
    return fail("'" + G->name + "' has " + std::to_string(banks) + " banks");
  // The device computes page ids and bank offsets in 32 bits. tile-pad
  // proved every region starts inside the tile grid, so a page id is below
  // (tilesH + th) * tilesW + tw; checked, so that metadata read from Tile IR
  // text cannot make it wrap.
  auto maxPage = llvm::checkedMulAdd(*tilesH + th, *tilesW, tw);
  auto maxOffset = maxPage ? llvm::checkedMul(*maxPage / banks + 1, aligned) : std::nullopt;
  if (!maxOffset || *maxPage > INT32_MAX || *maxOffset > int64_t(UINT32_MAX))
    return fail("the pages of '" + G->name + "' (" + std::to_string(*tilesH) + "x" +
                std::to_string(*tilesW) + " tiles of " + std::to_string(aligned) + " bytes over " +
                std::to_string(banks) +
                " banks) that this copy addresses do not fit the 32-bit page ids and bank "
                "offsets of the device");

  Var trV = th > 1 ? makeVar("tr", DType::Int32, loc) : nullptr;
  Var tcV = tw > 1 ? makeVar("tc", DType::Int32, loc) : nullptr;
  Expr tr = trV ? Expr(trV) : intImm(0), tc = tcV ? Expr(tcV) : intImm(0);
  Expr row = add(r0, tr), col = add(c0, tc);
  Var page = makeVar("page", DType::Int32, loc);
  Expr l1 =
      add(call(read ? "tt.cb.write_ptr" : "tt.cb.read_ptr", {intImm(*cb)}, DType::UInt32, loc),
          mul(add(mul(tr, intImm(tw)), tc), intImm(pageSize)));
  Expr bank = floorMod(page, intImm(banks));
  Expr bankAddr = add(addr, mul(floorDiv(page, intImm(banks)), intImm(aligned)));
  Stmt move = read ? evaluate("tt.noc.read_dram", {bank, bankAddr, l1, intImm(pageSize)}, loc)
                   : evaluate("tt.noc.write_dram", {l1, bank, bankAddr, intImm(pageSize)}, loc);
  if (guard) {
    Expr inside = binary(BinaryOp::And, binary(BinaryOp::LT, row, intImm(*tilesH)),
                         binary(BinaryOp::LT, col, intImm(*tilesW)));
    Stmt zero = read ? evaluate("tt.l1.zero", {l1, intImm(pageSize)}, loc) : nullptr;
    move = std::make_shared<const IfNode>(inside, move, zero, loc);
  }
  Stmt tile = seq(
      {std::make_shared<const LetNode>(page, add(mul(row, intImm(*tilesW)), col), loc), move}, loc);
  if (tcV)
    tile =
        std::make_shared<const ForNode>(tcV, intImm(0), intImm(tw), ForKind::Serial, 0, tile, loc);
  if (trV)
    tile =
        std::make_shared<const ForNode>(trV, intImm(0), intImm(th), ForKind::Serial, 0, tile, loc);
  if (read) {
    in = std::pair{*cb, n};
    return seq({evaluate("tt.cb.reserve_back", {intImm(*cb), intImm(n)}, loc), tile,
                evaluate("tt.noc.read_barrier", {}, loc),
                evaluate("tt.cb.push_back", {intImm(*cb), intImm(n)}, loc)},
               loc);
  }
  return seq({evaluate("tt.cb.wait_front", {intImm(*cb), intImm(n)}, loc), tile,
              evaluate("tt.noc.write_barrier", {}, loc),
              evaluate("tt.cb.pop_front", {intImm(*cb), intImm(n)}, loc)},
             loc);
}

Stmt Lowerer::mutateSeq(const std::shared_ptr<const SeqNode> &s) {
  std::vector<Stmt> out;
  std::vector<std::pair<int64_t, int64_t>> filled; // CBs loaded in this block
  for (const Stmt &x : s->stmts) {
    if (!ok)
      return s;
    if (auto *al = dyn_cast<AllocNode>(x.get()); al && al->buffer->scope != Scope::Global)
      continue; // on-chip memory is the circular buffers now
    auto *cp = dyn_cast<CopyNode>(x.get());
    if (cp &&
        (cp->src.buffer->scope == Scope::Global) != (cp->dst.buffer->scope == Scope::Global)) {
      std::optional<std::pair<int64_t, int64_t>> in;
      auto lowered = lowerCopy(*cp, in);
      if (!lowered)
        return s;
      out.push_back(*lowered);
      if (in)
        filled.push_back(*in);
      continue;
    }
    out.push_back(mutate(x));
  }
  // Compute that reads a CB filled here waits for it first and frees it
  // after, in the order the CBs were filled.
  std::vector<std::vector<Stmt>> before(out.size()), after(out.size());
  for (const auto &[cb, n] : filled) {
    std::optional<size_t> first;
    size_t last = 0;
    for (size_t i = 0; i < out.size(); ++i)
      for (int64_t r : computeReads(out[i]))
        if (r == cb) {
          first = first.value_or(i);
          last = i;
        }
    if (!first)
      continue;
    llvm::SMLoc loc = out[*first]->loc;
    before[*first].push_back(evaluate("tt.cb.wait_front", {intImm(cb), intImm(n)}, loc));
    after[last].push_back(evaluate("tt.cb.pop_front", {intImm(cb), intImm(n)}, loc));
  }
  std::vector<Stmt> result;
  for (size_t i = 0; i < out.size(); ++i) {
    result.insert(result.end(), before[i].begin(), before[i].end());
    result.push_back(out[i]);
    result.insert(result.end(), after[i].begin(), after[i].end());
  }
  out = std::move(result);
  return seq(std::move(out), s->loc);
}

/// Reports the first statement that still uses an on-chip buffer.
class Leftovers : public IRVisitor {
public:
  explicit Leftovers(PassContext &ctx) : ctx_(ctx) {}
  bool ok = true;

protected:
  void report(llvm::SMLoc loc, const Buffer &b, const char *what) {
    if (!ok)
      return;
    ctx_.diag.error(loc, std::string(what) + " on " +
                             (b->scope == Scope::Global ? "global" : "on-chip") + " buffer '" +
                             b->name +
                             "' cannot be lowered to Tensix programs yet (supported: T.copy of "
                             "whole tiles between global and on-chip buffers, and T.gemm)");
    ok = false;
  }
  void visitCopy(const CopyNode *s) override {
    report(s->loc, s->src.buffer, "this copy");
    report(s->loc, s->dst.buffer, "this copy");
  }
  void visitFill(const FillNode *s) override { report(s->loc, s->dst.buffer, "T.fill"); }
  void visitStore(const StoreNode *s) override {
    report(s->loc, s->buffer, "an element store");
    IRVisitor::visitStore(s);
  }
  void visitLoad(const LoadNode *e) override {
    report(e->loc, e->buffer, "an element load");
    IRVisitor::visitLoad(e);
  }
  void visitGemm(const GemmNode *s) override { report(s->loc, s->c.buffer, "T.gemm"); }

private:
  PassContext &ctx_;
};

} // namespace

bool ttllc::runMemorySpaceLower(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    Lowerer l(ctx, *f);
    Stmt body = l.block(f->body);
    if (!l.ok)
      return false;
    Leftovers left(ctx);
    left.visit(body);
    if (!left.ok)
      return false;
    f->body = body;
  }
  return true;
}

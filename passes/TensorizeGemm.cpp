//===- passes/TensorizeGemm.cpp - tensorize-gemm ----------------------------===//
//
// Reads: a persistent kernel (grid-to-persistent) whose block body has the
// TileLang GEMM shape, with CB ids and the output sub-block
// (tt.gemm_subblock) from propagate-tt-layout:
//     T.clear(C)                                  C: fragment accumulator
//     for k in ...:
//         T.copy(A_global[...], A_s)
//         T.copy(B_global[...], B_s)
//         T.gemm(A_s, B_s, C[, transpose_B=True])
//     T.copy(C, C_global[...])                    (or C -> S -> C_global)
// Guarantees:
//  1. Sub-blocking: DST has room for `capacity` tiles (8 in 16-bit, 4 with
//     fp32 accumulation, which a float32 accumulator implies). A block of
//     Mt x Nt tiles larger than that is split into the sh x sw sub-blocks
//     propagate-tt-layout chose and recorded in tt.gemm_subblock (sh | Mt,
//     sw | Nt, sh * sw <= capacity, the largest such, then the widest;
//     passes/Analysis.h, chooseSubBlock), in one of two forms:
//  1a. Reuse (tt.gemm_reuse, set by propagate-tt-layout when the K steps
//     are a constant count): the K loop is outside and the sub-blocks
//     inside. The K loop is peeled into its first step, the middle steps
//     and its last (loops of their own, with fresh loop variables; one
//     section when there is one step); each keeps the step's copies of the
//     whole A and B blocks, then
//       for sb in T.serial(nsub): [sm, sn lets]
//           T.clear(C_sub)
//           T.copy(C_partials, C_sub)          (all steps but the first)
//           tt.matmul_tiles over the sub-block's tiles of the A and B blocks
//           T.copy(C_sub, C_partials)          (all steps but the last)
//           the copies out, moved to the sub-block (the last step)
//     where C_sub is the accumulator shrunk to the sub-block and
//     C_partials a new shared buffer of the accumulator's dtype with CB
//     tt.gemm_partials_cb (dst-management turns the two copies into a
//     reload of DST and a pack). Each A and B tile is read once per block.
//  1b. Streaming (otherwise): DST holds the accumulator of a sub-block over
//     the whole K loop. The clear, K loop and copy out are wrapped in
//       for sb in T.serial(nsub): sm = sb // (Nt / sw); sn = sb % (Nt / sw)
//     (just sb or 0 when the sub-blocks form one row or one column)
//     and every buffer of the group shrinks to its sub-block share: the
//     copies read only the A rows and B columns the sub-block needs (the
//     inputs are streamed once per sub-block), the copy out writes the
//     sub-block (propagate-tt-layout sized the CBs for it already).
//  2. T.gemm becomes the tt-metal compute API over the (sub-)block's tiles:
//       tt.mm_init(cb_a, cb_b, cb_out, transpose_b)   (once, at the top)
//       for kk, ii, jj: tt.matmul_tiles(cb_a, cb_b, (r0 + ii) * kb + kk,
//                                        kk * bw + c0 + jj, ii * sw + jj, tb)
//     (B tile (c0 + jj) * kb + kk when transposed), r0, c0 the sub-block's
//     first tile row and column in the CBs' blocks (0 but with reuse), bw
//     the tiles of a row of B's block in its CB; cb_out is the CB the
//     accumulator is packed into.
// Example: 128x128x32 blocks with a float32 accumulator and K = 256: 16
// tiles > 4, so 4 sub-blocks of 1x4 tiles; with reuse, K steps [0, 1),
// [1, 7), [7, 8), each reading A's 4x1 and B's 1x4 tiles once for the four
// sub-blocks; C_local shrinks to 32x128, C_local_partials (CB 31) holds the
// four sub-blocks' float32 partial sums between steps.
// Errors: transpose_A, clear_accum, blocks that are not whole tiles, more
// than one gemm, operands that have no circular buffer, a missing
// tt.gemm_subblock or one that does not divide the block, more sub-blocks
// than a 32-bit loop counts; with tt.gemm_reuse, a group that does not have
// the form above (a K loop without a constant trip count, the gemm not last
// in it, other statements after it than copies of the accumulator) or a
// missing tt.gemm_partials_cb.
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Metadata.h"
#include "ir/Target.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <map>

using namespace ttllc;
using llvm::dyn_cast;

namespace {

class GemmFinder : public IRVisitor {
public:
  std::vector<const GemmNode *> gemms;

protected:
  void visitGemm(const GemmNode *s) override { gemms.push_back(s); }
};

bool references(const Stmt &s, const BufferNode *b) {
  struct Finder : IRVisitor {
    const BufferNode *b;
    bool found = false;
    void note(const Region &r) { found |= r.buffer.get() == b; }
    void visitCopy(const CopyNode *s) override {
      note(s->src);
      note(s->dst);
      IRVisitor::visitCopy(s);
    }
    void visitGemm(const GemmNode *s) override {
      note(s->a);
      note(s->b);
      note(s->c);
    }
    void visitFill(const FillNode *s) override {
      note(s->dst);
      IRVisitor::visitFill(s);
    }
    void visitStore(const StoreNode *s) override {
      found |= s->buffer.get() == b;
      IRVisitor::visitStore(s);
    }
    void visitLoad(const LoadNode *e) override {
      found |= e->buffer.get() == b;
      IRVisitor::visitLoad(e);
    }
  } f;
  f.b = b;
  f.visit(s);
  return f.found;
}

/// A buffer replaced by its sub-block share: `dim` grows by `offset`.
struct Shrunk {
  Buffer buffer;
  std::vector<std::pair<size_t, Expr>> offsets; // per dimension of the old buffer
};

/// Rewrites the statements of one accumulation group for a sub-block.
class SubBlockRewriter : public IRMutator {
public:
  std::map<const BufferNode *, Shrunk> shrunk;

protected:
  Region shift(const Region &r, const std::map<const BufferNode *, Shrunk>::const_iterator &it) {
    Region out = r;
    for (const auto &[d, off] : it->second.offsets) {
      out.starts[d] = add(out.starts[d], off);
      out.extents[d] = it->second.buffer->shape[d];
    }
    return out;
  }
  /// A region of a shrunk on-chip buffer becomes the whole new buffer; a
  /// global region paired with one moves by the sub-block offset.
  Stmt mutateCopy(const std::shared_ptr<const CopyNode> &s) override {
    auto src = shrunk.find(s->src.buffer.get()), dst = shrunk.find(s->dst.buffer.get());
    if (src == shrunk.end() && dst == shrunk.end())
      return s;
    Region from = src != shrunk.end() ? Region::full(src->second.buffer, s->src.loc) : s->src;
    Region to = dst != shrunk.end() ? Region::full(dst->second.buffer, s->dst.loc) : s->dst;
    // The global side takes the offsets of the on-chip side.
    if (src == shrunk.end() && from.buffer->scope == Scope::Global)
      from = shift(from, dst);
    if (dst == shrunk.end() && to.buffer->scope == Scope::Global)
      to = shift(to, src);
    return std::make_shared<const CopyNode>(from, to, s->loc);
  }
  Stmt mutateGemm(const std::shared_ptr<const GemmNode> &s) override {
    auto re = [&](const Region &r) {
      auto it = shrunk.find(r.buffer.get());
      return it == shrunk.end() ? r : Region::full(it->second.buffer, r.loc);
    };
    return std::make_shared<const GemmNode>(re(s->a), re(s->b), re(s->c), s->transA, s->transB,
                                            s->clearAccum, s->loc);
  }
  Stmt mutateFill(const std::shared_ptr<const FillNode> &s) override {
    auto it = shrunk.find(s->dst.buffer.get());
    if (it == shrunk.end())
      return s;
    return std::make_shared<const FillNode>(Region::full(it->second.buffer, s->dst.loc), s->value,
                                            s->loc);
  }
  Stmt mutateAlloc(const std::shared_ptr<const AllocNode> &s) override {
    auto it = shrunk.find(s->buffer.get());
    return it == shrunk.end() ? s : std::make_shared<const AllocNode>(it->second.buffer, s->loc);
  }
};

/// The tt.matmul_tiles loops of an sh x sw-tile (sub-)block over kb K tiles:
/// its rows start at tile row r0 of the A block in CB cbA (kb tiles per
/// row), its columns at tile column c0 of the B block in CB cbB (bw tiles
/// per row; [n][k], kb per row, when transposed); DST tile ii * sw + jj.
Stmt matmulLoops(int64_t cbA, int64_t cbB, int64_t kb, int64_t sh, int64_t sw, Expr r0, Expr c0,
                 int64_t bw, bool transB, llvm::SMLoc loc) {
  auto axis = [&](const char *name, int64_t n) -> std::pair<Var, Expr> {
    if (n == 1)
      return {nullptr, intImm(0)};
    Var v = makeVar(name, DType::Int32, loc);
    return {v, v};
  };
  auto [kkV, kk] = axis("kk", kb);
  auto [iiV, ii] = axis("ii", sh);
  auto [jjV, jj] = axis("jj", sw);
  Expr row = add(r0, ii), col = add(c0, jj);
  Expr ia = add(mul(row, intImm(kb)), kk);
  Expr ib = transB ? add(mul(col, intImm(kb)), kk) : add(mul(kk, intImm(bw)), col);
  Expr dst = add(mul(ii, intImm(sw)), jj);
  Stmt body =
      evaluate("tt.matmul_tiles", {intImm(cbA), intImm(cbB), ia, ib, dst, intImm(transB)}, loc);
  for (auto [v, n] : {std::pair{jjV, sw}, std::pair{iiV, sh}, std::pair{kkV, kb}})
    if (v)
      body =
          std::make_shared<const ForNode>(v, intImm(0), intImm(n), ForKind::Serial, 0, body, loc);
  return body;
}

/// Replaces each T.gemm by its matmul_tiles loops.
class GemmLowerer : public IRMutator {
public:
  GemmLowerer(int64_t cbOut) : cbOut_(cbOut) {}

protected:
  Stmt mutateGemm(const std::shared_ptr<const GemmNode> &g) override {
    int64_t cbA = *md::kCBId.get(*g->a.buffer), cbB = *md::kCBId.get(*g->b.buffer);
    int64_t sh = g->c.extents[0] / kTileHeight, sw = g->c.extents[1] / kTileWidth;
    int64_t kb = g->a.extents[1] / kTileWidth;
    llvm::SMLoc loc = g->loc;
    Stmt body = matmulLoops(cbA, cbB, kb, sh, sw, intImm(0), intImm(0), sw, g->transB, loc);
    init =
        evaluate("tt.mm_init", {intImm(cbA), intImm(cbB), intImm(cbOut_), intImm(g->transB)}, loc);
    return body;
  }

public:
  Stmt init;

private:
  int64_t cbOut_;
};

struct Context {
  PassContext &ctx;
  PrimFunc &f;
  const GemmNode *gemm;
  int64_t sh = 1, sw = 1; // the output sub-block in tiles
  bool fail(llvm::SMLoc loc, const std::string &msg) {
    ctx.diag.error(loc, msg);
    return false;
  }
};

Buffer shrink(const Buffer &b, std::vector<int64_t> shape) {
  Buffer n = makeBuffer(b->name, std::move(shape), b->dtype, b->scope, b->loc);
  n->attrs = b->attrs;
  return n;
}

/// Replaces a var by another (a peeled K step gets its own loop variable).
class VarSubst : public IRMutator {
public:
  VarSubst(const VarNode *from, Var to) : from_(from), to_(std::move(to)) {}

protected:
  Expr mutateLeaf(const Expr &e) override { return e.get() == from_ ? Expr(to_) : e; }

private:
  const VarNode *from_;
  Var to_;
};

/// The reuse form of a sub-blocked group (header, guarantee 1a): statements
/// [first, last] of `stmts` are T.clear(acc), the K loop (or the gemm with
/// its copies, one K step) and the copies out; `cbOut` is the CB the
/// result is packed into.
std::optional<Stmt> tensorizeReuse(Context &c, const std::vector<Stmt> &stmts, size_t first,
                                   size_t last, llvm::SMLoc loc, int64_t cbOut, Stmt &init) {
  const GemmNode &g = *c.gemm;
  const Buffer &acc = g.c.buffer;
  int64_t mt = acc->shape[0] / kTileHeight, nt = acc->shape[1] / kTileWidth;
  int64_t kb = g.a.buffer->shape[1] / kTileWidth;
  int64_t sh = c.sh, sw = c.sw, nsw = nt / sw, nsh = mt / sh, nsub = nsh * nsw;
  auto unsupported = [&](llvm::SMLoc at, const std::string &why) -> std::optional<Stmt> {
    c.fail(at, "tensorize-gemm cannot reuse the input blocks of this gemm (" +
                   std::string(md::kGemmReuse.name()) + "): " + why);
    return std::nullopt;
  };
  // The statement of the group that holds the gemm: the gemm or its K loop.
  std::optional<size_t> gi;
  for (size_t i = first + 1; i <= last && !gi; ++i)
    if (references(stmts[i], g.a.buffer.get()) && references(stmts[i], acc.get()))
      gi = i;
  if (!gi)
    return unsupported(g.loc, "the gemm is not in the group of T.clear");
  const ForNode *loop = dyn_cast<ForNode>(stmts[*gi].get());
  std::vector<Stmt> perStep; // the body of one K step without the gemm
  int64_t steps = 1;
  if (loop) {
    auto trips = constantDifference(loop->end, loop->begin);
    if (!trips || *trips < 1)
      return unsupported(loop->loc, "the K loop has no constant trip count");
    steps = *trips;
    auto *body = dyn_cast<SeqNode>(loop->body.get());
    std::vector<Stmt> inner = body ? body->stmts : std::vector<Stmt>{loop->body};
    if (inner.empty() || inner.back().get() != static_cast<const StmtNode *>(&g))
      return unsupported(loop->loc, "the gemm must be the last statement of the K loop");
    perStep.assign(inner.begin(), inner.end() - 1);
  } else {
    if (stmts[*gi].get() != static_cast<const StmtNode *>(&g))
      return unsupported(stmts[*gi]->loc, "the gemm must be in the K loop or the group itself");
  }
  for (const Stmt &s : perStep)
    if (references(s, acc.get()))
      return unsupported(s->loc, "the K loop uses the accumulator outside the gemm");
  std::vector<Stmt> post(stmts.begin() + long(*gi) + 1, stmts.begin() + long(last) + 1);
  for (const Stmt &s : post)
    if (!dyn_cast<CopyNode>(s.get()))
      return unsupported(s->loc, "only copies of the accumulator may follow the K loop");
  auto partialsCB = md::kGemmPartialsCB.get(c.f);
  if (steps > 1 && !partialsCB)
    return unsupported(g.loc, "a K loop of " + std::to_string(steps) + " steps needs " +
                                  std::string(md::kGemmPartialsCB.name()) +
                                  " (run propagate-tt-layout first)");

  // One sub-block's accumulator (and on-chip copy of it), at (sm, sn).
  SubBlockRewriter rw;
  Buffer subAcc = shrink(acc, {sh * kTileHeight, sw * kTileWidth});
  std::map<const BufferNode *, Buffer> small{{acc.get(), subAcc}};
  for (const Stmt &s : post)
    if (auto *cp = dyn_cast<CopyNode>(s.get());
        cp && cp->src.buffer == acc && cp->dst.buffer->scope != Scope::Global)
      small[cp->dst.buffer.get()] = shrink(cp->dst.buffer, {sh * kTileHeight, sw * kTileWidth});
  Buffer partials;
  if (steps > 1) {
    partials =
        makeBuffer(acc->name + "_partials", subAcc->shape, acc->dtype, Scope::Shared, acc->loc);
    md::kCBId.set(*partials, *partialsCB);
  }
  int64_t cbA = *md::kCBId.get(*g.a.buffer), cbB = *md::kCBId.get(*g.b.buffer);
  init = evaluate("tt.mm_init", {intImm(cbA), intImm(cbB), intImm(cbOut), intImm(g.transB)}, loc);

  // The sub-block loop of one K step: `reload` partial sums first, then the
  // matmuls, then `finish` (the pack into the partials or the copies out).
  auto subBlocks = [&](bool reload, bool toPartials) -> Stmt {
    Var sb = makeVar("sb", DType::Int32, loc);
    std::vector<Stmt> body;
    auto coord = [&](const char *name, Expr value, bool trivial) -> Expr {
      if (trivial)
        return value;
      Var v = makeVar(name, DType::Int32, loc);
      body.push_back(std::make_shared<const LetNode>(v, value, loc));
      return v;
    };
    bool grid = nsw > 1 && nsh > 1;
    Expr sm = nsh == 1 ? intImm(0) : coord("sm", floorDiv(sb, intImm(nsw)), !grid);
    Expr sn = nsw == 1 ? intImm(0) : coord("sn", floorMod(sb, intImm(nsw)), !grid);
    if (!grid && nsh == 1)
      sn = sb;
    Expr rowOff = mul(sm, intImm(sh * kTileHeight)), colOff = mul(sn, intImm(sw * kTileWidth));
    for (const auto &[from, to] : small)
      rw.shrunk[from] = {to, {{0, rowOff}, {1, colOff}}};
    body.push_back(std::make_shared<const FillNode>(Region::full(subAcc, loc), intImm(0), loc));
    if (reload)
      body.push_back(std::make_shared<const CopyNode>(Region::full(partials, loc),
                                                      Region::full(subAcc, loc), loc));
    // The sub-block's tiles of the whole blocks of A and B in their CBs.
    Stmt mm = matmulLoops(cbA, cbB, kb, sh, sw, mul(sm, intImm(sh)), mul(sn, intImm(sw)), nt,
                          g.transB, g.loc);
    body.push_back(mm);
    if (toPartials)
      body.push_back(std::make_shared<const CopyNode>(Region::full(subAcc, loc),
                                                      Region::full(partials, loc), loc));
    else
      for (const Stmt &s : post)
        body.push_back(rw.mutate(s));
    return std::make_shared<const ForNode>(sb, intImm(0), intImm(nsub), ForKind::Serial, 0,
                                           seq(std::move(body), loc), loc);
  };
  // One section of K steps [from, to): its own loop, so that its CB waits
  // and pops stay in its body (memory-space-lower).
  auto section = [&](Expr from, Expr to, bool reload, bool toPartials) -> Stmt {
    std::vector<Stmt> body = perStep;
    body.push_back(subBlocks(reload, toPartials));
    if (!loop)
      return seq(std::move(body), loc);
    Var k = makeVar(loop->var->name, loop->var->dtype, loop->var->loc);
    VarSubst subst(loop->var.get(), k);
    return std::make_shared<const ForNode>(k, from, to, loop->forKind, loop->stages,
                                           subst.mutate(seq(std::move(body), loop->loc)),
                                           loop->loc);
  };
  // The allocations before the group get the sub-block shapes.
  for (const auto &[from, to] : small)
    rw.shrunk[from] = {to, {}};
  std::vector<Stmt> out;
  for (size_t i = 0; i < first; ++i)
    out.push_back(rw.mutate(stmts[i]));
  if (partials)
    out.push_back(std::make_shared<const AllocNode>(partials, loc));
  for (size_t i = first + 1; i < *gi; ++i)
    out.push_back(stmts[i]); // before the K loop: once
  if (steps == 1) {
    out.push_back(section(loop ? loop->begin : nullptr, loop ? loop->end : nullptr, false, false));
  } else {
    // First K step: no partial sums yet; the middle ones reload and store
    // them; the last reloads them and packs the result.
    Expr b = loop->begin, e = loop->end, b1 = add(b, intImm(1)), e1 = sub(e, intImm(1));
    out.push_back(section(b, b1, false, true));
    if (steps > 2)
      out.push_back(section(b1, e1, true, true));
    out.push_back(section(e1, e, true, false));
  }
  out.insert(out.end(), stmts.begin() + long(last) + 1, stmts.end());
  return seq(std::move(out), loc);
}

/// Splits the accumulation group of `acc` (statements [first, last] of `s`)
/// into sub-blocks when it does not fit DST; lowers the gemm.
std::optional<Stmt> tensorizeSeq(Context &c, const std::vector<Stmt> &stmts, size_t first,
                                 size_t last, llvm::SMLoc loc, Stmt &init) {
  const GemmNode &g = *c.gemm;
  const Buffer &acc = g.c.buffer;
  int64_t mt = acc->shape[0] / kTileHeight, nt = acc->shape[1] / kTileWidth;
  int64_t sh = c.sh, sw = c.sw;
  std::vector<Stmt> group(stmts.begin() + long(first), stmts.begin() + long(last) + 1);
  // Pack target: the CB of the accumulator's on-chip copy, else its own.
  const BufferNode *packInto = acc.get();
  for (const Stmt &s : group)
    if (auto *cp = dyn_cast<CopyNode>(s.get());
        cp && cp->src.buffer == acc && md::kCBId.has(*cp->dst.buffer))
      packInto = cp->dst.buffer.get();
  auto cbOut = md::kCBId.get(*packInto);
  if (!cbOut) {
    c.fail(g.loc, "the accumulator '" + acc->name +
                      "' of this gemm is never copied to a "
                      "circular buffer");
    return std::nullopt;
  }
  std::vector<Stmt> out = stmts;
  // The sub-block loop counts in 32 bits (checked: no wrapped trip count).
  auto count = llvm::checkedMul(mt / sh, nt / sw);
  if (!count || *count > INT32_MAX) {
    c.fail(g.loc, "the " + std::to_string(mt) + "x" + std::to_string(nt) +
                      " tiles of the accumulator '" + acc->name + "' of this gemm make " +
                      (count ? std::to_string(*count) : std::string("more than 2^63")) + " " +
                      std::to_string(sh) + "x" + std::to_string(sw) +
                      "-tile sub-blocks, more than a 32-bit loop counts (2147483647)");
    return std::nullopt;
  }
  int64_t nsub = *count;
  if (nsub > 1 && md::kGemmReuse.get(c.f).value_or(false))
    return tensorizeReuse(c, stmts, first, last, loc, *cbOut, init);
  if (nsub > 1) {
    Stmt body = seq(group, loc);
    Var sb = makeVar("sb", DType::Int32, loc);
    // Sub-block coordinates; lets only when they compute something.
    int64_t nsw = nt / sw, nsh = mt / sh;
    std::vector<Stmt> lets;
    auto coord = [&](const char *name, Expr value, bool trivial) -> Expr {
      if (trivial)
        return value;
      Var v = makeVar(name, DType::Int32, loc);
      lets.push_back(std::make_shared<const LetNode>(v, value, loc));
      return v;
    };
    Expr sm = coord("sm", floorDiv(sb, intImm(nsw)), nsw == 1 || nsh == 1);
    Expr sn = coord("sn", floorMod(sb, intImm(nsw)), nsw == 1 || nsh == 1);
    Expr rowOff = mul(sm, intImm(sh * kTileHeight)), colOff = mul(sn, intImm(sw * kTileWidth));
    SubBlockRewriter rw;
    const Buffer &A = g.a.buffer, &B = g.b.buffer;
    rw.shrunk[A.get()] = {shrink(A, {sh * kTileHeight, A->shape[1]}), {{0, rowOff}}};
    size_t bn = g.transB ? 0 : 1;
    std::vector<int64_t> bshape = B->shape;
    bshape[bn] = sw * kTileWidth;
    rw.shrunk[B.get()] = {shrink(B, bshape), {{bn, colOff}}};
    rw.shrunk[acc.get()] = {shrink(acc, {sh * kTileHeight, sw * kTileWidth}),
                            {{0, rowOff}, {1, colOff}}};
    // An on-chip copy of the accumulator (C -> S -> global) shrinks with it.
    for (const Stmt &s : group)
      if (auto *cp = dyn_cast<CopyNode>(s.get());
          cp && cp->src.buffer == acc && cp->dst.buffer->scope != Scope::Global)
        rw.shrunk[cp->dst.buffer.get()] = {
            shrink(cp->dst.buffer, {sh * kTileHeight, sw * kTileWidth}),
            {{0, rowOff}, {1, colOff}}};
    body = rw.mutate(body);
    lets.push_back(body);
    body = seq(std::move(lets), loc);
    body =
        std::make_shared<const ForNode>(sb, intImm(0), intImm(nsub), ForKind::Serial, 0, body, loc);
    // The allocations of the group's buffers, before it, get the new shapes.
    out.clear();
    for (size_t i = 0; i < stmts.size(); ++i) {
      if (i == first)
        out.push_back(body);
      if (i >= first && i <= last)
        continue;
      out.push_back(i < first ? rw.mutate(stmts[i]) : stmts[i]);
    }
  }
  GemmLowerer gl(*cbOut);
  Stmt result = gl.mutate(seq(std::move(out), loc));
  init = gl.init;
  return result;
}

/// Finds the Seq holding T.clear(acc) and tensorizes its group.
class GroupFinder : public IRMutator {
public:
  GroupFinder(Context &c) : c_(c) {}
  bool ok = true;
  bool done = false;
  Stmt init;

protected:
  Stmt mutateSeq(const std::shared_ptr<const SeqNode> &s) override {
    if (done || !ok)
      return s;
    const BufferNode *acc = c_.gemm->c.buffer.get();
    std::optional<size_t> first;
    size_t last = 0;
    for (size_t i = 0; i < s->stmts.size(); ++i) {
      auto *fill = dyn_cast<FillNode>(s->stmts[i].get());
      if (!first && fill && fill->dst.buffer.get() == acc && isConstZero(fill->value))
        first = i;
      if (first && references(s->stmts[i], acc))
        last = i;
    }
    if (!first)
      return IRMutator::mutateSeq(s);
    // The copy of the accumulator's on-chip copy to global memory belongs to
    // the group too.
    for (size_t i = last + 1; i < s->stmts.size(); ++i)
      if (auto *cp = dyn_cast<CopyNode>(s->stmts[i].get()))
        for (size_t j = *first; j <= last; ++j)
          if (auto *prev = dyn_cast<CopyNode>(s->stmts[j].get());
              prev && prev->src.buffer.get() == acc && prev->dst.buffer == cp->src.buffer)
            last = i;
    done = true;
    auto r = tensorizeSeq(c_, s->stmts, *first, last, s->loc, init);
    if (!r) {
      ok = false;
      return s;
    }
    return *r;
  }

private:
  Context &c_;
};

} // namespace

bool ttllc::runTensorizeGemm(Module &m, PassContext &ctx) {
  for (PrimFuncPtr &f : m.funcs) {
    GemmFinder finder;
    finder.visit(f->body);
    if (finder.gemms.empty())
      continue;
    Context c{ctx, *f, finder.gemms[0]};
    if (finder.gemms.size() > 1)
      return c.fail(finder.gemms[1]->loc, "tensorize-gemm supports one T.gemm per kernel");
    const GemmNode &g = *finder.gemms[0];
    if (g.transA)
      return c.fail(g.loc, "transpose_A is not supported on Tensix (the matrix engine transposes "
                           "only B); transpose A when it is copied instead");
    if (g.clearAccum)
      return c.fail(g.loc, "clear_accum is not supported; clear the accumulator with T.clear "
                           "before the K loop");
    for (const Region *r : {&g.a, &g.b, &g.c}) {
      if (!r->isFull() || r->buffer->shape.size() != 2 || r->buffer->shape[0] % kTileHeight ||
          r->buffer->shape[1] % kTileWidth)
        return c.fail(g.loc, "gemm operand '" + r->buffer->name +
                                 "' must be a whole 2-D buffer of 32x32 tiles");
      if (r != &g.c && !md::kCBId.has(*r->buffer))
        return c.fail(g.loc, "gemm operand '" + r->buffer->name +
                                 "' has no circular buffer: it must be loaded with T.copy from a "
                                 "global buffer");
    }
    // The sub-block propagate-tt-layout sized the CBs for.
    auto sub = md::kGemmSubBlock.get(*f);
    if (!sub)
      return c.fail(g.loc, "tensorize-gemm needs " + std::string(md::kGemmSubBlock.name()) +
                               " [sh, sw]: run propagate-tt-layout first");
    int64_t mt = g.c.buffer->shape[0] / kTileHeight, nt = g.c.buffer->shape[1] / kTileWidth;
    auto [sh, sw] = *sub;
    if (sh <= 0 || sw <= 0 || mt % sh || nt % sw)
      return c.fail(g.loc, std::string(md::kGemmSubBlock.name()) + " [" + std::to_string(sh) +
                               ", " + std::to_string(sw) + "] does not divide the " +
                               std::to_string(mt) + "x" + std::to_string(nt) +
                               " tiles of the accumulator '" + g.c.buffer->name + "'");
    c.sh = sh;
    c.sw = sw;
    GroupFinder gf(c);
    Stmt body = gf.mutate(f->body);
    if (!gf.ok)
      return false;
    if (!gf.done)
      return c.fail(g.loc, "the accumulator '" + g.c.buffer->name +
                               "' must be cleared with T.clear before the gemm's loop");
    f->body = seq({gf.init, body}, f->body->loc);
  }
  return true;
}

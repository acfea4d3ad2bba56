//===- passes/VerifyTTIR.cpp - verify-tt-ir -------------------------------===//
//
// Reads: a lowered module (after split-kernels, docs/lowering.md): host
// functions ("tt.program" = "host", "tt.cb_descriptors") and their programs
// ("tt.program" = reader / unpack / math / pack / writer, "tt.kernel" = the
// host's name), with every CB and DST operation explicit.
// Guarantees: nothing changes. Fails, reporting every violation at the IR
// location of the offending statement (or function), when
//   - a CB id is not a constant in [0, numCBs);
//   - a CB of a kernel has not exactly one producer program (reserve_back /
//     push_back) and one consumer program (wait_front / pop_front), or no
//     "cb_<id>" descriptor on the host;
//   - in a loop body or a function body of a program, the pages reserved and
//     pushed of a CB differ, or those waited and popped (a nested loop counts
//     trips x its own sums and must balance itself; a count past int64 is
//     not counted, never wrapped), a push (pop) comes with
//     no page reserved (waited) before it in that body, a page count is not a
//     positive constant, or the pages reserved (waited) at once exceed the
//     CB's num_pages (reserve_back / wait_front would never return);
//   - write_ptr / pack_tile use a CB outside reserve_back .. push_back, or
//     read_ptr / unpack.matmul_tiles / unpack.copy_tile outside wait_front ..
//     pop_front (constant tile indices must be below the pages held);
//   - (unpack.)copy_tile reloads DST from a CB whose descriptor's role is
//     not "intermediate" (partial sums are the only tiles loaded into DST);
//     math.copy_tile runs outside acquire .. commit;
//   - the producer of a CB pushes a different number of pages per iteration
//     of its persistent loop (and outside it) than the consumer pops; CBs that
//     a non-constant loop other than the persistent loop moves are skipped;
//   - tile_regs_acquire / commit do not alternate in each body of math, or
//     tile_regs_wait / release in pack; math.matmul_tiles runs outside
//     acquire .. commit or pack_tile outside wait .. release; math commits DST
//     a different number of times per persistent iteration than pack
//     releases it; a constant DST index is not below the program's
//     "tt.dst_capacity" (default: the target's DST tiles, 16-bit or fp32 with
//     "tt.fp32_dest_acc");
//   - an intrinsic tied to one program (ir/Intrinsics.cpp) is in another;
//   - the total_size of the host's tt.cb_descriptors exceeds the target's L1
//     (a checked sum);
//   - "tt.program" / "tt.kernel" / the host's "tt.cb_descriptors" is missing
//     or malformed, or a kernel has two programs of one kind.
// The persistent loop is the first loop with a non-constant trip count
// directly in a program's body (`for i in T.serial(count)`); pages outside it
// are compared separately. Once a CB's count is wrong in a body it is left
// out of the later checks, so one mistake gives one error.
// Example: a reader whose K loop reserves one page of CB 0 but pushes two,
//     for k in T.serial(8):
//         tt.cb.reserve_back(0, 1)
//         ...
//         tt.cb.push_back(0, 2)
//   is reported at the loop:
//     k.tir:19:9: error: in 'gemm_reader', CB 0: 1 page reserved but 2
//     pushed per iteration of this loop
//         for k in T.serial(8):
//         ^
//
//===----------------------------------------------------------------------===//

#include "ir/IROperators.h"
#include "ir/IRVisitor.h"
#include "ir/Intrinsics.h"
#include "ir/Metadata.h"
#include "passes/Passes.h"
#include "support/Diagnostics.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace ttllc;
using llvm::SMLoc;

namespace {

/// The key of DST in the per-channel maps; CBs are keyed by their id. DST is
/// handed from math to pack like a one-page CB: acquire / commit are its
/// reserve / push, wait / release its wait / pop.
constexpr int64_t kDST = -1;

enum class Op { Reserve, Push, Wait, Pop };

std::string quoted(std::string_view s, char quote = '\'') {
  std::string r(1, quote);
  r.append(s);
  r += quote;
  return r;
}

/// An attribute or field name as messages show it: "tt.program".
std::string attr(std::string_view name) { return quoted(name, '"'); }
const std::string kDescriptors = attr(md::kCBDescriptors.name());

std::string plural(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string pagesStr(int64_t n) { return plural(n, "page", "pages"); }

std::string countWord(size_t n) {
  static const char *words[] = {"no", "one", "two", "three", "four", "five"};
  return n < std::size(words) ? words[n] : std::to_string(n);
}

std::optional<ProgramKind> parseProgramKind(std::string_view s) {
  for (ProgramKind k : {ProgramKind::Reader, ProgramKind::Unpack, ProgramKind::Math,
                        ProgramKind::Pack, ProgramKind::Writer})
    if (programName(k) == s)
      return k;
  return std::nullopt;
}

/// One CB (or DST) within one loop or function body. Pages of nested loops
/// with a constant trip count are included (trips x their sums); nested loops
/// with a non-constant trip count balance, so they add equally to both sides
/// and are left out (the totals are then marked inexact).
struct Chan {
  int64_t reserved = 0, pushed = 0, waited = 0, popped = 0;
  /// Reported (or not countable): no further balance errors for that side.
  bool producerBad = false, consumerBad = false;
  bool inexact = false;
  /// DST: the acquire / wait not yet matched by a commit / release.
  SMLoc openAcquire, openWait;

  bool touched() const { return reserved || pushed || waited || popped || inexact; }
};
using Chans = std::map<int64_t, Chan>;

/// How one program uses one CB (or DST).
struct Role {
  bool produces = false, consumes = false;
  SMLoc firstUse, firstProduce, firstConsume;
};

struct Program {
  PrimFunc *func = nullptr;
  ProgramKind kind = ProgramKind::Any;
  std::string kernel; // "" when "tt.kernel" is missing
  std::map<int64_t, Role> roles;
  /// Totals outside the persistent loop and per iteration of it.
  Chans outside, perIter;
  bool hasPersistent = false;
};

/// A host function and what its descriptors say.
struct Kernel {
  PrimFunc *host = nullptr;
  bool descriptorsValid = false;
  std::map<int64_t, std::optional<int64_t>> numPages; // described CBs
  std::map<int64_t, std::string> roles;               // their "role"
  std::vector<Program *> programs;
  /// A function that may belong to this kernel has no valid "tt.program":
  /// the producer or consumer of a CB may be that function.
  bool incomplete = false;
};

std::string progName(const Program &p) { return quoted(p.func->name); }

//===----------------------------------------------------------------------===//
// One program's body
//===----------------------------------------------------------------------===//

class BodyChecker : public IRVisitor {
public:
  BodyChecker(Program &p, const Kernel *k, PassContext &ctx) : p_(p), k_(k), ctx_(ctx) {
    if (auto cap = md::kDstCapacity.get(*p.func)) {
      dstCapacity_ = *cap;
      dstSource_ = md::kDstCapacity.name();
    } else {
      if (md::kDstCapacity.has(*p.func))
        error(p.func->loc,
              "in " + progName(p) + ", " + attr(md::kDstCapacity.name()) + " must be an int");
      bool fp32 = md::kFp32DestAcc.get(*p.func).value_or(false);
      dstCapacity_ = fp32 ? ctx.target.dstTilesFp32 : ctx.target.dstTiles16;
      dstSource_ = std::string("the default of ") + ctx.target.name +
                   (fp32 ? " with fp32 accumulation" : " for a 16-bit DST");
    }
  }

  void run() {
    frames_.push_back({nullptr, {}});
    visit(p_.func->body);
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    checkBalance(f);
    p_.outside = std::move(f.chans);
  }

protected:
  void visitLet(const LetNode *s) override {
    stmtLoc_ = s->loc;
    IRVisitor::visitLet(s);
  }
  void visitStore(const StoreNode *s) override {
    stmtLoc_ = s->loc;
    IRVisitor::visitStore(s);
  }
  void visitEvaluate(const EvaluateNode *s) override {
    stmtLoc_ = s->loc;
    IRVisitor::visitEvaluate(s);
  }

  void visitFor(const ForNode *s) override {
    stmtLoc_ = s->loc;
    visit(s->begin);
    visit(s->end);
    frames_.push_back({s, {}});
    visit(s->body);
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    checkBalance(f);

    std::optional<int64_t> trips = constantDifference(s->end, s->begin);
    Frame &parent = frames_.back();
    // The persistent loop: the first loop with a non-constant trip count
    // directly in the function body. Its pages are counted per iteration.
    bool persistent = !trips && !parent.loop && ifDepth_ == 0 && !p_.hasPersistent;
    if (persistent) {
      p_.hasPersistent = true;
      p_.perIter = f.chans;
    }
    for (auto &[key, c] : f.chans) {
      Chan &pc = parent.chans[key];
      pc.producerBad |= c.producerBad;
      pc.consumerBad |= c.consumerBad;
      if (!trips) { // balanced, so both sides grow alike; by how much is unknown
        if (!persistent && c.touched())
          pc.inexact = true;
        continue;
      }
      int64_t t = std::max<int64_t>(*trips, 0);
      pc.inexact |= c.inexact;
      // Checked: a count past int64 is not countable (inexact), never wrapped.
      auto addScaled = [&](int64_t &into, int64_t n) {
        auto v = llvm::checkedMul(t, n);
        auto sum = v ? llvm::checkedAdd(into, *v) : std::nullopt;
        if (sum)
          into = *sum;
        else
          pc.inexact = true;
      };
      if (!c.producerBad) {
        addScaled(pc.reserved, c.reserved);
        addScaled(pc.pushed, c.pushed);
      }
      if (!c.consumerBad) {
        addScaled(pc.waited, c.waited);
        addScaled(pc.popped, c.popped);
      }
    }
  }

  void visitIf(const IfNode *s) override {
    stmtLoc_ = s->loc;
    visit(s->cond);
    Chans before = frames_.back().chans;
    ++ifDepth_;
    visit(s->then);
    Chans thenChans = std::move(frames_.back().chans);
    frames_.back().chans = before;
    visit(s->otherwise);
    Chans elseChans = std::move(frames_.back().chans);
    --ifDepth_;

    // Both branches start from `before`, so each map holds its keys.
    static const Chan none;
    auto get = [](const Chans &cs, int64_t key) -> const Chan & {
      auto it = cs.find(key);
      return it == cs.end() ? none : it->second;
    };
    Chans merged = thenChans;
    for (auto &[key, e] : elseChans)
      merged.try_emplace(key, e);
    for (auto &[key, m] : merged) {
      const Chan &t = get(thenChans, key);
      const Chan &e = get(elseChans, key);
      m.producerBad = t.producerBad || e.producerBad;
      m.consumerBad = t.consumerBad || e.consumerBad;
      m.inexact = t.inexact || e.inexact || t.reserved != e.reserved || t.pushed != e.pushed ||
                  t.waited != e.waited || t.popped != e.popped;
      if (!m.openAcquire.isValid())
        m.openAcquire = e.openAcquire;
      if (!m.openWait.isValid())
        m.openWait = e.openWait;
      int64_t tp = t.reserved - t.pushed, ep = e.reserved - e.pushed;
      if (!m.producerBad && tp != ep) {
        m.producerBad = true;
        if (key == kDST)
          error(s->loc, "in " + progName(p_) +
                            ", DST is acquired at the end of one branch of this if but not "
                            "the other");
        else
          error(s->loc, "in " + progName(p_) + ", CB " + std::to_string(key) +
                            ": the branches of this if leave " + std::to_string(tp) + " and " +
                            pagesStr(ep) + " reserved but not pushed");
      }
      int64_t tc = t.waited - t.popped, ec = e.waited - e.popped;
      if (!m.consumerBad && tc != ec) {
        m.consumerBad = true;
        if (key == kDST)
          error(s->loc, "in " + progName(p_) +
                            ", DST is waited for at the end of one branch of this if but not "
                            "the other");
        else
          error(s->loc, "in " + progName(p_) + ", CB " + std::to_string(key) +
                            ": the branches of this if leave " + std::to_string(tc) + " and " +
                            pagesStr(ec) + " waited for but not popped");
      }
    }
    frames_.back().chans = std::move(merged);
  }

  void visitCall(const CallNode *c) override {
    IRVisitor::visitCall(c); // nested calls first: they are evaluated first
    const IntrinsicInfo *info = lookupIntrinsic(c->name);
    if (!info)
      return;
    SMLoc loc = c->loc.isValid() ? c->loc : stmtLoc_;
    if (info->program != ProgramKind::Any && info->program != p_.kind)
      error(loc, "in " + progName(p_) + ", " + c->name + " belongs in the " +
                     std::string(programName(info->program)) + " program, not in " +
                     std::string(programName(p_.kind)));

    const std::string &n = c->name;
    if (n == "tt.cb.reserve_back" || n == "tt.cb.push_back" || n == "tt.cb.wait_front" ||
        n == "tt.cb.pop_front") {
      Op op = n == "tt.cb.reserve_back" ? Op::Reserve
              : n == "tt.cb.push_back"  ? Op::Push
              : n == "tt.cb.wait_front" ? Op::Wait
                                        : Op::Pop;
      std::optional<int64_t> cb = cbArg(c, 0, loc);
      if (!cb)
        return;
      bool producerSide = op == Op::Reserve || op == Op::Push;
      std::optional<int64_t> pages = asConstInt(c->args[1]);
      if (!pages || *pages <= 0) {
        Chan &ch = frames_.back().chans[*cb];
        (producerSide ? ch.producerBad : ch.consumerBad) = true;
        error(loc, "in " + progName(p_) + ", CB " + std::to_string(*cb) + ": the page count of " +
                       n +
                       (pages ? " must be positive, not " + std::to_string(*pages)
                              : std::string(" is not a constant")));
        pages = 1; // not counted any more; one page keeps the order checks quiet
      }
      protocol(*cb, op, *pages, loc, n);
    } else if (n == "tt.tile_regs_acquire") {
      protocol(kDST, Op::Reserve, 1, loc, n);
    } else if (n == "tt.tile_regs_commit") {
      protocol(kDST, Op::Push, 1, loc, n);
    } else if (n == "tt.tile_regs_wait") {
      protocol(kDST, Op::Wait, 1, loc, n);
    } else if (n == "tt.tile_regs_release") {
      protocol(kDST, Op::Pop, 1, loc, n);
    } else if (n == "tt.cb.write_ptr") {
      if (auto cb = cbArg(c, 0, loc))
        window(*cb, true, nullptr, loc, n);
    } else if (n == "tt.cb.read_ptr") {
      if (auto cb = cbArg(c, 0, loc))
        window(*cb, false, nullptr, loc, n);
    } else if (n == "tt.pack_tile") {
      dstIndex(c, 0, loc);
      dstWindow(false, loc, n);
      if (auto cb = cbArg(c, 1, loc))
        window(*cb, true, &c->args[2], loc, n);
    } else if (n == "tt.math.matmul_tiles") {
      dstIndex(c, 0, loc);
      dstWindow(true, loc, n);
    } else if (n == "tt.math.copy_tile") {
      dstIndex(c, 0, loc);
      dstWindow(true, loc, n);
    } else if (n == "tt.unpack.copy_tile") {
      if (auto cb = cbArg(c, 0, loc)) {
        window(*cb, false, &c->args[1], loc, n);
        reloadSource(*cb, loc, n);
      }
    } else if (n == "tt.copy_tile") { // not split
      if (auto cb = cbArg(c, 0, loc))
        reloadSource(*cb, loc, n);
      dstIndex(c, 2, loc);
    } else if (n == "tt.unpack.matmul_tiles") {
      if (auto cb = cbArg(c, 0, loc))
        window(*cb, false, &c->args[2], loc, n);
      if (auto cb = cbArg(c, 1, loc))
        window(*cb, false, &c->args[3], loc, n);
    } else if (n == "tt.matmul_tiles") { // not split: no program's window to check
      cbArg(c, 0, loc);
      cbArg(c, 1, loc);
      dstIndex(c, 4, loc);
    } else if (n == "tt.mm_init") {
      for (size_t i = 0; i < 3; ++i)
        cbArg(c, i, loc);
    } else if (n == "tt.unpack.mm_init") {
      cbArg(c, 0, loc);
      cbArg(c, 1, loc);
    } else if (n == "tt.pack.init") {
      cbArg(c, 0, loc);
    }
  }

private:
  struct Frame {
    const ForNode *loop; // null: the function body
    Chans chans;
  };

  void error(SMLoc loc, const std::string &msg) { ctx_.diag.error(loc, msg); }

  std::string bodyName() const {
    return frames_.back().loop ? "this loop body" : "the function body";
  }

  /// The CB id argument i of c when it is a constant in range (else reported).
  std::optional<int64_t> cbArg(const CallNode *c, size_t i, SMLoc loc) {
    if (i >= c->args.size())
      return std::nullopt;
    std::optional<int64_t> id = asConstInt(c->args[i]);
    if (!id) {
      error(loc, "in " + progName(p_) + ", the CB id of " + c->name + " is not a constant");
      return std::nullopt;
    }
    if (*id < 0 || *id >= ctx_.target.numCBs) {
      error(loc, "in " + progName(p_) + ", CB " + std::to_string(*id) + " of " + c->name +
                     " is out of range: " + ctx_.target.name + " has CBs 0-" +
                     std::to_string(ctx_.target.numCBs - 1));
      // A large id is still followed (so its other uses raise no errors of
      // their own); a negative one is not a CB at all.
      if (*id < 0)
        return std::nullopt;
    }
    Role &r = p_.roles[*id];
    if (!r.firstUse.isValid())
      r.firstUse = loc;
    return id;
  }

  /// Pages reserved and not pushed (producer side) or waited for and not
  /// popped, summed over the enclosing bodies.
  int64_t held(int64_t key, bool producerSide) const {
    int64_t n = 0;
    for (const Frame &f : frames_)
      if (auto it = f.chans.find(key); it != f.chans.end())
        n += producerSide ? it->second.reserved - it->second.pushed
                          : it->second.waited - it->second.popped;
    return n;
  }

  SMLoc openDST(bool producerSide) const {
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f)
      if (auto it = f->chans.find(kDST); it != f->chans.end()) {
        SMLoc l = producerSide ? it->second.openAcquire : it->second.openWait;
        if (l.isValid())
          return l;
      }
    return {};
  }

  /// DST is reloaded only from an intermediate CB of the kernel (partial
  /// sums that pack stored), never from an input the reader fills.
  void reloadSource(int64_t cb, SMLoc loc, const std::string &name) {
    if (!k_ || !k_->descriptorsValid)
      return;
    auto it = k_->roles.find(cb);
    if (it == k_->roles.end() || it->second == "intermediate")
      return; // an undescribed CB is reported on its own
    error(loc, "in " + progName(p_) + ", " + name + " reloads DST from CB " + std::to_string(cb) +
                   ", an " + it->second +
                   " circular buffer: only an intermediate one (partial sums) can be reloaded");
  }

  std::optional<int64_t> numPages(int64_t cb) const {
    if (!k_)
      return std::nullopt;
    auto it = k_->numPages.find(cb);
    return it == k_->numPages.end() ? std::nullopt : it->second;
  }

  /// reserve_back / push_back / wait_front / pop_front of `pages` pages (and
  /// the DST handshake as one page).
  void protocol(int64_t key, Op op, int64_t pages, SMLoc loc, const std::string &name) {
    bool producerSide = op == Op::Reserve || op == Op::Push;
    Role &r = p_.roles[key];
    if (!r.firstUse.isValid())
      r.firstUse = loc;
    if (producerSide) {
      r.produces = true;
      if (!r.firstProduce.isValid())
        r.firstProduce = loc;
    } else {
      r.consumes = true;
      if (!r.firstConsume.isValid())
        r.firstConsume = loc;
    }

    Chan &ch = frames_.back().chans[key];
    std::string prefix = "in " + progName(p_) + ", ";
    std::string cbName = "CB " + std::to_string(key);
    bool dst = key == kDST;
    switch (op) {
    case Op::Reserve:
    case Op::Wait: {
      int64_t already = held(key, producerSide);
      if (dst) {
        if (already > 0) {
          SMLoc open = openDST(producerSide);
          error(loc, prefix + name + " while DST is already " +
                         (producerSide ? "acquired" : "waited for") +
                         (open.isValid() ? " (at " + ctx_.diag.where(open) + ")" : "") +
                         ": no tt.tile_regs_" + (producerSide ? "commit" : "release") +
                         " in between");
          (producerSide ? ch.producerBad : ch.consumerBad) = true;
        }
        (producerSide ? ch.openAcquire : ch.openWait) = loc;
      } else if (auto cap = numPages(key); cap && already + pages > *cap &&
                                           !(producerSide ? ch.producerBad : ch.consumerBad)) {
        error(loc, prefix + cbName + ": " + name + " needs " + pagesStr(already + pages) +
                       (already ? " held at once" : "") + " but the CB has " +
                       std::to_string(*cap) + " (" + md::CBDescriptor::kNumPagesField + " of " +
                       attr(md::cbKey(key)) + "): it would wait forever");
      }
      (producerSide ? ch.reserved : ch.waited) += pages;
      break;
    }
    case Op::Push:
    case Op::Pop: {
      int64_t open = producerSide ? ch.reserved - ch.pushed : ch.waited - ch.popped;
      bool &bad = producerSide ? ch.producerBad : ch.consumerBad;
      if (open <= 0 && !bad) {
        bad = true;
        std::string before = dst ? (producerSide ? "tt.tile_regs_acquire" : "tt.tile_regs_wait")
                                 : (producerSide ? "tt.cb.reserve_back" : "tt.cb.wait_front");
        error(loc, prefix + (dst ? std::string("DST") : cbName) + ": " + name + " before any " +
                       before + " in " + bodyName() + " (nothing " +
                       (producerSide ? (dst ? "acquired" : "reserved") : "waited for") + " to " +
                       (producerSide ? (dst ? "commit" : "push") : (dst ? "release" : "pop")) +
                       ")");
      }
      (producerSide ? ch.pushed : ch.popped) += pages;
      if (dst && open - pages <= 0)
        (producerSide ? ch.openAcquire : ch.openWait) = SMLoc();
      break;
    }
    }
  }

  /// A CB accessed by write_ptr / pack_tile (producer side) or read_ptr /
  /// unpack (consumer side) must hold pages at that point; a constant tile
  /// index must be below their number.
  void window(int64_t cb, bool producerSide, const Expr *tile, SMLoc loc, const std::string &name) {
    // Once the CB's protocol in this body is broken (reported), its window is
    // not known.
    if (auto it = frames_.back().chans.find(cb);
        it != frames_.back().chans.end() &&
        (producerSide ? it->second.producerBad : it->second.consumerBad))
      return;
    int64_t n = held(cb, producerSide);
    std::string prefix = "in " + progName(p_) + ", CB " + std::to_string(cb) + ": " + name;
    if (n <= 0) {
      error(loc, prefix + " outside " +
                     (producerSide ? "tt.cb.reserve_back .. tt.cb.push_back"
                                   : "tt.cb.wait_front .. tt.cb.pop_front") +
                     " (no page " + (producerSide ? "reserved" : "waited for") + " here)");
      return;
    }
    if (!tile)
      return;
    if (auto t = asConstInt(*tile); t && (*t < 0 || *t >= n))
      error(loc, prefix + " uses page " + std::to_string(*t) + " but only " + pagesStr(n) +
                     (n == 1 ? " is " : " are ") + (producerSide ? "reserved" : "waited for") +
                     " here");
  }

  void dstWindow(bool math, SMLoc loc, const std::string &name) {
    if (held(kDST, math) <= 0)
      error(loc, "in " + progName(p_) + ", " + name + " outside " +
                     (math ? "tt.tile_regs_acquire .. tt.tile_regs_commit"
                           : "tt.tile_regs_wait .. tt.tile_regs_release"));
  }

  void dstIndex(const CallNode *c, size_t i, SMLoc loc) {
    if (i >= c->args.size())
      return;
    std::optional<int64_t> d = asConstInt(c->args[i]);
    if (d && (*d < 0 || *d >= dstCapacity_))
      error(loc, "in " + progName(p_) + ", DST index " + std::to_string(*d) + " of " + c->name +
                     " is out of range: the program's DST holds " +
                     plural(dstCapacity_, "tile", "tiles") + " (" + dstSource_ + ")");
  }

  /// End of a loop or function body: what it reserves it pushes, what it
  /// waits for it pops.
  void checkBalance(Frame &f) {
    std::string per = f.loop ? " per iteration of this loop" : " in the function body";
    SMLoc at = f.loop ? f.loop->loc : p_.func->loc;
    for (auto &[key, c] : f.chans) {
      if (key == kDST) {
        if (!c.producerBad && c.reserved != c.pushed) {
          c.producerBad = true;
          error(c.openAcquire.isValid() ? c.openAcquire : at,
                "in " + progName(p_) +
                    ", tt.tile_regs_acquire has no matching tt.tile_regs_commit in " +
                    (f.loop ? "this loop body" : "the function body"));
        }
        if (!c.consumerBad && c.waited != c.popped) {
          c.consumerBad = true;
          error(c.openWait.isValid() ? c.openWait : at,
                "in " + progName(p_) +
                    ", tt.tile_regs_wait has no matching tt.tile_regs_release in " +
                    (f.loop ? "this loop body" : "the function body"));
        }
        continue;
      }
      std::string prefix = "in " + progName(p_) + ", CB " + std::to_string(key) + ": ";
      if (!c.producerBad && c.reserved != c.pushed) {
        c.producerBad = true;
        error(at, prefix + pagesStr(c.reserved) + " reserved but " + std::to_string(c.pushed) +
                      " pushed" + per);
      }
      if (!c.consumerBad && c.waited != c.popped) {
        c.consumerBad = true;
        error(at, prefix + pagesStr(c.waited) + " waited for but " + std::to_string(c.popped) +
                      " popped" + per);
      }
    }
  }

  Program &p_;
  const Kernel *k_;
  PassContext &ctx_;
  int64_t dstCapacity_;
  std::string dstSource_;
  std::vector<Frame> frames_;
  int ifDepth_ = 0;
  SMLoc stmtLoc_;
};

} // namespace

//===----------------------------------------------------------------------===//
// The module
//===----------------------------------------------------------------------===//

namespace {

/// Checks the host's tt.cb_descriptors and that they fit L1.
void checkDescriptors(Kernel &k, PassContext &ctx) {
  PrimFunc &h = *k.host;
  // Hand-written modules may give a part of each descriptor: only the
  // fields checked here are required.
  const AttrValue *d = md::kCBDescriptors.raw(h);
  if (!d) {
    ctx.diag.error(h.loc, "host function '" + h.name + "' has no " + kDescriptors + " attribute");
    return;
  }
  if (!d->isDict()) {
    ctx.diag.error(h.loc, kDescriptors + " of host function '" + h.name +
                              "' must be a dict of \"cb_<id>\" -> descriptor");
    return;
  }
  bool ok = true;
  int64_t total = 0;
  for (const auto &[key, v] : d->getDict()) {
    std::string where = kDescriptors + " of '" + h.name + "': " + attr(key);
    std::optional<int64_t> parsed = md::parseCBKey(key);
    if (!parsed) {
      ctx.diag.error(h.loc, where + " is not a CB key \"cb_<id>\"");
      ok = false;
      continue;
    }
    int64_t id = *parsed;
    if (id < 0 || id >= ctx.target.numCBs) {
      ctx.diag.error(h.loc, where + ": CB " + std::to_string(id) +
                                " is out of range: " + ctx.target.name + " has CBs 0-" +
                                std::to_string(ctx.target.numCBs - 1));
      ok = false;
      continue;
    }
    using CB = md::CBDescriptor;
    std::optional<int64_t> size =
        v.isDict() ? v.getDict().getInt(CB::kTotalSizeField) : std::nullopt;
    if (!size || *size < 0) {
      ctx.diag.error(h.loc, where + " has no non-negative int " + attr(CB::kTotalSizeField));
      ok = false;
      continue;
    }
    if (std::optional<int64_t> cbId = v.getDict().getInt(CB::kCBIdField); cbId && *cbId != id) {
      ctx.diag.error(h.loc, where + " has " + attr(CB::kCBIdField) + " " + std::to_string(*cbId));
      ok = false;
    }
    total = llvm::checkedAdd(total, *size).value_or(INT64_MAX); // saturates: fails the L1 check
    k.numPages[id] = v.getDict().getInt(CB::kNumPagesField);
    k.roles[id] = v.getDict().getString(CB::kRoleField).value_or("");
  }
  k.descriptorsValid = ok;
  if (total > ctx.target.l1Bytes)
    ctx.diag.error(
        h.loc,
        "the CBs of '" + h.name + "' need " +
            (total == INT64_MAX ? std::string("more than 2^63 - 1") : std::to_string(total)) +
            " bytes of L1 (the total_size of its " + kDescriptors + "), more than the " +
            std::to_string(ctx.target.l1Bytes) + " bytes of " + ctx.target.name);
}

std::string describeCount(const Program &p, int64_t key, bool producer) {
  auto count = [&](const Chans &cs) -> int64_t {
    auto it = cs.find(key);
    if (it == cs.end())
      return 0;
    return producer ? it->second.pushed : it->second.popped;
  };
  int64_t out = count(p.outside), iter = count(p.perIter);
  auto n = [&](int64_t v) { return key == kDST ? plural(v, "time", "times") : pagesStr(v); };
  if (!p.hasPersistent)
    return n(out) + " in total (it has no persistent loop)";
  std::string s = n(iter) + " per iteration of its persistent loop";
  if (out)
    s += " and " + std::to_string(out) + " outside it";
  return s;
}

/// Producers and consumers of each CB of one kernel, and that they agree.
void checkKernel(const Kernel &k, PassContext &ctx) {
  std::map<int64_t, std::vector<const Program *>> users;
  for (const Program *p : k.programs)
    for (const auto &[key, r] : p->roles)
      users[key].push_back(p);

  auto list = [](const std::vector<const Program *> &ps) {
    std::string s;
    for (size_t i = 0; i < ps.size(); ++i) {
      if (i)
        s += i + 1 == ps.size() ? " and " : ", ";
      s += progName(*ps[i]) + " (" + std::string(programName(ps[i]->kind)) + ")";
    }
    return s;
  };

  for (const auto &[key, ps] : users) {
    std::vector<const Program *> prod, cons;
    for (const Program *p : ps) {
      const Role &r = p->roles.at(key);
      if (r.produces)
        prod.push_back(p);
      if (r.consumes)
        cons.push_back(p);
    }
    const Role &first = ps.front()->roles.at(key);
    if (key == kDST) {
      // Two math or pack programs are reported as such (and misplaced DST
      // calls where they are).
      if (prod.size() != 1 || cons.size() != 1) {
        if (k.incomplete)
          continue;
        if (prod.size() == 1 && cons.empty())
          ctx.diag.error(prod[0]->roles.at(key).firstProduce,
                         "DST is committed by " + progName(*prod[0]) +
                             " but no program waits for it (tt.tile_regs_wait)");
        else if (cons.size() == 1 && prod.empty())
          ctx.diag.error(cons[0]->roles.at(key).firstConsume,
                         "DST is waited for by " + progName(*cons[0]) +
                             " but no program commits it (tt.tile_regs_commit)");
        continue;
      }
    } else {
      std::string cb = "CB " + std::to_string(key);
      if (k.host && k.descriptorsValid && !k.numPages.count(key))
        ctx.diag.error(first.firstUse, cb + " is used by " + progName(*ps.front()) +
                                           " but host function '" + k.host->name + "' has no " +
                                           attr(md::cbKey(key)) + " in " + kDescriptors);
      if (prod.size() > 1)
        ctx.diag.error(prod[1]->roles.at(key).firstProduce, cb + " is produced by " +
                                                                countWord(prod.size()) +
                                                                " programs: " + list(prod));
      if (cons.size() > 1)
        ctx.diag.error(cons[1]->roles.at(key).firstConsume, cb + " is consumed by " +
                                                                countWord(cons.size()) +
                                                                " programs: " + list(cons));
      if (k.incomplete)
        continue; // the missing side may be the function without "tt.program"
      if (prod.empty() && cons.empty())
        ctx.diag.error(first.firstUse, cb + " is used by " + progName(*ps.front()) +
                                           " but no program produces or consumes it "
                                           "(reserve_back / push_back, wait_front / "
                                           "pop_front)");
      else if (prod.empty())
        ctx.diag.error(cons[0]->roles.at(key).firstConsume,
                       cb + " is produced by no program: " + progName(*cons[0]) +
                           " waits for it but nothing pushes it");
      else if (cons.empty())
        ctx.diag.error(prod[0]->roles.at(key).firstProduce,
                       cb + " is consumed by no program: " + progName(*prod[0]) +
                           " pushes it but nothing waits for it");
      if (prod.size() != 1 || cons.size() != 1)
        continue;
    }

    // Pages pushed per persistent iteration (and outside the persistent loop)
    // by the producer, popped by the consumer.
    const Program &p = *prod[0], &q = *cons[0];
    auto countable = [&](const Program &g, bool producer) {
      for (const Chans *cs : {&g.outside, &g.perIter})
        if (auto it = cs->find(key);
            it != cs->end() &&
            (it->second.inexact || (producer ? it->second.producerBad : it->second.consumerBad)))
          return false;
      return true;
    };
    if (!countable(p, true) || !countable(q, false))
      continue;
    auto get = [&](const Chans &cs, bool producer) -> int64_t {
      auto it = cs.find(key);
      return it == cs.end() ? 0 : producer ? it->second.pushed : it->second.popped;
    };
    if (get(p.outside, true) == get(q.outside, false) &&
        get(p.perIter, true) == get(q.perIter, false))
      continue;
    // Both per iteration only: "pushes 1 page per iteration of its persistent
    // loop but 'x' pops 2"; otherwise each side in full.
    bool brief =
        p.hasPersistent && q.hasPersistent && !get(p.outside, true) && !get(q.outside, false);
    std::string qCount =
        brief ? std::to_string(get(q.perIter, false)) : describeCount(q, key, false);
    if (key == kDST)
      ctx.diag.error(q.roles.at(key).firstConsume, "DST: " + progName(p) + " commits it " +
                                                       describeCount(p, key, true) + " but " +
                                                       progName(q) + " releases it " + qCount);
    else
      ctx.diag.error(q.roles.at(key).firstConsume,
                     "CB " + std::to_string(key) + ": " + progName(p) + " pushes " +
                         describeCount(p, key, true) + " but " + progName(q) + " pops " + qCount);
  }
}

} // namespace

bool ttllc::runVerifyTTIR(Module &m, PassContext &ctx) {
  unsigned errorsBefore = ctx.diag.errorCount();

  // Classify the functions: hosts (kernels) and programs.
  std::map<std::string, Kernel> kernels;
  std::vector<std::unique_ptr<Program>> programs;
  // Functions without a valid "tt.program", or programs without "tt.kernel".
  std::vector<const PrimFunc *> unknown;
  for (const PrimFuncPtr &f : m.funcs) {
    const AttrValue *kind = md::kProgram.raw(*f);
    if (!kind) {
      unknown.push_back(f.get());
      ctx.diag.error(f->loc, "function '" + f->name + "' has no " + attr(md::kProgram.name()) +
                                 " attribute: in a lowered module every "
                                 "function is a host function or one of its programs (reader, "
                                 "unpack, math, pack, writer)");
      continue;
    }
    std::string kindName = kind->isString() ? kind->getString() : "";
    if (kindName == "host") {
      Kernel &k = kernels[f->name];
      if (k.host) {
        ctx.diag.error(f->loc, "host function '" + f->name + "' is defined twice");
        continue;
      }
      k.host = f.get();
      checkDescriptors(k, ctx);
      continue;
    }
    std::optional<ProgramKind> pk = parseProgramKind(kindName);
    if (!pk) {
      unknown.push_back(f.get());
      ctx.diag.error(f->loc, "function '" + f->name + "' has " + attr(md::kProgram.name()) + " " +
                                 (kind->isString() ? "\"" + kindName + "\"" : "of another type") +
                                 ", expected one of host, reader, unpack, math, pack, writer");
      continue;
    }
    auto p = std::make_unique<Program>();
    p->func = f.get();
    p->kind = *pk;
    if (std::optional<std::string> k = md::kKernel.get(*f))
      p->kernel = *k;
    else {
      unknown.push_back(f.get()); // its CBs may be any kernel's
      ctx.diag.error(f->loc, "program '" + f->name + "' (" + kindName + ") has no " +
                                 attr(md::kKernel.name()) + " attribute naming its host function");
    }
    programs.push_back(std::move(p));
  }

  // Each program belongs to a kernel, at most one of each kind per kernel.
  for (auto &p : programs) {
    if (p->kernel.empty())
      continue;
    auto it = kernels.find(p->kernel);
    PrimFuncPtr named = m.lookup(p->kernel);
    // A function of that name without a valid "tt.program" is reported already.
    auto namedKind = named ? md::kProgram.get(*named) : std::nullopt;
    bool reported = named && !(namedKind && parseProgramKind(*namedKind));
    if ((it == kernels.end() || !it->second.host) && !reported) {
      ctx.diag.error(p->func->loc, "program '" + p->func->name + "' names kernel '" + p->kernel +
                                       "' in " + attr(md::kKernel.name()) +
                                       ", but there is no host function '" + p->kernel + "' (" +
                                       attr(md::kProgram.name()) + ": \"host\")");
    }
    Kernel &k = kernels[p->kernel];
    for (const Program *o : k.programs)
      if (o->kind == p->kind) {
        ctx.diag.error(p->func->loc, "kernel '" + p->kernel + "' has two " +
                                         std::string(programName(p->kind)) + " programs: '" +
                                         o->func->name + "' and '" + p->func->name + "'");
        break;
      }
    k.programs.push_back(p.get());
  }

  for (const PrimFunc *f : unknown) {
    std::optional<std::string> kernel = md::kKernel.get(*f);
    for (auto &[name, k] : kernels)
      if (!kernel || *kernel == name)
        k.incomplete = true;
  }

  // Each program's bodies, then each kernel's producers and consumers.
  for (auto &p : programs) {
    auto it = p->kernel.empty() ? kernels.end() : kernels.find(p->kernel);
    const Kernel *k = it != kernels.end() && it->second.host ? &it->second : nullptr;
    BodyChecker(*p, k, ctx).run();
  }
  for (auto &[name, k] : kernels)
    checkKernel(k, ctx);

  return ctx.diag.errorCount() == errorsBefore;
}

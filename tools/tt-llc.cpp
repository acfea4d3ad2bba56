//===- tools/tt-llc.cpp - the tt-llc compiler driver ----------------------===//
//
//   tt-llc INPUT -o OUTDIR [-D NAME=VALUE]... [--device=NAME] [-O0..-O3]
//   tt-llc INPUT --emit=tir|plan|llvm|asm [-o FILE] ...
//          [--emit=obj|all] [--grid=XxY] [--kernel=NAME] [--passes=a,b,c]
//          [--abi=sim,hw] [--stub-name=NAME] [--math-fidelity=LoFi|HiFi2|HiFi3|HiFi4]
//          [--print-after-all] [--print-after=NAME] [--time-passes]
//
// INPUT is a TileLang file, or Tile IR text (a file starting with the
// "# tt-llc Tile IR" line that --emit=tir writes); `-` reads standard input.
// --emit=all (the default) and --emit=obj write a folder (docs/cli.md).
//
//===----------------------------------------------------------------------===//

#include "ir/Target.h"
#include "passes/Pipeline.h"
#include "plan/Plan.h"
#include "support/Diagnostics.h"
#include "support/Timers.h"
#include "tools/Driver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PrintPasses.h"
#include "llvm/Pass.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ttllc;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("tt-llc options");

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input .py | Tile IR text | ->"),
                               cl::init("-"), cl::cat(category));

cl::list<std::string> defines("D", cl::Prefix, cl::value_desc("NAME=VALUE"),
                              cl::desc("Bind a parameter of the kernel factory"),
                              cl::cat(category));

cl::opt<EmitKind> emit(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::All),
    cl::values(clEnumValN(EmitKind::TIR, "tir", "Tile IR text"),
               clEnumValN(EmitKind::Plan, "plan", "tt.plan.json: schedule, layouts, CBs"),
               clEnumValN(EmitKind::LLVM, "llvm", "LLVM IR of the five programs"),
               clEnumValN(EmitKind::Asm, "asm", "RISC-V assembly of the five programs"),
               clEnumValN(EmitKind::Obj, "obj", "the five RV32 objects, into the folder -o"),
               clEnumValN(EmitKind::All, "all",
                          "objects, images, host stub and plan, into the folder -o (default)")),
    cl::cat(category));

cl::opt<std::string> outputFile("o",
                                cl::desc("Output folder (--emit=all|obj) or file ('-' for "
                                         "standard output, the default of the other kinds)"),
                                cl::value_desc("path"), cl::cat(category));

cl::opt<char> optLevel("O", cl::Prefix, cl::init('2'), cl::value_desc("level"),
                       cl::desc("Optimisation level of the RISC-V code: -O0, -O1, -O2 (default) "
                                "or -O3"),
                       cl::cat(category));

cl::opt<std::string> device("device", cl::desc("Target device"), cl::init("wormhole_b0"),
                            cl::value_desc("wormhole_b0|blackhole|grayskull"), cl::cat(category));

cl::list<std::string> abiList("abi", cl::CommaSeparated,
                              cl::desc("Compile images for these device ABIs only: sim (the "
                                       "project's simulator), hw (ttsim and the chip); default: "
                                       "every ABI the device has a library for"),
                              cl::value_desc("sim,hw"), cl::cat(category));

cl::opt<std::string> gridOverride("grid",
                                  cl::desc("Use a core grid of X by Y cores instead of the "
                                           "device's"),
                                  cl::value_desc("XxY"), cl::cat(category));

cl::opt<std::string> kernelName("kernel",
                                cl::desc("Kernel to compile when the file defines several: a "
                                         "factory's name, or a top-level @T.prim_func's"),
                                cl::value_desc("name"), cl::cat(category));

cl::opt<std::string>
    stubName("stub-name",
             cl::desc("Name of the host stub: files NAME_host.{h,cpp,o}, functions "
                      "NAME_create_program and NAME_launch (default: the "
                      "kernel's name)"),
             cl::value_desc("NAME"), cl::cat(category));

cl::opt<std::string> mathFidelity("math-fidelity",
                                  cl::desc("Math fidelity of the matrix engine: LoFi, HiFi2, "
                                           "HiFi3 or HiFi4 (default HiFi4, or the kernel's "
                                           "tt.math_fidelity attribute)"),
                                  cl::value_desc("LoFi|HiFi2|HiFi3|HiFi4"), cl::cat(category));

cl::list<std::string> passList("passes", cl::CommaSeparated,
                               cl::desc("Run exactly these passes (or the pipelines 'metadata', "
                                        "'default'), in order, instead of the default pipeline"),
                               cl::value_desc("a,b,c"), cl::cat(category));

// --print-after-all, --print-after=NAME and --time-passes are LLVM's own
// options (libLLVM registers them); they apply to tt-llc's passes as well.
void adoptLLVMOptions() {
  auto &opts = cl::getRegisteredOptions();
  for (const char *name : {"print-after-all", "print-after", "time-passes"})
    if (auto it = opts.find(name); it != opts.end()) {
      it->second->addCategory(category);
      it->second->setHiddenFlag(cl::NotHidden);
    }
}

// A write to a closed pipe (SIGPIPE). Once the compile failed, tt-llc exits
// with its own status 1, whatever part of the messages the reader missed.
// Otherwise, when standard output is the broken pipe, with LLVM's EX_IOERR
// (74): the output asked for was cut short. When only standard error is,
// the compile goes on without its messages (the write fails, SIGPIPE is
// ignored from then on) and ends with its own status. When both are one
// closed pipe (`2>&1 | head -1` after a warning), the compile goes on into
// /dev/null and ends with its status; 74 only if it succeeded and its output
// was to go to standard output.
std::atomic<bool> failing{false};
std::atomic<const Diagnostics *> compileDiagnostics{nullptr};
std::atomic<bool> outputOnStdout{false};
std::atomic<bool> outputLost{false};

void onBrokenPipe() {
  const Diagnostics *diag = compileDiagnostics.load();
  if (failing.load() || (diag && diag->hasErrors()))
    std::exit(1);
  pollfd out = {STDOUT_FILENO, POLLOUT, 0};
  bool stdoutBroken = poll(&out, 1, 0) == 1 && (out.revents & POLLERR);
  struct stat so, se;
  bool shared = fstat(STDOUT_FILENO, &so) == 0 && fstat(STDERR_FILENO, &se) == 0 &&
                so.st_dev == se.st_dev && so.st_ino == se.st_ino;
  if (stdoutBroken && !shared)
    std::exit(74); // EX_IOERR
  if (stdoutBroken) {
    outputLost = true;
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      close(null);
    }
  }
  signal(SIGPIPE, SIG_IGN);
}

int fail(const llvm::Twine &msg) {
  failing = true;
  llvm::WithColor::error(llvm::errs(), "tt-llc") << msg << "\n";
  return 1;
}

/// The list of passes at the end of --help, by stage, in pipeline order.
const std::string &passesHelp() {
  static const std::string text = [] {
    size_t width = 0;
    for (const PassInfo &p : allPasses())
      width = std::max(width, p.name.size());
    std::string s = "\nPasses (--passes=a,b,c, --print-after=NAME), in the order of the default "
                    "pipeline:\n";
    std::optional<PassStage> stage;
    for (const PassInfo &p : allPasses()) {
      if (p.stage != stage) {
        stage = p.stage;
        s += p.stage == PassStage::Metadata
                 ? "  metadata (--passes=metadata; all that --emit=plan runs):\n"
             : p.stage == PassStage::Lowering ? "  lowering:\n"
             : p.stage == PassStage::Check    ? "  check:\n"
                                              : "  extra (not in the default pipeline):\n";
      }
      s += "    " + std::string(p.name) + std::string(width + 2 - p.name.size(), ' ') + "- " +
           std::string(p.summary) + "\n";
    }
    return s;
  }();
  return text;
}
cl::extrahelp passesHelpText(passesHelp());

int run(int argc, char **argv) {
  adoptLLVMOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "tt-llc: compile TileLang kernels for Tenstorrent Tensix cores\n");
  // Snapshots of options read after the backend ran: compiling the host stub
  // with clang in-process resets every LLVM command-line option to its default.
  const std::string outPath = outputFile;
  const bool timePasses = llvm::TimePassesIsEnabled;
  // --time-passes reports tt-llc's stages (each pass, llvm-opt+emit, lld,
  // clang, ...), not every pass of LLVM's code generator.
  llvm::TimePassesIsEnabled = false;

  const TargetInfo *deviceInfo = lookupTarget(device);
  if (!deviceInfo)
    return fail("unknown device '" + device + "' (expected one of: " + targetNames() + ")");
  TargetInfo target = *deviceInfo;
  if (gridOverride.getNumOccurrences()) {
    llvm::StringRef x, y;
    std::tie(x, y) = llvm::StringRef(gridOverride).split('x');
    if (x.getAsInteger(10, target.gridX) || y.getAsInteger(10, target.gridY) || target.gridX <= 0 ||
        target.gridY <= 0 || target.gridX > 64 || target.gridY > 64)
      return fail("--grid=" + gridOverride + ": expected XxY with 1 <= X, Y <= 64, e.g. 8x8");
  }

  if (!stubName.empty() && (llvm::isDigit(stubName.front()) || !llvm::all_of(stubName, [](char c) {
                              return llvm::isAlnum(c) || c == '_';
                            })))
    return fail("--stub-name=" + stubName + ": expected a C identifier");
  if (mathFidelity.getNumOccurrences() && !ttplan::mathFidelityValue(mathFidelity))
    return fail(
        "--math-fidelity=" + mathFidelity + ": expected one of: " +
        llvm::join(std::begin(ttplan::kMathFidelities), std::end(ttplan::kMathFidelities), ", "));
  if (optLevel < '0' || optLevel > '3')
    return fail(llvm::Twine("-O") + llvm::Twine(optLevel) + ": expected -O0, -O1, -O2 or -O3");
  if (emitsFolder(emit) && outPath.empty())
    return fail("--emit=" + std::string(emit == EmitKind::All ? "all" : "obj") +
                " writes a folder of artifacts: name it with -o DIR (or choose --emit=tir, plan, "
                "llvm or asm)");
  if (emitsFolder(emit) && outPath == "-")
    return fail("-o -: a folder of artifacts cannot go to standard output");

  // Every pass name is checked before anything runs.
  CompileOptions opts;
  for (const std::string &abi : abiList) {
    if (!llvm::is_contained(ttplan::kDeviceABIs, abi))
      return fail("--abi=" + abi + ": expected one of: " + llvm::join(ttplan::kDeviceABIs, ", "));
    if (!llvm::is_contained(opts.abis, abi))
      opts.abis.push_back(abi);
  }
  if (passList.getNumOccurrences()) {
    auto passes = parsePipeline(passList);
    if (!passes)
      return fail(llvm::toString(passes.takeError()));
    opts.passes = std::move(*passes);
  }
  for (const std::string &n : llvm::printAfterPasses()) {
    if (auto pass = findPass(n); !pass)
      return fail("--print-after: " + llvm::toString(pass.takeError()));
    opts.printAfter.insert(n);
  }
  opts.printAfterAll = llvm::shouldPrintAfterAll();

  StageTimers timers;
  opts.inputPath = inputFile;
  opts.input = {{defines.begin(), defines.end()}, kernelName};
  opts.target = target;
  opts.emit = emit;
  opts.output = outPath;
  opts.optLevel = unsigned(optLevel - '0');
  opts.stubName = stubName;
  opts.mathFidelity = mathFidelity;
  opts.timers = timePasses ? &timers : nullptr;
  llvm::SourceMgr sm;
  Diagnostics diag(&sm);
  diag.setProgramName("tt-llc");
  compileDiagnostics = &diag;
  outputOnStdout = !emitsFolder(emit) && (outPath.empty() || outPath == "-");
  bool ok = compile(opts, sm, diag);
  if (ok && timePasses)
    timers.print(llvm::errs());
  compileDiagnostics = nullptr;
  if (ok && outputLost && outputOnStdout)
    return 74; // EX_IOERR: the output asked for went into the closed pipe
  return ok ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::sys::SetOneShotPipeSignalFunction(onBrokenPipe);
  int status = run(argc, argv);
  // Messages lost on a closed standard error do not change the status
  // (raw_fd_ostream would otherwise report the failed write at exit).
  llvm::errs().clear_error();
  return status;
}

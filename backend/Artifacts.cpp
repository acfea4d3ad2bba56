//===- backend/Artifacts.cpp - lowered kernel -> artifacts ----------------===//
//
// See Artifacts.h. Stages, each a --time-passes timer: llvm-codegen (Tile IR
// to LLVM IR), llvm-opt (--emit=llvm) or llvm-opt+emit (the programs
// optimised and emitted as objects or assembly, in parallel), lld (images),
// plan, host-stub (generation), clang (host object), write (rename into
// place).
//
//===----------------------------------------------------------------------===//

#include "backend/Artifacts.h"

#include "backend/Codegen.h"
#include "backend/DeviceLibrary.h"
#include "backend/Emit.h"
#include "backend/HostStub.h"
#include "backend/Link.h"
#include "backend/Plan.h"
#include "ir/Metadata.h"
#include "plan/Plan.h"
#include "support/Diagnostics.h"
#include "support/TempFolder.h"
#include "support/Timers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace ttllc;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

ProgramCode::ProgramCode() = default;
ProgramCode::~ProgramCode() {
  // The module belongs to the context: destroy it first.
  module.reset();
}
ProgramCode::ProgramCode(ProgramCode &&) = default;
ProgramCode &ProgramCode::operator=(ProgramCode &&) = default;

namespace {

/// Runs `fn(i)` for every i in [0, n), on as many threads as the machine has
/// cores (at most n). `fn` must not touch shared state: each program has its
/// own context and target machine, and reports errors through its result.
template <typename Fn> void forEachInParallel(size_t n, Fn fn) {
  size_t threads = std::min<size_t>(n, std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++)
      fn(i);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (std::thread &t : pool)
    t.join();
}

llvm::Timer *timer(const BackendOptions &opts, std::string_view name, std::string_view desc) {
  return opts.timers ? &opts.timers->get(name, desc) : nullptr;
}

bool error(Diagnostics &diag, const llvm::Twine &msg) {
  diag.error(llvm::SMLoc(), msg);
  return false;
}

bool writeFile(llvm::StringRef file, llvm::StringRef bytes, Diagnostics &diag) {
  std::error_code ec;
  llvm::raw_fd_ostream os(file, ec, fs::OF_None);
  if (!ec) {
    os << bytes;
    os.close();
    ec = os.error();
  }
  if (ec)
    return error(diag, "cannot write '" + file + "': " + ec.message());
  return true;
}

/// True for the names of the files writeArtifacts creates.
bool isArtifactName(llvm::StringRef name) {
  return name == "tt.plan.json" || name == "source.tir" || name.ends_with(".o") ||
         name.ends_with(".elf") || name.ends_with("_host.h") || name.ends_with("_host.cpp");
}

/// Moves the finished temporary folder `tmp` to `outDir`, replacing an old
/// output folder.
bool replaceFolder(llvm::StringRef tmp, llvm::StringRef outDir, Diagnostics &diag) {
  fs::file_status st;
  if (fs::status(outDir, st)) { // does not exist
    if (std::error_code ec = fs::rename(tmp, outDir))
      return error(diag, "cannot create '" + outDir + "': " + ec.message());
    return true;
  }
  if (!fs::is_directory(st))
    return error(diag, "'" + outDir + "' exists and is not a folder");
  std::error_code ec;
  for (fs::directory_iterator it(outDir, ec), end; it != end && !ec; it.increment(ec)) {
    llvm::StringRef name = path::filename(it->path());
    if (it->type() != fs::file_type::regular_file || !isArtifactName(name))
      return error(diag, "'" + outDir + "' holds '" + name +
                             "', which tt-llc did not write; not replacing it (choose another -o)");
  }
  if (ec)
    return error(diag, "cannot read '" + outDir + "': " + ec.message());
  llvm::SmallString<256> old;
  fs::createUniquePath(outDir + ".old-%%%%%%", old, /*MakeAbsolute=*/false);
  if ((ec = fs::rename(outDir, old)))
    return error(diag, "cannot replace '" + outDir + "': " + ec.message());
  if ((ec = fs::rename(tmp, outDir))) {
    fs::rename(old, outDir);
    return error(diag, "cannot replace '" + outDir + "': " + ec.message());
  }
  fs::remove_directories(old);
  return true;
}

std::string programBanner(const ProgramRole &r, const ProgramCode &p, llvm::StringRef comment) {
  std::string abi = p.abi == kDefaultABI ? "" : ", " + p.abi + " ABI";
  return (comment + " ===== " + p.name + ": " + r.program + " program on " + r.riscName + " (" +
          r.artifact + abi + ") =====\n")
      .str();
}

} // namespace

std::optional<LoweredKernel> ttllc::findLoweredKernel(const Module &m, Diagnostics &diag) {
  std::vector<PrimFuncPtr> hosts;
  for (const PrimFuncPtr &f : m.funcs)
    if (md::kProgram.get(*f) == "host")
      hosts.push_back(f);
  if (hosts.size() > 1) {
    diag.error(hosts[1]->loc,
               "this module holds several lowered kernels; choose one with --kernel");
    return std::nullopt;
  }
  if (hosts.empty()) {
    // At the module's first function, or the start of its file when it has
    // none.
    const llvm::StringLiteral hint =
        " was not lowered to device programs (run the default pipeline, or "
        "--emit=tir/plan)";
    if (!m.funcs.empty()) {
      diag.error(m.funcs.front()->loc, "function '" + m.funcs.front()->name + "'" + hint);
    } else {
      llvm::SourceMgr *sm = diag.sourceMgr();
      llvm::SMLoc start;
      if (sm && sm->getNumBuffers())
        start =
            llvm::SMLoc::getFromPointer(sm->getMemoryBuffer(sm->getMainFileID())->getBufferStart());
      diag.error(start, "this module has no function to compile");
    }
    return std::nullopt;
  }
  LoweredKernel k;
  k.host = hosts.front();
  auto names = md::kPrograms.get(*k.host);
  if (!names) {
    diag.error(k.host->loc,
               "kernel '" + k.host->name + "' has no " + md::kPrograms.name() + " list");
    return std::nullopt;
  }
  for (const std::string &n : *names) {
    PrimFuncPtr f = m.lookup(n);
    std::optional<std::string> program = f ? md::kProgram.get(*f) : std::nullopt;
    std::optional<ProgramRole> role = program ? lookupProgramRole(*program) : std::nullopt;
    if (!role) {
      diag.error(k.host->loc, "kernel '" + k.host->name + "': " + md::kPrograms.name() +
                                  " names '" + n +
                                  "', which is not a reader/unpack/math/pack/writer program");
      return std::nullopt;
    }
    for (size_t i = 0; i < programRoles().size(); ++i)
      if (programRoles()[i].program == role->program)
        k.programs[i] = f;
  }
  for (size_t i = 0; i < k.programs.size(); ++i)
    if (!k.programs[i]) {
      diag.error(k.host->loc,
                 "kernel '" + k.host->name + "' has no " + programRoles()[i].program + " program");
      return std::nullopt;
    }
  return k;
}

std::optional<KernelCode> ttllc::compileKernel(const LoweredKernel &k, const TargetInfo &target,
                                               ProgramOutput output, const BackendOptions &opts,
                                               Diagnostics &diag) {
  std::vector<DeviceLibrary> libraries = deviceLibrariesFor(target);
  if (libraries.empty()) {
    error(diag, "tt-llc has no device library for architecture '" + target.arch + "' (" +
                    target.name + ")");
    return std::nullopt;
  }
  if (!opts.abis.empty()) { // --abi: only these, in table order
    std::string have;
    for (const DeviceLibrary &lib : libraries)
      have += (have.empty() ? "" : ", ") + lib.abi.str();
    for (const std::string &abi : opts.abis)
      if (!llvm::any_of(libraries, [&](const DeviceLibrary &lib) { return lib.abi == abi; })) {
        error(diag, "there is no " + abi + " device library for " + target.name +
                        " (it has: " + have + ")");
        return std::nullopt;
      }
    llvm::erase_if(libraries, [&](const DeviceLibrary &lib) {
      return !llvm::is_contained(opts.abis, lib.abi);
    });
  }
  KernelCode code;
  auto tm = createTargetMachine(target, opts.optLevel);
  if (!tm) {
    error(diag, llvm::toString(tm.takeError()));
    return std::nullopt;
  }
  llvm::DataLayout layout = (*tm)->createDataLayout();
  code.programs.resize(libraries.size() * k.programs.size());
  code.programs[0].machine = std::move(*tm);
  for (size_t a = 0; a < libraries.size(); ++a) {
    code.abis.push_back(libraries[a].abi.str());
    for (size_t i = 0; i < k.programs.size(); ++i) {
      llvm::TimeRegion region(timer(opts, "llvm-codegen", "llvm-codegen: Tile IR to LLVM IR"));
      ProgramCode &p = code.program(a, i);
      p.context = std::make_unique<llvm::LLVMContext>();
      p.name = k.programs[i]->name;
      p.abi = code.abis.back();
      p.module = generateProgram(*k.programs[i], target, layout, *p.context, diag);
      if (!p.module)
        return std::nullopt;
    }
  }

  // Each thread takes the next program, links its ABI's device library into
  // it (parsed into the program's own context), optimises and emits it. The
  // other programs' target machines are made there too (the same target as
  // the first, so they cannot fail). Nothing here reports through `diag`.
  bool emits = output != ProgramOutput::IR;
  llvm::TimeRegion region(
      emits ? timer(opts, "llvm-opt+emit",
                    "llvm-opt+emit: device library link, LLVM optimisation, "
                    "RISC-V code generation")
            : timer(opts, "llvm-opt", "llvm-opt: device library link, LLVM optimisation"));
  std::vector<std::string> errors(code.programs.size());
  forEachInParallel(code.programs.size(), [&](size_t j) {
    ProgramCode &p = code.programs[j];
    if (!p.machine)
      p.machine = llvm::cantFail(createTargetMachine(target, opts.optLevel));
    if (llvm::Error e = linkDeviceLibrary(*p.module, libraries[j / k.programs.size()])) {
      errors[j] = llvm::toString(std::move(e));
      return;
    }
    optimizeModule(*p.module, *p.machine, opts.optLevel);
    if (!emits)
      return;
    auto kind = output == ProgramOutput::Object ? llvm::CodeGenFileType::ObjectFile
                                                : llvm::CodeGenFileType::AssemblyFile;
    if (llvm::Error e = emitModule(*p.module, *p.machine, kind, p.emitted))
      errors[j] = llvm::toString(std::move(e));
  });
  for (size_t j = 0; j < errors.size(); ++j)
    if (!errors[j].empty()) {
      error(diag, code.programs[j].name + ": " + errors[j]);
      return std::nullopt;
    }
  return code;
}

bool ttllc::printLLVM(KernelCode &code, llvm::raw_ostream &os) {
  for (size_t j = 0; j < code.programs.size(); ++j) {
    os << programBanner(programRoles()[j % 5], code.programs[j], ";");
    code.programs[j].module->print(os, nullptr);
    os << "\n";
  }
  return true;
}

bool ttllc::printAssembly(KernelCode &code, llvm::raw_ostream &os) {
  for (size_t j = 0; j < code.programs.size(); ++j)
    os << programBanner(programRoles()[j % 5], code.programs[j], "#") << code.programs[j].emitted
       << "\n";
  return true;
}

namespace {

/// Writes the artifacts into the empty folder `dir`.
bool writeInto(llvm::StringRef dir, KernelCode &code, const LoweredKernel &k,
               const TargetInfo &target, ArtifactSet what, const BackendOptions &opts,
               Diagnostics &diag) {
  auto in = [&](llvm::StringRef name) {
    llvm::SmallString<256> p(dir);
    path::append(p, name);
    return std::string(p);
  };
  std::vector<std::string> objects;
  for (size_t j = 0; j < code.programs.size(); ++j) {
    objects.push_back(in(artifactFile(programRoles()[j % 5], code.programs[j].abi, ".o")));
    if (!writeFile(objects.back(), code.programs[j].emitted, diag))
      return false;
  }
  if (what == ArtifactSet::Objects)
    return true;

  std::vector<KernelImage> images;
  for (size_t j = 0; j < objects.size(); ++j) {
    const ProgramRole &role = programRoles()[j % 5];
    const ProgramCode &p = code.programs[j];
    std::string file = artifactFile(role, p.abi, ".elf");
    std::string image = in(file);
    {
      llvm::TimeRegion region(timer(opts, "lld", "lld: link images"));
      if (llvm::Error e = linkImage(target, role.risc, objects[j], image, dir))
        return error(diag,
                     "linking " + p.name + " (" + file + "): " + llvm::toString(std::move(e)));
    }
    auto buf = llvm::MemoryBuffer::getFile(image, /*IsText=*/false);
    if (!buf)
      return error(diag, "cannot read '" + image + "': " + buf.getError().message());
    llvm::StringRef b = (*buf)->getBuffer();
    images.push_back({role.risc, p.abi, std::string(role.artifact), {b.begin(), b.end()}});
  }

  std::optional<ttplan::Plan> plan;
  {
    llvm::TimeRegion region(timer(opts, "plan", "plan: tt.plan.json"));
    plan = buildPlan(*k.host, target, diag);
    if (!plan)
      return false;
    addImageSets(*plan, code.abis);
    std::string text;
    llvm::raw_string_ostream os(text);
    ttplan::writePlan(os, *plan);
    if (!writeFile(in("tt.plan.json"), text, diag))
      return false;
  }

  if (!opts.sourceTIR.empty() && !writeFile(in("source.tir"), opts.sourceTIR, diag))
    return false;

  HostStub stub;
  {
    llvm::TimeRegion region(timer(opts, "host-stub", "host-stub: generate the host stub"));
    stub = generateHostStub(*plan, images, opts.stubName);
    if (!writeFile(in(stub.headerName), stub.header, diag) ||
        !writeFile(in(stub.sourceName), stub.source, diag))
      return false;
  }
  {
    llvm::TimeRegion region(timer(opts, "clang", "clang: compile the host stub"));
    llvm::SmallString<0> object;
    if (llvm::Error e = compileHostStub(stub, object))
      return error(diag, llvm::toString(std::move(e)));
    std::string name = stub.sourceName.substr(0, stub.sourceName.size() - 4) + ".o";
    if (!writeFile(in(name), object, diag))
      return false;
  }
  return true;
}

} // namespace

bool ttllc::writeArtifacts(KernelCode &code, const LoweredKernel &k, const TargetInfo &target,
                           llvm::StringRef outDirArg, ArtifactSet what, const BackendOptions &opts,
                           Diagnostics &diag) {
  // Absolute, so the temporary folder is created next to OUTDIR (LLVM puts a
  // relative unique name under the system's temporary folder).
  llvm::SmallString<256> outDirAbs(outDirArg);
  if (std::error_code ec = fs::make_absolute(outDirAbs))
    return error(diag, "cannot resolve '" + outDirArg + "': " + ec.message());
  llvm::StringRef outDir = outDirAbs;
  llvm::SmallString<256> parent(outDir);
  path::remove_filename(parent);
  if (!parent.empty())
    if (std::error_code ec = fs::create_directories(parent))
      return error(diag, "cannot create '" + parent + "': " + ec.message());
  // The temporary folder sits next to OUTDIR, so the final rename stays on
  // one file system. It is removed on failure and on SIGINT/SIGTERM until it
  // is in place.
  TempFolder tmp;
  if (std::error_code ec = tmp.create(outDir + ".tmp"))
    return error(diag, "cannot create a folder next to '" + outDir + "': " + ec.message());
  if (!writeInto(tmp.path(), code, k, target, what, opts, diag))
    return false;
  llvm::TimeRegion region(timer(opts, "write", "write: move the artifacts into place"));
  if (!replaceFolder(tmp.path(), outDir, diag))
    return false;
  tmp.release();
  return true;
}

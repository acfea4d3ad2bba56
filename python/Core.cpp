//===- python/Core.cpp - tt_llc._core, the C++ side of the Python package -===//
//
// Reads:      Python calls of the tt_llc package (python/tt_llc/*.py), which
//             hands this module source text, parameter bindings, pass names,
//             device names and float32 numpy arrays.
// Guarantees: the compile flow is tools/Driver.h's (loadKernel, compile), the
//             passes are passes/Pipeline.h's list, runs go through the
//             runtime's C API (tt_program_create_from_kernel of the plan a
//             compile wrote, runtime/PlanProgram.h); no step is copied.
//             Every failure becomes a Python exception: compile errors a
//             tt_llc.CompileError built from the located diagnostics, run
//             faults a tt_llc.RuntimeError with the runtime's report, bad
//             arguments ValueError / TypeError. Nothing aborts the interpreter.
//             A pass never changes the module it is given: it runs on a copy
//             (the module printed and parsed back, which the printer
//             guarantees gives an equal IR). A list of passes may hold
//             Python passes (python/PyPass.h) next to names; modules convert
//             to and from tt_llc.tir objects (python/PyIR.h).
// Example:
//   m = _core.load("gemm.py", text, ["M=512"], "", "wormhole_b0")
//   m2 = _core.run_passes(m, ["apply-tt-defaults", "infer-tt-schedule"], "wormhole_b0")
//   m2.function("gemm").attrs["tt_num_tiles"]        # 256
//   _core.compile("gemm.py", text, [], "", "wormhole_b0", "out/k", "all", None)
//   r = _core.Runner("out/k", "sim:wormhole_b0"); outs, stats = r.run([a, b, None])
//
//===----------------------------------------------------------------------===//

#include "PyIR.h"
#include "PyPass.h"

#include "ir/IR.h"
#include "ir/Printer.h"
#include "ir/Verifier.h"
#include "passes/Pipeline.h"
#include "plan/Plan.h"
#include "runtime/PlanProgram.h"
#include "support/Diagnostics.h"
#include "syntax/PyToTileIR.h"
#include "tools/Driver.h"
#include "tt/runtime.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pb = pybind11;
using namespace ttllc;

namespace {

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

/// Raises tt_llc.errors.<cls>.from_report(report): the exception classes
/// live in Python (python/tt_llc/errors.py), where their fields are parsed.
[[noreturn]] void raise(const char *cls, const std::string &report) {
  pb::object type = pb::module_::import("tt_llc.errors").attr(cls);
  pb::object exc = type.attr("from_report")(report);
  PyErr_SetObject(type.ptr(), exc.ptr());
  throw pb::error_already_set();
}

[[noreturn]] void raiseCompileError(const std::string &diagnostics) {
  raise("CompileError", diagnostics.empty() ? "error: compilation failed" : diagnostics);
}

const char *statusName(tt_status s) {
  switch (s) {
  case TT_OK:
    return "ok";
  case TT_ERROR_INVALID_ARGUMENT:
    return "invalid argument";
  case TT_ERROR_OUT_OF_MEMORY:
    return "out of memory";
  case TT_ERROR_BAD_IMAGE:
    return "bad image";
  case TT_ERROR_DEADLOCK:
    return "deadlock";
  case TT_ERROR_FAULT:
    return "fault";
  case TT_ERROR_BUDGET:
    return "budget";
  case TT_ERROR_UNSUPPORTED:
    return "unsupported";
  }
  return "error";
}

/// Raises tt_llc.RuntimeError for a failed runtime call.
[[noreturn]] void raiseRuntimeError(tt_status status, const std::string &context) {
  std::string report = std::string(statusName(status)) + ": " +
                       (context.empty() ? "" : context + ": ") + tt_last_error();
  raise("RuntimeError", report);
}

void check(tt_status status, const std::string &context) {
  if (status != TT_OK)
    raiseRuntimeError(status, context);
}

/// "sim:wormhole_b0" / "ttsim:blackhole" / "wormhole_b0" -> the target name.
const TargetInfo &targetOf(const std::string &device) {
  std::string name = device;
  if (size_t colon = name.find(':'); colon != std::string::npos)
    name = name.substr(colon + 1);
  const TargetInfo *t = lookupTarget(name);
  if (!t)
    throw pb::value_error("unknown device '" + device + "' (expected one of: " + targetNames() +
                          ", optionally prefixed by sim: or ttsim:)");
  return *t;
}

//===----------------------------------------------------------------------===//
// IR: a module with the source manager its locations point into
//===----------------------------------------------------------------------===//

struct PyModule {
  std::shared_ptr<llvm::SourceMgr> sm;
  Module module;
};
using PyModulePtr = std::shared_ptr<PyModule>;

/// A function of a module (kept alive by it).
struct PyFunction {
  PyModulePtr owner;
  PrimFuncPtr func;
};

/// A buffer parameter of a function.
struct PyBuffer {
  PyModulePtr owner;
  Buffer buffer;
};

/// Parses Tile IR text or TileLang source (as the driver reads a file) into a
/// module; `name` names it in diagnostics.
PyModulePtr load(const std::string &name, const std::string &text,
                 const std::vector<std::string> &defines, const std::string &kernel,
                 const std::string &device) {
  CompileOptions opts;
  opts.inputPath = name;
  opts.inputText = text;
  opts.input = {defines, kernel};
  opts.target = targetOf(device);
  auto pm = std::make_shared<PyModule>();
  pm->sm = std::make_shared<llvm::SourceMgr>();
  std::string messages;
  llvm::raw_string_ostream os(messages);
  Diagnostics diag(pm->sm.get(), os);
  std::optional<Module> m = loadKernel(opts, *pm->sm, diag);
  if (!m)
    raiseCompileError(messages);
  pm->module = std::move(*m);
  return pm;
}

std::string printed(const Module &m) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printModule(m, os);
  return text;
}

/// The pipeline of `items`: pass or pipeline names (str) and Python passes.
Pipeline pipelineOf(const pb::list &items) {
  Pipeline out;
  for (pb::handle item : items) {
    if (pb::isinstance<PythonPass>(item)) {
      out.push_back(item.cast<const PythonPass &>().info());
      continue;
    }
    if (!pb::isinstance<pb::str>(item))
      throw pb::type_error("a pass is a name or a Python pass, not a " +
                           std::string(pb::str(pb::type::handle_of(item).attr("__name__"))));
    llvm::Expected<Pipeline> p = parsePipeline({item.cast<std::string>()});
    if (!p)
      throw pb::value_error(llvm::toString(p.takeError()));
    out.insert(out.end(), p->begin(), p->end());
  }
  return out;
}

/// `m` parsed back from its text form into a new module named `name` (so
/// that its locations point into text the module owns).
PyModulePtr reparsed(const Module &m, const char *name) {
  auto out = std::make_shared<PyModule>();
  out->sm = std::make_shared<llvm::SourceMgr>();
  std::string messages;
  llvm::raw_string_ostream os(messages);
  Diagnostics diag(out->sm.get(), os);
  unsigned id = out->sm->AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(printed(m), name),
                                            llvm::SMLoc());
  std::optional<Module> copy = parseTileIR(*out->sm, id, diag);
  if (!copy)
    raiseCompileError(messages);
  out->module = std::move(*copy);
  return out;
}

/// Runs the passes `items` (pass or pipeline names, Python passes) on a copy
/// of `in`; the IR after the passes `printAfter` names, and with timePasses
/// the passes' times, go to sys.stdout.
PyModulePtr runPasses(const PyModule &in, const pb::list &items, const std::string &device,
                      const std::vector<std::string> &printAfter, bool timePasses) {
  Pipeline pipeline = pipelineOf(items);
  PyModulePtr out = reparsed(in.module, "<tt_llc module>");
  std::string messages, dumps;
  llvm::raw_string_ostream os(messages), dumpStream(dumps);
  Diagnostics diag(out->sm.get(), os);
  PassContext ctx{diag, targetOf(device)};
  PassManagerOptions options;
  options.printAfter.insert(printAfter.begin(), printAfter.end());
  StageTimers timers;
  options.timers = timePasses ? &timers : nullptr;
  PassManager manager(ctx, options, dumpStream);
  bool ok = manager.run(out->module, pipeline);
  if (timePasses)
    timers.print(dumpStream);
  dumpStream.flush();
  if (!dumps.empty())
    pb::module_::import("sys").attr("stdout").attr("write")(dumps);
  if (!ok)
    raiseCompileError(messages);
  return out;
}

/// The module of a tt_llc.tir.IRModule, verified, with its own text form.
PyModulePtr fromTir(pb::handle mod) {
  std::string messages;
  llvm::raw_string_ostream os(messages);
  Module m;
  try {
    m = IRBridge(nullptr).moduleFromPython(mod);
  } catch (BadIR &e) {
    throw pb::type_error(e.message);
  }
  PyModulePtr out = reparsed(m, "<tt_llc.tir module>");
  Diagnostics diag(out->sm.get(), os);
  if (!verifyModule(out->module, diag))
    raiseCompileError(messages);
  return out;
}

/// A module holding only `f` (a copy of it, through the text form).
PyModulePtr moduleOf(const PyFunction &f) {
  Module tmp;
  tmp.funcs = {f.func};
  return reparsed(tmp, "<tt_llc module>");
}

//===----------------------------------------------------------------------===//
// Kernels: compile, and run a compiled folder
//===----------------------------------------------------------------------===//

void compileKernel(const std::string &name, const std::string &text,
                   const std::vector<std::string> &defines, const std::string &kernel,
                   const std::string &device, const std::string &output, const std::string &emit,
                   const std::optional<pb::list> &passes) {
  static const std::map<std::string, EmitKind> kinds = {{"all", EmitKind::All},
                                                        {"tir", EmitKind::TIR},
                                                        {"plan", EmitKind::Plan},
                                                        {"llvm", EmitKind::LLVM},
                                                        {"asm", EmitKind::Asm}};
  auto kind = kinds.find(emit);
  if (kind == kinds.end())
    throw pb::value_error("unknown output kind '" + emit + "'");
  CompileOptions opts;
  opts.inputPath = name;
  opts.inputText = text;
  opts.input = {defines, kernel};
  opts.target = targetOf(device);
  opts.emit = kind->second;
  opts.output = output;
  if (passes) // else the driver's default for `emit`
    opts.passes = pipelineOf(*passes);
  llvm::SourceMgr sm;
  std::string messages;
  llvm::raw_string_ostream os(messages);
  Diagnostics diag(&sm, os);
  if (!compile(opts, sm, diag))
    raiseCompileError(messages);
}

/// A device opened by runners, open until the interpreter exits (opening one
/// allocates its DRAM model; runs reuse it). One run at a time uses it.
struct OpenDevice {
  tt_device *device = nullptr;
  std::mutex mutex;
};

/// The open device called `name` (opened on first use; the GIL guards the map).
OpenDevice &device(const std::string &name) {
  static std::map<std::string, std::unique_ptr<OpenDevice>> devices;
  if (auto it = devices.find(name); it != devices.end())
    return *it->second;
  auto d = std::make_unique<OpenDevice>();
  check(tt_device_open(name.c_str(), &d->device), "cannot open device '" + name + "'");
  return *(devices[name] = std::move(d));
}

using F32Array = pb::array_t<float, pb::array::c_style | pb::array::forcecast>;

/// The kernel of a folder tt-llc wrote, ready to run on one device.
class Runner {
public:
  Runner(const std::string &dir, const std::string &deviceName) : deviceName_(deviceName) {
    auto plan = ttplan::readPlanFile(dir + "/tt.plan.json", ttplan::PlanKind::Lowered);
    if (!plan)
      raise("RuntimeError", llvm::toString(plan.takeError()));
    plan_ = std::move(*plan);
    auto images = ttrt::readImages(dir, plan_);
    if (!images)
      raise("RuntimeError", llvm::toString(images.takeError()));
    auto kernel = ttrt::PlanKernel::create(plan_, *images);
    if (!kernel)
      raise("RuntimeError", llvm::toString(kernel.takeError()));
    kernel_ = std::move(*kernel);
    for (const ttplan::Buffer &b : plan_.buffers) {
      auto format = ttrt::dataFormat(b.dtype);
      if (!format)
        raise("RuntimeError", "buffer " + b.name + ": " + llvm::toString(format.takeError()));
      formats_.push_back(*format);
    }
    open_ = &device(deviceName_);
    device_ = open_->device;
  }

  /// (name, role, dtype, shape) of each buffer parameter, in order.
  pb::list buffers() const {
    pb::list out;
    for (const ttplan::Buffer &b : plan_.buffers)
      out.append(pb::make_tuple(b.name, std::string(ttplan::nameOf(b.role)), b.dtype,
                                pb::tuple(pb::cast(b.shape))));
    return out;
  }

  /// Runs the kernel: `inputs[i]` fills buffer i (float32, the buffer's
  /// shape) or is None (left as zeros). Returns the output and inout buffers'
  /// contents (float32) by index, and the per-core statistics.
  pb::tuple run(const std::vector<std::optional<F32Array>> &inputs,
                std::optional<uint64_t> budget) {
    if (inputs.size() != plan_.buffers.size())
      throw pb::value_error("expected " + std::to_string(plan_.buffers.size()) + " buffers, got " +
                            std::to_string(inputs.size()));
    // The device is this run's until it returns; waiting for it releases the
    // GIL, so that the run holding it can take the GIL back and finish.
    std::unique_lock<std::mutex> lock(open_->mutex, std::defer_lock);
    {
      pb::gil_scoped_release release;
      lock.lock();
    }
    struct Owned {
      std::vector<tt_buffer *> buffers;
      tt_program *program = nullptr;
      ~Owned() {
        if (program)
          tt_program_destroy(program);
        for (tt_buffer *b : buffers)
          tt_buffer_destroy(b);
      }
    } owned;
    // The default budgets of tt/runtime.h, set again as the device is shared.
    check(tt_device_set_instruction_budget(device_, budget      ? *budget
                                                    : onTtsim() ? 20'000'000
                                                                : 100'000'000),
          plan_.kernel);
    for (size_t i = 0; i < plan_.buffers.size(); ++i) {
      const ttplan::Buffer &b = plan_.buffers[i];
      tt_buffer *buf = nullptr;
      check(tt_buffer_create(device_, uint64_t(b.numPages) * uint64_t(b.pageSize),
                             uint32_t(b.pageSize), &buf),
            "buffer " + b.name);
      owned.buffers.push_back(buf);
      auto [rows, cols] = matrixShape(b.shape);
      std::vector<float> zeros;
      const float *data = nullptr;
      if (inputs[i]) {
        const F32Array &a = *inputs[i];
        if (size_t(a.size()) != size_t(rows) * cols)
          throw pb::value_error("buffer " + b.name + ": expected " +
                                std::to_string(size_t(rows) * cols) + " elements, got " +
                                std::to_string(a.size()));
        data = a.data();
      } else {
        zeros.assign(size_t(rows) * cols, 0.0f);
        data = zeros.data();
      }
      check(tt_buffer_write_tiles(buf, data, TT_FLOAT32, rows, cols, formats_[i]),
            "buffer " + b.name);
    }
    check(tt_program_create_from_kernel(device_, &kernel_->desc(), owned.buffers.data(),
                                        uint32_t(owned.buffers.size()), &owned.program),
          "");
    tt_status status;
    if (onTtsim()) {
      // A ttsim run forks: no other Python thread runs while it does.
      status = tt_program_run(owned.program);
    } else {
      // The simulator needs no Python; other threads may run meanwhile.
      pb::gil_scoped_release release;
      status = tt_program_run(owned.program);
    }
    check(status, "");

    pb::dict outputs;
    for (size_t i = 0; i < plan_.buffers.size(); ++i) {
      const ttplan::Buffer &b = plan_.buffers[i];
      if (b.role != ttplan::BufferRole::Output && b.role != ttplan::BufferRole::InOut)
        continue;
      F32Array out(b.shape);
      auto [rows, cols] = matrixShape(b.shape);
      check(tt_buffer_read_tiles(owned.buffers[i], out.mutable_data(), TT_FLOAT32, rows, cols,
                                 formats_[i]),
            "buffer " + b.name);
      outputs[pb::int_(i)] = std::move(out);
    }
    return pb::make_tuple(outputs, stats(owned.program));
  }

private:
  bool onTtsim() const { return tt_device_get_abi(device_) == TT_ABI_HW; }

  static pb::list stats(tt_program *program) {
    static const char *riscs[5] = {"writer", "reader", "unpack", "math", "pack"};
    pb::list out;
    for (uint32_t i = 0; i < tt_program_num_cores(program); ++i) {
      tt_core_stats s;
      check(tt_program_get_stats(program, i, &s), "statistics");
      pb::dict core, instructions, cbOps;
      for (int r = 0; r < 5; ++r) {
        instructions[riscs[r]] = s.instructions[r];
        cbOps[riscs[r]] = s.cb_operations[r];
      }
      core["core"] = pb::make_tuple(s.x, s.y);
      core["instructions"] = instructions;
      core["cb_operations"] = cbOps;
      core["noc_read_bytes"] = s.noc_read_bytes;
      core["noc_write_bytes"] = s.noc_write_bytes;
      core["matmul_tiles"] = s.matmul_tiles;
      out.append(core);
    }
    return out;
  }

  std::string deviceName_;
  ttplan::Plan plan_;
  std::unique_ptr<ttrt::PlanKernel> kernel_;
  std::vector<tt_data_format> formats_;
  OpenDevice *open_ = nullptr;
  tt_device *device_ = nullptr;
};

} // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "tt-llc's compiler, passes and runtime (use the tt_llc package, not this module)";

  pb::class_<PyBuffer>(m, "Buffer")
      .def_property_readonly("name", [](const PyBuffer &b) { return b.buffer->name; })
      .def_property_readonly("shape",
                             [](const PyBuffer &b) { return pb::tuple(pb::cast(b.buffer->shape)); })
      .def_property_readonly(
          "dtype", [](const PyBuffer &b) { return std::string(dtypeName(b.buffer->dtype)); })
      .def_property_readonly(
          "scope", [](const PyBuffer &b) { return std::string(scopeName(b.buffer->scope)); })
      .def_property_readonly("attrs",
                             [](const PyBuffer &b) { return attrsToPython(b.buffer->attrs); })
      .def("__repr__", [](const PyBuffer &b) {
        return "<tt_llc.Buffer " + b.buffer->name + " " + std::string(dtypeName(b.buffer->dtype)) +
               ">";
      });

  pb::class_<PyFunction>(m, "Function")
      .def_property_readonly("name", [](const PyFunction &f) { return f.func->name; })
      .def_property_readonly("attrs",
                             [](const PyFunction &f) { return attrsToPython(f.func->attrs); })
      .def_property_readonly("params",
                             [](const PyFunction &f) {
                               pb::list names;
                               for (const Param &p : f.func->params)
                                 names.append(std::holds_alternative<Buffer>(p)
                                                  ? std::get<Buffer>(p)->name
                                                  : std::get<Var>(p)->name);
                               return names;
                             })
      .def_property_readonly("buffer_map",
                             [](const PyFunction &f) {
                               pb::dict out;
                               for (const Buffer &b : f.func->bufferParams())
                                 out[pb::str(b->name)] = PyBuffer{f.owner, b};
                               return out;
                             })
      .def("module", &moduleOf)
      .def("__repr__",
           [](const PyFunction &f) { return "<tt_llc.Function " + f.func->name + ">"; });

  pb::class_<PyModule, PyModulePtr>(m, "Module")
      .def_property_readonly("functions",
                             [](const PyModule &pm) {
                               pb::list names;
                               for (const PrimFuncPtr &f : pm.module.funcs)
                                 names.append(f->name);
                               return names;
                             })
      .def("function",
           [](const PyModulePtr &pm, const std::string &name) {
             PrimFuncPtr f = pm->module.lookup(name);
             if (!f)
               throw pb::key_error("no function named '" + name + "' in this module");
             return PyFunction{pm, f};
           })
      .def("script", [](const PyModule &pm) { return printed(pm.module); });

  m.def("load", &load, pb::arg("name"), pb::arg("text"), pb::arg("defines"), pb::arg("kernel"),
        pb::arg("device"));
  m.def("run_passes", &runPasses, pb::arg("module"), pb::arg("passes"), pb::arg("device"),
        pb::arg("print_after") = std::vector<std::string>(), pb::arg("time_passes") = false);
  m.def("to_tir",
        [](const PyModulePtr &pm) { return IRBridge(pm->sm.get()).toPython(pm->module); });
  m.def("from_tir", &fromTir, pb::arg("module"));
  m.def("tir_script", [](pb::handle mod) {
    try {
      return printed(IRBridge(nullptr).moduleFromPython(mod));
    } catch (BadIR &e) {
      throw pb::type_error(e.message);
    }
  });
  m.def("tir_expr_text", [](pb::handle e) {
    try {
      return toString(IRBridge(nullptr).exprFromPython(e));
    } catch (BadIR &err) {
      throw pb::type_error(err.message);
    }
  });
  pb::class_<PythonPass, std::shared_ptr<PythonPass>>(m, "PythonPass")
      .def(pb::init<std::string, pb::object>(), pb::arg("name"), pb::arg("apply"))
      .def_property_readonly("name", &PythonPass::name);
  m.def("passes", [] {
    pb::list out;
    for (const PassInfo &p : allPasses()) {
      const char *stage = p.stage == PassStage::Metadata   ? "metadata"
                          : p.stage == PassStage::Lowering ? "lowering"
                          : p.stage == PassStage::Check    ? "check"
                                                           : "extra";
      out.append(pb::make_tuple(std::string(p.name), stage, std::string(p.summary)));
    }
    return out;
  });
  m.def("compile", &compileKernel, pb::arg("name"), pb::arg("text"), pb::arg("defines"),
        pb::arg("kernel"), pb::arg("device"), pb::arg("output"), pb::arg("emit"),
        pb::arg("passes") = pb::none());

  pb::class_<Runner>(m, "Runner")
      .def(pb::init<const std::string &, const std::string &>(), pb::arg("dir"), pb::arg("device"))
      .def("buffers", &Runner::buffers)
      .def("run", &Runner::run, pb::arg("inputs"), pb::arg("budget"));
  m.def("set_ttsim_library",
        [](const std::string &path) { check(tt_set_ttsim_library(path.c_str()), ""); });
}

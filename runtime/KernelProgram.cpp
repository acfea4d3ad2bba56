//===- runtime/KernelProgram.cpp - a program from a kernel description ----===//
//
// Implements tt_program_create_from_kernel (tt/runtime.h): the one place that
// turns a kernel's description (a host stub's static data, or what tt-run
// builds from tt.plan.json) into a program. It checks, in this order, that
// the description is sound, that the device is the one the kernel was
// compiled for and that the buffers fit the kernel, and picks the images of
// the device's ABI (tt_device_get_abi); then it builds the
// program with the lower-level tt_program_* calls, which check the rest
// (circular buffer ids and L1 room, images, cores on the device's grid) with
// their own messages, and destroys the program again if one of them fails.
//
// For kernel "gemm" on a blackhole device, the call fails with
// "gemm: compiled for device wormhole_b0, not blackhole"; a description whose
// reader names buffer 5 of three with "gemm: corrupt kernel description:
// reader argument 0 is the address of buffer 5, the kernel has 3 buffers";
// on a ttsim device, for a kernel with sim images only, with "'gemm' was
// compiled without images for the hw ABI (ttsim:* devices): ...".
//
// It uses the public C API only, as the host stubs did before it.
//
//===----------------------------------------------------------------------===//

#include "tt/device_abi.h"
#include "tt/programs.h"
#include "tt/runtime.h"

#include <cstring>
#include <new>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr const char *kFunction = "tt_program_create_from_kernel";

/// The runtime arguments of kernel `k` (TT_KERNEL_*, tt/programs.h).
const tt_kernel_args &kernelArgs(const tt_kernel_desc &desc, unsigned k) {
  switch (k) {
  case TT_KERNEL_READER:
    return desc.reader;
  case TT_KERNEL_WRITER:
    return desc.writer;
  default:
    return desc.compute;
  }
}

tt_status fail(const std::string &message, tt_status status = TT_ERROR_INVALID_ARGUMENT) {
  return tt_fail(status, message.c_str());
}

/// "sim", "hw" (tt_device_abi_names); `abi` is known.
std::string abiName(uint32_t abi) { return tt_device_abi_names[abi]; }

/// The devices that run images of `abi`, for messages; `abi` is known.
std::string abiDevices(uint32_t abi) { return tt_device_abi_devices[abi]; }

std::string core(const tt_kernel_core &c) {
  return "core (" + std::to_string(c.x) + ", " + std::to_string(c.y) + ")";
}

/// What is wrong with the description's own data, or "" when nothing is
/// (`desc` has the right version and a kernel name).
std::string descriptionProblem(const tt_kernel_desc &desc) {
  if (!desc.device || !*desc.device)
    return "no device name";
  if (desc.num_buffers > 0 && !desc.buffers)
    return std::to_string(desc.num_buffers) + " buffers at NULL";
  for (uint32_t i = 0; i < desc.num_buffers; ++i) {
    const tt_kernel_buffer &b = desc.buffers[i];
    if (!b.name || !*b.name)
      return "buffers[" + std::to_string(i) + "] has no name";
    if (b.page_size == 0)
      return std::string("buffer ") + b.name + " has pages of 0 bytes";
  }
  if (desc.num_circular_buffers > 0 && !desc.circular_buffers)
    return std::to_string(desc.num_circular_buffers) + " circular buffers at NULL";
  if (desc.num_image_sets == 0 || !desc.image_sets)
    return "no images";
  std::set<uint32_t> abis;
  for (uint32_t i = 0; i < desc.num_image_sets; ++i) {
    uint32_t abi = desc.image_sets[i].abi;
    if (abi >= TT_NUM_DEVICE_ABIS)
      return "image_sets[" + std::to_string(i) + "] is for device ABI " + std::to_string(abi) +
             ", which this runtime does not know";
    if (!abis.insert(abi).second)
      return std::string("two image sets for the ") + tt_device_abi_names[abi] + " ABI";
  }
  if (desc.num_cores == 0 || !desc.cores)
    return "no cores";
  std::set<std::pair<uint32_t, uint32_t>> cores;
  for (uint32_t i = 0; i < desc.num_cores; ++i)
    if (!cores.insert({desc.cores[i].x, desc.cores[i].y}).second)
      return core(desc.cores[i]) + " is listed twice";
  for (unsigned k = 0; k < TT_NUM_KERNELS; ++k) {
    const tt_kernel_args &args = kernelArgs(desc, k);
    const char *kernel = tt_kernels[k];
    std::string what = std::string(kernel) + " argument";
    if (args.count > TT_RUNTIME_ARGS_MAX)
      return std::to_string(args.count) + " " + what + "s per core, at most " +
             std::to_string(TT_RUNTIME_ARGS_MAX);
    if (args.count > 0 && !args.values)
      return std::to_string(args.count) + " " + what + "s per core at NULL";
    if (args.num_addresses > 0 && !args.addresses)
      return std::to_string(args.num_addresses) + " " + kernel + " buffer addresses at NULL";
    std::vector<bool> seen(args.count);
    for (uint32_t i = 0; i < args.num_addresses; ++i) {
      const tt_kernel_address_arg &a = args.addresses[i];
      std::string arg = what + " " + std::to_string(a.arg);
      if (a.arg >= args.count)
        return arg + " is a buffer address, but the " + kernel + " has " +
               std::to_string(args.count) + " arguments";
      if (a.buffer >= desc.num_buffers)
        return arg + " is the address of buffer " + std::to_string(a.buffer) + ", the kernel has " +
               std::to_string(desc.num_buffers) + " buffers";
      if (seen[a.arg])
        return arg + " is listed twice as a buffer address";
      seen[a.arg] = true;
    }
  }
  return "";
}

/// Checks the device and the buffers against the kernel `desc`.
tt_status checkArguments(const tt_kernel_desc &desc, tt_device *device, tt_buffer *const *buffers,
                         uint32_t numBuffers) {
  std::string kernel = desc.kernel;
  if (!device)
    return fail(kernel + ": device is null");
  const char *name = tt_device_name(device);
  if (!name || !*name)
    return fail(kernel + ": device is not an open device");
  if (std::strcmp(name, desc.device) != 0)
    return fail(kernel + ": compiled for device " + desc.device + ", not " + name);
  if (numBuffers != desc.num_buffers)
    return fail(kernel + ": takes " + std::to_string(desc.num_buffers) + " buffers, got " +
                std::to_string(numBuffers));
  if (numBuffers > 0 && !buffers)
    return fail(kernel + ": buffers is null");
  for (uint32_t i = 0; i < numBuffers; ++i) {
    const tt_kernel_buffer &want = desc.buffers[i];
    const tt_buffer *buffer = buffers[i];
    std::string what = kernel + ": buffer " + want.name;
    if (!buffer)
      return fail(what + " is null");
    uint32_t pageSize = tt_buffer_page_size(buffer);
    if (pageSize == 0)
      return fail(what + " is not a live buffer (destroyed?)");
    if (tt_buffer_device(buffer) != device)
      return fail(what + " is not a buffer of this device");
    if (pageSize != want.page_size)
      return fail(what + " has pages of " + std::to_string(pageSize) +
                  " bytes, the kernel needs pages of " + std::to_string(want.page_size) + " bytes");
    uint64_t size = tt_buffer_size(buffer);
    if (size / want.page_size < want.num_pages)
      return fail(what + " holds " + std::to_string(size) + " bytes, the kernel needs " +
                  std::to_string(want.num_pages) + " pages of " + std::to_string(want.page_size) +
                  " bytes");
  }
  return TT_OK;
}

/// The image set of `desc` for the ABI of `device`, or null (after
/// recording the error) when the kernel was compiled without one.
const tt_kernel_image_set *imagesFor(const tt_kernel_desc &desc, tt_device *device) {
  tt_device_abi abi = tt_device_get_abi(device);
  std::string have;
  for (uint32_t i = 0; i < desc.num_image_sets; ++i) {
    if (desc.image_sets[i].abi == abi)
      return &desc.image_sets[i];
    if (!have.empty())
      have += ", ";
    have += tt_device_abi_names[desc.image_sets[i].abi];
  }
  std::string message(1, '\'');
  message += desc.kernel;
  message += "' was compiled without images for the " + abiName(abi) + " ABI (" + abiDevices(abi) +
             " devices): it has images for the " + have + " ABI; compile it for the " +
             abiName(abi) + " ABI too (tt-llc compiles every ABI the device has a device " +
             "library for, unless --abi says otherwise)";
  fail(message);
  return nullptr;
}

/// Adds everything of `desc` to the new `program`, with the images of
/// `images`; the lower-level calls record their own errors.
tt_status build(tt_program *program, const tt_kernel_desc &desc, const tt_kernel_image_set &images,
                tt_buffer *const *buffers) {
  for (uint32_t i = 0; i < desc.num_circular_buffers; ++i) {
    const tt_kernel_circular_buffer &cb = desc.circular_buffers[i];
    if (tt_status s =
            tt_program_add_circular_buffer(program, cb.id, cb.page_size, cb.num_pages, cb.format))
      return s;
  }
  for (unsigned r = 0; r < TT_NUM_RISCS; ++r)
    if (tt_status s = tt_program_set_kernel(program, tt_risc(r), images.images[r].data,
                                            images.images[r].size))
      return s;
  if (tt_status s = tt_program_set_compute_config(program, desc.fp32_dest_acc, desc.math_fidelity))
    return s;
  std::vector<uint32_t> row;
  for (unsigned k = 0; k < TT_NUM_KERNELS; ++k) {
    const tt_kernel_args &args = kernelArgs(desc, k);
    std::vector<uint32_t> addresses(args.num_addresses);
    for (uint32_t a = 0; a < args.num_addresses; ++a)
      addresses[a] = tt_buffer_address(buffers[args.addresses[a].buffer]);
    for (uint32_t c = 0; c < desc.num_cores; ++c) {
      const uint32_t *values = args.count ? args.values + size_t(c) * args.count : nullptr;
      row.assign(values, values + args.count);
      for (uint32_t a = 0; a < args.num_addresses; ++a)
        row[args.addresses[a].arg] = addresses[a];
      for (unsigned r = 0; r < TT_NUM_RISCS; ++r) // the RISCs that run kernel k
        if (std::strcmp(tt_riscs[r].kernel, tt_kernels[k]) == 0)
          if (tt_status s = tt_program_set_runtime_args(program, desc.cores[c].x, desc.cores[c].y,
                                                        tt_risc(r), row.data(), args.count))
            return s;
    }
  }
  return TT_OK;
}

tt_status createFromKernel(tt_device *device, const tt_kernel_desc *desc, tt_buffer *const *buffers,
                           uint32_t numBuffers, tt_program **program) {
  if (program)
    *program = nullptr;
  if (!desc)
    return fail(std::string(kFunction) + ": the kernel description is null");
  if (desc->version != TT_KERNEL_DESC_VERSION)
    return fail(std::string(kFunction) + ": a kernel description of version " +
                std::to_string(desc->version) + ", this runtime reads version " +
                std::to_string(TT_KERNEL_DESC_VERSION) +
                " (compile the kernel again with the tt-llc of this runtime)");
  if (!desc->kernel || !*desc->kernel)
    return fail(std::string(kFunction) + ": the kernel description has no kernel name");
  std::string kernel = desc->kernel;
  if (!program)
    return fail(kernel + ": program (the result) is null");
  std::string problem = descriptionProblem(*desc);
  if (!problem.empty())
    return fail(kernel + ": corrupt kernel description: " + problem);
  if (tt_status s = checkArguments(*desc, device, buffers, numBuffers))
    return s;
  const tt_kernel_image_set *images = imagesFor(*desc, device);
  if (!images)
    return TT_ERROR_INVALID_ARGUMENT;

  tt_program *built = nullptr;
  if (tt_status s = tt_program_create(device, desc->kernel, &built))
    return s;
  tt_status s = TT_OK;
  try {
    s = build(built, *desc, *images, buffers);
  } catch (...) {
    tt_program_destroy(built);
    throw;
  }
  if (s != TT_OK) {
    tt_program_destroy(built); // leaves the error of the failing call alone
    return s;
  }
  *program = built;
  return TT_OK;
}

} // namespace

extern "C" tt_status tt_program_create_from_kernel(tt_device *device, const tt_kernel_desc *desc,
                                                   tt_buffer *const *buffers, uint32_t num_buffers,
                                                   tt_program **program) {
  try {
    return createFromKernel(device, desc, buffers, num_buffers, program);
  } catch (const std::bad_alloc &) {
    return tt_fail(TT_ERROR_OUT_OF_MEMORY, "tt_program_create_from_kernel: out of host memory");
  }
}

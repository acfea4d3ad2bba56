/*===- tests/unit/RuntimeC.c - the runtime's enum arguments, from C99 -----===*
 *
 * C lets a caller put any int where tt/runtime.h has an enum (a tt_risc, a
 * tt_data_format, ...): the enum has the values of its integer type. The
 * functions here take the enum arguments and fields of every entry point as
 * a plain int and hand them on the way a C harness would, in a C99
 * translation unit built with -pedantic -Werror (tests/CMakeLists.txt).
 * RuntimeTest.cpp calls them with values that are no enumerator (-1, 5,
 * INT_MAX, ...) and checks that the runtime rejects each with a message,
 * without forming such an enum value in C++ itself.
 *
 *===----------------------------------------------------------------------===*/

#include "tt/runtime.h"

tt_status ttllc_c_fail(int status, const char *message) { return tt_fail(status, message); }

tt_status ttllc_c_write_tiles(tt_buffer *buffer, const void *host, int host_format, uint32_t rows,
                              uint32_t cols, int device_format) {
  return tt_buffer_write_tiles(buffer, host, host_format, rows, cols, device_format);
}

tt_status ttllc_c_read_tiles(const tt_buffer *buffer, void *host, int host_format, uint32_t rows,
                             uint32_t cols, int device_format) {
  return tt_buffer_read_tiles(buffer, host, host_format, rows, cols, device_format);
}

tt_status ttllc_c_add_circular_buffer(tt_program *program, uint32_t cb, uint32_t page_size,
                                      uint32_t num_pages, int format) {
  return tt_program_add_circular_buffer(program, cb, page_size, num_pages, format);
}

tt_status ttllc_c_set_kernel(tt_program *program, int risc, const void *image, size_t size) {
  return tt_program_set_kernel(program, risc, image, size);
}

tt_status ttllc_c_set_compute_config(tt_program *program, int fp32_dest_acc, int fidelity) {
  return tt_program_set_compute_config(program, fp32_dest_acc, fidelity);
}

tt_status ttllc_c_set_runtime_args(tt_program *program, uint32_t x, uint32_t y, int risc,
                                   const uint32_t *args, uint32_t count) {
  return tt_program_set_runtime_args(program, x, y, risc, args, count);
}

tt_status ttllc_c_get_runtime_args(const tt_program *program, uint32_t x, uint32_t y, int risc,
                                   uint32_t *args, uint32_t capacity, uint32_t *count) {
  return tt_program_get_runtime_args(program, x, y, risc, args, capacity, count);
}

/* The enum fields of a kernel description, as a host stub written in C
 * could set them. */
void ttllc_c_set_desc_fidelity(tt_kernel_desc *desc, int fidelity) {
  desc->math_fidelity = fidelity;
}
void ttllc_c_set_cb_format(tt_kernel_circular_buffer *cb, int format) { cb->format = format; }

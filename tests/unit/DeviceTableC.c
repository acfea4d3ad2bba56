/*===- tests/unit/DeviceTableC.c - the shared tables, compiled as C99 -----===*
 *
 * tt/devices.h and tt/programs.h are plain C: this file includes them in a
 * C99 translation unit built with -pedantic -Werror (tests/CMakeLists.txt)
 * and reads them, so that DeviceTableTest.cpp can compare what C sees with
 * what the C++ compiler and runtime see.
 *
 *===----------------------------------------------------------------------===*/

#include "tt/devices.h"
#include "tt/programs.h"

unsigned ttllc_c_num_devices(void) { return (unsigned)TT_NUM_DEVICES; }

/* Grid, L1 and DRAM banks of device `name`, or 0 when there is none. */
int ttllc_c_device_facts(const char *name, unsigned facts[4]) {
  const tt_device_info *d = tt_device_lookup(name);
  if (!d)
    return 0;
  facts[0] = d->grid_x;
  facts[1] = d->grid_y;
  facts[2] = d->l1_bytes;
  facts[3] = d->dram_banks;
  return 1;
}

unsigned ttllc_c_tile_bytes(int data_format) {
  const tt_tile_format *format = tt_tile_format_lookup(data_format);
  return format ? tt_tile_bytes(format) : 0;
}

int ttllc_c_risc_of_program(const char *program) { return tt_risc_of_program(program); }

/* The image file name of the program in position `i` of program order. */
const char *ttllc_c_image_in_order(unsigned i) { return tt_riscs[tt_program_order[i]].image; }

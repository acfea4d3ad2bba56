/* Broken on purpose: a NoC read from coordinates (30, 30), where there is no tile. */
#include <stdint.h>
#define REG(a) (*(volatile uint32_t *)(a))
void kernel_main(void) {
#if defined(TT_ARCH_WORMHOLE)
  REG(0xFFB20000u + 0x0) = 0x1000;                   /* TARG_ADDR_LO */
  REG(0xFFB20000u + 0x4) = (30u << 4) | (30u << 10); /* TARG_ADDR_MID: x, y */
  REG(0xFFB20000u + 0xC) = 0x20000;                  /* RET_ADDR_LO */
  REG(0xFFB20000u + 0x10) = (1u << 4) | (1u << 10);  /* RET_ADDR_MID */
  REG(0xFFB20000u + 0x1C) = 1u << 4;                 /* NOC_CTRL: read, response marked */
  REG(0xFFB20000u + 0x20) = 64;                      /* AT_LEN_BE */
  REG(0xFFB20000u + 0x28) = 1;                       /* CMD_CTRL */
#else
  REG(0xFFB20000u + 0x0) = 0x1000;           /* TARG_ADDR_LO */
  REG(0xFFB20000u + 0x8) = 30u | (30u << 6); /* TARG_ADDR_HI: x, y */
  REG(0xFFB20000u + 0xC) = 0x20000;          /* RET_ADDR_LO */
  REG(0xFFB20000u + 0x14) = 1u | (2u << 6);  /* RET_ADDR_HI */
  REG(0xFFB20000u + 0x1C) = 1u << 4;
  REG(0xFFB20000u + 0x20) = 64;
  REG(0xFFB20000u + 0x40) = 1;
#endif
}

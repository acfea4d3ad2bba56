/* Broken on purpose: never returns. */
void kernel_main(void) {
  for (;;)
    __asm__ volatile("");
}

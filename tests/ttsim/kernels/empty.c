/* A kernel that does nothing (the other RISCs of the broken-kernel tests). */
void kernel_main(void) {}

/*===- tests/package/harness.c - a C harness of the installed package -----===*
 *
 * C = A @ B for the 256 x 256 bfloat16 matrices of examples/gemm.py on the
 * simulated Wormhole: tilizes A and B, launches the generated host stub
 * (after checking that the runtime rejects a missing buffer), untilizes C
 * and compares it with a double-precision product of the bfloat16 inputs.
 * Exits 0 when every element is within bfloat16 rounding.
 *
 *===----------------------------------------------------------------------===*/
#include "gemm_host.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { N = 256, PAGE = 2048 };

static float a[N * N], b[N * N], c[N * N];

int main(void) {
  /* Multiples of 1/8 and 1/16 with few significant bits: exact in bfloat16. */
  for (int i = 0; i < N * N; ++i) {
    a[i] = (float)((i * 7 + i / N) % 13 - 6) / 8;
    b[i] = (float)((i * 5 + i / N) % 11 - 5) / 16;
  }
  tt_device *device = NULL;
  tt_buffer *A = NULL, *B = NULL, *C = NULL;
  tt_status s = tt_device_open("sim:wormhole_b0", &device);
  if (s == TT_OK)
    s = tt_buffer_create(device, N * N * 2, PAGE, &A);
  if (s == TT_OK)
    s = tt_buffer_create(device, N * N * 2, PAGE, &B);
  if (s == TT_OK)
    s = tt_buffer_create(device, N * N * 2, PAGE, &C);
  if (s == TT_OK)
    s = tt_buffer_write_tiles(A, a, TT_FLOAT32, N, N, TT_FLOAT16_B);
  if (s == TT_OK)
    s = tt_buffer_write_tiles(B, b, TT_FLOAT32, N, N, TT_FLOAT16_B);
  if (s == TT_OK) {
    /* The runtime checks the stub's buffers: a missing one is an error. */
    tt_program *program = NULL;
    if (gemm_create_program(device, A, B, NULL, &program) != TT_ERROR_INVALID_ARGUMENT ||
        program != NULL || strcmp(tt_last_error(), "gemm: buffer C is null") != 0) {
      fprintf(stderr, "a missing buffer was not rejected: %s\n", tt_last_error());
      return 1;
    }
    s = gemm_launch(device, A, B, C);
  }
  if (s == TT_OK)
    s = tt_buffer_read_tiles(C, c, TT_FLOAT32, N, N, TT_FLOAT16_B);
  if (s != TT_OK) {
    fprintf(stderr, "gemm failed (%d): %s\n", (int)s, tt_last_error());
    return 1;
  }
  int bad = 0;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = 0;
      for (int k = 0; k < N; ++k)
        ref += (double)a[i * N + k] * b[k * N + j];
      /* One bfloat16 rounding of the float32 sum: half an ulp, 2^-8. */
      if (fabs(ref - c[i * N + j]) > fabs(ref) / 256 + 1e-6 && ++bad <= 5)
        fprintf(stderr, "C[%d][%d] = %g, expected %g\n", i, j, c[i * N + j], ref);
    }
  tt_buffer_destroy(A);
  tt_buffer_destroy(B);
  tt_buffer_destroy(C);
  tt_device_close(device);
  printf("%d of %d elements wrong\n", bad, N * N);
  return bad == 0 ? 0 : 1;
}

/*===- bench/host_gemm.c - the host's own tiled bfloat16 GEMM ------------===//
 *
 * Reads: M N K [REPS] on the command line.
 * Guarantees: computes C = A . B once per repetition, A (M x K) and B (K x N)
 * bfloat16 (seeded pseudo-random values in [-1, 1)), C float32, in 32 x 32 x 32
 * tiles with float accumulation; prints the median seconds of the
 * repetitions (wall, one thread) and a checksum of C. The yardstick of the
 * simulator's speed in bench/run.py ("Simulator vs host GEMM"): plain C,
 * compiled -O2 for the build machine (-march=native), no library.
 * Example: ttllc-host-gemm 1024 1024 1024 3
 *   -> seconds 0.0712 checksum 1234.5
 *===----------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { T = 32 };

static float bf16ToFloat(uint16_t h) {
  uint32_t u = (uint32_t)h << 16;
  float f;
  memcpy(&f, &u, 4);
  return f;
}

static uint16_t floatToBf16(float f) { /* truncation: inputs only */
  uint32_t u;
  memcpy(&u, &f, 4);
  return (uint16_t)(u >> 16);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* C (M x N, zeroed here) = A . B, tile by tile: each 32 x 32 tile of C sums the
 * products of the K / 32 tile pairs, the tiles of A and B converted to float
 * as they are used. M, N, K are multiples of 32. */
static void gemm(const uint16_t *a, const uint16_t *b, float *c, int m, int n, int k) {
  float at[T][T], bt[T][T], acc[T][T];
  for (int i0 = 0; i0 < m; i0 += T)
    for (int j0 = 0; j0 < n; j0 += T) {
      memset(acc, 0, sizeof acc);
      for (int k0 = 0; k0 < k; k0 += T) {
        for (int i = 0; i < T; ++i)
          for (int kk = 0; kk < T; ++kk)
            at[i][kk] = bf16ToFloat(a[(size_t)(i0 + i) * k + k0 + kk]);
        for (int kk = 0; kk < T; ++kk)
          for (int j = 0; j < T; ++j)
            bt[kk][j] = bf16ToFloat(b[(size_t)(k0 + kk) * n + j0 + j]);
        for (int i = 0; i < T; ++i)
          for (int kk = 0; kk < T; ++kk)
            for (int j = 0; j < T; ++j)
              acc[i][j] += at[i][kk] * bt[kk][j];
      }
      for (int i = 0; i < T; ++i)
        memcpy(&c[(size_t)(i0 + i) * n + j0], acc[i], sizeof acc[i]);
    }
}

static int cmpDouble(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

int main(int argc, char **argv) {
  if (argc < 4 || argc > 5) {
    fprintf(stderr, "usage: %s M N K [REPS]\n", argv[0]);
    return 2;
  }
  int m = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[3]);
  int reps = argc == 5 ? atoi(argv[4]) : 1;
  if (m <= 0 || n <= 0 || k <= 0 || m % T || n % T || k % T || reps <= 0 || reps > 100) {
    fprintf(stderr, "%s: M, N, K must be positive multiples of 32, REPS 1 to 100\n", argv[0]);
    return 2;
  }
  uint16_t *a = malloc(sizeof *a * (size_t)m * k), *b = malloc(sizeof *b * (size_t)k * n);
  float *c = malloc(sizeof *c * (size_t)m * n);
  double *seconds = malloc(sizeof *seconds * (size_t)reps);
  if (!a || !b || !c || !seconds) {
    fprintf(stderr, "%s: out of memory\n", argv[0]);
    return 1;
  }
  uint32_t state = 1;
  for (size_t i = 0; i < (size_t)m * k + (size_t)k * n; ++i) {
    state = state * 1664525u + 1013904223u;
    float v = (float)(state >> 8) / (float)(1u << 23) - 1.0f;
    if (i < (size_t)m * k)
      a[i] = floatToBf16(v);
    else
      b[i - (size_t)m * k] = floatToBf16(v);
  }
  for (int r = 0; r < reps; ++r) {
    double start = now();
    gemm(a, b, c, m, n, k);
    seconds[r] = now() - start;
  }
  qsort(seconds, (size_t)reps, sizeof *seconds, cmpDouble);
  double checksum = 0;
  for (size_t i = 0; i < (size_t)m * n; ++i)
    checksum += c[i];
  printf("seconds %.6f checksum %.6g\n", seconds[reps / 2], checksum);
  free(a);
  free(b);
  free(c);
  free(seconds);
  return 0;
}

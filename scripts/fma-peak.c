/*
 * The single-precision FMA peak of this machine's cores, the yardstick for docs/BENCHMARKS.md's
 * encoding figures: twelve independent AVX-512 fused multiply-add chains per thread, so that neither
 * latency nor memory limits the rate.
 *   gcc -O2 -mavx512f -mfma -pthread scripts/fma-peak.c -o /tmp/fma-peak && /tmp/fma-peak 1 && /tmp/fma-peak 2
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define STEPS 200000000L
#define FMA(x) x = _mm512_fmadd_ps(x, b, c);

static double rate[64];

static void *chains(void *arg) {
  int id = *(int *) arg;
  __m512 b = _mm512_set1_ps(1.0000001f), c = _mm512_set1_ps(1e-7f);
  __m512 a0 = _mm512_set1_ps(0), a1 = _mm512_set1_ps(1), a2 = _mm512_set1_ps(2), a3 = _mm512_set1_ps(3);
  __m512 a4 = _mm512_set1_ps(4), a5 = _mm512_set1_ps(5), a6 = _mm512_set1_ps(6), a7 = _mm512_set1_ps(7);
  __m512 a8 = _mm512_set1_ps(8), a9 = _mm512_set1_ps(9), a10 = _mm512_set1_ps(10), a11 = _mm512_set1_ps(11);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long k = 0; k < STEPS; k++) {
    FMA(a0) FMA(a1) FMA(a2) FMA(a3) FMA(a4) FMA(a5) FMA(a6) FMA(a7) FMA(a8) FMA(a9) FMA(a10) FMA(a11)
    /* keeps the twelve chains in registers, each step's result used by the next */
    __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), "+v"(a7),
                     "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                             _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7)));
  sum = _mm512_add_ps(sum, _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11)));
  rate[id] = STEPS * 12.0 * 16 * 2 / s / 1e9 + (_mm512_reduce_add_ps(sum) == 12345.f); /* the chains are used */
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  if (threads < 1 || threads > 64) {
    fprintf(stderr, "usage: fma-peak [THREADS, 1..64]\n");
    return 2;
  }
  pthread_t t[64];
  int ids[64];
  for (int i = 0; i < threads; i++) {
    ids[i] = i;
    pthread_create(&t[i], NULL, chains, &ids[i]);
  }
  double total = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    total += rate[i];
  }
  printf("%d thread(s): %.1f GFLOP/s single precision\n", threads, total);
  return 0;
}

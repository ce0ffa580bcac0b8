import { describe, expect, it } from 'vitest';
import { randomValues } from '../test-helpers';
import { hasRelaxedMadd, loopsModule, maxTileRows, preferFusedMultiplyAdd, simdLoops } from './loops';

/** A fresh memory with float32 arrays placed at 64 KB slots; addresses are bytes. */
function setup(arrays: Float32Array[]) {
  const memory = new WebAssembly.Memory({ initial: 4 + arrays.length * 2 });
  const loops = simdLoops(memory);
  if (!loops) throw new Error('WebAssembly SIMD is unavailable');
  const f32 = new Float32Array(memory.buffer);
  const slot = (i: number) => (i + 1) * 65536;
  arrays.forEach((a, i) => f32.set(a, slot(i) / 4));
  const read = (i: number, n: number) => f32.slice(slot(i) / 4, slot(i) / 4 + n);
  const readF64 = (i: number, n: number) =>
    new Float64Array(memory.buffer).slice(slot(i) / 8, slot(i) / 8 + n);
  return { loops, slot, read, readF64 };
}

const ROWS = 37;
const C = 12;

describe('hand-assembled SIMD loops', () => {
  it('the module validates, and with relaxed multiply-add where the engine has it', () => {
    expect(WebAssembly.validate(loopsModule(false))).toBe(true);
    expect(WebAssembly.validate(loopsModule(true))).toBe(hasRelaxedMadd());
    expect(hasRelaxedMadd()).toBe(true); // vite.config.ts runs the tests with relaxed SIMD
  });

  it('affine and affine2 equal their per-element definitions (float32 rounding)', () => {
    const [x, y, k1, k2, k3] = [ROWS * C, ROWS * C, C, C, C].map((n, i) => randomValues(n, i + 1));
    const { loops, slot, read } = setup([x, y, k1, k2, k3, new Float32Array(ROWS * C)]);
    loops.affine(slot(0), slot(2), slot(3), slot(5), ROWS, 4 * C);
    const affine = read(5, ROWS * C);
    loops.affine2(slot(0), slot(1), slot(2), slot(3), slot(4), slot(5), ROWS, 4 * C);
    const affine2 = read(5, ROWS * C);
    for (let i = 0; i < ROWS * C; i++) {
      const c = i % C;
      expect(affine[i]).toBeCloseTo(x[i] * k1[c] + k2[c], 6);
      expect(affine2[i]).toBeCloseTo(x[i] * k1[c] + y[i] * k2[c] + k3[c], 6);
    }
  });

  it('moments, sums and dyStats accumulate per channel in float64', () => {
    const [x, dy, mean] = [ROWS * C, ROWS * C, C].map((n, i) => randomValues(n, i + 10));
    const zeros = new Float32Array(4 * C);
    const { loops, slot, readF64 } = setup([x, dy, mean, zeros, zeros, zeros]);
    loops.moments(slot(0), ROWS, 4 * C, slot(3), slot(3) + 8 * C);
    loops.dyStats(slot(1), slot(0), slot(2), ROWS, 4 * C, slot(4), slot(4) + 8 * C);
    loops.sums(slot(1), ROWS, 4 * C, slot(5));
    const [m, d, t] = [readF64(3, 2 * C), readF64(4, 2 * C), readF64(5, C)];
    for (let c = 0; c < C; c++) {
      let [s, q, sd, sp] = [0, 0, 0, 0];
      for (let r = 0; r < ROWS; r++) {
        const i = r * C + c;
        s += x[i];
        q += Math.fround(x[i] * x[i]);
        sd += dy[i];
        sp += Math.fround(dy[i] * Math.fround(x[i] - mean[c]));
      }
      expect(m[c]).toBeCloseTo(s, 12);
      expect(m[C + c]).toBeCloseTo(q, 12);
      expect(d[c]).toBeCloseTo(sd, 12);
      expect(t[c]).toBeCloseTo(sd, 12);
      expect(d[C + c]).toBeCloseTo(sp, 12);
    }
  });

  it('the rectified loops equal affine, relu, reluGrad, dyStats and affine2 composed, bit for bit', () => {
    const [n, cb] = [ROWS * C, 4 * C];
    const [x, dy, a, b, mean, k1, k2, k3] = [n, n, C, C, C, C, C, C].map((len, i) =>
      randomValues(len, i + 40),
    );
    b[1] = 0;
    for (let r = 0; r < ROWS; r += 3) x[r * C + 1] = 0; // t = 0 exactly: masked out
    x[5] = NaN;
    const zeros = new Float32Array(n);
    const { loops, slot, read, readF64 } = setup([x, dy, a, b, mean, k1, k2, k3, zeros, zeros, zeros, zeros]);
    const [y, masked, out, stats] = [8, 9, 10, 11];
    loops.affine(slot(0), slot(2), slot(3), slot(y), ROWS, cb);
    loops.reluGrad(slot(1), slot(y), slot(masked), 4 * n);
    loops.relu(slot(y), slot(y), 4 * n);
    const composedY = read(y, n);
    loops.affineRelu(slot(0), slot(2), slot(3), slot(y), ROWS, cb);
    expect(read(y, n)).toEqual(composedY);
    expect(composedY[1]).toBe(0);
    expect(Number.isNaN(composedY[5])).toBe(true);

    loops.dyStats(slot(masked), slot(0), slot(4), ROWS, cb, slot(stats), slot(stats) + 2 * cb);
    const composedStats = readF64(stats, 2 * C);
    loops.affine2(slot(masked), slot(0), slot(5), slot(6), slot(7), slot(out), ROWS, cb);
    const composedDx = read(out, n);

    const fresh = setup([x, dy, a, b, mean, k1, k2, k3, zeros, zeros, zeros, zeros]);
    fresh.loops.dyStatsRelu(
      fresh.slot(1), fresh.slot(0), fresh.slot(2), fresh.slot(3), fresh.slot(4),
      ROWS, cb, fresh.slot(stats), fresh.slot(stats) + 2 * cb,
    ); // prettier-ignore
    expect(fresh.readF64(stats, 2 * C)).toEqual(composedStats);
    fresh.loops.affine2Relu(
      fresh.slot(1), fresh.slot(0), fresh.slot(2), fresh.slot(3),
      fresh.slot(5), fresh.slot(6), fresh.slot(7), fresh.slot(out), ROWS, cb,
    ); // prettier-ignore
    expect(fresh.read(out, n)).toEqual(composedDx);
    expect(composedStats.some((v, i) => v !== 0 && i < C)).toBe(true);
  });

  it.each([false, true])(
    'every gemm tile (relaxed multiply-add: %s) multiplies runs of A (skipping between images) by B',
    (fma) => {
      expect(hasRelaxedMadd()).toBe(true); // vite.config.ts runs the tests with relaxed SIMD
      preferFusedMultiplyAdd(fma);
      const [run, images, gap, n] = [13, 3, 5, 16];
      const lda = (run + gap) * images + 2;
      const tallest = Math.max(...([4, 8, 16] as const).map(maxTileRows));
      const a = randomValues(tallest * lda, 30);
      const b = randomValues(run * images * n, 31);
      const { loops, slot, read } = setup([a, b, new Float32Array(tallest * n)]);
      preferFusedMultiplyAdd(undefined);
      expect(loops.fma).toBe(fma);
      for (const nr of [4, 8, 16] as const) {
        for (let mr = 1; mr <= maxTileRows(nr); mr++) {
          loops.gemmTile(mr, nr)(slot(0), 4 * lda, slot(1), 4 * n, slot(2), 4 * n, run, images, 4 * gap);
          const c = read(2, mr * n);
          for (let r = 0; r < mr; r++) {
            for (let col = 0; col < nr; col++) {
              let want = 0;
              for (let image = 0, k = 0; image < images; image++)
                for (let t = 0; t < run; t++, k++)
                  want += a[r * lda + image * (run + gap) + t] * b[k * n + col];
              expect(c[r * n + col]).toBeCloseTo(want, 4);
            }
          }
        }
      }
    },
  );
});

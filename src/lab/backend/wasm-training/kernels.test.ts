import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastBatchNormGradConfig, shippedBatchNormGradConfig } from './batch-norm-gradient';
import { CHANNEL_DY_STATS } from './channel-dot';
import { middleBlock } from './channel-reduce';
import {
  fastMeanGradConfig,
  fastSumGradConfig,
  shippedMeanGradConfig,
  shippedSumGradConfig,
} from './reduction-gradient';
import { hasRelaxedMadd, preferFusedMultiplyAdd } from './simd/loops';
import { pick, randomValues, readyBackends, relativeError, runOn } from './test-helpers';

const TOL = 2e-5;

/** Gradients of Σ r·f(x, w) for random r, on cpu and wasm, must agree. */
async function compareGrads(
  xShape: number[],
  wShape: number[],
  f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor,
  seed: number,
): Promise<void> {
  const xv = randomValues(tf.util.sizeFromShape(xShape), seed);
  const wv = randomValues(tf.util.sizeFromShape(wShape), seed + 1);
  const grads = () => {
    const x = tf.tensor(xv, xShape);
    const w = tf.tensor(wv, wShape);
    const y = f(x, w);
    const r = tf.tensor(randomValues(y.size, seed + 2), y.shape);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w]);
  };
  const [cpu, wasm] = [await runOn('cpu', grads), await runOn('wasm', grads)];
  for (let i = 0; i < cpu.length; i++) expect(relativeError(cpu[i], wasm[i])).toBeLessThan(TOL);
}

const PADS = ['same', 'valid'] as const;

/** x shape, filter shape, padding. */
type ConvCase = [number[], number[], 'same' | 'valid' | tf.backend_util.ExplicitPadding];

/** Stride-1 conv2d gradients on cpu and wasm agree, case by case (seeds from `seed`). */
async function compareStride1Convs(cases: ConvCase[], seed: number): Promise<void> {
  for (const [i, [xShape, fShape, pad]] of cases.entries())
    await compareGrads(
      xShape,
      fShape,
      (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, pad),
      seed + i,
    );
}

beforeAll(readyBackends);

describe('wasm training kernels equal the cpu backend', () => {
  it('Conv2DBackpropFilter and Conv2DBackpropInput (random shapes, strides 1–3, same/valid)', async () => {
    for (let s = 0; s < 12; s++) {
      const k = pick(1, 5, s);
      const stride = pick(1, 3, s + 100);
      const h = pick(k + 1, 11, s + 200);
      const w = pick(k + 1, 10, s + 300);
      const cin = pick(1, 5, s + 400);
      const cout = pick(1, 6, s + 500);
      const pad = PADS[s % 2];
      await compareGrads(
        [pick(1, 3, s + 600), h, w, cin],
        [k, k + (s % 3 === 0 ? 1 : 0), cin, cout],
        (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad),
        s,
      );
    }
  });

  it('stride-1 Conv2DBackpropFilter (shifted-rows path): even/odd/non-square filters, same/valid/explicit pads, cin 1', async () => {
    const explicit: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ];
    const cases: ConvCase[] = [
      [[4, 9, 8, 3], [3, 3, 3, 5], 'same'],
      [[3, 8, 9, 2], [2, 4, 2, 3], 'same'],
      [[2, 7, 6, 1], [4, 3, 1, 4], 'same'],
      [[3, 9, 7, 4], [3, 2, 4, 2], 'valid'],
      [[2, 6, 7, 3], [3, 3, 3, 2], explicit],
      [[2, 5, 5, 2], [5, 5, 2, 3], 'same'],
      [[1, 4, 4, 3], [1, 1, 3, 6], 'valid'],
    ];
    await compareStride1Convs(cases, 40);
  });

  it.each([false, true])(
    'Conv2DBackpropFilter on the patch tiles (relaxed multiply-add: %s): Cout 2–48 (tiles 4 and 8 wide; odd Cout on a padded dy), Cin 1–16, strides 1–3, same/valid/explicit pads',
    async (fma) => {
      expect(hasRelaxedMadd()).toBe(true); // vite.config.ts runs the tests with relaxed SIMD
      preferFusedMultiplyAdd(fma);
      const explicit: tf.backend_util.ExplicitPadding = [
        [0, 0],
        [1, 2],
        [0, 1],
        [0, 0],
      ];
      const cases: [...ConvCase, number][] = [
        [[3, 9, 8, 3], [3, 3, 3, 16], 'same', 1],
        [[2, 8, 7, 7], [3, 3, 7, 8], 'same', 1],
        [[2, 6, 9, 1], [2, 3, 1, 4], 'valid', 1],
        [[1, 7, 7, 5], [3, 2, 5, 12], explicit, 1],
        [[2, 5, 6, 4], [1, 1, 4, 32], 'same', 1],
        [[2, 6, 6, 2], [5, 5, 2, 24], 'same', 1],
        [[2, 9, 8, 3], [3, 3, 3, 16], 'same', 2],
        [[2, 10, 11, 16], [3, 3, 16, 48], 'valid', 2],
        [[3, 8, 8, 6], [1, 1, 6, 8], 'same', 2],
        [[2, 11, 10, 1], [2, 2, 1, 4], 'valid', 3],
        [[1, 13, 12, 4], [5, 5, 4, 12], explicit, 3],
        [[2, 8, 7, 5], [3, 3, 5, 10], 'same', 1],
        [[2, 6, 6, 4], [1, 1, 4, 2], 'same', 1],
        [[1, 8, 8, 6], [3, 3, 6, 41], 'valid', 1],
        [[2, 9, 8, 3], [3, 3, 3, 5], 'same', 2],
        [[2, 14, 14, 1], [7, 7, 1, 10], 'same', 2],
      ];
      for (const [i, [xShape, fShape, pad, stride]] of cases.entries())
        await compareGrads(
          xShape,
          fShape,
          (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad),
          80 + i,
        );
      preferFusedMultiplyAdd(undefined);
    },
  );

  it('Concat and SplitV on the SIMD row copies (axes 1–3, parts of 1–13 floats) equal cpu', async () => {
    const run = () => {
      const a = tf.tensor(randomValues(2 * 3 * 4 * 8, 1), [2, 3, 4, 8]);
      const b = tf.tensor(randomValues(2 * 3 * 4 * 4, 2), [2, 3, 4, 4]);
      const c = tf.tensor(randomValues(2 * 3 * 2 * 8, 3), [2, 3, 2, 8]);
      const odd = tf.tensor(randomValues(2 * 3 * 4 * 3, 4), [2, 3, 4, 3]);
      const five = tf.tensor(randomValues(2 * 3 * 4 * 5, 5), [2, 3, 4, 5]);
      return [
        tf.concat([a, b], 3),
        tf.concat([a, c], 2),
        tf.concat([a, a, a], 1),
        tf.concat([a, odd], 3),
        tf.concat([five, odd, five], 3),
        ...tf.split(tf.concat([five, a], 3), [5, 2, 6], 3),
        ...tf.split(a, [4, 4], 3),
        ...tf.split(a, [1, 3], 2),
        ...tf.split(a, [2, 6], 3),
        ...tf.split(odd, 3, 3),
      ];
    };
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    expect(wasm).toHaveLength(cpu.length);
    for (let i = 0; i < cpu.length; i++) expect(Array.from(wasm[i])).toEqual(Array.from(cpu[i]));
  });

  it('Tile: the whole-input repeat and middle-axis repeat fast paths and the shipped cases equal cpu (float32, int32, bool)', async () => {
    const run = () => {
      const v = tf.tensor(randomValues(6, 51), [1, 1, 6]);
      return [
        tf.tile(v, [4, 3, 1]),
        tf.tile(tf.tensor(randomValues(10, 52), [1, 2, 5]), [5, 1, 1]),
        tf.tile(tf.tensor(randomValues(10, 53), [2, 5]), [1, 3]),
        tf.tile(tf.tensor(randomValues(6, 54), [3, 1, 2]), [2, 3, 1]),
        tf.cast(tf.tile(tf.tensor([[1, -2, 3]], [1, 3], 'int32'), [7, 1]), 'float32'),
        tf.cast(tf.tile(tf.tensor([[true, false]], [1, 2], 'bool'), [3, 1]), 'float32'),
        tf.tile(tf.scalar(2.5), []),
        tf.tile(tf.tensor(randomValues(12, 55), [3, 1, 4]), [1, 5, 1]),
        tf.tile(tf.tensor(randomValues(8, 56), [2, 1, 1, 4]), [1, 2, 3, 1]),
        tf.cast(tf.tile(tf.tensor([[[1, 2, 3]], [[4, 5, 6]]], [2, 1, 3], 'int32'), [1, 4, 1]), 'float32'),
        tf.cast(tf.tile(tf.tensor([[[true]], [[false]]], [2, 1, 1], 'bool'), [1, 3, 1]), 'float32'),
      ];
    };
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    for (let i = 0; i < cpu.length; i++) expect(Array.from(wasm[i])).toEqual(Array.from(cpu[i]));
  });

  it('the ones-free Sum and Mean gradients equal the shipped ones bit for bit, and wasm equals cpu', async () => {
    const shape = [3, 4, 5, 6];
    const xv = randomValues(360, 31);
    const grads = () => {
      const x = tf.tensor(xv, shape);
      const f = (a: tf.Tensor) =>
        tf.addN([
          tf.sum(tf.mul(tf.mean(a, [0, 1, 2], true), tf.tensor(randomValues(6, 32), [1, 1, 1, 6]))),
          tf.sum(tf.mul(tf.sum(a, [1, 3]), tf.tensor(randomValues(15, 33), [3, 5]))),
          tf.mul(tf.mean(a), 3),
          tf.sum(tf.mul(tf.mean(a, -1), tf.tensor(randomValues(60, 34), [3, 4, 5]))),
          tf.sum(tf.mul(tf.sum(a, [1, 2]), tf.tensor(randomValues(18, 35), [3, 6]))),
        ]);
      return tf.grads(f)([x]);
    };
    tf.registerGradient(shippedSumGradConfig);
    tf.registerGradient(shippedMeanGradConfig);
    const shipped = await runOn('cpu', grads);
    tf.registerGradient(fastSumGradConfig);
    tf.registerGradient(fastMeanGradConfig);
    const [cpu, wasm] = [await runOn('cpu', grads), await runOn('wasm', grads)];
    expect(relativeError(shipped[0], cpu[0])).toBe(0);
    expect(relativeError(cpu[0], wasm[0])).toBeLessThan(TOL);
  });

  it('depthwise conv gradients on the SIMD runs (multiplier 1, channels 4–12, strides 1–2, kernels 2–7)', async () => {
    const cases: [number, number, number, number, 'same' | 'valid'][] = [
      [4, 3, 1, 1, 'same'],
      [8, 5, 1, 1, 'same'],
      [12, 3, 2, 1, 'valid'],
      [4, 7, 1, 1, 'same'],
      [8, 2, 2, 1, 'same'],
    ];
    for (const [s, [cin, k, stride, dilation, pad]] of cases.entries()) {
      await compareGrads(
        [2, 9, 8, cin],
        [k, k, cin, 1],
        (x, f) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad, 'NHWC', dilation),
        90 + s,
      );
    }
  });

  it('depthwise conv gradients (multipliers 1–3, strides, same/valid)', async () => {
    for (let s = 0; s < 10; s++) {
      const k = pick(1, 5, s + 7);
      const stride = pick(1, 2, s + 70);
      const cin = pick(1, 6, s + 700);
      const mult = pick(1, 3, s + 7000);
      const pad = PADS[s % 2];
      await compareGrads(
        [pick(1, 3, s), pick(k + 1, 10, s + 1), pick(k + 1, 10, s + 2), cin],
        [k, k, cin, mult],
        (x, f) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad),
        s,
      );
    }
  });

  it('depthwise conv and its gradients with multipliers 4–8 (the grouped conv) on the SIMD runs', async () => {
    const cases: [number, number, number, number, number, 'same' | 'valid'][] = [
      // cin, multiplier, kernel, stride, dilation, pad
      [4, 4, 3, 1, 1, 'same'],
      [3, 8, 3, 2, 1, 'same'],
      [1, 4, 5, 1, 1, 'valid'],
      [5, 4, 1, 2, 1, 'same'],
      [2, 8, 3, 1, 2, 'same'],
      [8, 4, 2, 2, 1, 'valid'],
    ];
    for (const [s, [cin, mult, k, stride, dilation, pad]] of cases.entries()) {
      const xShape = [3, 7 + (s % 3), 8, cin];
      const fShape = [k, k, cin, mult];
      const f = (x: tf.Tensor, w: tf.Tensor) =>
        tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad, 'NHWC', dilation);
      const forward = () => [
        f(
          tf.tensor(randomValues(tf.util.sizeFromShape(xShape), s), xShape),
          tf.tensor(randomValues(tf.util.sizeFromShape(fShape), s + 1), fShape),
        ),
      ];
      const [cpu, wasm] = [await runOn('cpu', forward), await runOn('wasm', forward)];
      expect(relativeError(cpu[0], wasm[0])).toBeLessThan(TOL);
      // tfjs computes no gradients of dilated depthwise convs (see the dilation test below).
      if (dilation === 1) await compareGrads(xShape, fShape, f, 120 + s);
    }
  });

  it('depthwise backprop kernels with dilation 2 equal the undilated maths on a zero-inserted filter', async () => {
    // tfjs rejects dilation in conv gradients and the cpu kernels ignore it, so the reference is
    // the same filter spread over a 5×5 grid with zeros between taps, at dilation 1.
    const xShape = [2, 9, 8, 3];
    const fShape = [3, 3, 3, 2];
    const wide = [5, 5, 3, 2];
    const dyShape = [2, 9, 8, 6];
    const xv = randomValues(tf.util.sizeFromShape(xShape), 5);
    const fv = randomValues(tf.util.sizeFromShape(fShape), 6);
    const dyv = randomValues(tf.util.sizeFromShape(dyShape), 7);
    const kernels = (dilation: number, filterShape: number[], filter: tf.Tensor) => {
      const x = tf.tensor(xv, xShape);
      const dy = tf.tensor(dyv, dyShape);
      const attrs = { strides: [1, 1], dilations: [dilation, dilation], pad: 'same' };
      return [
        tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy },
            { ...attrs, filterShape },
          ) as tf.Tensor,
        tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropInput',
            { dy, filter },
            { ...attrs, inputShape: xShape },
          ) as tf.Tensor,
      ];
    };
    const reference = await runOn('cpu', () => {
      const wideValues = new Float32Array(tf.util.sizeFromShape(wide));
      for (let r = 0; r < 5; r += 2) {
        for (let c = 0; c < 5; c += 2) {
          for (let i = 0; i < 6; i++) wideValues[(r * 5 + c) * 6 + i] = fv[((r / 2) * 3 + c / 2) * 6 + i];
        }
      }
      const wideFilter = tf.tensor(wideValues, wide);
      const [dW, dx] = kernels(1, wide, wideFilter);
      return [tf.stridedSlice(dW, [0, 0, 0, 0], wide, [2, 2, 1, 1]), dx];
    });
    const wasm = await runOn('wasm', () => kernels(2, fShape, tf.tensor(fv, fShape)));
    for (let i = 0; i < 2; i++) expect(relativeError(reference[i], wasm[i])).toBeLessThan(TOL);
  });

  it('MaxPoolGrad (sizes 2–3, strides 1–3, same/valid)', async () => {
    for (let s = 0; s < 8; s++) {
      const size = pick(2, 3, s);
      const stride = pick(1, 3, s + 10);
      await compareGrads(
        [2, pick(4, 9, s + 20), pick(4, 9, s + 30), pick(1, 5, s + 40)],
        [1],
        (x, w) => tf.mul(tf.maxPool(x as tf.Tensor4D, size, stride, PADS[s % 2]), w),
        s,
      );
    }
  });

  it('Sum and Mean over leading axes, and the other axes through the shipped kernels', async () => {
    const shape = [3, 5, 4, 7];
    const run = () => {
      const x = tf.tensor(randomValues(105 * 4, 3), shape);
      return [
        tf.sum(x, [0, 1, 2]),
        tf.mean(x, [2, 0, 1], true),
        tf.sum(x, [1, 2]),
        tf.mean(x, -1),
        tf.sum(x),
      ];
    };
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    for (let i = 0; i < cpu.length; i++) expect(relativeError(cpu[i], wasm[i])).toBeLessThan(1e-5);
  });

  it('Sum and Mean over middle axes (the grouped conv’s, global average pooling) on the SIMD passes, with keepDims, and C not a multiple of 4 through the shipped kernel, equals cpu', async () => {
    expect(middleBlock([6, 3, 8], 1)).toEqual([6, 3, 8]);
    expect(middleBlock([2, 3, 4, 8], [2, 1])).toEqual([2, 12, 8]);
    expect(middleBlock([2, 3, 4, 8], [1, 3])).toBeNull();
    expect(middleBlock([2, 3, 8], 0)).toBeNull();
    const run = () => {
      const x = tf.tensor(randomValues(6 * 3 * 8, 5), [6, 3, 8]);
      const y = tf.tensor(randomValues(2 * 3 * 4 * 8, 6), [2, 3, 4, 8]);
      const odd = tf.tensor(randomValues(5 * 4 * 3, 7), [5, 4, 3]);
      return [
        tf.sum(x, 1),
        tf.sum(y, [1, 2]),
        tf.sum(y, 2, true),
        tf.sum(x, 1, true),
        tf.sum(odd, 1),
        tf.mean(y, [1, 2]),
        tf.mean(x, 1, true),
        tf.mean(odd, 1),
      ];
    };
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    expect(wasm.map((v) => v.length)).toEqual([48, 16, 48, 48, 15, 16, 48, 15]);
    for (let i = 0; i < cpu.length; i++)
      expect(relativeError(cpu[i], wasm[i]), `output ${i}`).toBeLessThan(1e-6);
  });

  it('the tile-free batch-norm gradient equals the shipped one, and wasm equals cpu', async () => {
    const xShape = [4, 5, 3, 6];
    const xv = randomValues(360, 11);
    const stats = [12, 13, 14, 15].map((s) => randomValues(6, s));
    const grads = () => {
      const x = tf.tensor(xv, xShape);
      const [mean, varRaw, offset, scale] = stats.map((v) => tf.tensor1d(v));
      const variance = tf.add(tf.abs(varRaw), 0.5);
      const r = tf.tensor(randomValues(360, 16), xShape);
      return tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, g: tf.Tensor) =>
        tf.sum(tf.mul(tf.batchNorm(a, m, v, o, g, 1e-3), r)),
      )([x, mean, variance, offset, scale]);
    };
    tf.registerGradient(shippedBatchNormGradConfig);
    const shipped = await runOn('cpu', grads);
    tf.registerGradient(fastBatchNormGradConfig);
    const [cpu, wasm] = [await runOn('cpu', grads), await runOn('wasm', grads)];
    for (let i = 0; i < 5; i++) {
      expect(relativeError(shipped[i], cpu[i])).toBeLessThan(1e-5);
      expect(relativeError(cpu[i], wasm[i])).toBeLessThan(TOL);
    }
  });

  it('batch-norm gradient: the fused Σdy / Σdy·(x − mean) kernel (random shapes) and the delegated cases equal cpu', async () => {
    // [x shape, parameter shape, fused kernel expected on wasm]
    const cases: [number[], number[], boolean][] = [];
    for (let s = 0; s < 8; s++) {
      const c = pick(1, 11, s + 700);
      const lead = [pick(1, 4, s + 710), pick(1, 6, s + 720), pick(1, 5, s + 730)].slice(0, 1 + (s % 3));
      cases.push([[...lead, c], [c], true]);
    }
    cases.push([[3, 4, 5, 6], [1, 1, 1, 6], true]); // keep-dims statistics: still one per channel
    cases.push([[3, 4, 5, 6], [1], false]); // one value for all channels
    cases.push([[3, 4, 5, 6], [5, 6], false]); // reduces only the two leading axes
    cases.push([[7], [7], true]); // rank 1: batchNorm runs it as [1, 1, 1, 7]
    for (const [k, [xShape, pShape, fused]] of cases.entries()) {
      const size = tf.util.sizeFromShape(xShape);
      const pSize = tf.util.sizeFromShape(pShape);
      const stats = [0, 1, 2, 3].map((i) => randomValues(pSize, 40 * k + i));
      const grads = () => {
        const x = tf.tensor(randomValues(size, 40 * k + 10), xShape);
        const [mean, varRaw, offset, scale] = stats.map((v) => tf.tensor(v, pShape));
        const variance = tf.add(tf.abs(varRaw), 0.5);
        const r = tf.tensor(randomValues(size, 40 * k + 11), xShape);
        return tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, g: tf.Tensor) =>
          tf.sum(tf.mul(tf.batchNorm(a, m, v, o, g, 1e-3), r)),
        )([x, mean, variance, offset, scale]);
      };
      const [cpu, wasm] = [await runOn('cpu', grads), await runOn('wasm', grads)];
      for (let i = 0; i < 5; i++) expect(relativeError(cpu[i], wasm[i])).toBeLessThan(TOL);
      await tf.setBackend('wasm');
      const profile = await tf.profile(() => tf.dispose(grads()));
      const usedFused = profile.kernels.some((kernel) => kernel.name === CHANNEL_DY_STATS);
      expect([k, usedFused]).toEqual([k, fused]);
      await tf.setBackend('cpu');
    }
  });

  it('the fused Σdy / Σdy·(x − mean) kernel: column counts 1–13 and many rows, against float64 sums', async () => {
    await tf.setBackend('wasm');
    for (let cols = 1; cols <= 13; cols++) {
      const rows = 700 + cols;
      const dyv = randomValues(rows * cols, cols);
      const xv = randomValues(rows * cols, cols + 50);
      const mv = randomValues(cols, cols + 90);
      const out = tf.tidy(() =>
        (
          tf.engine().runKernel(CHANNEL_DY_STATS, {
            dy: tf.tensor2d(dyv, [rows, cols]),
            x: tf.tensor2d(xv, [rows, cols]),
            mean: tf.tensor1d(mv),
          }) as unknown as tf.Tensor[]
        ).map((t) => t.clone()),
      );
      const [sumDy, sumDyXc] = out.map((t) => t.dataSync() as Float32Array);
      tf.dispose(out);
      const want = [new Float32Array(cols), new Float32Array(cols)];
      const acc = [new Float64Array(cols), new Float64Array(cols)];
      for (let i = 0; i < rows * cols; i++) {
        acc[0][i % cols] += dyv[i];
        acc[1][i % cols] += dyv[i] * (xv[i] - mv[i % cols]);
      }
      want[0].set(acc[0]);
      want[1].set(acc[1]);
      expect(relativeError(want[0], sumDy)).toBeLessThan(1e-6);
      expect(relativeError(want[1], sumDyXc)).toBeLessThan(1e-6);
    }
    await tf.setBackend('cpu');
  });

  it('MaxPoolGrad on the SIMD windows (3×3 same and valid, 2×2 stride 1, channels 4 and 8; 10 and 3 on padded copies), with ties and −Infinity, equals cpu', async () => {
    const cases: [number, number, number, 'same' | 'valid'][] = [
      [4, 3, 1, 'same'],
      [8, 3, 2, 'valid'],
      [4, 2, 1, 'same'],
      [8, 3, 2, 'same'],
      [10, 3, 2, 'same'],
      [3, 3, 1, 'valid'],
    ];
    for (const [s, [channels, size, stride, pad]] of cases.entries()) {
      const shape: [number, number, number, number] = [2, 7, 6, channels];
      const xv = randomValues(tf.util.sizeFromShape(shape), 60 + s).map((v, i) =>
        i % 5 === 0 ? -Infinity : Math.round(v * 2),
      );
      const run = () => {
        const x = tf.tensor4d(xv, shape);
        return tf.grads((a: tf.Tensor) => {
          const y = tf.maxPool(a as tf.Tensor4D, size, stride, pad);
          return tf.sum(tf.mul(y, tf.tensor(randomValues(y.size, 70 + s), y.shape)));
        })([x]);
      };
      const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
      // Overlapping windows add into the same dx in another order than cpu: float32 rounding only.
      expect(relativeError(cpu[0], wasm[0])).toBeLessThan(1e-6);
    }
  });

  it('MaxPoolGrad 2×2 stride 2 fast path (SIMD at 8 channels, at 5 on padded copies), with ties and −Infinity, equals cpu', async () => {
    for (const channels of [5, 8]) await compareMaxPool2x2(channels);
  });

  async function compareMaxPool2x2(channels: number) {
    const shape = [2, 6, 8, channels];
    const size = tf.util.sizeFromShape(shape);
    // Few distinct values, so windows hold ties (the first maximum gets the gradient), and
    // windows of only −∞ (no gradient at all).
    const xv = randomValues(size, 41).map((v, i) =>
      i % 7 === 0 || i < 2 * 8 * channels ? -Infinity : Math.round(v * 2),
    );
    const dyv = randomValues(size / 4, 42);
    const run = () => {
      const x = tf.tensor(xv, shape);
      const dy = tf.tensor(dyv, [2, 3, 4, channels]);
      const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
      const out = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: x }, attrs);
      return [out as tf.Tensor];
    };
    const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
    expect(relativeError(cpu[0], wasm[0])).toBe(0);
  }

  it('FusedBatchNorm forward (per-channel and scalar parameters, optional scale/offset)', async () => {
    for (let s = 0; s < 6; s++) {
      const c = pick(1, 9, s + 50);
      const shape =
        s % 3 === 2 ? [pick(1, 40, s), c] : [pick(1, 3, s), pick(1, 6, s + 1), pick(1, 5, s + 2), c];
      const size = tf.util.sizeFromShape(shape);
      const param = (seed: number, positive = false) => {
        const n = (s + seed) % 4 === 0 ? 1 : c;
        const v = randomValues(n, seed + 10 * s);
        return tf.tensor1d(positive ? v.map((u) => Math.abs(u) + 0.1) : v);
      };
      const run = () => {
        const x = tf.tensor(randomValues(size, s + 60), shape);
        const scale = s === 1 ? undefined : param(2);
        const offset = s === 3 ? undefined : param(3);
        return [tf.batchNorm(x, param(4), param(5, true), offset, scale, 1e-3)];
      };
      const [cpu, wasm] = [await runOn('cpu', run), await runOn('wasm', run)];
      expect(relativeError(cpu[0], wasm[0])).toBeLessThan(1e-5);
    }
  });

  it('Identity and same-dtype Cast share memory safely (values survive disposing either side)', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const clone = tf.clone(x);
    const cast = tf.cast(x, 'float32');
    const asInt = tf.cast(x, 'int32');
    x.dispose();
    expect(Array.from(clone.dataSync())).toEqual([1, 2, 3, 4]);
    clone.dispose();
    expect(Array.from(cast.dataSync())).toEqual([1, 2, 3, 4]);
    expect(asInt.dtype).toBe('int32');
    expect(Array.from(asInt.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([cast, asInt]);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
  });
});

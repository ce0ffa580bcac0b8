import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { rowBlock } from './row-block';
import { allocF32, heapF32, input } from './wasm-heap';

/** Lab-only kernel name: per-channel Σdy and Σdy·(x − mean) over all leading axes, in one pass. */
export const CHANNEL_DY_STATS = 'LabChannelDyStats';

/**
 * wasm kernel for {@link CHANNEL_DY_STATS}: inputs dy and x ([..., C], same shape, float32) and
 * mean ([C]); outputs [Σdy, Σdy·(x − mean)], both [C]. Replaces the Sub, Multiply and two Sums
 * (four full-size passes, two full-size intermediates) of the batch-norm gradient's reductions
 * with one read of dy and x, accumulating in float64 four channels at a time over ~8 KB row blocks.
 */
export function channelDyStatsWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
}): tf.TensorInfo[] {
  const { backend } = args;
  const dy = input(args.inputs, 'dy');
  const x = input(args.inputs, 'x');
  const mean = input(args.inputs, 'mean');
  const cols = x.shape[x.shape.length - 1];
  const n = tf.util.sizeFromShape(x.shape);
  const [sumDy, sumDyXc] = channelDyStats(
    heapF32(backend, dy),
    heapF32(backend, x),
    heapF32(backend, mean),
    n,
    cols,
  );
  const outDy = allocF32(backend, [cols]);
  heapF32(backend, outDy).set(sumDy);
  const outDyXc = allocF32(backend, [cols]);
  heapF32(backend, outDyXc).set(sumDyXc);
  return [outDy, outDyXc];
}

/** Column sums of dy and of dy·(x − mean[col]), all in float64. */
export function channelDyStats(
  dy: Float32Array,
  x: Float32Array,
  mean: ArrayLike<number>,
  n: number,
  cols: number,
): [Float64Array, Float64Array] {
  const sumDy = new Float64Array(cols);
  const sumDyXc = new Float64Array(cols);
  const block = rowBlock(cols);
  for (let start = 0; start < n; start += block) {
    const end = Math.min(n, start + block);
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const m0 = mean[c], m1 = mean[c + 1], m2 = mean[c + 2], m3 = mean[c + 3]; // prettier-ignore
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0; // prettier-ignore
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let i = start + c; i < end; i += cols) {
        const g0 = dy[i];
        const g1 = dy[i + 1];
        const g2 = dy[i + 2];
        const g3 = dy[i + 3];
        d0 += g0;
        d1 += g1;
        d2 += g2;
        d3 += g3;
        s0 += g0 * (x[i] - m0);
        s1 += g1 * (x[i + 1] - m1);
        s2 += g2 * (x[i + 2] - m2);
        s3 += g3 * (x[i + 3] - m3);
      }
      sumDy[c] += d0;
      sumDy[c + 1] += d1;
      sumDy[c + 2] += d2;
      sumDy[c + 3] += d3;
      sumDyXc[c] += s0;
      sumDyXc[c + 1] += s1;
      sumDyXc[c + 2] += s2;
      sumDyXc[c + 3] += s3;
    }
    for (; c < cols; c++) {
      const m = mean[c];
      let d = 0;
      let s = 0;
      for (let i = start + c; i < end; i += cols) {
        d += dy[i];
        s += dy[i] * (x[i] - m);
      }
      sumDy[c] += d;
      sumDyXc[c] += s;
    }
  }
  return [sumDy, sumDyXc];
}

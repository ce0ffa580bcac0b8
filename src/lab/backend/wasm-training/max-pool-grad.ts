import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { channelsForTiles } from './conv-info';
import { resizeLastAxis } from './resize-last-axis';
import type { SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { addressOf, allocF32, free, heapF32, input, loopsOf, memoryF32, poolOf } from './wasm-heap';

/**
 * MaxPoolGrad for wasm in one pass (the shipped kernel is ~10× slower on the lab's shapes). With
 * WebAssembly SIMD it runs on the SIMD loops, other channel counts on copies padded to a multiple
 * of 4 (the DPN stem's 10 channels: 8.3 ms a step in the scalar loop at 64 px);
 * each output's gradient goes to the first maximum of its window, scanning rows then columns,
 * exactly as the cpu backend chooses it.
 */
export function maxPoolGradWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const dy = input(inputs, 'dy');
  const x = input(inputs, 'input');
  const channels = x.shape[3];
  const wide = channelsForTiles(channels);
  if (wide !== channels && tf.util.sizeFromShape(dy.shape) > 0 && loopsOf(backend)) {
    // Zero channels added: their maximum is 0 and their gradient, cropped off, 0.
    const [xWide, dyWide] = [x, dy].map((t) => resizeLastAxis(backend, t, wide));
    const dxWide = maxPoolGradWasm({ ...args, inputs: { dy: dyWide, input: xWide } });
    const dx = resizeLastAxis(backend, dxWide, channels);
    for (const t of [xWide, dyWide, dxWide]) free(backend, t);
    return dx;
  }
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const dx = allocF32(backend, [...x.shape]);
  const dxs = heapF32(backend, dx);
  const xs = heapF32(backend, x);
  const dys = heapF32(backend, dy);
  const tiled2x2 = fh === 2 && fw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1;
  if (tiled2x2 && top === 0 && left === 0 && h === 2 * oh && w === 2 * ow) {
    const loops = c % 4 === 0 && n * oh * ow > 0 ? loopsOf(backend) : null;
    if (loops) {
      // Output rows split across the threads: each writes its own rows of dx.
      const [xAt, dyAt, dxAt] = [x, dy, dx].map((t) => addressOf(backend, t));
      const pool = poolOf(backend, loops);
      const ranges = splitRows(n * oh, pool.partsFor(4 * n * h * w * c));
      const [inRow, outRow] = [4 * 2 * w * c, 4 * ow * c];
      pool.run(ranges.length, (p, l) => {
        const [r, count] = ranges[p];
        l.maxPoolGrad2x2(xAt + r * inRow, dyAt + r * outRow, dxAt + r * inRow, count, ow, 4 * c);
      });
    } else {
      maxPool2x2Grad(xs, dys, n * oh, ow, c, dxs);
    }
    return dx;
  }
  dxs.fill(0);
  const loops = c % 4 === 0 ? loopsOf(backend) : null;
  if (loops) {
    simdWindows(backend, loops, x, dy, dx, info);
    return dx;
  }
  // Per output pixel, track every channel's running maximum at once (contiguous reads).
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o += c) {
        best.fill(-Infinity);
        at.fill(-1);
        for (let fy = 0; fy < fh; fy++) {
          const iy = oy * sh - top + fy * dh;
          if (iy < 0 || iy >= h) continue;
          for (let fx = 0; fx < fw; fx++) {
            const ix = ox * sw - left + fx * dw;
            if (ix < 0 || ix >= w) continue;
            const base = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xs[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) if (at[ch] >= 0) dxs[at[ch]] += dys[o + ch];
      }
    }
  }
  return dx;
}

/**
 * Any window on the SIMD loop: per output pixel, the byte offsets of its window's input pixels
 * (in scan order) go to a scratch list and `maxPoolGradWindow` adds dy at each channel's first
 * maximum. dx must be zeroed.
 */
function simdWindows(
  backend: BackendWasm,
  loops: SimdLoops,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  dx: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const scratch = allocF32(backend, [fh * fw]);
  const [xAt, dyAt, dxAt, tapsAt] = [x, dy, dx, scratch].map((t) => addressOf(backend, t));
  const taps = new Int32Array(memoryF32(backend).buffer, tapsAt, fh * fw);
  for (let b = 0, o = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o += c) {
        let count = 0;
        for (let fy = 0; fy < fh; fy++) {
          const iy = oy * sh - top + fy * dh;
          if (iy < 0 || iy >= h) continue;
          for (let fx = 0; fx < fw; fx++) {
            const ix = ox * sw - left + fx * dw;
            if (ix >= 0 && ix < w) taps[count++] = 4 * ((b * h + iy) * w + ix) * c;
          }
        }
        if (count > 0) loops.maxPoolGradWindow(xAt, dxAt, dyAt + 4 * o, tapsAt, count, 4 * c);
      }
    }
  }
  free(backend, scratch);
}

/**
 * The common case of 2×2 windows with stride 2 tiling the input exactly: every input element is
 * in one window, so dx is written once (no zero-fill, no accumulation). Each output's gradient
 * goes to the first maximum in the order (0,0), (0,1), (1,0), (1,1), as in the general loop.
 */
function maxPool2x2Grad(
  xs: Float32Array,
  dys: Float32Array,
  outRows: number,
  ow: number,
  c: number,
  dxs: Float32Array,
): void {
  const rowStride = 2 * ow * c;
  let o = 0;
  for (let r = 0; r < outRows; r++) {
    for (let ox = 0; ox < ow; ox++) {
      const p00 = 2 * r * rowStride + 2 * ox * c;
      const p01 = p00 + c;
      const p10 = p00 + rowStride;
      const p11 = p10 + c;
      for (let ch = 0; ch < c; ch++, o++) {
        const v00 = xs[p00 + ch];
        const v01 = xs[p01 + ch];
        const v10 = xs[p10 + ch];
        const v11 = xs[p11 + ch];
        let best = -Infinity;
        let at = -1;
        if (v00 > best) {
          best = v00;
          at = 0;
        }
        if (v01 > best) {
          best = v01;
          at = 1;
        }
        if (v10 > best) {
          best = v10;
          at = 2;
        }
        if (v11 > best) at = 3;
        const g = dys[o];
        dxs[p00 + ch] = at === 0 ? g : 0;
        dxs[p01 + ch] = at === 1 ? g : 0;
        dxs[p10 + ch] = at === 2 ? g : 0;
        dxs[p11 + ch] = at === 3 ? g : 0;
      }
    }
  }
}

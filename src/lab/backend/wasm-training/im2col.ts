import type { SimdLoops } from './simd/loops';
import { tapGeometry, type ConvInfo } from './conv-info';
import { forEachTapRun } from './depthwise-runs';

/**
 * Patch matrices for convolution gradients, NHWC.
 * Row index m = (n·outH + oy)·outW + ox; column index k = (fy·filterW + fx)·inChannels + c,
 * so a [K, Cout] matrix over k is exactly a filter [fh, fw, cin, cout].
 */

/**
 * Writes the transposed patch matrix `[K, M]` (zeros where the patch is padding), reading the
 * input channel-major: `xT` is x transposed to `[cin, n, h, w]`, so every output row is a run of
 * one input row and the reads stream through memory (an NHWC gather touches a new cache line per
 * element, ~4× slower on the lab's shapes). With `taps` (indices fy·fw + fx), only those taps'
 * rows, in that order: `[taps.length · cin, M]`.
 */
export function im2colTransposed(xT: Float32Array, info: ConvInfo, out: Float32Array, taps?: number[]): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  let o = 0;
  for (const tap of taps ?? Array.from({ length: fh * fw }, (_, t) => t)) {
    const fy = Math.floor(tap / fw);
    const fx = tap % fw;
    // Output columns whose tap (fy, fx) lands inside the image: ox ∈ [first, end).
    const offset = fx * dw - left;
    const first = Math.min(ow, Math.max(0, Math.ceil(-offset / sw)));
    const end = Math.max(first, Math.min(ow, Math.floor((w - 1 - offset) / sw) + 1));
    for (let c = 0; c < cin; c++) {
      for (let b = 0; b < n; b++) {
        const plane = (c * n + b) * h;
        for (let oy = 0; oy < oh; oy++, o += ow) {
          const iy = oy * sh - top + fy * dh;
          if (iy < 0 || iy >= h) {
            out.fill(0, o, o + ow);
            continue;
          }
          for (let ox = 0; ox < first; ox++) out[o + ox] = 0;
          const src = (plane + iy) * w + offset;
          if (sw === 1) {
            for (let ox = first; ox < end; ox++) out[o + ox] = xT[src + ox];
          } else {
            for (let ox = first; ox < end; ox++) out[o + ox] = xT[src + ox * sw];
          }
          for (let ox = end; ox < ow; ox++) out[o + ox] = 0;
        }
      }
    }
  }
}

/** Scatter-adds a patch matrix `cols [M, K]` back into an input-shaped gradient `dx` (zeroed first). */
export function col2im(cols: Float32Array, info: ConvInfo, dx: Float32Array): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const k = fh * fw * cin;
  dx.fill(0);
  let m = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, m++) {
        for (let fy = 0; fy < fh; fy++) {
          const iy = oy * sh - top + fy * dh;
          if (iy < 0 || iy >= h) continue;
          for (let fx = 0; fx < fw; fx++) {
            const ix = ox * sw - left + fx * dw;
            if (ix < 0 || ix >= w) continue;
            const src = m * k + (fy * fw + fx) * cin;
            const dst = ((b * h + iy) * w + ix) * cin;
            for (let c = 0; c < cin; c++) dx[dst + c] += cols[src + c];
          }
        }
      }
    }
  }
}

/**
 * {@link col2im} on the SIMD loop, cols and dx at byte addresses: one `addRows` call per tap run
 * (`depthwise-runs.ts`: image, output row and tap) adds the run's cols into dx (every sw-th input
 * pixel). dx must be zero.
 */
export function col2imRows(loops: SimdLoops, colsAt: number, info: ConvInfo, dxAt: number): void {
  const { inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow } = info;
  const k = info.filterHeight * info.filterWidth * cin;
  const dstStride = 4 * info.strideWidth * cin;
  forEachTapRun(tapGeometry(info), (r) => {
    const src = colsAt + 4 * (((r.b * oh + r.oy) * ow + r.ox0) * k + r.tap * cin);
    const dst = dxAt + 4 * ((r.b * h + r.iy) * w + r.ix0) * cin;
    loops.addRows(dst, dstStride, src, 4 * k, r.count, 4 * cin);
  });
}

import type { TapGeometry } from './conv-info';

/**
 * One run of a convolution's direct loop (the depthwise kernels, col2im): for image `b`, output
 * row `oy` and filter tap (fy, fx), the `count` output columns from `ox0` whose tap lands inside
 * the input, reading input row `iy` from column `ix0` (then every `sw` columns).
 */
export interface TapRun {
  b: number;
  oy: number;
  iy: number;
  tap: number;
  ox0: number;
  ix0: number;
  count: number;
}

/** Visits every non-empty run, taps in filter order within each (image, output row). */
export function forEachTapRun(g: TapGeometry, visit: (run: TapRun) => void): void {
  const { n, h, w, oh, ow, fh, fw, sh, sw, dh, dw, top, left } = g;
  // Per fx, the output columns ox with 0 ≤ ox·sw − left + fx·dw < w.
  const first: number[] = [];
  const count: number[] = [];
  for (let fx = 0; fx < fw; fx++) {
    const offset = fx * dw - left;
    const lo = Math.min(ow, Math.max(0, Math.ceil(-offset / sw)));
    const hi = Math.max(lo, Math.min(ow, Math.floor((w - 1 - offset) / sw) + 1));
    first.push(lo);
    count.push(hi - lo);
  }
  const run: TapRun = { b: 0, oy: 0, iy: 0, tap: 0, ox0: 0, ix0: 0, count: 0 };
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let fy = 0; fy < fh; fy++) {
        const iy = oy * sh - top + fy * dh;
        if (iy < 0 || iy >= h) continue;
        for (let fx = 0; fx < fw; fx++) {
          if (count[fx] === 0) continue;
          run.b = b;
          run.oy = oy;
          run.iy = iy;
          run.tap = fy * fw + fx;
          run.ox0 = first[fx];
          run.ix0 = first[fx] * sw - left + fx * dw;
          run.count = count[fx];
          visit(run);
        }
      }
    }
  }
}

/** The runs of one image (b = 0) in visiting order: every image has the same runs. */
export function imageTapRuns(g: TapGeometry): TapRun[] {
  const runs: TapRun[] = [];
  forEachTapRun({ ...g, n: 1 }, (r) => runs.push({ ...r }));
  return runs;
}

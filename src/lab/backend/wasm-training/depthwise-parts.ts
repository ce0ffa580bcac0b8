import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { DepthwiseGeometry } from './conv-info';
import { imageTapRuns, type TapRun } from './depthwise-runs';
import type { SimdLoops } from './simd/loops';
import { splitRows } from './split-rows';
import { poolOf } from './wasm-heap';

export interface DepthwiseParts {
  /** How many parts the images are split into (one per thread used). */
  parts: number;
  /** Calls `visit(part, loops, image, run)` for every tap run of every image, parts in parallel. */
  run(visit: (part: number, l: SimdLoops, b: number, r: TapRun) => void): void;
}

/**
 * A depthwise kernel's tap runs image by image, the images split across the loop threads: each
 * image's outputs are written by one thread, in the single-threaded order, so the threads'
 * results are the same bits as one thread's (sums over images aside, which a kernel keeps per part).
 */
export function depthwiseParts(backend: BackendWasm, loops: SimdLoops, g: DepthwiseGeometry): DepthwiseParts {
  const runs = imageTapRuns(g);
  const pool = poolOf(backend, loops);
  const work = 2 * g.n * g.oh * g.ow * g.fh * g.fw * g.cout;
  const ranges = splitRows(g.n, pool.partsFor(work));
  return {
    parts: ranges.length,
    run(visit) {
      pool.run(ranges.length, (p, l) => {
        const [first, count] = ranges[p];
        for (let b = first; b < first + count; b++) for (const r of runs) visit(p, l, b, r);
      });
    },
  };
}

import { assemble, op } from './assembler';
import { affine, affine2, dyStats, moments, sums } from './channel-loops';
import { dwDot, dwFilter, dwMulAdd } from './depthwise-loops';
import { dropout } from './dropout-loops';
import { gemmTiles, stripName, TILE_ROWS, tileName } from './gemm';
import { patchName, patchTiles } from './patch-gemm';
import { optimizerLoops } from './optimizer-loops';
import { maxPoolGrad2x2, maxPoolGradWindow } from './pool-loops';
import {
  affine2ReluPool2x2,
  affine2ReluRepeated,
  affineReluPool2x2,
  affineReluSum,
  dyStatsReluPool2x2,
  dyStatsReluRepeated,
} from './pooled-channel-loops';
import { affine2Relu, affineRelu, dyStatsRelu } from './rectified-channel-loops';
import { reluGrad, relu } from './relu-loops';
import { addRows, copyRows, dotRows, mulAddRows, zeroBytes } from './row-loops';
import { winogradLoops } from './winograd-loops';

/**
 * The lab's WebAssembly SIMD module: the loops of `channel-loops.ts`, `rectified-channel-loops.ts`, `row-loops.ts`,
 * `pool-loops.ts`, `depthwise-loops.ts`, `gemm.ts` and `patch-gemm.ts`, assembled into one module that imports the tfjs backend's own
 * memory. All arguments are byte addresses or counts; `cb` = C·4 bytes per row and must be a
 * multiple of 16; row and run counts must be ≥ 1.
 */

/** gemm tile: see `gemm.ts`. */
type GemmTileArgs = [
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  run: number,
  images: number,
  askip: number,
];
export type GemmTile = (...args: GemmTileArgs) => void;

/** (w, g, s1, s2, wOut, s1Out, s2Out, consts, bytes): see `optimizer-loops.ts`. */
export type OptimizerLoop = (
  w: number,
  g: number,
  s1: number,
  s2: number,
  wOut: number,
  s1Out: number,
  s2Out: number,
  consts: number,
  bytes: number,
) => void;

/** A strip of gemm tiles, each from init values instead of zero: see `gemm.ts`. */
export type GemmStrip = (
  ...args: [
    ...GemmTileArgs,
    init: number,
    initStride: number,
    count: number,
    aStep: number,
    cStep: number,
    initStep: number,
  ]
) => void;

/** A filter-gradient tile over the NHWC input: see `patch-gemm.ts`. */
export type PatchTile = (
  ...args: [
    a: number,
    ak: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    run: number,
    rows: number,
    rowSkip: number,
    images: number,
    imageSkip: number,
    init: number,
    initStride: number,
  ]
) => void;

/** A Winograd tile transform: see `winograd-loops.ts`. */
export type WinogradTransform = (
  src: number,
  srcRow: number,
  srcCol: number,
  dst: number,
  dstRow: number,
  dstCol: number,
  count: number,
  srcStep: number,
  dstStep: number,
  cb: number,
) => void;

export interface SimdLoops {
  /** Whether the gemm tiles use relaxed SIMD's fused multiply-add. */
  fma: boolean;
  /** The mr × nr product tile (nr ∈ {4, 8, 16}, mr ≤ {@link maxTileRows}(nr)). */
  gemmTile(mr: number, nr: number): GemmTile;
  /** `count` mr × nr tiles in a row (same sizes as {@link gemmTile}). */
  gemmStrip(mr: number, nr: number): GemmStrip;
  /** The mr × nr filter-gradient tile over adjacent input values (nr 4 or 8, mr as {@link gemmTile}). */
  patchTile(mr: number, nr: number): PatchTile;
  affine(x: number, a: number, b: number, out: number, rows: number, cb: number): void;
  affine2(
    p: number,
    q: number,
    k1: number,
    k2: number,
    k3: number,
    out: number,
    rows: number,
    cb: number,
  ): void;
  maxPoolGrad2x2(x: number, dy: number, dx: number, outRows: number, ow: number, cb: number): void;
  moments(x: number, rows: number, cb: number, sums: number, squares: number): void;
  sums(x: number, rows: number, cb: number, totals: number): void;
  maxPoolGradWindow(x: number, dx: number, dy: number, taps: number, ntaps: number, cb: number): void;
  relu(x: number, out: number, bytes: number): void;
  reluGrad(dy: number, x: number, dx: number, bytes: number): void;
  /** Dropout's mask and product (`dropout-loops.ts`). */
  dropout(
    x: number,
    y: number,
    mask: number,
    bytes: number,
    seed: number,
    threshold: number,
    scaleBits: number,
    first: number,
  ): void;
  /** Zeros `bytes` bytes from `dst` (memory.fill). */
  zeroBytes(dst: number, bytes: number): void;
  /** Rows of cb bytes, any multiple of 4. */
  copyRows(dst: number, dstStride: number, src: number, srcStride: number, count: number, cb: number): void;
  addRows(dst: number, dstStride: number, src: number, srcStride: number, count: number, cb: number): void;
  mulAddRows(
    dst: number,
    dstStride: number,
    src: number,
    srcStride: number,
    w: number,
    count: number,
    cb: number,
  ): void;
  dotRows(
    acc: number,
    a: number,
    aStride: number,
    b: number,
    bStride: number,
    count: number,
    cb: number,
  ): void;
  /** Depthwise tap runs with a channel multiplier (`depthwise-loops.ts`); mb = multiplier·4 bytes. */
  dwMulAdd(
    dst: number,
    dstStride: number,
    src: number,
    srcStride: number,
    w: number,
    count: number,
    cin: number,
    mb: number,
  ): void;
  dwDot(
    dst: number,
    dstStride: number,
    src: number,
    srcStride: number,
    w: number,
    count: number,
    cin: number,
    mb: number,
  ): void;
  dwFilter(
    acc: number,
    a: number,
    aStride: number,
    b: number,
    bStride: number,
    count: number,
    cin: number,
    mb: number,
  ): void;
  /** Winograd F(2×2, 3×3) and (suffix 4) F(4×4, 3×3) tile transforms (`winograd-loops.ts`). */
  winogradInput: WinogradTransform;
  winogradFilter: WinogradTransform;
  winogradOutput(...args: [...Parameters<WinogradTransform>, bias: number]): void;
  winogradOutputGrad: WinogradTransform;
  winogradFilterGrad: WinogradTransform;
  winogradInput4: WinogradTransform;
  winogradFilter4: WinogradTransform;
  winogradOutput4(...args: [...Parameters<WinogradTransform>, bias: number]): void;
  winogradOutputGrad4: WinogradTransform;
  winogradFilterGrad4: WinogradTransform;
  /** An optimiser's update loop by export name (`optimizer-loops.ts`). */
  optimizerLoop(name: string): OptimizerLoop;
  dyStats(
    dy: number,
    x: number,
    mean: number,
    rows: number,
    cb: number,
    sums: number,
    products: number,
  ): void;
  /** Batch norm with its ReLU folded in (`rectified-channel-loops.ts`). */
  affineRelu(x: number, a: number, b: number, out: number, rows: number, cb: number): void;
  dyStatsRelu(
    dy: number,
    x: number,
    a: number,
    b: number,
    mean: number,
    rows: number,
    cb: number,
    sums: number,
    products: number,
  ): void;
  affine2Relu(
    dy: number,
    x: number,
    a: number,
    b: number,
    k1: number,
    k2: number,
    k3: number,
    out: number,
    rows: number,
    cb: number,
  ): void;
  /** The same with a 2×2 stride-2 max pool after the ReLU (`pooled-channel-loops.ts`). */
  affineReluPool2x2(
    x: number,
    a: number,
    b: number,
    out: number,
    outRows: number,
    ow: number,
    cb: number,
  ): void;
  dyStatsReluPool2x2(
    dy: number,
    x: number,
    a: number,
    b: number,
    mean: number,
    outRows: number,
    ow: number,
    cb: number,
    sums: number,
    products: number,
  ): void;
  affine2ReluPool2x2(
    dy: number,
    x: number,
    a: number,
    b: number,
    k1: number,
    k2: number,
    k3: number,
    dx: number,
    outRows: number,
    ow: number,
    cb: number,
  ): void;
  /** The same with a global average pool after the ReLU (`pooled-channel-loops.ts`). */
  affineReluSum(
    x: number,
    a: number,
    b: number,
    out: number,
    images: number,
    positions: number,
    cb: number,
  ): void;
  dyStatsReluRepeated(
    dy: number,
    x: number,
    a: number,
    b: number,
    mean: number,
    images: number,
    positions: number,
    cb: number,
    sums: number,
    products: number,
  ): void;
  affine2ReluRepeated(
    dy: number,
    x: number,
    a: number,
    b: number,
    k1: number,
    k2: number,
    k3: number,
    out: number,
    images: number,
    positions: number,
    cb: number,
  ): void;
}

const functions = (fma: boolean) => [
  affine,
  affine2,
  maxPoolGrad2x2,
  moments,
  sums,
  dyStats,
  affineRelu,
  dyStatsRelu,
  affine2Relu,
  affineReluPool2x2,
  dyStatsReluPool2x2,
  affine2ReluPool2x2,
  affineReluSum,
  dyStatsReluRepeated,
  affine2ReluRepeated,
  mulAddRows,
  dotRows,
  maxPoolGradWindow,
  copyRows,
  addRows,
  zeroBytes,
  relu,
  reluGrad,
  dropout,
  dwMulAdd,
  dwDot,
  dwFilter,
  ...optimizerLoops(),
  ...winogradLoops,
  ...gemmTiles(fma),
  ...patchTiles(fma),
];

/** The exported functions' names in module order (the lab's SIMD helpers call them by index). */
export const LOOP_NAMES: readonly string[] = functions(false).map((f) => f.name);
/** Their parameter counts, in the same order. */
export const LOOP_ARITIES: readonly number[] = functions(false).map((f) => f.params);

/**
 * The module: the loops above and every gemm and patch tile, with or without relaxed-SIMD multiply-add,
 * over a plain or (threaded build) shared memory.
 */
export function loopsModule(fma: boolean, sharedMemory = false): Uint8Array<ArrayBuffer> {
  return assemble(functions(fma), sharedMemory);
}

/** The most rows a tile of `nr` columns has (its accumulators must fit the registers). */
export function maxTileRows(nr: 4 | 8 | 16): number {
  return TILE_ROWS[nr];
}

let relaxedMadd: boolean | undefined;

/** Whether this engine validates relaxed SIMD's f32x4.relaxed_madd (Chromium does; Node 20 only behind a flag). */
export function hasRelaxedMadd(): boolean {
  relaxedMadd ??= WebAssembly.validate(
    assemble([{ name: 'probe', params: 0, body: [op.f32x4(0), op.f32x4(0), op.f32x4(0), op.fmadd, [0x1a]] }]),
  );
  return relaxedMadd;
}

let fmaPreference: boolean | undefined;

/** Forces the tiles with (true) or without (false) relaxed multiply-add; undefined = when the engine has it. For tests and benchmarks. */
export function preferFusedMultiplyAdd(value: boolean | undefined): void {
  fmaPreference = value;
}

const instances = new WeakMap<WebAssembly.Memory, Map<boolean, SimdLoops | null>>();
const modules = new WeakMap<SimdLoops, WebAssembly.Module>();

/** The loops bound to `memory`, or null where WebAssembly SIMD is unavailable. */
export function simdLoops(memory: WebAssembly.Memory): SimdLoops | null {
  const fma = fmaPreference ?? hasRelaxedMadd();
  const byVariant = instances.get(memory) ?? new Map<boolean, SimdLoops | null>();
  instances.set(memory, byVariant);
  if (byVariant.has(fma)) return byVariant.get(fma) ?? null;
  let loops: SimdLoops | null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(loopsModule(fma, shared));
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    loops = loopsOver(exports as Record<string, unknown>, fma);
    modules.set(loops, module);
  } catch {
    loops = null;
  }
  byVariant.set(fma, loops);
  return loops;
}

/** The compiled module behind `loops` (the lab's SIMD helpers instantiate it on their threads). */
export function moduleOf(loops: SimdLoops): WebAssembly.Module | undefined {
  return modules.get(loops);
}

/** SimdLoops over functions by name: a module's exports, or stand-ins that record calls. */
export function loopsOver(fns: Record<string, unknown>, fma: boolean): SimdLoops {
  // Looked up by (mr, nr) thousands of times a step: a table by number, not a string key each call
  // (the template-literal names were ~1 MB of garbage a DPN step).
  const byShape = <F>(kind: string, name: (mr: number, nr: number) => string) => {
    const table: (F | undefined)[] = [];
    return (mr: number, nr: number): F => {
      const key = mr * 64 + nr;
      const found = table[key];
      if (found) return found;
      const fn = fns[name(mr, nr)];
      if (typeof fn !== 'function') throw new Error(`no ${mr}×${nr} ${kind}`);
      return (table[key] = fn as F);
    };
  };
  const optimizerLoop = (name: string) => {
    const fn = fns[name];
    if (typeof fn !== 'function') throw new Error(`no optimiser loop ${name}`);
    return fn as OptimizerLoop;
  };
  return {
    ...(fns as unknown as Omit<SimdLoops, 'gemmTile' | 'gemmStrip' | 'patchTile' | 'optimizerLoop' | 'fma'>),
    gemmTile: byShape<GemmTile>('gemm tile', tileName),
    optimizerLoop,
    gemmStrip: byShape<GemmStrip>('gemm strip', stripName),
    patchTile: byShape<PatchTile>('patch tile', patchName),
    fma,
  };
}

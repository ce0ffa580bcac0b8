/**
 * Just enough of the WebAssembly binary format to write small SIMD loops by hand: a module that
 * imports the tfjs wasm backend's memory and exports functions of i32 parameters.
 * Spec: https://webassembly.github.io/spec/core/binary/ (and the SIMD proposal's opcode table).
 */

export type Bytes = number[];

export function uleb(value: number): Bytes {
  const out: Bytes = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

export function sleb(value: number): Bytes {
  const out: Bytes = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const I32 = 0x7f;
const V128 = 0x7b;
const simd = (op: number): Bytes => [0xfd, ...uleb(op)];
const memarg = (offset: number): Bytes => [0x00, ...uleb(offset)];

/** Instructions, as byte arrays to concatenate. Locals are numbered params first. */
export const op = {
  get: (i: number): Bytes => [0x20, ...uleb(i)],
  set: (i: number): Bytes => [0x21, ...uleb(i)],
  tee: (i: number): Bytes => [0x22, ...uleb(i)],
  i32: (v: number): Bytes => [0x41, ...sleb(v)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  ltU: [0x49],
  geU: [0x4f],
  /** `block` / `loop` with no result; close with `end`. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  /** memory.fill (bulk memory): dst, value, bytes on the stack. */
  memoryFill: [0xfc, 0x0b, 0x00],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  load: (offset = 0): Bytes => [...simd(0x00), ...memarg(offset)],
  store: (offset = 0): Bytes => [...simd(0x0b), ...memarg(offset)],
  /** v128.load32_splat: one float32 from memory in all four lanes. */
  loadSplat32: (offset = 0): Bytes => [...simd(0x09), ...memarg(offset)],
  /** A v128 constant of four int32 lanes. */
  v128I32: (...lanes: number[]): Bytes => [
    ...simd(0x0c),
    ...lanes.flatMap((v) => Array.from(new Uint8Array(new Int32Array([v]).buffer))),
  ],
  /** A v128 constant of four equal float32s. */
  f32x4: (value: number): Bytes => {
    const lane = Array.from(new Uint8Array(new Float32Array([value]).buffer));
    return [...simd(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  /** f32.load / f32.store / f32.add: scalar float32. */
  loadF32: (offset = 0): Bytes => [0x2a, 0x02, ...uleb(offset)],
  storeF32: (offset = 0): Bytes => [0x38, 0x02, ...uleb(offset)],
  addF32: [0x92],
  /** f32x4.extract_lane: lane `lane` of an f32x4 as a scalar float32. */
  lane: (lane: number): Bytes => [...simd(0x1f), lane],
  /** i32.load of a 4-byte integer. */
  loadI32: (offset = 0): Bytes => [0x28, 0x02, ...uleb(offset)],
  splatI32: simd(0x11),
  eqI32: simd(0x37),
  /** i32x4.ge_u, i32x4.add, i32x4.mul, i32x4.shr_u (count on the stack as an i32), v128.xor. */
  geUI32: simd(0x40),
  addI32: simd(0xae),
  mulI32: simd(0xb5),
  shrUI32: simd(0xad),
  xor: simd(0x51),
  and: simd(0x4e),
  andnot: simd(0x4f),
  or: simd(0x50),
  bitselect: simd(0x52),
  gt: simd(0x44),
  fadd: simd(0xe4),
  fsub: simd(0xe5),
  fmul: simd(0xe6),
  fdiv: simd(0xe7),
  /** f32x4.max: NaN if either lane is NaN. */
  fmax: simd(0xe9),
  fsqrt: simd(0xe3),
  /** f32x4.relaxed_madd (relaxed SIMD): a·b + c, fused where the hardware can. */
  fmadd: simd(0x105),
  dadd: simd(0xf0),
  dmul: simd(0xf2),
  /** f64x2 of lanes 0–1 of an f32x4. */
  promoteLow: simd(0x5f),
  /** Lanes 2–3 of an f32x4 moved to lanes 0–1: an i8x16.shuffle, so push the vector twice. */
  highToLow: [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15],
};

export interface FunctionDef {
  name: string;
  params: number;
  /** Extra locals: i32 first, then v128. */
  i32Locals?: number;
  v128Locals?: number;
  body: Bytes[];
}

function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: Bytes): Bytes {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): Bytes {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

/** The memory import's limits: min 1 page; a shared memory (threads) must also declare a max. */
const memoryLimits = (shared: boolean): Bytes => (shared ? [0x03, 0x01, ...uleb(65536)] : [0x00, 0x01]);

/**
 * A module importing `env.memory` and exporting `functions` (i32 parameters, no results). With
 * `sharedMemory`, the import is a shared memory of up to 4 GiB (the threaded tfjs build's).
 */
export function assemble(functions: FunctionDef[], sharedMemory = false): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0x00]);
  const bodies = functions.map((f) => {
    const locals: Bytes[] = [];
    if (f.i32Locals) locals.push([...uleb(f.i32Locals), I32]);
    if (f.v128Locals) locals.push([...uleb(f.v128Locals), V128]);
    const code = [...vec(locals), ...f.body.flat(), ...op.end];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...memoryLimits(sharedMemory)]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

import type { SpawnedWorker, WasmThreadsHost } from '../../wasm-threads';
import { LOOP_ARITIES, LOOP_NAMES, loopsOver, moduleOf, type SimdLoops } from './loops';
import { CMDS, COUNT, DONE, ERROR, HELPER_SOURCE, MAX_ARITY, READY, SEQ, SPIN, TICKET } from './pool-helper';

/**
 * The lab's SIMD loops on every thread of the threaded wasm build: helper workers (one fewer than
 * the threads) instantiate the same module over the backend's shared memory, and a kernel splits
 * its loop calls into parts. Part 0 runs on the calling thread; the others are recorded as
 * command lists (function index + int32 arguments) that the helpers run while it works.
 * tfjs's own XNNPACK threads sleep meanwhile, so the two pools never compete.
 * A helper that has not started its part by the time the calling thread is done with its own
 * (woken late, or no free core: XNNPACK's workers spin between ops) loses it to the calling
 * thread, so a split pass is never much slower than an unsplit one.
 *
 * A part's body may only compute addresses and call loops (a recorded part runs later, on another
 * thread): combine per-part results after `run` returns.
 */
export interface LoopPool {
  /** Threads that can run parts now (1 until the helpers have started). */
  readonly threads: number;
  /** How many parts `work` (≈ float operations) is worth splitting into. */
  partsFor(work: number): number;
  /** Runs `body(part, loops)` for parts 0..parts−1, in parallel where helpers are ready. */
  run(parts: number, body: (part: number, loops: SimdLoops) => void): void;
  /** Resolves with the thread count once every helper has started (or `timeoutMs` passed). */
  started(timeoutMs?: number): Promise<number>;
}

/**
 * Below this much work a part does not pay for its wake-up (measured on 2 vCPUs: the batch-norm
 * passes over 1 M floats and the grouped conv's per-group convs of ~1 M flops ran slower split
 * in two; the reference CNN's 2-thread step 49–59 → 47–49 ms against the former 150 000).
 */
export const MIN_PART_WORK = 4_000_000;
/** int32s of commands per helper and call (~10 per loop call). */
const CAPACITY = 1 << 18;

export interface LoopThreadSettings {
  /** At most this many threads (1: every loop on the calling thread). */
  limit?: number;
  /** Work per part below which a pass is not split (default MIN_PART_WORK; tests split tiny tensors with 1). */
  minPartWork?: number;
}

let settings: LoopThreadSettings = {};

/** Overrides how every pool splits work, for tests and A/B runs; `{}` restores the defaults. */
export function setLoopThreads(next: LoopThreadSettings): void {
  settings = next;
}

/**
 * How many passes ran, how many were handed to helpers, and how many helper parts the calling
 * thread took back; in the passes handed out, the calling thread's ms recording the helpers'
 * parts (the helpers wait meanwhile), running its own, and waiting for the helpers (for tests
 * and profiles).
 */
export const loopPoolStats = { runs: 0, parallelRuns: 0, reclaimed: 0, recordMs: 0, ownMs: 0, waitMs: 0 };

/** The calling thread alone. */
export function inlinePool(loops: SimdLoops): LoopPool {
  return {
    threads: 1,
    started: async () => 1,
    partsFor: () => 1,
    run: (parts, body) => {
      for (let p = 0; p < parts; p++) body(p, loops);
    },
  };
}

interface Helper {
  worker: SpawnedWorker;
  control: Int32Array;
  recorder: CommandRecorder;
}

/** Loops that append their calls to a helper's command list, made once per helper. */
interface CommandRecorder {
  loops: SimdLoops;
  /** Starts a new list. */
  reset(): void;
  /** int32s recorded, or −1 once the list overflowed. */
  finish(): number;
}

type RecordedCall = (...args: number[]) => void;

/**
 * The recorder over `control`. A call writes its function index and its arity's arguments from
 * fixed parameters. A recorder of rest-argument closures built afresh for every split pass took
 * 0.24 ms to record the helper's half of the reference CNN's second forward conv (1.19 ms in all
 * on 2 threads), time in which the helper cannot start; this one takes 0.10 ms.
 */
function commandRecorder(control: Int32Array, fma: boolean): CommandRecorder {
  let at = CMDS;
  let overflow = false;
  const end = CMDS + CAPACITY;
  const record = (f: number, k: number): RecordedCall =>
    ((a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number,
      a8: number, a9: number, a10: number, a11: number, a12: number, a13: number, a14: number) => {
      const i = at;
      if (i + 1 + k > end) {
        overflow = true;
        return;
      }
      control[i] = f;
      if (k >= 15) control[i + 15] = a14;
      if (k >= 14) control[i + 14] = a13;
      if (k >= 13) control[i + 13] = a12;
      if (k >= 12) control[i + 12] = a11;
      if (k >= 11) control[i + 11] = a10;
      if (k >= 10) control[i + 10] = a9;
      if (k >= 9) control[i + 9] = a8;
      if (k >= 8) control[i + 8] = a7;
      if (k >= 7) control[i + 7] = a6;
      if (k >= 6) control[i + 6] = a5;
      if (k >= 5) control[i + 5] = a4;
      if (k >= 4) control[i + 4] = a3;
      if (k >= 3) control[i + 3] = a2;
      if (k >= 2) control[i + 2] = a1;
      if (k >= 1) control[i + 1] = a0;
      at = i + 1 + k;
    }) as RecordedCall; // prettier-ignore
  const fns: Record<string, RecordedCall> = {};
  LOOP_NAMES.forEach((name, f) => {
    if (LOOP_ARITIES[f] > MAX_ARITY) throw new Error(`${name} takes more than ${MAX_ARITY} arguments`);
    fns[name] = record(f, LOOP_ARITIES[f]);
  });
  return {
    loops: loopsOver(fns, fma),
    reset: () => {
      at = CMDS;
      overflow = false;
    },
    finish: () => (overflow ? -1 : at - CMDS),
  };
}

const canBlock = (() => {
  try {
    // Throws on a browser's main thread, where only spinning is allowed.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

/** Waits until ctl[index] === value (spins first, then sleeps where the thread may block). */
function waitFor(ctl: Int32Array, index: number, value: number): void {
  for (let i = 0; i < SPIN; i++) if (Atomics.load(ctl, index) === value) return;
  for (;;) {
    const now = Atomics.load(ctl, index);
    if (now === value) return;
    if (canBlock) Atomics.wait(ctl, index, now, 20);
  }
}

/** A pool of `threads − 1` helpers over `memory`, started through `host`. */
export function startPool(
  loops: SimdLoops,
  memory: WebAssembly.Memory,
  host: WasmThreadsHost,
  threads: number,
): LoopPool {
  const module = moduleOf(loops);
  if (!module || threads < 2) return inlinePool(loops);
  const helpers: Helper[] = Array.from({ length: threads - 1 }, () => {
    const control = new Int32Array(new SharedArrayBuffer(4 * (CMDS + CAPACITY)));
    const worker = host.spawn(HELPER_SOURCE);
    worker.postMessage({ module, memory, control: control.buffer, names: LOOP_NAMES });
    return { worker, control, recorder: commandRecorder(control, loops.fma) };
  });
  let seq = 0;
  const readyCount = () => helpers.filter((h) => Atomics.load(h.control, READY) === 1).length;
  let ready = 0;

  return {
    get threads() {
      if (ready < helpers.length) ready = readyCount();
      return Math.min(settings.limit ?? Infinity, 1 + ready);
    },
    async started(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (readyCount() < helpers.length && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      return this.threads;
    },
    partsFor(work) {
      return Math.max(1, Math.min(this.threads, Math.floor(work / (settings.minPartWork ?? MIN_PART_WORK))));
    },
    run(parts, body) {
      const usable = Math.min(parts - 1, this.threads - 1);
      loopPoolStats.runs++;
      if (usable < 1) {
        for (let p = 0; p < parts; p++) body(p, loops);
        return;
      }
      seq++;
      const recording = performance.now();
      const started: [Helper, number][] = [];
      const inline: number[] = [];
      for (let p = 1; p < parts; p++) {
        const helper = p <= usable ? helpers[p - 1] : undefined;
        if (!helper) {
          inline.push(p);
          continue;
        }
        helper.recorder.reset();
        body(p, helper.recorder.loops);
        const count = helper.recorder.finish();
        if (count < 0) {
          inline.push(p);
          continue;
        }
        helper.control[COUNT] = count;
        Atomics.store(helper.control, TICKET, seq);
        Atomics.store(helper.control, SEQ, seq);
        Atomics.notify(helper.control, SEQ);
        started.push([helper, p]);
      }
      if (started.length > 0) loopPoolStats.parallelRuns++;
      const own = performance.now();
      body(0, loops);
      const waiting = performance.now();
      for (const p of inline) body(p, loops);
      let failed = false;
      for (const [helper, p] of started) {
        if (Atomics.compareExchange(helper.control, TICKET, seq, 0) === seq) {
          loopPoolStats.reclaimed++;
          body(p, loops);
          continue;
        }
        waitFor(helper.control, DONE, seq);
        if (Atomics.exchange(helper.control, ERROR, 0) !== 0) failed = true;
      }
      loopPoolStats.recordMs += own - recording;
      loopPoolStats.ownMs += waiting - own;
      loopPoolStats.waitMs += performance.now() - waiting;
      if (failed) throw new Error('a SIMD helper thread failed');
    },
  };
}

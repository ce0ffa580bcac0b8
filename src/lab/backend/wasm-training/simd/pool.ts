import type { SpawnedWorker, WasmThreadsHost } from '../../wasm-threads';
import { LOOP_NAMES, loopsOver, moduleOf, type SimdLoops } from './loops';
import { CMDS, COUNT, DONE, ERROR, HELPER_SOURCE, READY, SEQ, SPIN, TICKET } from './pool-helper';

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
 * thread took back (for tests and profiles).
 */
export const loopPoolStats = { runs: 0, parallelRuns: 0, reclaimed: 0 };

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
    return { worker, control };
  });
  const index = new Map(LOOP_NAMES.map((name, i) => [name, i]));
  let seq = 0;
  const readyCount = () => helpers.filter((h) => Atomics.load(h.control, READY) === 1).length;
  let ready = 0;

  /** Loops that append their calls to a helper's command list; false once it overflows. */
  const recorder = (control: Int32Array) => {
    let at = CMDS;
    let overflow = false;
    const fns: Record<string, (...args: number[]) => void> = {};
    for (const name of LOOP_NAMES) {
      const f = index.get(name)!;
      fns[name] = (...args: number[]) => {
        if (at + 1 + args.length > CMDS + CAPACITY) {
          overflow = true;
          return;
        }
        control[at++] = f;
        for (const a of args) control[at++] = a;
      };
    }
    return {
      loops: loopsOver(fns, loops.fma),
      finish: () => (overflow ? -1 : at - CMDS),
    };
  };

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
      const started: [Helper, number][] = [];
      const inline: number[] = [];
      for (let p = 1; p < parts; p++) {
        const helper = p <= usable ? helpers[p - 1] : undefined;
        if (!helper) {
          inline.push(p);
          continue;
        }
        const rec = recorder(helper.control);
        body(p, rec.loops);
        const count = rec.finish();
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
      body(0, loops);
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
      if (failed) throw new Error('a SIMD helper thread failed');
    },
  };
}

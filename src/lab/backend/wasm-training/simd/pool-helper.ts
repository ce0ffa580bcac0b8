/**
 * The layout of a helper's control block (an Int32Array over its own SharedArrayBuffer) and the
 * helper's source: a classic worker script, the same text in a browser Worker and a Node
 * worker_threads eval worker. It instantiates the lab's SIMD module over the backend's shared
 * memory, then runs command lists: the caller writes COUNT int32s of (function index, its
 * arguments...) from CMDS, sets TICKET = SEQ = the run's number; the helper claims the run by
 * swapping TICKET to 0, runs the list and sets DONE = SEQ (ERROR = 1 if one threw). A caller that
 * swaps TICKET first has taken the part back (the helper was not yet running): the helper skips it.
 */
export const SEQ = 0;
export const DONE = 1;
export const READY = 2;
export const ERROR = 3;
export const COUNT = 4;
export const TICKET = 5;
export const CMDS = 8;
/** Spins (Atomics.load) before sleeping in Atomics.wait: a wake-up costs tens of µs. */
export const SPIN = 20_000;

/** The most arguments a loop takes (the gemm strips). */
export const MAX_ARITY = 15;

/**
 * call(fn, k, c, p): fn(c[p], …, c[p + k − 1]) with the arguments read one by one. (\`apply\` on
 * a subarray, the obvious way, costs a typed-array view and a generic argument list per call:
 * measured ~1.7× slower helpers on the forward-conv strips.)
 */
const CALL_SOURCE = `function call(fn, k, c, p) {
  switch (k) {
${Array.from({ length: MAX_ARITY + 1 }, (_, k) => `    case ${k}: return fn(${Array.from({ length: k }, (_, i) => `c[p + ${i}]`).join(', ')});`).join('\n')}
    default: throw new Error('a loop of ' + k + ' arguments');
  }
}`;

export const HELPER_SOURCE = `"use strict";
const [SEQ, DONE, READY, ERROR, COUNT, TICKET, CMDS, SPIN] = [${SEQ}, ${DONE}, ${READY}, ${ERROR}, ${COUNT}, ${TICKET}, ${CMDS}, ${SPIN}];
${CALL_SOURCE}
function start({ module, memory, control, names }) {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const fns = names.map((n) => exports[n]);
  const arity = fns.map((f) => f.length);
  const ctl = new Int32Array(control);
  Atomics.store(ctl, READY, 1);
  Atomics.notify(ctl, READY);
  let seen = Atomics.load(ctl, SEQ);
  for (;;) {
    let seq = Atomics.load(ctl, SEQ);
    for (let i = 0; seq === seen && i < SPIN; i++) seq = Atomics.load(ctl, SEQ);
    while (seq === seen) {
      Atomics.wait(ctl, SEQ, seen);
      seq = Atomics.load(ctl, SEQ);
    }
    if (seq < 0) return;
    seen = seq;
    if (Atomics.compareExchange(ctl, TICKET, seq, 0) !== seq) continue;
    try {
      const end = CMDS + ctl[COUNT];
      for (let p = CMDS; p < end; ) {
        const f = ctl[p++];
        call(fns[f], arity[f], ctl, p);
        p += arity[f];
      }
    } catch (error) {
      Atomics.store(ctl, ERROR, 1);
    }
    Atomics.store(ctl, DONE, seq);
    Atomics.notify(ctl, DONE);
  }
}
if (typeof require === 'function') require('worker_threads').parentPort.once('message', start);
else self.onmessage = (e) => start(e.data);
`;

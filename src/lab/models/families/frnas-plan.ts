/**
 * What FR-NAS's code builds for one dual-path block, as a list of modules per path (no tfjs): the
 * block builder executes this plan, and tests check it against FR-NAS's `DualPathBlock`.
 */
import type { DualPathBlockSpec } from '../config';
import { frnasOp } from './frnas-ops';

export type PlanStep =
  | { layer: 'bn'; channels: number }
  | { layer: 'relu' }
  /** `out` lists the output channels; two entries where FR-NAS slices the output (built as two convs). */
  | { layer: 'conv'; kernel: number; in: number; out: number[]; groups: number; stride: number };

export interface DualPathPlan {
  /** BnActConv2d(in → bw + 2·inc, 1×1, stride): sliced into x_s1 (bw) and x_s2 (2·inc). */
  projection: PlanStep[];
  /** edge 1 (in → r), edge 2 (r → r, grouped, strided), edge 3 (r → bw + inc, sliced into out1, out2). */
  edges: [PlanStep[], PlanStep[], PlanStep[]];
  outChannels: number;
}

/** One op of OP_LIST(C_in, C_out, groups, stride). */
export function opPlan(
  opIndex: number,
  cin: number,
  out: number[],
  groups: number,
  stride: number,
): PlanStep[] {
  const op = frnasOp(opIndex);
  const conv: PlanStep = { layer: 'conv', kernel: op.kernel, in: cin, out, groups, stride };
  const total = out.reduce((a, b) => a + b, 0);
  if (op.order === 'conv') return [conv];
  if (op.order === 'bn-relu-conv') return [{ layer: 'bn', channels: cin }, { layer: 'relu' }, conv];
  return [conv, { layer: 'bn', channels: total }, { layer: 'relu' }];
}

export function dualPathBlockPlan(spec: DualPathBlockSpec, inChannels: number): DualPathPlan {
  const { r, bw, inc, groups, stride, ops } = spec;
  return {
    projection: [
      { layer: 'bn', channels: inChannels },
      { layer: 'relu' },
      { layer: 'conv', kernel: 1, in: inChannels, out: [bw, 2 * inc], groups: 1, stride },
    ],
    edges: [
      opPlan(ops[0], inChannels, [r], 1, 1),
      opPlan(ops[1], r, [r], groups, stride),
      opPlan(ops[2], r, [bw, inc], 1, 1),
    ],
    outChannels: bw + 3 * inc,
  };
}

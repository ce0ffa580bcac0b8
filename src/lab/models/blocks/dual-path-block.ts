import * as tf from '@tensorflow/tfjs';
import type { DualPathBlockSpec } from '../config';
import { dualPathBlockPlan, type PlanStep } from '../families/frnas-plan';
import { activation, apply, batchNorm, convLayer } from './basic';
import { registerBlock, type BuildContext } from './registry';

type T = tf.SymbolicTensor;

/**
 * FR-NAS's dual-path block (`DualPathBlock` with a projection, dooleys/FR-NAS `src/search/dpn107.py`),
 * built from its plan (`families/frnas-plan.ts`):
 *
 *   proj = BN → ReLU → Conv1×1(stride) of x, to bw + 2·inc channels; x_s1 = proj[:bw], x_s2 = proj[bw:]
 *   y    = edge3(edge2(edge1(x)));  out1 = y[:bw], out2 = y[bw:]
 *   out  = concat(resid = x_s1 + out1, dense = concat(x_s2, out2))      (bw + 3·inc channels)
 *
 * tfjs-layers has no channel-slice layer that stock tfjs loads, so a conv whose output FR-NAS
 * slices is built as two convs over the same input (and a BN after it as two BNs): the same
 * function and the same weights, split at the slice.
 */
function runPath(x: T, steps: PlanStep[], epsilon: number, ctx: BuildContext): T[] {
  let paths = [x];
  for (const step of steps) {
    if (step.layer === 'bn') paths = paths.map((p) => batchNorm(p, ctx, epsilon));
    else if (step.layer === 'relu') paths = paths.map((p) => activation(p, 'relu', ctx));
    else {
      const [input] = paths;
      paths = step.out.map((filters) =>
        convLayer(
          input,
          { filters, kernel: step.kernel, stride: step.stride, groups: step.groups, useBias: false },
          ctx,
          'frnas_conv',
        ),
      );
    }
  }
  return paths;
}

registerBlock<DualPathBlockSpec>('dualPathBlock', (x, s, ctx) => {
  const eps = s.epsilon ?? 1e-3;
  const plan = dualPathBlockPlan(s, x.shape[x.shape.length - 1] as number);
  const [xs1, xs2] = runPath(x, plan.projection, eps, ctx);
  const [a] = runPath(x, plan.edges[0], eps, ctx);
  const [b] = runPath(a, plan.edges[1], eps, ctx);
  const [out1, out2] = runPath(b, plan.edges[2], eps, ctx);
  const resid = apply(tf.layers.add({ name: ctx.name('frnas_resid') }), [xs1, out1]);
  return apply(tf.layers.concatenate({ name: ctx.name('frnas_dual'), axis: -1 }), [resid, xs2, out2]);
});

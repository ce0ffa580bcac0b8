import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../models/build';
import { quickCnn } from '../models/families/classic';
import { useCpuBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import { distinctCount } from './clustering';
import { ClusterConstraint, PruningConstraint } from './constraints';
import { constantSparsity, polynomialDecay } from './pruning-schedules';
import { parseSetting } from './settings';
import { compressibleFrom } from '../test-support/compress-fixtures';

/** A fake optimizer step: every weight moves a little. */
function nudge(model: tf.LayersModel): void {
  for (const w of model.trainableWeights)
    tf.tidy(() => {
      w.write(tf.add(w.read(), tf.randomUniform(w.shape as number[], -0.01, 0.01)));
    });
}

const kernels = (model: tf.LayersModel) =>
  model.trainableWeights.filter((w) => w.originalName.endsWith('kernel'));

describe('fine-tuning constraints', () => {
  beforeAll(useCpuBackend);

  it('PruningConstraint re-applies the masks after a step, updates them on schedule, and strips', async () => {
    const model = buildModel({ ...quickCnn(16, 1, 3), seed: 2 });
    const pruned = applySetting(await compressibleFrom(model), parseSetting('prune:0.5'), { seed: 1 });
    const shapes = new Map(pruned.model.weights.map((w) => [w.name, w.shape]));
    const constraint = new PruningConstraint(
      pruned.masks,
      polynomialDecay({ initialSparsity: 0.5, finalSparsity: 0.75, beginStep: 0, endStep: 2, frequency: 1 }),
      'layer',
      shapes,
    );
    const vars = kernels(model);
    constraint.afterStep(vars);
    nudge(model);
    constraint.afterStep(vars);
    for (const v of vars) {
      const mask = pruned.masks.get(v.originalName)!;
      const values = v.read().dataSync();
      mask.forEach((m, i) => m === 0 && expect(values[i]).toBe(0));
    }
    expect(constraint.beforeStep(2, vars)).toBe(true);
    const dense = vars.find((v) => v.originalName === 'dense_1/kernel')!;
    const zeros = Array.from(dense.read().dataSync()).filter((x) => x === 0).length;
    expect(zeros).toBe(256 * 32 * 0.75);
    expect(
      new PruningConstraint(
        pruned.masks,
        constantSparsity({ targetSparsity: 0.5, frequency: 10 }),
      ).beforeStep(3, vars),
    ).toBe(false);
    constraint.strip(vars);
    model.dispose();
  });

  it('ClusterConstraint keeps at most k values per layer through a step, and zeros at zero', async () => {
    const model = buildModel({ ...quickCnn(16, 1, 3), seed: 2 });
    const result = applySetting(await compressibleFrom(model), parseSetting('prune:0.5+cluster:4'), {
      seed: 1,
    });
    const byName = new Map(result.model.weights.map((w) => [w.name, w.values]));
    model.setWeights(model.weights.map((w) => tf.tensor(byName.get(w.originalName)!, w.shape as number[])));
    const constraint = new ClusterConstraint(result.clusters, true);
    nudge(model);
    constraint.afterStep(kernels(model));
    for (const v of kernels(model)) {
      const values = v.read().dataSync();
      expect(distinctCount(values)).toBeLessThanOrEqual(4);
      byName.get(v.originalName)!.forEach((x, i) => x === 0 && expect(values[i]).toBe(0));
    }
    constraint.dispose();
    model.dispose();
  });
});

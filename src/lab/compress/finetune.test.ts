import { beforeAll, describe, expect, it } from 'vitest';
import { silentJob } from '../jobs/job';
import { quickCnn } from '../models/families/classic';
import { MemoryDatasetStore } from '../store/memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { useTrainingBackend } from '../test-support/backend';
import { applySetting } from './apply-setting';
import { fineTune } from './finetune';
import { isPrunable } from './prunable';
import { parseSettings } from './settings';
import { compressibleConfig } from '../test-support/compress-fixtures';

describe('fine-tuning a compressed model', () => {
  beforeAll(useTrainingBackend);

  it('keeps the masks (sparsity exact, TFMOT ConstantSparsity) and the k shared values, and changes the weights', async () => {
    const store = new MemoryDatasetStore();
    const manifest = await makeRandomDataset(store, {
      n: 240,
      size: 8,
      channels: 1,
      attrs: { expression: 3, skin: ['light', 'dark'] },
    });
    const base = await compressibleConfig({ ...quickCnn(8, 1, 3), seed: 4 });
    for (const key of ['prune:0.5', 'cluster:4', 'prune:0.5+cluster:4']) {
      const [setting] = parseSettings(key);
      const pre = applySetting(base, setting, { seed: 1 });
      const tuned = await fineTune(
        pre.model,
        pre.files,
        {
          masks: pre.masks,
          clusters: pre.clusters,
          sparsity: key.startsWith('prune') ? 0.5 : null,
          global: false,
          preserveSparsity: key.startsWith('prune'),
        },
        store,
        manifest,
        {
          epochs: 1,
          schedule: 'constant',
          target: 'expression',
          groupAttribute: 'skin',
          seed: 2,
          learningRate: 1e-2,
        },
        silentJob(),
      );
      for (const w of tuned.weights.filter(isPrunable)) {
        const before = pre.model.weights.find((p) => p.name === w.name)!;
        const values = Array.from(w.values);
        if (key.startsWith('prune')) {
          const zeros = values.filter((v) => v === 0).length;
          expect(zeros / values.length, `${key} ${w.name}`).toBeCloseTo(0.5, 1);
          Array.from(before.values).forEach((v, i) => v === 0 && expect(values[i]).toBe(0));
        }
        if (key.includes('cluster')) expect(new Set(values).size, `${key} ${w.name}`).toBeLessThanOrEqual(4);
        expect(values).not.toEqual(Array.from(before.values));
      }
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { identificationReport } from '../fairness';
import { nearestNeighbourRanks } from '../fairness/ranks';
import { silentJob } from '../jobs/job';
import { buildModel } from '../models/build';
import { quickCnn } from '../models/families/classic';
import { MemoryDatasetStore } from '../store/memory-store';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { useCpuBackend } from '../test-support/backend';
import { embedSplit } from './embed';
import { evaluateIdentification } from './identification-evaluation';

describe('identification evaluation', () => {
  beforeAll(useCpuBackend);

  it('equals the fairness module on the same embeddings; probes without a group are ranked against, not scored', async () => {
    const store = new MemoryDatasetStore();
    const manifest = await makeRandomDataset(store, {
      n: 120,
      size: 16,
      channels: 1,
      attrs: { identity: 12, skin: ['light', 'dark'] },
      targets: ['identity'],
      sensitive: ['skin'],
      missingRate: 0.05,
      seed: 9,
    });
    const model = buildModel({ ...quickCnn(16, 1, 12), embedding: 6, head: { kind: 'arcface' }, seed: 3 });
    const embedded = await embedSplit(
      model,
      store,
      manifest,
      { target: 'identity', split: 'test' },
      silentJob(),
    );
    expect(embedded.dim).toBe(6);
    expect(embedded.embeddings.length).toBe(6 * embedded.identities.length);

    // The embeddings are the model's outputs, in stream order.
    const all = await embedSplit(
      model,
      store,
      manifest,
      { target: 'identity', split: 'test', batchSize: 7 },
      silentJob(),
    );
    expect(Array.from(all.embeddings)).toEqual(Array.from(embedded.embeddings));

    const result = await evaluateIdentification(embedded, 'skin', { bootstrap: 50, seed: 2 });
    const { rankById } = await nearestNeighbourRanks(embedded.embeddings, 6, embedded.identities);
    const codes = embedded.groups.skin;
    const keep = Array.from(codes, (c, i) => (c >= 0 ? i : -1)).filter((i) => i >= 0);
    const expected = identificationReport({
      ranks: keep.map((i) => rankById[i]),
      groups: keep.map((i) => ['light', 'dark'][codes[i]]),
      order: ['light', 'dark'],
      bootstrap: 50,
      seed: 2,
    });
    expect(result.report).toEqual(expected);
    expect(result.error).toBe(expected.error);
    expect(result.rankDisparity).toBe(expected.rank_disparity);
    expect(result.byGroup.dark).toEqual({
      accuracy: expected.by_group.dark.acc,
      mean_rank: expected.by_group.dark.mean_rank,
      count: expected.by_group.dark.count,
    });
    model.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticDataset } from '../data/synthetic/generate';
import { QUICK_PRESET, neutralConfig } from '../data/synthetic/config';
import { silentJob } from '../jobs/job';
import { quickCnn } from '../models/families/classic';
import { MemoryDatasetStore } from '../store/memory-store';
import { readSplitLabels } from '../store/split-labels';
import { streamBatches } from '../store/stream';
import { makeRandomDataset } from '../test-support/store-fixtures';
import { useTrainingBackend } from '../test-support/backend';
import { DEFAULT_TRAIN_CONFIG } from '../train/config';
import { TrainingSession } from '../train/session';
import { prepareMitigation } from './training-mitigation';

async function dataset() {
  const store = new MemoryDatasetStore();
  const manifest = await makeRandomDataset(store, {
    n: 300,
    size: 8,
    channels: 1,
    attrs: { identity: 12, skin: ['light', 'dark'] },
    targets: ['identity'],
    sensitive: ['skin'],
    seed: 3,
  });
  return { store, manifest };
}

const context = { target: 'identity', groupAttribute: 'skin', head: { kind: 'cosface' as const }, seed: 1 };

describe('mitigation methods in training', () => {
  beforeAll(useTrainingBackend);

  it('angular: CosFace with the majority at 0.35 and the minority at the larger default 0.5', async () => {
    const { store, manifest } = await dataset();
    const { head } = await prepareMitigation({ method: 'angular' }, store, manifest, context);
    const train = await readSplitLabels(store, manifest.id, 'train', ['skin']);
    const light = train.labels.skin.filter((g) => g === 0).length;
    const majority = light * 2 >= train.n ? 0 : 1;
    expect(head).toMatchObject({ kind: 'cosface', m: 0.35 });
    expect((head as { groupMargins: number[] }).groupMargins[majority]).toBe(0.35);
    expect((head as { groupMargins: number[] }).groupMargins[1 - majority]).toBe(0.5);
    await expect(
      prepareMitigation({ method: 'angular' }, store, manifest, { ...context, head: { kind: 'arcface' } }),
    ).rejects.toThrow(/CosFace margins/);
  });

  it('reweight: the weighted group × label totals of the training split are equal to independence', async () => {
    const { store, manifest } = await dataset();
    const { weigh } = await prepareMitigation({ method: 'reweight' }, store, manifest, context);
    const train = await readSplitLabels(store, manifest.id, 'train', ['identity', 'skin']);
    const w = weigh!(train.labels.identity, train.labels.skin);
    const total = (pred: (i: number) => boolean) =>
      Array.from(w).reduce((s, v, i) => s + (pred(i) ? v : 0), 0);
    for (const g of [0, 1]) {
      const nG = train.labels.skin.filter((x) => x === g).length;
      for (const y of [0, 5, 11]) {
        const nY = train.labels.identity.filter((x) => x === y).length;
        const weighted = total((i) => train.labels.skin[i] === g && train.labels.identity[i] === y);
        expect(weighted).toBeCloseTo((nG * nY) / train.n, 3);
      }
    }
  });

  it('balanced: the stream reads every group × label cell equally often', async () => {
    const { store, manifest } = await dataset();
    const { order } = await prepareMitigation({ method: 'balanced' }, store, manifest, context);
    const counts = new Map<string, number>();
    for await (const batch of streamBatches(store, {
      datasetId: manifest.id,
      split: 'train',
      batchSize: 32,
      target: 'identity',
      groupBy: ['skin'],
      order: order!(0),
    })) {
      batch.yIndex.forEach((y, i) =>
        counts.set(`${batch.groups.skin[i]}:${y}`, (counts.get(`${batch.groups.skin[i]}:${y}`) ?? 0) + 1),
      );
      batch.x.dispose();
      batch.y.dispose();
    }
    expect(new Set(counts.values()).size).toBe(1);
    expect(order!(1)).not.toEqual(order!(0));
  });

  it('flipped: only majority labels change, each to another identity of the majority group', async () => {
    const store = new MemoryDatasetStore();
    const manifest = await generateSyntheticDataset(
      { ...QUICK_PRESET, imageSize: 16, nIdentities: 30, imagesPerIdentity: 10 },
      store,
      silentJob(),
    );
    const { relabel } = await prepareMitigation(
      { method: 'flipped', fraction: 0.5 },
      store,
      manifest,
      context,
    );
    const train = await readSplitLabels(store, manifest.id, 'train', ['identity', 'skin']);
    const labels = train.labels.identity.slice(0, 64);
    const groups = train.labels.skin.slice(0, 64);
    const flipped = relabel!(labels, groups, 7);
    const majority = train.labels.skin.filter((g) => g === 0).length * 2 >= train.n ? 0 : 1;
    let changed = 0;
    flipped.forEach((y, i) => {
      if (y === labels[i]) return;
      changed++;
      expect(groups[i]).toBe(majority);
    });
    expect(changed).toBe(Math.floor(0.5 * Array.from(groups).filter((g) => g === majority).length));
    const groupOf = new Map<number, number>();
    train.labels.identity.forEach((id, i) => groupOf.set(id, train.labels.skin[i]));
    flipped.forEach((y) => expect(groupOf.get(y)).toBe(groups[flipped.indexOf(y)]));
    expect(relabel!(labels, groups, 7)).toEqual(flipped);
  });

  it('adversarial: with the reversed gradient the discriminator finds the group in the embedding less often', async () => {
    const store = new MemoryDatasetStore();
    const config = {
      ...neutralConfig(QUICK_PRESET),
      imageSize: 16,
      nIdentities: 40,
      imagesPerIdentity: 12,
      seed: 4,
    };
    const manifest = await generateSyntheticDataset(config, store, silentJob());
    const accuracy = async (weight: number) => {
      const session = await TrainingSession.create(
        store,
        manifest,
        { ...quickCnn(16, 1, 40), embedding: 16, head: { kind: 'cosface', s: 16 }, seed: 2 },
        {
          ...DEFAULT_TRAIN_CONFIG,
          target: 'identity',
          task: 'identification',
          groupAttribute: 'skin',
          epochs: 4,
          validate: false,
          optimizer: { name: 'adam', learningRate: 3e-3 },
          mitigation: { method: 'adversarial', weight, warmup: 0 },
        },
      );
      const outcome = await session.train(silentJob());
      session.dispose();
      return outcome.history.epochs!.at(-1)!.discriminatorAccuracy!;
    };
    // Weight 0: the discriminator only watches (no reversal), which is training without mitigation.
    const watching = await accuracy(0);
    const reversed = await accuracy(8);
    expect(watching).toBeGreaterThan(0.75);
    expect(reversed).toBeLessThan(watching - 0.15);
  });
});

describe('threshold post-processing after training', () => {
  beforeAll(useTrainingBackend);

  it('fits on the validation split and draws the test predictions from the rule, seeded; refuses multiclass targets', async () => {
    const store = new MemoryDatasetStore();
    const manifest = await makeRandomDataset(store, {
      n: 400,
      size: 8,
      channels: 1,
      attrs: { label: ['no', 'yes'], skin: ['light', 'dark'], mood: 3 },
      targets: ['label', 'mood'],
      sensitive: ['skin'],
      seed: 6,
    });
    const run = async (
      mitigation?: { method: 'threshold'; constraint: 'demographic_parity' },
      target = 'label',
    ) => {
      const session = await TrainingSession.create(
        store,
        manifest,
        { ...quickCnn(8, 1, target === 'mood' ? 3 : 2), seed: 1 },
        {
          ...DEFAULT_TRAIN_CONFIG,
          target,
          epochs: 1,
          groupAttribute: 'skin',
          ...(mitigation ? { mitigation } : {}),
        },
      );
      await session.train(silentJob());
      try {
        return await session.evaluate('test', silentJob(), { bootstrap: 0 });
      } finally {
        session.dispose();
      }
    };
    const plain = await run();
    const a = await run({ method: 'threshold', constraint: 'demographic_parity' });
    const b = await run({ method: 'threshold', constraint: 'demographic_parity' });
    expect(a).toEqual(b);
    expect(a.kind).toBe('classification');
    expect(a.n).toBe(plain.n);
    await expect(run({ method: 'threshold', constraint: 'demographic_parity' }, 'mood')).rejects.toThrow(
      /needs a binary target; "mood" has 3 classes/,
    );
  });
});

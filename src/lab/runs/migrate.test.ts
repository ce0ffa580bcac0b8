import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IdbRunStore } from './idb-run-store';
import { migrateRunRecord } from './migrate';
import { RUN_SCHEMA_VERSION } from './types';

/** A record as the first release stored it. */
const v1 = {
  id: 'old',
  createdAt: '2026-11-20T10:00:00.000Z',
  datasetId: 'd',
  datasetName: 'Synthetic faces',
  model: { name: 'quick-cnn', input: { size: 24, channels: 1 }, layers: [], numClasses: 4 },
  parameterCount: 10,
  train: {
    target: 'expression',
    epochs: 3,
    batchSize: 32,
    optimizer: { name: 'adam', learningRate: 0.003 },
    seed: 1,
  },
  backend: 'wasm',
  history: { loss: [1, 0.5], epochsCompleted: 3, steps: 2, images: 64, seconds: 1 },
  evaluation: {
    split: 'test',
    target: 'expression',
    groupAttribute: 'skin',
    n: 10,
    accuracy: 0.7,
    byGroup: { light: { accuracy: 0.8, count: 8 }, dark: { accuracy: 0.3, count: 2 } },
    accuracyDifference: 0.5,
    report: { disparities: { accuracy_difference: 0.5, accuracy_ratio: 0.375 } },
  },
};

describe('run record migration', () => {
  it('turns a version-1 record into a complete trial with objectives', () => {
    const r = migrateRunRecord(v1 as never);
    expect(r.schemaVersion).toBe(RUN_SCHEMA_VERSION);
    expect(r.evaluation?.kind).toBe('classification');
    expect(r.objectives.error).toBeCloseTo(0.3, 12);
    expect(r.objectives.accuracy_difference).toBe(0.5);
    expect(r.trial).toMatchObject({
      state: 'complete',
      budget: 3,
      objectiveNames: ['error', 'accuracy_difference'],
    });
    expect(migrateRunRecord(r)).toBe(r);
    expect(() => migrateRunRecord({ ...r, schemaVersion: 9 } as never)).toThrow(/newer Fairness Lab/);
  });

  it('migrates the runs a browser already holds when the store opens', async () => {
    const factory = new IDBFactory();
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open('runs', 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('runs', { keyPath: 'id' });
        request.result.createObjectStore('models');
      };
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise((resolve) => {
      const tx = db.transaction('runs', 'readwrite');
      tx.objectStore('runs').put(v1);
      tx.oncomplete = resolve;
    });
    db.close();
    const store = new IdbRunStore(factory, 'runs');
    const [run] = await store.list();
    expect(run.schemaVersion).toBe(RUN_SCHEMA_VERSION);
    expect(run.trial.state).toBe('complete');
    await store.rename('old', '  first run ');
    expect((await store.get('old'))?.label).toBe('first run');
  });
});

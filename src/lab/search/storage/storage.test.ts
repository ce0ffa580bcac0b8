import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { categorical } from '../distributions';
import { IdbStorage } from './idb';
import { JournalFileStorage, readJournal } from './journal-file';
import { InMemoryStorage } from './memory';
import type { Storage } from './storage';

const dir = mkdtempSync(join(tmpdir(), 'lab-search-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const init = (x: string) => ({ params: { x }, distributions: { x: categorical(['a', 'b', 'c', 'd', 'e']) } });
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

const backends: [string, () => Promise<Storage>][] = [
  ['memory', async () => new InMemoryStorage({ checkpointCap: 250 })],
  [
    'journal file',
    async () => new JournalFileStorage(join(dir, `${Math.random()}.jsonl`), { checkpointCap: 250 }),
  ],
  ['IndexedDB', () => IdbStorage.open({ factory: new IDBFactory(), checkpointCap: 250 })],
];

describe.each(backends)('%s storage', (_name, make) => {
  it('hands a job to one worker only and keeps results, reports and attrs', async () => {
    const s = await make();
    await s.createStudy('s', ['a', 'b'], { seed: 1 });
    expect((await s.createStudy('s', ['a', 'b'], { seed: 2 })).created).toBe(false);
    await s.createTrial('s', init('a'));
    const claims = await Promise.all([s.claim('s', 0, 5, 'w1'), s.claim('s', 0, 5, 'w2')]);
    expect(claims).toEqual([true, false]);
    await s.report('s', 0, 5, 1, [0.5, 0.5]);
    await s.recordResult('s', 0, { budget: 5, state: 'COMPLETE', values: [0.4, 0.3] }, { params: 10 });
    expect(await s.claim('s', 0, 5, 'w2')).toBe(false);
    await s.setSystemAttr('s', 0, 'constraints', [-1]);
    await s.finish('s', 0, 'COMPLETE');
    const t = s.getTrial('s', 0)!;
    expect(t).toMatchObject({
      state: 'COMPLETE',
      userAttrs: { params: 10 },
      systemAttrs: { constraints: [-1] },
    });
    expect(t.results).toEqual([{ budget: 5, state: 'COMPLETE', values: [0.4, 0.3] }]);
    expect(s.getIntermediate('s', 0)).toEqual([{ budget: 5, epoch: 1, values: [0.5, 0.5] }]);
    await expect(s.recordResult('s', 0, { budget: 5, state: 'COMPLETE', values: [1, 1] })).rejects.toThrow(
      /not running/,
    );
    await s.close();
  });

  it('caps checkpoints with LRU eviction of finished trials off the front', async () => {
    const s = await make();
    await s.createStudy('s', ['a', 'b'], {});
    const values = [
      [0.1, 0.9],
      [0.5, 0.5],
      [0.6, 0.6],
      [0.7, 0.7],
    ];
    for (let i = 0; i < 4; i++) {
      await s.createTrial('s', init('abcd'[i]));
      await s.claim('s', i, 1, 'w');
      await s.putCheckpoint('s', i, 1, bytes(100, i));
      await s.recordResult('s', i, { budget: 1, state: 'COMPLETE', values: values[i] });
      await s.finish('s', i, 'COMPLETE');
    }
    // A 250-byte cap: trials 0 and 1 are the front and stay; 2 and 3 are evicted as they finish.
    expect(s.checkpointBytes()).toBe(200);
    expect(await s.getCheckpoint('s', 2)).toBeUndefined();
    expect(await s.getCheckpoint('s', 3)).toBeUndefined();
    expect(await s.getCheckpoint('s', 0)).toEqual(bytes(100, 0));
    // An unfinished trial's checkpoint is kept even over the cap (it may be promoted).
    await s.createTrial('s', init('e'));
    await s.claim('s', 4, 1, 'w');
    await s.putCheckpoint('s', 4, 1, bytes(100, 4));
    await s.recordResult('s', 4, { budget: 1, state: 'COMPLETE', values: [0.9, 0.9] });
    expect(s.checkpointBytes()).toBe(300);
    expect(await s.getCheckpoint('s', 4, 1)).toEqual(bytes(100, 4));
    expect(await s.getCheckpoint('s', 4, 2)).toBeUndefined();
    await s.finish('s', 4, 'PRUNED');
    expect(s.checkpointBytes()).toBe(200);
    await s.close();
  });

  it('deletes a study with its trials and checkpoints; the name then starts afresh', async () => {
    const s = await make();
    await s.createStudy('gone', ['a', 'b'], { seed: 1 });
    await s.createStudy('kept', ['a', 'b'], {});
    for (const study of ['gone', 'kept']) {
      await s.createTrial(study, init('a'));
      await s.claim(study, 0, 1, 'w');
      await s.putCheckpoint(study, 0, 1, bytes(10, 1));
    }
    await s.deleteStudy('gone');
    expect(s.studyNames()).toEqual(['kept']);
    expect(s.checkpointBytes()).toBe(10);
    expect(await s.getCheckpoint('gone', 0)).toBeUndefined();
    expect(await s.getCheckpoint('kept', 0)).toEqual(bytes(10, 1));
    await expect(s.deleteStudy('gone')).rejects.toThrow(/no study/);
    expect((await s.createStudy('gone', ['a', 'b'], { seed: 2 })).created).toBe(true);
    expect(s.getTrials('gone')).toEqual([]);
    if (s instanceof InMemoryStorage)
      expect(new InMemoryStorage({ ops: s.ops }).studyNames()).toEqual(['kept', 'gone']);
    await s.close();
  });
});

describe('journal file', () => {
  it('ignores a torn last line but refuses a corrupt line in the middle', () => {
    const good = '{"op":"create_study","study":"s","objectives":["a"],"config":{},"datetime":"x"}\n';
    expect(readJournal(good + '{"op":"cre')).toMatchObject({ tornLine: true, validLength: good.length });
    expect(readJournal(good + '{"op":"create_study"}')).toMatchObject({ tornLine: true });
    expect(readJournal(good).ops).toHaveLength(1);
    expect(() => readJournal(`{oops}\n${good}`)).toThrow(/line 1 is corrupt/);
  });

  it('keeps checkpoints as files next to the journal and deletes evicted ones', async () => {
    const path = join(dir, 'files.jsonl');
    const s = new JournalFileStorage(path, { checkpointCap: 50 });
    await s.createStudy('s', ['a'], {});
    await s.createTrial('s', init('a'));
    await s.claim('s', 0, 1, 'w');
    await s.putCheckpoint('s', 0, 1, bytes(100, 7));
    expect(readdirSync(`${path}.checkpoints`)).toEqual([`${encodeURIComponent('s#0')}.bin`]);
    expect(await new JournalFileStorage(path).getCheckpoint('s', 0, 1)).toEqual(bytes(100, 7));
    await s.recordResult('s', 0, { budget: 1, state: 'COMPLETE', values: [1] });
    await s.createTrial('s', init('b'));
    await s.claim('s', 1, 1, 'w');
    await s.recordResult('s', 1, { budget: 1, state: 'COMPLETE', values: [0] });
    await s.finish('s', 1, 'COMPLETE');
    await s.finish('s', 0, 'COMPLETE');
    expect(existsSync(join(`${path}.checkpoints`, `${encodeURIComponent('s#0')}.bin`))).toBe(false);
  });
});

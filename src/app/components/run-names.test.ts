import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../lab/runs/types';
import { datasetTag, distinctRunNames } from './run-names';

const run = (id: string, patch: Partial<RunRecord> = {}, params: Record<string, string | number> = {}) =>
  ({
    id,
    createdAt: '2026-01-01T07:38:00Z',
    datasetId: 'a',
    datasetName: 'Synthetic faces: default bias · 400 × 16 px grey · seed 1',
    model: { name: 'quick-cnn' },
    train: { target: 'expression' },
    trial: { params: { family: 'quick-cnn', lr: 0.003, ...params } },
    ...patch,
  }) as unknown as RunRecord;

describe('distinctRunNames', () => {
  it('keeps a name that is already unique, and the user’s label', () => {
    const names = distinctRunNames([run('1'), run('2', { label: 'my baseline' })]);
    expect(names.get('2')).toBe('my baseline');
    expect(names.get('1')).toMatch(/^quick-cnn · expression · \d\d:\d\d$/);
  });

  it('adds the dataset, then the settings that differ, then the order', () => {
    const other = 'Synthetic faces: label noise dark 30% · 400 × 16 px grey · seed 1';
    const names = distinctRunNames([
      run('1'),
      run('2', { datasetId: 'b', datasetName: other }),
      run('3', {}, { lr: 0.01 }),
      run('4'),
    ]);
    expect(names.get('2')).toMatch(/· label noise dark 30% · lr 0.003$/);
    expect(names.get('3')).toMatch(/· default bias · lr 0.01$/);
    expect(names.get('1')).toMatch(/· default bias · lr 0.003 #1$/);
    expect(names.get('4')).toMatch(/· default bias · lr 0.003 #2$/);
    expect(new Set(names.values()).size).toBe(4);
  });

  it('tags a dataset by what differs', () => {
    expect(datasetTag('Synthetic faces: neutral · 2,400 × 24 px grey · seed 1')).toBe('neutral');
    expect(datasetTag('utk-sample')).toBe('utk-sample');
  });
});

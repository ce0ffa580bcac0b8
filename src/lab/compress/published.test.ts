import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePublished } from './published';

const SUMMARY = new URL(
  '../../../../shared/reference/fer-compression/stoychev_fer_compression_summary.csv',
  import.meta.url,
);

describe('published compression results', () => {
  it('reads the summary format and maps the methods onto the lab’s', () => {
    const text = [
      'dataset,method,param,n_runs,size_bytes_mean,acc_mean,f_acc_mean,m_acc_mean,m_minus_f,asian_acc',
      'CK+,model,,1,16512044,0.68,0.67,0.69,0.02,',
      'CK+,pruned_model,50,3,10104535,0.64,0.60,0.71,0.11,',
      'RAF-DB,clustered_and_quantised_model,8,3,2291554,0.80,0.80,0.79,-0.01,0.81',
    ].join('\n');
    const r = parsePublished(text, 'paper.csv');
    expect(r.datasets).toEqual(['CK+', 'RAF-DB']);
    expect(r.rows.map((x) => [x.method, x.param])).toEqual([
      ['baseline', null],
      ['prune', 0.5],
      ['cluster+int8', 8],
    ]);
    expect(r.rows[2].byGroup).toEqual({ female: 0.8, male: 0.79, asian: 0.81 });
    expect(r.groups).toEqual(['female', 'male', 'asian']);
  });

  it('names the missing columns and the bad cell in one line', () => {
    expect(() => parsePublished('dataset,method\nCK+,model', 'x.csv')).toThrow(
      'x.csv: a published-results CSV needs the columns dataset, method, param, size_bytes_mean, acc_mean (missing: param, size_bytes_mean, acc_mean)',
    );
    expect(() =>
      parsePublished('dataset,method,param,size_bytes_mean,acc_mean\nCK+,model,,big,0.5', 'x.csv'),
    ).toThrow('x.csv: row 2 has no number in size_bytes_mean ("big")');
  });

  it.skipIf(!existsSync(SUMMARY))('reads Stoychev & Gunes’s own summary from ../shared', () => {
    const r = parsePublished(readFileSync(SUMMARY, 'utf8'), 'stoychev_fer_compression_summary.csv');
    expect(r.datasets.sort()).toEqual(['CK+', 'RAF-DB']);
    const base = r.rows.find((x) => x.dataset === 'CK+' && x.method === 'baseline')!;
    expect(base.sizeBytes).toBe(16512044);
    expect(base.byGroup.female).toBeCloseTo(0.670833, 6);
    const int8 = r.rows.find((x) => x.dataset === 'CK+' && x.method === 'int8')!;
    // The paper's int8 model is about 4× smaller than its baseline, as the lab's is.
    expect(base.sizeBytes / int8.sizeBytes).toBeGreaterThan(3.9);
    expect(r.rows.filter((x) => x.method === 'prune').every((x) => x.param! > 0 && x.param! < 1)).toBe(true);
    expect(r.groups).toContain('caucasian');
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { balancedSampling } from './balanced-sampling';

// 12 rows: cell (0, 0) has 6, (0, 1) 3, (1, 0) 2, (1, 1) 1.
const groups = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1];

function cellCounts(order: Int32Array) {
  const counts = new Map<string, number>();
  for (const i of order)
    counts.set(`${groups[i]}:${labels[i]}`, (counts.get(`${groups[i]}:${labels[i]}`) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
}

describe('balancedSampling', () => {
  it('draws every group × label cell equally often', () => {
    const s = balancedSampling({ labels, groups, rng: createRng(1) });
    expect(s.perCell).toBe(3);
    expect(s.order).toHaveLength(12);
    expect(cellCounts(s.order)).toEqual({ '0:0': 3, '0:1': 3, '1:0': 3, '1:1': 3 });
  });

  it('repeats a small cell evenly (with replacement) and never repeats a large one', () => {
    const s = balancedSampling({ labels, groups, rng: createRng(2), epochSize: 40 });
    expect(s.perCell).toBe(10);
    const times = (i: number) => s.order.filter((j) => j === i).length;
    expect(times(11)).toBe(10); // the only (1, 1) row
    expect([times(9), times(10)]).toEqual([5, 5]);
    for (const i of [6, 7, 8]) expect([3, 4]).toContain(times(i));
    for (let i = 0; i < 6; i++) expect([1, 2]).toContain(times(i));
    const small = balancedSampling({ labels, groups, rng: createRng(2), epochSize: 8 });
    for (let i = 0; i < 12; i++) expect(small.order.filter((j) => j === i).length).toBeLessThanOrEqual(2);
    expect(cellCounts(small.order)).toEqual({ '0:0': 2, '0:1': 2, '1:0': 2, '1:1': 2 });
  });

  it('is seeded', () => {
    const a = balancedSampling({ labels, groups, rng: createRng(7) }).order;
    const b = balancedSampling({ labels, groups, rng: createRng(7) }).order;
    const c = balancedSampling({ labels, groups, rng: createRng(8) }).order;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

import { describe, expect, it } from 'vitest';
import { SPLIT_CODE } from '../types';
import { EXCLUDED, identityDisjointSplit } from './identity-disjoint';

/** `nIds` identities with `perId` images each; identity i is in group i % 2 unless `groupOf`. */
function people(nIds: number, perId: (i: number) => number, groupOf = (i: number) => (i % 2 ? 'f' : 'm')) {
  const ids: string[] = [];
  const groups: string[] = [];
  for (let i = 0; i < nIds; i++) {
    for (let k = 0; k < perId(i); k++) {
      ids.push(`id${i}`);
      groups.push(groupOf(i));
    }
  }
  return { ids, groups };
}

function splitsPerIdentity(ids: string[], codes: Uint8Array) {
  const seen = new Map<string, Set<number>>();
  ids.forEach((id, i) => (seen.get(id) ?? seen.set(id, new Set()).get(id)!).add(codes[i]));
  return seen;
}

describe('identityDisjointSplit', () => {
  it('never puts an identity in two splits and follows the fractions per group', () => {
    const { ids, groups } = people(40, (i) => 3 + (i % 5));
    const result = identityDisjointSplit(ids, 7, { groups });
    for (const set of splitsPerIdentity(ids, result.codes).values()) expect(set.size).toBe(1);
    expect(result.identities).toEqual({ train: 28, val: 4, test: 8 });
    // Stratified by group: each group gets 4 test identities.
    const testByGroup = { m: new Set<string>(), f: new Set<string>() };
    ids.forEach(
      (id, i) => result.codes[i] === SPLIT_CODE.test && testByGroup[groups[i] as 'm' | 'f'].add(id),
    );
    expect([testByGroup.m.size, testByGroup.f.size]).toEqual([4, 4]);
  });

  it('drops identities with fewer than 3 images', () => {
    const { ids } = people(10, (i) => (i < 3 ? 2 : 4));
    const result = identityDisjointSplit(ids, 1);
    expect(result.excluded.map((e) => e.identity)).toEqual(['id0', 'id1', 'id2']);
    ids.forEach((id, i) => expect(result.codes[i] === EXCLUDED).toBe(['id0', 'id1', 'id2'].includes(id)));
  });

  it('balances identities across groups on request', () => {
    const { ids, groups } = people(
      30,
      () => 3,
      (i) => (i < 20 ? 'm' : 'f'),
    );
    const result = identityDisjointSplit(ids, 3, { groups, balanceGroups: true });
    const kept = { m: new Set<string>(), f: new Set<string>() };
    ids.forEach((id, i) => result.codes[i] !== EXCLUDED && kept[groups[i] as 'm' | 'f'].add(id));
    expect([kept.m.size, kept.f.size]).toEqual([10, 10]);
    expect(result.excluded).toHaveLength(10);
    expect(result.excluded[0].reason).toMatch(/balance/);
  });

  it('is deterministic for a seed and independent of input order', () => {
    const { ids } = people(25, () => 4);
    const a = identityDisjointSplit(ids, 11);
    expect([...identityDisjointSplit(ids, 11).codes]).toEqual([...a.codes]);
    const reversed = [...ids].reverse();
    const b = identityDisjointSplit(reversed, 11);
    const byId = (list: string[], codes: Uint8Array) =>
      Object.fromEntries(list.map((id, i) => [id, codes[i]]));
    expect(byId(reversed, b.codes)).toEqual(byId(ids, a.codes));
    expect([...identityDisjointSplit(ids, 12).codes]).not.toEqual([...a.codes]);
  });
});

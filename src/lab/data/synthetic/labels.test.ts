import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNTHETIC_CONFIG, EXPRESSIONS, neutralConfig, type SyntheticConfig } from './config';
import { planSyntheticDataset } from './images';
import { expressionDistribution } from './labels';

/** Labels only (no rendering), so a large dataset is cheap. */
const big: SyntheticConfig = { ...DEFAULT_SYNTHETIC_CONFIG, nIdentities: 1000, imagesPerIdentity: 20 };

function share(mask: (i: number) => boolean, of: (i: number) => boolean, n: number): number {
  let hits = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!of(i)) continue;
    total++;
    if (mask(i)) hits++;
  }
  return hits / total;
}

describe('synthetic labels', () => {
  it('realises the group and age proportions', () => {
    const plan = planSyntheticDataset(big);
    const { skin, age } = plan.labels;
    const all = () => true;
    expect(share((i) => skin[i] === 0, all, plan.nImages)).toBeCloseTo(0.8, 3);
    expect(share((i) => age[i] === 1, all, plan.nImages)).toBeCloseTo(0.3, 3);
    const groupOf = new Map<number, number>();
    for (let i = 0; i < plan.nImages; i++) {
      const id = plan.labels.identity[i];
      expect(groupOf.get(id) ?? skin[i]).toBe(skin[i]);
      groupOf.set(id, skin[i]);
    }
    expect(groupOf.size).toBe(big.nIdentities);
  });

  it('flips the labelNoise share of each group to another class', () => {
    const plan = planSyntheticDataset(big);
    const { skin, expression, expressionClean } = plan.labels;
    const flipped = (i: number) => expression[i] !== expressionClean[i];
    expect(share(flipped, (i) => skin[i] === 0, plan.nImages)).toBe(0);
    expect(share(flipped, (i) => skin[i] === 1, plan.nImages)).toBeCloseTo(0.15, 1);
    // Flips go to every other class, not to one.
    const targets = new Set<number>();
    for (let i = 0; i < plan.nImages; i++) if (flipped(i)) targets.add(expression[i] - expressionClean[i]);
    expect(targets.size).toBeGreaterThanOrEqual(3);
  });

  it('skews the first group to the favoured expression by the correlation strength', () => {
    const plan = planSyntheticDataset(big);
    const { skin, expressionClean } = plan.labels;
    const happy = EXPRESSIONS.indexOf('happy');
    const isHappy = (i: number) => expressionClean[i] === happy;
    const inA = share(isHappy, (i) => skin[i] === 0, plan.nImages);
    const inB = share(isHappy, (i) => skin[i] === 1, plan.nImages);
    expect(inA).toBeCloseTo(0.25 * 0.5 + 0.5, 1);
    expect(inB).toBeCloseTo(0.25, 1);
    expect(expressionDistribution(big, 0).reduce((a, b) => a + b)).toBeCloseTo(1);
  });

  it('has no bias with neutral knobs', () => {
    const plan = planSyntheticDataset(neutralConfig(big));
    const { skin, expression, expressionClean } = plan.labels;
    const all = () => true;
    expect(share((i) => skin[i] === 0, all, plan.nImages)).toBe(0.5);
    expect(share((i) => expression[i] !== expressionClean[i], all, plan.nImages)).toBe(0);
    for (let e = 0; e < EXPRESSIONS.length; e++) {
      for (const g of [0, 1]) {
        expect(
          share(
            (i) => expressionClean[i] === e,
            (i) => skin[i] === g,
            plan.nImages,
          ),
        ).toBeCloseTo(0.25, 1);
      }
    }
  });

  it('splits train/val/test stratified by skin × expression', () => {
    const plan = planSyntheticDataset(big);
    const { skin, expression } = plan.labels;
    for (const g of [0, 1]) {
      for (let e = 0; e < EXPRESSIONS.length; e++) {
        const inStratum = (i: number) => skin[i] === g && expression[i] === e;
        expect(share((i) => plan.split[i] === 2, inStratum, plan.nImages)).toBeCloseTo(0.2, 2);
      }
    }
  });
});

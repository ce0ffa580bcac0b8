/**
 * Per-image labels: which identity, the rendered (clean) expression, and the recorded
 * expression label after per-group label noise. Image i shows identity i mod nIdentities.
 */
import { createRng, deriveSeed } from '../../util/rng';
import { EXPRESSIONS, syntheticImageCount, type SyntheticConfig } from './config';
import type { Identity } from './identities';

export interface SyntheticLabels {
  identity: Int32Array;
  skin: Int32Array;
  age: Int32Array;
  /** The label a model is trained on: the clean expression, flipped for a group's labelNoise share. */
  expression: Int32Array;
  /** The expression actually drawn in the image. */
  expressionClean: Int32Array;
}

/**
 * Expression probabilities for a skin group: uniform, except that the first group shows
 * the favoured expression with extra probability `correlation`.
 */
export function expressionDistribution(config: SyntheticConfig, skinGroup: number): number[] {
  const k = EXPRESSIONS.length;
  const strength = skinGroup === 0 ? config.correlation : 0;
  const favoured = EXPRESSIONS.indexOf(config.favouredExpression);
  return EXPRESSIONS.map((_, e) => (1 - strength) / k + (e === favoured ? strength : 0));
}

export function sampleLabels(config: SyntheticConfig, identities: Identity[]): SyntheticLabels {
  const n = syntheticImageCount(config);
  const labels: SyntheticLabels = {
    identity: new Int32Array(n),
    skin: new Int32Array(n),
    age: new Int32Array(n),
    expression: new Int32Array(n),
    expressionClean: new Int32Array(n),
  };
  const distributions = config.skin.map((_, g) => expressionDistribution(config, g));
  const rng = createRng(deriveSeed(config.seed, 'labels'));
  const k = EXPRESSIONS.length;
  for (let i = 0; i < n; i++) {
    const person = identities[i % identities.length];
    const clean = rng.pick(distributions[person.skin]);
    const flipped = rng.next() < config.skin[person.skin].labelNoise;
    labels.identity[i] = person.index;
    labels.skin[i] = person.skin;
    labels.age[i] = person.age;
    labels.expressionClean[i] = clean;
    labels.expression[i] = flipped ? (clean + 1 + rng.int(k - 1)) % k : clean;
  }
  return labels;
}

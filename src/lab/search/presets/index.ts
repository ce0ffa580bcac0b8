/** The lab's search spaces by name, and the baselines that belong to each. */
import type { SearchSpace } from '../space';
import { convFamilySpace, DEFAULT_CONV_BASELINE } from './conv-family';
import { expressionCnnSpace, EXPRESSION_CNN_BASELINE } from './expression-cnn';
import { FRNAS_BASELINES, frnasSpace, type BaselineConfig } from './frnas';

export type { BaselineConfig } from './frnas';
export { convFamilySpace, expressionCnnSpace, frnasSpace };

export const SEARCH_SPACES: Readonly<Record<string, SearchSpace>> = {
  frnas: frnasSpace,
  'expression-cnn': expressionCnnSpace,
  conv: convFamilySpace,
};

export const BASELINES: readonly BaselineConfig[] = [
  ...FRNAS_BASELINES,
  EXPRESSION_CNN_BASELINE,
  DEFAULT_CONV_BASELINE,
];

export function searchSpace(name: string): SearchSpace {
  const space = SEARCH_SPACES[name];
  if (!space)
    throw new Error(`unknown search space "${name}" (known: ${Object.keys(SEARCH_SPACES).join(', ')})`);
  return space;
}

export function baselinesFor(space: string): BaselineConfig[] {
  return BASELINES.filter((b) => b.space === space);
}

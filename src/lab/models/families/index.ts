/**
 * Every architecture family by name, from its settings to a JSON ModelConfig (no tfjs: the UI and
 * the search import it). `layers` of the result is what is built; `family` records the settings.
 */
import type { ModelConfig } from '../config';
import { quickCnn, referenceCnn } from './classic';
import { convFamily, DEFAULT_CONV_FAMILY, type ConvFamilyParams } from './conv-family';
import { DEFAULT_EXPRESSION_CNN, expressionCnn, type ExpressionCnnParams } from './expression-cnn';
import { DEFAULT_FRNAS_DPN, frnasDpn, type FrnasDpnParams } from './frnas-dpn';

export type ArchitectureSpec =
  | { family: 'quick-cnn' }
  | { family: 'reference-cnn' }
  | { family: 'frnas-dpn'; params?: Partial<FrnasDpnParams> }
  | { family: 'expression-cnn'; params?: Partial<ExpressionCnnParams> }
  | { family: 'conv'; params?: Partial<ConvFamilyParams> };

export type FamilyName = ArchitectureSpec['family'];

export const FAMILIES: readonly { name: FamilyName; label: string }[] = [
  { name: 'quick-cnn', label: 'Quick CNN (2 convs, seconds on any backend)' },
  { name: 'reference-cnn', label: 'Reference CNN (the speed benchmark’s)' },
  { name: 'frnas-dpn', label: 'FR-NAS DPN (searched cell: 3 edges × 9 ops)' },
  { name: 'expression-cnn', label: 'Expression CNN (Stoychev & Gunes 2022)' },
  { name: 'conv', label: 'Conv family (depth, width, norm, activation, residual)' },
];

export function isFamilyName(name: string): name is FamilyName {
  return FAMILIES.some((f) => f.name === name);
}

export { DEFAULT_CONV_FAMILY, DEFAULT_EXPRESSION_CNN, DEFAULT_FRNAS_DPN };
export type { ConvFamilyParams, ExpressionCnnParams, FrnasDpnParams };

/** The family's settings with defaults filled in. */
export function familyParams(arch: ArchitectureSpec): Record<string, string | number | boolean> {
  switch (arch.family) {
    case 'frnas-dpn':
      return { ...DEFAULT_FRNAS_DPN, ...arch.params };
    case 'expression-cnn':
      return { ...DEFAULT_EXPRESSION_CNN, ...arch.params };
    case 'conv':
      return { ...DEFAULT_CONV_FAMILY, ...arch.params };
    default:
      return {};
  }
}

export function architectureConfig(
  arch: ArchitectureSpec,
  input: ModelConfig['input'],
  numClasses: number,
): ModelConfig {
  switch (arch.family) {
    case 'quick-cnn':
      return quickCnn(input.size, input.channels, numClasses);
    case 'reference-cnn':
      return referenceCnn(input.size, input.channels, numClasses);
    case 'frnas-dpn':
      return frnasDpn({ ...DEFAULT_FRNAS_DPN, ...arch.params }, input, numClasses);
    case 'expression-cnn':
      return expressionCnn({ ...DEFAULT_EXPRESSION_CNN, ...arch.params }, input, numClasses);
    case 'conv':
      return convFamily({ ...DEFAULT_CONV_FAMILY, ...arch.params }, input, numClasses);
    default: {
      const unknown = (arch as { family: string }).family;
      throw new Error(
        `Unknown architecture family "${unknown}" (known: ${FAMILIES.map((f) => f.name).join(', ')})`,
      );
    }
  }
}

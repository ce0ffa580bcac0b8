/**
 * Optuna's define-by-run `Trial`: a search space is code that calls `suggestCategorical`,
 * `suggestFloat` and `suggestInt`, so a parameter exists only where the code asks for it
 * (FR-NAS's `lr_adam` only for Adam and AdamW). Where each value comes from (a sampler, a
 * fixed configuration, a neighbour in a local search) is the `ValueSource` given.
 */
import {
  categorical,
  checkCompatible,
  contains,
  describe,
  float,
  int,
  sameDistribution,
  type CategoricalChoice,
  type Distribution,
  type ParamValue,
} from './distributions';

export interface SuggestOptions {
  log?: boolean;
  step?: number;
}

/** What a search space may ask of a trial (the suggest API of Optuna's `Trial`). */
export interface SuggestApi {
  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T;
  suggestFloat(name: string, low: number, high: number, options?: SuggestOptions): number;
  suggestInt(name: string, low: number, high: number, options?: SuggestOptions): number;
}

/** Picks the value of one parameter the first time the space asks for it. */
export type ValueSource = (name: string, distribution: Distribution) => ParamValue;

export class Trial implements SuggestApi {
  readonly params: Record<string, ParamValue> = {};
  readonly distributions: Record<string, Distribution> = {};

  /** `known`: distributions the study has seen for each name (Optuna checks compatibility). */
  constructor(
    private readonly source: ValueSource,
    private readonly known: Readonly<Record<string, Distribution>> = {},
  ) {}

  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categorical(choices)) as T;
  }

  suggestFloat(name: string, low: number, high: number, options: SuggestOptions = {}): number {
    return this.suggest(name, float(low, high, options.log ?? false, options.step ?? null)) as number;
  }

  suggestInt(name: string, low: number, high: number, options: SuggestOptions = {}): number {
    return this.suggest(name, int(low, high, options.log ?? false, options.step ?? 1)) as number;
  }

  private suggest(name: string, distribution: Distribution): ParamValue {
    const previous = this.distributions[name];
    if (previous) {
      if (!sameDistribution(previous, distribution))
        throw new Error(`"${name}" suggested twice with ${describe(previous)} and ${describe(distribution)}`);
      return this.params[name];
    }
    if (this.known[name]) checkCompatible(name, this.known[name], distribution);
    const value = this.source(name, distribution);
    if (!contains(distribution, value))
      throw new Error(`value ${JSON.stringify(value)} for "${name}" is outside ${describe(distribution)}`);
    this.params[name] = value;
    this.distributions[name] = distribution;
    return value;
  }
}

/**
 * A search space is a define-by-run function over the suggest API (Optuna's objective without
 * the training): the lab runs it to make a configuration, and the lead's runner maps the
 * configuration to a model. `realise` runs it once with a given value source.
 */
import type { Distribution, ParamValue } from './distributions';
import { Trial, type SuggestApi, type ValueSource } from './trial';

export interface SearchSpace {
  /** A stable name, stored with the study (a reopened study must use the same space). */
  readonly name: string;
  readonly description: string;
  define(trial: SuggestApi): void;
}

export interface Configuration {
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
}

export function realise(
  space: SearchSpace,
  source: ValueSource,
  known: Readonly<Record<string, Distribution>> = {},
): Configuration {
  const trial = new Trial(source, known);
  space.define(trial);
  return { params: trial.params, distributions: trial.distributions };
}

/** A value source that takes the given parameters where they fit and asks `fallback` otherwise. */
export function fixedSource(
  params: Readonly<Record<string, ParamValue>>,
  fallback: ValueSource,
  accepts: (name: string, d: Distribution, v: ParamValue) => boolean,
): ValueSource {
  return (name, d) => (name in params && accepts(name, d, params[name]) ? params[name] : fallback(name, d));
}

/** A key that is equal for equal configurations (parameter order does not matter). */
export function configKey(params: Readonly<Record<string, ParamValue>>): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}

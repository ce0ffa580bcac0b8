/**
 * Parameter distributions, as Optuna names them (`optuna/distributions.py`, 3.1):
 * CategoricalDistribution(choices), FloatDistribution(low, high, log, step) and
 * IntDistribution(low, high, log, step). Values have an external form (the choice, the number)
 * and Optuna's internal form (the choice's index, the number itself).
 */

export type CategoricalChoice = string | number | boolean | null;
export type ParamValue = CategoricalChoice;

export interface CategoricalDistribution {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

export interface FloatDistribution {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

export interface IntDistribution {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

export type Distribution = CategoricalDistribution | FloatDistribution | IntDistribution;

export function categorical(choices: readonly CategoricalChoice[]): CategoricalDistribution {
  if (choices.length === 0) throw new Error('a categorical distribution needs at least one choice');
  return { type: 'categorical', choices: [...choices] };
}

/** Optuna's FloatDistribution; with a step, `high` is lowered onto the grid as Optuna does. */
export function float(low: number, high: number, log = false, step: number | null = null): FloatDistribution {
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`float bounds must be finite`);
  if (log && step !== null) throw new Error('a float distribution cannot have both log and step');
  if (low > high) throw new Error(`float low ${low} is above high ${high}`);
  if (log && low <= 0) throw new Error(`a log float distribution needs low > 0 (got ${low})`);
  if (step !== null && !(step > 0)) throw new Error(`float step must be > 0 (got ${step})`);
  const top = step === null ? high : low + Math.floor((high - low) / step + 1e-9) * step;
  return { type: 'float', low, high: top, log, step };
}

/** Optuna's IntDistribution; with a step, `high` is lowered onto the grid as Optuna does. */
export function int(low: number, high: number, log = false, step = 1): IntDistribution {
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new Error('int bounds must be integers');
  if (low > high) throw new Error(`int low ${low} is above high ${high}`);
  if (!Number.isInteger(step) || step < 1) throw new Error(`int step must be an integer ≥ 1 (got ${step})`);
  if (log && step !== 1) throw new Error('a log int distribution needs step 1');
  if (log && low < 1) throw new Error(`a log int distribution needs low ≥ 1 (got ${low})`);
  return { type: 'int', low, high: low + Math.floor((high - low) / step) * step, log, step };
}

/** Optuna's `_categorical_choice_equal`: same value and same type (so 1 and true differ). */
export function choiceEqual(a: CategoricalChoice, b: CategoricalChoice): boolean {
  return typeof a === typeof b && (a === b || (Number.isNaN(a) && Number.isNaN(b)));
}

export function contains(d: Distribution, value: ParamValue): boolean {
  if (d.type === 'categorical') return d.choices.some((c) => choiceEqual(c, value));
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value < d.low || value > d.high) return false;
  if (d.type === 'int') return Number.isInteger(value) && (value - d.low) % d.step === 0;
  if (d.step === null) return true;
  const k = (value - d.low) / d.step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}

/** True when the range holds one value (Optuna's `single()`). */
export function isSingle(d: Distribution): boolean {
  if (d.type === 'categorical') return d.choices.length === 1;
  if (d.low === d.high) return true;
  return !d.log && d.step !== null && d.high - d.low < d.step;
}

/** Optuna's internal representation: the index of a choice, or the number itself. */
export function toInternal(d: Distribution, value: ParamValue): number {
  if (d.type !== 'categorical') return value as number;
  const index = d.choices.findIndex((c) => choiceEqual(c, value));
  if (index < 0) throw new Error(`${JSON.stringify(value)} is not one of ${JSON.stringify(d.choices)}`);
  return index;
}

export function toExternal(d: Distribution, internal: number): ParamValue {
  if (d.type === 'categorical') {
    const choice = d.choices[Math.trunc(internal)];
    if (choice === undefined) throw new Error(`choice index ${internal} is outside ${d.choices.length}`);
    return choice;
  }
  return d.type === 'int' ? Math.trunc(internal) : internal;
}

export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'categorical') {
    const c = (b as CategoricalDistribution).choices;
    return a.choices.length === c.length && a.choices.every((x, i) => choiceEqual(x, c[i]));
  }
  const o = b as FloatDistribution | IntDistribution;
  return a.low === o.low && a.high === o.high && a.log === o.log && a.step === o.step;
}

/**
 * Optuna's `check_distribution_compatibility`: one parameter name keeps one kind of
 * distribution across a study, and a categorical one keeps its choices (ranges may change).
 */
export function checkCompatible(name: string, previous: Distribution, next: Distribution): void {
  if (previous.type !== next.type)
    throw new Error(`parameter "${name}" was ${describe(previous)} and is now ${describe(next)}`);
  if (previous.type === 'categorical' && !sameDistribution(previous, next))
    throw new Error(`parameter "${name}" changed its choices: ${describe(previous)} → ${describe(next)}`);
  if (previous.type !== 'categorical' && previous.log !== (next as FloatDistribution).log)
    throw new Error(`parameter "${name}" changed its log scale: ${describe(previous)} → ${describe(next)}`);
}

export function describe(d: Distribution): string {
  if (d.type === 'categorical') return `CategoricalDistribution(${JSON.stringify(d.choices)})`;
  const name = d.type === 'float' ? 'FloatDistribution' : 'IntDistribution';
  return `${name}(low=${d.low}, high=${d.high}, log=${d.log}, step=${d.step})`;
}

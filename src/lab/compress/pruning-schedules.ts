/**
 * TFMOT's pruning schedules as pure functions of the training step
 * (tensorflow_model_optimization/python/core/sparsity/keras/pruning_schedule.py): each says at
 * a step whether to prune, and to which sparsity. Validation follows TFMOT's messages.
 */

export interface ScheduleValue {
  shouldPrune: boolean;
  sparsity: number;
}

export interface PruningSchedule {
  readonly kind: 'ConstantSparsity' | 'PolynomialDecay';
  at(step: number): ScheduleValue;
  /** The sparsity the schedule ends at. */
  readonly finalSparsity: number;
}

function validateSparsity(value: number, name: string): void {
  if (!(value >= 0 && value < 1)) throw new Error(`${name} must be in [0, 1) (got ${value})`);
}

function validateSteps(begin: number, end: number, frequency: number, allowForever: boolean): void {
  if (!(begin >= 0)) throw new Error('begin_step should be >= 0');
  if (!allowForever && end === -1) throw new Error('end_step cannot be -1');
  if (end !== -1) {
    if (end < 0) throw new Error('end_step can be -1 or >= 0');
    if (end < begin) throw new Error('begin_step should be <= end_step if end_step != -1');
  }
  if (!(frequency > 0)) throw new Error('frequency should be > 0');
}

/** TFMOT's `_should_prune_in_step`: inside [begin, end] (end −1 = forever), every `frequency` steps. */
export function shouldPruneInStep(step: number, begin: number, end: number, frequency: number): boolean {
  const inRange = step >= begin && (step <= end || end < 0);
  const diff = step - begin;
  const turn = ((diff % frequency) + frequency) % frequency === 0;
  return inRange && turn;
}

export function constantSparsity(options: {
  targetSparsity: number;
  beginStep?: number;
  endStep?: number;
  frequency?: number;
}): PruningSchedule {
  const { targetSparsity, beginStep = 0, endStep = -1, frequency = 100 } = options;
  validateSteps(beginStep, endStep, frequency, true);
  validateSparsity(targetSparsity, 'target_sparsity');
  return {
    kind: 'ConstantSparsity',
    finalSparsity: targetSparsity,
    at: (step) => ({
      shouldPrune: shouldPruneInStep(step, beginStep, endStep, frequency),
      sparsity: targetSparsity,
    }),
  };
}

/**
 * sparsity = final + (initial − final)·(1 − p)^power, p = clamp((step − begin)/(end − begin), 0, 1)
 * (Zhu & Gupta 2017, as TFMOT implements it; power 3 by default).
 */
export function polynomialDecay(options: {
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  endStep: number;
  power?: number;
  frequency?: number;
}): PruningSchedule {
  const { initialSparsity, finalSparsity, beginStep, endStep, power = 3, frequency = 100 } = options;
  validateSteps(beginStep, endStep, frequency, false);
  validateSparsity(initialSparsity, 'initial_sparsity');
  validateSparsity(finalSparsity, 'final_sparsity');
  return {
    kind: 'PolynomialDecay',
    finalSparsity,
    at: (step) => {
      // end == begin: TFMOT divides by zero and clamps ±inf to [0, 1]; at or past begin p = 1.
      const raw =
        endStep === beginStep ? (step >= beginStep ? 1 : 0) : (step - beginStep) / (endStep - beginStep);
      const p = Math.min(1, Math.max(0, raw));
      return {
        shouldPrune: shouldPruneInStep(step, beginStep, endStep, frequency),
        sparsity: (initialSparsity - finalSparsity) * (1 - p) ** power + finalSparsity,
      };
    },
  };
}

/**
 * Learning-rate schedules (plain JSON, no tfjs), evaluated per step over the FINAL budget: a run
 * trained to k epochs of a 2k-epoch schedule follows exactly the first k epochs of it, so a
 * checkpoint at k continues to 2k as if trained in one go (successive halving promotes this way).
 */
export type ScheduleSpec =
  | { kind: 'constant' }
  /** × gamma every `everyEpochs` epochs (PyTorch's StepLR). */
  | { kind: 'step'; everyEpochs: number; gamma: number }
  /** Linear warm-up from lr/W to lr over `warmupEpochs`, then cosine to lr·minFactor at the end. */
  | { kind: 'cosine'; warmupEpochs: number; minFactor?: number };

export const SCHEDULE_KINDS = ['constant', 'step', 'cosine'] as const;

export const DEFAULT_SCHEDULES: Record<ScheduleSpec['kind'], ScheduleSpec> = {
  constant: { kind: 'constant' },
  step: { kind: 'step', everyEpochs: 2, gamma: 0.5 },
  cosine: { kind: 'cosine', warmupEpochs: 1, minFactor: 0 },
};

/** The learning rate of 0-based step `step`, for `totalEpochs` of `stepsPerEpoch` steps. */
export function learningRateAt(
  spec: ScheduleSpec,
  base: number,
  step: number,
  stepsPerEpoch: number,
  totalEpochs: number,
): number {
  switch (spec.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * spec.gamma ** Math.floor(step / stepsPerEpoch / spec.everyEpochs);
    case 'cosine': {
      const warmup = Math.round(spec.warmupEpochs * stepsPerEpoch);
      if (step < warmup) return (base * (step + 1)) / warmup;
      const total = totalEpochs * stepsPerEpoch;
      const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
      const floor = base * (spec.minFactor ?? 0);
      return floor + ((base - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}

export function validateSchedule(spec: ScheduleSpec): void {
  if (spec.kind === 'step' && !(spec.everyEpochs >= 1 && spec.gamma > 0 && spec.gamma <= 1))
    throw new Error(`step schedule needs everyEpochs ≥ 1 and 0 < gamma ≤ 1`);
  if (spec.kind === 'cosine' && !(spec.warmupEpochs >= 0))
    throw new Error(`cosine schedule needs warmupEpochs ≥ 0 (got ${spec.warmupEpochs})`);
}

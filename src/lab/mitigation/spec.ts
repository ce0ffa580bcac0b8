/**
 * The bias-mitigation methods a training run can use, as plain JSON (no tfjs: the UI and the CLI
 * import it). FR-NAS's three comparison methods, AIF360's reweighing, balanced sampling, and
 * Fairlearn-style threshold post-processing.
 */
import { CONSTRAINTS, isConstraint, type Constraint, type Objective } from './threshold-optimizer';

export type MitigationSpec =
  | { method: 'none' }
  /** FR-NAS's "flipped": a share of each batch's majority-group labels replaced by other identities of that group. */
  | { method: 'flipped'; fraction?: number }
  /** FR-NAS's "Angular": CosFace with the minority group's margin larger than the majority's. */
  | { method: 'angular'; majorityMargin?: number; minorityMargin?: number }
  /** FR-NAS's "Discriminator": an MLP predicts the group from the model's output through a gradient-reversal layer. */
  | { method: 'adversarial'; weight?: number; hidden?: number; warmup?: number }
  /** AIF360's Reweighing: each (group, label) cell weighted n_y·n_g / (n·n_gy) in the loss. */
  | { method: 'reweight' }
  /** Every group × label cell drawn equally often in each epoch. */
  | { method: 'balanced' }
  /** Fairlearn's ThresholdOptimizer on the validation split, applied to the test split (binary tasks). */
  | { method: 'threshold'; constraint: Constraint; objective?: Objective };

export type MitigationMethod = MitigationSpec['method'];

export const MITIGATION_METHODS: readonly { method: MitigationMethod; label: string }[] = [
  { method: 'none', label: 'none' },
  { method: 'flipped', label: 'flipped labels (FR-NAS, 30% of the majority’s labels)' },
  { method: 'angular', label: 'group angular margins (FR-NAS; minority margin 0.5, majority 0.35)' },
  { method: 'adversarial', label: 'adversarial discriminator (gradient reversal)' },
  { method: 'reweight', label: 'reweighing (AIF360)' },
  { method: 'balanced', label: 'group-balanced sampling' },
  { method: 'threshold', label: 'threshold post-processing (Fairlearn, binary tasks)' },
];

/**
 * FR-NAS's defaults were 0.35 for both groups, which makes "Angular" a no-op; the lab's minority
 * margin defaults to 0.5 so the method does something (the majority keeps CosFace's 0.35).
 */
export const DEFAULT_ANGULAR = { majorityMargin: 0.35, minorityMargin: 0.5 } as const;
/** λ of the reversed gradient, the MLP's hidden width, and the share of the budget before λ ramps up. */
export const DEFAULT_ADVERSARIAL = { weight: 1, hidden: 32, warmup: 0.2 } as const;

export function isMitigationMethod(name: string): name is MitigationMethod {
  return MITIGATION_METHODS.some((m) => m.method === name);
}

/** `flipped`, `adversarial`, `threshold:equalized_odds`, … as the CLI writes them. */
export function parseMitigation(text: string): MitigationSpec {
  const [method, arg] = text.split(':');
  if (!isMitigationMethod(method))
    throw new Error(
      `Unknown mitigation "${method}" (known: ${MITIGATION_METHODS.map((m) => m.method).join(', ')})`,
    );
  if (method === 'threshold') {
    if (!arg || !isConstraint(arg))
      throw new Error(
        `threshold needs a constraint: threshold:${CONSTRAINTS.join(' | ')} (got "${arg ?? ''}")`,
      );
    return { method, constraint: arg };
  }
  if (arg !== undefined) {
    const value = Number(arg);
    if (!Number.isFinite(value)) throw new Error(`${method}:${arg}: the setting must be a number`);
    if (method === 'flipped') return { method, fraction: value };
    if (method === 'adversarial') return { method, weight: value };
    if (method === 'angular') return { method, minorityMargin: value };
    throw new Error(`${method} takes no setting`);
  }
  return { method } as MitigationSpec;
}

/** The CLI / URL form of a method: the inverse of parseMitigation. */
export function mitigationText(spec: MitigationSpec): string {
  switch (spec.method) {
    case 'threshold':
      return `threshold:${spec.constraint}`;
    case 'flipped':
      return spec.fraction === undefined ? 'flipped' : `flipped:${spec.fraction}`;
    case 'adversarial':
      return spec.weight === undefined ? 'adversarial' : `adversarial:${spec.weight}`;
    case 'angular':
      return spec.minorityMargin === undefined ? 'angular' : `angular:${spec.minorityMargin}`;
    default:
      return spec.method;
  }
}

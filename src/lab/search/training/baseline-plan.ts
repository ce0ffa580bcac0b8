/**
 * The baselines a lab study trains at full budget beside its search: FR-NAS's found architectures
 * (enqueued into the study itself: same space), the other families' baselines (the expression CNN,
 * a default conv net) and the chosen mitigation methods applied to the study's first baseline.
 * The last two run in a sibling study of the same storage (their parameters are not the space's).
 */
import type { ParamValue } from '../distributions';
import { baselinesFor, BASELINES } from '../presets';
import type { MitigationSpec } from '../../mitigation/spec';

/** User attribute of a trial trained with a mitigation method: its MitigationSpec. */
export const MITIGATION_KEY = 'method';
/** User attribute naming the space a sibling-study baseline's parameters belong to. */
export const SPACE_KEY = 'space';

export interface BaselinePlan {
  label: string;
  space: string;
  params: Record<string, ParamValue>;
  mitigation?: MitigationSpec;
}

export function mitigationLabel(spec: MitigationSpec): string {
  return spec.method === 'threshold' ? `threshold:${spec.constraint}` : spec.method;
}

export function planBaselines(
  space: string,
  mitigations: readonly MitigationSpec[],
  options: { otherFamilies?: boolean } = {},
): { inStudy: BaselinePlan[]; extra: BaselinePlan[] } {
  const inStudy: BaselinePlan[] = baselinesFor(space).map((b) => ({ ...b }));
  const others =
    options.otherFamilies === false ? [] : BASELINES.filter((b) => b.space !== space).map((b) => ({ ...b }));
  const base = inStudy[0] ?? others[0];
  const mitigated: BaselinePlan[] = base
    ? mitigations
        .filter((m) => m.method !== 'none')
        .map((m) => ({ ...base, label: `${base.label} + ${mitigationLabel(m)}`, mitigation: m }))
    : [];
  return { inStudy, extra: [...others, ...mitigated] };
}

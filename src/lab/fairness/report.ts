/**
 * classificationReport: the JSON-able per-group report that training evaluation, the audit
 * page and `lab metrics --input` all produce. One MetricTable, then every disparity, the
 * AIF360 view and the bootstrap intervals derived from it.
 */
import type { Aif360Metrics } from './aif360';
import { aif360Metrics } from './aif360';
import { aucValues, collapseScores } from './auc';
import type { CiBlock } from './bootstrap';
import { bootstrapClassification, buildUnits } from './bootstrap';
import type { BinaryCells, Codes } from './confusion';
import { confusionFromCodes } from './confusion';
import type { DisparityMethod } from './disparities';
import { computeDisparities } from './disparities';
import type { LabelArray } from './labels';
import { crossGroups, distinctNames, encodeWith, sortNames } from './labels';
import type { AucValues, GroupMetrics, MetricTable, OvrRates, Rate, UndefinedRate } from './table';
import { buildTable } from './table';

export const DEFAULT_MIN_COUNT = 30;
export const DEFAULT_REPLICATES = 1000;

export const NO_GROUPS_WARNING = 'no groups given: overall and per-class metrics only, no disparities';

export const NULL_POLICY =
  'undefined rates (0/0) are null and listed in `undefined`; disparities skip groups whose rate is null';

export interface ClassificationInput {
  yTrue: LabelArray;
  yPred: LabelArray;
  /**
   * One group label per row, or several sensitive attributes crossed into "a|b" keys. An empty
   * list of attributes means no groups given: overall and per-class metrics only.
   */
  groups: LabelArray | readonly LabelArray[];
  /** Score of the positive class, for ROC-AUC. */
  scores?: ArrayLike<number>;
  weights?: ArrayLike<number>;
  /** Positive class; default 1 for labels within {0, 1}. Multiclass without one: accuracy and by_class only. */
  posLabel?: string | number;
  /** Adds the AIF360 signed view against this group. */
  privileged?: string;
  /** Bootstrap replicates (0 or absent: no intervals). */
  bootstrap?: number;
  seed?: number;
  /** Interval level, default 0.95. */
  level?: number;
  /** Groups with fewer rows are flagged (default 30). */
  minCount?: number;
  method?: DisparityMethod;
}

export interface ClassificationReport {
  kind: 'classification';
  meta: {
    n: number;
    groups: string[];
    classes: string[];
    pos_label: string | null;
    method: DisparityMethod;
    min_count: number;
    weighted: boolean;
    scores: boolean;
    null_policy: string;
  };
  overall: GroupMetrics;
  by_group: Record<string, GroupMetrics>;
  /** Weighted one-vs-rest cells per group: lets a viewer recompute the AIF360 view for any privileged group. */
  confusion?: Record<string, BinaryCells>;
  by_class?: { overall: Record<string, OvrRates>; by_group: Record<string, Record<string, OvrRates>> };
  disparities: Record<string, Rate>;
  aif360?: Aif360Metrics;
  ci?: CiBlock;
  /** Groups below min_count rows. */
  small_groups: string[];
  undefined: UndefinedRate[];
  warnings: string[];
}

function isAttributeList(groups: ClassificationInput['groups']): groups is readonly LabelArray[] {
  return Array.isArray(groups) && groups.length > 0 && typeof groups[0] === 'object' && groups[0] !== null;
}

/** The positive class index, adding posLabel to the classes when no row carries it. */
function resolvePositive(
  classes: string[],
  posLabel: string | number | undefined,
): { classes: string[]; positive: number } {
  if (posLabel !== undefined) {
    const name = String(posLabel);
    const all = classes.includes(name) ? classes : sortNames([...classes, name]);
    return { classes: all, positive: all.indexOf(name) };
  }
  if (classes.length > 2) return { classes, positive: -1 };
  if (classes.every((c) => c === '0' || c === '1')) {
    const all = sortNames([...classes, '0', '1']);
    return { classes: all, positive: all.indexOf('1') };
  }
  throw new Error(`labels are ${classes.join(', ')}: give a positive label (posLabel / --pos-label)`);
}

export function classificationReport(input: ClassificationInput): ClassificationReport {
  const n = input.yTrue.length;
  if (n === 0) throw new Error('no rows');
  const noGroups = Array.isArray(input.groups) && input.groups.length === 0;
  if (noGroups && input.privileged !== undefined)
    throw new Error(`privileged group "${input.privileged}" needs groups, and none are given`);
  const groupLabels = noGroups
    ? new Array<string>(n).fill('all')
    : isAttributeList(input.groups)
      ? crossGroups(input.groups)
      : input.groups;
  if (input.yPred.length !== n || groupLabels.length !== n)
    throw new Error('yTrue, yPred and groups differ in length');
  const { classes, positive } = resolvePositive(distinctNames(input.yTrue, input.yPred), input.posLabel);
  const groups = distinctNames(groupLabels);
  if (groups.length < 2 && !noGroups)
    throw new Error(`only one group (${groups[0]}): fairness metrics need at least two`);
  if (input.privileged !== undefined && !groups.includes(input.privileged)) {
    throw new Error(`privileged group "${input.privileged}" is not one of: ${groups.join(', ')}`);
  }
  if (input.privileged !== undefined && positive < 0)
    throw new Error('the AIF360 view needs a positive label');

  const codes: Codes = {
    t: encodeWith(input.yTrue, classes),
    p: encodeWith(input.yPred, classes),
    g: encodeWith(groupLabels, groups),
  };
  const set = confusionFromCodes(codes, classes, groups, input.weights);
  const isPositive = Uint8Array.from(codes.t, (t) => (t === positive ? 1 : 0));
  const scoreCells =
    input.scores && positive >= 0
      ? collapseScores(input.scores, isPositive, codes.g, groups.length, input.weights)
      : undefined;
  const auc: AucValues | undefined = scoreCells ? aucValues(scoreCells, groups) : undefined;
  const table: MetricTable = buildTable(set, positive, auc);
  const method = input.method ?? 'between_groups';
  const disparities = computeDisparities(table, method);
  const minCount = input.minCount ?? DEFAULT_MIN_COUNT;
  const smallGroups = noGroups ? [] : groups.filter((g) => table.by_group[g].count < minCount);
  const warnings = noGroups
    ? [NO_GROUPS_WARNING]
    : [
        ...smallGroups.map((g) => `group ${g} has ${table.by_group[g].count} rows (< min count ${minCount})`),
        ...disparities.notes,
      ];
  if (input.scores && positive < 0) warnings.push('scores ignored: ROC-AUC needs a positive label');
  if (positive < 0)
    warnings.push('multiclass labels without a positive label: binary rates are null, see by_class');

  const report: ClassificationReport = {
    kind: 'classification',
    meta: {
      n,
      groups,
      classes,
      pos_label: table.positive,
      method,
      min_count: minCount,
      weighted: input.weights !== undefined,
      scores: auc !== undefined,
      null_policy: NULL_POLICY,
    },
    overall: table.overall,
    by_group: table.by_group,
    disparities: disparities.values,
    small_groups: smallGroups,
    undefined: table.undefined,
    warnings,
  };
  if (table.confusion) report.confusion = table.confusion;
  if (table.by_class) report.by_class = table.by_class;
  if (input.privileged !== undefined && table.confusion)
    report.aif360 = aif360Metrics(table.confusion, input.privileged);
  if (input.bootstrap && input.bootstrap > 0) {
    const { ci, warnings: ciWarnings } = bootstrapClassification(set, buildUnits(set, codes, input.weights), {
      replicates: Math.floor(input.bootstrap),
      seed: input.seed ?? 0,
      level: input.level ?? 0.95,
      method,
      positive,
      privileged: input.privileged,
      scoreCells,
    });
    report.ci = ci;
    report.warnings.push(...ciWarnings);
  }
  return noGroups ? withoutGroups(report) : report;
}

/** The report of rows pooled into one internal group, with everything per group left out. */
function withoutGroups(report: ClassificationReport): ClassificationReport {
  const internal = new Set(report.meta.groups);
  const out: ClassificationReport = {
    ...report,
    meta: { ...report.meta, groups: [] },
    by_group: {},
    disparities: {},
    undefined: report.undefined.filter((u) => !internal.has(u.group)),
  };
  delete out.confusion;
  if (report.by_class) out.by_class = { overall: report.by_class.overall, by_group: {} };
  if (report.ci) out.ci = { ...report.ci, by_group: {}, disparities: {} };
  return out;
}

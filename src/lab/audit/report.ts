/**
 * The audit report: the same JSON as `lab metrics` (overall, by_group, disparities, aif360, ci —
 * from the fairness module's classificationReport, never recomputed here) plus what was audited
 * and how: model, mapping, dataset, filters, backend, creation time and skipped images.
 * With several group attributes the top level is their intersection ("white|male") and
 * `by_attribute` holds each attribute alone; with none, overall and per-class metrics only.
 */
import type { DisparityMethod } from '../fairness/disparities';
import { classificationReport, type ClassificationReport } from '../fairness/report';
import { identificationReport, type IdentificationReport } from '../fairness/identification';
import { GROUP_SEPARATOR } from '../fairness/labels';
import type { ModelInfo, TensorSpec } from './inspect';
import type { AuditMapping } from './mapping';
import type { AuditPredictions } from './predictions';
import type { SkippedReason } from './skip-log';

export interface ModelSummary {
  name: string;
  format: ModelInfo['format'];
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  params: number;
  size_bytes: number;
  generated_by?: string;
  converted_by?: string;
}

export interface AuditContext {
  /** null on the predictions-CSV route. */
  model: ModelInfo | null;
  mapping: AuditMapping | null;
  dataset: { id: string | null; name: string; format?: string; origin?: string; split: string };
  filters: string[];
  backend: string | null;
  n_filtered: number;
  skipped: { n_skipped: number; skipped: SkippedReason[] };
  /** Group name (or "a|b" key across the group attributes) for the AIF360 view. */
  privileged?: string;
  bootstrap?: number;
  seed?: number;
  warnings?: string[];
  created?: string;
}

interface AuditFields {
  created: string;
  model: ModelSummary | null;
  mapping: AuditMapping | null;
  dataset: AuditContext['dataset'] & { target: string; n_audited: number };
  group_attributes: string[];
  filters: string[];
  n_filtered: number;
  n_skipped: number;
  skipped: SkippedReason[];
  backend: string | null;
}

export type ClassificationAuditReport = ClassificationReport &
  AuditFields & {
    /** Each group attribute alone, when there are several. */
    by_attribute?: Record<string, ClassificationReport>;
  };

export type IdentificationAuditReport = IdentificationReport & AuditFields;

export type AuditReport = ClassificationAuditReport | IdentificationAuditReport;

export function summarizeModel(info: ModelInfo): ModelSummary {
  return {
    name: info.name,
    format: info.format,
    inputs: info.inputs,
    outputs: info.outputs,
    params: info.params,
    size_bytes: info.sizeBytes,
    generated_by: info.generatedBy,
    converted_by: info.convertedBy,
  };
}

function auditFields(
  target: string,
  n: number,
  groupAttributes: string[],
  context: AuditContext,
): AuditFields {
  return {
    created: context.created ?? new Date().toISOString(),
    model: context.model ? summarizeModel(context.model) : null,
    mapping: context.mapping,
    dataset: { ...context.dataset, target, n_audited: n },
    group_attributes: groupAttributes,
    filters: context.filters,
    n_filtered: context.n_filtered,
    n_skipped: context.skipped.n_skipped,
    skipped: context.skipped.skipped,
    backend: context.backend,
  };
}

/** The fairness part of an audit report (what `lab metrics` prints): the crossed groups, and each attribute alone. */
export type GroupedClassificationReport = ClassificationReport & {
  /** Each group attribute alone, when there are several. */
  by_attribute?: Record<string, ClassificationReport>;
};

export interface GroupedReportOptions {
  /** Group name (or "a|b" key across the group attributes) for the AIF360 view. */
  privileged?: string;
  bootstrap?: number;
  seed?: number;
  level?: number;
  minCount?: number;
  method?: DisparityMethod;
  /** Add `by_attribute` when there are several group attributes (default true). */
  eachAttribute?: boolean;
}

/**
 * classificationReport over the predictions' group attributes (crossed), plus each attribute
 * alone; with no group attributes, overall and per-class metrics only ("no groups given").
 */
export function groupedClassificationReport(
  predictions: AuditPredictions,
  options: GroupedReportOptions = {},
): GroupedClassificationReport {
  const { rows, groupAttributes } = predictions;
  if (rows.length === 0) throw new Error('No images left to audit (all were skipped or filtered out)');
  const weighted = rows.some((r) => r.weight !== undefined);
  const common = {
    yTrue: rows.map((r) => r.yTrue),
    yPred: rows.map((r) => r.yPred),
    scores: rows.every((r) => r.score !== null) ? rows.map((r) => r.score as number) : undefined,
    weights: weighted ? rows.map((r) => r.weight ?? 1) : undefined,
    posLabel: predictions.positive ?? undefined,
    bootstrap: options.bootstrap,
    seed: options.seed,
    level: options.level,
    minCount: options.minCount,
    method: options.method,
  };
  const columns = groupAttributes.map((name) => rows.map((r) => r.attributes[name]));
  const eachAttribute = groupAttributes.length > 1 && options.eachAttribute !== false;
  // Without per-attribute views the privileged group names a crossed key, as in Fairlearn.
  const privileged = eachAttribute
    ? splitPrivileged(options.privileged, groupAttributes, columns)
    : { crossed: options.privileged, byAttribute: [], warnings: [] };
  const top = classificationReport({ ...common, groups: columns, privileged: privileged.crossed });
  const report: GroupedClassificationReport = {
    ...top,
    warnings: [...privileged.warnings, ...top.warnings],
  };
  if (eachAttribute) {
    report.by_attribute = Object.fromEntries(
      groupAttributes.map((name, a) => [
        name,
        classificationReport({ ...common, groups: columns[a], privileged: privileged.byAttribute[a] }),
      ]),
    );
  }
  return report;
}

/** Per-group classification metrics of the predictions, with intervals and the AIF360 view. */
export function buildAuditReport(
  predictions: AuditPredictions,
  context: AuditContext,
): ClassificationAuditReport {
  const grouped = groupedClassificationReport(predictions, {
    privileged: context.privileged,
    bootstrap: context.bootstrap,
    seed: context.seed,
  });
  return withAuditFields(grouped, predictions, context);
}

/** A grouped report plus what was audited and how. */
export function withAuditFields(
  grouped: GroupedClassificationReport,
  predictions: AuditPredictions,
  context: AuditContext,
): ClassificationAuditReport {
  const { by_attribute, ...top } = grouped;
  const report: ClassificationAuditReport = {
    ...top,
    ...auditFields(predictions.target, predictions.rows.length, predictions.groupAttributes, context),
  };
  report.warnings = [...(context.warnings ?? []), ...top.warnings];
  if (by_attribute) report.by_attribute = by_attribute;
  return report;
}

/** FR-NAS identification metrics from per-image ranks (rank 0 = correct, −1 = no mate). */
export function buildIdentificationAuditReport(
  ranks: ArrayLike<number>,
  predictions: AuditPredictions,
  context: AuditContext,
): IdentificationAuditReport {
  const { rows, groupAttributes } = predictions;
  const groups = rows.map((r) => groupAttributes.map((g) => r.attributes[g]).join(GROUP_SEPARATOR));
  const report = identificationReport({ ranks, groups, bootstrap: context.bootstrap, seed: context.seed });
  return {
    ...report,
    ...auditFields(predictions.target, rows.length, groupAttributes, context),
    warnings: [...(context.warnings ?? []), ...report.warnings],
  };
}

export function reportJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2);
}

/**
 * The privileged group for the crossed view and for each attribute: "white|male" gives both
 * parts; a single value ("white") applies to the attribute that has it.
 */
function splitPrivileged(
  privileged: string | undefined,
  attributes: string[],
  columns: string[][],
): { crossed?: string; byAttribute: (string | undefined)[]; warnings: string[] } {
  const byAttribute: (string | undefined)[] = attributes.map(() => undefined);
  if (privileged === undefined) return { byAttribute, warnings: [] };
  const parts = privileged.split(GROUP_SEPARATOR);
  if (parts.length === attributes.length) return { crossed: privileged, byAttribute: parts, warnings: [] };
  if (parts.length === 1) {
    const a = columns.findIndex((values) => values.includes(privileged));
    if (a < 0)
      throw new Error(`privileged group "${privileged}" is not a value of ${attributes.join(' or ')}`);
    byAttribute[a] = privileged;
    return {
      byAttribute,
      warnings: [
        `privileged "${privileged}" names one ${attributes[a]} value: the AIF360 view is in by_attribute.${attributes[a]}`,
      ],
    };
  }
  throw new Error(
    `privileged "${privileged}" has ${parts.length} parts but there are ${attributes.length} group attributes`,
  );
}

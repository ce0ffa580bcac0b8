/**
 * Everything about an audit that can be checked from the dataset's schema alone — target,
 * group attributes, filters, the model's labels against the target, the positive label and the
 * privileged group — so a mistake fails before any image is imported or read. The schema is a
 * stored dataset's manifest or an import plan (see import-for-audit.ts).
 */
import { GROUP_SEPARATOR } from '../fairness/labels';
import { checkLabelsAgainstDataset } from './check-mapping';
import { AuditError } from './errors';
import { compileFilters, type Filter, type FilterSchema } from './filters';
import { toDatasetLabel, type AuditMapping } from './mapping';

/** The attributes of a dataset: a DatasetManifest fits, and so does an import plan's summary. */
export interface DatasetSchema {
  name: string;
  categorical: readonly { name: string; values: readonly string[]; sensitive: boolean }[];
  numeric: readonly { name: string }[];
}

export interface AuditSelection {
  /** Categorical attribute holding the true label. */
  target: string;
  /** Attributes whose groups are compared; none: overall and per-class metrics only. */
  groupAttributes: readonly string[];
  filters: readonly Filter[];
  /** Positive dataset label; default the sigmoid's positive side. */
  positive?: string;
  privileged?: string;
}

export interface CheckedSelection {
  /** Positive dataset label of the binary rates; null for multiclass without one. */
  positive: string | null;
  warnings: string[];
}

export function filterSchema(schema: DatasetSchema): FilterSchema {
  return {
    categorical: Object.fromEntries(schema.categorical.map((a) => [a.name, a.values])),
    numeric: schema.numeric.map((a) => a.name),
  };
}

/** The default groups: the sensitive attributes other than the target. */
export function defaultGroupAttributes(schema: DatasetSchema, target: string): string[] {
  return schema.categorical.filter((a) => a.sensitive && a.name !== target).map((a) => a.name);
}

/** Throws unless the target and every group attribute are categorical attributes of the dataset. */
export function checkAttributes(schema: DatasetSchema, target: string, groups: readonly string[]): void {
  const names = schema.categorical.map((a) => a.name);
  for (const name of [target, ...groups]) {
    if (!names.includes(name)) {
      const numeric = schema.numeric.some((a) => a.name === name);
      throw new AuditError(
        'dataset',
        `Dataset "${schema.name}" has no categorical attribute "${name}"${numeric ? ' (it is numeric: filter on it instead, e.g. "age>=18")' : ''}; it has: ${names.join(', ')}`,
      );
    }
  }
  if (groups.includes(target))
    throw new AuditError('dataset', `"${target}" is the target: it cannot also be a group attribute`);
}

export interface SelectionProblems extends CheckedSelection {
  /** Every problem found, each an AuditError naming what is wrong. */
  problems: Error[];
}

/** Runs every check, collecting each problem (for the page's live check). */
export function auditSelectionProblems(
  mapping: AuditMapping,
  schema: DatasetSchema,
  selection: AuditSelection,
): SelectionProblems {
  const problems: Error[] = [];
  const attempt = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      problems.push(error as Error);
      return undefined;
    }
  };
  const attributesOk = attempt(() => {
    checkAttributes(schema, selection.target, selection.groupAttributes);
    return true;
  });
  attempt(() => compileFilters(selection.filters, filterSchema(schema)));
  if (!attributesOk) return { problems, warnings: [], positive: null };
  const values = (name: string) => schema.categorical.find((a) => a.name === name)!.values;
  const targetValues = values(selection.target);
  const out = mapping.output;
  const before = problems.length;
  const warnings =
    out.kind === 'embedding'
      ? []
      : (attempt(() =>
          checkLabelsAgainstDataset(mapping, selection.target, targetValues, schema.categorical),
        ) ?? []);
  const labelsFit = problems.length === before;
  if (out.kind === 'embedding' && selection.groupAttributes.length === 0)
    problems.push(
      new AuditError(
        'dataset',
        'Identification metrics (an embedding output) compare groups: choose at least one group attribute',
      ),
    );
  // A positive label of a target the labels do not fit is a question for later.
  const positive = labelsFit
    ? (attempt(() => positiveLabel(mapping, selection.positive, targetValues)) ?? null)
    : null;
  attempt(() => checkPrivileged(selection.privileged, selection.groupAttributes, values));
  return { problems, warnings, positive };
}

/** Throws the first problem; returns the positive label and the warnings. */
export function checkAuditSelection(
  mapping: AuditMapping,
  schema: DatasetSchema,
  selection: AuditSelection,
): CheckedSelection {
  const { problems, positive, warnings } = auditSelectionProblems(mapping, schema, selection);
  if (problems.length > 0) throw problems[0];
  return { positive, warnings };
}

/** The positive dataset label: as given, or the sigmoid's positive side; null for multiclass. */
function positiveLabel(
  mapping: AuditMapping,
  given: string | undefined,
  targetValues: readonly string[],
): string | null {
  const out = mapping.output;
  if (given !== undefined) {
    if (!targetValues.includes(given)) {
      throw new AuditError(
        'mapping',
        `Positive label "${given}" is not a value of the target (${targetValues.join(', ')})`,
      );
    }
    return given;
  }
  if (out.kind === 'sigmoid') return toDatasetLabel(out.positive, out.labelMap);
  if (out.kind === 'classes' && targetValues.length === 2) {
    throw new AuditError(
      'mapping',
      `The target is binary (${targetValues.join(', ')}): say which value is positive`,
    );
  }
  return null;
}

/** Throws unless `privileged` is a value of a group attribute, or one value per attribute joined by "|". */
function checkPrivileged(
  privileged: string | undefined,
  attributes: readonly string[],
  values: (name: string) => readonly string[],
): void {
  if (privileged === undefined) return;
  if (attributes.length === 0)
    throw new AuditError(
      'mapping',
      `Privileged group "${privileged}" needs group attributes: none are given, so there are no groups`,
    );
  const parts = privileged.split(GROUP_SEPARATOR);
  const ok =
    parts.length === attributes.length
      ? parts.every((part, a) => values(attributes[a]).includes(part))
      : parts.length === 1 && attributes.some((a) => values(a).includes(privileged));
  if (!ok) {
    const example = attributes.map((a) => values(a)[0]).join(GROUP_SEPARATOR);
    throw new AuditError(
      'mapping',
      `Privileged group "${privileged}" is not a value of ${attributes.join(', ')} (give e.g. "${values(attributes[0])[0]}" or "${example}")`,
    );
  }
}

/**
 * `lab metrics`: fairness metrics from a CSV (flags and help: ./metrics-flags.ts).
 *   --input preds.csv   y_true, y_pred (or score + --threshold), group (or --group-cols a,b),
 *                       optional score, sample_weight → the audit's predictionsCsvReport
 *   --ranks ranks.csv   identity, group, rank → identificationReport (FR-NAS)
 *   --embeddings e.csv  identity, group, e0..e{d-1} → leave-one-out ranks, then as --ranks
 * --json prints the report object; otherwise a short text summary.
 */
import { readFileSync } from 'node:fs';
import type { ParsedArgs } from '../args';
import { UsageError, numberFlag, parseArgs, rejectUnknown } from '../args';
import { flagNames, switchNames } from '../flag-help';
import { parseCsv } from '../../lab/util/csv';
import { predictionsCsvReport } from '../../lab/audit/predictions-report';
import type { ClassificationReport, DisparityMethod, IdentificationReport } from '../../lab/fairness';
import { DEFAULT_MIN_COUNT, IDENTIFICATION_NAMES, identificationReport } from '../../lab/fairness';
import { METRICS_FLAGS, metricsUsage } from './metrics-flags';

export const usage = metricsUsage;

interface Table {
  header: string[];
  rows: string[][];
  file: string;
}

function readTable(file: string): Table {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const { header, rows } = parseCsv(text);
  if (header.length === 0 || rows.length === 0)
    throw new UsageError(`${file} is empty (needs a header and rows)`);
  return { header, rows, file };
}

function column(table: Table, name: string): string[] {
  const index = table.header.indexOf(name);
  if (index < 0)
    throw new UsageError(`${table.file} has no "${name}" column (columns: ${table.header.join(', ')})`);
  return table.rows.map((row) => row[index]);
}

function numericColumn(table: Table, name: string): number[] {
  return column(table, name).map((raw, i) => {
    const value = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(value))
      throw new UsageError(`${table.file}: "${name}" at row ${i + 2} is not a number ("${raw}")`);
    return value;
  });
}

function method(args: ParsedArgs): DisparityMethod {
  const value = args.flags.get('method') ?? 'between_groups';
  if (value !== 'between_groups' && value !== 'to_overall') {
    throw new UsageError(`--method must be between_groups or to_overall (got "${value}")`);
  }
  return value;
}

function bootstrapFlags(args: ParsedArgs) {
  const bootstrap = numberFlag(args, 'bootstrap', 0);
  if (bootstrap < 0 || !Number.isInteger(bootstrap))
    throw new UsageError('--bootstrap must be a whole number ≥ 0');
  const level = numberFlag(args, 'level', 0.95);
  if (!(level > 0 && level < 1)) throw new UsageError('--level must be between 0 and 1');
  return {
    bootstrap,
    seed: numberFlag(args, 'seed', 0),
    level,
    minCount: numberFlag(args, 'min-count', DEFAULT_MIN_COUNT),
  };
}

/** The predictions CSV through the audit's one reader (the Audit page's CSV route reads it the same way). */
function classification(file: string, args: ParsedArgs): ClassificationReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const groupCols = args.switches.has('no-groups')
    ? []
    : args.flags
        .get('group-cols')
        ?.split(',')
        .map((name) => name.trim());
  const { report, skipped } = predictionsCsvReport(text, {
    name: file,
    groupCols,
    positive: args.flags.get('pos-label'),
    threshold: args.flags.has('threshold') ? numberFlag(args, 'threshold', 0.5) : undefined,
    privileged: args.flags.get('privileged'),
    method: method(args),
    eachAttribute: false,
    ...bootstrapFlags(args),
  });
  for (const s of skipped.skipped)
    report.warnings.push(`${s.count} rows skipped: ${s.reason} (e.g. ${s.examples.join(', ')})`);
  return report;
}

async function embeddingRanks(table: Table, backend: string | undefined): Promise<number[]> {
  const dims = table.header.filter((name) => /^e\d+$/.test(name)).map((name) => Number(name.slice(1)));
  dims.sort((a, b) => a - b);
  if (dims.length === 0 || dims.some((d, i) => d !== i)) {
    throw new UsageError(`${table.file} needs embedding columns e0..e{d-1}`);
  }
  const dim = dims.length;
  const values = new Float32Array(table.rows.length * dim);
  dims.forEach((d) => numericColumn(table, `e${d}`).forEach((v, i) => (values[i * dim + d] = v)));
  const [{ nearestNeighbourRanks }, { startNodeBackend }] = await Promise.all([
    import('../../lab/fairness/ranks'),
    import('../node-backend'),
  ]);
  const chosen = await startNodeBackend(backend, 'infer');
  console.error(`lab metrics: ranking on ${chosen.name} (${chosen.reason})`);
  const ranks = await nearestNeighbourRanks(values, dim, column(table, 'identity'));
  return Array.from(ranks.rankById);
}

async function identification(args: ParsedArgs): Promise<IdentificationReport> {
  const file = (args.flags.get('ranks') ?? args.flags.get('embeddings')) as string;
  const table = readTable(file);
  column(table, 'identity');
  const ranks = args.flags.has('ranks')
    ? numericColumn(table, 'rank')
    : await embeddingRanks(table, args.flags.get('backend'));
  if (ranks.some((r) => !Number.isInteger(r))) throw new UsageError(`${file}: ranks must be whole numbers`);
  const order = args.flags
    .get('group-order')
    ?.split(',')
    .map((g) => g.trim());
  try {
    return identificationReport({ ranks, groups: column(table, 'group'), order, ...bootstrapFlags(args) });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const fmt = (value: number | null | undefined) =>
  value === null || value === undefined ? 'null' : value.toFixed(4);

function summary(report: ClassificationReport | IdentificationReport): string {
  const lines: string[] = [];
  if (report.kind === 'classification') {
    lines.push(
      `groups: ${report.meta.groups.join(', ')} (positive label ${report.meta.pos_label ?? 'none'})`,
    );
    for (const [group, row] of Object.entries(report.by_group)) {
      lines.push(
        `  ${group.padEnd(16)} n=${row.count} acc=${fmt(row.accuracy)} sel=${fmt(row.selection_rate)} tpr=${fmt(row.tpr)} fpr=${fmt(row.fpr)}`,
      );
    }
    for (const [name, value] of Object.entries(report.disparities))
      lines.push(`  ${name.padEnd(32)} ${fmt(value)}`);
    if (report.aif360)
      for (const [name, value] of Object.entries(report.aif360))
        lines.push(`  aif360 ${name.padEnd(29)} ${typeof value === 'number' ? fmt(value) : value}`);
  } else {
    lines.push(`groups (ratio order): ${report.order.join(', ')}`);
    for (const [group, row] of Object.entries(report.by_group)) {
      lines.push(`  ${group.padEnd(16)} n=${row.count} acc=${fmt(row.acc)} mean_rank=${fmt(row.mean_rank)}`);
    }
    for (const name of IDENTIFICATION_NAMES) {
      lines.push(`  ${name.padEnd(16)} ${fmt(report[name])}`);
    }
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, switchNames(METRICS_FLAGS));
  rejectUnknown(args, flagNames(METRICS_FLAGS));
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  const sources = ['input', 'ranks', 'embeddings'].filter((name) => args.flags.has(name));
  if (sources.length !== 1) throw new UsageError('give exactly one of --input, --ranks, --embeddings');
  let report: ClassificationReport | IdentificationReport;
  if (sources[0] === 'input') {
    try {
      report = classification(args.flags.get('input') as string, args);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  } else {
    report = await identification(args);
  }
  console.log(args.switches.has('json') ? JSON.stringify(report, null, 2) : summary(report));
  return 0;
}

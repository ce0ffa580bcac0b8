/**
 * Published compression results from a CSV the user picks, in the format of Stoychev & Gunes's
 * summary (dataset, method, param, n_runs, size_bytes_mean, acc_mean, f_acc_mean, m_acc_mean,
 * then one `<group>_acc` column per race or age group). Their method names map onto the lab's:
 * model → baseline, quantised_model → int8, pruned_model → prune (param in % → sparsity),
 * clustered_model → cluster (param = k), and the _and_quantised_model variants → +int8.
 * The file is never bundled; the page keeps what the user loaded.
 */
import { parseCsv } from '../util/csv';

export interface PublishedRow {
  dataset: string;
  /** The lab's method name (see above), or the file's own name when it has no counterpart. */
  method: string;
  /** As the lab counts it: sparsity in [0, 1), or k; null for the baseline and int8. */
  param: number | null;
  runs: number | null;
  sizeBytes: number;
  accuracy: number;
  /** Group → accuracy (female, male, and per race / age band where the file has them). */
  byGroup: Record<string, number>;
}

export interface PublishedResults {
  name: string;
  rows: PublishedRow[];
  datasets: string[];
  groups: string[];
}

const METHODS: Record<string, string> = {
  model: 'baseline',
  quantised_model: 'int8',
  pruned_model: 'prune',
  clustered_model: 'cluster',
  pruned_and_quantised_model: 'prune+int8',
  clustered_and_quantised_model: 'cluster+int8',
};

const REQUIRED = ['dataset', 'method', 'param', 'size_bytes_mean', 'acc_mean'];

/** f_acc_mean → female, m_acc_mean → male, caucasian_acc → caucasian, age0_acc → age0. */
function groupOf(column: string): string | null {
  if (column === 'f_acc_mean') return 'female';
  if (column === 'm_acc_mean') return 'male';
  const match = /^(.+?)_acc(_mean)?$/.exec(column);
  return match && column !== 'acc_mean' ? match[1] : null;
}

export function parsePublished(text: string, name: string): PublishedResults {
  const table = parseCsv(text);
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0)
    throw new Error(
      `${name}: a published-results CSV needs the columns ${REQUIRED.join(', ')} (missing: ${missing.join(', ')})`,
    );
  const col = (c: string) => table.header.indexOf(c);
  const groupColumns = table.header
    .map((c, i) => [groupOf(c), i] as const)
    .filter((g): g is [string, number] => g[0] !== null);
  const number = (raw: string, row: number, column: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value))
      throw new Error(`${name}: row ${row + 2} has no number in ${column} ("${raw}")`);
    return value;
  };
  const rows = table.rows.map((r, i): PublishedRow => {
    const original = r[col('method')];
    const method = METHODS[original] ?? original;
    const rawParam = r[col('param')];
    let param: number | null = rawParam.trim() === '' ? null : number(rawParam, i, 'param');
    if (param !== null && original.startsWith('pruned')) param /= 100;
    const byGroup: Record<string, number> = {};
    for (const [group, c] of groupColumns)
      if (r[c].trim() !== '') byGroup[group] = number(r[c], i, table.header[c]);
    const runs = col('n_runs') >= 0 && r[col('n_runs')].trim() !== '' ? Number(r[col('n_runs')]) : null;
    return {
      dataset: r[col('dataset')],
      method,
      param,
      runs,
      sizeBytes: number(r[col('size_bytes_mean')], i, 'size_bytes_mean'),
      accuracy: number(r[col('acc_mean')], i, 'acc_mean'),
      byGroup,
    };
  });
  if (rows.length === 0) throw new Error(`${name}: no rows`);
  return {
    name,
    rows,
    datasets: [...new Set(rows.map((r) => r.dataset))],
    groups: [...new Set(rows.flatMap((r) => Object.keys(r.byGroup)))],
  };
}

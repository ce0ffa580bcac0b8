import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { isBackendName } from '../../lab/backend/types';
import { numberFlag, parseArgs, rejectUnknown, requiredFlag, UsageError } from '../args';
import { consoleJob } from '../console-job';
import { openStream, type FileSource } from '../../lab/data/import/file-source';
import {
  IMPORT_FORMATS,
  importDataset,
  isImportFormat,
  type PlanOptions,
} from '../../lab/data/import/formats';
import { importReportCsv, importReportJson } from '../../lab/data/import/import-report';
import { openPathSource } from '../../lab/data/import/node-file-source';
import { DEFAULT_IMAGE_SIZE } from '../../lab/data/image-ops/prepare';
import { FsDatasetStore } from '../../lab/store/fs-store';

const KNOWN = [
  'backend',
  'format',
  'path',
  'csv',
  'size',
  'name',
  'id',
  'store',
  'seed',
  'channels',
  'file-col',
  'label-cols',
  'sensitive-cols',
  'numeric-cols',
  'balance-identities',
  'report',
  'json',
  'quiet',
];
export const DEFAULT_STORE_DIR = '.lab-data';

/**
 * `lab import --format F --path DIR|ZIP`: imports a face dataset into the CLI's store
 * (a directory, default .lab-data) and prints the import report. A .zip (Zip64 too, e.g. CelebA's
 * img_align_celeba.zip), given or inside the folder, is read from disk entry by entry.
 */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'quiet', 'balance-identities']);
  rejectUnknown(args, KNOWN);
  // Import decodes and resizes in plain TypeScript: no tfjs backend runs, so --backend is only checked.
  const backend = args.flags.get('backend');
  if (backend !== undefined && !isBackendName(backend)) {
    throw new UsageError(`--backend must be cpu, wasm, webgl or webgpu (got "${backend}")`);
  }
  const format = requiredFlag(args, 'format');
  if (!isImportFormat(format))
    throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')} (got "${format}")`);
  const path = resolve(requiredFlag(args, 'path'));
  const channelsFlag = args.flags.get('channels');
  if (channelsFlag !== undefined && channelsFlag !== '1' && channelsFlag !== '3') {
    throw new UsageError(`--channels must be 1 or 3 (got "${channelsFlag}")`);
  }
  let source = await openSource(path);
  const plan: PlanOptions = {};
  const csvFlag = args.flags.get('csv');
  if (csvFlag !== undefined) {
    const located = await locateCsv(source, path, csvFlag);
    source = located.source;
    plan.csvPath = located.csvPath;
  }
  if (format === 'csv') {
    if (!plan.csvPath) throw new UsageError('--format csv needs --csv FILE');
    plan.mapping = {
      fileColumn: args.flags.get('file-col') ?? 'file',
      labelColumns: listFlag(args.flags.get('label-cols')),
      sensitiveColumns: listFlag(args.flags.get('sensitive-cols')),
      numericColumns: listFlag(args.flags.get('numeric-cols')),
    };
  }
  const store = new FsDatasetStore(resolve(args.flags.get('store') ?? DEFAULT_STORE_DIR));
  const options = {
    ...plan,
    size: numberFlag(args, 'size', DEFAULT_IMAGE_SIZE),
    seed: args.flags.has('seed') ? numberFlag(args, 'seed', 0) : undefined,
    name: args.flags.get('name'),
    id: args.flags.get('id'),
    channels:
      channelsFlag === undefined ? ('auto' as const) : channelsFlag === '1' ? (1 as const) : (3 as const),
    balanceIdentities: args.switches.has('balance-identities'),
  };
  const result = await importDataset(
    format,
    source,
    store,
    options,
    consoleJob(args.switches.has('quiet')),
  ).finally(() => source.close?.());
  const reportPath = args.flags.get('report');
  if (reportPath) await writeFile(reportPath, importReportCsv(result));
  const report = importReportJson(result);
  if (args.switches.has('json')) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const { manifest } = result;
  console.log(
    `imported ${manifest.nImages} images as "${manifest.id}" (${report.n_skipped} skipped, ` +
      `${report.n_ignored} other files ignored)`,
  );
  const s = manifest.split.counts;
  console.log(`split (${manifest.split.kind}): train ${s.train} · val ${s.val} · test ${s.test}`);
  for (const attr of manifest.categorical.filter((a) => a.sensitive)) {
    const counts = Object.entries(manifest.counts[attr.name]).map(([v, n]) => `${v} ${n}`);
    console.log(`  ${attr.name}: ${counts.join(' · ')}`);
  }
  for (const warning of manifest.warnings) console.log(`warning: ${warning}`);
  for (const skip of result.skipped.slice(0, 10)) {
    console.log(`skipped ${skip.file}${skip.line === undefined ? '' : `:${skip.line}`}: ${skip.reason}`);
  }
  if (result.skipped.length > 10) console.log(`… and ${result.skipped.length - 10} more (use --report FILE)`);
  return 0;
}

async function openSource(path: string): Promise<FileSource> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`--path ${path} does not exist`);
  const source = await openPathSource(path);
  if (!source) throw new UsageError(`--path must be a folder or a .zip (got ${path})`);
  return source;
}

/** The CSV as a path inside the source; a CSV outside a folder source is overlaid at its root. */
async function locateCsv(
  source: FileSource,
  root: string,
  csv: string,
): Promise<{ source: FileSource; csvPath: string }> {
  const files = await source.list();
  const fromCwd = resolve(csv);
  const inside = relative(root, fromCwd);
  if (!inside.startsWith('..') && files.includes(inside.split(sep).join('/'))) {
    return { source, csvPath: inside.split(sep).join('/') };
  }
  if (files.includes(csv)) return { source, csvPath: csv };
  const bytes = await readFile(fromCwd).catch(() => {
    throw new UsageError(`--csv ${csv} not found (neither in ${root} nor from the current folder)`);
  });
  const name = basename(fromCwd);
  if (files.includes(name))
    throw new UsageError(`--csv ${csv}: ${source.name} already has a file named ${name}`);
  const overlaid: FileSource = {
    name: source.name,
    list: async () => [...files, name].sort(),
    read: (p) => (p === name ? Promise.resolve(new Uint8Array(bytes)) : source.read(p)),
    stream: async (p) => (p === name ? new Blob([new Uint8Array(bytes)]).stream() : openStream(source, p)),
    readOrder: source.readOrder && ((paths) => source.readOrder!(paths)),
    close: () => source.close?.() ?? Promise.resolve(),
  };
  return { source: overlaid, csvPath: name };
}

function listFlag(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

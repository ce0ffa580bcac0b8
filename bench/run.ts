/**
 * Fairness Lab benchmark: `npm run bench -- [--quick]
 * [--suite train,chromium,torch,metrics,streaming,search,search-real,archive-import,png]
 * [--backend wasm,cpu,webgpu] [--out bench/results/latest.json]`.
 * Prints a table and writes a JSON array of rows (plus `<out>.meta.json` with environment and notes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { BenchRow } from './types';
import { runArchiveImportBench } from './suites/archive-import';
import { runChromiumThroughput } from './suites/chromium';
import { runNodeThroughput } from './suites/node-throughput';
import { runPngDecodeBench } from './suites/png-decode';
import { runTorchAnchor } from './suites/torch';

const SUITES = [
  'train',
  'chromium',
  'torch',
  'metrics',
  'streaming',
  'streaming-chromium',
  'search',
  'search-real',
  'archive-import',
  'png',
] as const;

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

const quick = process.argv.includes('--quick');
const suites = (flag('suite') ?? SUITES.join(',')).split(',');
const backends = flag('backend')?.split(',');
const out = flag('out') ?? 'bench/results/latest.json';
const notes: string[] = [];
const rows: BenchRow[] = [];
const started = Date.now();

for (const suite of suites) {
  const t0 = Date.now();
  console.log(`\n== ${suite}${quick ? ' (quick)' : ''}`);
  try {
    if (suite === 'train') rows.push(...(await runNodeThroughput({ quick, backends, notes })));
    else if (suite === 'chromium') {
      const browserBackends = backends?.filter((b) => b !== 'cpu');
      rows.push(...(await runChromiumThroughput({ quick, backends: browserBackends, notes })));
    } else if (suite === 'torch') rows.push(...(await runTorchAnchor({ quick, notes })));
    else if (suite === 'metrics')
      rows.push(...(await runOptionalSuite('./suites/metrics', 'runMetricsBench', quick)));
    else if (suite === 'streaming')
      rows.push(...(await runOptionalSuite('./suites/streaming', 'runStreamingBench', quick)));
    else if (suite === 'streaming-chromium')
      rows.push(
        ...(await runOptionalSuite('./suites/streaming-chromium', 'runStreamingChromiumBench', quick)),
      );
    else if (suite === 'search-real')
      rows.push(...(await runOptionalSuite('./suites/search-real', 'runSearchRealBench', quick)));
    else if (suite === 'search')
      rows.push(...(await runOptionalSuite('./suites/search-efficiency', 'runSearchEfficiencyBench', quick)));
    else if (suite === 'archive-import') rows.push(...(await runArchiveImportBench({ quick })));
    else if (suite === 'png') rows.push(...(await runPngDecodeBench({ quick })));
    else notes.push(`unknown suite "${suite}" (known: ${SUITES.join(', ')})`);
  } catch (error) {
    notes.push(`${suite}: failed (${error instanceof Error ? error.message : String(error)})`);
  }
  console.log(`   ${suite} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
rows.push(...ratioRows(rows));

async function runOptionalSuite(path: string, exportName: string, isQuick: boolean): Promise<BenchRow[]> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(path);
  } catch {
    notes.push(`${path}: absent, skipped`);
    return [];
  }
  const fn = mod[exportName] as ((o: { quick: boolean }) => Promise<BenchRow[]>) | undefined;
  if (!fn) {
    notes.push(`${path}: no ${exportName} export, skipped`);
    return [];
  }
  return fn({ quick: isQuick });
}

/** train_images_per_s of every tfjs measurement divided by PyTorch's at the same model and size. */
function ratioRows(all: BenchRow[]): BenchRow[] {
  const torch = new Map(
    all.filter((r) => r.metric === 'torch_train_images_per_s').map((r) => [r.model, r.value]),
  );
  return all
    .filter((r) => r.metric === 'train_images_per_s' && torch.has(r.model))
    .map((r) => ({
      ...r,
      suite: 'ratio',
      metric: 'ratio_vs_torch',
      value: Math.round((r.value / torch.get(r.model)!) * 1000) / 1000,
      unit: '×',
    }));
}

function printTable(all: BenchRow[]): void {
  const header = ['suite', 'env', 'backend', 'model', 'metric', 'value'];
  const lines = all.map((r) => [
    r.suite,
    r.env,
    r.backend,
    r.model,
    r.metric,
    `${r.value}${r.unit ? ` ${r.unit}` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const l of lines) console.log(fmt(l));
}

printTable(rows);
for (const n of notes) console.log(`note: ${n}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
const meta = {
  date: new Date().toISOString(),
  quick,
  suites,
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  seconds: Math.round((Date.now() - started) / 1000),
  notes,
};
writeFileSync(out.replace(/\.json$/, '') + '.meta.json', `${JSON.stringify(meta, null, 2)}\n`);
console.log(`\nwrote ${out} (${rows.length} rows) in ${meta.seconds} s`);

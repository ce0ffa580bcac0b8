/**
 * Fairness Lab benchmark: `npm run bench -- [--quick]
 * [--suite train,chromium,torch,metrics,streaming,search,search-real,archive-import,png]
 * [--backend wasm,cpu,webgpu] [--out bench/results/latest.json]`.
 * Prints a table and writes a JSON array of rows (plus `<out>.meta.json` with environment and notes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { BenchRow } from './types';
import { runArchiveImportBench } from './suites/archive-import';
import { runChromiumThroughput } from './suites/chromium';
import { runNodeThroughput } from './suites/node-throughput';
import { runPngDecodeBench } from './suites/png-decode';
import { runTorchAnchor } from './suites/torch';
import { machinePeak } from './lib/peak';

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
const pairTorch =
  suites.includes('torch') &&
  suites.includes('train') &&
  (backends === undefined || backends.includes('wasm'));
const notes: string[] = [];
const rows: BenchRow[] = [];
const started = Date.now();
const peak = machinePeak();
const pct = (value: number, of: number) => Math.round((1000 * value) / of) / 10;
/** Load average (1 min) when each suite started: how contended the machine was. */
const load: Record<string, number> = {};

for (const suite of suites) {
  const t0 = Date.now();
  load[suite] = Math.round(loadavg()[0] * 100) / 100;
  console.log(`\n== ${suite}${quick ? ' (quick)' : ''} (load average ${load[suite]})`);
  try {
    if (suite === 'train') {
      // With the torch suite too, PyTorch runs right after wasm at each thread count (paired in time).
      const afterWasm = pairTorch
        ? async (threads: number) =>
            void rows.push(...(await runTorchAnchor({ quick, notes, threads: [threads] })))
        : undefined;
      rows.push(...(await runNodeThroughput({ quick, backends, notes, afterWasm })));
    } else if (suite === 'chromium') {
      const browserBackends = backends?.filter((b) => b !== 'cpu');
      rows.push(...(await runChromiumThroughput({ quick, backends: browserBackends, notes })));
    } else if (suite === 'torch') {
      if (!pairTorch) rows.push(...(await runTorchAnchor({ quick, notes })));
      else console.log('   (ran paired with wasm in the train suite)');
    } else if (suite === 'metrics')
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
rows.push(...derivedRows(rows));

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

/**
 * Per tfjs training measurement: `ratio_vs_torch` (its images/s over PyTorch's at the same model,
 * size and thread count; backends without threads pair with 1-thread PyTorch) and the share of the
 * machine's peak it reaches (`bench/lib/peak.ts`); per PyTorch row, its achieved GFLOP/s.
 */
function derivedRows(all: BenchRow[]): BenchRow[] {
  const threadsOf = (r: BenchRow) => r.threads ?? 1;
  const key = (r: BenchRow) => `${r.model}|${threadsOf(r)}`;
  const torch = new Map(all.filter((r) => r.metric === 'torch_train_images_per_s').map((r) => [key(r), r]));
  const flopsPerImage = new Map(
    all
      .filter((r) => r.metric === 'train_gflop_per_step')
      .map((r) => [r.model, (r.value * 1e9) / Number(/b(\d+)$/.exec(r.model)?.[1] ?? 64)]),
  );
  const out: BenchRow[] = [];
  for (const r of all) {
    if (r.metric === 'train_images_per_s' && torch.has(key(r))) {
      out.push({
        ...r,
        suite: 'ratio',
        metric: 'ratio_vs_torch',
        value: Math.round((r.value / torch.get(key(r))!.value) * 1000) / 1000,
        unit: '×',
      });
    }
    if (r.metric === 'gflops_per_s') {
      const t = threadsOf(r);
      out.push({
        ...r,
        suite: 'peak',
        metric: 'pct_of_native_peak',
        value: pct(r.value, t * peak.nativePerThread),
        unit: '%',
      });
      if (r.backend.startsWith('wasm'))
        out.push({
          ...r,
          suite: 'peak',
          metric: 'pct_of_wasm_simd_peak',
          value: pct(r.value, t * peak.wasmPerThread),
          unit: '%',
        });
    }
    if (r.metric === 'torch_train_images_per_s' && flopsPerImage.has(r.model)) {
      const gflops = (r.value * flopsPerImage.get(r.model)!) / 1e9;
      out.push({
        ...r,
        metric: 'torch_gflops_per_s',
        value: Math.round(gflops * 100) / 100,
        unit: 'GFLOP/s',
      });
      out.push({
        ...r,
        suite: 'peak',
        metric: 'pct_of_native_peak',
        value: pct(gflops, threadsOf(r) * peak.nativePerThread),
        unit: '%',
      });
    }
  }
  return out;
}

function printTable(all: BenchRow[]): void {
  const header = ['suite', 'env', 'backend', 'threads', 'model', 'metric', 'value'];
  const lines = all.map((r) => [
    r.suite,
    r.env,
    r.backend,
    r.threads ? String(r.threads) : '',
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
  loadAverageAtSuiteStart: load,
  loadAverageAtEnd: Math.round(loadavg()[0] * 100) / 100,
  peak: {
    ...peak,
    formula:
      'GFLOP/s per thread = clock GHz × SIMD lanes × 2 (FMA) × FMA units; native 16 lanes (AVX-512), wasm SIMD 4',
  },
  notes,
};
writeFileSync(out.replace(/\.json$/, '') + '.meta.json', `${JSON.stringify(meta, null, 2)}\n`);
console.log(`\nwrote ${out} (${rows.length} rows) in ${meta.seconds} s`);
// Suites that start the threaded wasm build in this process (search-real) leave tfjs's pthread
// workers keeping Node's event loop alive.
process.exit(0);

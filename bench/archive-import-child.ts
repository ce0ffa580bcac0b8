/**
 * Child process of the archive-import suite: imports a CelebA-layout folder exactly as
 * `lab import --format celeba --path DIR --size 16` does and prints, as the last stdout line, JSON
 * figures: plan and import seconds, peak RSS and peak heap (sampled every 50 ms, plus the kernel's
 * max RSS; V8 lets garbage pile up between collections, so these overstate what is held) and the
 * live heap after a full GC (run with --expose-gc) once planned and at the end: what the import
 * really holds. Usage: node --expose-gc --import tsx bench/archive-import-child.ts DIR STORE
 */
import { importDataset } from '../src/lab/data/import/formats';
import { openPathSource } from '../src/lab/data/import/node-file-source';
import { FsDatasetStore } from '../src/lab/store/fs-store';

const [dir, storeDir] = process.argv.slice(2);
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const rssBefore = process.memoryUsage().rss;
let peakHeap = 0;
let peakRss = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
  peakRss = Math.max(peakRss, m.rss);
};
const sampler = setInterval(sample, 50);
const gc = (globalThis as { gc?: () => void }).gc;
/** Heap still reachable, after a full collection (NaN without --expose-gc). */
const liveHeap = () => {
  if (!gc) return NaN;
  gc();
  const m = process.memoryUsage();
  return mb(m.heapUsed + m.external + m.arrayBuffers);
};
let livePlanned = NaN;

const start = performance.now();
let planned = 0;
let lastLog = 0;
const source = await openPathSource(dir);
if (!source) throw new Error(`not a folder: ${dir}`);
const result = await importDataset(
  'celeba',
  source,
  new FsDatasetStore(storeDir),
  { size: 16, id: 'bench' },
  {
    signal: new AbortController().signal,
    report: (p) => {
      if (p.phase === 'import' && planned === 0) {
        planned = performance.now();
        livePlanned = liveHeap();
      }
      if (p.phase === 'import' && performance.now() - lastLog > 20_000) {
        lastLog = performance.now();
        console.error(
          `   ${p.done}/${p.total} (${p.message ?? ''}), eta ${p.etaSeconds?.toFixed(0) ?? '?'} s`,
        );
      }
    },
  },
);
const end = performance.now();
await source.close?.();
sample();
const liveEnd = liveHeap();
clearInterval(sampler);
console.log(
  JSON.stringify({
    n_images: result.manifest.nImages,
    n_skipped: result.skipped.length,
    plan_s: (planned - start) / 1000,
    import_s: (end - planned) / 1000,
    peak_rss_mb: Math.max(mb(peakRss), Math.round(process.resourceUsage().maxRSS / 100) / 10),
    peak_heap_mb: mb(peakHeap),
    rss_before_mb: mb(rssBefore),
    live_heap_planned_mb: livePlanned,
    live_heap_end_mb: liveEnd,
  }),
);

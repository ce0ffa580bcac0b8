import {
  createBrowserDecoder,
  detectImageFormat,
  type DecodedImage,
  type ImageDecoder,
} from '../../lab/data/decode';
import {
  FileListSource,
  ZipFileSource,
  importDataset,
  planImport,
  previewCsv,
  summarisePlan,
  withArchives,
  type FileLike,
  type FileSource,
  type ImportPlan,
} from '../../lab/data/import';
import { throwIfCancelled, type JobContext } from '../../lab/jobs/job';
import { attribute, SPLIT_NAMES, type DatasetManifest } from '../../lab/data/types';
import { storageEstimate } from '../../lab/store/quota';
import type { Handlers } from '../api';
import {
  SPLIT_AXIS,
  type CrossTable,
  type CrossTableRequest,
  type ImportPreview,
  type ImportSourceInput,
  type ImportsApi,
} from '../api/imports';
import type { LabContext } from './context';

/** Skipped files sent with a preview (the import itself reports all of them). */
const PREVIEW_SKIPPED = 50;
const CSV_PREVIEW_ROWS = 20;

export function importHandlers(ctx: LabContext): Handlers<ImportsApi> {
  let decoder: ImageDecoder | undefined;
  /** Cross tables by dataset (datasets never change once committed). */
  const tables = new Map<string, CrossTable>();

  return {
    storageEstimate: () => storageEstimate(),

    async previewImport({ format, source: input, csvPath, mapping }) {
      const source = openSource(input);
      const paths = await source.list();
      const csvFiles = paths.filter((p) => /\.csv$/i.test(p));
      const preview: ImportPreview = { sourceName: source.name, nFiles: paths.length, csvFiles };
      if (paths.length === 0) {
        preview.planError = `${source.name} holds no files.`;
        return preview;
      }
      let plan: ImportPlan;
      try {
        if (format === 'csv') {
          const path = csvPath ?? csvFiles[0];
          if (!path) throw new Error(`A CSV import needs a .csv file in ${source.name}; found none.`);
          preview.csv = { path, ...(await previewCsv(source, path, CSV_PREVIEW_ROWS)) };
          if (!mapping) return preview;
          plan = await planImport('csv', source, { csvPath: path, mapping });
        } else {
          plan = await planImport(format, source, { csvPath });
        }
      } catch (error) {
        preview.planError = error instanceof Error ? error.message : String(error);
        return preview;
      }
      preview.plan = summarisePlan(plan, {}, source, PREVIEW_SKIPPED);
      if (preview.plan.nImages === 0) {
        const { nSkipped, skipped } = preview.plan;
        preview.planError =
          `No ${format} images found in ${source.name} (${paths.length} files, ` +
          `${nSkipped} skipped${skipped[0] ? `; first: ${skipped[0].file}: ${skipped[0].reason}` : ''}).`;
      }
      return preview;
    },

    async importDataset({ format, source: input, csvPath, mapping, options }, job) {
      const source = openSource(input);
      if (format === 'csv' && !csvPath)
        throw new Error('A CSV import needs its CSV file and column mapping.');
      decoder ??= grayAware(createBrowserDecoder());
      const name = options.name?.trim() || undefined;
      return importDataset(
        format,
        source,
        ctx.datasets,
        { ...options, name, csvPath, mapping, decoder },
        job,
      );
    },

    async crossCounts({ id, tables: requests }, job) {
      const manifest = await ctx.datasets.manifest(id);
      if (!manifest) throw new Error(`No dataset with id "${id}"`);
      const key = (r: CrossTableRequest) => `${id}\u0000${manifest.createdAt}\u0000${r.rows}\u0000${r.cols}`;
      const todo = requests.filter(
        (r, i) => !tables.has(key(r)) && requests.findIndex((q) => key(q) === key(r)) === i,
      );
      if (todo.length > 0) {
        const computed = await computeCrossTables(ctx, manifest, todo, job);
        todo.forEach((r, i) => tables.set(key(r), computed[i]));
      }
      return requests.map((r) => tables.get(key(r))!);
    },
  };
}

/**
 * A FileSource over what the UI posted: File objects keep their picked-folder paths, and are
 * read on demand (a zip through Blob slices, never whole); a .zip inside a picked folder reads as
 * if extracted next to it (CelebA as downloaded).
 */
function openSource(input: ImportSourceInput): FileSource {
  if (input.kind === 'zip') return new ZipFileSource(input.zip, input.zip.name);
  const files: FileLike[] = input.files.map(({ file, path }) => ({
    name: file.name,
    webkitRelativePath: path || file.name,
    arrayBuffer: () => file.arrayBuffer(),
    blob: () => file,
  }));
  return withArchives(new FileListSource(files, input.name));
}

/**
 * The native decoder always returns RGBA, so with channels 'auto' a grayscale dataset (e.g. AT&T's
 * gray PNGs) would be stored as RGB. Files whose own header says gray come back as 1 channel, as
 * the pure decoder returns them.
 */
function grayAware(inner: ImageDecoder): ImageDecoder {
  return {
    name: inner.name,
    async decode(bytes, name) {
      const image = await inner.decode(bytes, name);
      return image.channels !== 1 && encodedGray(bytes) ? firstChannel(image) : image;
    },
  };
}

/** True when a PNG's colour type or a JPEG's frame header says the file is grayscale. */
function encodedGray(bytes: Uint8Array): boolean {
  const format = detectImageFormat(bytes);
  if (format === 'png') return bytes.length > 25 && (bytes[25] === 0 || bytes[25] === 4);
  if (format !== 'jpeg') return false;
  // Walk the JPEG markers to the first SOFn frame header: FF Cn, length, precision, h, w, components.
  for (let at = 2; at + 9 < bytes.length;) {
    if (bytes[at] !== 0xff) return false;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return bytes[at + 9] === 1;
    }
    if (marker === 0xd9 || marker === 0xda) return false;
    at += 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
  }
  return false;
}

function firstChannel(image: DecodedImage): DecodedImage {
  const n = image.width * image.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = image.data[i * image.channels];
  return { width: image.width, height: image.height, channels: 1, data };
}

interface Axis {
  values: string[];
  codes(shard: { categorical: Record<string, Int32Array>; split: Uint8Array }): ArrayLike<number>;
}

function axis(manifest: DatasetManifest, name: string): Axis {
  if (name === SPLIT_AXIS) return { values: [...SPLIT_NAMES], codes: (s) => s.split };
  const attr = attribute(manifest, name);
  return { values: attr.values, codes: (s) => s.categorical[name] ?? [] };
}

/** One pass over the shards for every requested table. */
async function computeCrossTables(
  ctx: LabContext,
  manifest: DatasetManifest,
  requests: CrossTableRequest[],
  job: JobContext,
): Promise<CrossTable[]> {
  const axes = requests.map((r) => [axis(manifest, r.rows), axis(manifest, r.cols)] as const);
  const out: CrossTable[] = requests.map((r, t) => ({
    rows: r.rows,
    cols: r.cols,
    rowValues: axes[t][0].values,
    colValues: axes[t][1].values,
    counts: axes[t][0].values.map(() => new Array<number>(axes[t][1].values.length).fill(0)),
    missing: 0,
  }));
  for (let s = 0; s < manifest.nShards; s++) {
    throwIfCancelled(job.signal);
    const shard = await ctx.datasets.shard(manifest.id, s);
    out.forEach((table, t) => {
      const rowCodes = axes[t][0].codes(shard);
      const colCodes = axes[t][1].codes(shard);
      for (let i = 0; i < shard.n; i++) {
        const r = rowCodes[i] ?? -1;
        const c = colCodes[i] ?? -1;
        if (r < 0 || c < 0 || r >= table.rowValues.length || c >= table.colValues.length) table.missing++;
        else table.counts[r][c]++;
      }
    });
    job.report({ phase: 'count', done: s + 1, total: manifest.nShards, etaSeconds: null });
  }
  return out;
}

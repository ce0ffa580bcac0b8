import {
  readCompressibleModel,
  runFilesToMap,
  type CompressibleModel,
} from '../../lab/compress/compressible-model';
import { exportCompressed } from '../../lab/compress/export';
import { measureExport } from '../../lab/compress/measure';
import { isPrunable } from '../../lab/compress/prunable';
import { pruneFilters } from '../../lab/compress/structured-pruning';
import { resolveSweep, runSweep, sweepId } from '../../lab/compress/sweep';
import { IdbSweepStore, type SweepStore } from '../../lab/compress/sweep-store';
import type { SweepRecord } from '../../lab/compress/sweep-types';
import { imageBytes } from '../../lab/data/types';
import { isCancelled } from '../../lab/jobs/job';
import type { Handlers } from '../api';
import type { CompressApi, CompressModelSource } from '../api/compress';
import type { SampleImages } from '../api/datasets';
import { requireBackend, type LabContext } from './context';

interface FairnessLabMeta {
  target?: string;
  task?: 'classification' | 'identification';
  runId?: string;
}

interface Loaded {
  model: CompressibleModel;
  ref: SweepRecord['model'];
}

export function compressHandlers(
  ctx: LabContext,
  sweeps: SweepStore = new IdbSweepStore(),
): Handlers<CompressApi> {
  // The live sweep check reloads the same model on every keystroke: keep the last one read
  // (techniques never change a model, so sharing it is safe).
  let cached: { key: string; value: Promise<Loaded> } | null = null;
  const sourceKey = (source: CompressModelSource) =>
    source.kind === 'run'
      ? `run:${source.runId}`
      : `files:${source.name}:${source.files.map((f) => `${f.name}=${f.bytes.byteLength}`).join(',')}`;
  const load = (source: CompressModelSource): Promise<Loaded> => {
    const key = sourceKey(source);
    if (cached?.key !== key) {
      const value = read(source);
      cached = { key, value };
      value.catch(() => {
        if (cached?.key === key) cached = null;
      });
    }
    return cached.value;
  };
  const read = async (source: CompressModelSource): Promise<Loaded> => {
    if (source.kind === 'run') {
      const [run, files] = await Promise.all([ctx.runs.get(source.runId), ctx.runs.modelFiles(source.runId)]);
      if (!run || !files)
        throw new Error(`No saved model for run "${source.runId}" (deleted, or trained in another browser)`);
      const name = `${run.model.name} (${run.id})`;
      return {
        model: await readCompressibleModel(runFilesToMap(files), name),
        ref: { name, source: 'run', runId: run.id },
      };
    }
    const files = new Map(source.files.map((f) => [f.name, f.bytes]));
    return {
      model: await readCompressibleModel(files, source.name),
      ref: { name: source.name, source: 'files' },
    };
  };
  const manifestOf = async (id: string) => {
    const manifest = await ctx.datasets.manifest(id);
    if (!manifest) throw new Error(`No dataset with id "${id}"`);
    return manifest;
  };

  return {
    async inspectCompressModel(source) {
      requireBackend(ctx);
      const { model } = await load(source);
      const files = exportCompressed(model, new Map(), {});
      const size = measureExport(files, model);
      const meta = (model.userDefinedMetadata?.fairnessLab ?? {}) as FairnessLabMeta;
      const dataset = model.userDefinedMetadata?.dataset as { id?: string; name?: string } | undefined;
      let structuredProblem: string | null = null;
      try {
        pruneFilters(model, 0.5);
      } catch (error) {
        structuredProblem = (error as Error).message;
      }
      return {
        name: model.name,
        runId: source.kind === 'run' ? source.runId : meta.runId,
        inputShape: model.inputShape,
        outputShape: model.outputShape,
        parameters: size.parameters,
        sizeBytes: size.sizeBytes,
        sizeDeflateBytes: size.sizeDeflateBytes,
        prunable: model.weights
          .filter(isPrunable)
          .map((w) => ({ weight: w.name, layerClass: w.layerClass, count: w.values.length })),
        target: meta.target,
        task: meta.task,
        datasetId: dataset?.id,
        datasetName: dataset?.name,
        structuredProblem,
      };
    },

    async checkSweep({ source, datasetId, options }) {
      try {
        const [{ model }, manifest] = await Promise.all([load(source), manifestOf(datasetId)]);
        const resolved = resolveSweep(model, manifest, options);
        return { problems: [], evaluations: 1 + resolved.settings.length * options.repeats };
      } catch (error) {
        return { problems: [(error as Error).message], evaluations: 0 };
      }
    },

    async runSweep({ source, datasetId, options }, job) {
      requireBackend(ctx);
      const [{ model, ref }, manifest] = await Promise.all([load(source), manifestOf(datasetId)]);
      const id = sweepId();
      let last: SweepRecord | null = null;
      try {
        return await runSweep({ base: model, model: ref, store: ctx.datasets, manifest, options, id }, job, {
          onUpdate: async (record) => {
            last = record;
            await sweeps.put(record);
          },
          onFiles: (key, files) => sweeps.putFiles(id, key, files),
        });
      } catch (error) {
        // Keep what finished, marked as cut short; a sweep that never started leaves nothing.
        const partial = last as SweepRecord | null;
        if (partial)
          await sweeps.put({
            ...partial,
            status: isCancelled(error) ? 'cancelled' : 'failed',
            error: isCancelled(error) ? undefined : (error as Error).message,
            updatedAt: new Date().toISOString(),
          });
        throw error;
      }
    },

    listSweeps: () => sweeps.list(),
    deleteSweep: ({ id }) => sweeps.delete(id),

    async exportCompressedModel({ sweepId: id, settingKey }) {
      const files = await sweeps.files(id, settingKey);
      if (!files) throw new Error(`No exported model for "${settingKey}" in sweep "${id}"`);
      return files;
    },

    async cieImages({ sweepId: id, settingKey, group, count }) {
      const record = await sweeps.get(id);
      if (!record) throw new Error(`No sweep "${id}"`);
      const setting = record.settings.find((s) => s.key === settingKey);
      if (!setting?.cie)
        throw new Error(`"${settingKey}" has no compression-identified exemplars (it needs ≥ 2 repeats)`);
      const manifest = await manifestOf(record.datasetId);
      const stride = imageBytes(manifest.image);
      const result: SampleImages = {
        size: manifest.image.size,
        channels: manifest.image.channels,
        images: [],
      };
      const name = (i: number) => record.labelNames[i] ?? String(i);
      for (const e of (setting.cie.examples[group] ?? []).slice(0, count)) {
        const shard = await ctx.datasets.shard(manifest.id, Math.floor(e.index / manifest.shardSize));
        const row = e.index % manifest.shardSize;
        result.images.push({
          pixels: shard.pixels.slice(row * stride, (row + 1) * stride),
          labels: {
            [record.target]: name(e.label),
            uncompressed: name(e.baseline),
            compressed: name(e.compressed),
            [record.groupAttribute]: group,
          },
        });
      }
      return result;
    },
  };
}

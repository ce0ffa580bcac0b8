import { generateSyntheticDataset, syntheticDatasetId } from '../../lab/data/synthetic/generate';
import { attribute, imageBytes } from '../../lab/data/types';
import { withCurrentName } from '../../lab/data/synthetic/naming';
import { checkedDatasetName } from '../../lab/store/dataset-name';
import { exportBundle, importBundle } from '../../lab/store/bundle';
import type { Handlers } from '../api';
import type { DatasetsApi, SampleImages } from '../api/datasets';
import type { LabContext } from './context';

export function datasetHandlers(ctx: LabContext): Handlers<DatasetsApi> {
  return {
    listDatasets: async () => (await ctx.datasets.list()).map(withCurrentName),
    async generateSynthetic({ config, name }, job) {
      // Same config, same bytes: an already stored copy is returned instead of a clash.
      const existing = await ctx.datasets.manifest(syntheticDatasetId(config));
      return existing ?? generateSyntheticDataset(config, ctx.datasets, job, { name });
    },
    deleteDataset: ({ id }) => ctx.datasets.delete(id),
    async renameDataset({ id, name }) {
      const others = (await ctx.datasets.list()).filter((d) => d.id !== id).map(withCurrentName);
      return ctx.datasets.rename(id, checkedDatasetName(name, others));
    },
    exportBundle: ({ id }, job) => exportBundle(ctx.datasets, id, job),
    importBundle: ({ bytes }, job) => importBundle(ctx.datasets, bytes, job),
    async sampleImages({ id, attribute: name, value, count }) {
      const manifest = await ctx.datasets.manifest(id);
      if (!manifest) throw new Error(`No dataset with id "${id}"`);
      const attr = attribute(manifest, name);
      const code = attr.values.indexOf(value);
      const stride = imageBytes(manifest.image);
      const result: SampleImages = {
        size: manifest.image.size,
        channels: manifest.image.channels,
        images: [],
      };
      for (let s = 0; s < manifest.nShards && result.images.length < count; s++) {
        const shard = await ctx.datasets.shard(id, s);
        const values = shard.categorical[name];
        for (let i = 0; i < shard.n && result.images.length < count; i++) {
          if (values[i] !== code) continue;
          const labels: Record<string, string> = {};
          for (const a of manifest.categorical) {
            const v = shard.categorical[a.name]?.[i];
            if (v !== undefined && v >= 0) labels[a.name] = a.values[v];
          }
          result.images.push({ pixels: shard.pixels.slice(i * stride, (i + 1) * stride), labels });
        }
      }
      return result;
    },
  };
}

import { imageBytes, type DatasetManifest, type Shard } from '../data/types';

/** Throws a clear error when a shard does not fit its manifest (e.g. from a damaged file). */
export function checkShard(shard: Shard, manifest: DatasetManifest, expectedIndex: number): void {
  const where = `Shard ${expectedIndex} of "${manifest.name}"`;
  const fail = (what: string) => {
    throw new Error(`${where} is damaged: ${what}`);
  };
  if (shard.index !== expectedIndex) fail(`it says it is shard ${shard.index}`);
  const n = shard.n;
  if (!Number.isInteger(n) || n < 0 || n > manifest.shardSize) fail(`bad image count ${n}`);
  if (shard.pixels.length !== n * imageBytes(manifest.image))
    fail(`${shard.pixels.length} pixel bytes for ${n} images`);
  if (shard.split.length !== n) fail(`${shard.split.length} split codes for ${n} images`);
  for (const { name } of manifest.categorical) {
    if (shard.categorical[name]?.length !== n) fail(`attribute "${name}" is missing or the wrong length`);
  }
  for (const { name } of manifest.numeric) {
    if (shard.numeric[name]?.length !== n) fail(`numeric attribute "${name}" is missing or the wrong length`);
  }
  if (manifest.hasFiles && shard.files?.length !== n) fail('file names are missing or the wrong length');
}

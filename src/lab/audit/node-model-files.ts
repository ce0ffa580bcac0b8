/** Node-only: reads a model.json and the weight shards it names from disk. Keep out of browser bundles. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AuditError } from './errors';
import { parseModelJson } from './model-files';

/** model.json (under its own base name) and each shard (under its manifest path) → bytes. */
export async function readModelFiles(modelJsonPath: string): Promise<Map<string, Uint8Array>> {
  const read = async (path: string) => {
    try {
      const buffer = await readFile(path);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      throw new AuditError('model-files', `Cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const jsonBytes = await read(modelJsonPath);
  const json = parseModelJson(new TextDecoder().decode(jsonBytes), modelJsonPath);
  const files = new Map<string, Uint8Array>([[basename(modelJsonPath), jsonBytes]]);
  for (const path of (json.weightsManifest ?? []).flatMap((group) => group.paths)) {
    files.set(path, await read(join(dirname(modelJsonPath), path)));
  }
  return files;
}

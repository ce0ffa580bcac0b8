/**
 * Loads a released tfjs model (LayersModel or GraphModel) from its files — `model.json` plus the
 * weight shards it names — given as bytes (picker, drag-drop, a directory in Node) or a URL.
 */
import * as tf from '@tensorflow/tfjs';
import { AuditError, UnsupportedOpError } from './errors';
import { checkOps, graphOps } from './op-support';

export type ModelFormat = 'layers-model' | 'graph-model';

/** The parts of model.json the audit reads. */
export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: Record<string, unknown>;
  weightsManifest?: tf.io.WeightsManifestConfig;
  signature?: Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: Record<string, unknown>;
}

/** Files by name (path inside the model folder or plain base name) → bytes. */
export type ModelFileMap = ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;

export type LoadedModel = {
  name: string;
  json: ModelJson;
  /** Bytes of model.json and of all weight shards. */
  jsonBytes: number;
  weightBytes: number;
} & ({ format: 'layers-model'; model: tf.LayersModel } | { format: 'graph-model'; model: tf.GraphModel });

/** 'layers-model' or 'graph-model', from the format field or, failing that, the topology's shape. */
export function detectModelFormat(json: ModelJson): ModelFormat {
  if (json.format === 'layers-model' || json.format === 'graph-model') return json.format;
  const topology = json.modelTopology;
  if (topology && Array.isArray(topology.node)) return 'graph-model';
  if (topology && (topology.model_config !== undefined || topology.class_name !== undefined))
    return 'layers-model';
  throw new AuditError(
    'model-files',
    `model.json is neither a tfjs LayersModel nor a GraphModel (format "${json.format ?? 'missing'}", no recognisable modelTopology)`,
  );
}

export function parseModelJson(text: string, name = 'model.json'): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AuditError('model-files', `${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || !('modelTopology' in json)) {
    throw new AuditError('model-files', `${name} has no "modelTopology": is it a tfjs model.json?`);
  }
  return json as ModelJson;
}

/** Loads from files: the one `.json` among them (or `model.json`) and the shards its manifest names. */
export async function loadModelFromFiles(files: ModelFileMap, name?: string): Promise<LoadedModel> {
  const byName = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  const jsonName = pickModelJson([...byName.keys()]);
  const jsonBytes = byName.get(jsonName)!;
  const json = parseModelJson(new TextDecoder().decode(jsonBytes), jsonName);
  const shards = (json.weightsManifest ?? []).flatMap((group) => group.paths);
  const bytes = shards.map((path) => findFile(byName, path, jsonName));
  return instantiate(json, bytes, name ?? modelName(jsonName), jsonBytes.byteLength);
}

/** Loads from a URL to model.json; shards are fetched relative to it. */
export async function loadModelFromUrl(url: string, fetchFn: typeof fetch = fetch): Promise<LoadedModel> {
  const get = async (target: string): Promise<Uint8Array> => {
    const response = await fetchFn(target).catch((error: unknown) => {
      // A network error: offline, or a cross-origin server without CORS headers (the lab's page is
      // cross-origin isolated, so such a server must send Access-Control-Allow-Origin).
      throw new AuditError(
        'model-files',
        `Could not fetch ${target}: ${error instanceof Error ? error.message : String(error)}. ` +
          'A model on another site must be served with CORS (Access-Control-Allow-Origin) or ' +
          'Cross-Origin-Resource-Policy: cross-origin',
      );
    });
    if (!response.ok)
      throw new AuditError('model-files', `Could not fetch ${target}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const jsonBytes = await get(url);
  const json = parseModelJson(new TextDecoder().decode(jsonBytes), url);
  const shards = (json.weightsManifest ?? []).flatMap((group) => group.paths);
  const bytes = await Promise.all(shards.map((path) => get(new URL(path, url).href)));
  return instantiate(json, bytes, modelName(new URL(url).pathname), jsonBytes.byteLength);
}

async function instantiate(
  json: ModelJson,
  shards: Uint8Array[],
  name: string,
  jsonBytes: number,
): Promise<LoadedModel> {
  const format = detectModelFormat(json);
  const weightData = tf.io.concatenateArrayBuffers(
    shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  );
  const weightSpecs = (json.weightsManifest ?? []).flatMap((group) => group.weights);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs,
    weightData,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
    modelInitializer: json.modelInitializer as tf.io.ModelArtifacts['modelInitializer'],
  };
  const base = { name, json, jsonBytes, weightBytes: weightData.byteLength };
  try {
    if (format === 'layers-model') {
      return { ...base, format, model: await tf.loadLayersModel(tf.io.fromMemory(artifacts)) };
    }
    return { ...base, format, model: await tf.loadGraphModel(tf.io.fromMemory(artifacts)) };
  } catch (error) {
    // A graph tfjs cannot even parse often holds ops it does not know: name them.
    const unsupported =
      format === 'graph-model' ? checkOps(graphOps(json.modelTopology)).filter((o) => !o.supported) : [];
    if (unsupported.length > 0)
      throw new UnsupportedOpError(
        unsupported.map((o) => o.op),
        tf.getBackend(),
      );
    throw new AuditError(
      'model-files',
      `Could not load the ${format} "${name}": ${(error as Error).message}`,
    );
  }
}

function pickModelJson(names: string[]): string {
  const exact = names.filter((n) => baseName(n) === 'model.json');
  const candidates = exact.length > 0 ? exact : names.filter((n) => n.toLowerCase().endsWith('.json'));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) throw new AuditError('model-files', 'No model.json among the files given');
  throw new AuditError(
    'model-files',
    `Several model JSON files given (${candidates.join(', ')}); give one model at a time`,
  );
}

function findFile(files: Map<string, Uint8Array>, path: string, jsonName: string): Uint8Array {
  const found = files.get(path) ?? files.get(baseName(path));
  if (found) return found;
  const match = [...files.keys()].find((name) => baseName(name) === baseName(path));
  if (match) return files.get(match)!;
  throw new AuditError('model-files', `${jsonName} needs the weight file "${path}", which was not given`);
}

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

/** "faceres.json" → "faceres"; "my-model/model.json" → "my-model". */
function modelName(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/').filter(Boolean);
  const file = parts.at(-1) ?? 'model.json';
  if (file === 'model.json' && parts.length > 1) return parts.at(-2)!;
  return file.replace(/\.json$/i, '');
}

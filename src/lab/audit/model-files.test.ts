import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditError } from './errors';
import { detectModelFormat, loadModelFromFiles, loadModelFromUrl, type ModelJson } from './model-files';
import { tinyGraphModelFiles, tinyLayersModelFiles } from '../test-support/audit-fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('detectModelFormat', () => {
  it('reads the format field, or else the shape of the topology', () => {
    expect(detectModelFormat({ format: 'graph-model', modelTopology: {} })).toBe('graph-model');
    expect(detectModelFormat({ modelTopology: { node: [] } } as ModelJson)).toBe('graph-model');
    expect(detectModelFormat({ modelTopology: { class_name: 'Sequential' } } as ModelJson)).toBe(
      'layers-model',
    );
    expect(() => detectModelFormat({ modelTopology: {} } as ModelJson)).toThrow(
      /neither a tfjs LayersModel nor a GraphModel/,
    );
  });
});

describe('loadModelFromFiles', () => {
  it('round-trips a LayersModel through model.json + weights.bin and keeps its predictions', async () => {
    const files = await tinyLayersModelFiles(8, 3, ['no', 'yes'], 'smile');
    const a = await loadModelFromFiles(files);
    const b = await loadModelFromFiles(files);
    expect(a.format).toBe('layers-model');
    expect(a.weightBytes).toBe(files.get('weights.bin')!.byteLength);
    const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3);
    if (a.format !== 'layers-model' || b.format !== 'layers-model') throw new Error('expected LayersModels');
    const [pa, pb] = [a.model.predict(x) as tf.Tensor, b.model.predict(x) as tf.Tensor];
    expect(Array.from(await pa.data())).toEqual(Array.from(await pb.data()));
    tf.dispose([x, pa, pb]);
  });

  it('finds shards by base name and names a missing one', async () => {
    const files = await tinyLayersModelFiles(8, 3, ['no', 'yes'], 'smile');
    const nested = new Map([...files].map(([name, bytes]) => [`picked/${name}`, bytes]));
    expect((await loadModelFromFiles(nested)).name).toBe('picked');
    files.delete('weights.bin');
    await expect(loadModelFromFiles(files)).rejects.toThrow(/needs the weight file "weights.bin"/);
  });

  it('loads a GraphModel and rejects files without a model JSON', async () => {
    const graph = await loadModelFromFiles(tinyGraphModelFiles('Relu'));
    expect(graph.format).toBe('graph-model');
    await expect(loadModelFromFiles(new Map([['weights.bin', new Uint8Array(4)]]))).rejects.toThrow(
      AuditError,
    );
  });

  it('loads from a URL, fetching shards relative to it', async () => {
    const files = await tinyLayersModelFiles(8, 1, ['a', 'b'], 't');
    const fetched: string[] = [];
    const fakeFetch = (async (url: string) => {
      fetched.push(url);
      const bytes = files.get(url.slice(url.lastIndexOf('/') + 1));
      return bytes
        ? new Response(bytes.slice().buffer as ArrayBuffer)
        : new Response('missing', { status: 404 });
    }) as typeof fetch;
    const loaded = await loadModelFromUrl('https://models.example/smile/model.json', fakeFetch);
    expect(loaded.name).toBe('smile');
    expect(fetched).toEqual([
      'https://models.example/smile/model.json',
      'https://models.example/smile/weights.bin',
    ]);
  });

  it('says what was tried and what the server must allow when a fetch fails', async () => {
    const files = await tinyLayersModelFiles(8, 1, ['a', 'b'], 't');
    // The browser's own words for a request CORS refused.
    const refused = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(
      loadModelFromUrl('https://models.example/smile/model.json', refused, { crossOriginIsolated: true }),
    ).rejects.toThrow(
      /^Could not fetch https:\/\/models\.example\/smile\/model\.json \(Failed to fetch\)\. .*CORS: Access-Control-Allow-Origin.*Cross-Origin-Resource-Policy: cross-origin/,
    );
    await expect(loadModelFromUrl('https://models.example/smile/model.json', refused)).rejects.toThrow(
      /^(?!.*Cross-Origin-Resource-Policy).*allows cross-origin requests/,
    );

    // model.json arrives, its shard does not: both URLs are named, with what happened to each.
    const jsonOnly = (async (url: string) => {
      if (url.endsWith('model.json'))
        return new Response(files.get('model.json')!.slice().buffer as ArrayBuffer);
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(loadModelFromUrl('https://models.example/smile/model.json', jsonOnly)).rejects.toThrow(
      /model\.json loaded, then shard 1 of 1 https:\/\/models\.example\/smile\/weights\.bin failed \(Failed to fetch\)/,
    );
    const notFound = (async (url: string) =>
      url.endsWith('model.json')
        ? new Response(files.get('model.json')!.slice().buffer as ArrayBuffer)
        : new Response('missing', { status: 404 })) as typeof fetch;
    await expect(loadModelFromUrl('https://models.example/smile/model.json', notFound)).rejects.toThrow(
      /weights\.bin failed \(HTTP 404\)\. HTTP 404: no file at that URL/,
    );
  });
});

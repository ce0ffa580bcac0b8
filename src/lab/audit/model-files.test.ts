import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditError } from './errors';
import { detectModelFormat, loadModelFromFiles, loadModelFromUrl, type ModelJson } from './model-files';
import { tinyGraphModelFiles, tinyLayersModelFiles } from './test-fixtures';

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
});

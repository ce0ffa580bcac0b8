import { useEffect, useState } from 'react';
import type { DatasetManifest } from '../../../lab/data/types';
import type { SampleImages } from '../../../worker/api/datasets';
import { ImageGrid } from '../../components/ImageGrid';
import { useLab } from '../../lab-session';

/** Counts per attribute value and a grid of sample images per group. */
export function DatasetDetails({ dataset }: { dataset: DatasetManifest }) {
  const { client } = useLab();
  const sensitive = dataset.categorical.filter((a) => a.sensitive);
  const [attribute, setAttribute] = useState(sensitive[0]?.name ?? '');
  const [samples, setSamples] = useState<Record<string, SampleImages>>({});
  useEffect(() => {
    const attr = dataset.categorical.find((a) => a.name === attribute);
    if (!attr) return;
    let stale = false;
    Promise.all(
      attr.values.map(async (value) => {
        const result = await client.call('sampleImages', { id: dataset.id, attribute, value, count: 8 }).promise;
        return [value, result] as const;
      }),
    ).then((entries) => !stale && setSamples(Object.fromEntries(entries)));
    return () => {
      stale = true;
    };
  }, [client, dataset, attribute]);
  return (
    <div data-testid="dataset-details">
      <h3>{dataset.name}</h3>
      {dataset.warnings.length > 0 && (
        <ul className="warning" data-testid="dataset-warnings">
          {dataset.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <p className="muted">
        Split ({dataset.split.kind}, seed {dataset.split.seed}): {dataset.split.counts.train} train · {dataset.split.counts.val} val ·{' '}
        {dataset.split.counts.test} test
      </p>
      <div className="counts">
        {Object.entries(dataset.counts).map(([name, counts]) => (
          <table className="table" key={name} data-testid={`counts-${name}`}>
            <thead>
              <tr>
                <th>{name}</th>
                <th>images</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(counts).map(([value, count]) => (
                <tr key={value}>
                  <td>{value}</td>
                  <td>{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      {sensitive.length > 0 && (
        <>
          <label>
            Samples by{' '}
            <select value={attribute} onChange={(e) => setAttribute(e.target.value)}>
              {sensitive.map((a) => (
                <option key={a.name}>{a.name}</option>
              ))}
            </select>
          </label>
          {Object.entries(samples).map(([value, s]) => (
            <div key={value} className="sample-row" data-testid={`samples-${value}`}>
              <strong>{value}</strong>
              <ImageGrid images={s.images} size={s.size} channels={s.channels} />
            </div>
          ))}
        </>
      )}
    </div>
  );
}

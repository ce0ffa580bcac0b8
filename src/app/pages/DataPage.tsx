import { useCallback, useEffect, useState } from 'react';
import type { DatasetManifest } from '../../lab/data/types';
import { useLab } from '../lab-session';
import { useJob } from '../hooks/useJob';
import { JobProgress } from '../components/JobProgress';
import { downloadFile } from '../download';
import { DatasetDetails } from './data/DatasetDetails';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Stored datasets: size, counts, samples; delete; bundle export and import. */
export function DataPage() {
  const { client, session } = useLab();
  const [datasets, setDatasets] = useState<DatasetManifest[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const bundleJob = useJob<DatasetManifest>();
  const refresh = useCallback(async () => setDatasets(await client.call('listDatasets', undefined).promise), [client]);
  useEffect(() => {
    if (session.status === 'ready') void refresh();
  }, [session.status, refresh]);

  const remove = async (d: DatasetManifest) => {
    if (!window.confirm(`Delete dataset "${d.name}" (${d.nImages} images)? This cannot be undone.`)) return;
    await client.call('deleteDataset', { id: d.id }).promise;
    if (selected === d.id) setSelected(null);
    await refresh();
  };
  const exportBundle = async (d: DatasetManifest) => {
    const bytes = await client.call('exportBundle', { id: d.id }).promise;
    downloadFile(`${d.name}.flab`, bytes);
  };
  const importBundle = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    await bundleJob.start((onProgress) => client.call('importBundle', { bytes }, onProgress));
    await refresh();
  };
  const shown = datasets.find((d) => d.id === selected);
  return (
    <section className="page" data-testid="page-data">
      <div className="card">
        <h2>Datasets</h2>
        <table className="table" data-testid="dataset-list">
          <thead>
            <tr>
              <th>name</th>
              <th>images</th>
              <th>size</th>
              <th>disk</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.id} data-testid={`dataset-row-${d.name}`} className={d.id === selected ? 'selected' : ''}>
                <td>
                  <button type="button" className="link" onClick={() => setSelected(d.id)}>
                    {d.name}
                  </button>
                </td>
                <td>{d.nImages}</td>
                <td>
                  {d.image.size}×{d.image.size}×{d.image.channels}
                </td>
                <td>{mb(d.bytes)}</td>
                <td>
                  <button type="button" onClick={() => exportBundle(d)}>
                    Export bundle
                  </button>
                  <button type="button" onClick={() => remove(d)} data-testid={`delete-${d.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {datasets.length === 0 && <p className="muted">No datasets stored. Generate one on the Train page.</p>}
        <label>
          Import a bundle (.flab){' '}
          <input type="file" accept=".flab" onChange={(e) => e.target.files?.[0] && importBundle(e.target.files[0])} />
        </label>
        <JobProgress state={bundleJob.state} onCancel={bundleJob.cancel} label="bundle" />
      </div>
      {shown && (
        <div className="card">
          <DatasetDetails dataset={shown} />
        </div>
      )}
    </section>
  );
}

import { Fragment, useCallback, useEffect, useState } from 'react';
import type { DatasetManifest } from '../../lab/data/types';
import type { StorageEstimate } from '../../lab/store/quota';
import { useLab } from '../lab-session';
import { useJob } from '../hooks/useJob';
import { JobProgress } from '../components/JobProgress';
import { downloadFile } from '../download';
import { DatasetDetails } from './data/DatasetDetails';
import { ImportCard } from './data/ImportCard';
import { formatBytes } from './data/sources';
import './data/data.css';

/**
 * Stored datasets: size, counts, samples (opened under the clicked row); delete; bundle export
 * and import; dataset import.
 */
export function DataPage() {
  const { client, session } = useLab();
  const [datasets, setDatasets] = useState<DatasetManifest[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [estimate, setEstimate] = useState<StorageEstimate | null | undefined>(undefined);
  const [listError, setListError] = useState<string | null>(null);
  const bundleJob = useJob<DatasetManifest>();
  const refresh = useCallback(async () => {
    try {
      setDatasets(await client.call('listDatasets', undefined).promise);
      setListError(null);
    } catch (error) {
      setListError((error as Error).message);
    }
    client.call('storageEstimate', undefined).promise.then(setEstimate, () => setEstimate(null));
  }, [client]);
  useEffect(() => {
    if (session.status === 'ready') void refresh();
  }, [session.status, refresh]);

  const remove = async (d: DatasetManifest) => {
    if (!window.confirm(`Delete dataset "${d.name}" (${d.nImages} images)? This cannot be undone.`)) return;
    await client.call('deleteDataset', { id: d.id }).promise;
    if (selected === d.id) setSelected(null);
    await refresh();
  };
  const rename = async (d: DatasetManifest) => {
    const name = window.prompt(`New name for "${d.name}"`, d.name);
    if (name === null || name.trim() === d.name) return;
    try {
      await client.call('renameDataset', { id: d.id, name }).promise;
    } catch (error) {
      await refresh();
      setListError((error as Error).message);
      return;
    }
    await refresh();
  };
  const exportBundle = async (d: DatasetManifest) => {
    const bytes = await client.call('exportBundle', { id: d.id }).promise;
    downloadFile(`${d.name.replace(/[^\w.-]+/g, '-')}.flab`, bytes);
  };
  const importBundle = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const manifest = await bundleJob.start((onProgress) =>
      client.call('importBundle', { bytes }, onProgress),
    );
    await refresh();
    if (manifest) setSelected(manifest.id);
  };
  const onImported = async (manifest: DatasetManifest | null) => {
    await refresh();
    if (manifest) setSelected(manifest.id);
  };
  return (
    <section className="page" data-testid="page-data">
      <div className="card">
        <h2>Datasets</h2>
        {listError && (
          <p className="error" role="alert">
            {listError}
          </p>
        )}
        <table className="table dataset-table" data-testid="dataset-list">
          <thead>
            <tr>
              <th>name</th>
              <th>source</th>
              <th>images</th>
              <th>size</th>
              <th>disk</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <Fragment key={d.id}>
                <tr data-testid={`dataset-row-${d.name}`} className={d.id === selected ? 'selected' : ''}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={d.id === selected}
                      onClick={() => setSelected(d.id === selected ? null : d.id)}
                    >
                      {d.name}
                    </button>
                  </td>
                  <td className="muted">{d.source.kind === 'import' ? d.source.format : d.source.kind}</td>
                  <td>{d.nImages}</td>
                  <td>
                    {d.image.size}×{d.image.size}×{d.image.channels}
                  </td>
                  <td>{formatBytes(d.bytes)}</td>
                  <td>
                    <button type="button" onClick={() => rename(d)} data-testid={`rename-${d.name}`}>
                      Rename
                    </button>
                    <button type="button" onClick={() => exportBundle(d)} data-testid={`export-${d.name}`}>
                      Export bundle
                    </button>
                    <button type="button" onClick={() => remove(d)} data-testid={`delete-${d.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
                {d.id === selected && (
                  // The details open right under the row that was clicked.
                  <tr className="details-row" data-testid={`dataset-details-row-${d.name}`}>
                    <td colSpan={6}>
                      <DatasetDetails key={d.id} dataset={d} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {datasets.length === 0 && (
          <p className="muted">No datasets stored. Generate one on the Train page, or import one below.</p>
        )}
        <label>
          Import a bundle (.flab){' '}
          <input
            type="file"
            accept=".flab"
            data-testid="bundle-input"
            onChange={(e) => e.target.files?.[0] && importBundle(e.target.files[0])}
          />
        </label>
        <JobProgress state={bundleJob.state} onCancel={bundleJob.cancel} label="bundle" />
      </div>
      <ImportCard estimate={estimate} onImported={onImported} />
    </section>
  );
}

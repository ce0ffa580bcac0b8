import { useState } from 'react';
import { parsePublished, type PublishedResults } from '../../../lab/compress/published';

/**
 * Published results to draw beside the lab's: a CSV in the format of Stoychev & Gunes's summary
 * (dataset, method, param, size_bytes_mean, acc_mean, f_acc_mean, m_acc_mean, …), picked by the user.
 */
export function PublishedCard({
  published,
  dataset,
  onPublished,
  onDataset,
}: {
  published: PublishedResults | null;
  dataset: string;
  onPublished(p: PublishedResults | null): void;
  onDataset(d: string): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const pick = async (file: File) => {
    try {
      const parsed = parsePublished(await file.text(), file.name);
      setError(null);
      onPublished(parsed);
      onDataset(parsed.datasets[0]);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="row" data-testid="published-card">
      <label className="file-button">
        Overlay published results (CSV)…
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="published-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void pick(file);
            e.target.value = '';
          }}
        />
      </label>
      {published && (
        <>
          <span className="muted" data-testid="published-name">
            {published.name}: {published.rows.length} rows
          </span>
          <label>
            Dataset
            <select
              value={dataset}
              onChange={(e) => onDataset(e.target.value)}
              data-testid="published-dataset"
            >
              {published.datasets.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="link" onClick={() => onPublished(null)}>
            remove
          </button>
        </>
      )}
      {error && (
        <p className="error" role="alert" data-testid="published-error">
          {error}
        </p>
      )}
    </div>
  );
}

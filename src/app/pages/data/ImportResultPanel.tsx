import { importReportCsv, importReportJson } from '../../../lab/data/import/import-report';
import { downloadFile } from '../../download';
import type { ImportOutcome } from '../../../worker/api/imports';

/** Skipped files listed on the page; the downloadable report always has all of them. */
const SHOWN_SKIPPED = 500;

/** After an import: counts, split, warnings, skipped files and the downloadable report. */
export function ImportResultPanel({ result, onDismiss }: { result: ImportOutcome; onDismiss: () => void }) {
  const { manifest, skipped, ignored } = result;
  const slug = manifest.name.replace(/[^\w.-]+/g, '_');
  const { split } = manifest;
  return (
    <div className="import-result" data-testid="import-result">
      <div className="row">
        <h3>
          Imported “{manifest.name}”: <span data-testid="import-result-images">{manifest.nImages}</span>{' '}
          images
        </h3>
        <button type="button" className="link" onClick={onDismiss}>
          dismiss
        </button>
      </div>
      <p>
        {manifest.image.size}×{manifest.image.size}×{manifest.image.channels} ·{' '}
        <strong data-testid="import-result-skipped">{skipped.length}</strong> file
        {skipped.length === 1 ? '' : 's'} skipped ·{' '}
        <strong data-testid="import-result-ignored">{ignored.length}</strong> ignored (not images or label
        files) · split {split.kind}: {split.counts.train} train · {split.counts.val} val · {split.counts.test}{' '}
        test
      </p>
      <div className="chips">
        {manifest.categorical
          .filter((a) => a.values.length <= 12)
          .map((a) => (
            <span key={a.name} className="chip" data-testid={`import-counts-${a.name}`}>
              <strong>{a.name}</strong>:{' '}
              {a.values.map((v) => `${v} ${manifest.counts[a.name]?.[v] ?? 0}`).join(' · ')}
            </span>
          ))}
        {manifest.categorical
          .filter((a) => a.values.length > 12)
          .map((a) => (
            <span key={a.name} className="chip">
              <strong>{a.name}</strong>: {a.values.length} values
            </span>
          ))}
      </div>
      {manifest.warnings.length > 0 && (
        <ul className="warning" data-testid="import-warnings">
          {manifest.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button
          type="button"
          className={skipped.length > 0 ? 'primary' : ''}
          data-testid="download-report"
          onClick={() => downloadFile(`${slug}-import-report.csv`, importReportCsv(result), 'text/csv')}
        >
          Download import report (CSV)
        </button>
        <button
          type="button"
          onClick={() =>
            downloadFile(
              `${slug}-import-report.json`,
              JSON.stringify(importReportJson(result), null, 2),
              'application/json',
            )
          }
        >
          JSON
        </button>
      </div>
      {ignored.length > 0 && (
        <details data-testid="ignored-list">
          <summary>
            {ignored.length} file{ignored.length === 1 ? '' : 's'} ignored (listed in the report too)
          </summary>
          <ul className="muted">
            {ignored.slice(0, SHOWN_SKIPPED).map((s) => (
              <li key={s.file}>
                <code>{s.file}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {skipped.length > 0 && (
        <div className="scroll-box">
          <table className="table" data-testid="skipped-list">
            <thead>
              <tr>
                <th>skipped file</th>
                <th>line</th>
                <th>reason</th>
              </tr>
            </thead>
            <tbody>
              {skipped.slice(0, SHOWN_SKIPPED).map((s, i) => (
                <tr key={i} data-testid="skipped-row">
                  <td>
                    <code>{s.file}</code>
                  </td>
                  <td>{s.line ?? ''}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {skipped.length > SHOWN_SKIPPED && (
            <p className="muted">
              First {SHOWN_SKIPPED} of {skipped.length} skipped files; the report lists all of them.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

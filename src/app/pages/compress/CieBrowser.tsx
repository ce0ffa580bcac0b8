import { useEffect, useState } from 'react';
import type { SweepRecord } from '../../../lab/compress/sweep-types';
import type { SampleImages } from '../../../worker/api/datasets';
import { ImageGrid } from '../../components/ImageGrid';
import { useLab } from '../../lab-session';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const PIXELS = 64;

/**
 * Compression-identified exemplars (Hooker et al. 2020) of one setting: the fraction per group,
 * accuracy on CIEs against the rest, and the CIE images of a group.
 */
export function CieBrowser({ record }: { record: SweepRecord }) {
  const { client } = useLab();
  const withCie = record.settings.filter((s) => s.cie);
  const [settingKey, setSettingKey] = useState(withCie[0]?.key ?? '');
  const setting = withCie.find((s) => s.key === settingKey) ?? withCie[0];
  const groups = Object.keys(setting?.cie?.byGroup ?? {});
  const [group, setGroup] = useState(groups[0] ?? '');
  const shownGroup = groups.includes(group) ? group : (groups[0] ?? '');
  const [images, setImages] = useState<SampleImages | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!setting || !shownGroup) return;
    let stale = false;
    client
      .call('cieImages', { sweepId: record.id, settingKey: setting.key, group: shownGroup, count: 32 })
      .promise.then(
        (result) => {
          if (stale) return;
          setImages(result);
          setError(null);
        },
        (e: Error) => !stale && setError(e.message),
      );
    return () => {
      stale = true;
    };
  }, [client, record.id, setting, shownGroup]);

  if (!setting?.cie)
    return (
      <p className="muted" data-testid="cie-none">
        Compression-identified exemplars need at least 2 repeats per setting.
      </p>
    );
  const cie = setting.cie;
  return (
    <div data-testid="cie-browser">
      <div className="row">
        <label>
          Setting
          <select
            value={setting.key}
            onChange={(e) => setSettingKey(e.target.value)}
            data-testid="cie-setting"
          >
            {withCie.map((s) => (
              <option key={s.key} value={s.key}>
                {s.key}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {cie.overall.cie} of {cie.overall.count} test images ({pct(cie.overall.fraction)}) change their
          modal label under compression.
        </span>
      </div>
      <table className="table" data-testid="cie-table">
        <thead>
          <tr>
            <th>{record.groupAttribute}</th>
            <th>n</th>
            <th>CIE fraction</th>
            <th>compressed acc on CIEs</th>
            <th>… on the rest</th>
            <th>uncompressed acc on CIEs</th>
            <th>… on the rest</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const v = cie.byGroup[g];
            return (
              <tr key={g} className={g === shownGroup ? 'selected' : ''} data-testid={`cie-row-${g}`}>
                <td>
                  <button type="button" className="link" onClick={() => setGroup(g)}>
                    {g}
                  </button>
                </td>
                <td>{v.count}</td>
                <td>{pct(v.fraction)}</td>
                <td>{pct(v.accuracyCie)}</td>
                <td>{pct(v.accuracyNonCie)}</td>
                <td>{pct(v.baselineAccuracyCie)}</td>
                <td>{pct(v.baselineAccuracyNonCie)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {images && (
        <div data-testid="cie-images" data-count={images.images.length}>
          <p className="muted">
            CIEs of {record.groupAttribute} = {shownGroup} (hover for the true, uncompressed and compressed
            labels; at most 32 shown).
          </p>
          {images.images.length === 0 ? (
            <p className="muted">None in this group.</p>
          ) : (
            <ImageGrid
              images={images.images}
              size={images.size}
              channels={images.channels}
              scale={PIXELS / images.size}
            />
          )}
        </div>
      )}
    </div>
  );
}

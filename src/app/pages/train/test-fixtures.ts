import type { DatasetManifest } from '../../../lab/data/types';
import { QUICK_PRESET } from '../../../lab/data/synthetic/config';

/** Manifests for the Train page's tests: an imported UTKFace-like set and a synthetic one. */
export const attr = (name: string, values: string[], sensitive: boolean) => ({ name, values, sensitive });
export const manifest = (patch: Partial<DatasetManifest>): DatasetManifest =>
  ({
    id: 'utk-sample',
    name: 'utk-sample',
    source: { kind: 'import', format: 'utkface', origin: 'folder' },
    categorical: [
      attr('gender', ['female', 'male'], true),
      attr('race', ['white', 'black', 'asian', 'indian', 'others'], true),
      attr('age_band', ['0-2', '3-9', '10-19', '20-29'], true),
    ],
    targets: ['gender', 'race', 'age_band'],
    split: { counts: { train: 70, val: 10, test: 20 } },
    ...patch,
  }) as DatasetManifest;
export const utk = manifest({});
export const synthetic = manifest({
  id: 'synthetic-1',
  name: 'Synthetic faces: default bias · 2,400 × 24 px grey · seed 1',
  source: { kind: 'synthetic', config: QUICK_PRESET },
  categorical: [
    attr('expression', ['neutral', 'happy', 'sad', 'surprised'], false),
    attr('identity', ['id0', 'id1'], false),
    attr('skin', ['light', 'dark'], true),
    attr('age', ['young', 'old'], true),
  ],
  targets: ['expression', 'identity'],
});

import { AGE_BANDS, ageBand } from './age-bands';
import { baseName, isImagePath, type FileSource } from './file-source';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

export const UTK_GENDERS = ['male', 'female'];
export const UTK_RACES = ['white', 'black', 'asian', 'indian', 'others'];
const MAX_AGE = 120;

/**
 * UTKFace: labels live in the file name, `[age]_[gender]_[race]_[datetime].jpg`
 * (the aligned release appends `.chip.jpg`). gender 0 male / 1 female; race 0–4 white, black,
 * asian, indian, others. A file with a missing or invalid field is skipped, never guessed.
 */
export async function planUtkFace(source: FileSource): Promise<ImportPlan> {
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of (await source.list()).filter(isImagePath)) {
    const parsed = parseUtkFaceName(baseName(file));
    if (typeof parsed === 'string') {
      skipped.push({ file, reason: parsed });
      continue;
    }
    records.push({
      file,
      categorical: {
        gender: UTK_GENDERS[parsed.gender],
        race: UTK_RACES[parsed.race],
        age_band: ageBand(parsed.age),
      },
      numeric: { age: parsed.age },
    });
  }
  return {
    format: 'utkface',
    records,
    skipped,
    categorical: [
      { name: 'gender', sensitive: true, values: UTK_GENDERS },
      { name: 'race', sensitive: true, values: UTK_RACES },
      { name: 'age_band', sensitive: true, values: [...AGE_BANDS] },
    ],
    numeric: ['age'],
    targets: ['gender', 'race', 'age_band', 'age'],
    split: { kind: 'stratified', by: ['race', 'gender'] },
    warnings: [],
  };
}

export interface UtkFaceLabels {
  age: number;
  gender: number;
  race: number;
}

/** The labels in a UTKFace file name, or the reason it has none. */
export function parseUtkFaceName(name: string): UtkFaceLabels | string {
  const stem = name.replace(/(\.jpe?g)?\.chip\.jpe?g$/i, '').replace(/\.(jpe?g|png)$/i, '');
  const fields = stem.split('_');
  if (fields.length !== 4) {
    return `expected [age]_[gender]_[race]_[datetime] in the name, found ${fields.length} field${fields.length === 1 ? '' : 's'}`;
  }
  const [age, gender, race, datetime] = fields;
  if (!/^\d{1,3}$/.test(age) || Number(age) > MAX_AGE) return `invalid age "${age}"`;
  if (gender !== '0' && gender !== '1') return `invalid gender "${gender}" (expected 0 male or 1 female)`;
  if (!/^[0-4]$/.test(race)) return `invalid race "${race}" (expected 0–4)`;
  if (!/^\d+$/.test(datetime)) return `invalid datetime "${datetime}"`;
  return { age: Number(age), gender: Number(gender), race: Number(race) };
}

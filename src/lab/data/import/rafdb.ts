import type { SplitName } from '../types';
import { baseName, findOne, imagesByBaseName, readText, type FileSource } from './file-source';
import { forEachLabelLine } from './label-files';
import type { ImportPlan, ImportRecord, SkippedFile, SplitPlan } from './types';

/** RAF-DB basic emotion labels are 1-based in this order. */
export const RAF_EXPRESSIONS = ['surprise', 'fear', 'disgust', 'happiness', 'sadness', 'anger', 'neutral'];
export const RAF_GENDERS = ['male', 'female', 'unsure'];
export const RAF_RACES = ['caucasian', 'african-american', 'asian'];
export const RAF_AGE_BANDS = ['0-3', '4-19', '20-39', '40-69', '70+'];

const LABEL_FILES = ['list_patition_label.txt', 'list_partition_label.txt'];
/** In a manual attribute file, lines 1–5 are landmarks ("x y"); then gender, race, age. */
const ATTRIBUTE_LINES = [
  { name: 'gender', line: 6, values: RAF_GENDERS },
  { name: 'race', line: 7, values: RAF_RACES },
  { name: 'age_band', line: 8, values: RAF_AGE_BANDS },
];

/**
 * RAF-DB basic: EmoLabel/list_patition_label.txt (`train_00001.jpg 5`, expressions 1–7),
 * images in Image/aligned/ (`train_00001_aligned.jpg`, preferred) or Image/original/, and
 * Annotation/manual/train_00001_manu_attri.txt: five landmark lines, then line 6 gender
 * (0 male, 1 female, 2 unsure), line 7 race (0 Caucasian, 1 African-American, 2 Asian),
 * line 8 age (0: 0–3, 1: 4–19, 2: 20–39, 3: 40–69, 4: 70+). train_/test_ prefixes give the split.
 */
export async function planRafDb(source: FileSource): Promise<ImportPlan> {
  const paths = await source.list();
  const labelPath = LABEL_FILES.map((f) => findOne(paths, f)).find(Boolean);
  if (!labelPath) throw new Error(`RAF-DB: ${LABEL_FILES[0]} not found in ${source.name}`);
  const labelName = baseName(labelPath);
  const images = imagesByBaseName(paths);
  const attributeFiles = new Map(
    paths
      .filter((p) => p.endsWith('_manu_attri.txt'))
      .map((p) => [baseName(p).replace(/_manu_attri\.txt$/, ''), p]),
  );
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  let withoutAttributes = 0;
  // RAF-DB's list is 15k short lines; kept, since each line then reads its own attribute file.
  const labels: { line: number; fields: string[] }[] = [];
  await forEachLabelLine(source, labelPath, (fields, line) => void labels.push({ line, fields }));
  for (const { line, fields } of labels) {
    const [name, label] = fields;
    const reject = (reason: string) => skipped.push({ file: name, line, reason: `${labelName}: ${reason}` });
    if (fields.length !== 2) {
      reject(`expected "file label", found "${fields.join(' ')}"`);
      continue;
    }
    const expression = /^[1-7]$/.test(label) ? RAF_EXPRESSIONS[Number(label) - 1] : undefined;
    if (!expression) {
      reject(`unknown expression "${label}" (expected 1–7)`);
      continue;
    }
    const stem = name.replace(/\.[^.]+$/, '');
    const file = images.get(`${stem}_aligned.jpg`) ?? images.get(name);
    if (!file) {
      reject('image file not found');
      continue;
    }
    const categorical: Record<string, string | undefined> = { expression };
    const attributePath = attributeFiles.get(stem);
    if (attributePath) {
      const error = await readAttributes(source, attributePath, categorical);
      if (error) {
        skipped.push({ file: attributePath, line: error.line, reason: `${error.reason} (image ${name})` });
        continue;
      }
    } else withoutAttributes++;
    const split: SplitName | undefined = stem.startsWith('train')
      ? 'train'
      : stem.startsWith('test')
        ? 'test'
        : undefined;
    records.push({ file, categorical, numeric: {}, line, split });
  }
  const predefined = records.length > 0 && records.every((r) => r.split !== undefined);
  const split: SplitPlan = predefined
    ? { kind: 'predefined', by: ['gender', 'expression'] }
    : { kind: 'stratified', by: ['gender', 'expression'] };
  return {
    format: 'rafdb',
    records,
    skipped,
    categorical: [
      { name: 'expression', sensitive: false, values: RAF_EXPRESSIONS },
      ...ATTRIBUTE_LINES.map((a) => ({ name: a.name, sensitive: true, values: a.values })),
    ],
    numeric: [],
    targets: ['expression'],
    split,
    warnings: withoutAttributes > 0 ? [`${withoutAttributes} images have no manual attribute file.`] : [],
  };
}

/** Fills gender, race and age_band from a manual attribute file, or says which line is wrong. */
async function readAttributes(
  source: FileSource,
  path: string,
  into: Record<string, string | undefined>,
): Promise<{ line: number; reason: string } | undefined> {
  const lines = (await readText(source, path)).split(/\r?\n/);
  for (const attr of ATTRIBUTE_LINES) {
    const raw = (lines[attr.line - 1] ?? '').trim();
    const value = /^\d+$/.test(raw) ? attr.values[Number(raw)] : undefined;
    if (value === undefined) {
      const allowed = attr.values.map((v, i) => `${i} ${v}`).join(', ');
      return {
        line: attr.line,
        reason: `${raw ? `unknown ${attr.name} "${raw}"` : `missing ${attr.name}`} (expected ${allowed})`,
      };
    }
    into[attr.name] = value;
  }
  return undefined;
}

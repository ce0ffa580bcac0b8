import type { SplitName } from '../types';
import { AGE_BANDS } from './age-bands';
import { requireColumns, rowObject } from '../../util/csv';
import { dirName, findOne, type FileSource } from './file-source';
import { forEachCsvRow, readCsvHeader, type CsvHeader } from './label-files';
import { createPathResolver } from './path-resolver';
import type { ImportPlan, ImportRecord, SkippedFile } from './types';

export const FAIRFACE_RACES = [
  'White',
  'Black',
  'Latino_Hispanic',
  'East Asian',
  'Southeast Asian',
  'Indian',
  'Middle Eastern',
];
const FAIRFACE_AGES: Record<string, string> = {
  '0-2': '0-2',
  '3-9': '3-9',
  '10-19': '10-19',
  '20-29': '20-29',
  '30-39': '30-39',
  '40-49': '40-49',
  '50-59': '50-59',
  '60-69': '60-69',
  'more than 70': '70+',
};
const GENDERS: Record<string, string> = { Male: 'male', Female: 'female' };
const REQUIRED = ['file', 'age', 'gender', 'race'];
const LABEL_FILES: [string, SplitName][] = [
  ['fairface_label_train.csv', 'train'],
  ['fairface_label_val.csv', 'test'],
];

/**
 * FairFace: fairface_label_train.csv / fairface_label_val.csv with columns
 * file, age, gender, race[, service_test]; `file` is relative to the CSV (e.g. train/1.jpg).
 * With both CSVs, FairFace's val set is the test split and val is carved from train.
 */
export async function planFairFace(source: FileSource): Promise<ImportPlan> {
  const paths = await source.list();
  const resolve = createPathResolver(paths);
  const found = LABEL_FILES.map(([name, split]) => ({ path: findOne(paths, name), split, name }));
  const csvs = found.filter((c) => c.path !== undefined);
  if (csvs.length === 0) {
    throw new Error(
      `FairFace: neither ${LABEL_FILES.map((f) => f[0]).join(' nor ')} found in ${source.name}`,
    );
  }
  // Read and check every CSV's columns before anything else.
  const tables: ((typeof csvs)[number] & { table: CsvHeader })[] = [];
  for (const csv of csvs) {
    const table = await readCsvHeader(source, csv.path!);
    requireColumns(table, REQUIRED, csv.path!);
    tables.push({ ...csv, table });
  }
  const hasServiceTest = tables.every((t) => t.table.header.includes('service_test'));
  const records: ImportRecord[] = [];
  const skipped: SkippedFile[] = [];
  for (const { path, name, split } of tables) {
    await forEachCsvRow(source, path!, (row, line, table) => {
      const v = rowObject(table, row);
      const reject = (reason: string) =>
        void skipped.push({ file: v.file || `(row ${line})`, line, reason: `${name}: ${reason}` });
      const band = FAIRFACE_AGES[v.age];
      if (!band) return reject(`unknown age "${v.age}"`);
      const gender = GENDERS[v.gender];
      if (!gender) return reject(`unknown gender "${v.gender}" (expected Male or Female)`);
      if (!FAIRFACE_RACES.includes(v.race)) return reject(`unknown race "${v.race}"`);
      const file = resolve(v.file, dirName(path!));
      if (!file) return reject('image file not found');
      const service = /^true$/i.test(v.service_test)
        ? 'True'
        : /^false$/i.test(v.service_test)
          ? 'False'
          : undefined;
      records.push({
        file,
        line,
        split,
        categorical: {
          race: v.race,
          gender,
          age_band: band,
          ...(hasServiceTest ? { service_test: service } : {}),
        },
        numeric: {},
      });
    });
  }
  return {
    format: 'fairface',
    records,
    skipped,
    categorical: [
      { name: 'race', sensitive: true, values: FAIRFACE_RACES },
      { name: 'gender', sensitive: true, values: ['male', 'female'] },
      { name: 'age_band', sensitive: true, values: [...AGE_BANDS] },
      ...(hasServiceTest ? [{ name: 'service_test', sensitive: false, values: ['False', 'True'] }] : []),
    ],
    numeric: [],
    targets: ['gender', 'race', 'age_band'],
    split:
      tables.length === 2
        ? { kind: 'predefined', by: ['race', 'gender'] }
        : { kind: 'stratified', by: ['race', 'gender'] },
    warnings: [],
  };
}

import { SPLIT_NAMES, type SplitName } from '../types';
import { findOne, imagesByBaseName, type FileSource } from './file-source';
import { forEachLabelLine } from './label-files';
import type { AttributeSpec, ImportPlan, ImportRecord, SkippedFile, SplitPlan } from './types';

const ATTR_FILE = 'list_attr_celeba.txt';
const IDENTITY_FILE = 'identity_CelebA.txt';
const PARTITION_FILE = 'list_eval_partition.txt';
/** CelebA's binary attributes are −1/1; stored as '0'/'1'. */
const BINARY_VALUES = ['0', '1'];

/**
 * CelebA: images (img_align_celeba/) + list_attr_celeba.txt (count line, 40 names, then
 * `file v1 … v40` with −1/1), optional identity_CelebA.txt (`file id`) and
 * list_eval_partition.txt (`file 0|1|2` → train/val/test). `gender` (sensitive) comes from Male.
 */
export async function planCelebA(source: FileSource): Promise<ImportPlan> {
  const paths = await source.list();
  const attrPath = findOne(paths, ATTR_FILE);
  if (!attrPath) throw new Error(`CelebA: ${ATTR_FILE} not found in ${source.name}`);
  const identityPath = findOne(paths, IDENTITY_FILE);
  const partitionPath = findOne(paths, PARTITION_FILE);
  const images = imagesByBaseName(paths);
  const skipped: SkippedFile[] = [];

  const identities = identityPath ? await readKeyed(source, identityPath, /^\S+$/, skipped) : undefined;
  const partitions = partitionPath ? await readKeyed(source, partitionPath, /^[012]$/, skipped) : undefined;

  // Streamed: 202,599 lines of 41 fields, each turned into a record as it arrives.
  // Line 1 is the image count; then the attribute names (some copies omit the count).
  let names: string[] | undefined;
  let male = -1;
  let first = true;
  const records: ImportRecord[] = [];
  await forEachLabelLine(source, attrPath, (fields, line) => {
    if (!names) {
      const count = first && fields.length === 1;
      first = false;
      if (count) return;
      names = fields;
      male = names.indexOf('Male');
      if (male < 0) {
        throw new Error(`CelebA: ${attrPath} must have a "Male" attribute; found ${names.join(', ')}`);
      }
      return;
    }
    const [name, ...values] = fields;
    const reject = (reason: string) =>
      void skipped.push({ file: name, line, reason: `${ATTR_FILE}: ${reason}` });
    if (values.length !== names.length) {
      return reject(`expected ${names.length} attribute values, found ${values.length}`);
    }
    const bad = values.findIndex((v) => v !== '1' && v !== '-1');
    if (bad >= 0) return reject(`unknown value "${values[bad]}" for ${names[bad]} (expected -1 or 1)`);
    const file = images.get(name);
    if (!file) return reject('listed but no image file found');
    const categorical: Record<string, string | undefined> = {
      gender: values[male] === '1' ? 'male' : 'female',
    };
    names.forEach((n, i) => (categorical[n] = values[i] === '1' ? '1' : '0'));
    if (identities) {
      const identity = identities.get(name);
      if (identity === undefined) return reject(`no identity in ${IDENTITY_FILE}`);
      categorical.identity = identity;
    }
    let split: SplitName | undefined;
    if (partitions) {
      const code = partitions.get(name);
      if (code === undefined) return reject(`no partition in ${PARTITION_FILE}`);
      split = SPLIT_NAMES[Number(code)];
    }
    records.push({ file, categorical, numeric: {}, line, split });
  });
  if (!names) throw new Error(`CelebA: ${attrPath} has no attribute names`);

  const categorical: AttributeSpec[] = [
    { name: 'gender', sensitive: true, values: ['male', 'female'] },
    ...names.map((n) => ({ name: n, sensitive: false, values: BINARY_VALUES })),
    ...(identities ? [{ name: 'identity', sensitive: false }] : []),
  ];
  const split: SplitPlan = partitions
    ? { kind: 'predefined', by: ['gender'] }
    : identities
      ? { kind: 'identity-disjoint', identity: 'identity', groupBy: 'gender' }
      : { kind: 'stratified', by: ['gender'] };
  return {
    format: 'celeba',
    records,
    skipped,
    categorical,
    numeric: [],
    targets: [...(identities ? ['identity'] : []), ...names],
    split,
    warnings: [],
    options: { identities: Boolean(identities), partition: Boolean(partitions) },
  };
}

/** `file value` lines → Map (streamed); malformed lines are reported with their line number. */
async function readKeyed(
  source: FileSource,
  path: string,
  valid: RegExp,
  skipped: SkippedFile[],
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const file = path.slice(path.lastIndexOf('/') + 1);
  await forEachLabelLine(source, path, (fields, line) => {
    if (fields.length !== 2 || !valid.test(fields[1])) {
      skipped.push({ file: fields[0], line, reason: `${file}: malformed line "${fields.join(' ')}"` });
    } else map.set(fields[0], fields[1]);
  });
  return map;
}

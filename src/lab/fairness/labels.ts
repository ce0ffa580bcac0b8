/**
 * Turning labels and group values into dense integer codes. Labels may be numbers
 * (Int32Array class indices, 0/1 arrays) or strings; every name is kept as a string.
 */

export type LabelArray = ArrayLike<number> | readonly string[];

export interface Encoded {
  codes: Int32Array;
  /** names[code] is the original value as a string. */
  names: string[];
}

/** Separator of intersectional group keys: race × gender → "white|female". */
export const GROUP_SEPARATOR = '|';

/** Numbers sort numerically, anything else lexically (Fairlearn sorts its groups too). */
export function sortNames(names: Iterable<string>): string[] {
  const list = [...new Set(names)];
  const numeric = list.every((name) => name.trim() !== '' && Number.isFinite(Number(name)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

/** Distinct values of several arrays as strings, in sortNames order. */
export function distinctNames(...arrays: LabelArray[]): string[] {
  const seen = new Set<string>();
  for (const values of arrays) for (let i = 0; i < values.length; i++) seen.add(String(values[i]));
  return sortNames(seen);
}

/** Codes against a known name list; throws on a value that is not in it. */
export function encodeWith(values: LabelArray, names: readonly string[]): Int32Array {
  const index = new Map(names.map((name, i) => [name, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const code = index.get(String(values[i]));
    if (code === undefined) throw new Error(`unknown label "${String(values[i])}"`);
    codes[i] = code;
  }
  return codes;
}

export function encode(values: LabelArray): Encoded {
  const names = distinctNames(values);
  return { codes: encodeWith(values, names), names };
}

/**
 * Intersectional group keys: the values of each attribute joined by GROUP_SEPARATOR,
 * in the order the attributes are given (e.g. [race, gender] → "white|female").
 */
export function crossGroups(attributes: readonly LabelArray[]): string[] {
  if (attributes.length === 0) throw new Error('crossGroups needs at least one attribute');
  const n = attributes[0].length;
  if (attributes.some((values) => values.length !== n)) throw new Error('group attributes differ in length');
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) keys[i] = attributes.map((values) => String(values[i])).join(GROUP_SEPARATOR);
  return keys;
}

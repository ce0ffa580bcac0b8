/**
 * Checks a mapping against the model (input shape, output name and width) and against the
 * dataset's labels, so a mismatch fails with a clear message before any image is processed.
 */
import { AuditError, InputShapeError } from './errors';
import { stripPort, type ModelInfo, type TensorSpec } from './inspect';
import { channelCount, modelLabels, toDatasetLabel, type AuditMapping, type OutputMapping } from './mapping';

/** The model input the mapping feeds. */
export function mappedInput(mapping: AuditMapping, info: ModelInfo): TensorSpec {
  const imageInputs = info.inputs;
  if (mapping.input.input !== undefined) {
    const found = imageInputs.find((i) => i.name === stripPort(mapping.input.input!));
    if (!found) {
      throw new AuditError(
        'mapping',
        `The model has no input "${mapping.input.input}" (it has: ${imageInputs.map((i) => i.name).join(', ')})`,
      );
    }
    return found;
  }
  if (imageInputs.length !== 1) {
    throw new AuditError(
      'mapping',
      `The model has ${imageInputs.length} inputs (${imageInputs.map((i) => i.name).join(', ')}); name the image input in the mapping`,
    );
  }
  return imageInputs[0];
}

/** The model output the mapping reads. */
export function mappedOutput(mapping: AuditMapping, info: ModelInfo): TensorSpec {
  const name = stripPort(mapping.output.output);
  const found = info.outputs.find((o) => o.name === name);
  if (!found) {
    throw new AuditError(
      'output',
      `The model has no output "${mapping.output.output}" (it has: ${info.outputs.map((o) => o.name).join(', ')})`,
    );
  }
  return found;
}

/** Throws InputShapeError / AuditError('output') when the mapping does not fit the model. */
export function checkMappingAgainstModel(mapping: AuditMapping, info: ModelInfo): void {
  const input = mappedInput(mapping, info);
  const produced = [1, mapping.input.size[0], mapping.input.size[1], channelCount(mapping.input.channels)];
  const expected = input.shape;
  if (expected) {
    const fits =
      expected.length === 4 && expected.every((d, i) => i === 0 || d === null || d === produced[i]);
    if (!fits) throw new InputShapeError(expected, produced, input.name);
  }
  const output = mappedOutput(mapping, info);
  const width = output.shape
    ?.slice(1)
    .reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1);
  if (width === null || width === undefined) return;
  const { output: out } = mapping;
  if (out.kind === 'sigmoid' && width !== 1) {
    throw new AuditError(
      'output',
      `Output "${output.name}" gives ${width} values per image; a sigmoid mapping needs 1 (map it as classes)`,
    );
  }
  if (out.kind === 'classes' && width !== out.classNames.length) {
    throw new AuditError(
      'output',
      `Output "${output.name}" gives ${width} values per image but the mapping names ${out.classNames.length} classes`,
    );
  }
}

/** How a mapping's labels meet the values of the dataset's target. */
export interface LabelFit {
  /** Model labels (as the model names them) whose dataset label is not a target value. */
  unmatched: string[];
  /** Target values no model label stands for: their images always count as errors. */
  unpredicted: string[];
}

export function labelFit(output: OutputMapping, targetValues: readonly string[]): LabelFit {
  if (output.kind === 'embedding') return { unmatched: [], unpredicted: [] };
  const labels = modelLabels(output);
  const mapped = labels.map((label) => toDatasetLabel(label, output.labelMap));
  return {
    unmatched: labels.filter((_, i) => !targetValues.includes(mapped[i])),
    unpredicted: targetValues.filter((value) => !mapped.includes(value)),
  };
}

/** A categorical attribute of the dataset, for suggesting another target. */
export interface TargetCandidate {
  name: string;
  values: readonly string[];
}

/**
 * Checks the model's labels against the values of the dataset's target. A sigmoid's two labels
 * must both map to target values; a classes output may predict extra classes (they count as
 * errors, and are returned as warnings) but at least one must match. Otherwise it throws,
 * naming the model labels without a dataset value and the dataset values no model label
 * predicts, and suggests only what would fix it: another target whose values the labels are,
 * or label-map pairs whose names plainly correspond (man → male, surprise → surprised).
 */
export function checkLabelsAgainstDataset(
  mapping: AuditMapping,
  target: string,
  targetValues: readonly string[],
  attributes: readonly TargetCandidate[] = [],
): string[] {
  const out = mapping.output;
  if (out.kind === 'embedding') return [];
  const labels = modelLabels(out);
  const { unmatched, unpredicted } = labelFit(out, targetValues);
  const fits = out.kind === 'sigmoid' ? unmatched.length === 0 : unmatched.length < labels.length;
  if (!fits) {
    throw new AuditError(
      'mapping',
      `The model's labels do not fit "${target}" (${targetValues.join(', ')}): ` +
        `${plural(unmatched, 'model label')} ${unmatched.length > 1 ? 'have' : 'has'} no value of "${target}"` +
        (unpredicted.length > 0
          ? `, and ${plural(unpredicted, 'value')} of "${target}" ${unpredicted.length > 1 ? 'are' : 'is'} predicted by no model label`
          : '') +
        `. ${labelHint(out, target, unmatched, targetValues, attributes)}`,
    );
  }
  const warnings: string[] = [];
  if (unmatched.length > 0)
    warnings.push(
      `model classes ${unmatched.join(', ')} are not values of "${target}": predicting them always counts as an error`,
    );
  if (unpredicted.length > 0)
    warnings.push(
      `values ${unpredicted.join(', ')} of "${target}" are predicted by no model label: their images always count as errors`,
    );
  return warnings;
}

/** What would make the labels fit, and nothing that would not. */
function labelHint(
  output: Exclude<OutputMapping, { kind: 'embedding' }>,
  target: string,
  unmatched: string[],
  targetValues: readonly string[],
  attributes: readonly TargetCandidate[],
): string {
  const labels = modelLabels(output).map((l) => toDatasetLabel(l, output.labelMap));
  const better = attributes
    .filter((a) => a.name !== target)
    .map((a) => ({ name: a.name, hits: labels.filter((l) => a.values.includes(l)).length }))
    .filter((a) => (output.kind === 'sigmoid' ? a.hits === labels.length : a.hits > 0))
    .sort((a, b) => b.hits - a.hits)[0];
  if (better)
    return `The model's labels are values of "${better.name}": choose it as the target, or map each model label to a value of "${target}" in the label map.`;
  const pairs = unmatched
    .map((label) => [label, targetValues.find((v) => namesCorrespond(label, v))] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
  if (pairs.length > 0) {
    const map = Object.fromEntries([...Object.entries(output.labelMap ?? {}), ...pairs]);
    return `The names look alike: use the label map ${JSON.stringify(map)}.`;
  }
  return `Choose the attribute the model predicts as the target, or map each model label to a value of "${target}" in the label map.`;
}

/** Plainly the same label: equal ignoring case and punctuation, a word and its longer form, or man/male. */
export function namesCorrespond(a: string, b: string): boolean {
  const [x, y] = [normalise(a), normalise(b)];
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 3 && long.startsWith(short)) return true;
  return SYNONYMS.some((set) => set.includes(x) && set.includes(y));
}

/** Common spellings of the same label in face datasets (UTKFace, FairFace, CelebA's "Male"). */
const SYNONYMS = [
  ['male', 'man', 'men', 'm'],
  ['female', 'woman', 'women', 'f'],
];

function normalise(label: string): string {
  return label.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function plural(items: readonly string[], noun: string): string {
  return `${noun}${items.length > 1 ? 's' : ''} ${items.map((l) => `"${l}"`).join(', ')}`;
}

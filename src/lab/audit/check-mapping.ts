/**
 * Checks a mapping against the model (input shape, output name and width) and against the
 * dataset's labels, so a mismatch fails with a clear message before any image is processed.
 */
import { AuditError, InputShapeError } from './errors';
import { stripPort, type ModelInfo, type TensorSpec } from './inspect';
import { channelCount, modelLabels, toDatasetLabel, type AuditMapping } from './mapping';

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

/**
 * Checks the model's labels against the values of the dataset's target. A sigmoid's two labels
 * must both map to target values; a classes output may predict extra classes (they count as
 * errors, and are returned as warnings) but at least one must match. Throws otherwise.
 */
export function checkLabelsAgainstDataset(
  mapping: AuditMapping,
  target: string,
  targetValues: readonly string[],
): string[] {
  const out = mapping.output;
  if (out.kind === 'embedding') return [];
  const labels = modelLabels(out);
  const unmatched = labels.filter((label) => !targetValues.includes(toDatasetLabel(label, out.labelMap)));
  if (unmatched.length === 0) return [];
  if (out.kind === 'sigmoid' || unmatched.length === labels.length) {
    throw new AuditError(
      'mapping',
      `Model label${unmatched.length > 1 ? 's' : ''} ${unmatched.map((l) => `"${l}"`).join(', ')} ` +
        `match${unmatched.length > 1 ? '' : 'es'} no value of "${target}" (${targetValues.join(', ')}); ` +
        `add a label map, e.g. {"${unmatched[0]}": "${targetValues[0]}"}`,
    );
  }
  return [
    `model classes ${unmatched.join(', ')} are not values of "${target}": predicting them always counts as an error`,
  ];
}

/**
 * Optuna's `distribution_to_json` / `json_to_distribution` (3.1): `{"name": ..., "attributes":
 * {...}}`, attributes in the order of each class's `__dict__`, written by Python's json.dumps.
 * The reader also accepts the pre-3.0 names (UniformDistribution, LogUniformDistribution, …).
 */
import { categorical, float, int, type CategoricalChoice, type Distribution } from '../distributions';
import { parsePyJson, pyFloat, pyJson } from './py-json';

export function distributionToJson(d: Distribution): string {
  if (d.type === 'categorical')
    return pyJson({ name: 'CategoricalDistribution', attributes: { choices: [...d.choices] } });
  if (d.type === 'float')
    return pyJson({
      name: 'FloatDistribution',
      attributes: {
        step: d.step === null ? null : pyFloat(d.step),
        low: pyFloat(d.low),
        high: pyFloat(d.high),
        log: d.log,
      },
    });
  return pyJson({
    name: 'IntDistribution',
    attributes: { log: d.log, step: d.step, low: d.low, high: d.high },
  });
}

type Attributes = Record<string, unknown>;

export function jsonToDistribution(json: string): Distribution {
  const parsed = parsePyJson(json) as { name?: string; attributes?: Attributes };
  const a = parsed.attributes ?? {};
  const num = (key: string): number => {
    const v = a[key];
    if (typeof v !== 'number') throw new Error(`distribution ${parsed.name} lacks a numeric "${key}"`);
    return v;
  };
  switch (parsed.name) {
    case 'CategoricalDistribution':
      return categorical(a.choices as CategoricalChoice[]);
    case 'FloatDistribution':
      return float(num('low'), num('high'), Boolean(a.log), a.step == null ? null : num('step'));
    case 'IntDistribution':
      return int(num('low'), num('high'), Boolean(a.log), a.step == null ? 1 : num('step'));
    case 'UniformDistribution':
      return float(num('low'), num('high'));
    case 'LogUniformDistribution':
      return float(num('low'), num('high'), true);
    case 'DiscreteUniformDistribution':
      return float(num('low'), num('high'), false, num('q'));
    case 'IntUniformDistribution':
      return int(num('low'), num('high'), false, a.step == null ? 1 : num('step'));
    case 'IntLogUniformDistribution':
      return int(num('low'), num('high'), true);
    default:
      throw new Error(`unknown Optuna distribution "${String(parsed.name)}"`);
  }
}

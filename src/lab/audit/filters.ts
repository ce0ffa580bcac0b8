/**
 * Row filters on dataset attributes, parsed from strings such as `age>=18`, `race=white` or
 * `race!=others,indian`. Numeric attributes take = != < <= > >=; categorical ones = and !=
 * with one or more comma-separated values. Rows with the attribute missing never pass.
 */
import { AuditError } from './errors';

export type FilterOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface Filter {
  attribute: string;
  op: FilterOp;
  /** Values as written; numeric filters use the first. */
  values: string[];
  /** The original text, for reports. */
  text: string;
}

/** Known attributes: categorical name → its values (null when any value is allowed), numeric names. */
export interface FilterSchema {
  categorical: Record<string, readonly string[] | null>;
  numeric: readonly string[];
}

/** A row's value of an attribute: a category name, a number, or null when missing. */
export type AttributeValue = string | number | null;

const FILTER_PATTERN = /^\s*([A-Za-z_][\w.-]*)\s*(==|!=|>=|<=|=|>|<)\s*(.*?)\s*$/;

export function parseFilter(text: string): Filter {
  const match = FILTER_PATTERN.exec(text);
  if (!match) {
    throw new AuditError(
      'filter',
      `Filter "${text}" is not <attribute><op><value>, e.g. "age>=18" or "race=white"`,
    );
  }
  const [, attribute, rawOp, rest] = match;
  const values = rest.split(',').map((v) => v.trim());
  if (rest === '' || values.some((v) => v === ''))
    throw new AuditError('filter', `Filter "${text}" has an empty value`);
  const op = (rawOp === '==' ? '=' : rawOp) as FilterOp;
  if (values.length > 1 && op !== '=' && op !== '!=') {
    throw new AuditError('filter', `Filter "${text}": only = and != take a list of values`);
  }
  return { attribute, op, values, text: text.trim() };
}

export function parseFilters(texts: readonly string[]): Filter[] {
  return texts.map(parseFilter);
}

/**
 * Checks filters against the schema (unknown attributes, values and operators throw) and returns
 * a test giving the first filter a row fails, or null when the row passes them all.
 */
export function compileFilters(
  filters: readonly Filter[],
  schema: FilterSchema,
): (value: (attribute: string) => AttributeValue) => Filter | null {
  const tests = filters.map((filter) => ({ filter, ...compileOne(filter, schema) }));
  return (value) => tests.find(({ attribute, test }) => !test(value(attribute)))?.filter ?? null;
}

function compileOne(
  filter: Filter,
  schema: FilterSchema,
): { attribute: string; test: (v: AttributeValue) => boolean } {
  const { attribute, op, values, text } = filter;
  if (schema.numeric.includes(attribute)) {
    const numbers = values.map(Number);
    const bad = values.find((_, i) => !Number.isFinite(numbers[i]));
    if (bad !== undefined)
      throw new AuditError(
        'filter',
        `Filter "${text}": ${attribute} is numeric but "${bad}" is not a number`,
      );
    return { attribute, test: numericTest(op, numbers) };
  }
  if (attribute in schema.categorical) {
    if (op !== '=' && op !== '!=') {
      throw new AuditError('filter', `Filter "${text}": ${attribute} is categorical, so only = and != apply`);
    }
    const known = schema.categorical[attribute];
    const unknown = known ? values.filter((v) => !known.includes(v)) : [];
    if (unknown.length > 0) {
      throw new AuditError(
        'filter',
        `Filter "${text}": ${attribute} has no value ${unknown.map((v) => `"${v}"`).join(', ')} (it has: ${known!.join(', ')})`,
      );
    }
    const set = new Set(values);
    return { attribute, test: (v) => v !== null && (op === '=') === set.has(String(v)) };
  }
  const names = [...Object.keys(schema.categorical), ...schema.numeric];
  throw new AuditError(
    'filter',
    `Filter "${text}": no attribute "${attribute}" (known: ${names.join(', ') || 'none'})`,
  );
}

function numericTest(op: FilterOp, values: number[]): (v: AttributeValue) => boolean {
  const bound = values[0];
  const ok = (v: AttributeValue): v is number => typeof v === 'number' && !Number.isNaN(v);
  switch (op) {
    case '=':
      return (v) => ok(v) && values.includes(v);
    case '!=':
      return (v) => ok(v) && !values.includes(v);
    case '<':
      return (v) => ok(v) && v < bound;
    case '<=':
      return (v) => ok(v) && v <= bound;
    case '>':
      return (v) => ok(v) && v > bound;
    case '>=':
      return (v) => ok(v) && v >= bound;
  }
}

import { describe, expect, it } from 'vitest';
import { AuditError } from './errors';
import { compileFilters, parseFilter, type AttributeValue, type FilterSchema } from './filters';

const schema: FilterSchema = {
  categorical: { race: ['white', 'black', 'asian'], gender: ['male', 'female'] },
  numeric: ['age'],
};

function passes(texts: string[], row: Record<string, AttributeValue>): boolean {
  return compileFilters(texts.map(parseFilter), schema)((name) => row[name] ?? null) === null;
}

describe('filters', () => {
  it('parses attribute, operator and values', () => {
    expect(parseFilter('age>=18')).toMatchObject({ attribute: 'age', op: '>=', values: ['18'] });
    expect(parseFilter(' race == white ')).toMatchObject({ attribute: 'race', op: '=', values: ['white'] });
    expect(parseFilter('race!=white,black')).toMatchObject({ op: '!=', values: ['white', 'black'] });
  });

  it('rejects malformed filters with a clear message', () => {
    expect(() => parseFilter('age')).toThrow(/not <attribute><op><value>/);
    expect(() => parseFilter('age>=')).toThrow(/empty value/);
    expect(() => parseFilter('age>1,2')).toThrow(/only = and != take a list/);
  });

  it('applies numeric comparisons', () => {
    expect(passes(['age>=18'], { age: 18 })).toBe(true);
    expect(passes(['age>=18'], { age: 17 })).toBe(false);
    expect(passes(['age<30', 'age>20'], { age: 25 })).toBe(true);
    expect(passes(['age!=25'], { age: 25 })).toBe(false);
    expect(passes(['age>=18'], { age: null })).toBe(false);
  });

  it('applies categorical equality and lists', () => {
    expect(passes(['race=white'], { race: 'white' })).toBe(true);
    expect(passes(['race=white,black'], { race: 'black' })).toBe(true);
    expect(passes(['race!=white,black'], { race: 'black' })).toBe(false);
    expect(passes(['race=white', 'gender=female'], { race: 'white', gender: 'male' })).toBe(false);
  });

  it('names the failing filter', () => {
    const test = compileFilters([parseFilter('age>=18'), parseFilter('race=white')], schema);
    expect(test((n) => ({ age: 30, race: 'black' })[n] ?? null)?.text).toBe('race=white');
  });

  it('rejects unknown attributes, unknown values, bad numbers and ordering of categories', () => {
    const compile = (text: string) => () => compileFilters([parseFilter(text)], schema);
    expect(compile('height>2')).toThrow(/no attribute "height" \(known: race, gender, age\)/);
    expect(compile('race=whte')).toThrow(/no value "whte" \(it has: white, black, asian\)/);
    expect(compile('age>=adult')).toThrow(/numeric but "adult" is not a number/);
    expect(compile('race>white')).toThrow(/categorical, so only = and != apply/);
    expect(compile('race=whte')).toThrow(AuditError);
  });
});

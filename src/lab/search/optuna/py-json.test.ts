import { describe, expect, it } from 'vitest';
import { parsePyJson, pyFloat, pyFloatRepr, pyJson } from './py-json';

describe('pyJson', () => {
  it("writes floats as Python's repr does", () => {
    const cases: [number, string][] = [
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [0.01, '0.01'],
      [1, '1.0'],
      [0, '0.0'],
      [-2.5, '-2.5'],
      [1.3665380056846609e-5, '1.3665380056846609e-05'],
      [123456789012345680, '1.2345678901234568e+17'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e+16'],
      [0.1 + 0.2, '0.30000000000000004'],
      [NaN, 'NaN'],
      [-Infinity, '-Infinity'],
    ];
    for (const [x, repr] of cases) expect(pyFloatRepr(x)).toBe(repr);
  });

  it("uses json.dumps' separators, ASCII escapes, and ints unless marked as floats", () => {
    expect(pyJson({ op_code: 0, a: [1, pyFloat(3), 'é"\n'], b: null, c: true })).toBe(
      '{"op_code": 0, "a": [1, 3.0, "\\u00e9\\"\\n"], "b": null, "c": true}',
    );
    expect(pyJson({ x: 0.5, y: undefined })).toBe('{"x": 0.5}');
  });

  it('parses the bare NaN and Infinity that Python writes, but not inside strings', () => {
    expect(parsePyJson('{"v": [NaN, Infinity, -Infinity], "s": "NaN"}')).toEqual({
      v: [NaN, Infinity, -Infinity],
      s: 'NaN',
    });
  });
});

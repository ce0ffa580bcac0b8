import { describe, expect, it } from 'vitest';
import { formatEta } from './format-eta';

describe('formatEta', () => {
  it('rounds up once, so a minute never ends in "60 s"', () => {
    expect(formatEta(119.6)).toBe('2 min 00 s left');
    expect(formatEta(59.2)).toBe('1 min 00 s left');
    expect(formatEta(61)).toBe('1 min 01 s left');
    expect(formatEta(12.1)).toBe('13 s left');
    expect(formatEta(0)).toBe('0 s left');
  });

  it('reads hours for long jobs and "estimating…" before a rate is known', () => {
    expect(formatEta(3 * 3600 + 125)).toBe('3 h 03 min left');
    expect(formatEta(3 * 3600 + 3599)).toBe('4 h 00 min left');
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('estimating…');
  });
});

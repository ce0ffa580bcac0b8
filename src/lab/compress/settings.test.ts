import { describe, expect, it } from 'vitest';
import { parseSetting, parseSettings } from './settings';

describe('compression settings as text', () => {
  it('parses single techniques and combinations into canonical keys, methods and params', () => {
    const list = parseSettings(
      'prune:0.5, prune-global:0.8,prune-structured:0.3,int8,fp16,cluster:16,prune:0.5+int8,cluster:16:kmeans++,int8:channel,prune:0.5+cluster:8+int8',
    );
    expect(list.map((s) => [s.key, s.method, s.param])).toEqual([
      ['prune:0.5', 'prune', 0.5],
      ['prune-global:0.8', 'prune-global', 0.8],
      ['prune-structured:0.3', 'prune-structured', 0.3],
      ['int8', 'int8', null],
      ['fp16', 'fp16', null],
      ['cluster:16', 'cluster', 16],
      ['prune:0.5+int8', 'prune+int8', 0.5],
      ['cluster:16:kmeans++', 'cluster-kmeans++', 16],
      ['int8:channel', 'int8-channel', null],
      ['prune:0.5+cluster:8+int8', 'prune+cluster+int8', '0.5+8'],
    ]);
    expect(parseSetting('cluster:4:linear').key).toBe('cluster:4');
    expect(parseSetting('int8:tensor').key).toBe('int8');
  });

  it('rejects bad input with one clear line', () => {
    expect(() => parseSettings('')).toThrow('no compression methods given');
    expect(() => parseSettings('prune:0.5,prune:0.5')).toThrow('"prune:0.5" is listed twice');
    expect(() => parseSetting('shrink:2')).toThrow(/^unknown method "shrink" in "shrink:2" \(known: prune:S/);
    expect(() => parseSetting('prune')).toThrow('"prune" needs a value');
    expect(() => parseSetting('prune:half')).toThrow('"prune:half": "half" is not a number');
    expect(() => parseSetting('int8+prune:0.5')).toThrow('write the steps in the order they run');
    expect(() => parseSetting('int8+fp16')).toThrow('int8 and fp16 cannot be combined');
    expect(() => parseSetting('cluster:8:random')).toThrow(
      'centroid initialisation must be linear or kmeans++',
    );
    expect(() => parseSetting('int8:row')).toThrow('per tensor or per channel');
  });
});

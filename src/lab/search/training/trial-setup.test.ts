import { describe, expect, it } from 'vitest';
import { FRNAS_FOCAL_GAMMA, trialSetup } from './trial-setup';

describe('trialSetup', () => {
  it('rebuilds an FR-NAS config by its indices, with its head, optimiser, lr and focal loss', () => {
    const setup = trialSetup(
      'frnas',
      { edge1: '6', edge2: '8', edge3: '0', head: 'ArcFace', optimizer: 'SGD', lr_sgd: 0.3 },
      'identification',
      { frnasWidth: 0.05 },
    );
    expect(setup.architecture).toEqual({ family: 'frnas-dpn', params: { edges: '680', width: 0.05 } });
    expect(setup.head).toMatchObject({ kind: 'arcface', focal: FRNAS_FOCAL_GAMMA });
    expect(setup.train.optimizer).toEqual({ name: 'sgd', learningRate: 0.3 });
  });

  it('trains the other spaces with plain cross-entropy and refuses an unknown head', () => {
    const conv = trialSetup(
      'expression-cnn',
      { width: 32, dropout: 0.2, lr: 0.001, optimizer: 'Adam', batch: 16 },
      'identification',
    );
    expect(conv.head).toMatchObject({ kind: 'cosface' });
    expect('focal' in conv.head).toBe(false);
    expect(() =>
      trialSetup(
        'frnas',
        { edge1: '0', edge2: '0', edge3: '0', head: 'SphereFace', optimizer: 'Adam', lr_adam: 1e-3 },
        'identification',
      ),
    ).toThrow(/unknown head "SphereFace"/);
  });
});

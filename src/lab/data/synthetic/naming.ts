/**
 * Names that tell synthetic datasets apart: what differs from the defaults comes first, so two
 * datasets that differ only in a bias knob never read the same.
 *
 *   "Synthetic faces: default bias · 2,400 × 24 px grey · seed 1"
 *   "Synthetic faces: neutral · 2,400 × 24 px grey · seed 1"
 *   "Synthetic faces: dark 30% of faces, label noise dark 5% · 2,400 × 24 px grey · seed 1"
 */
import {
  DEFAULT_SYNTHETIC_CONFIG,
  NEUTRAL_QUALITY,
  neutralConfig,
  syntheticImageCount,
  type ImageQuality,
  type SyntheticConfig,
} from './config';
import type { DatasetManifest } from '../types';

const EPS = 1e-9;
const same = (a: number, b: number) => Math.abs(a - b) < EPS;
const percent = (x: number) => `${Number((x * 100).toFixed(1))}%`;
const number = (x: number) => String(Number(x.toFixed(3)));
const signed = (x: number) => (x < 0 ? `−${number(-x)}` : number(x));

export function syntheticDatasetName(config: SyntheticConfig): string {
  const n = syntheticImageCount(config).toLocaleString('en-US');
  const colour = config.channels === 1 ? 'grey' : 'RGB';
  const split = config.split === 'identity-disjoint' ? ' · identity-disjoint split' : '';
  return `Synthetic faces: ${biasDescription(config)} · ${n} × ${config.imageSize} px ${colour} · seed ${config.seed}${split}`;
}

/** The name datasets were given before names described their knobs (to recognise and rename them). */
export function legacySyntheticDatasetName(config: SyntheticConfig): string {
  const n = config.nIdentities * config.imagesPerIdentity;
  const colour = config.channels === 1 ? 'grey' : 'RGB';
  return `Synthetic faces (${n.toLocaleString('en-US')} × ${config.imageSize} px ${colour}, seed ${config.seed})`;
}

/** A synthetic dataset still under its old automatic name gets today's; any other name is kept. */
export function withCurrentName(manifest: DatasetManifest): DatasetManifest {
  if (manifest.source.kind !== 'synthetic') return manifest;
  const config = manifest.source.config as SyntheticConfig;
  return manifest.name === legacySyntheticDatasetName(config)
    ? { ...manifest, name: syntheticDatasetName(config) }
    : manifest;
}

/** "neutral", "default bias", or the bias knobs (and image variation) that differ from the defaults. */
export function biasDescription(config: SyntheticConfig): string {
  const variation = variationChanges(config);
  if (isNeutral(config)) return ['neutral', ...variation].join(', ');
  const changes = [...biasChanges(config), ...variation];
  return changes.length === 0 ? 'default bias' : changes.join(', ');
}

/** True when every bias knob is equalised, as the "Neutral knobs" button sets them. */
export function isNeutral(config: SyntheticConfig): boolean {
  const neutral = neutralConfig(config);
  return (
    same(config.correlation, neutral.correlation) &&
    config.skin.every(
      (g, i) =>
        same(g.proportion, neutral.skin[i].proportion) &&
        same(g.labelNoise, 0) &&
        sameQuality(g.quality, NEUTRAL_QUALITY),
    ) &&
    config.age.every((a, i) => same(a.proportion, neutral.age[i].proportion))
  );
}

function sameQuality(a: ImageQuality, b: ImageQuality): boolean {
  return (
    same(a.contrast, b.contrast) &&
    same(a.brightness, b.brightness) &&
    same(a.blurPx, b.blurPx) &&
    same(a.noiseSigma, b.noiseSigma)
  );
}

function biasChanges(config: SyntheticConfig): string[] {
  const d = DEFAULT_SYNTHETIC_CONFIG;
  const changes: string[] = [];
  const defaultSkin = (i: number) =>
    d.skin[i] ?? { name: '', proportion: 1 / config.skin.length, quality: NEUTRAL_QUALITY, labelNoise: 0 };
  const sharesDiffer = config.skin.some((g, i) => !same(g.proportion, defaultSkin(i).proportion));
  if (sharesDiffer)
    for (const g of config.skin.slice(1)) changes.push(`${g.name} ${percent(g.proportion)} of faces`);
  config.skin.forEach((g, i) => {
    const base = defaultSkin(i);
    if (!same(g.labelNoise, base.labelNoise)) changes.push(`label noise ${g.name} ${percent(g.labelNoise)}`);
    if (sameQuality(g.quality, base.quality)) return;
    if (sameQuality(g.quality, NEUTRAL_QUALITY)) {
      changes.push(`${g.name} camera ideal`);
      return;
    }
    const q = g.quality;
    if (!same(q.contrast, base.quality.contrast)) changes.push(`${g.name} contrast ${number(q.contrast)}`);
    if (!same(q.brightness, base.quality.brightness))
      changes.push(`${g.name} brightness ${signed(q.brightness)}`);
    if (!same(q.blurPx, base.quality.blurPx)) changes.push(`${g.name} blur ${number(q.blurPx)} px`);
    if (!same(q.noiseSigma, base.quality.noiseSigma)) changes.push(`${g.name} noise ${number(q.noiseSigma)}`);
  });
  if (!same(config.correlation, d.correlation)) changes.push(`correlation ${number(config.correlation)}`);
  if (config.favouredExpression !== d.favouredExpression && config.correlation > 0)
    changes.push(`favours ${config.favouredExpression}`);
  const ageDiffers =
    config.age.length !== d.age.length || config.age.some((a, i) => !same(a.proportion, d.age[i].proportion));
  if (ageDiffers) for (const a of config.age.slice(1)) changes.push(`${a.name} ${percent(a.proportion)}`);
  return changes;
}

function variationChanges(config: SyntheticConfig): string[] {
  const v = config.variation;
  const d = DEFAULT_SYNTHETIC_CONFIG.variation;
  const changes: string[] = [];
  if (!same(v.poseJitter, d.poseJitter)) changes.push(`pose ×${number(v.poseJitter)}`);
  if (!same(v.lighting, d.lighting)) changes.push(`lighting ${number(v.lighting)}`);
  if (!same(v.pixelNoise, d.pixelNoise)) changes.push(`pixel noise ${number(v.pixelNoise)}`);
  if (!same(v.occlusionRate, d.occlusionRate)) changes.push(`occlusion ${percent(v.occlusionRate)}`);
  return changes;
}

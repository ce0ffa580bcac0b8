/**
 * Identities: people with stable face geometry, colouring, skin group and age band.
 * Each identity's looks come from its own seeded stream, so adding identities never changes earlier ones.
 */
import { createRng, deriveSeed, shuffleInPlace, type Rng } from '../../util/rng';
import type { Rgb } from './canvas';
import type { SyntheticConfig } from './config';

export const HAIR_STYLES = ['short', 'curly', 'long'] as const;
export type HairStyle = (typeof HAIR_STYLES)[number];

/** Stable face parameters in face units (the image spans ±1 when the face is upright). */
export interface FaceShape {
  faceWidth: number;
  faceHeight: number;
  faceCentreY: number;
  eyeSpacing: number;
  eyeY: number;
  eyeWidth: number;
  eyeHeight: number;
  browGap: number;
  browLength: number;
  browThickness: number;
  noseLength: number;
  noseWidth: number;
  mouthY: number;
  mouthWidth: number;
  hairStyle: HairStyle;
  hairVolume: number;
  hairlineY: number;
  skinTone: Rgb;
  hairColour: Rgb;
  irisColour: Rgb;
  clothingColour: Rgb;
  /** 0 = smooth skin, 1 = clear wrinkle lines. */
  wrinkles: number;
}

export interface Identity {
  index: number;
  name: string;
  /** Index into config.skin. */
  skin: number;
  /** Index into config.age. */
  age: number;
  face: FaceShape;
}

const LIGHTEST_SKIN: Rgb = [0.95, 0.8, 0.68];
const DARKEST_SKIN: Rgb = [0.42, 0.28, 0.2];
const GREY_HAIR: Rgb = [0.78, 0.77, 0.76];
const HAIR_COLOURS: Rgb[] = [
  [0.1, 0.07, 0.06],
  [0.3, 0.19, 0.11],
  [0.55, 0.38, 0.2],
  [0.85, 0.7, 0.42],
];
const IRIS_COLOURS: Rgb[] = [
  [0.2, 0.12, 0.07],
  [0.25, 0.35, 0.55],
  [0.3, 0.4, 0.25],
];

export function identityName(index: number): string {
  return `id${String(index).padStart(4, '0')}`;
}

export function createIdentities(config: SyntheticConfig): Identity[] {
  const n = config.nIdentities;
  const skins = assignByQuota(
    n,
    config.skin.map((g) => g.proportion),
    createRng(deriveSeed(config.seed, 'skin-groups')),
  );
  const ages = assignByQuota(
    n,
    config.age.map((a) => a.proportion),
    createRng(deriveSeed(config.seed, 'age-bands')),
  );
  const identities: Identity[] = [];
  for (let index = 0; index < n; index++) {
    const rng = createRng(deriveSeed(config.seed, `identity:${index}`));
    const skin = skins[index];
    const age = ages[index];
    identities.push({
      index,
      name: identityName(index),
      skin,
      age,
      face: randomFace(rng, shareOf(skin, config.skin.length), shareOf(age, config.age.length), skin),
    });
  }
  return identities;
}

/** Position of a group within its attribute, 0 (first) to 1 (last). */
function shareOf(index: number, count: number): number {
  return count > 1 ? index / (count - 1) : 0;
}

/**
 * Gives each of n items a group so that the group sizes match the proportions exactly
 * (largest remainder), in a seeded random order.
 */
export function assignByQuota(n: number, proportions: number[], rng: Rng): number[] {
  const exact = proportions.map((p) => p * n);
  const sizes = exact.map(Math.floor);
  let left = n - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) sizes[byRemainder[k % byRemainder.length][1]]++;
  const groups: number[] = [];
  sizes.forEach((size, group) => {
    for (let i = 0; i < size; i++) groups.push(group);
  });
  return shuffleInPlace(groups, rng);
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function randomFace(rng: Rng, darkness: number, ageing: number, skinGroup: number): FaceShape {
  const u = (lo: number, hi: number) => rng.uniform(lo, hi);
  const toneJitter = u(-0.06, 0.06);
  const skinTone = mix(LIGHTEST_SKIN, DARKEST_SKIN, Math.max(0, Math.min(1, darkness + toneJitter)));
  // Darker skin groups mostly have black or dark-brown hair; lighter ones any colour.
  const hairChoices = darkness > 0.5 ? HAIR_COLOURS.slice(0, 2) : HAIR_COLOURS;
  const baseHair = hairChoices[rng.int(hairChoices.length)];
  // Each skin group has a typical hair style (80 %), so the group shows in the hair too.
  const hairStyle = rng.next() < 0.8 ? HAIR_STYLES[skinGroup % HAIR_STYLES.length] : HAIR_STYLES[rng.int(3)];
  const faceHeight = u(0.66, 0.76);
  const faceCentreY = u(0.02, 0.08);
  const eyeY = faceCentreY - faceHeight * u(0.12, 0.2);
  return {
    faceWidth: u(0.5, 0.6),
    faceHeight,
    faceCentreY,
    eyeSpacing: u(0.2, 0.26),
    eyeY,
    eyeWidth: u(0.1, 0.13),
    eyeHeight: u(0.06, 0.08),
    browGap: u(0.1, 0.13),
    browLength: u(0.16, 0.22),
    browThickness: u(0.035, 0.05),
    noseLength: u(0.16, 0.22),
    noseWidth: u(0.06, 0.09),
    mouthY: faceCentreY + faceHeight * u(0.42, 0.5),
    mouthWidth: u(0.2, 0.26),
    hairStyle,
    hairVolume: u(0.6, 1),
    hairlineY: faceCentreY - faceHeight * u(0.55, 0.68),
    skinTone,
    hairColour: mix(baseHair, GREY_HAIR, ageing * u(0.75, 1)),
    irisColour: IRIS_COLOURS[rng.int(IRIS_COLOURS.length)],
    clothingColour: [u(0.1, 0.9), u(0.1, 0.9), u(0.1, 0.9)],
    wrinkles: ageing * u(0.7, 1),
  };
}

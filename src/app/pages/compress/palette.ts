/** Stable colours: a technique or group keeps its colour across charts. */
const COLOURS = [
  '#2b6cb0',
  '#c05621',
  '#2f855a',
  '#6b46c1',
  '#b83280',
  '#2c7a7b',
  '#975a16',
  '#4a5568',
  '#9b2c2c',
  '#3182ce',
];

export function colourFor(name: string, names: readonly string[]): string {
  const i = names.indexOf(name);
  return COLOURS[(i >= 0 ? i : names.length) % COLOURS.length];
}

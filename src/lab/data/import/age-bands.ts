/** Age bands shared by UTKFace and FairFace (FairFace's own bins; its "more than 70" is "70+"). */
export const AGE_BANDS = ['0-2', '3-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70+'] as const;

export function ageBand(age: number): string {
  if (age < 3) return '0-2';
  if (age < 10) return '3-9';
  if (age >= 70) return '70+';
  const decade = Math.floor(age / 10) * 10;
  return `${decade}-${decade + 9}`;
}

/** Port of the build served without isolation headers: E2E_PLAIN_PORT, else the preview port + 1000. */
export function plainServerPort(): number {
  return Number(process.env.E2E_PLAIN_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1000);
}

/** Port of the build served without isolation headers: E2E_PLAIN_PORT, else the preview port + 2 (+1000 would hit the dev server's 5173). */
export function plainServerPort(): number {
  return Number(process.env.E2E_PLAIN_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 2);
}

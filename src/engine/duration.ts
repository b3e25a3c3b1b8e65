const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses durations written in flows ("30s", "10m", "2h", "1d", "1h30m") into milliseconds; null if malformed. */
export function parseDuration(text: string): number | null {
  const src = text.replace(/\s+/g, '');
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(src)) return null;
  let total = 0;
  for (const [, n, unit] of src.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(n) * UNITS[unit];
  return total;
}

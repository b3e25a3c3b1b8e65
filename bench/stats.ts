/** Small statistics for the benchmarks: percentiles, medians and number formatting. */

/** The p-th percentile (0-100) of the values, nearest-rank on a sorted copy; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Latency summary in ms. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99), max: values.length ? Math.max(...values) : NaN };
}

/** A number with a sensible number of digits: 12345 → "12,345", 12.3456 → "12.3", 0.01234 → "0.0123". */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs === 0) return '0';
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return value.toFixed(Math.min(decimals, 6));
}

/** Milliseconds, e.g. "4.2 ms". */
export const ms = (value: number): string => `${fmt(value)} ms`;

/** Bytes in B / KiB / MiB / GiB. */
export function bytes(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = value;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${fmt(v)} ${units[u]}`;
}

/** A ratio as "1.8×". */
export const ratio = (a: number, b: number): string => (b ? `${fmt(a / b)}×` : '–');

/** Sleeps (the benchmarks measure real time; tests never use this). */
export const sleep = (msec: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msec));

/** Wall clock in ms with sub-millisecond precision, on the same epoch as Date.now(). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

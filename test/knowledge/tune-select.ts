/**
 * How the tuning picks one setting among many that score nearly the same on training data
 * (tune.ts). The plain argmax jumps between nearly equal settings on small data changes: the best
 * point of a noisy surface is partly noise. `plateau` instead keeps the settings within `near` of
 * the best value and picks the one whose neighbourhood (one grid step either way in every
 * dimension) scores best on average: the centre of the widest near-best plateau, which moves
 * little when a few training questions come or go. Pure functions over measured grid points.
 */

/** One measured setting: its coordinates (one number a dimension, ordered), value, and whether it may be chosen. */
export interface GridPoint<T> {
  coords: number[];
  value: number;
  /** Tie-break among equal picks (higher first): e.g. right topics offered in a "did you mean". */
  second?: number;
  /** False when it breaks a hard requirement (the done-when questions): measured, never chosen. */
  allowed: boolean;
  setting: T;
}

/** `best`: the highest value (the old rule); `plateau`: see the module comment. */
export type Selection = 'best' | 'plateau';

/** The mean value of each point's neighbourhood: itself and every grid point up to `radius` steps away in any dimensions. */
export function smoothed<T>(points: GridPoint<T>[], radius = 1): number[] {
  // Each dimension's sorted values: a step is to the next value measured in that dimension.
  const dims = points[0]?.coords.length ?? 0;
  const axes = Array.from({ length: dims }, (_, j) => [...new Set(points.map((p) => p.coords[j]))].sort((a, b) => a - b));
  const at = (coords: number[]) => coords.map((c, j) => axes[j].indexOf(c)).join(',');
  const byKey = new Map(points.map((p) => [at(p.coords), p]));
  const offsets: number[][] = [[]];
  const steps = Array.from({ length: 2 * radius + 1 }, (_, i) => i - radius);
  for (let j = 0; j < dims; j++) offsets.splice(0, offsets.length, ...offsets.flatMap((o) => steps.map((d) => [...o, d])));
  return points.map((p) => {
    const index = p.coords.map((c, j) => axes[j].indexOf(c));
    let sum = 0;
    let n = 0;
    for (const o of offsets) {
      const q = byKey.get(index.map((i, j) => i + o[j]).join(','));
      if (!q) continue;
      sum += q.value;
      n++;
    }
    return sum / n;
  });
}

/**
 * The chosen point (undefined when none is allowed). `near`: how far below the best value a plateau
 * point may be; `radius`: how many steps away its neighbours are.
 */
export function select<T>(points: GridPoint<T>[], how: Selection, near: number, radius = 1): GridPoint<T> | undefined {
  const allowed = points.filter((p) => p.allowed);
  if (!allowed.length) return undefined;
  const better = (a: GridPoint<T>, b: GridPoint<T>) => a.value > b.value + 1e-9 || (Math.abs(a.value - b.value) < 1e-9 && (a.second ?? 0) > (b.second ?? 0));
  // The first of equals wins, as the grid is walked: the old rule exactly.
  const best = allowed.reduce((a, b) => (better(b, a) ? b : a));
  if (how === 'best') return best;
  const smooth = smoothed(points, radius);
  let pick: { p: GridPoint<T>; s: number } | undefined;
  points.forEach((p, i) => {
    if (!p.allowed || p.value < best.value - near - 1e-9) return;
    const s = smooth[i];
    if (!pick || s > pick.s + 1e-9 || (Math.abs(s - pick.s) < 1e-9 && better(p, pick.p))) pick = { p, s };
  });
  return pick?.p ?? best;
}

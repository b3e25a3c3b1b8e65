/** Distinct, valid US phone numbers for the benchmarks: +1 212 NXX XXXX, 8 million of them. */

let next = 0;

/** The i-th benchmark number (every exchange 200-999 of area code 212 is valid). */
export function phoneNumber(i: number): string {
  const exchange = 200 + (Math.floor(i / 10_000) % 800);
  return `+1212${exchange}${String(i % 10_000).padStart(4, '0')}`;
}

/** `n` numbers never handed out before in this process. */
export function freshPhones(n: number): string[] {
  const out = Array.from({ length: n }, (_, k) => phoneNumber(next + k));
  next += n;
  return out;
}

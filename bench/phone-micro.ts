/**
 * libphonenumber-js per message, measured alone (CPU time of this process): a parse with the full
 * metadata as normalizePhone and maskPhone did per call, against their cache (src/lib/phone.ts).
 *
 * Usage: npx tsx bench/phone-micro.ts
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { maskPhone, normalizePhone } from '../src/lib/phone';
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
const nums = Array.from({ length: 1000 }, (_, i) => `+1212${String(5_550_000 + i)}`);
function time(label: string, f: (i: number) => void, n = 200000) {
  for (let i = 0; i < 5000; i++) f(i);
  const r: number[] = [];
  for (let k = 0; k < 5; k++) { const t0 = cpu(); for (let i = 0; i < n; i++) f(i); r.push((cpu() - t0) / n); }
  r.sort((a, b) => a - b);
  console.log(`${label}: ${r[2].toFixed(3)} µs CPU per call (median of 5)`);
}
time('parse + isValid (uncached, as before)', (i) => { const p = parsePhoneNumberFromString(nums[i % 1000], 'US'); p?.isValid(); }, 20000);
time('parse for maskPhone (uncached, as before)', (i) => parsePhoneNumberFromString(nums[i % 1000]), 20000);
time('normalizePhone (cached, 1000 numbers)', (i) => normalizePhone(nums[i % 1000]));
time('maskPhone (cached)', (i) => maskPhone(nums[i % 1000]));

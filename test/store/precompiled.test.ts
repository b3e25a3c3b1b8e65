/**
 * Queries compiled once (src/store/precompiled.ts), on PGlite and on PostgreSQL: the same rows as
 * the builder gives, new values on every call, one variant per length of an `in` list (and lists
 * past MAX_LIST built per call), constants of the query kept, and a build that does not use an
 * argument as a value refused.
 */
import { sql, type Kysely } from 'kysely';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { MAX_LIST, precompiled } from '../../src/store/precompiled';
import type { Database } from '../../src/store/schema';
import { describeOnBothDatabases } from '../helpers/databases';

type K = Kysely<Database>;

describeOnBothDatabases('precompiled queries', (db) => {
  const k = () => db().kysely;
  let n = 0;
  const person = async () => (await findOrCreateIdentity(k(), 'sms', `+1555444${String(1000 + n++)}`)).identity;

  test('a scalar argument: new values on every call, constants of the query kept', async () => {
    let builds = 0;
    const byAddress = precompiled((d: K, address: string) => {
      builds++;
      return d.selectFrom('identities').select(['id', 'address']).where('channel', '=', 'sms').where('address', '=', address).limit(1);
    });
    const [a, b] = [await person(), await person()];
    expect(await byAddress(k(), a.address)).toEqual([{ id: a.id, address: a.address }]);
    expect(await byAddress(k(), b.address)).toEqual([{ id: b.id, address: b.address }]);
    expect(await byAddress(k(), '+10000000000')).toEqual([]);
    expect(builds).toBe(1);
  });

  test('an array argument: one variant per length, long lists built per call, in a transaction too', async () => {
    let builds = 0;
    const byIds = precompiled((d: K, ids: string[], channel: string) => {
      builds++;
      return d.selectFrom('identities').select('address').where('id', 'in', ids).where('channel', '=', channel).orderBy('address');
    });
    const people = await Promise.all(Array.from({ length: 3 }, () => person()));
    const addresses = people.map((p) => p.address).sort();
    expect((await byIds(k(), people.slice(0, 2).map((p) => p.id), 'sms')).map((r) => r.address)).toEqual(addresses.filter((a) => people.slice(0, 2).some((p) => p.address === a)));
    expect((await byIds(k(), people.slice(1, 3).map((p) => p.id), 'sms')).map((r) => r.address)).toEqual(addresses.filter((a) => people.slice(1, 3).some((p) => p.address === a)));
    expect(await byIds(k(), [people[0].id, people[1].id], 'telegram')).toEqual([]);
    expect(builds).toBe(1);
    const all = await k().transaction().execute((tx) => byIds(tx, people.map((p) => p.id), 'sms'));
    expect(all.map((r) => r.address)).toEqual(addresses);
    expect(builds).toBe(2);
    const long = [...people.map((p) => p.id), ...Array.from({ length: MAX_LIST }, (_, i) => `${900_000_000 + i}`)];
    expect((await byIds(k(), long, 'sms')).map((r) => r.address)).toEqual(addresses);
    expect((await byIds(k(), long, 'sms')).map((r) => r.address)).toEqual(addresses);
    expect(builds).toBe(4);
  });

  test('values inside a sql template are parameters too', async () => {
    const plus = precompiled((d: K, a: number, b: number) => sql<{ n: number }>`SELECT (${a}::int + ${b}::int) AS n`);
    expect(await plus(k(), 1, 2)).toEqual([{ n: 3 }]);
    expect(await plus(k(), 40, 2)).toEqual([{ n: 42 }]);
  });

  test('a build that inspects an argument instead of using it as a value is refused', async () => {
    const wrong = precompiled((d: K, started: boolean) => d.selectFrom('identities').select('id').where('opted_out', '=', started ? true : false));
    await expect(wrong(k(), true)).rejects.toThrow(/argument 0 is not a value/);
  });
});

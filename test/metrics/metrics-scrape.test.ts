/**
 * Issue #13: /metrics was open on any HOST and ran a GROUP BY over the whole message log on every
 * scrape (six parallel scrapes pushed /healthz from 96 to 807 ms). Now the server refuses to start
 * on a non-loopback HOST without METRICS_TOKEN, and figures are read at most once per 15 s of the
 * clock, however many scrapes come: counted here in queries, not in time.
 */
import type { KyselyPlugin } from 'kysely';
import { Metrics, METRICS_REFRESH_MS } from '../../src/metrics/metrics';
import { startTestSystem, type TestSystem } from '../helpers/system';


it('refuses to start on a non-loopback HOST without METRICS_TOKEN, saying how to make one', async () => {
  let started: TestSystem | undefined;
  const attempt = startTestSystem('metrics-open', { HOST: '0.0.0.0', SIMULATOR: 'false' }, { workers: false, postgres: true }).then((s) => (started = s));
  await expect(attempt).rejects.toThrow(/METRICS_TOKEN is required when HOST \(0\.0\.0\.0\) is not a loopback address.*randomBytes\(32\)/);
  await started?.close();
});

describe('scrapes', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem('metrics-cache', {}, { workers: false, web: false, postgres: true });
  });
  afterAll(async () => system?.close());

  it('N parallel scrapes read the message counts once; again only after 15 s of the clock', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    let clock = new Date('2030-06-04T12:00:00Z').getTime();
    const rt = system.runtime;
    const metrics = new Metrics({ ...rt, db: { ...rt.db, kysely: rt.db.kysely.withPlugin(counting) }, now: () => new Date(clock) });

    const scrapes = await Promise.all(Array.from({ length: 8 }, () => metrics.registry.metrics()));
    expect(queries).toBe(1);
    for (const text of scrapes) expect(text).toMatch(/^# TYPE ce_messages gauge$/m);

    clock += METRICS_REFRESH_MS - 1;
    await Promise.all(Array.from({ length: 4 }, () => metrics.registry.metrics()));
    expect(queries).toBe(1);

    clock += 1;
    await Promise.all(Array.from({ length: 4 }, () => metrics.registry.metrics()));
    expect(queries).toBe(2);
  });
});

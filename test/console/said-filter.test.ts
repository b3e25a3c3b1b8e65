/** The filters of "What people said" read from a query string (pure, `now` injected). */
import { filterQuery, readFilter } from '../../src/console/said/filter';

const now = new Date('2030-06-04T13:00:00Z'); // 09:00 in New York
const read = (q: Record<string, string>) => readFilter((name) => q[name] ?? '', now, 'America/New_York');

describe('readFilter', () => {
  it('defaults to the last 30 local days, today included', () => {
    const { filter, errors } = read({});
    expect(errors).toEqual([]);
    expect(filter).toMatchObject({ from: '2030-05-06', to: '2030-06-04', by: 'language' });
    expect(filter.since.toISOString()).toBe('2030-05-06T04:00:00.000Z');
    expect(filter.until.toISOString()).toBe('2030-06-05T04:00:00.000Z');
  });

  it('takes the names it knows and ignores malformed ones', () => {
    const { filter } = read({ flow: 'feedback', topic: 'Bad Topic', language: 'es', channel: 'sms', by: 'channel' });
    expect(filter).toMatchObject({ flow: 'feedback', topic: undefined, language: 'es', channel: 'sms', by: 'channel' });
    expect(filterQuery(filter, { format: 'csv' })).toBe('?from=2030-05-06&to=2030-06-04&flow=feedback&language=es&channel=sms&by=channel&format=csv');
  });

  it('reports a day that is no day, and a range the wrong way round, using the default instead', () => {
    expect(read({ from: '2030-02-30' }).errors).toEqual([{ field: 'from', code: 'bad_date' }]);
    expect(read({ to: 'tomorrow' }).errors).toEqual([{ field: 'to', code: 'bad_date' }]);
    const backwards = read({ from: '2030-06-04', to: '2030-06-01' });
    expect(backwards.errors).toEqual([{ field: 'from', code: 'bad_range' }]);
    expect(backwards.filter.from).toBe('2030-05-03');
  });
});

/** The shifts list: each shift with its time, place, how full it is and who waits, and a chart of fill rates. */
import type english from '../../../locales/en/console-shifts.json';
import { reportFormats } from '../../i18n/organizer-texts';
import type { ShiftSummary } from '../../shifts/store';
import { BarChart } from '../charts/bar-chart';
import { ChartFigure } from '../charts/figure';
import type { PageContext } from '../context';
import { sectionT } from '../i18n';
import { Layout } from './layout';
import { Empty } from './components';

/** "4 Jun, 09:00 – 12:00" in the shift's own time zone and the page's language. */
export function shiftTime(page: PageContext, shift: { starts_at: Date; ends_at: Date; timezone: string }): string {
  const fmt = new Intl.DateTimeFormat(page.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: shift.timezone });
  const end = new Intl.DateTimeFormat(page.lang, { timeStyle: 'short', timeZone: shift.timezone });
  return `${fmt.format(shift.starts_at)} – ${end.format(shift.ends_at)}`;
}

/** Taken spots over capacity (0 for a shift without spots). */
export function fillRate(s: { taken: number; capacity: number }): number {
  return s.capacity > 0 ? s.taken / s.capacity : 0;
}

export function ShiftsPage(props: { page: PageContext; shifts: ShiftSummary[]; all: boolean }): JSX.Element {
  const { page, shifts } = props;
  const t = sectionT<typeof english>(page, 'console-shifts');
  const f = reportFormats(page.lang);
  const filled = (s: ShiftSummary) => `${t('taken_of', { taken: f.int(s.taken), capacity: f.int(s.capacity) })} (${f.rate(fillRate(s))})`;
  const label = (s: ShiftSummary) => `${s.title} · ${new Intl.DateTimeFormat(page.lang, { day: 'numeric', month: 'short', timeZone: s.timezone }).format(s.starts_at)}`;
  return (
    <Layout page={page} title={t('title')}>
      <h1 safe>{t('title')}</h1>
      <p safe>{t('intro')}</p>
      <p>
        <a href={props.all ? '/console/shifts' : '/console/shifts?all=1'} safe>
          {props.all ? t('show_upcoming') : t('show_all')}
        </a>
      </p>
      <h2 safe>{props.all ? t('all') : t('upcoming')}</h2>
      {shifts.length ? (
        <>
          <table class="table" id="shifts">
            <caption class="visually-hidden" safe>
              {t('caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('shift')}
                </th>
                <th scope="col" safe>
                  {t('when')}
                </th>
                <th scope="col" safe>
                  {t('where')}
                </th>
                <th scope="col" safe>
                  {t('filled')}
                </th>
                <th scope="col" safe>
                  {t('waiting')}
                </th>
                {props.all ? (
                  <th scope="col" safe>
                    {t('status')}
                  </th>
                ) : (
                  ''
                )}
              </tr>
            </thead>
            <tbody>
              {shifts.map((s) => (
                <tr>
                  <th scope="row" data-label={t('shift')}>
                    <a href={`/console/shifts/${s.id}`} safe>
                      {s.title}
                    </a>
                  </th>
                  <td data-label={t('when')} safe>
                    {shiftTime(page, s)}
                  </td>
                  <td data-label={t('where')} class="break" safe>
                    {s.location}
                  </td>
                  <td data-label={t('filled')} safe>
                    {filled(s)}
                  </td>
                  <td data-label={t('waiting')} safe>
                    {f.int(s.waiting)}
                  </td>
                  {props.all ? (
                    <td data-label={t('status')} safe>
                      {s.status === 'cancelled' ? t('cancelled') : t('scheduled')}
                    </td>
                  ) : (
                    ''
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <ChartFigure
            id="chart-fill"
            title={t('chart_title')}
            showNumbers={t('show_numbers')}
            columns={[t('shift'), t('fill_rate'), t('filled'), t('waiting')]}
            rows={shifts.map((s) => ({ label: label(s), cells: [f.rate(fillRate(s)), t('taken_of', { taken: f.int(s.taken), capacity: f.int(s.capacity) }), f.int(s.waiting)] }))}
          >
            <BarChart id="chart-fill" title={t('chart_title')} bars={shifts.map((s) => ({ label: label(s), value: fillRate(s), text: filled(s) }))} max={1} dir={page.dir} />
          </ChartFigure>
        </>
      ) : (
        <Empty text={t('empty')} />
      )}
    </Layout>
  );
}

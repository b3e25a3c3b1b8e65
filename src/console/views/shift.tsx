/** One shift: its details, its roster (who is on it, who confirmed) and its waitlist, in order. */
import type english from '../../../locales/en/console-shifts.json';
import { reportFormats } from '../../i18n/organizer-texts';
import { maskPhone } from '../../lib/phone';
import { SHIFT_KINDS, type Shift, type Signup, type Volunteer } from '../../shifts/tables';
import type { PageContext } from '../context';
import { sectionT } from '../i18n';
import { Layout } from './layout';
import { shiftTime } from './shifts';
import { Time, Empty, TableHead } from './components';

type Entry = Signup & { volunteer: Volunteer };

export function ShiftPage(props: { page: PageContext; shift: Shift; roster: Entry[]; waitlist: Entry[] }): JSX.Element {
  const { page, shift, roster, waitlist } = props;
  const t = sectionT<typeof english>(page, 'console-shifts');
  const f = reportFormats(page.lang);
  const taken = roster.length;
  const name = (v: Volunteer) => v.name ?? t('unnamed');
  // Organizers see how a volunteer is reached, never a whole phone number (as agents see people's).
  const reachedOn = (v: Volunteer) => [v.slack_user_id ? t('channel_slack') : '', v.phone ? t('channel_sms', { phone: maskPhone(v.phone) }) : ''].filter(Boolean).join(', ');
  const kind = (SHIFT_KINDS as readonly string[]).includes(shift.kind) ? t(`kinds.${shift.kind as (typeof SHIFT_KINDS)[number]}`) : shift.kind;
  return (
    <Layout page={page} title={shift.title}>
      <p class="back">
        <a href="/console/shifts" safe>
          {t('back')}
        </a>
      </p>
      <h1 safe>{shift.title}</h1>
      <dl class="details">
        <div>
          <dt safe>{t('when')}</dt>
          <dd safe>{`${shiftTime(page, shift)} (${shift.timezone})`}</dd>
        </div>
        <div>
          <dt safe>{t('where')}</dt>
          <dd class="break" safe>
            {shift.location}
          </dd>
        </div>
        <div>
          <dt safe>{t('kind')}</dt>
          <dd safe>{kind}</dd>
        </div>
        <div>
          <dt safe>{t('filled')}</dt>
          <dd id="fill">
            <span safe>{`${t('taken_of', { taken: f.int(taken), capacity: f.int(shift.capacity) })} (${f.rate(shift.capacity ? taken / shift.capacity : 0)})`}</span>{' '}
            <meter min="0" max={String(shift.capacity || 1)} value={String(taken)} aria-label={t('fill_rate')}></meter>
          </dd>
        </div>
        <div>
          <dt safe>{t('status')}</dt>
          <dd safe>{shift.status === 'cancelled' ? t('cancelled') : t('scheduled')}</dd>
        </div>
        {shift.notes ? (
          <div>
            <dt safe>{t('notes')}</dt>
            <dd class="break" safe>
              {shift.notes}
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>
      <h2 id="roster-title" safe>
        {t('roster')}
      </h2>
      {roster.length ? (
        <table class="table" id="roster">
          <TableHead caption={t('roster_caption')} columns={[t('volunteer'), t('reached_on'), t('status'), t('confirmed'), t('signed_up')]} />
          <tbody>
            {roster.map((r) => (
              <tr>
                <th scope="row" data-label={t('volunteer')}>
                  <bdi safe>{name(r.volunteer)}</bdi>
                </th>
                <td data-label={t('reached_on')} class="nowrap" safe>
                  {reachedOn(r.volunteer)}
                </td>
                <td data-label={t('status')} safe>
                  {t(`statuses.${r.status as 'active' | 'offered'}`)}
                </td>
                <td data-label={t('confirmed')}>
                  {r.confirmed_at ? (
                    <span class="status status-on" safe>
                      {t('confirmed_at', { time: page.formatTime(new Date(r.confirmed_at)) })}
                    </span>
                  ) : (
                    <span class="status status-off" safe>
                      {t('not_confirmed')}
                    </span>
                  )}
                </td>
                <td data-label={t('signed_up')}>
                  <Time page={page} at={r.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty text={t('roster_empty')} />
      )}
      <h2 id="waitlist-title" safe>
        {t('waitlist')}
      </h2>
      <p safe>{t('waitlist_intro')}</p>
      {waitlist.length ? (
        <table class="table" id="waitlist">
          <TableHead caption={t('waitlist_caption')} columns={[t('position'), t('volunteer'), t('reached_on'), t('waiting_since')]} />
          <tbody>
            {waitlist.map((r, i) => (
              <tr>
                <td data-label={t('position')} safe>
                  {f.int(i + 1)}
                </td>
                <th scope="row" data-label={t('volunteer')}>
                  <bdi safe>{name(r.volunteer)}</bdi>
                </th>
                <td data-label={t('reached_on')} class="nowrap" safe>
                  {reachedOn(r.volunteer)}
                </td>
                <td data-label={t('waiting_since')}>
                  <Time page={page} at={r.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty text={t('waitlist_empty')} />
      )}
    </Layout>
  );
}

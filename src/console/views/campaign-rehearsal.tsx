/**
 * What a rehearsal recorded (rehearsalLog, src/campaigns/rehearsal-log.ts): one row per person,
 * with their masked number, language, the exact text and when it would have gone, or why they
 * would have received nothing. Each text is marked with its own language and direction.
 */
import type { RehearsedMessage } from '../../campaigns/rehearsal-log';
import type { PageContext } from '../context';
import { Back, campaignsT, type CT, type Names } from './campaigns-common';
import { Layout } from './layout';
import { textDirection } from './text';
import { Empty, Time, TableHead } from './components';

function outcomeOf(ct: CT, m: RehearsedMessage): string {
  const reason = m.reason ?? '';
  switch (m.outcome) {
    case 'recorded':
      return ct('rehearsal.recorded');
    case 'waiting':
      return ct('rehearsal.waiting', { reason });
    case 'suppressed':
      return ct('rehearsal.suppressed', { reason });
    case 'stopped':
      return ct('rehearsal.stopped', { reason });
    default:
      return ct('rehearsal.skipped', { reason });
  }
}

export function RehearsalPage(props: { page: PageContext; id: string; name: string; messages: RehearsedMessage[]; next: string | null; names: Names; multiStep: boolean }): JSX.Element {
  const { page, names } = props;
  const ct = campaignsT(page);
  const base = `/console/campaigns/${props.id}`;
  const title = ct('rehearsal.title', { name: props.name });
  return (
    <Layout page={page} title={title}>
      <Back href={base} label={props.name} />
      <h1 safe>{title}</h1>
      <p class="panel" safe>
        {ct('rehearsal.intro')}
      </p>
      <p>
        <a href={`${base}/rehearsal.csv`} download="" safe>
          {ct('rehearsal.csv')}
        </a>
      </p>
      {props.messages.length ? (
        <table class="table rehearsal">
          <TableHead caption={ct('rehearsal.caption')} columns={[ct('rehearsal.person'), ct('rehearsal.language'), ct('rehearsal.outcome'), ct('rehearsal.text'), ct('rehearsal.when')]} />
          <tbody>
            {props.messages.map((m) => (
              <tr>
                <th scope="row" data-label={ct('rehearsal.person')}>
                  <span class="address" dir="ltr" safe>
                    {m.address ?? '—'}
                  </span>
                  {props.multiStep ? <span class="hint" safe>{` · ${m.step}`}</span> : ''}
                </th>
                <td data-label={ct('rehearsal.language')} safe>
                  {names.language(m.language)}
                </td>
                <td data-label={ct('rehearsal.outcome')}>
                  <span class={m.outcome === 'recorded' ? 'status status-on' : 'status status-off'} safe>
                    {outcomeOf(ct, m)}
                  </span>
                </td>
                <td data-label={ct('rehearsal.text')}>{m.text ? (
                    <p class="message-text" lang={m.language ?? undefined} dir={m.language ? textDirection(m.language) : 'auto'} safe>
                      {m.text}
                    </p>
                  ) : (
                    ''
                  )}</td>
                <td data-label={ct('rehearsal.when')}>
                  {m.at ? (
                    <Time page={page} at={m.at} />
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty text={ct('rehearsal.empty')} />
      )}
      {props.next ? (
        <nav class="pagination" aria-label={ct('rehearsal.next')}>
          <a href={`${base}/rehearsal?after=${encodeURIComponent(props.next)}`} safe>
            {ct('rehearsal.next')}
          </a>
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

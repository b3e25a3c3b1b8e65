/**
 * One campaign: its state, what can be done with it (each behind a confirmation), its live
 * progress per channel and language (a fragment the console's script refreshes; a link refreshes
 * it without script), the circuit breaker, why messages did not go (what each code means and what
 * the system did), its recent events and its definition.
 */
import type { CampaignStatusReport } from '../../campaigns/status';
import type { StoredCampaign } from '../../campaigns/stored';
import { knownReason } from '../campaigns/explain';
import type { PageContext } from '../context';
import { INBOX_SCRIPT } from './inbox';
import { Empty, Notice, Time, TableHead } from './components';
import { Back, campaignsT, StateBadge, type CT, type Names } from './campaigns-common';
import { Layout } from './layout';

/** How often the progress is refreshed while the page is open. */
export const PROGRESS_EVERY_MS = 3000;

/** The circuit breaker's settings as the campaign runs with them. */
export interface BreakerSettings {
  rate: number;
  window: number;
  min: number;
}

function Num(props: { n: number; label: string }): JSX.Element {
  return (
    <td data-label={props.label} class="num" safe>
      {String(props.n)}
    </td>
  );
}

/** The live part: progress per channel and language, the breaker, the reasons. */
export function Progress(props: { page: PageContext; status: CampaignStatusReport; names: Names; breaker: BreakerSettings }): JSX.Element {
  const { page, status: s, names } = props;
  const ct = campaignsT(page);
  const sentLabel = s.rehearsal ? ct('page.recorded') : ct('page.sent');
  const cols: [string, (c: CampaignStatusReport['cells'][number]) => number][] = [
    [ct('page.handed_out'), (c) => c.counts.handedOut],
    [sentLabel, (c) => c.counts.sent],
    [ct('page.delivered'), (c) => c.counts.delivered],
    [ct('page.failed'), (c) => c.counts.failed],
    [ct('page.suppressed'), (c) => c.counts.suppressed],
    [ct('page.waiting'), (c) => c.counts.waiting],
    [ct('page.opted_out_since'), (c) => c.optedOutSince],
  ];
  const cells = s.cells.filter((c) => c.channel !== 'none' || c.counts.skipped || c.counts.stopped);
  const total = { channel: '', language: '', counts: s.totals, optedOutSince: s.cells.reduce((n, c) => n + c.optedOutSince, 0) };
  const tripped = s.status === 'paused' && s.pausedReason?.startsWith('circuit breaker') ? s.pausedReason : null;
  const reasons = Object.entries(s.reasons).sort((a, b) => b[1] - a[1]);
  return (
    <div>
      {cells.length ? (
        <table class="table progress">
          <caption class="visually-hidden" safe>
            {ct('page.progress_caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {ct('page.channel')}
              </th>
              <th scope="col" safe>
                {ct('page.language')}
              </th>
              {cols.map(([label]) => (
                <th scope="col" safe>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cells.map((c) => (
              <tr>
                <th scope="row" data-label={ct('page.channel')} safe>
                  {names.channel(c.channel === 'none' ? null : c.channel)}
                </th>
                <td data-label={ct('page.language')} safe>
                  {names.language(c.language === '-' ? null : c.language)}
                </td>
                {cols.map(([label, of]) => (
                  <Num n={of(c)} label={label} />
                ))}
              </tr>
            ))}
            <tr class="total">
              <th scope="row" colspan="2" data-label={ct('page.channel')} safe>
                {ct('page.all')}
              </th>
              {cols.map(([label, of]) => (
                <Num n={of(total)} label={label} />
              ))}
            </tr>
          </tbody>
        </table>
      ) : (
        <Empty text={ct('page.nothing_yet')} />
      )}
      <h3 safe>{ct('page.breaker')}</h3>
      {tripped ? (
        <p class="status-tripped">
          <span safe>{ct('page.breaker_tripped', { reason: tripped })}</span>
        </p>
      ) : (
        <p safe>{ct('page.breaker_ok', { rate: Math.round(props.breaker.rate * 100), window: props.breaker.window, min: props.breaker.min })}</p>
      )}
      {reasons.length ? (
        <>
          <h3 safe>{ct('page.reasons')}</h3>
          <Reasons ct={ct} reasons={reasons} />
        </>
      ) : (
        ''
      )}
    </div>
  );
}

function Reasons(props: { ct: CT; reasons: [string, number][] }): JSX.Element {
  const { ct } = props;
  return (
    <table class="table">
      <TableHead caption={ct('page.reasons_caption')} columns={[ct('page.code'), ct('page.count'), ct('page.meaning'), ct('page.action')]} />
      <tbody>
        {props.reasons.map(([code, n]) => {
          const known = knownReason(code);
          return (
            <tr>
              <th scope="row" data-label={ct('page.code')}>
                <code safe>{code}</code>
              </th>
              <td data-label={ct('page.count')} safe>
                {String(n)}
              </td>
              <td data-label={ct('page.meaning')} safe>
                {known ? ct(`reasons.${known}.meaning`) : ct('page.unknown_meaning', { code })}
              </td>
              <td data-label={ct('page.action')} safe>
                {known ? ct(`reasons.${known}.action`) : ct('page.unknown_action')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function CampaignPage(props: { page: PageContext; campaign: StoredCampaign; status: CampaignStatusReport; names: Names; breaker: BreakerSettings; yaml: string; rehearsalAvailable: boolean; notice?: string }): JSX.Element {
  const { page, campaign: c, status: s } = props;
  const ct = campaignsT(page);
  const base = `/console/campaigns/${c.id}`;
  return (
    <Layout page={page} title={c.name} scripts={[INBOX_SCRIPT]}>
      <Back href="/console/campaigns" label={ct('list.title')} />
      {props.notice ? <Notice message={props.notice} /> : ''}
      <h1>
        <bdi safe>{c.name}</bdi>
      </h1>
      {c.rehearsal ? (
        <div class="panel rehearsal-banner">
          <p safe>{ct('page.rehearsal_banner')}</p>
          <p>
            <a href={`${base}/rehearsal`} safe>
              {ct('page.recorded_link')}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <dl class="details">
        <div>
          <dt safe>{ct('page.id')}</dt>
          <dd dir="ltr" safe>
            {c.id}
          </dd>
        </div>
        <div>
          <dt safe>{ct('page.state')}</dt>
          <dd>
            <StateBadge ct={ct} status={c.status} rehearsal={c.rehearsal} />
          </dd>
        </div>
        {c.launchedAt ? (
          <div>
            <dt safe>{ct('page.launched')}</dt>
            <dd safe>{page.formatTime(c.launchedAt)}</dd>
          </div>
        ) : (
          ''
        )}
        {c.completedAt ? (
          <div>
            <dt safe>{ct('page.completed')}</dt>
            <dd safe>{page.formatTime(c.completedAt)}</dd>
          </div>
        ) : (
          ''
        )}
        {c.pausedReason ? (
          <div>
            <dt safe>{ct('page.paused_reason')}</dt>
            <dd>
              <span dir="auto" safe>
                {c.pausedReason}
              </span>
            </dd>
          </div>
        ) : (
          ''
        )}
      </dl>

      <h2 safe>{ct('page.actions')}</h2>
      <ul class="actions">
        <li>
          <a class="button button-secondary" href={`${base}/preview`} safe>
            {ct('page.preview')}
          </a>
        </li>
        {c.status === 'draft' ? (
          <li>
            <a class="button button-primary" href={`${base}/launch`} safe>
              {ct('page.launch')}
            </a>
          </li>
        ) : (
          ''
        )}
        {c.status === 'draft' && props.rehearsalAvailable ? (
          <li>
            <a class="button button-primary" href={`${base}/launch?mode=rehearsal`} safe>
              {ct('page.rehearse')}
            </a>
          </li>
        ) : (
          ''
        )}
        {c.status === 'running' ? (
          <li>
            <a class="button button-warning" href={`${base}/pause`} safe>
              {ct('page.pause')}
            </a>
          </li>
        ) : (
          ''
        )}
        {c.status === 'paused' ? (
          <li>
            <a class="button button-primary" href={`${base}/resume`} safe>
              {ct('page.resume')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>

      {c.status !== 'draft' ? (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title" safe>
            {ct('page.progress')}
          </h2>
          <p class="hint">
            <span safe>{ct('page.live_hint')}</span>{' '}
            <a href={base} safe>
              {ct('page.refresh')}
            </a>
          </p>
          <div data-live-url={`${base}/live`} data-live-every={String(PROGRESS_EVERY_MS)}>
            <Progress page={page} status={s} names={props.names} breaker={props.breaker} />
          </div>
        </section>
      ) : (
        ''
      )}

      {s.events.length ? (
        <>
          <h2 safe>{ct('page.events')}</h2>
          <ul>
            {s.events.map((e) => (
              <li>
                <Time page={page} at={e.at} />{' '}
                <code safe>{e.kind}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}

      <h2 safe>{ct('page.definition')}</h2>
      <pre class="definition" lang="en" dir="ltr" tabindex="0" safe>
        {props.yaml}
      </pre>
    </Layout>
  );
}

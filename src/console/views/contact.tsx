/**
 * One contact: who they are, their addresses and where each one's consent stands, the consent
 * ledger, tags, the conversation (newest last, a page at a time), their feedback; and the two
 * privacy actions, export (a download) and forget (behind a page that says what will go).
 * Everything a person wrote is marked with their language and direction.
 */
import type { ContactProfile, HistoryMessage, LedgerEntry } from '../../contacts/profile';
import type { ForgetPreview } from '../../privacy/forget';
import type { PageContext } from '../context';
import { CsrfField, Empty, Time, TableHead } from './components';
import { ConsentBadge, contactsT, type ContactsKey, type ContactsNames } from './contacts';
import { deliveryLabel } from './inbox';
import { Layout } from './layout';
import { dirOf } from './text';

/** What the ledger says about where a consent came from. */
function sourceLabel(page: PageContext, entry: LedgerEntry): string {
  const t = contactsT(page);
  const s = entry.source;
  if (s === 'inbound') return t('ledger.source_inbound');
  if (s === 'keyword') return t('ledger.source_keyword', { word: entry.word ?? '' });
  if (s === 'suppression-list') return t('ledger.source_suppression');
  if (s.startsWith('import:')) return t('ledger.source_import', { source: s.slice('import:'.length) });
  if (s.startsWith('provider:')) return t('ledger.source_provider', { code: s.slice('provider:'.length) });
  return s;
}

function Ledger(props: { page: PageContext; ledger: LedgerEntry[]; names: ContactsNames }): JSX.Element {
  const { page } = props;
  const t = contactsT(page);
  if (!props.ledger.length) return <Empty text={t('ledger.empty')} />;
  return (
    <table class="table ledger">
      <TableHead caption={t('ledger.title')} columns={[t('ledger.time'), t('ledger.what'), t('ledger.channel'), t('ledger.source')]} />
      <tbody>
        {props.ledger.map((e) => (
          <tr>
            <td data-label={t('ledger.time')} class="nowrap">
              <Time page={page} at={e.at} />
            </td>
            <td data-label={t('ledger.what')} safe>
              {t(`ledger.${e.action}` as ContactsKey)}
            </td>
            <td data-label={t('ledger.channel')} safe>
              {props.names.channel(e.channel)}
            </td>
            <td data-label={t('ledger.source')} class="break">
              <bdi safe>{sourceLabel(page, e)}</bdi>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function History(props: { page: PageContext; contactId: string; messages: HistoryMessage[]; language: string | null; historyPage: number; hasOlder: boolean; names: ContactsNames }): JSX.Element {
  const { page, messages } = props;
  const t = contactsT(page);
  const link = (n: number) => `/console/contacts/${props.contactId}${n > 1 ? `?history=${n}` : ''}#history`;
  return (
    <div>
      {props.hasOlder || props.historyPage > 1 ? (
        <nav class="pagination" aria-label={t('history.pages')}>
          {props.hasOlder ? (
            <a href={link(props.historyPage + 1)} rel="next" safe>
              {t('history.older')}
            </a>
          ) : (
            ''
          )}
          {props.historyPage > 1 ? (
            <a href={link(props.historyPage - 1)} rel="prev" safe>
              {t('history.newer')}
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
      {messages.length ? (
        <ol class="transcript">
          {messages.map((m) => (
            <li class={`message ${m.direction === 'in' ? 'message-person' : 'message-bot'}`}>
              <p class="message-meta">
                <span class="message-author" safe>
                  {m.direction === 'in' ? t('history.from_them') : t('history.from_us')}
                </span>
                <span safe>{props.names.channel(m.channel)}</span>
                <Time page={page} at={m.at} />
                {m.direction === 'out' ? <span class={`delivery delivery-${m.status}`} safe>{deliveryLabel(page, m.status)}</span> : ''}
              </p>
              {m.body ? (
                <p class="message-text" lang={props.language || undefined} dir={dirOf(props.language)} safe>{m.body}</p>
              ) : (
                <p class="message-text hint" safe>
                  {t('history.no_text', { key: m.key ?? '' })}
                </p>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <Empty text={t('history.empty')} />
      )}
    </div>
  );
}

function Feedback(props: { page: PageContext; profile: ContactProfile }): JSX.Element {
  const { page } = props;
  const t = contactsT(page);
  if (!props.profile.feedback.length) return <Empty text={t('feedback.empty')} />;
  return (
    <table class="table feedback">
      <TableHead caption={t('feedback.title')} columns={[t('feedback.time'), t('feedback.question'), t('feedback.answer')]} />
      <tbody>
        {props.profile.feedback.map((f) => (
          <tr>
            <td data-label={t('feedback.time')} class="nowrap">
              <Time page={page} at={f.at} />
            </td>
            <td data-label={t('feedback.question')} class="break" safe>
              {`${f.flowId} / ${f.question}`}
            </td>
            <td data-label={t('feedback.answer')} class="break">
              {f.rating !== null ? <p safe>{t('feedback.rating', { rating: f.rating })}</p> : ''}
              {f.choice ? <p safe>{t('feedback.choice', { choice: f.choice })}</p> : ''}
              {f.comment ? (
                <p lang={f.language || undefined} dir={dirOf(f.language)} safe>{f.comment}</p>
              ) : (
                ''
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ContactPage(props: { page: PageContext; profile: ContactProfile; messages: HistoryMessage[]; historyPage: number; hasOlder: boolean; names: ContactsNames }): JSX.Element {
  const { page, profile, names } = props;
  const t = contactsT(page);
  const name = profile.name ?? t('list.no_name');
  const fields: [string, string][] = [
    [t('contact.language'), names.language(profile.language)],
    [t('contact.timezone'), profile.timezone ?? t('contact.not_set')],
    [t('contact.state'), String(profile.vars.state ?? t('contact.not_set'))],
    [t('contact.zip'), String(profile.vars.zip ?? t('contact.not_set'))],
    [t('contact.registered'), String(profile.vars.registered ?? t('contact.not_set'))],
    [t('contact.since'), page.formatTime(profile.createdAt)],
  ];
  return (
    <Layout page={page} title={name}>
      <p class="back">
        <a href="/console/contacts" safe>
          {t('contact.back')}
        </a>
      </p>
      <h1>{profile.name ? <span lang={profile.language || undefined} dir={dirOf(profile.language)} safe>{profile.name}</span> : <span safe>{name}</span>}</h1>
      <dl class="details">
        {fields.map(([label, value]) => (
          <div>
            <dt safe>{label}</dt>
            <dd safe>{value}</dd>
          </div>
        ))}
        <div>
          <dt safe>{t('contact.tags')}</dt>
          <dd safe>{profile.tags.length ? profile.tags.join(', ') : t('contact.no_tags')}</dd>
        </div>
      </dl>

      <section aria-labelledby="addresses">
        <h2 id="addresses" safe>
          {t('contact.addresses')}
        </h2>
        {profile.identities.length ? (
          <ul class="plain">
            {profile.identities.map((i) => (
              <li>
                <span safe>{names.channel(i.channel)}</span> <bdi class="address" safe>
                  {i.address}
                </bdi>{' '}
                <ConsentBadge page={page} state={i.consent} />
                {i.unreachableReason ? <span class="hint" safe>{` ${i.unreachableReason}`}</span> : ''}
              </li>
            ))}
          </ul>
        ) : (
          <Empty text={t('contact.no_addresses')} />
        )}
      </section>

      <section aria-labelledby="ledger">
        <h2 id="ledger" safe>
          {t('ledger.title')}
        </h2>
        <p class="hint" safe>
          {t('ledger.intro')}
        </p>
        <Ledger page={page} ledger={profile.ledger} names={names} />
      </section>

      <section aria-labelledby="history">
        <h2 id="history" safe>
          {t('history.title')}
        </h2>
        <History page={page} contactId={profile.id} messages={props.messages} language={profile.language} historyPage={props.historyPage} hasOlder={props.hasOlder} names={names} />
      </section>

      <section aria-labelledby="feedback">
        <h2 id="feedback" safe>
          {t('feedback.title')}
        </h2>
        <Feedback page={page} profile={profile} />
      </section>

      <section aria-labelledby="privacy" class="panel">
        <h2 id="privacy" safe>
          {t('contact.privacy')}
        </h2>
        <p safe>{t('contact.export_intro')}</p>
        <p>
          <a class="button button-secondary" href={`/console/contacts/${profile.id}/export`} download="" safe>
            {t('contact.export')}
          </a>
        </p>
        <p safe>{t('contact.forget_intro')}</p>
        <p>
          <a class="button button-warning" href={`/console/contacts/${profile.id}/forget`} safe>
            {t('contact.forget')}
          </a>
        </p>
      </section>
    </Layout>
  );
}

export function ForgetPage(props: { page: PageContext; contactId: string; name: string | null; counts: ForgetPreview }): JSX.Element {
  const { page, counts } = props;
  const t = contactsT(page);
  const name = props.name ?? t('list.no_name');
  return (
    <Layout page={page} title={t('forget.title')}>
      <p class="back">
        <a href={`/console/contacts/${props.contactId}`} safe>
          {t('forget.back')}
        </a>
      </p>
      <h1 safe>{t('forget.title')}</h1>
      <p>
        <span safe>{t('forget.who')}</span> <bdi safe>{name}</bdi>
      </p>
      <h2 safe>{t('forget.erased')}</h2>
      <ul>
        <li safe>{t('forget.identities', { count: counts.identities })}</li>
        <li safe>{t('forget.messages', { count: counts.messages })}</li>
        <li safe>{t('forget.comments', { count: counts.feedbackComments })}</li>
        <li safe>{t('forget.tickets', { count: counts.tickets })}</li>
        <li safe>{t('forget.tags', { count: counts.tags })}</li>
        <li safe>{t('forget.contact')}</li>
      </ul>
      <h2 safe>{t('forget.kept')}</h2>
      <ul>
        <li safe>{t('forget.kept_optout')}</li>
        <li safe>{t('forget.kept_feedback', { count: counts.feedback })}</li>
        <li safe>{t('forget.kept_consent', { count: counts.consentEvents })}</li>
        <li safe>{t('forget.kept_outside')}</li>
      </ul>
      <p class="hint" safe>
        {t('forget.export_first')}
      </p>
      <form method="post" action={`/console/contacts/${props.contactId}/forget`}>
        <CsrfField page={page} />
        <button type="submit" class="button button-warning" safe>
          {t('forget.confirm')}
        </button>
      </form>
    </Layout>
  );
}

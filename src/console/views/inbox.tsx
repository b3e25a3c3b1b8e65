/**
 * The inbox: the list of people waiting for a person, and one conversation (its messages with
 * their delivery status, who is answering, the reply box with canned replies, closing it). The
 * live parts (the list, the messages) are fragments the script in src/console/client refreshes
 * from the same templates; without script, a reload shows the same.
 */
import type { Role } from '../store/tables';
import type { PageContext } from '../context';
import type { ConsoleKey } from '../i18n';
import type { ConsentState, InboxRow } from '../store/inbox';
import type { TranscriptLine } from '../../handoff/store';
import { shownAddress, shownName } from '../inbox/shown';
import { CsrfField, Empty, ErrorSummary, Notice, SelectField, Time, type ShownError, TableHead } from './components';
import { Layout } from './layout';
import { textDirection } from './text';

/** The inbox's script (bundled from src/console/client/inbox.ts). */
export const INBOX_SCRIPT = '/console/assets/inbox.js';
/** How often the live parts are refreshed: the list, and an open conversation. */
export const LIST_EVERY_MS = 5000;
export const CONVERSATION_EVERY_MS = 2500;
/** The longest reply (Twilio refuses a body over 1,600 characters). */
export const MAX_REPLY_LENGTH = 1600;

/** What the pages need to know to name channels and languages. */
export interface InboxNames {
  channel(name: string | null): string;
  language(code: string | null): string;
}

function personLabel(page: PageContext, row: InboxRow): string {
  return shownName(page.user!.role, row.name) ?? page.t('inbox.someone');
}

/** The waiting column: since when the person waits for a volunteer, or that they were answered. */
function waiting(page: PageContext, row: InboxRow, now: Date, duration: (ms: number) => string): { text: string; since: Date | null } {
  const answered = row.lastVolunteer && (!row.lastIn || row.lastVolunteer >= row.lastIn);
  if (answered) return { text: page.t('inbox.answered'), since: null };
  const since = row.lastVolunteer && row.lastIn ? row.lastIn : row.openedAt;
  return { text: duration(now.getTime() - since.getTime()), since };
}

/** The list of tickets (a live fragment: the page's table, or the empty notice). */
export function InboxList(props: { page: PageContext; rows: InboxRow[]; closed: boolean; names: InboxNames; now: Date; duration: (ms: number) => string }): JSX.Element {
  const { page, rows, names } = props;
  const { t } = page;
  const role: Role = page.user!.role;
  if (!rows.length) {
    return (
      <Empty text={props.closed ? t('inbox.closed_empty') : t('inbox.empty')} />
    );
  }
  return (
    <table class="table inbox">
      <TableHead caption={props.closed ? t('inbox.closed_caption') : t('inbox.caption')} columns={[t('inbox.person'), t('inbox.channel'), t('inbox.language'), props.closed ? t('inbox.closed_at') : t('inbox.waiting'), t('inbox.answering')]} />
      <tbody>
        {rows.map((row) => {
          const wait = waiting(page, row, props.now, props.duration);
          const closedAt: string = row.closedAt ? page.formatTime(row.closedAt) : '';
          return (
            <tr>
              <th scope="row" data-label={t('inbox.person')}>
                <a href={`/console/inbox/${row.id}`}>
                  <bdi safe>{personLabel(page, row)}</bdi>
                </a>{' '}
                <span class="address" dir="ltr" safe>
                  {shownAddress(role, row.channel, row.address)}
                </span>
                {row.optedOut ? (
                  <>
                    {' '}
                    <span class="status status-off" safe>
                      {t('inbox.opted_out')}
                    </span>
                  </>
                ) : (
                  ''
                )}
              </th>
              <td data-label={t('inbox.channel')} safe>
                {names.channel(row.channel)}
              </td>
              <td data-label={t('inbox.language')} safe>
                {names.language(row.language)}
              </td>
              <td data-label={props.closed ? t('inbox.closed_at') : t('inbox.waiting')} class="nowrap">
                {props.closed ? (
                  <time datetime={row.closedAt?.toISOString() ?? ''} safe>
                    {closedAt}
                  </time>
                ) : wait.since ? (
                  <time datetime={wait.since.toISOString()} title={page.formatTime(wait.since)} safe>
                    {wait.text}
                  </time>
                ) : (
                  <span safe>{wait.text}</span>
                )}
              </td>
              <td data-label={t('inbox.answering')}>
                {row.claimedBy ? <bdi safe>{row.claimedBy.name}</bdi> : <span class="hint" safe>{t('inbox.nobody')}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The inbox page: open conversations (or closed ones), refreshed while it is open. */
export function InboxPage(props: { page: PageContext; rows: InboxRow[]; closed: boolean; names: InboxNames; now: Date; duration: (ms: number) => string; notice?: string }): JSX.Element {
  const { page, closed } = props;
  const { t } = page;
  const title = closed ? t('inbox.closed_title') : t('inbox.title');
  return (
    <Layout page={page} title={title} scripts={[INBOX_SCRIPT]}>
      {props.notice ? <Notice message={props.notice} /> : ''}
      <div class="title-row">
        <h1 safe>{title}</h1>
        <a class="button button-secondary" href={closed ? '/console/inbox' : '/console/inbox?status=closed'} safe>
          {closed ? t('inbox.show_open') : t('inbox.show_closed')}
        </a>
      </div>
      <p safe>{t('inbox.intro')}</p>
      <div id="inbox-list" data-live-url={`/console/inbox/live${closed ? '?status=closed' : ''}`} data-live-every={String(LIST_EVERY_MS)}>
        <InboxList page={page} rows={props.rows} closed={closed} names={props.names} now={props.now} duration={props.duration} />
      </div>
      <p class="visually-hidden" role="status" data-live-announce="" data-text={t('inbox.updated')}></p>
    </Layout>
  );
}

/** Who wrote a message of the transcript, and the class that places it. */
function author(page: PageContext, line: TranscriptLine, person: string): { who: string; kind: 'person' | 'bot' | 'volunteer' } {
  if (line.direction === 'in') return { who: person, kind: 'person' };
  if (line.key === null) return { who: page.t('conversation.from_volunteer'), kind: 'volunteer' };
  return { who: page.t('conversation.from_bot'), kind: 'bot' };
}

/** A delivery status in the page's language (the code itself for one this build has no words for). */
export function deliveryLabel(page: PageContext, status: string): string {
  const known = ['pending', 'scheduled', 'accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered', 'canceled', 'suppressed'];
  return known.includes(status) ? page.t(`conversation.delivery.${status}` as ConsoleKey) : status;
}

/**
 * The messages (a live fragment). The person's and the assistant's words carry the person's
 * language when known (its font: Chinese gets a Chinese font inside a page in any language). The
 * assistant's take that language's direction (an Arabic text that starts with the organization's
 * Latin name still reads right to left); the person's and volunteers' take it from their own text
 * (dir="auto"), as does the multilingual language menu.
 */
export function Transcript(props: { page: PageContext; lines: TranscriptLine[]; person: string; language: string | null }): JSX.Element {
  const { page, lines } = props;
  if (!lines.length) {
    return (
      <Empty text={page.t('conversation.no_messages')} />
    );
  }
  const lang = props.language ?? undefined;
  return (
    <ol class="transcript">
      {lines.map((line) => {
        const { who, kind } = author(page, line, props.person);
        // The assistant's texts are in the person's language, except the language menu (in all of
        // them, sent before they chose); a volunteer may write in any: the browser finds those.
        const multilingual = kind === 'volunteer' || (kind === 'bot' && line.key?.startsWith('language.'));
        const messageLang = multilingual ? undefined : lang;
        // The person's own words: their direction from the text itself (an Arabic speaker may type "hi").
        const dir = kind === 'bot' && messageLang ? textDirection(messageLang) : 'auto';
        return (
          <li class={`message message-${kind}`}>
            <p class="message-meta">
              <bdi class="message-author" safe>
                {who}
              </bdi>{' '}
              <Time page={page} at={line.at} />
              {line.direction === 'out' ? (
                <>
                  {' '}
                  <span class={`delivery delivery-${/^[a-z_]+$/.test(line.status) ? line.status : 'other'}`} safe>
                    {deliveryLabel(page, line.status)}
                  </span>
                </>
              ) : (
                ''
              )}
            </p>
            <p class="message-text" lang={messageLang} dir={dir} safe>
              {line.text}
            </p>
          </li>
        );
      })}
    </ol>
  );
}

/** A conversation as its page shows it. */
export interface ConversationView {
  row: InboxRow;
  lines: TranscriptLine[];
  consent: ConsentState | null;
  canned: { id: string; label: string; text: string }[];
  /** The reply box's text (a canned reply inserted without script, or what was typed before an error). */
  draft: string;
  /** The draft's SMS cost, for SMS-like channels (the script keeps it current as they type). */
  segments: { segments: number; encoding: string; units: number } | null;
  names: InboxNames;
}

/** Why the person cannot be written to, in the page's language. */
function readOnlyReason(page: PageContext, consent: ConsentState): string {
  const time = consent.at ? page.formatTime(consent.at) : '—';
  if (!consent.optedOut && consent.unreachableAt) return page.t('conversation.unreachable', { time: page.formatTime(consent.unreachableAt), reason: consent.unreachableReason ?? '—' });
  if (consent.source === 'keyword' && consent.word) return page.t('conversation.optout_keyword', { time, word: consent.word });
  if (consent.source?.startsWith('provider:')) return page.t('conversation.optout_provider', { time, code: consent.source.slice('provider:'.length) });
  if (consent.source === 'suppression-list') return page.t('conversation.optout_suppression', { time });
  return page.t('conversation.optout_unknown', { time });
}

/** One conversation: details, messages (live), who answers, the reply box, canned replies, close. */
export function ConversationPage(props: { page: PageContext; view: ConversationView; notice?: string; errors?: ShownError[] }): JSX.Element {
  const { page, view } = props;
  const { t } = page;
  const { row } = view;
  const user = page.user!;
  const person = shownName(user.role, row.name) ?? t('inbox.someone');
  const title = t('conversation.title', { name: person });
  const open = row.status === 'open';
  const readOnly = Boolean(view.consent && (view.consent.optedOut || view.consent.unreachableAt));
  const errors = props.errors ?? [];
  const mine = row.claimedBy?.id === String(user.id);
  return (
    <Layout page={page} title={title} scripts={[INBOX_SCRIPT]}>
      <p class="back">
        <a href="/console/inbox" safe>
          {t('conversation.back')}
        </a>
      </p>
      {props.notice ? <Notice message={props.notice} /> : ''}
      <ErrorSummary page={page} errors={errors} />
      <h1 safe>{title}</h1>
      {readOnly && view.consent ? (
        <div class="read-only" role="note" aria-labelledby="read-only-title">
          <h2 id="read-only-title" safe>
            {view.consent.optedOut ? t('conversation.read_only_title') : t('conversation.read_only_unreachable')}
          </h2>
          <p safe>{readOnlyReason(page, view.consent)}</p>
          <p class="hint" safe>
            {t('conversation.read_only_hint')}
          </p>
        </div>
      ) : (
        ''
      )}
      <div class="conversation">
        <section class="conversation-messages" aria-labelledby="messages-title">
          <h2 id="messages-title" safe>
            {t('conversation.transcript')}
          </h2>
          <p class="hint" safe>
            {t('conversation.transcript_hint')}
          </p>
          <div id="transcript" data-live-url={`/console/inbox/${row.id}/live`} data-live-every={String(CONVERSATION_EVERY_MS)} data-ticket-status={row.status}>
            <Transcript page={page} lines={view.lines} person={person} language={row.language} />
          </div>
          <p class="visually-hidden" role="status" data-live-announce="" data-text={t('conversation.updated')}></p>
        </section>
        <div class="conversation-side">
          <section aria-labelledby="details-title">
            <h2 id="details-title" safe>
              {t('conversation.details')}
            </h2>
            <dl class="details details-compact">
              <div>
                <dt safe>{t('conversation.address')}</dt>
                <dd dir="ltr" class="break" safe>
                  {shownAddress(user.role, row.channel, row.address)}
                </dd>
              </div>
              <div>
                <dt safe>{t('conversation.channel')}</dt>
                <dd safe>{view.names.channel(row.channel)}</dd>
              </div>
              <div>
                <dt safe>{t('conversation.language')}</dt>
                <dd safe>{view.names.language(row.language)}</dd>
              </div>
              <div>
                <dt safe>{t('conversation.opened')}</dt>
                <dd>
                  <Time page={page} at={row.openedAt} />
                </dd>
              </div>
              <div>
                <dt safe>{t('conversation.status')}</dt>
                <dd safe>{open ? t('conversation.status_open') : t('conversation.status_closed', { time: row.closedAt ? page.formatTime(row.closedAt) : '—' })}</dd>
              </div>
            </dl>
          </section>
          {open ? (
            <section aria-labelledby="claim-title">
              <h2 id="claim-title" safe>
                {t('conversation.claim_title')}
              </h2>
              <p safe>{mine ? t('conversation.claim_you') : row.claimedBy ? t('conversation.claim_someone', { name: row.claimedBy.name }) : t('conversation.claim_nobody')}</p>
              {mine || readOnly ? (
                ''
              ) : (
                <form method="post" action={`/console/inbox/${row.id}/claim`}>
                  <CsrfField page={page} />
                  <button type="submit" class="button button-secondary" safe>
                    {row.claimedBy ? t('conversation.take_over') : t('conversation.claim')}
                  </button>
                </form>
              )}
            </section>
          ) : (
            ''
          )}
        </div>
      </div>
      {open && !readOnly ? <ReplyForms page={page} view={view} errors={errors} /> : ''}
      {open ? (
        <section class="panel" aria-labelledby="close-title">
          <h2 id="close-title" safe>
            {t('conversation.close_title')}
          </h2>
          <p class="hint" safe>
            {t('conversation.close_hint')}
          </p>
          <form method="post" action={`/console/inbox/${row.id}/close`}>
            <CsrfField page={page} />
            <button type="submit" class="button button-warning" safe>
              {t('conversation.close')}
            </button>
          </form>
        </section>
      ) : (
        <p class="notice" safe>
          {t('conversation.closed_note')}
        </p>
      )}
    </Layout>
  );
}

/** The reply box (with the SMS count) and the canned replies. */
function ReplyForms(props: { page: PageContext; view: ConversationView; errors: ShownError[] }): JSX.Element {
  const { page, view } = props;
  const { t } = page;
  const { row } = view;
  const error = props.errors.find((e) => e.field === 'reply')?.message;
  const lang = row.language ?? undefined;
  const segmentsTemplate = t('conversation.segments', { segments: '{{segments}}', encoding: '{{encoding}}', units: '{{units}}' });
  return (
    <section class="panel reply" aria-labelledby="reply-title">
      <h2 id="reply-title" safe>
        {t('conversation.reply_title')}
      </h2>
      <form method="post" action={`/console/inbox/${row.id}/reply`}>
        <CsrfField page={page} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="reply" safe>
            {t('conversation.reply')}
          </label>
          <p class="hint" id="reply-hint" safe>
            {t('conversation.reply_hint', { channel: view.names.channel(row.channel), language: view.names.language(row.language) })}
          </p>
          {error ? (
            <p class="error-message" id="reply-error" safe>
              {error}
            </p>
          ) : (
            ''
          )}
          <textarea
            id="reply"
            name="text"
            rows="5"
            maxlength={String(MAX_REPLY_LENGTH)}
            lang={lang}
            dir="auto"
            data-segments={view.segments ? 'reply-segments' : undefined}
            aria-describedby={['reply-hint', view.segments ? 'reply-segments' : '', error ? 'reply-error' : ''].filter(Boolean).join(' ')}
            aria-invalid={error ? 'true' : undefined}
            safe
          >
            {view.draft}
          </textarea>
          {view.segments ? (
            <p class="hint segments" id="reply-segments" aria-live="polite" data-template={segmentsTemplate} safe>
              {t('conversation.segments', view.segments)}
            </p>
          ) : (
            ''
          )}
        </div>
        <button type="submit" class="button button-primary" safe>
          {t('conversation.send')}
        </button>
      </form>
      {view.canned.length ? (
        <form method="get" action={`/console/inbox/${row.id}`} class="canned" data-canned="reply">
          <SelectField id="canned" label={t('conversation.canned')} hint={t('conversation.canned_hint')} options={view.canned.map((c) => ({ value: c.id, label: c.label, text: c.text }))} />
          <button type="submit" class="button button-secondary" safe>
            {t('conversation.insert')}
          </button>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

/**
 * The contacts list: filters (name, number, tag, language, state, channel, consent), a page of
 * contacts with their addresses masked, and the way to the import. Plain GET forms and links.
 */
import type english from '../../../locales/en/console-contacts.json';
import { CONSENT_STATES, type ContactFilter, type ContactListPage } from '../../contacts/search';
import type { PageContext } from '../context';
import { sectionT, type KeysOf } from '../i18n';
import { shownAddress } from '../inbox/shown';
import { Notice, SelectField, TextField, TableHead } from './components';
import { Layout } from './layout';
import { dirOf } from './text';

/** The section's texts. */
export type ContactsKey = KeysOf<typeof english>;
export function contactsT(page: PageContext) {
  return sectionT<typeof english>(page, 'console-contacts');
}

/** How the pages name channels and languages (in the page's language). */
export interface ContactsNames {
  channel(name: string): string;
  language(code: string | null): string;
  channels: readonly string[];
  languages: readonly string[];
}

/** The query string of a filter (and page), for links that keep it. */
export function filterQuery(filter: ContactFilter, pageNumber?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (typeof v === 'string' && v) params.set(k, v);
  if (pageNumber && pageNumber > 1) params.set('page', String(pageNumber));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A consent state as a small badge. */
export function ConsentBadge(props: { page: PageContext; state: string }): JSX.Element {
  const t = contactsT(props.page);
  return (
    <span class={`status ${props.state === 'can_receive' ? 'status-on' : 'status-off'}`} safe>
      {t(`consent.${props.state}` as ContactsKey)}
    </span>
  );
}

export function ContactsPage(props: { page: PageContext; filter: ContactFilter; result: ContactListPage; pageNumber: number; pageSize: number; tags: string[]; names: ContactsNames; notice?: string }): JSX.Element {
  const { page, filter, result, pageNumber, names } = props;
  const t = contactsT(page);
  const title = pageNumber > 1 ? `${t('list.title')} (${t('list.page', { page: pageNumber })})` : t('list.title');
  const from = (pageNumber - 1) * props.pageSize + 1;
  return (
    <Layout page={page} title={title}>
      <div class="title-row">
        <h1 safe>{t('list.title')}</h1>
        <a class="button button-secondary" href="/console/contacts/import" safe>
          {t('list.import')}
        </a>
      </div>
      {props.notice ? <Notice message={props.notice} /> : ''}
      <p safe>{t('list.intro')}</p>
      <form method="get" action="/console/contacts" class="filters" aria-label={t('list.filters')}>
        <TextField id="name" label={t('list.name')} value={filter.name ?? ''} dir="auto" />
        <TextField id="number" label={t('list.number')} hint={t('list.number_hint')} value={filter.number ?? ''} error={result.badNumber ? t('list.bad_number') : undefined} />
        <SelectField id="tag" label={t('list.tag')} value={filter.tag ?? ''} options={[{ value: '', label: t('list.any') }, ...props.tags.map((tag) => ({ value: tag, label: tag }))]} />
        <SelectField id="language" label={t('list.language')} value={filter.language ?? ''} options={[{ value: '', label: t('list.any') }, ...names.languages.map((code) => ({ value: code, label: names.language(code), lang: code }))]} />
        <TextField id="state" label={t('list.state')} hint={t('list.state_hint')} value={filter.state ?? ''} />
        <SelectField id="channel" label={t('list.channel')} value={filter.channel ?? ''} options={[{ value: '', label: t('list.any') }, ...names.channels.map((c) => ({ value: c, label: names.channel(c) }))]} />
        <SelectField id="consent" label={t('list.consent')} value={filter.consent ?? ''} options={[{ value: '', label: t('list.any') }, ...CONSENT_STATES.map((s) => ({ value: s, label: t(`consent.${s}`) }))]} />
        <div class="filter-actions">
          <button type="submit" class="button button-secondary" safe>
            {t('list.search')}
          </button>
          <a class="button button-secondary" href="/console/contacts" safe>
            {t('list.clear')}
          </a>
        </div>
      </form>
      <p role="status" safe>
        {result.total ? t('list.count', { count: result.total, from, to: from + result.rows.length - 1 }) : t('list.empty')}
      </p>
      {result.rows.length ? (
        <table class="table contacts">
          <TableHead caption={t('list.caption')} columns={[t('list.col_name'), t('list.col_addresses'), t('list.language'), t('list.state'), t('list.col_tags')]} />
          <tbody>
            {result.rows.map((row) => (
              <tr>
                <th scope="row" data-label={t('list.col_name')}>
                  <a href={`/console/contacts/${row.id}`}>{row.name ? <span lang={row.language || undefined} dir={dirOf(row.language)} safe>{row.name}</span> : <span safe>{t('list.no_name')}</span>}</a>
                </th>
                <td data-label={t('list.col_addresses')}>
                  <ul class="plain">
                    {row.identities.map((i) => (
                      <li>
                        <span safe>{names.channel(i.channel)}</span> <bdi class="address" safe>
                          {shownAddress('agent', i.channel, i.address)}
                        </bdi>{' '}
                        <ConsentBadge page={page} state={i.consent} />
                      </li>
                    ))}
                  </ul>
                </td>
                <td data-label={t('list.language')} safe>
                  {names.language(row.language)}
                </td>
                <td data-label={t('list.state')} safe>
                  {row.state ?? ''}
                </td>
                <td data-label={t('list.col_tags')} safe>
                  {row.tags.join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
      {pageNumber > 1 || result.hasMore ? (
        <nav class="pagination" aria-label={t('list.pages')}>
          {pageNumber > 1 ? (
            <a href={`/console/contacts${filterQuery(filter, pageNumber - 1)}`} rel="prev" safe>
              {t('list.previous')}
            </a>
          ) : (
            ''
          )}
          <span safe>{t('list.page', { page: pageNumber })}</span>
          {result.hasMore ? (
            <a href={`/console/contacts${filterQuery(filter, pageNumber + 1)}`} rel="next" safe>
              {t('list.next')}
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** The admin's audit log page: filters, the entries newest first a page at a time, and the CSV export. */
import { AUDIT_ACTIONS } from '../audit';
import type { PageContext } from '../context';
import type { ConsoleKey } from '../i18n';
import type { AuditFilter, AuditRow } from '../store/audit-log';
import type { ConsoleUser } from '../store/tables';
import { Empty, SelectField, Time, TableHead } from './components';
import { Layout } from './layout';

/** The name of an action in the page's language (the code itself for one this build does not know). */
export function actionLabel(page: PageContext, action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? page.t(`audit.actions.${action}` as ConsoleKey) : action;
}

function details(row: AuditRow): string {
  const detail = (row.detail ?? {}) as Record<string, unknown>;
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** The query string of a filter (and page), for links that keep it. */
export function filterQuery(filter: AuditFilter, page?: number): string {
  const params = new URLSearchParams();
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (page && page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function AuditPage(props: { page: PageContext; rows: AuditRow[]; users: ConsoleUser[]; filter: AuditFilter; pageNumber: number; hasOlder: boolean }): JSX.Element {
  const { page, rows, filter, pageNumber } = props;
  const { t } = page;
  return (
    <Layout page={page} title={pageNumber > 1 ? `${t('audit.title')} (${t('audit.page', { page: pageNumber })})` : t('audit.title')}>
      <h1 safe>{t('audit.title')}</h1>
      <p safe>{t('audit.intro')}</p>
      <form method="get" action="/console/audit" class="filters" aria-label={t('audit.filters')}>
        <SelectField
          id="actor"
          label={t('audit.who')}
          value={filter.actor ?? ''}
          options={[{ value: '', label: t('audit.everyone') }, ...props.users.map((u) => ({ value: u.id, label: `${u.display_name} (${u.email})` })), { value: 'none', label: t('audit.no_account') }]}
        />
        <SelectField
          id="action"
          label={t('audit.action')}
          value={filter.action ?? ''}
          options={[{ value: '', label: t('audit.all_actions') }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(page, a) }))]}
        />
        <div class="filter-actions">
          <button type="submit" class="button button-secondary" safe>
            {t('audit.show')}
          </button>
          <a class="button button-secondary" href={`/console/audit.csv${filterQuery(filter)}`} download="" safe>
            {t('audit.export')}
          </a>
        </div>
      </form>
      {rows.length ? (
        <table class="table audit">
          <TableHead caption={t('audit.caption')} columns={[t('audit.time'), t('audit.who'), t('audit.action'), t('audit.target'), t('audit.details')]} />
          <tbody>
            {rows.map((row) => (
              <tr>
                <td data-label={t('audit.time')} class="nowrap">
                  <Time page={page} at={row.created_at} />
                </td>
                <td data-label={t('audit.who')} class="break" safe>
                  {row.actor_label}
                </td>
                <td data-label={t('audit.action')} safe>
                  {actionLabel(page, row.action)}
                </td>
                <td data-label={t('audit.target')} class="break" safe>
                  {row.target_label ?? row.target_id ?? ''}
                </td>
                <td data-label={t('audit.details')} class="break" safe>
                  {details(row)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty text={t('audit.empty')} />
      )}
      {pageNumber > 1 || props.hasOlder ? (
        <nav class="pagination" aria-label={t('audit.pages')}>
          {pageNumber > 1 ? (
            <a href={`/console/audit${filterQuery(filter, pageNumber - 1)}`} rel="prev" safe>
              {t('audit.newer')}
            </a>
          ) : (
            ''
          )}
          <span safe>{t('audit.page', { page: pageNumber })}</span>
          {props.hasOlder ? (
            <a href={`/console/audit${filterQuery(filter, pageNumber + 1)}`} rel="next" safe>
              {t('audit.older')}
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

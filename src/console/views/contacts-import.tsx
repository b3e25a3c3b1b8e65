/**
 * Importing a contacts file in the browser: the upload, the preview of what importing it would do
 * (from the same dry run as `contacts import --dry-run`), the attestation, the progress of the
 * import and its result. The reasons a row or a file is refused come from the import itself
 * (src/contacts/rows.ts), in English, as the CLI prints them: they are marked lang="en".
 */
import type { ImportReport } from '../../contacts/import';
import { problemText, type ImportProblem } from '../../contacts/problems';
import type { PageContext } from '../context';
import type { UploadedImport } from '../store/contact-imports';
import { CsrfField, ErrorSummary, Notice, TextField, type ShownError } from './components';
import { contactsT } from './contacts';
import { INBOX_SCRIPT } from './inbox';
import { Layout } from './layout';

/** How often the progress bar asks how far the import is. */
export const PROGRESS_EVERY_MS = 1000;

export function ImportUploadPage(props: { page: PageContext; columns: string[]; maxRows: number; errors?: ShownError[] }): JSX.Element {
  const { page } = props;
  const t = contactsT(page);
  return (
    <Layout page={page} title={t('import.title')}>
      <p class="back">
        <a href="/console/contacts" safe>
          {t('contact.back')}
        </a>
      </p>
      <ErrorSummary page={page} errors={props.errors ?? []} />
      <h1 safe>{t('import.title')}</h1>
      <p safe>{t('import.intro')}</p>
      <p safe>{t('import.columns', { columns: props.columns.join(', ') })}</p>
      <p safe>{t('import.all_or_nothing', { max: props.maxRows.toLocaleString(page.lang) })}</p>
      <p class="hint" safe>
        {t('import.kept')}
      </p>
      <form method="post" action="/console/contacts/import" enctype="multipart/form-data">
        <CsrfField page={page} />
        <div class={props.errors?.length ? 'field field-error' : 'field'}>
          <label for="file" safe>
            {t('import.file')}
          </label>
          {props.errors?.length ? (
            <p class="error-message" id="file-error" safe>
              {props.errors[0].message}
            </p>
          ) : (
            ''
          )}
          <input type="file" id="file" name="file" accept=".csv,text/csv" required aria-describedby={props.errors?.length ? 'file-error' : undefined} />
        </div>
        <button type="submit" class="button button-primary" safe>
          {t('import.check')}
        </button>
      </form>
    </Layout>
  );
}

/** The counts of a report, as a list of facts. */
function Counts(props: { page: PageContext; report: ImportReport; done: boolean }): JSX.Element {
  const { report } = props;
  const t = contactsT(props.page);
  return (
    <dl class="details">
      <div>
        <dt safe>{t('import.rows')}</dt>
        <dd safe>{String(report.rows)}</dd>
      </div>
      <div>
        <dt safe>{props.done ? t('import.created_done') : t('import.created')}</dt>
        <dd safe>{String(report.created)}</dd>
      </div>
      <div>
        <dt safe>{props.done ? t('import.updated_done') : t('import.updated')}</dt>
        <dd safe>{String(report.updated)}</dd>
      </div>
      <div>
        <dt safe>{t('import.unchanged')}</dt>
        <dd safe>{String(report.unchanged)}</dd>
      </div>
      <div>
        <dt safe>{t('import.opt_ins')}</dt>
        <dd safe>{String(report.optIns)}</dd>
      </div>
      <div>
        <dt safe>{t('import.kept_opted_out')}</dt>
        <dd safe>{String(report.keptOptedOut)}</dd>
      </div>
      {report.ignoredColumns.length ? (
        <div>
          <dt safe>{t('import.ignored')}</dt>
          <dd safe>{report.ignoredColumns.join(', ')}</dd>
        </div>
      ) : (
        ''
      )}
    </dl>
  );
}

/** Why nothing can be imported: the file's problems and every refused row with its line. */
function Refused(props: { page: PageContext; report: ImportReport }): JSX.Element {
  const { report } = props;
  const t = contactsT(props.page);
  // In the page's language; a report stored before problems had codes holds English words.
  const say = (p: ImportProblem | string) => problemText(props.page.translate, props.page.lang, p);
  const textLang = (p: ImportProblem | string | undefined) => (typeof p === 'string' ? { lang: 'en', dir: 'ltr' } : {});
  return (
    <div class="error-summary" role="alert" aria-labelledby="refused-title" tabindex="-1" autofocus>
      <h2 id="refused-title" safe>
        {t('import.refused_title')}
      </h2>
      <p safe>{t('import.refused_intro', { rows: report.rows })}</p>
      {report.fileErrors.length ? (
        <ul>
          {report.fileErrors.map((e) => (
            <li {...textLang(e)} safe>
              {say(e)}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {report.errors.length ? (
        <table class="table refused">
          <caption safe>{t('import.refused_rows', { count: report.errorCount })}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('import.line')}
              </th>
              <th scope="col" safe>
                {t('import.reason')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e) => (
              <tr>
                <td data-label={t('import.line')} safe>
                  {String(e.line)}
                </td>
                <td data-label={t('import.reason')} {...textLang(e.errors[0])} safe>
                  {e.errors.map(say).join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
      {report.errorCount > report.errors.length ? <p safe>{t('import.more_refused', { count: report.errorCount - report.errors.length })}</p> : ''}
    </div>
  );
}

/** The progress of a running import (a live part: the page's script refreshes it from the same template). */
export function ImportProgress(props: { page: PageContext; done: number; total: number }): JSX.Element {
  const t = contactsT(props.page);
  const total = Math.max(1, props.total);
  const done = Math.min(props.done, total);
  return (
    <div>
      <label for="import-progress" safe>
        {t('import.progress_label')}
      </label>
      <progress id="import-progress" max={String(total)} value={String(done)} safe>
        {`${Math.round((done / total) * 100)}%`}
      </progress>
      <p safe>{t('import.progress', { done, total: props.total })}</p>
    </div>
  );
}

export function ImportPreviewPage(props: { page: PageContext; upload: UploadedImport; progress: { done: number; total: number } | null; attestedBy: string; errors?: ShownError[] }): JSX.Element {
  const { page, upload } = props;
  const t = contactsT(page);
  const preview = upload.preview!;
  const self = `/console/contacts/import/${upload.id}`;
  const title = { done: t('import.done_title'), running: t('import.running_title'), failed: t('import.failed_title') }[upload.status as string] ?? t('import.preview_title');
  const Discard = () => (
    <form method="post" action={`${self}/discard`}>
      <CsrfField page={page} />
      <button type="submit" class="button button-secondary" safe>
        {t('import.discard')}
      </button>
    </form>
  );
  return (
    <Layout page={page} title={title} scripts={upload.status === 'running' ? [INBOX_SCRIPT] : undefined}>
      <p class="back">
        <a href="/console/contacts" safe>
          {t('contact.back')}
        </a>
      </p>
      <ErrorSummary page={page} errors={props.errors ?? []} />
      <h1 safe>{title}</h1>
      <p>
        <span safe>{t('import.file_name')}</span> <bdi safe>{upload.fileName}</bdi>
      </p>

      {upload.status === 'previewed' && !preview.ok ? (
        <div>
          <Refused page={page} report={preview} />
          <p>
            <a class="button button-primary" href="/console/contacts/import" safe>
              {t('import.upload_again')}
            </a>
          </p>
          <Discard />
        </div>
      ) : (
        ''
      )}

      {upload.status === 'previewed' && preview.ok ? (
        <div>
          <p safe>{t('import.preview_intro')}</p>
          <Counts page={page} report={preview} done={false} />
          <form method="post" action={self}>
            <CsrfField page={page} />
            {preview.consentRows ? (
              <fieldset class="field">
                <legend safe>{t('import.attest_legend')}</legend>
                <p safe>{t('import.attest_intro', { count: preview.consentRows, org: page.org })}</p>
                <div class="radio">
                  <input type="checkbox" id="attest" name="attest" value="yes" />
                  <label for="attest" safe>
                    {t('import.attest_check', { org: page.org })}
                  </label>
                </div>
                <TextField id="attested_by" label={t('import.attest_name')} hint={t('import.attest_name_hint')} value={props.attestedBy} autocomplete="name" />
              </fieldset>
            ) : (
              ''
            )}
            <button type="submit" class="button button-primary" safe>
              {t('import.import', { count: preview.rows })}
            </button>
          </form>
          <Discard />
        </div>
      ) : (
        ''
      )}

      {upload.status === 'running' ? (
        <div>
          <div data-live-url={`${self}/progress`} data-live-every={String(PROGRESS_EVERY_MS)} data-ticket-status="running" aria-live="polite">
            <ImportProgress page={page} done={props.progress?.done ?? 0} total={props.progress?.total ?? preview.rows} />
          </div>
          <p>
            <a href={self} safe>
              {t('import.refresh')}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}

      {upload.status === 'done' && upload.report ? (
        <div>
          <Notice message={t('import.done', { rows: upload.report.rows })} />
          <Counts page={page} report={upload.report} done={true} />
          <p>
            <a class="button button-primary" href="/console/contacts" safe>
              {t('import.see_contacts')}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}

      {upload.status === 'failed' ? (
        <div>
          {upload.report ? <Refused page={page} report={upload.report} /> : <p class="error-message" safe>{t('import.interrupted')}</p>}
          <p>
            <a class="button button-primary" href="/console/contacts/import" safe>
              {t('import.upload_again')}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** The translations section: completeness per language (the checks of `locales check`), export and import for translators, the import's preview. */
import type english from '../../../locales/en/console-translations.json';
import type { FileIssue } from '../../i18n/exchange/csv';
import type { ImportPlan } from '../../i18n/exchange/import-plan';
import type { LanguageSummary } from '../../i18n/locale-report';
import type { PageContext } from '../context';
import { sectionT, type LanguageOption } from '../i18n';
import { CsrfField, Empty, ErrorSummary, Notice, SelectField, type ShownError, TableHead } from './components';
import { Layout } from './layout';
import { textDirection } from './text';

const tOf = (page: PageContext) => sectionT<typeof english>(page, 'console-translations');

/** A size in the page's language (4 MB). */
export function formatSize(page: PageContext, bytes: number): string {
  return new Intl.NumberFormat(page.lang, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}

/** What the report page shows. */
export interface ReportView {
  summaries: LanguageSummary[];
  defaultLanguage: string;
  keys: number;
  dir: string;
  budget: number;
  maxBytes: number;
  /** Every language, named in itself (for the export's choice). */
  languages: LanguageOption[];
  /** After an import. */
  notice?: string;
  /** A refused export or upload. */
  errors?: ShownError[];
}

function languageName(languages: LanguageOption[], code: string): string {
  return languages.find((l) => l.code === code)?.name ?? code;
}

/** The upload form (also on the preview page when the file had errors). */
function UploadForm(props: { page: PageContext; maxBytes: number; dir: string; error?: string }): JSX.Element {
  const t = tOf(props.page);
  return (
    <form method="post" action="/console/translations/import" enctype="multipart/form-data" class="upload">
      <CsrfField page={props.page} />
      <div class={props.error ? 'field field-error' : 'field'}>
        <label for="file" safe>{t('import.file')}</label>
        <p class="hint" id="file-hint" safe>{t('import.intro', { max: formatSize(props.page, props.maxBytes) })}</p>
        {props.error ? <p class="error-message" id="file-error" safe>{props.error}</p> : ''}
        <input type="file" id="file" name="file" accept=".csv,.xlf,.xliff" aria-describedby={props.error ? 'file-hint file-error' : 'file-hint'} aria-invalid={props.error ? 'true' : undefined} />
      </div>
      <button type="submit" class="button button-primary" safe>{t('import.submit')}</button>
    </form>
  );
}

/** The translations page. */
export function TranslationsPage(props: { page: PageContext; view: ReportView }): JSX.Element {
  const { page, view } = props;
  const t = tOf(page);
  const others = view.languages.filter((l) => l.code !== view.defaultLanguage);
  const fileError = view.errors?.find((e) => e.field === 'file')?.message;
  return (
    <Layout page={page} title={t('report.title')}>
      <ErrorSummary page={page} errors={view.errors ?? []} />
      {view.notice ? <Notice message={view.notice} /> : ''}
      <h1 safe>{t('report.title')}</h1>
      <p safe>{t('report.intro', { budget: view.budget })}</p>
      <p class="hint" safe>{t('report.checked', { keys: view.keys, dir: view.dir })}</p>
      <table class="table completeness">
        <TableHead caption={t('report.caption')} columns={[t('report.language'), t('report.missing'), t('report.variables'), t('report.over_budget'), t('report.other'), t('report.status')]} />
        <tbody>
          {view.summaries.map((s) => (
            <tr data-language={s.language}>
              <th scope="row" data-label={t('report.language')}>
                <span lang={s.language} safe>{languageName(view.languages, s.language)}</span> <code safe>{s.language}</code>
              </th>
              <td data-label={t('report.missing')} class="count" safe>{String(s.missing)}</td>
              <td data-label={t('report.variables')} class="count" safe>{String(s.variables)}</td>
              <td data-label={t('report.over_budget')} class="count" safe>{String(s.overBudget)}</td>
              <td data-label={t('report.other')} class="count" safe>{String(s.other)}</td>
              <td data-label={t('report.status')}>
                {s.issues.length ? (
                  <a href={`#problems-${s.language}`} safe>{t('report.to_fix', { count: s.issues.length })}</a>
                ) : (
                  <span class="status status-on" safe>{s.language === view.defaultLanguage ? `${t('report.complete')} · ${t('report.source')}` : t('report.complete')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.summaries
        .filter((s) => s.issues.length)
        .map((s) => {
          const name = languageName(view.languages, s.language);
          return (
            <section aria-labelledby={`problems-${s.language}`}>
              <h2 id={`problems-${s.language}`} tabindex="-1" safe>{t('report.details', { language: name })}</h2>
              <table class="table problems">
                <TableHead caption={t('report.details_caption', { language: name })} columns={[t('report.key'), t('report.problem'), t('report.where')]} />
                <tbody>
                  {s.issues.map((i) => (
                    <tr data-key={i.key}>
                      <td data-label={t('report.key')}>
                        <code safe>{i.key}</code>
                      </td>
                      <td data-label={t('report.problem')} lang="en" safe>{i.message}</td>
                      <td data-label={t('report.where')}>
                        <code safe>{`${i.file}:${i.line}`}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      <h2 id="export" safe>{t('export.title')}</h2>
      <p safe>{t('export.intro')}</p>
      <form method="get" action="/console/translations/export" class="filters">
        <SelectField id="lang" label={t('export.language')} options={[{ value: '', label: t('export.all') }, ...others.map((l) => ({ value: l.code, label: `${l.name} (${l.code})`, lang: l.code }))]} error={view.errors?.find((e) => e.field === 'lang')?.message} />
        <SelectField
          id="format"
          label={t('export.format')}
          options={[
            { value: 'csv', label: t('export.csv') },
            { value: 'xliff', label: t('export.xliff') },
          ]}
          error={view.errors?.find((e) => e.field === 'format')?.message}
        />
        <div class="filter-actions">
          <button type="submit" class="button button-secondary" safe>{t('export.submit')}</button>
        </div>
      </form>
      <h2 id="import" safe>{t('import.title')}</h2>
      <UploadForm page={page} maxBytes={view.maxBytes} dir={view.dir} error={fileError} />
      <p class="hint" safe>{t('import.where', { dir: view.dir })}</p>
    </Layout>
  );
}

/** Issues of the imported file, each with its line. */
function IssueList(props: { page: PageContext; issues: FileIssue[] }): JSX.Element {
  const t = tOf(props.page);
  return (
    <ul class="file-issues">
      {props.issues.map((i) => (
        <li>
          <strong safe>{t('preview.line', { line: i.line })}</strong>: <span lang="en" safe>{i.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** What an import would do, with the confirmation; or why it cannot be imported. */
export function ImportPreviewPage(props: {
  page: PageContext;
  fileName: string;
  /** The file as uploaded (base64), carried by the confirmation form. */
  data: string;
  errors: FileIssue[];
  plan: ImportPlan | null;
  languages: LanguageOption[];
  maxBytes: number;
  dir: string;
  /** The files could not be written. */
  writeError?: string;
}): JSX.Element {
  const { page, plan } = props;
  const t = tOf(page);
  const name = (code: string) => languageName(props.languages, code);
  return (
    <Layout page={page} title={t('preview.title')}>
      <p class="back">
        <a href="/console/translations" safe>{t('preview.back')}</a>
      </p>
      {props.writeError ? (
        <div class="error-summary" role="alert" tabindex="-1" autofocus>
          <p safe>{props.writeError}</p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{t('preview.title')}</h1>
      <p safe>{t('preview.file', { file: props.fileName })}</p>
      {!plan ? (
        <>
          <div class="error-summary" role="alert" aria-labelledby="import-errors-title" tabindex="-1" autofocus>
            <h2 id="import-errors-title" safe>{t('preview.errors_title')}</h2>
            <p safe>{t('preview.errors_intro')}</p>
            <IssueList page={page} issues={props.errors} />
          </div>
          <UploadForm page={page} maxBytes={props.maxBytes} dir={props.dir} />
        </>
      ) : (
        <>
          {plan.warnings.length ? (
            <section aria-labelledby="warnings-title">
              <h2 id="warnings-title" safe>{t('preview.warnings_title')}</h2>
              <p safe>{t('preview.warnings_intro')}</p>
              <IssueList page={page} issues={plan.warnings} />
            </section>
          ) : (
            ''
          )}
          <h2 safe>{t('preview.languages_title')}</h2>
          <ul>
            {plan.languages.map((l) => (
              <li data-language={l.language}>
                <span safe>{t('preview.translated', { language: name(l.language), translated: l.translated, untranslated: l.untranslated })}</span>
                {l.isNew ? <span safe>{` ${t('preview.new_language', { language: l.language })}`}</span> : ''}
              </li>
            ))}
          </ul>
          <h2 safe>{t('preview.writes_title')}</h2>
          {plan.writes.length ? (
            <>
              <table class="table writes">
                <TableHead caption={t('preview.writes_caption')} columns={[t('preview.path'), t('preview.changed')]} />
                <tbody>
                  {plan.writes.map((w) => (
                    <tr>
                      <td data-label={t('preview.path')} class="break">
                        <code safe>{w.path}</code>
                        {w.created ? <span class="status status-off" safe>{` ${t('preview.new_file')}`}</span> : ''}
                      </td>
                      <td data-label={t('preview.changed')} class="count" safe>{String(w.changed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {plan.writes.map((w) => (
                <section aria-labelledby={`changes-${w.language}-${w.namespace}`}>
                  <h3 id={`changes-${w.language}-${w.namespace}`} class="break">
                    <span safe>{t('preview.changes_title', { path: w.path })}</span>
                  </h3>
                  <table class="table changes" data-file={w.path}>
                    <thead>
                      <tr>
                        <th scope="col" safe>{t('report.key')}</th>
                        <th scope="col" safe>{t('preview.now')}</th>
                        <th scope="col" safe>{t('preview.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {w.changes.map((c) => (
                        <tr data-key={c.key}>
                          <td data-label={t('report.key')} class="break">
                            <code safe>{c.key}</code>
                          </td>
                          <td data-label={t('preview.now')} class="break">
                            {c.before === undefined ? <span class="hint" safe>{t('preview.none_yet')}</span> : (
                              <span lang={w.language} dir={textDirection(w.language)} safe>
                                {c.before}
                              </span>
                            )}
                          </td>
                          <td data-label={t('preview.after')} class="break">
                            <span lang={w.language} dir={textDirection(w.language)} safe>
                              {c.after}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              ))}
              <form method="post" action="/console/translations/import/confirm">
                <CsrfField page={page} />
                <input type="hidden" name="name" value={props.fileName} />
                <input type="hidden" name="data" value={props.data} />
                <div class="filter-actions">
                  <button type="submit" class="button button-primary" safe>{t('preview.confirm')}</button>
                  <a class="button button-secondary" href="/console/translations" safe>{t('preview.cancel')}</a>
                </div>
              </form>
            </>
          ) : (
            <Empty text={t('preview.nothing')} />
          )}
        </>
      )}
    </Layout>
  );
}

/**
 * "What people said" (/console/feedback): the filters, then who we reach and who is left out,
 * the feedback, and the questions nobody could answer. Every figure comes from the domain code
 * the CLI and the digest use; the charts are server-drawn SVG with their numbers in tables.
 */
import type english from '../../../locales/en/console-said.json';
import type { EngagementRow, LeastEngaged } from '../../feedback/engagement';
import type { FeedbackSummary } from '../../feedback/summary';
import type { UnansweredLanguage } from '../../knowledge/unanswered/group';
import type { PageContext } from '../context';
import { sectionT } from '../i18n';
import type { FilterError, SaidFilter } from '../said/filter';
import type { CommunityNames } from '../said/names';
import { ErrorSummary, SelectField } from './components';
import { Layout } from './layout';
import { EquitySection } from './said-equity';
import { FeedbackSection } from './said-feedback';
import { QuestionsSection } from './said-questions';

/** What the filter menus offer (what feedback exists for). */
export interface Facets {
  flows: string[];
  topics: string[];
  languages: string[];
  channels: string[];
}

function DateField(props: { id: string; label: string; hint: string; value: string; error?: string }): JSX.Element {
  const { id, error } = props;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      <p class="hint" id={`${id}-hint`} safe>
        {props.hint}
      </p>
      {error ? (
        <p class="error-message" id={`${id}-error`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
      <input type="date" id={id} name={id} value={props.value} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? 'true' : undefined} />
    </div>
  );
}

export function SaidPage(props: {
  page: PageContext;
  filter: SaidFilter;
  errors: FilterError[];
  facets: Facets;
  timeZone: string;
  summary: FeedbackSummary;
  engagement: EngagementRow[];
  least: LeastEngaged | null;
  minSample: number;
  unanswered: UnansweredLanguage[];
  names: CommunityNames;
}): JSX.Element {
  const { page, filter, facets, names } = props;
  const t = sectionT<typeof english>(page, 'console-said');
  const errorOf = (field: string) => {
    const e = props.errors.find((x) => x.field === field);
    return e ? t(`filters.${e.code}`) : undefined;
  };
  // A value in the link but not among the menu's options (no feedback for it yet) is still shown as chosen.
  const options = (values: string[], chosen: string | undefined, all: string, label: (v: string) => string = (v) => v) => [
    { value: '', label: all },
    ...[...new Set([...values, ...(chosen ? [chosen] : [])])].map((v) => ({ value: v, label: label(v) })),
  ];
  return (
    <Layout page={page} title={t('title')}>
      <h1 safe>{t('title')}</h1>
      <p safe>{t('intro')}</p>
      <ErrorSummary page={page} errors={props.errors.map((e) => ({ field: e.field, message: t(`filters.${e.code}`) }))} />
      <form method="get" action="/console/feedback" class="filters" aria-label={t('filters.legend')}>
        <DateField id="from" label={t('filters.from')} hint={t('filters.date_hint', { zone: props.timeZone })} value={filter.from} error={errorOf('from')} />
        <DateField id="to" label={t('filters.to')} hint={t('filters.date_hint', { zone: props.timeZone })} value={filter.to} error={errorOf('to')} />
        <SelectField id="flow" label={t('filters.flow')} value={filter.flow ?? ''} options={options(facets.flows, filter.flow, t('filters.all_flows'))} />
        <SelectField id="topic" label={t('filters.topic')} value={filter.topic ?? ''} options={options(facets.topics, filter.topic, t('filters.all_topics'))} />
        <SelectField id="language" label={t('filters.language')} value={filter.language ?? ''} options={options(facets.languages, filter.language, t('filters.all_languages'), names.language)} />
        <SelectField id="channel" label={t('filters.channel')} value={filter.channel ?? ''} options={options(facets.channels, filter.channel, t('filters.all_channels'), names.channel)} />
        {filter.by !== 'language' ? <input type="hidden" name="by" value={filter.by} /> : ''}
        <div class="filter-actions">
          <button type="submit" class="button button-secondary" safe>
            {t('filters.show')}
          </button>
          <a class="button button-secondary" href="/console/feedback" safe>
            {t('filters.reset')}
          </a>
        </div>
      </form>
      <nav class="page-sections" aria-label={t('sections')}>
        <ul>
          <li>
            <a href="#equity" safe>
              {t('equity.title')}
            </a>
          </li>
          <li>
            <a href="#feedback" safe>
              {t('feedback.title')}
            </a>
          </li>
          <li>
            <a href="#questions" safe>
              {t('questions.title')}
            </a>
          </li>
        </ul>
      </nav>
      <EquitySection page={page} filter={filter} rows={props.engagement} least={props.least} minSample={props.minSample} names={names} />
      <FeedbackSection page={page} filter={filter} summary={props.summary} names={names} />
      <QuestionsSection page={page} filter={filter} languages={props.unanswered} names={names} />
    </Layout>
  );
}

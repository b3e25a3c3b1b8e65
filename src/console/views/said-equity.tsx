/**
 * "Who we reach, and who is left out": the engagement figures (src/feedback/engagement.ts, the
 * same as `feedback engagement` and the digest) per language or per channel, one bar chart per
 * measure with its numbers, and the least engaged language said in a plain sentence.
 */
import type english from '../../../locales/en/console-said.json';
import { engagementByChannel, engagementByLanguage, measureOf, type EngagementFigures, type EngagementMeasure, type EngagementRow, type LeastEngaged } from '../../feedback/engagement';
import { reportFormats } from '../../i18n/organizer-texts';
import { BarChart, type Bar } from '../charts/bar-chart';
import { ChartFigure } from '../charts/figure';
import type { PageContext } from '../context';
import { sectionT } from '../i18n';
import { filterQuery, type SaidFilter } from '../said/filter';
import type { CommunityNames } from '../said/names';
import { Empty } from './components';

/** The charts, in order: the measure of src/feedback/engagement.ts each draws, and its texts' key. */
const CHARTS: { measure: EngagementMeasure; key: 'reached' | 'replied' | 'completed' | 'feedback' | 'opted_out' }[] = [
  { measure: 'reached', key: 'reached' },
  { measure: 'reply', key: 'replied' },
  { measure: 'completion', key: 'completed' },
  { measure: 'feedback', key: 'feedback' },
  { measure: 'opt-out', key: 'opted_out' },
];

export function EquitySection(props: { page: PageContext; filter: SaidFilter; rows: EngagementRow[]; least: LeastEngaged | null; minSample: number; names: CommunityNames }): JSX.Element {
  const { page, filter, names } = props;
  const t = sectionT<typeof english>(page, 'console-said');
  const f = reportFormats(page.lang);
  const byLanguage = filter.by === 'language';
  const communities = (byLanguage ? engagementByLanguage(props.rows) : engagementByChannel(props.rows)).filter((r) => r.reached || r.people || r.notified || r.ended || r.optOuts || r.feedback);
  const nameOf = (r: EngagementFigures) => (byLanguage ? names.language(r.language) : names.channel(r.channel));
  const least = props.least;
  const highlighted = (r: EngagementFigures, m: EngagementMeasure) => byLanguage && !!least && r.language === least.language && least.measure === m;
  const countText = (c: { count: number; of: number | null; rate: number | null }) => (c.of === null ? f.int(c.count) : `${f.rate(c.rate)} (${f.int(c.count)}/${f.int(c.of)})`);
  return (
    <section aria-labelledby="equity-title" id="equity">
      <h2 id="equity-title" safe>
        {t('equity.title')}
      </h2>
      <p safe>{t('equity.intro')}</p>
      {least ? (
        <p class="callout" id="least-engaged">
          <strong safe>
            {t(least.measure === 'reply' ? 'equity.least' : 'equity.least_completion', {
              language: names.language(least.language),
              rate: f.rate(least.rate),
              overall: f.rate(least.overall),
              count: f.int(least.count),
              of: f.int(least.of),
            })}
          </strong>
        </p>
      ) : (
        <p class="hint" id="least-engaged" safe>
          {t('equity.none', { min: props.minSample })}
        </p>
      )}
      <nav class="view-switch" aria-label={t('equity.view')}>
        <a href={`/console/feedback${filterQuery({ ...filter, by: 'language' })}#equity`} aria-current={byLanguage ? 'true' : undefined} safe>
          {t('equity.by_language')}
        </a>
        <a href={`/console/feedback${filterQuery({ ...filter, by: 'channel' })}#equity`} aria-current={byLanguage ? undefined : 'true'} safe>
          {t('equity.by_channel')}
        </a>
      </nav>
      {communities.length ? (
        <div class="chart-grid">
          {CHARTS.map(({ measure: m, key }) => {
            const shown = communities.filter((r) => m === 'reached' || measureOf(r, m).of);
            const bars: Bar[] = shown.map((r) => {
              const c = measureOf(r, m);
              return { label: nameOf(r), value: c.of === null ? c.count : (c.rate ?? 0), text: countText(c), highlight: highlighted(r, m) };
            });
            const id = `chart-${key.replace('_', '-')}`;
            const columns = m === 'reached' ? [t('equity.community'), t('equity.number')] : [t('equity.community'), t('equity.share'), t('equity.number'), t('equity.out_of')];
            return (
              <ChartFigure
                id={id}
                title={t(`equity.${key}`)}
                description={t(`equity.${key}_desc`)}
                empty={t(`equity.${key}_empty`)}
                showNumbers={t('equity.show_numbers')}
                columns={columns}
                rows={shown.map((r) => {
                  const c = measureOf(r, m);
                  return { label: nameOf(r), highlight: highlighted(r, m), cells: c.of === null ? [f.int(c.count)] : [f.rate(c.rate), f.int(c.count), f.int(c.of)] };
                })}
              >
                <BarChart id={id} title={t(`equity.${key}`)} bars={bars} max={m === 'reached' ? undefined : 1} dir={page.dir} mark={t('equity.mark')} />
              </ChartFigure>
            );
          })}
        </div>
      ) : (
        <Empty text={t('equity.empty')} />
      )}
    </section>
  );
}

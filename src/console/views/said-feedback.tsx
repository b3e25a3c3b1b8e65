/**
 * The feedback part of "What people said": how many answers, the average rating per day (a line
 * chart) and how people rated (a bar chart), the choice answers counted, the comments exactly as
 * written with their language marked (never translated), and the export (the CLI's own).
 */
import type english from '../../../locales/en/console-said.json';
import { reportFormats } from '../../i18n/organizer-texts';
import { RATING_SCALE, type FeedbackSummary } from '../../feedback/summary';
import { BarChart } from '../charts/bar-chart';
import { ChartFigure } from '../charts/figure';
import { LineChart } from '../charts/line-chart';
import type { PageContext } from '../context';
import { sectionT } from '../i18n';
import { filterQuery, type SaidFilter } from '../said/filter';
import type { CommunityNames } from '../said/names';
import { langOf } from './text';
import { Time, Empty } from './components';

/** How many comments the page shows (the export has them all). */
export const COMMENTS_SHOWN = 50;

export function FeedbackSection(props: { page: PageContext; filter: SaidFilter; summary: FeedbackSummary; names: CommunityNames }): JSX.Element {
  const { page, filter, summary, names } = props;
  const t = sectionT<typeof english>(page, 'console-said');
  const f = reportFormats(page.lang);
  const scale = f.int(RATING_SCALE);
  const dayLabel = (day: string) => new Intl.DateTimeFormat(page.lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
  // Choice answers by question, in the order of the summary.
  const questions = new Map<string, FeedbackSummary['choices']>();
  for (const c of summary.choices) {
    const k = `${c.flow}\u0000${c.question}`;
    questions.set(k, [...(questions.get(k) ?? []), c]);
  }
  const shown = summary.comments.slice(0, COMMENTS_SHOWN);
  return (
    <section aria-labelledby="feedback-title" id="feedback">
      <h2 id="feedback-title" safe>
        {t('feedback.title')}
      </h2>
      {summary.total === 0 ? (
        <Empty text={t('feedback.empty')} />
      ) : (
        <p id="feedback-count" safe>
          {summary.average !== null
            ? t('feedback.count', { answers: f.int(summary.total), ratings: f.int(summary.ratings), average: f.dec1(summary.average), scale })
            : t('feedback.count_no_ratings', { answers: f.int(summary.total) })}
        </p>
      )}
      <p class="downloads">
        <a class="button button-secondary" href={`/console/feedback/export${filterQuery(filter, { format: 'csv' })}`} download="" safe>
          {t('feedback.export_csv')}
        </a>{' '}
        <a class="button button-secondary" href={`/console/feedback/export${filterQuery(filter, { format: 'json' })}`} download="" safe>
          {t('feedback.export_json')}
        </a>
      </p>
      <p class="hint" safe>
        {t('feedback.export_hint')}
      </p>
      {summary.ratings ? (
        <div class="chart-grid">
          <ChartFigure
            id="chart-ratings"
            title={t('feedback.ratings_title')}
            description={t('feedback.ratings_axis', { scale })}
            showNumbers={t('equity.show_numbers')}
            columns={[t('feedback.day'), t('feedback.average'), t('feedback.ratings')]}
            rows={summary.byDay.map((d) => ({ label: dayLabel(d.day), cells: [f.dec1(d.average), f.int(d.ratings)] }))}
          >
            <LineChart
              id="chart-ratings"
              title={t('feedback.ratings_title')}
              points={summary.byDay.map((d) => ({ label: dayLabel(d.day), value: d.average, text: f.dec1(d.average) }))}
              min={1}
              max={RATING_SCALE}
              ticks={Array.from({ length: RATING_SCALE }, (_, i) => i + 1)}
              tickText={f.int}
            />
          </ChartFigure>
          <ChartFigure
            id="chart-histogram"
            title={t('feedback.histogram_title')}
            showNumbers={t('equity.show_numbers')}
            columns={[t('feedback.rating_value'), t('feedback.times')]}
            rows={summary.histogram.map((h) => ({ label: t('feedback.rating_label', { rating: f.int(h.rating), scale }), cells: [f.int(h.count)] }))}
          >
            <BarChart id="chart-histogram" title={t('feedback.histogram_title')} bars={summary.histogram.map((h) => ({ label: t('feedback.rating_label', { rating: f.int(h.rating), scale }), value: h.count, text: f.int(h.count) }))} dir={page.dir} />
          </ChartFigure>
        </div>
      ) : (
        ''
      )}
      {questions.size ? (
        <>
          <h3 safe>{t('feedback.choices_title')}</h3>
          <div class="chart-grid">
            {[...questions.values()].map((cs, i) => {
              const title = t('feedback.question', { flow: cs[0].flow, question: cs[0].question });
              return (
                <ChartFigure id={`chart-choice-${i + 1}`} title={title} showNumbers={t('equity.show_numbers')} columns={[t('feedback.choice'), t('feedback.choice_count')]} rows={cs.map((c) => ({ label: c.choice, cells: [f.int(c.count)] }))}>
                  <BarChart id={`chart-choice-${i + 1}`} title={title} bars={cs.map((c) => ({ label: c.choice, value: c.count, text: f.int(c.count) }))} dir={page.dir} />
                </ChartFigure>
              );
            })}
          </div>
        </>
      ) : (
        ''
      )}
      {summary.comments.length ? (
        <>
          <h3 id="comments-title" safe>
            {t('feedback.comments_title')}
          </h3>
          <p safe>{t('feedback.comments_intro')}</p>
          {summary.comments.length > shown.length ? (
            <p class="hint" safe>
              {t('feedback.comments_shown', { shown: f.int(shown.length), total: f.int(summary.comments.length) })}
            </p>
          ) : (
            ''
          )}
          <ul class="comments" aria-labelledby="comments-title">
            {shown.map((c) => (
              <li class="comment">
                <p class="comment-meta">
                  <span class="comment-language" safe>
                    {t('feedback.written_in', { language: names.language(c.language) })}
                  </span>
                  <span safe>{names.channel(c.channel)}</span>
                  <span safe>{c.topic ? `${c.flow} · #${c.topic}` : c.flow}</span>
                  {c.rating !== null ? <span safe>{t('feedback.rating_given', { rating: f.int(c.rating), scale })}</span> : ''}
                  <Time page={page} at={c.created_at} />
                </p>
                <p class="comment-text" {...langOf(c.language)} safe>
                  {c.comment ?? ''}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

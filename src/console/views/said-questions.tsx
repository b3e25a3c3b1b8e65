/**
 * "Questions the assistant could not answer": the groups of src/knowledge/unanswered (the same as
 * the digest and `questions export`), per language, most asked first, each with what people wrote
 * in their own language, and the export.
 */
import type english from '../../../locales/en/console-said.json';
import { reportFormats } from '../../i18n/organizer-texts';
import type { UnansweredLanguage } from '../../knowledge/unanswered/group';
import type { PageContext } from '../context';
import { sectionT } from '../i18n';
import { filterQuery, type SaidFilter } from '../said/filter';
import type { CommunityNames } from '../said/names';
import { langOf } from './text';
import { Empty } from './components';

export function QuestionsSection(props: { page: PageContext; filter: SaidFilter; languages: UnansweredLanguage[]; names: CommunityNames }): JSX.Element {
  const { page, filter, names } = props;
  const t = sectionT<typeof english>(page, 'console-said');
  const f = reportFormats(page.lang);
  const asked = props.languages.filter((l) => l.total > 0);
  return (
    <section aria-labelledby="questions-title" id="questions">
      <h2 id="questions-title" safe>
        {t('questions.title')}
      </h2>
      <p safe>{t('questions.intro')}</p>
      {asked.length ? (
        asked.map((l) => (
          <div class="question-language">
            <h3 id={`questions-${l.language}`} safe>
              {t('questions.language_heading', { language: names.language(l.language), count: l.total })}
            </h3>
            <table class="table" aria-labelledby={`questions-${l.language}`}>
              <thead>
                <tr>
                  <th scope="col" safe>
                    {t('questions.example')}
                  </th>
                  <th scope="col" safe>
                    {t('questions.asked')}
                  </th>
                  <th scope="col" safe>
                    {t('questions.people')}
                  </th>
                  <th scope="col" safe>
                    {t('questions.nearest')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {l.groups.map((g) => (
                  <tr>
                    <td data-label={t('questions.example')} class="break">
                      <span {...langOf(l.language)} safe>
                        {g.example}
                      </span>
                    </td>
                    <td data-label={t('questions.asked')} safe>
                      {f.int(g.count)}
                    </td>
                    <td data-label={t('questions.people')} safe>
                      {f.int(g.people)}
                    </td>
                    <td data-label={t('questions.nearest')} safe>
                      {g.nearestTopic ?? t('questions.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))
      ) : (
        <Empty text={t('questions.empty')} />
      )}
      <p class="downloads">
        <a class="button button-secondary" href={`/console/feedback/questions${filterQuery(filter, { format: 'csv' })}`} download="" safe>
          {t('questions.export_csv')}
        </a>{' '}
        <a class="button button-secondary" href={`/console/feedback/questions${filterQuery(filter, { format: 'json' })}`} download="" safe>
          {t('questions.export_json')}
        </a>
      </p>
      <p class="hint" safe>
        {t('questions.export_hint')}
      </p>
    </section>
  );
}

/** The signed-in person's own account: who they are, and the console's language. */
import type { PageContext } from '../context';
import { Button, CsrfField, ErrorSummary, Notice, SelectField, type ShownError } from './components';
import { Layout } from './layout';

export function AccountPage(props: { page: PageContext; saved?: boolean; errors?: ShownError[] }): JSX.Element {
  const { page } = props;
  const { t } = page;
  const user = page.user!;
  const errors = props.errors ?? [];
  return (
    <Layout page={page} title={t('account.title')}>
      <div class="narrow">
        {props.saved ? <Notice message={t('account.saved')} /> : ''}
        <ErrorSummary page={page} errors={errors} />
        <h1 safe>{t('account.title')}</h1>
        <dl class="details">
          <div>
            <dt safe>{t('users.name')}</dt>
            <dd>
              <bdi safe>{user.display_name}</bdi>
            </dd>
          </div>
          <div>
            <dt safe>{t('users.email')}</dt>
            <dd safe>{user.email}</dd>
          </div>
          <div>
            <dt safe>{t('users.role')}</dt>
            <dd safe>{t(`roles.${user.role}`)}</dd>
          </div>
        </dl>
        <form method="post" action="/console/account">
          <CsrfField page={page} />
          <SelectField
            id="language"
            label={t('account.language')}
            value={user.language ?? ''}
            error={errors.find((e) => e.field === 'language')?.message}
            options={[{ value: '', label: t('account.language_browser') }, ...page.languages.map((l) => ({ value: l.code, label: l.name, lang: l.code }))]}
          />
          <Button label={t('account.submit')} />
        </form>
      </div>
    </Layout>
  );
}

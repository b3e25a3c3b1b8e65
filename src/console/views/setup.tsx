/** The first admin's page, opened from the one-time link the start banner prints. */
import { MIN_PASSWORD_LENGTH } from '../accounts/passwords';
import type { PageContext } from '../context';
import { Button, CsrfField, ErrorSummary, TextField, type ShownError } from './components';
import { Layout } from './layout';

/** The form to create the first admin account. */
export function SetupPage(props: { page: PageContext; token: string; values?: { email?: string; name?: string }; errors?: ShownError[] }): JSX.Element {
  const { page } = props;
  const { t } = page;
  const errors = props.errors ?? [];
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Layout page={page} title={t('setup.title')}>
      <div class="narrow">
        <ErrorSummary page={page} errors={errors} />
        <h1 safe>{t('setup.title')}</h1>
        <p safe>{t('setup.intro')}</p>
        <form method="post" action="/console/setup" novalidate>
          <CsrfField page={page} />
          <input type="hidden" name="token" value={props.token} />
          <TextField id="display_name" label={t('setup.name')} value={props.values?.name} error={error('display_name')} autocomplete="name" autofocus={!errors.length} />
          <TextField id="email" type="email" label={t('setup.email')} value={props.values?.email} error={error('email')} autocomplete="username" required />
          <TextField
            id="password"
            type="password"
            label={t('setup.password')}
            hint={t('setup.password_hint', { min: MIN_PASSWORD_LENGTH })}
            error={error('password')}
            autocomplete="new-password"
            required
          />
          <TextField id="password_confirm" type="password" label={t('setup.password_confirm')} error={error('password_confirm')} autocomplete="new-password" required />
          <Button label={t('setup.submit')} />
        </form>
      </div>
    </Layout>
  );
}

/** The link was used, has expired, or the console already has accounts. */
export function SetupRefusedPage(props: { page: PageContext; already: boolean }): JSX.Element {
  const { page } = props;
  const { t } = page;
  const title = props.already ? t('setup.already_title') : t('setup.refused_title');
  return (
    <Layout page={page} title={title}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        {props.already ? (
          <p safe>{t('setup.already_text')}</p>
        ) : (
          <>
            <p safe>{t('setup.refused_text')}</p>
            <pre class="command">
              <code>civic-engage users add you@example.org --role admin</code>
            </pre>
          </>
        )}
        <p>
          <a href="/console/sign-in" safe>
            {t('sign_in.title')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

/** The sign-in page. */
import type { PageContext } from '../context';
import { Button, CsrfField, ErrorSummary, Notice, TextField, type ShownError } from './components';
import { Layout } from './layout';

export function SignInPage(props: { page: PageContext; email?: string; next: string; errors?: ShownError[]; signedOut?: boolean }): JSX.Element {
  const { page } = props;
  const { t } = page;
  const errors = props.errors ?? [];
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Layout page={page} title={t('sign_in.title')}>
      <div class="narrow">
        {props.signedOut && !errors.length ? <Notice message={t('sign_in.signed_out')} /> : ''}
        <ErrorSummary page={page} errors={errors} />
        <h1 safe>{t('sign_in.title')}</h1>
        <p safe>{t('sign_in.intro', { org: page.org })}</p>
        <form method="post" action="/console/sign-in" novalidate>
          <CsrfField page={page} />
          <input type="hidden" name="next" value={props.next} />
          <TextField
            id="email"
            type="email"
            label={t('sign_in.email')}
            value={props.email}
            error={error('email')}
            autocomplete="username"
            required
            autofocus={!errors.length && !props.signedOut}
          />
          <TextField id="password" type="password" label={t('sign_in.password')} error={error('password')} autocomplete="current-password" required />
          <Button label={t('sign_in.submit')} />
        </form>
        <p class="hint" safe>
          {t('sign_in.no_account')}
        </p>
      </div>
    </Layout>
  );
}

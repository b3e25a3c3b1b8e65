/** The admin's users pages: the list, the form to add one, and one account's page. */
import { MIN_PASSWORD_LENGTH } from '../accounts/passwords';
import type { PageContext } from '../context';
import { ROLES, type ConsoleUser } from '../store/tables';
import { Button, CsrfField, ErrorSummary, Notice, RadioGroup, TextField, type ShownError, TableHead } from './components';
import { Layout } from './layout';

/** Every account, with a link to each and to the form that adds one. */
export function UsersPage(props: { page: PageContext; users: ConsoleUser[]; notice?: string }): JSX.Element {
  const { page, users } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('users.title')}>
      {props.notice ? <Notice message={props.notice} /> : ''}
      <div class="title-row">
        <h1 safe>{t('users.title')}</h1>
        <a class="button button-primary" href="/console/users/new" safe>
          {t('users.add')}
        </a>
      </div>
      <table class="table">
        <TableHead caption={t('users.caption')} columns={[t('users.name'), t('users.email'), t('users.role'), t('users.status'), t('users.last_sign_in')]} />
        <tbody>
          {users.map((u) => (
            <tr>
              <th scope="row" data-label={t('users.name')}>
                <a href={`/console/users/${u.id}`}>
                  <bdi safe>{u.display_name}</bdi>
                </a>
              </th>
              <td data-label={t('users.email')} class="break" safe>
                {u.email}
              </td>
              <td data-label={t('users.role')} safe>
                {t(`roles.${u.role}`)}
              </td>
              <td data-label={t('users.status')}>
                <span class={u.disabled_at ? 'status status-off' : 'status status-on'} safe>
                  {u.disabled_at ? t('users.disabled') : t('users.active')}
                </span>
              </td>
              <td data-label={t('users.last_sign_in')} safe>
                {u.last_sign_in_at ? page.formatTime(u.last_sign_in_at) : t('users.never')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** The form that adds an account. */
export function NewUserPage(props: { page: PageContext; values?: { email?: string; name?: string; role?: string }; errors?: ShownError[] }): JSX.Element {
  const { page } = props;
  const { t } = page;
  const errors = props.errors ?? [];
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <Layout page={page} title={t('new_user.title')}>
      <div class="narrow">
        <p class="back">
          <a href="/console/users" safe>
            {t('new_user.back')}
          </a>
        </p>
        <ErrorSummary page={page} errors={errors} />
        <h1 safe>{t('new_user.title')}</h1>
        <form method="post" action="/console/users" novalidate>
          <CsrfField page={page} />
          <TextField id="email" type="email" label={t('new_user.email')} value={props.values?.email} error={error('email')} autocomplete="off" required autofocus={!errors.length} />
          <TextField id="display_name" label={t('new_user.name')} hint={t('new_user.name_hint')} value={props.values?.name} error={error('display_name')} autocomplete="off" />
          <RadioGroup
            id="role"
            legend={t('new_user.role')}
            value={props.values?.role ?? 'agent'}
            error={error('role')}
            options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`), hint: t(`role_help.${role}`) }))}
          />
          <TextField id="password" type="password" label={t('new_user.password')} hint={t('new_user.password_hint', { min: MIN_PASSWORD_LENGTH })} error={error('password')} autocomplete="new-password" required />
          <TextField id="password_confirm" type="password" label={t('new_user.password_confirm')} error={error('password_confirm')} autocomplete="new-password" required />
          <Button label={t('new_user.submit')} />
        </form>
      </div>
    </Layout>
  );
}

/** One account: its details, a new password, disable or enable. */
export function UserPage(props: { page: PageContext; user: ConsoleUser; notice?: string; errors?: ShownError[] }): JSX.Element {
  const { page, user } = props;
  const { t } = page;
  const errors = props.errors ?? [];
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  const self = page.user?.id === user.id;
  return (
    <Layout page={page} title={user.display_name}>
      <div class="narrow">
        <p class="back">
          <a href="/console/users" safe>
            {t('user.back')}
          </a>
        </p>
        {props.notice ? <Notice message={props.notice} /> : ''}
        <ErrorSummary page={page} errors={errors} />
        <h1>
          <bdi safe>{user.display_name}</bdi>
        </h1>
        <dl class="details">
          <div>
            <dt safe>{t('users.email')}</dt>
            <dd class="break" safe>
              {user.email}
            </dd>
          </div>
          <div>
            <dt safe>{t('users.role')}</dt>
            <dd safe>{t(`roles.${user.role}`)}</dd>
          </div>
          <div>
            <dt safe>{t('users.status')}</dt>
            <dd safe>{user.disabled_at ? t('users.disabled') : t('users.active')}</dd>
          </div>
          <div>
            <dt safe>{t('users.last_sign_in')}</dt>
            <dd safe>{user.last_sign_in_at ? page.formatTime(user.last_sign_in_at) : t('users.never')}</dd>
          </div>
          <div>
            <dt safe>{t('user.created')}</dt>
            <dd safe>{page.formatTime(user.created_at)}</dd>
          </div>
        </dl>

        <section aria-labelledby="reset-title" class="panel">
          <h2 id="reset-title" safe>
            {t('user.reset_title')}
          </h2>
          <p class="hint" safe>
            {t('user.reset_hint')}
          </p>
          <form method="post" action={`/console/users/${user.id}/password`} novalidate>
            <CsrfField page={page} />
            <TextField id="password" type="password" label={t('user.new_password')} hint={t('new_user.password_hint', { min: MIN_PASSWORD_LENGTH })} error={error('password')} autocomplete="new-password" required />
            <TextField id="password_confirm" type="password" label={t('user.new_password_confirm')} error={error('password_confirm')} autocomplete="new-password" required />
            <Button label={t('user.reset_submit')} variant="secondary" />
          </form>
        </section>

        {user.disabled_at ? (
          <section aria-labelledby="enable-title" class="panel">
            <h2 id="enable-title" safe>
              {t('user.enable_title')}
            </h2>
            <p class="hint" safe>
              {t('user.enable_hint')}
            </p>
            <form method="post" action={`/console/users/${user.id}/enable`}>
              <CsrfField page={page} />
              <Button label={t('user.enable_submit')} variant="secondary" />
            </form>
          </section>
        ) : self ? (
          ''
        ) : (
          <section aria-labelledby="disable-title" class="panel">
            <h2 id="disable-title" safe>
              {t('user.disable_title')}
            </h2>
            <p class="hint" safe>
              {t('user.disable_hint')}
            </p>
            <form method="post" action={`/console/users/${user.id}/disable`}>
              <CsrfField page={page} />
              <Button label={t('user.disable_submit')} variant="warning" />
            </form>
          </section>
        )}
      </div>
    </Layout>
  );
}

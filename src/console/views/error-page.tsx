/** The console's error pages: not allowed (403), not found (404), expired form (CSRF), server error. */
import type { PageContext } from '../context';
import { Layout } from './layout';

export type ErrorKind = 'forbidden' | 'not_found' | 'csrf' | 'server';

export function ErrorPage(props: { page: PageContext; kind: ErrorKind }): JSX.Element {
  const { page, kind } = props;
  const { t } = page;
  const title = t(`error.${kind}_title`);
  const text = kind === 'forbidden' && page.user ? t('error.forbidden_text', { role: t(`roles.${page.user.role}`) }) : t(`error.${kind}_text`);
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{text}</p>
      <p>
        <a href="/console" safe>
          {t('error.home')}
        </a>
      </p>
    </Layout>
  );
}

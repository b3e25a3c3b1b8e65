/**
 * The one layout of every console page: the organization's name, who is signed in and as what,
 * the navigation (only to pages this role may open), sign-out (a POST with its CSRF token), and
 * the page's own content under its single h1. `lang` and `dir` come from the page's language.
 */
import type { Children } from '@kitajs/html';
import type { PageContext } from '../context';
import { CsrfField } from './components';

/** The stylesheet and icon, served by the console itself (src/console/assets). */
export const ASSETS = { css: '/console/assets/console.css', icon: '/console/assets/icon.svg' } as const;

/** `scripts`: the console's own scripts this page is enhanced with (the page works without them). */
export function Layout(props: { page: PageContext; title: string; scripts?: string[]; children: Children }): JSX.Element {
  const { page } = props;
  const { t, user } = page;
  return (
    <html lang={page.lang} dir={page.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title safe>{t('layout.title', { page: props.title, org: page.org })}</title>
        <link rel="icon" href={ASSETS.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ASSETS.css} />
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main" safe>
          {t('layout.skip')}
        </a>
        <header class="site-header">
          <div class="header-bar">
            <a class="brand" href="/console">
              <bdi class="brand-name" safe>
                {page.org}
              </bdi>
              <span class="brand-sub" safe>
                {t('layout.console')}
              </span>
            </a>
            {user ? (
              <div class="account">
                <p class="signed-in">
                  <span class="visually-hidden" safe>
                    {t('layout.signed_in_as')}
                  </span>{' '}
                  <a href="/console/account" class="account-name">
                    <bdi safe>{user.display_name}</bdi>
                  </a>{' '}
                  <span class="role-badge" safe>
                    {t(`roles.${user.role}`)}
                  </span>
                </p>
                <form method="post" action="/console/sign-out" class="sign-out">
                  <CsrfField page={page} />
                  <button type="submit" class="button-link" safe>
                    {t('layout.sign_out')}
                  </button>
                </form>
              </div>
            ) : (
              ''
            )}
          </div>
          {page.nav.length ? (
            <nav class="site-nav" aria-label={t('layout.nav_label')}>
              <ul>
                {page.nav.map((link) => (
                  <li>
                    <a href={link.path} aria-current={isCurrent(page.path, link.path) ? 'page' : undefined} safe>
                      {t(link.label)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : (
            ''
          )}
        </header>
        <main id="main" tabindex="-1">
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The home link is current only on the home page; the others also on their sub-pages. */
function isCurrent(path: string, link: string): boolean {
  if (link === '/console') return path === '/console' || path === '/console/';
  return path === link || path.startsWith(`${link}/`);
}

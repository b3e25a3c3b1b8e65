/** The console's home: who you are, and the pages your role can open. */
import { SIGNED_IN, type NavLink, type PageContext } from '../context';
import { Layout } from './layout';

export function HomePage(props: { page: PageContext }): JSX.Element {
  const { page } = props;
  const { t, user } = page;
  // Every page with a description, and the account page, which everyone has.
  const links: NavLink[] = [...page.nav.filter((link) => link.description), { path: '/console/account', label: 'nav.account', description: 'home.account', access: SIGNED_IN }];
  const title = t('home.title', { name: user!.display_name });
  return (
    <Layout page={page} title={t('nav.home')}>
      <h1 safe>{title}</h1>
      <p safe>{t('home.intro', { role: t(`roles.${user!.role}`) })}</p>
      <h2 safe>{t('home.pages')}</h2>
      <ul class="cards">
        {links.map((link) => (
          <li class="card">
            <h3>
              <a href={link.path} safe>
                {t(link.label)}
              </a>
            </h3>
            <p safe>{t(link.description!)}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

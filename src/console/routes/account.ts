/** The signed-in person's own account page: the console language is theirs to choose. */
import type { FastifyInstance } from 'fastify';
import { setLanguage } from '../accounts/users';
import { SIGNED_IN, type ConsoleDeps } from '../context';
import { field, query, seeOther, sendPage } from '../render';
import { shownErrors } from '../views/components';
import { AccountPage } from '../views/account';

export async function accountRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/account', { config: { access: SIGNED_IN } }, async (req, reply) => sendPage(reply, AccountPage({ page: req.page, saved: query(req, 'saved') === '1' })));

  app.post('/account', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const language = field(req, 'language');
    if (language && !deps.rt.translator.keywordLanguages.includes(language)) {
      return sendPage(reply, AccountPage({ page: req.page, errors: shownErrors(req.page, [{ field: 'language', code: 'language_invalid' }]) }), 400);
    }
    await setLanguage(deps.accounts, req.page.user!, language || null);
    return seeOther(reply, '/console/account?saved=1');
  });
}

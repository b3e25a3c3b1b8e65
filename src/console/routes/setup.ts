/**
 * The first admin's one-time link (printed by the start banner on a loopback HOST): it opens a
 * form to create the first admin account in the browser, because on the embedded database the
 * `users add` command cannot run while the server does. The link works once, for an hour, and
 * only while no account exists.
 */
import type { FastifyInstance } from 'fastify';
import { actorOf, recordAudit } from '../audit';
import { addFirstAdmin, FIRST_ADMIN_TOKEN, userTarget } from '../accounts/users';
import type { ConsoleDeps } from '../context';
import { field, query, seeOther, sendPage } from '../render';
import { CSRF_COOKIE } from '../settings';
import { tokenIsValid } from '../store/tokens';
import { countUsers } from '../store/users';
import { shownErrors } from '../views/components';
import { SetupPage, SetupRefusedPage } from '../views/setup';

export async function setupRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get('/setup', { config: { access: 'public' } }, async (req, reply) => {
    const token = query(req, 'token');
    if ((await countUsers(deps.db)) > 0) return sendPage(reply, SetupRefusedPage({ page: req.page, already: true }), 410);
    if (!(await tokenIsValid(deps.db, FIRST_ADMIN_TOKEN, token, deps.now()))) return sendPage(reply, SetupRefusedPage({ page: req.page, already: false }), 410);
    return sendPage(reply, SetupPage({ page: req.page, token }));
  });

  app.post('/setup', { config: { access: 'public' } }, async (req, reply) => {
    const token = field(req, 'token');
    const values = { email: field(req, 'email'), name: field(req, 'display_name') };
    const result = await addFirstAdmin(
      deps.accounts,
      token,
      { email: values.email, displayName: values.name, password: field(req, 'password'), passwordConfirm: field(req, 'password_confirm') },
      req.ip,
    );
    if (!result.ok) {
      if ('refused' in result) {
        const already = (await countUsers(deps.db)) > 0;
        return sendPage(reply, SetupRefusedPage({ page: req.page, already }), 410);
      }
      return sendPage(reply, SetupPage({ page: req.page, token, values, errors: shownErrors(req.page, result.errors) }), 400);
    }
    await req.session.regenerate();
    req.session.userId = result.user.id;
    await recordAudit(deps.db, { actor: actorOf(result.user), action: 'sign_in', target: userTarget(result.user), detail: { via: 'first_admin_link' }, ip: req.ip, at: deps.now() });
    reply.clearCookie(CSRF_COOKIE, { path: '/console' });
    return seeOther(reply, '/console');
  });
}

/** The admin's users pages: list, add, one account's page, reset its password, disable or enable it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../audit';
import { addUser, disableUser, enableUser, resetPassword } from '../accounts/users';
import type { ConsoleDeps } from '../context';
import { field, query, seeOther, sendPage } from '../render';
import { findUserById, listUsers } from '../store/users';
import { shownErrors } from '../views/components';
import { ErrorPage } from '../views/error-page';
import { NewUserPage, UserPage, UsersPage } from '../views/users';

const ADMIN = { access: ['admin'] } as const;

/** What the user page says after a change (`?done=`). */
const DONE = { reset: 'user.reset_done', disabled: 'user.disabled_done', enabled: 'user.enabled_done' } as const;

export async function usersRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const notFound = (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404);
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  app.get('/users', { config: ADMIN }, async (req, reply) => {
    const { t } = req.page;
    const added = query(req, 'added') ? await findUserById(deps.db, query(req, 'added')) : undefined;
    const notice = added ? t('users.added', { email: added.email, role: t(`roles.${added.role}`) }) : undefined;
    return sendPage(reply, UsersPage({ page: req.page, users: await listUsers(deps.db), notice }));
  });

  app.get('/users/new', { config: ADMIN }, async (req, reply) => sendPage(reply, NewUserPage({ page: req.page })));

  app.post('/users', { config: ADMIN }, async (req, reply) => {
    const values = { email: field(req, 'email'), name: field(req, 'display_name'), role: field(req, 'role') };
    const result = await addUser(deps.accounts, actorOf(req.page.user!), {
      email: values.email,
      displayName: values.name,
      role: values.role,
      password: field(req, 'password'),
      passwordConfirm: field(req, 'password_confirm'),
    });
    if (!result.ok) return sendPage(reply, NewUserPage({ page: req.page, values, errors: shownErrors(req.page, result.errors) }), 400);
    return seeOther(reply, `/console/users?added=${result.user.id}`);
  });

  app.get('/users/:id', { config: ADMIN }, async (req, reply) => {
    const user = await findUserById(deps.db, idOf(req));
    if (!user) return notFound(req, reply);
    const done = DONE[query(req, 'done') as keyof typeof DONE];
    return sendPage(reply, UserPage({ page: req.page, user, notice: done ? req.page.t(done, { email: user.email }) : undefined }));
  });

  app.post('/users/:id/password', { config: ADMIN }, async (req, reply) => {
    const result = await resetPassword(deps.accounts, actorOf(req.page.user!), idOf(req), field(req, 'password'), field(req, 'password_confirm'));
    if (!result.ok && 'reason' in result) return notFound(req, reply);
    if (!result.ok) {
      const user = (await findUserById(deps.db, idOf(req)))!;
      return sendPage(reply, UserPage({ page: req.page, user, errors: shownErrors(req.page, result.errors) }), 400);
    }
    // Resetting your own password ends your own session too: sign in again with the new one.
    if (result.user.id === req.page.user!.id) return seeOther(reply, '/console/sign-in');
    return seeOther(reply, `/console/users/${result.user.id}?done=reset`);
  });

  for (const [action, change] of [
    ['disable', disableUser],
    ['enable', enableUser],
  ] as const) {
    app.post(`/users/:id/${action}`, { config: ADMIN }, async (req, reply) => {
      const result = await change(deps.accounts, actorOf(req.page.user!), idOf(req));
      if (!result.ok && result.reason === 'not_found') return notFound(req, reply);
      if (!result.ok && (result.reason === 'self' || result.reason === 'last_admin')) {
        const user = (await findUserById(deps.db, idOf(req)))!;
        const message = req.page.t(result.reason === 'self' ? 'user.refused_self' : 'user.refused_last_admin');
        return sendPage(reply, UserPage({ page: req.page, user, errors: [{ field: result.reason === 'self' ? 'main' : 'disable-title', message }] }), 409);
      }
      // Done, or already so (a second click): either way the page shows the account as it now is.
      return seeOther(reply, `/console/users/${idOf(req)}${result.ok ? `?done=${action}d` : ''}`);
    });
  }
}

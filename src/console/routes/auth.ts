/**
 * Signing in and out. Sign-in attempts are limited per client address and per account
 * (@fastify/rate-limit), logged with the address masked, and recorded in the audit log whether
 * they succeed or fail; the password is never logged or recorded.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maskEmail, normalizeEmail } from '../accounts/email';
import { decoyHash, verifyPassword } from '../accounts/passwords';
import { userTarget } from '../accounts/users';
import { actorOf, recordAudit } from '../audit';
import { SIGNED_IN, type ConsoleDeps } from '../context';
import { field, query, safeNext, seeOther, sendPage } from '../render';
import { CSRF_COOKIE, SESSION_COOKIE, SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_CLIENT, SIGN_IN_WINDOW_MS } from '../settings';
import { findUserByEmail, updateUser } from '../store/users';
import { shownErrors } from '../views/components';
import { SignInPage } from '../views/sign-in';

/** The rate-limit key of the account a sign-in names: a hash, so the limiter's memory holds no address. */
function accountKey(req: FastifyRequest): string {
  return `account:${createHash('sha256').update(normalizeEmail(field(req, 'email'))).digest('hex')}`;
}

export async function authRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const perClient = app.createRateLimit({ max: SIGN_IN_PER_CLIENT, timeWindow: SIGN_IN_WINDOW_MS, keyGenerator: (req) => `client:${req.ip}` });
  const perAccount = app.createRateLimit({ max: SIGN_IN_PER_ACCOUNT, timeWindow: SIGN_IN_WINDOW_MS, keyGenerator: accountKey });

  app.get('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    if (req.page.user) return seeOther(reply, '/console');
    return sendPage(reply, SignInPage({ page: req.page, next: safeNext(query(req, 'next')), signedOut: query(req, 'signed_out') === '1' }));
  });

  app.post('/sign-in', { config: { access: 'public' } }, async (req, reply) => {
    const { page } = req;
    const email = normalizeEmail(field(req, 'email'));
    const password = field(req, 'password');
    const next = safeNext(field(req, 'next'));
    const again = (status: number, errors: { field: string; code: string }[], vars?: Record<string, string>) => {
      return sendPage(reply, SignInPage({ page, email, next, errors: shownErrors(page, errors, vars) }), status);
    };
    const missing = [...(email ? [] : [{ field: 'email', code: 'email_missing' }]), ...(password ? [] : [{ field: 'password', code: 'password_missing' }])];
    if (missing.length) return again(400, missing);

    const log = { event: 'console_sign_in', account: maskEmail(email), ip: req.ip };
    const [byClient, byAccount] = await Promise.all([perClient(req), perAccount(req)]);
    const limited = [byClient, byAccount].find((r) => !r.isAllowed && r.isExceeded);
    if (limited && !limited.isAllowed) {
      deps.log.warn({ ...log, result: 'throttled', limit: limited === byClient ? 'client' : 'account' }, 'console sign-in refused: too many attempts');
      reply.header('retry-after', String(limited.ttlInSeconds));
      const until = new Intl.DateTimeFormat(page.lang, { timeStyle: 'short', timeZone: deps.rt.config.DEFAULT_TIMEZONE }).format(new Date(deps.now().getTime() + limited.ttl));
      return again(429, [{ field: 'email', code: 'throttled' }], { time: until });
    }

    const user = await findUserByEmail(deps.db, email);
    // Unknown accounts are checked against a decoy hash, so they take as long as a wrong password.
    const matches = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    if (!user || !matches || user.disabled_at) {
      const reason = !user ? 'unknown_account' : !matches ? 'wrong_password' : 'disabled';
      deps.log.info({ ...log, result: reason }, 'console sign-in failed');
      await recordAudit(deps.db, {
        // Someone may type their password into the e-mail field: an unknown account is kept masked.
        actor: user ? actorOf(user) : { userId: null, label: maskEmail(email) },
        action: 'sign_in_failed',
        target: user ? userTarget(user) : { type: 'account', label: maskEmail(email) },
        detail: { reason },
        ip: req.ip,
        at: deps.now(),
      });
      return again(401, [{ field: 'email', code: 'credentials' }]);
    }

    // A new session id on sign-in: an id planted before (session fixation) is worth nothing.
    await req.session.regenerate();
    req.session.userId = user.id;
    const now = deps.now();
    await updateUser(deps.db, user.id, { last_sign_in_at: now }, now);
    await recordAudit(deps.db, { actor: actorOf(user), action: 'sign_in', target: userTarget(user), ip: req.ip, at: now });
    deps.log.info({ ...log, result: 'ok', role: user.role }, 'console sign-in');
    // A fresh CSRF secret for the signed-in session.
    reply.clearCookie(CSRF_COOKIE, { path: '/console' });
    return seeOther(reply, next);
  });

  app.post('/sign-out', { config: { access: SIGNED_IN } }, async (req, reply) => {
    const user = req.page.user!;
    await recordAudit(deps.db, { actor: actorOf(user), action: 'sign_out', target: userTarget(user), ip: req.ip, at: deps.now() });
    await req.session.destroy();
    reply.clearCookie(SESSION_COOKIE, { path: '/console' });
    reply.clearCookie(CSRF_COOKIE, { path: '/console' });
    return seeOther(reply, '/console/sign-in?signed_out=1');
  });
}

/**
 * What the start banner says about the console (src/cli/run.ts): where it is, and, while no
 * account exists, how to create the first one. On a loopback HOST it also prints a one-time link
 * that opens the first admin's form (random token, stored hashed, one hour, single use): on the
 * embedded database the `users add` command cannot open the database while the server runs.
 */
import { isLoopback } from '../config';
import type { Runtime } from '../runtime/runtime';
import { FIRST_ADMIN_TOKEN } from './accounts/users';
import { FIRST_ADMIN_LINK_TTL_MS } from './settings';
import { issueToken } from './store/tokens';
import { countUsers } from './store/users';


/** A fresh one-time link for the first admin, or null once an account exists. */
export async function firstAdminLink(rt: Runtime, baseUrl: string): Promise<string | null> {
  if ((await countUsers(rt.db.kysely)) > 0) return null;
  const token = await issueToken(rt.db.kysely, FIRST_ADMIN_TOKEN, rt.now(), FIRST_ADMIN_LINK_TTL_MS);
  return `${baseUrl}/console/setup?token=${token}`;
}

/** The banner's console lines for a server listening at `url`. */
export async function consoleBanner(rt: Runtime, url: string): Promise<string> {
  const shown = url.replace('127.0.0.1', 'localhost');
  const lines = [`  Console:   ${shown}/console`];
  if ((await countUsers(rt.db.kysely)) > 0) return `${lines.join('\n')}\n`;
  lines.push('', 'Nobody can sign in to the console yet.');
  // The command works beside the server, on the embedded database too (it is served to local
  // commands over an owner-only socket, src/store/pglite-socket.ts).
  if (isLoopback(rt.config.HOST)) {
    const link = await firstAdminLink(rt, shown);
    lines.push('Create the first admin account in your browser (this link works once, for one hour):', `  ${link}`);
    lines.push('Or run:');
  } else {
    lines.push('Create the first admin account with:');
  }
  lines.push('  npx civic-engage users add you@example.org --role admin --name "Your Name"', '');
  return `${lines.join('\n')}\n`;
}

/**
 * The console's browser script, built from TypeScript in src/console/client with esbuild (a
 * dependency already: it compiles src/ to dist/) on its first request and kept in memory, so the
 * browser runs the same SMS segment counter as the server (src/lib/sms-segments.ts) and the
 * server starts no slower for it. One file, no third-party code, served from /console/assets.
 */
import { createHash } from 'node:crypto';

/** The bundled script and its ETag. */
export interface Bundle {
  code: string;
  etag: string;
}

let inbox: Promise<Bundle> | undefined;

/** The inbox script (src/console/client/inbox.ts) as one browser file. */
export function inboxScript(): Promise<Bundle> {
  inbox ??= build(require.resolve('./inbox')).catch((err) => {
    inbox = undefined; // try again on the next request
    throw err;
  });
  return inbox;
}

async function build(entry: string): Promise<Bundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', minify: true, legalComments: 'none', logLevel: 'silent' });
  const code = result.outputFiles[0].text;
  return { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"` };
}

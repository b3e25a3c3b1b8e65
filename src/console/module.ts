/**
 * The organizer console: web pages under /console on the one HTTP server (docs/console.md).
 * Sign-in with accounts and roles, the audit log, and the sections in src/console/sections.ts.
 */
import type { AppModule } from '../runtime/module';

export const consoleModule: AppModule = {
  name: 'console',
  async register(app, rt) {
    // Loaded here, by web processes only: a worker process never loads the console's pages.
    const { consolePlugin } = await import('./plugin');
    await app.register(consolePlugin, { prefix: '/console', rt });
  },
};

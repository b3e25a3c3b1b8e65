/**
 * The organizer console: web pages under /console on the one HTTP server (docs/console.md).
 * Sign-in with accounts and roles, the audit log, and the sections in src/console/sections.ts.
 */
import type { AppModule } from '../runtime/module';
import { consolePlugin } from './plugin';

export const consoleModule: AppModule = {
  name: 'console',
  async register(app, rt) {
    await app.register(consolePlugin, { prefix: '/console', rt });
  },
};

import type { FastifyInstance } from 'fastify';
import type { RouteDef } from '../channels/types';
import type { Runtime } from './runtime';

/**
 * A feature beyond the conversation core (Slack shifts and handoff, admin API, campaigns, ...):
 * it may declare HTTP routes and start workers. src/runtime/system.ts mounts and starts every
 * module in MODULES, so features never edit the server or the worker set-up.
 */
export interface AppModule {
  name: string;
  /** Routes mounted on the one HTTP server (web processes). */
  routes?(rt: Runtime): RouteDef[];
  /** Workers and job schedulers (worker processes). */
  startWorkers?(rt: Runtime): Promise<{ close(): Promise<void> }>;
  /**
   * Direct access to the Fastify instance, for what a RouteDef cannot express: a third-party
   * Fastify plugin (bull-board's UI) or a hook over every route (metrics). Called once the
   * routes are declared, before the server listens. Prefer routes() when it will do.
   */
  register?(app: FastifyInstance, rt: Runtime): Promise<void>;
}

/** The modules this build has. Add one line per feature. */
export const MODULES: AppModule[] = [];
MODULES.push(require('../channels/slack/module').slackModule, require('../shifts/module').shiftsModule); // Slack events, shift screens, handoff threads; shift reminders
MODULES.push(require('../admin/module').adminModule, require('../feedback/module').feedbackModule, require('../privacy/module').privacyModule, require('../metrics/module').metricsModule); // admin API + bull-board, feedback digest, retention, /metrics
MODULES.push(require('../campaigns/module').campaignsModule); // contacts import + campaigns: admin API, fan-out worker, periodic check
MODULES.push(require('../console/module').consoleModule); // organizer console under /console: sign-in, roles, audit log

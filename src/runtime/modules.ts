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
}

/** The modules this build has. Add one line per feature. */
export const MODULES: AppModule[] = [];

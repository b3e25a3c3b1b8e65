import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { RouteDef } from '../http/route';
import type { PersonalDataSource } from '../store/personal-data';
import type { Database } from '../store/schema';
import type { InboundHook } from './inbound-pipeline';
import type { Runtime } from './runtime';

/** One send attempt, as deliver() reports it to the modules that watch sends (metrics). */
export interface SendObservation {
  channel: string;
  kind: string;
  /** 'sent', a SendError code, or 'error'. */
  outcome: string;
  /** When the provider was called (Date.now()). */
  startedMs: number;
  /** When the message was stored, for a message sent. */
  storedAt?: Date;
}

/** A question the knowledge base could not answer (the engine's `unanswered` effect), as the runner reports it. */
export interface UnansweredQuestion {
  contactId: string;
  channel: string;
  /** The language it was matched in. */
  language: string;
  text: string;
  at: Date;
  /** The topic that ranked best for it, when any did. */
  nearestTopic?: string;
}

/**
 * A feature beyond the conversation core (shifts, the handoff, campaigns, the admin API, ...), as
 * Fastify plugins and courier's handlers are: it declares what it adds, and the composition root
 * (src/app/modules.ts) lists the modules once, typed; src/app/system.ts mounts, starts and asks
 * them. Nothing registers itself by being imported.
 */
export interface AppModule {
  name: string;
  /** The queues this module's workers take, for the queue dashboard and /metrics. */
  queues?: readonly string[];
  /**
   * Called once in every process (web and workers) when the channels exist, before routes are
   * mounted or workers start: where a feature attaches itself to a channel (its Slack screens).
   */
  init?(rt: Runtime): void | Promise<void>;
  /**
   * Routes mounted on the one HTTP server, asked in web processes only (never in a `worker`): a
   * module may load its route files here (`await import(...)`), so a worker does not hold them.
   */
  routes?(rt: Runtime): RouteDef[] | Promise<RouteDef[]>;
  /**
   * Direct access to the Fastify instance, for what a RouteDef cannot express: a third-party
   * Fastify plugin (bull-board's UI) or a hook over every route (metrics). Called once the
   * routes are declared, before the server listens. Prefer routes() when it will do.
   */
  register?(app: FastifyInstance, rt: Runtime): Promise<void>;
  /** Workers and job schedulers (worker processes). */
  startWorkers?(rt: Runtime): Promise<{ close(): Promise<void> }>;
  /**
   * Claims on inbound messages, asked after the global keywords and the handoff relay and before
   * the flows, in module order (src/runtime/inbound-pipeline.ts).
   */
  inbound?: readonly InboundHook[];
  /** What this feature keeps about a person: `contact export` shows it, `contact forget` erases it. */
  personalData?: readonly PersonalDataSource[];
  /**
   * Told of each question the knowledge base could not answer, inside the runner's transaction
   * (`tx`, which holds the contact's row lock): what it writes commits with the step.
   */
  onUnanswered?(tx: Kysely<Database>, question: UnansweredQuestion): Promise<void>;
  /** Told of every send attempt; must not throw (a metric is never a reason to fail a send). */
  onSend?(rt: Runtime, send: SendObservation): void;
}

/** The queues every module declares. */
export function moduleQueues(modules: readonly AppModule[]): string[] {
  return modules.flatMap((m) => m.queues ?? []);
}

/** The personal data every module declares. */
export function personalDataOf(modules: readonly AppModule[]): PersonalDataSource[] {
  return modules.flatMap((m) => m.personalData ?? []);
}

/**
 * The console's sections. A section is a folder of pages that plugs in with one entry here: its
 * routes (each declaring who may open it) and, if it has a page of its own in the navigation,
 * its link. The inbox and the organizer screens come in the same way, each as one line.
 */
import type { FastifyInstance } from 'fastify';
import type { ConsoleDeps, NavLink } from './context';
import { accountRoutes } from './routes/account';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { contactsRoutes } from './routes/contacts';
import { flowsRoutes } from './routes/flows';
import { campaignsRoutes } from './routes/campaigns';
import { homeRoutes } from './routes/home';
import { inboxRoutes } from './routes/inbox';
import { saidRoutes } from './routes/said';
import { setupRoutes } from './routes/setup';
import { translationsRoutes } from './routes/translations';
import { shiftsRoutes } from './routes/shifts';
import { usersRoutes } from './routes/users';

/** One part of the console. */
export interface ConsoleSection {
  name: string;
  /** Its link in the navigation (and on the home page when it has a description). */
  nav?: NavLink;
  /** Registers its routes on the console scope (paths relative to /console). */
  routes(app: FastifyInstance, deps: ConsoleDeps): Promise<void>;
}

/** The sections, in navigation order. Add one line per section. */
export const CONSOLE_SECTIONS: ConsoleSection[] = [
  { name: 'home', nav: { path: '/console', label: 'nav.home', access: ['admin', 'organizer', 'agent'] }, routes: (app) => homeRoutes(app) },
  { name: 'inbox', nav: { path: '/console/inbox', label: 'nav.inbox', description: 'home.inbox', access: ['admin', 'organizer', 'agent'] }, routes: inboxRoutes },
  { name: 'contacts', nav: { path: '/console/contacts', label: 'nav.contacts', description: 'home.contacts', access: ['admin', 'organizer'] }, routes: contactsRoutes },
  { name: 'campaigns', nav: { path: '/console/campaigns', label: 'nav.campaigns', description: 'home.campaigns', access: ['admin', 'organizer'] }, routes: campaignsRoutes },
  { name: 'feedback', nav: { path: '/console/feedback', label: 'nav.feedback', description: 'home.feedback', access: ['admin', 'organizer'] }, routes: saidRoutes },
  { name: 'shifts', nav: { path: '/console/shifts', label: 'nav.shifts', description: 'home.shifts', access: ['admin', 'organizer'] }, routes: shiftsRoutes },
  { name: 'flows', nav: { path: '/console/flows', label: 'nav.flows', description: 'home.flows', access: ['admin', 'organizer'] }, routes: flowsRoutes },
  { name: 'translations', nav: { path: '/console/translations', label: 'nav.translations', description: 'home.translations', access: ['admin', 'organizer'] }, routes: translationsRoutes },
  { name: 'auth', routes: authRoutes },
  { name: 'setup', routes: setupRoutes },
  { name: 'users', nav: { path: '/console/users', label: 'nav.users', description: 'home.users', access: ['admin'] }, routes: usersRoutes },
  { name: 'audit', nav: { path: '/console/audit', label: 'nav.audit', description: 'home.audit', access: ['admin'] }, routes: auditRoutes },
  { name: 'account', routes: accountRoutes },
];

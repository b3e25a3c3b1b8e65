/**
 * The modules this build has, listed once, typed: src/app/system.ts mounts their routes, starts
 * their workers and asks their hooks in this order (AppModule, src/runtime/module.ts). Adding a
 * feature is a folder with its module and one line here.
 */
import { adminModule } from '../admin/module';
import { campaignsModule } from '../campaigns/module';
import { consoleTicketView } from '../console/inbox/view';
import { consoleModule } from '../console/module';
import { feedbackModule } from '../feedback/module';
import { handoffModule } from '../handoff/module';
import { unansweredModule } from '../knowledge/unanswered/module';
import { slackTicketView } from '../handoff/slack/view';
import { metricsModule } from '../metrics/module';
import { privacyModule } from '../privacy/module';
import type { AppModule } from '../runtime/module';
import { shiftsModule } from '../shifts/module';

export const MODULES: readonly AppModule[] = [
  handoffModule([slackTicketView, consoleTicketView]), // requests for a person: tickets shown in Slack and the console's inbox, the handoffs queue
  shiftsModule, // shift reminders, offers, SMS answers
  adminModule, // admin API + bull-board
  feedbackModule, // feedback digest
  privacyModule, // retention
  metricsModule, // /metrics
  campaignsModule, // contacts import + campaigns: admin API, fan-out worker, periodic check
  consoleModule, // the organizer console under /console
  unansweredModule, // questions the knowledge base could not answer: kept for the digest and the export
];

/**
 * Telling organizers that a volunteer gave up a spot. The shift operations do not know where
 * organizers read: the shifts' Slack screens set how for their runtime when the system starts
 * (src/shifts/slack/ui.ts posts in the shift's organizer channel). Without one (Slack off)
 * nothing is told: the roster export still shows it.
 */
import type { Db } from '../store/db';
import type { ShiftsEnv } from './env';
import type { Volunteer } from './tables';
import type { Released } from './service';

/** Tells the organizers of `released.shift` that `volunteer` can't make it, and who was offered the spot. */
export type OrganizerNotifier = (volunteer: Volunteer, released: Released) => Promise<void>;

// Keyed by the database handle, which every view of one runtime shares (tests spread the runtime).
const notifiers = new WeakMap<Db, OrganizerNotifier>();

/** Sets how the organizers of this runtime's shifts are told (the Slack module calls this once). */
export function setOrganizerNotifier(env: Pick<ShiftsEnv, 'db'>, notify: OrganizerNotifier): void {
  notifiers.set(env.db, notify);
}

/** Tells the organizers, if anyone registered how. Never throws: a notice lost is logged, the volunteer's answer stands. */
export async function tellOrganizers(env: Pick<ShiftsEnv, 'db' | 'log'>, volunteer: Volunteer, released: Released): Promise<boolean> {
  const notify = notifiers.get(env.db);
  if (!notify) return false;
  try {
    await notify(volunteer, released);
    return true;
  } catch (err) {
    env.log.warn({ err: (err as Error).message, shiftId: released.shift.id }, 'shifts: organizers not told');
    return false;
  }
}

/** Quiet hours for the phone channels Twilio carries (SMS, WhatsApp): when a notification may reach someone's phone. */
import { nextAllowedTime, timeZoneForContact, type QuietHoursWindow } from '../../lib/quiet-hours';
import type { MessageKind, SendTarget } from '../types';

/**
 * Builds the SMS channel's `deferUntil`. Only notifications (nudges, follow-ups, anything we send
 * on our own initiative) wait for the sending window, in the contact's time zone: the zone they
 * declared, else their number's area code's, else `fallbackZone`. Replies to someone who just
 * wrote and the opt-out confirmation go at once, whatever the hour. Pure: `now` comes in.
 *
 * Throws at construction (startup) when the window or the fallback zone is malformed, rather than
 * on every send.
 */
export function quietHoursDeferral(window: QuietHoursWindow, fallbackZone: string): (target: SendTarget, kind: MessageKind, now: Date) => Date | null {
  nextAllowedTime(new Date(0), fallbackZone, window); // validates both
  return (target, kind, now) => {
    if (kind !== 'notification') return null;
    const zone = timeZoneForContact({ declared: target.timezone, phone: target.address, fallback: fallbackZone });
    const next = nextAllowedTime(now, zone, window);
    return next.getTime() > now.getTime() ? next : null;
  };
}

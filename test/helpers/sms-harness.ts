/**
 * A whole system with the SMS channel pointed at the fake Twilio, and signed webhook posts, for
 * tests that drive conversations by SMS (test/runtime, test/privacy). One boot per test file.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Message } from '../../src/store/schema';
import { findIdentity } from '../../src/store/contacts';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio';
import { eventually, startTestSystem, type TestSystem } from './system';

export const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
export const AUTH_TOKEN = 'sms-harness-auth-token';
export const OUR_NUMBER = '+15005550006';
export const PUBLIC_URL = 'https://engage.example.org';
/** A June weekday, noon in New York: no quiet hours. */
const NOON_NEW_YORK = Date.parse('2030-06-04T16:00:00Z');

export interface SmsHarness {
  system: TestSystem;
  fake: FakeTwilio;
  /** Posts one signed incoming SMS as Twilio does; resolves to the HTTP status. */
  textIn(from: string, body: string): Promise<number>;
  /** Every stored message of the number, in order. */
  messagesOf(phone: string): Promise<Message[]>;
  /** Waits until everything the number sent is processed and nothing for it is pending. */
  settled(phone: string, timeoutMs?: number): Promise<Message[]>;
  close(): Promise<void>;
}

/** Starts the fake Twilio and a system using it (on PostgreSQL unless `postgres: false`). */
export async function startSmsHarness(name: string, env: Record<string, string> = {}, opts: { postgres?: boolean } = {}): Promise<SmsHarness> {
  const fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const realStart = Date.now();
  const system = await startTestSystem(
    name,
    { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: OUR_NUMBER, TWILIO_API_URL: fake.url, TWILIO_MPS: '100', PUBLIC_URL, SIMULATOR: 'false', ...env },
    { postgres: opts.postgres ?? true, now: () => new Date(NOON_NEW_YORK + (Date.now() - realStart)) },
  );
  const db = () => system.runtime.db.kysely;
  const messagesOf = async (phone: string): Promise<Message[]> => {
    const who = await findIdentity(db(), 'sms', phone);
    if (!who) return [];
    return db().selectFrom('messages').selectAll().where('identity_id', '=', who.id).orderBy('id').execute();
  };
  return {
    system,
    fake,
    async textIn(from, body) {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const params = { ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, FromCountry: 'US', To: OUR_NUMBER, NumSegments: '1', MessageSid: sid, AccountSid: ACCOUNT_SID, From: from, ApiVersion: '2010-04-01' };
      const path = '/webhooks/twilio/sms';
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);
      const res = await fetch(`${system.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
      return res.status;
    },
    messagesOf,
    settled(phone, timeoutMs = 30_000) {
      return eventually(async () => {
        const rows = await messagesOf(phone);
        const busy = rows.some((m) => (m.direction === 'in' ? m.status === 'received' : m.status === 'pending'));
        return rows.length > 0 && !busy && rows;
      }, timeoutMs);
    },
    async close() {
      await system.close();
      await fake.close();
    },
  };
}

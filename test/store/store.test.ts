import { acceptInbound } from '../../src/runtime/accept';
import { processContact } from '../../src/runtime/process-contact';
import { recordConsent } from '../../src/store/consent';
import { findOrCreateIdentity } from '../../src/store/contacts';
import { pruneFlowVersions, getFlowVersion, saveFlowVersions } from '../../src/store/flow-versions';
import { insertInbound } from '../../src/store/messages';
import { writeFixtureDirs } from '../engine/fixtures';
import { startTestSystem, type TestSystem } from '../helpers/system';

const dirs = writeFixtureDirs();

describe.each(['pglite', 'postgres'] as const)('store on %s', (kind) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem(`store-${kind}`, { FLOWS_DIR: dirs.flowsDir, LOCALES_DIR: dirs.localesDir }, { postgres: kind === 'postgres', web: false, workers: false });
    expect(sys.runtime.db.kind).toBe(kind);
  });
  afterAll(async () => sys?.close());
  const db = () => sys.runtime.db.kysely;

  test('one person texting from one address is one contact, even when first messages race', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => findOrCreateIdentity(db(), 'sms', '+15555550100')));
    expect(new Set(results.map((r) => r.identity.contact_id)).size).toBe(1);
    expect(results.filter((r) => r.created).length).toBe(1);
    const contacts = await db().selectFrom('identities').where('address', '=', '+15555550100').select('contact_id').execute();
    expect(contacts).toHaveLength(1);
    // The contacts made by the requests that lost the race are gone.
    const orphans = await db().selectFrom('contacts as c').select('c.id').where(({ not, exists, selectFrom }) => not(exists(selectFrom('identities as i').select('i.id').whereRef('i.contact_id', '=', 'c.id')))).execute();
    expect(orphans).toEqual([]);
  });

  test('a provider retry (same provider id) is stored once', async () => {
    const { identity } = await findOrCreateIdentity(db(), 'sms', '+15555550101');
    const m = { contactId: identity.contact_id, identityId: identity.id, channel: 'sms', providerId: 'SM123', body: 'hi' };
    expect(await insertInbound(db(), m)).not.toBeNull();
    expect(await insertInbound(db(), m)).toBeNull();
    expect(await insertInbound(db(), { ...m, providerId: undefined })).not.toBeNull();
  });

  test('messages that arrive together are processed in order and no state update is lost', async () => {
    const rt = sys.runtime;
    const address = `+1555555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const texts = ['REGISTER', 'Narnia', 'texas', '73301'];
    const accepted = [];
    for (const text of texts) accepted.push(await acceptInbound(rt, { channel: 'web', address, text }));
    const contactId = (accepted[0] as { contactId: string }).contactId;
    await db().updateTable('contacts').set({ language: 'en' }).where('id', '=', contactId).execute();
    // Several workers pick the contact's jobs at once; the row lock serialises them.
    await Promise.all(texts.map(() => processContact(rt, contactId, { type: 'inbound' })));
    const out = await db().selectFrom('messages').select(['key', 'direction', 'status']).where('contact_id', '=', contactId).orderBy('id').execute();
    expect(out.filter((m) => m.direction === 'out').map((m) => m.key)).toEqual(['reg.ask_state', 'reg.bad_state', 'reg.ask_zip', 'reg.done']);
    expect(out.filter((m) => m.direction === 'in').every((m) => m.status === 'processed')).toBe(true);
    const contact = await db().selectFrom('contacts').select('vars').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(contact.vars).toEqual({ state: 'TX', zip: '73301' });
    const conversation = await db().selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    expect(conversation.state).toBeNull();
  });

  test('the consent ledger records who opted out, when, how and where', async () => {
    const { identity } = await findOrCreateIdentity(db(), 'telegram', '4242');
    const at = new Date('2026-05-01T12:00:00Z');
    await recordConsent(db(), identity, 'opt_out', { word: 'STOP', source: 'keyword', at });
    const row = await db().selectFrom('consent_events').selectAll().where('identity_id', '=', identity.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'opt_out', word: 'STOP', source: 'keyword', channel: 'telegram' });
    expect(new Date(row.created_at).toISOString()).toBe(at.toISOString());
    const updated = await db().selectFrom('identities').select(['opted_out']).where('id', '=', identity.id).executeTakeFirstOrThrow();
    expect(updated.opted_out).toBe(true);
  });

  test('flow versions: the current ones are stored; unused old ones are pruned', async () => {
    const current = sys.runtime.flows.all().map((f) => ({ id: f.id, hash: f.hash }));
    const reg = sys.runtime.flows.current('reg')!;
    expect(await getFlowVersion(db(), 'reg', reg.hash)).toEqual(reg.def);
    await db().insertInto('flow_versions').values({ flow_id: 'reg', hash: 'old', definition: JSON.stringify(reg.def) }).execute();
    expect(await pruneFlowVersions(db(), current)).toBe(1);
    expect(await getFlowVersion(db(), 'reg', 'old')).toBeUndefined();
  });

  test('flow versions: saving them again stores each once, and adds only a new version', async () => {
    const flows = sys.runtime.flows.all();
    const reg = sys.runtime.flows.current('reg')!;
    const rows = () => db().selectFrom('flow_versions').select(['flow_id', 'hash']).orderBy('flow_id').orderBy('hash').execute();
    const before = await rows();
    expect(before).toHaveLength(flows.length);
    await saveFlowVersions(db(), flows);
    expect(await rows()).toEqual(before);
    const edited = { ...reg.def, description: 'an edit' };
    await saveFlowVersions(db(), [...flows, { def: edited, hash: 'edited' }]);
    expect(await rows()).toHaveLength(flows.length + 1);
    expect(await getFlowVersion(db(), 'reg', 'edited')).toEqual(edited);
    await db().deleteFrom('flow_versions').where('hash', '=', 'edited').execute();
  });
});

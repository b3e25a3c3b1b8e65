/**
 * The contacts upload store on both databases: the file Import reads back is a Buffer, whatever
 * the driver returns for a bytea (PGlite gives a Uint8Array; the import reads Buffers and streams).
 */
import { addUser } from '../../src/console/accounts/users';
import { cliActor } from '../../src/console/audit';
import { saveUpload, startImport } from '../../src/console/store/contact-imports';
import type { ImportReport } from '../../src/contacts/import';
import { describeOnBothDatabases } from '../helpers/databases';

const NOW = new Date('2030-03-01T12:00:00Z');
const CSV = 'phone,name,language\n+12125550101,Ana Lee,en\n';

describeOnBothDatabases('contacts uploads', (db) => {
  it('gives the file back as a Buffer that the import reads', async () => {
    const added = await addUser({ db: db().kysely, now: () => NOW }, cliActor(), { email: 'olu@example.org', role: 'organizer', password: 'correct horse battery staple', passwordConfirm: 'correct horse battery staple' });
    if (!added.ok) throw new Error('no user');
    const preview = { ok: true, fileName: 'a.csv', rows: 1 } as ImportReport;
    const id = await saveUpload(db().kysely, { userId: added.user.id, fileName: 'a.csv', csv: Buffer.from(CSV), preview, now: NOW, ttlMs: 3_600_000 });
    const csv = await startImport(db().kysely, id, NOW);
    expect(Buffer.isBuffer(csv)).toBe(true);
    expect(csv!.toString('utf8')).toBe(CSV);
  });
});

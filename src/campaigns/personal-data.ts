/**
 * What contacts import and campaigns keep about a person, for `contact export` and `contact
 * forget` (AppModule.personalData, src/store/personal-data.ts): their tags, and which campaigns reached them and how.
 */
import type { PersonalDataSource } from '../store/personal-data';

export const campaignPersonalData: PersonalDataSource = {
  name: 'campaigns',
  async export(db, contactId) {
    const tags = await db.selectFrom('contact_tags').select('tag').where('contact_id', '=', contactId).orderBy('tag').execute();
    // `rehearsal`: the campaign was a rehearsal, its message recorded and never sent.
    const campaigns = await db
      .selectFrom('campaign_recipients as r')
      .innerJoin('campaigns as c', 'c.id', 'r.campaign_id')
      .select(['r.campaign_id', 'c.rehearsal', 'r.step', 'r.channel', 'r.language', 'r.status', 'r.reason', 'r.message_id', 'r.created_at'])
      .where('r.contact_id', '=', contactId)
      .orderBy('r.created_at')
      .execute();
    return { tags: tags.map((t) => t.tag), campaigns };
  },
  async forget(db, contactId) {
    // Both cascade with the contact row; erased here too so nothing depends on the order.
    await db.deleteFrom('campaign_recipients').where('contact_id', '=', contactId).execute();
    await db.deleteFrom('contact_tags').where('contact_id', '=', contactId).execute();
  },
};

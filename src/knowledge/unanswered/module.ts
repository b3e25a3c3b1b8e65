/**
 * The unanswered-questions module: keeps each question the knowledge base could not answer (the
 * runner's `onUnanswered` hook, in the step's transaction) and declares them as personal data, so
 * `contact export` shows a person's questions and `contact forget` erases them. The retention job
 * (src/privacy) prunes them; the digest (src/feedback) and the export (src/admin, src/cli) read
 * them. See docs/knowledge.md, "What the assistant could not answer".
 */
import type { AppModule } from '../../runtime/module';
import type { PersonalDataSource } from '../../store/personal-data';
import { forgetUnanswered, recordUnanswered, unansweredOf } from './store';

/** A person's unanswered questions, for `contact export` and `contact forget`. */
export const unansweredPersonalData: PersonalDataSource = {
  name: 'unanswered_questions',
  export: (db, contactId) => unansweredOf(db, contactId),
  async forget(db, contactId) {
    await forgetUnanswered(db, contactId);
  },
};

export const unansweredModule: AppModule = {
  name: 'unanswered',
  onUnanswered: (tx, question) => recordUnanswered(tx, question),
  personalData: [unansweredPersonalData],
};

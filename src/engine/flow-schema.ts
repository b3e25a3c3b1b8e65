import { z } from 'zod';

/** An i18n key: `namespace.entry` (letters, digits, `_`, `-`, dots). */
const key = z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/i, 'must be an i18n key like "menu.prompt"');
const duration = z.string().regex(/^(\s*\d+\s*(ms|s|m|h|d|w))+\s*$/, 'must be a duration like "30m", "2h" or "1d"');
const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case');
/** A target: a state of this flow, or `@flow` for another flow. */
const target = z.string().regex(/^@?[a-z][a-z0-9_]*$/, 'must be a state name or "@flow"');

import { INPUT_TYPES, type InputType } from './inputs/types';

const timeout = z.object({ nudge: duration.optional(), expire: duration.optional() }).strict();

const choice = z
  .object({ label: key, next: target, value: name.optional(), match: key.optional() })
  .strict();

const action = z.union([
  z.object({ save: z.object({ field: name, value: z.union([z.string(), z.number()]) }).strict() }).strict(),
  z.object({ feedback: z.object({ question: name, topic: name.optional() }).strict() }).strict(),
  z.object({ handoff: z.object({ reason: name.optional() }).strict().default({}) }).strict(),
  z.object({ schedule: z.object({ flow: name, after: duration }).strict() }).strict(),
  /** Say the answer of the conversation's `topic`, made precise for the person's state when the election data has it. */
  z.object({ answer: z.object({}).strict() }).strict(),
  /** Keep the conversation's question for organizers as one the knowledge base could not answer. */
  z.object({ unanswered: z.object({}).strict() }).strict(),
]);

const state = z
  .object({
    say: key.optional(),
    choices: z.array(choice).min(1).optional(),
    language_menu: z.literal(true).optional(),
    /** Free text that is no choice nor valid input is a question for the knowledge base (docs/flows.md). */
    questions: z.literal(true).optional(),
    /** Offer the topics of the conversation's `topics` answer (a "did you mean") before the listed choices. */
    topic_choices: z.literal(true).optional(),
    /** Offer the follow-up flow of the conversation's `topic` (knowledge/<id>.yaml `follow_up`) before the listed choices. */
    follow_up: z.literal(true).optional(),
    input: z.enum(INPUT_TYPES as [InputType, ...InputType[]]).optional(),
    save: name.optional(),
    answer: name.optional(),
    invalid: key.optional(),
    tries: z.number().int().min(1).max(10).optional(),
    fail: target.optional(),
    nudge: key.optional(),
    timeout: timeout.optional(),
    do: z.array(action).optional(),
    /** Branches taken in order by what is known (`known: var` is set and not empty); else `next`. */
    when: z.array(z.object({ known: name, next: target }).strict()).min(1).optional(),
    next: target.optional(),
    end: z.literal(true).optional(),
  })
  .strict()
  .refine((s) => !s.when || (!!s.next && !s.choices && !s.input && !s.language_menu && !s.end), {
    message: 'a state with "when" needs "next" (the otherwise) and cannot wait for an answer or end',
  })
  .refine((s) => !(s.questions || s.topic_choices || s.follow_up) || !!(s.choices || s.input || s.language_menu), {
    message: '"questions", "topic_choices" and "follow_up" belong to a state that waits for an answer (choices or input)',
  });

/** The schema of a flow file (see docs/flows.md). */
export const flowSchema = z
  .object({
    id: name,
    description: z.string().optional(),
    keywords: key.optional(),
    start: name,
    timeout: timeout.optional(),
    states: z.record(name, state),
  })
  .strict();

export type FlowDef = z.infer<typeof flowSchema>;
export type StateDef = FlowDef['states'][string];
export type ChoiceDef = z.infer<typeof choice>;
export type ActionDef = z.infer<typeof action>;
export type InputTypeName = InputType;

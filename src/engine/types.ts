/**
 * The engine's vocabulary: what goes into one conversation step and what comes out.
 * Everything here is plain data (JSON-serialisable), so a step can be stored, queued,
 * replayed in a transcript test and executed later by the runner at the edge.
 */

/** A message classified as a global keyword: which, and the word as recorded (STOP, or /stop for a channel command). */
export interface ClassifiedKeyword {
  keyword: NonNullable<MessageIntent['keyword']>;
  word: string;
}

/** A channel command's meaning: a global keyword, and/or a flow to start in a language. */
export interface MessageIntent {
  keyword?: 'stop' | 'start' | 'help' | 'menu' | 'language' | 'agent';
  flow?: string;
  language?: string;
  /** The person sent something that is not text (a voice note, a sticker, a location: its kind); they are told the assistant reads text. */
  nonText?: string;
}

/** One choice offered with a reply; adapters render it as a numbered line or a button. */
export interface ChoiceOut {
  /** Stable value sent back as the button payload. */
  value: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Render the label in this language instead of the contact's (language menu: each language's own name). */
  labelLanguage?: string;
}

/** A reply the engine wants sent: an i18n key and its variables, never raw text. */
export interface Reply {
  key: string;
  vars?: Record<string, string | number>;
  choices?: ChoiceOut[];
  /** Render the key in every shipped language, one after another (first-contact language menu). */
  allLanguages?: boolean;
  /** Render the key in this language rather than the contact's (before they have chosen one). */
  language?: string;
}

/** A reply rendered into the contact's language, ready for a channel adapter. */
export interface OutboundMessage {
  text: string;
  choices?: { value: string; label: string }[];
  /** The i18n key it came from (kept in the message log and asserted by transcripts). */
  key?: string;
  /** Interpolated values, kept separately so adapters can escape them for their markup. */
  vars?: Record<string, string | number>;
  /** A campaign rehearsal's message: only a rehearsal stand-in takes it, nothing sends it (src/runtime/deliver.ts). */
  rehearsal?: true;
}

/** A side effect of a step, executed by the runner (src/runtime), never by the engine. */
export type Effect =
  | { type: 'saveField'; field: string; value: string | number }
  | { type: 'setLanguage'; language: string }
  | {
      type: 'feedback';
      flowId: string;
      question: string;
      rating?: number;
      comment?: string;
      choice?: string;
      topic?: string;
    }
  | { type: 'handoff'; flowId: string; reason?: string }
  | { type: 'scheduleFlow'; flowId: string; delayMs: number }
  | { type: 'scheduleTimeout'; seq: number; kind: 'nudge' | 'expire'; delayMs: number }
  | { type: 'optOut'; word: string }
  | { type: 'optIn'; word: string }
  | { type: 'conversationEnded'; flowId: string; outcome: 'completed' | 'expired' | 'replaced' | 'stopped' }
  /** A question the knowledge base could not answer, in the language it was matched in: kept for the organizers (docs/knowledge.md). */
  | {
      type: 'unanswered';
      text: string;
      language: string;
      /** The topic that ranked best for it (the digest and export group by it), when any did. */
      nearestTopic?: string;
    };

/** What the engine knows about the contact (the runner loads and saves it). */
export interface ContactView {
  /** Chosen language, or null before the person has chosen one. */
  language: string | null;
  /** Variables saved by flows (state, zip, name, ...). */
  vars: Record<string, string | number>;
  /** True when this identity has opted out on this channel. */
  optedOut: boolean;
}

/** The persisted state of one conversation: which flow, which version, where in it. */
export interface ConversationState {
  flowId: string;
  /** Content hash of the flow version this conversation started on. */
  flowHash: string;
  /** XState snapshot: current state node name and machine context. */
  value: string;
  context: FlowContext;
  /** Increases on every step; timeouts carry it so stale ones are ignored. */
  seq: number;
  startedAt: string;
}

/** Machine context: per-conversation scratch values (not saved on the contact). */
export interface FlowContext {
  /** Invalid answers in a row for the current question. */
  tries: number;
  /** Answers collected in this conversation (feedback rating/comment before they are stored). */
  answers: Record<string, string | number>;
  /** Whether the nudge for the current wait has been sent. */
  nudged: boolean;
  /** The question a `questions` conversation is about (a "did you mean" recorded as unanswered when none fits). */
  question?: string;
}

/** Something that happens to a conversation. */
export type EngineEvent =
  | {
      type: 'message';
      text: string;
      payload?: string;
      localeHint?: string;
      intent?: MessageIntent;
      /** The global keyword the message is, when the caller classified it already (null: none); absent: step() classifies it. */
      keyword?: ClassifiedKeyword | null;
    }
  | { type: 'timeout'; seq: number; kind: 'nudge' | 'expire' }
  | { type: 'startFlow'; flowId: string };

/** The result of one step. */
export interface StepResult {
  /** The conversation afterwards, or null when it ended. */
  state: ConversationState | null;
  contact: ContactView;
  replies: Reply[];
  effects: Effect[];
}

/** What the knowledge base decided for one message (src/knowledge computes it; the engine only reads it). */
export type KnowledgeMatch =
  | { kind: 'answer'; topic: string }
  | { kind: 'choices'; topics: string[] }
  /**
   * `asked`: some words of the message belong to the topics' vocabulary (a question not covered),
   * unlike "hi" or "pizza". `nearest`: the topic that ranked best all the same, for the organizers.
   */
  | { kind: 'none'; asked?: boolean; nearest?: string };

/** What the engine needs to know about one topic of the knowledge base. */
export interface KnowledgeTopicInfo {
  kind: 'answer' | 'nonpartisan' | 'none';
  /** `state`: `knowledge.<id>.answer_state` makes the answer precise for the person's state. */
  tailor?: 'state';
  /** The variables `answer_state` names: it is said only when every one of them is known. */
  stateVars?: string[];
  /** A flow offered after the answer (`follow_up` in knowledge/<id>.yaml), by its id. */
  followUp?: string;
}

/**
 * The knowledge base as the engine sees it: already built, pure and synchronous (the composition
 * root builds it once from knowledge/ and the locales; src/knowledge/port.ts).
 */
export interface KnowledgePort {
  /**
   * Builds what `match` and `identifyLanguage` need, if not built yet, without holding the event
   * loop for long; the runtime awaits it before stepping an inbound message. Without it (or before
   * it settles) the first `match` builds it at once.
   */
  prepare?(): Promise<void>;
  /** What to say to a message in a language: an answer, a "did you mean", or none. */
  match(text: string, language: string): KnowledgeMatch;
  /** The language a message is written in, and whether it is clear enough to answer in it. */
  identifyLanguage(text: string): { language: string; confident: boolean };
  /** A topic's definition, or undefined for an unknown id. */
  topic(id: string): KnowledgeTopicInfo | undefined;
}

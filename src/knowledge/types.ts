/** The data the matcher works on and the answers it gives: plain values, no I/O. */

/** One topic of the knowledge base: its definition (`knowledge/<id>.yaml`) and its texts per language. */
export interface KnowledgeTopic {
  id: string;
  /**
   * `nonpartisan`: a request for an opinion on candidates or parties (matched like any other topic).
   * `none`: examples of what the line does not answer (weather, passports, gossip about candidates):
   * a message closest to them gets the honest fallback, never a neighbouring topic's answer.
   */
  kind: 'answer' | 'nonpartisan' | 'none';
  /** `state`: the answer can be made precise for the person's state (`answer_state`). */
  tailor?: 'state';
  /** The variables its answers use. */
  sources: string[];
  /** A flow offered after the answer (its id in `flows/`). */
  followUp?: string;
  /** language -> the topic's short title, its example questions (one a line in `knowledge.json`) and its general answer. */
  texts: Record<string, { title: string; examples: string[]; answer: string }>;
}

/** Every topic, and the languages that have texts for them. */
export interface KnowledgeBase {
  topics: KnowledgeTopic[];
  languages: string[];
}

/** What the matcher decided for one message. */
export type MatchResult =
  | { kind: 'answer'; topic: string; confidence: number }
  | { kind: 'choices'; topics: string[] }
  /** `nearest`: the topic that ranked best all the same (kept with an unanswered question for the organizers). */
  | { kind: 'none'; nearest?: string };

/** A first message's language, and whether it is clear enough to answer in it without asking. */
export interface LanguageGuess {
  language: string;
  confident: boolean;
}

/** One topic's evidence for a message: retrieval score and how much of the message it explains. */
export interface TopicScore {
  topic: string;
  /** Retrieval score (BM25: the topic's texts together and its best example, mixed; summed over the languages consulted). */
  score: number;
  /** Weighted share (0..1) of the message's words that the topic's texts explain. */
  coverage: number;
  /** The same share counting exact matches only (no typo, no prefix). */
  exact?: number;
  /** BM25 of the topic's texts taken together (one of the two views the score mixes). */
  text?: number;
  /** BM25 of the topic's best single example (the other view). */
  example?: number;
  /** Share of the message's best-matching example lines (the top ten) that are the topic's (a k-nearest-neighbours vote). */
  votes?: number;
}

/** What one language's index found for a message: every topic's evidence, best first, and the message as a whole. */
export interface Evidence {
  topics: TopicScore[];
  /** Weighted share (0..1) of the message that some topic explains (the rest is words the line never uses). */
  known: number;
  /** The message's weight (content words 1, function words less): how much there is to explain. */
  weight: number;
  /** The classifier's most probable classes (topics, `kind: none` ones included), most probable first (classifier.ts). */
  classes?: { topic: string; p: number }[];
}

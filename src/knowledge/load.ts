/**
 * Reads the knowledge base: topic definitions from `knowledge/*.yaml`, their texts from the loaded
 * locales (`locales/<lang>/knowledge.json`, the catalog `loadLocales` or the Translator holds).
 * The only part of the matcher that touches files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../i18n/catalog';
import type { KnowledgeBase, KnowledgeTopic } from './types';

const TopicDefinition = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
  kind: z.enum(['answer', 'nonpartisan', 'none']).default('answer'),
  tailor: z.literal('state').optional(),
  sources: z.array(z.string()).default([]),
  follow_up: z.string().optional(),
});

/** The topic definitions of a `knowledge/` folder, in file-name order. Throws with the file name on a bad one. */
export function readTopicDefinitions(dir: string): Omit<KnowledgeTopic, 'texts'>[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const parsed = TopicDefinition.safeParse(parse(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const def = parsed.data;
      if (def.id !== basename(file, '.yaml')) throw new Error(`${path}: id ${def.id} differs from the file name`);
      return { id: def.id, kind: def.kind, tailor: def.tailor, sources: def.sources, followUp: def.follow_up };
    });
}

/** The example questions of a `knowledge.json` entry: one a line, blank lines dropped. */
export function exampleLines(text: unknown): string[] {
  return typeof text === 'string' ? text.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/**
 * Joins definitions with their texts. A language takes part when its `knowledge` namespace exists;
 * a topic it lacks text for is simply not matched in it (`locales check` reports the gap).
 */
export function knowledgeBase(definitions: Omit<KnowledgeTopic, 'texts'>[], catalog: Catalog): KnowledgeBase {
  const languages = Object.keys(catalog).filter((l) => catalog[l]?.knowledge).sort();
  const topics = definitions.map((def) => {
    const texts: KnowledgeTopic['texts'] = {};
    for (const language of languages) {
      const entry = catalog[language].knowledge[def.id] as { title?: unknown; examples?: unknown; answer?: unknown } | undefined;
      if (!entry) continue;
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      texts[language] = { title: text(entry.title), examples: exampleLines(entry.examples), answer: text(entry.answer) };
    }
    return { ...def, texts };
  });
  return { topics, languages };
}

/** Reads `knowledge/` and joins it with the locales' texts. */
export function loadKnowledge(knowledgeDir: string, catalog: Catalog): KnowledgeBase {
  return knowledgeBase(readTopicDefinitions(knowledgeDir), catalog);
}

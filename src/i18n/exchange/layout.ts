/**
 * How an imported language's namespace file is laid out: the default language's key order (so a
 * diff between languages lines up), each plural group in the language's own CLDR forms at the place
 * of the English group, and anything the default language lacks kept at the end (`locales check`
 * reports it; an import never drops a text). Pure.
 */
import { pluralCategories, splitPluralKey } from '../plurals';

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => !!v && typeof v === 'object' && !Array.isArray(v);

/** The namespace tree to write for `language`, from the English tree and the language's merged tree. */
export function layoutNamespace(ns: string, englishTree: unknown, tree: unknown, language: string, pluralBases: Set<string>): Tree {
  const categories = pluralCategories(language);
  const walk = (path: string, english: Tree, current: Tree | undefined): Tree => {
    const out: Tree = {};
    const used = new Set<string>();
    for (const [name, value] of Object.entries(english)) {
      const full = `${path}.${name}`;
      if (isTree(value)) {
        const sub = walk(full, value, isTree(current?.[name]) ? (current![name] as Tree) : undefined);
        if (Object.keys(sub).length) {
          out[name] = sub;
          used.add(name);
        }
        continue;
      }
      const plural = splitPluralKey(full);
      if (plural && pluralBases.has(plural.base)) {
        const local = name.slice(0, name.length - plural.category.length - 1);
        for (const c of categories) {
          const form = `${local}_${c}`;
          if (used.has(form) || current?.[form] === undefined) continue;
          out[form] = current[form];
          used.add(form);
        }
        continue;
      }
      if (current?.[name] !== undefined) {
        out[name] = current[name];
        used.add(name);
      }
    }
    for (const [name, value] of Object.entries(current ?? {})) if (!used.has(name)) out[name] = value;
    return out;
  };
  return walk(ns, isTree(englishTree) ? englishTree : {}, isTree(tree) ? tree : undefined);
}

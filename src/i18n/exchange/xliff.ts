/**
 * Translations as XLIFF 1.2 (OASIS), the version every CAT tool imports (Trados, memoQ, Crowdin,
 * Weblate, Phrase, OmegaT): one <file> per namespace and language, one <trans-unit> per key with
 * id = key, the English <source>, the <target> when there is one, and the translator's <note>.
 * Built and parsed with fast-xml-builder / fast-xml-parser (no DTD or external entities). Pure.
 */
import XMLBuilder from 'fast-xml-builder';
import { XMLParser } from 'fast-xml-parser';
import type { FileIssue } from './csv';
import type { ExchangeUnit, ImportedUnit } from './units';

const NS = 'urn:oasis:names:tc:xliff:document:1.2';

/** The units as one XLIFF 1.2 document, grouped by language then namespace, in the units' order. */
export function unitsToXliff(units: ExchangeUnit[], sourceLanguage: string): string {
  const files: { language: string; ns: string; units: ExchangeUnit[] }[] = [];
  for (const unit of units) {
    const ns = unit.key.split('.')[0];
    let file = files.find((f) => f.language === unit.language && f.ns === ns);
    if (!file) files.push((file = { language: unit.language, ns, units: [] }));
    file.units.push(unit);
  }
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    xliff: {
      '@_version': '1.2',
      '@_xmlns': NS,
      file: files.map((f) => ({
        '@_original': `${f.ns}.json`,
        '@_source-language': sourceLanguage,
        '@_target-language': f.language,
        '@_datatype': 'plaintext',
        body: {
          'trans-unit': f.units.map((u) => ({
            '@_id': u.key,
            '@_resname': u.key,
            '@_xml:space': 'preserve', // texts may start or end with spaces or hold line breaks
            source: u.source,
            ...(u.translation ? { target: { '@_state': 'translated', '#text': u.translation } } : {}),
            ...(u.note ? { note: u.note } : {}),
          })),
        },
      })),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', processEntities: true });
  return builder.build(doc);
}

const ARRAYS = new Set(['file', 'trans-unit', 'group']);
type Node = Record<string, unknown>;

/** The units of an XLIFF 1.2 document, each with the line of its <trans-unit>, and the problems that stop reading it. */
export function xliffToUnits(text: string, sourceLanguage: string): { units: ImportedUnit[]; issues: FileIssue[] } {
  text = text.replace(/^\uFEFF/, '');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: false, // a translation's own spaces and line breaks are part of it
    parseTagValue: false,
    parseAttributeValue: false,
    captureMetaData: true,
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: Node;
  try {
    doc = parser.parse(text, true) as Node;
  } catch (err) {
    const e = err as Error & { line?: number };
    return { units: [], issues: [{ line: e.line ?? lineOfMessage(e.message) ?? 1, message: `not readable as XML: ${e.message}` }] };
  }
  const meta = XMLParser.getMetaDataSymbol() as unknown as string;
  const lineOf = (node: unknown) => {
    const start = (node as Record<string, { startIndex?: number }>)?.[meta]?.startIndex;
    return start === undefined ? 1 : text.slice(0, start).split('\n').length;
  };

  const root = doc.xliff as Node | undefined;
  if (!root || typeof root !== 'object') return { units: [], issues: [{ line: 1, message: 'not an XLIFF document (no <xliff> element)' }] };
  if (root['@_version'] !== '1.2') {
    return { units: [], issues: [{ line: lineOf(root), message: `XLIFF version "${root['@_version'] ?? '?'}" is not supported: save or export the file as XLIFF 1.2` }] };
  }

  const units: ImportedUnit[] = [];
  const issues: FileIssue[] = [];
  for (const file of (root.file ?? []) as Node[]) {
    const source = file['@_source-language'];
    const target = file['@_target-language'];
    if (source !== sourceLanguage) issues.push({ line: lineOf(file), message: `source-language is "${source ?? ''}", not "${sourceLanguage}"` });
    if (typeof target !== 'string' || !target.trim()) {
      issues.push({ line: lineOf(file), message: 'the <file> has no target-language' });
      continue;
    }
    for (const unit of transUnits(file.body as Node | undefined)) {
      const line = lineOf(unit);
      const id = unit['@_id'];
      if (typeof id !== 'string' || !id) {
        issues.push({ line, message: '<trans-unit> without an id' });
        continue;
      }
      const translation = textOf(unit.target);
      if (translation === null) {
        issues.push({ line, message: `trans-unit "${id}": the <target> holds markup; the texts are plain text, write it without tags` });
        continue;
      }
      const imported: ImportedUnit = { key: id, language: target.trim(), translation: translation.replace(/\r\n?/g, '\n'), line };
      const src = textOf(unit.source);
      if (src !== null) imported.source = src.replace(/\r\n?/g, '\n');
      units.push(imported);
    }
  }
  return { units, issues };
}

/** <trans-unit>s of a <body>, including those CAT tools wrap in <group>s. */
function transUnits(body: Node | undefined): Node[] {
  if (!body || typeof body !== 'object') return [];
  return [...((body['trans-unit'] ?? []) as Node[]), ...((body.group ?? []) as Node[]).flatMap((g) => transUnits(g))];
}

/** An element's text ('' when absent or empty), or null when it holds child elements. */
function textOf(node: unknown): string | null {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node !== 'object') return String(node);
  const children = Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text');
  if (children.length) return null;
  const text = (node as Node)['#text'];
  return typeof text === 'string' ? text : '';
}

function lineOfMessage(message: string): number | undefined {
  const m = /line:?\s*(\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

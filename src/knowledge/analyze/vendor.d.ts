// The project resolves modules the classic Node way, which does not read package `exports`: these
// subpaths exist at run time (through `exports`) and carry their own types under other names.
declare module '@orama/stemmers/english' {
  /** Snowball (Porter2) English stemmer. */
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/spanish' {
  /** Snowball Spanish stemmer. */
  export function stemmer(word: string): string;
}
declare module 'opencc-js/t2cn' {
  /** A converter between Chinese variants (here: Traditional, Taiwan forms, to Simplified). */
  export function Converter(options: { from: 't' | 'tw' | 'twp' | 'hk'; to: 'cn' }): (text: string) => string;
}

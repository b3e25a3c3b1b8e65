/**
 * Queries built with Kysely's builder once and compiled once, then sent again with new values.
 * Kysely builds an immutable tree of nodes for each query and compiles it to SQL at every call:
 * on the inbound path that was about 8 % of the system's CPU in the profile (docs/benchmarks.md),
 * more than the rest of our own code. A query of the hot path written with `precompiled` is built
 * with placeholders in place of its arguments, compiled, and afterwards only its parameter list
 * is filled in.
 *
 * The SQL of a query may depend only on the number of elements of its array arguments (an `in`
 * list of ids): one compiled variant is kept per combination of lengths, up to MAX_LIST elements;
 * longer lists are built and compiled as usual. Every other argument must reach the query only as
 * a value (`where(col, '=', arg)`, `${arg}` in a `sql` template), never be inspected by the build
 * function (a placeholder is not the value). Every dialect this project opens (pg and PGlite)
 * compiles with Kysely's PostgreSQL compiler, so one compilation serves both.
 */
import { CompiledQuery, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database>;

/** Lists longer than this are compiled per call (a cached variant per length would not pay). */
export const MAX_LIST = 64;

/** Stands in for an argument (or one element of an array argument) while the query is compiled. */
class Placeholder {
  constructor(
    readonly arg: number,
    readonly element?: number,
  ) {}
}

interface Variant {
  sql: string;
  /** For each parameter of the SQL: the placeholder it is filled from, or a constant of the query. */
  parameters: readonly unknown[];
}

/** A query builder's statement, or a `sql` template's. */
type Query<O> = Compilable<O> | RawBuilder<O>;

const compile = <O>(db: Db, q: Query<O>): CompiledQuery<O> => ('isRawBuilder' in q ? q.compile(db) : q.compile());

/**
 * Wraps a query built by `build(db, ...args)` so it is built and compiled once per shape of its
 * arguments (see above); returns the rows.
 */
export function precompiled<A extends unknown[], O>(build: (db: Db, ...args: A) => Query<O>): (db: Db, ...args: A) => Promise<O[]> {
  const variants = new Map<string, Variant>();
  return async (db, ...args) => {
    const shape = args.map((a) => (Array.isArray(a) ? a.length : '')).join(',');
    if (args.some((a) => Array.isArray(a) && a.length > MAX_LIST)) return (await db.executeQuery(compile(db, build(db, ...args)))).rows;
    let variant = variants.get(shape);
    if (!variant) {
      const placeholders = args.map((a, i) => (Array.isArray(a) ? a.map((_, k) => new Placeholder(i, k)) : new Placeholder(i))) as A;
      const compiled = compile(db, build(db, ...placeholders));
      // An argument that did not become a parameter was used some other way: that query cannot be reused.
      const used = new Set(compiled.parameters.filter((p): p is Placeholder => p instanceof Placeholder).map((p) => `${p.arg}.${p.element ?? ''}`));
      const expected = placeholders.flatMap((p) => (Array.isArray(p) ? p : [p]) as Placeholder[]);
      const missing = expected.filter((p) => !used.has(`${p.arg}.${p.element ?? ''}`));
      if (missing.length) throw new Error(`precompiled: argument ${missing[0].arg} is not a value of the query`);
      variant = { sql: compiled.sql, parameters: compiled.parameters };
      variants.set(shape, variant);
    }
    const parameters = variant.parameters.map((p) => (p instanceof Placeholder ? (p.element === undefined ? args[p.arg] : (args[p.arg] as unknown[])[p.element]) : p));
    return (await db.executeQuery(CompiledQuery.raw(variant.sql, parameters) as CompiledQuery<O>)).rows;
  };
}

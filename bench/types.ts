/** What every benchmark of `civic-engage bench` gets and provides. */
import type { Report } from './report';

export interface BenchContext {
  /** `--quick`: the whole suite in a few minutes on 2 cores (shorter runs, smaller audiences). */
  quick: boolean;
  report: Report;
}

export interface Benchmark {
  /** The name `--only` takes. */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Every benchmark of `civic-engage bench`, in the order they run and appear in docs/benchmarks.md. */
import { engineBenchmark } from './engine-bench';
import { inboundBenchmark } from './inbound';
import { ackBenchmark } from './ack';
import { fanoutBenchmark, scaleOutBenchmark } from './fanout';
import { redisMemoryBenchmark } from './redis-memory';
import { storageBenchmark } from './storage';
import type { Benchmark } from './types';

export const BENCHMARKS: Benchmark[] = [engineBenchmark, inboundBenchmark, ackBenchmark, fanoutBenchmark, storageBenchmark, scaleOutBenchmark, redisMemoryBenchmark];

import { clocksBench } from '../bench/clocks.bench.ts';
import { rows } from '../bench/harness.ts';
for (let i = 0; i < 3; i++) { rows.length = 0; await clocksBench(); console.log(rows.map((r) => r.result).join('\n')); }

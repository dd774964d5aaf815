/**
 * `npm run generate-data -- --out <dir> --campaigns 200 --units 60 --findings 50000 --responses 20000 [--seed 42]`:
 * writes a synthetic but valid data tree (see scripts/lib/generate-data.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateData, type GenerateOptions } from './lib/generate-data.ts';

function parseCli(): GenerateOptions {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      campaigns: { type: 'string', default: '10' },
      units: { type: 'string', default: '20' },
      findings: { type: 'string', default: '1000' },
      responses: { type: 'string', default: '500' },
      seed: { type: 'string', default: '42' },
    },
  });
  if (!values.out) throw new Error('usage: generate-data.ts --out <dir> [--campaigns N] [--units N] [--findings N] [--responses N] [--seed N]');
  const count = (name: keyof typeof values) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got “${values[name]}”`);
    return value;
  };
  return {
    out: path.resolve(values.out),
    campaigns: count('campaigns'),
    units: count('units'),
    findings: count('findings'),
    responses: count('responses'),
    seed: count('seed'),
  };
}

async function main(): Promise<void> {
  const options = parseCli();
  const started = performance.now();
  const s = await generateData(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `Wrote ${options.out} in ${seconds} s: ${s.units} units, ${s.campaigns} campaigns, ${s.findings} findings, ` +
      `${s.highlights} highlights, ${s.responses} survey responses in ${s.surveys} surveys (seed ${options.seed}).`,
  );
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/cli/program.ts
async function main(argv) {
  await Promise.resolve();
  process.stdout.write(`opp-campaign ${argv.join(" ")}
`);
  return 0;
}

// src/cli/main.ts
process.exitCode = await main(process.argv.slice(2));

import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/action/main.ts
async function run() {
  const command = process.env["INPUT_COMMAND"] ?? "";
  process.exitCode = 1;
  await Promise.resolve();
  process.stdout.write(
    `::error::opp-campaign action: command '${command}' is not implemented yet
`
  );
}

// src/action/index.ts
await run();

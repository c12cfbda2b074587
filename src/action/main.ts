// The GitHub Action entry. Later issues add plan/shard/merge; for now it reports that the
// command is not yet available, failing the step rather than passing silently.
export async function run(): Promise<void> {
  const command = process.env['INPUT_COMMAND'] ?? '';
  process.exitCode = 1;
  await Promise.resolve();
  process.stdout.write(
    `::error::opp-campaign action: command '${command}' is not implemented yet\n`,
  );
}

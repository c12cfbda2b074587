export async function main(argv: string[]): Promise<number> {
  await Promise.resolve();
  process.stdout.write(`opp-campaign ${argv.join(' ')}\n`);
  return 0;
}

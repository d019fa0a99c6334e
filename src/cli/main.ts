/**
 * `qala <command>`: a thin shell over the library's modules.
 * Each command lives in its own module, loaded only when asked for.
 */
type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  tally: { summary: 'count a pabulib .pb file: qala tally FILE.pb --rule RULE [--explain]', load: async () => (await import('./tally.js')).tally },
  serve: { summary: 'run the reference server: qala serve --config FILE --db FILE --port N', load: async () => (await import('./serve.js')).serve },
  seed: { summary: 'fill a database with demo data: qala seed --config FILE --db FILE', load: async () => (await import('./serve.js')).seed },
  'migrate-store': {
    summary: 'copy a deployment to PostgreSQL: qala migrate-store --from FILE.db --to postgres://… [--config FILE]',
    load: async () => (await import('./migrate-store.js')).migrateStore,
  },
  'export-pb': { summary: 'export a cycle as pabulib: qala export-pb --config FILE --db FILE --city SLUG', load: async () => (await import('./serve.js')).exportPb },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const lines = Object.entries(COMMANDS).map(([key, c]) => `  ${key.padEnd(10)} ${c.summary}`);
    process.stderr.write(`${name ? `qala: unknown command "${name}"\n` : ''}usage: qala <command>\n${lines.join('\n')}\n`);
    return name ? 2 : 0;
  }
  return (await command.load())(rest);
}

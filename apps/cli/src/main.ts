import { ConfigError } from '@pioneira/config';
import { commands } from './commands';

const [name = 'help', ...args] = process.argv.slice(2);
const command = commands[name];

if (!command || name === 'help' || name === '--help') {
  console.log('Usage: pioneira <command> [options]\n\nCommands:');
  for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(12)} ${c.summary}`);
  process.exit(command || name === 'help' || name === '--help' ? 0 : 1);
}

try {
  await command.run(args, process.env);
} catch (error) {
  if (
    error instanceof ConfigError ||
    (error as Error).name === 'StackError' ||
    (error as Error).name === 'StartupError' ||
    (error as Error).name === 'UsageError'
  ) {
    console.error(`pioneira ${name}: ${(error as Error).message}`);
    process.exit(2);
  }
  throw error;
}

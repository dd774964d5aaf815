import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * A command's arguments the way the template commands read them: a wrong option is a one-line
 * Chinese reason and the usage on stderr, exit 2; `--help` prints the usage and the help text,
 * exit 0. The returned `usage` ends the command the same way for a reason found later.
 */
export function commandLine<T extends ParseArgsConfig & { options: { help: { type: 'boolean' } } }>(
  config: T,
  text: { usage: string; help: string },
): ReturnType<typeof parseArgs<T>> & { usage: (reason: string) => never } {
  const usage = (reason: string): never => {
    console.error(`✘ ${reason}\n${text.usage}`);
    process.exit(2);
  };
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return usage(`参数有误：${error instanceof Error ? error.message : String(error)}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(`${text.usage}\n\n${text.help}`);
    process.exit(0);
  }
  return { ...parsed, usage };
}

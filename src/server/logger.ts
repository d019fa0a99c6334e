/**
 * Structured logs, one JSON object per line. Callers pass only non-personal
 * fields: route patterns, statuses, ids the server made up. Never an IIN, a
 * phone, a location, a token, a request body or a query string.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function jsonLineLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  return {
    log(level, msg, fields) {
      if (ORDER[level] < ORDER[minLevel]) return;
      write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }) + '\n');
    },
  };
}

export const stdoutLogger = (minLevel: LogLevel = 'info'): Logger => jsonLineLogger((line) => process.stdout.write(line), minLevel);

export const silentLogger: Logger = { log() {} };

/** Keeps every line, for tests that assert what is (and is not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = jsonLineLogger((line) => lines.push(line), 'debug');
  return Object.assign(logger, { lines });
}

/**
 * The relay's log: one JSON object a line. It never receives a token, a ticket, a header or a
 * query string: requests are logged by method and path only, errors by their message.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  (level: LogLevel, message: string, fields?: Record<string, string | number | boolean | null>): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (level, message, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  };
}

/** A logger that keeps its lines (tests read them). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger((line) => lines.push(line)) as Logger & { lines: string[] };
  logger.lines = lines;
  return logger;
}

/** What an error says, without its stack or cause chain (a cause could carry a request). */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

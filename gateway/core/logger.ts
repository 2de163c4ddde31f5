/** Structured logging: the one logger interface every layer takes, and the JSON-lines logger. */

/** Structured logging, one JSON object per line on stderr. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines to stderr. */
export function jsonLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

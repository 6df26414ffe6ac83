// JSON logs (pino). Request-scoped children carry the request id so one id follows a request everywhere.
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(service: string, level = "info"): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

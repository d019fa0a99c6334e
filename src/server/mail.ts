import type { MailConfig } from '../contract/config.js';
import type { Logger } from './logger.js';

/**
 * Sends e-mail: staff sign-in codes. Like `SmsProvider`, the address is never
 * logged; `reference` (a challenge id) is what may be.
 */
export interface MailProvider {
  send(message: { to: string; subject: string; text: string; reference: string }): Promise<void>;
}

/** Development: writes the message text (with the reference, never the address) to the server log. */
export function consoleMail(logger: Logger): MailProvider {
  return {
    async send({ subject, text, reference }) {
      logger.log('info', 'mail.message', { reference, subject, text, note: 'console mail provider (development): nothing is sent' });
    },
  };
}

export class MailError extends Error {
  override name = 'MailError';
}

/**
 * A JSON POST to a transactional mail API (most of them take `to`, `from`,
 * `subject`, `text`; field names are configurable). Header values
 * `env:NAME` come from the environment, so no key sits in the config file.
 */
export function httpMail(config: Extract<MailConfig, { provider: 'http' }>, env: NodeJS.ProcessEnv = process.env, fetchImpl: typeof fetch = fetch): MailProvider {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(config.headers ?? {})) headers[name] = value.startsWith('env:') ? (env[value.slice(4)] ?? '') : value;
  return {
    async send({ to, subject, text }) {
      const body: Record<string, string> = { [config.toField ?? 'to']: to, [config.subjectField ?? 'subject']: subject, [config.textField ?? 'text']: text };
      if (config.from) body[config.fromField ?? 'from'] = config.from;
      let response: Response;
      try {
        response = await fetchImpl(config.url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeoutMs ?? 10_000) });
      } catch (error) {
        throw new MailError(`mail API unreachable: ${(error as Error).name}`);
      }
      if (!response.ok) throw new MailError(`mail API answered ${response.status}`);
    },
  };
}

export function mailFromConfig(config: MailConfig, logger: Logger): MailProvider {
  return config.provider === 'http' ? httpMail(config) : consoleMail(logger);
}

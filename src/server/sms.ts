import type { SmsConfig } from '../contract/config.js';
import type { Logger } from './logger.js';

/**
 * Sends one-time codes, and notices to authors who asked for them (`text`
 * set, `code` empty). `challengeId` (a proposal's reference for a notice) is
 * what may be logged; the phone never is.
 */
export interface SmsProvider {
  send(message: { phone: string; code: string; challengeId: string; locale?: string; text?: string }): Promise<void>;
}

/** Development: writes the code (with the challenge id, never the phone) to the server log. */
export function consoleSms(logger: Logger): SmsProvider {
  return {
    async send({ code, challengeId, text }) {
      if (text !== undefined) logger.log('info', 'sms.notice', { ref: challengeId, text, note: 'console SMS provider (development): the message is not sent anywhere' });
      else logger.log('info', 'sms.code', { challengeId, code, note: 'console SMS provider (development): the code is not sent anywhere' });
    },
  };
}

export class SmsError extends Error {
  override name = 'SmsError';
}

/** A JSON POST to an SMS gateway. Header values `env:NAME` come from the environment. */
export function httpSms(config: Extract<SmsConfig, { provider: 'http' }>, env: NodeJS.ProcessEnv = process.env, fetchImpl: typeof fetch = fetch): SmsProvider {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    headers[name] = value.startsWith('env:') ? (env[value.slice(4)] ?? '') : value;
  }
  const template = config.template ?? 'Qala: {code}';
  return {
    async send({ phone, code, text }) {
      const body = { [config.toField ?? 'to']: phone, [config.textField ?? 'text']: text ?? template.replaceAll('{code}', code) };
      let response: Response;
      try {
        response = await fetchImpl(config.url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(config.timeoutMs ?? 10_000) });
      } catch (error) {
        throw new SmsError(`SMS gateway unreachable: ${(error as Error).name}`);
      }
      if (!response.ok) throw new SmsError(`SMS gateway answered ${response.status}`);
    },
  };
}

export function smsFromConfig(config: SmsConfig, logger: Logger): SmsProvider {
  return config.provider === 'http' ? httpSms(config) : consoleSms(logger);
}

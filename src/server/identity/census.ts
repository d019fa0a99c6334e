import { createHmac } from 'node:crypto';

export interface CensusSettings {
  url: string;
  auth: 'bearer' | 'hmac';
  secret: string;
  timeoutMs?: number;
}

export interface CensusAnswer {
  eligible: boolean;
  phoneMatches: boolean;
}

/** The census could not be asked, or answered something that is not an answer: nobody is told yes or no. */
export class CensusUnavailable extends Error {
  override name = 'CensusUnavailable';
}

/**
 * Asks the city's register (or a government gateway) whether an IIN may vote
 * and whether the phone typed is the one registered for it, before any code
 * is sent. The request goes only to the configured endpoint, over https (plain
 * http only on the loopback), authenticated with a bearer secret or an HMAC
 * signature of `timestamp.body`; the answer must be exactly two booleans.
 */
export async function askCensus(settings: CensusSettings, iin: string, phone: string, now: Date): Promise<CensusAnswer> {
  const body = JSON.stringify({ iin, phone });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (settings.auth === 'bearer') headers.authorization = `Bearer ${settings.secret}`;
  else {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    headers['x-qala-timestamp'] = timestamp;
    headers['x-qala-signature'] = `sha256=${createHmac('sha256', settings.secret).update(`${timestamp}.${body}`).digest('hex')}`;
  }
  let response: Response;
  try {
    response = await fetch(settings.url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(settings.timeoutMs ?? 5000) });
  } catch (error) {
    throw new CensusUnavailable((error as Error).name === 'TimeoutError' ? 'the census did not answer in time' : 'the census could not be reached');
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CensusUnavailable(`the census answered ${response.status}`);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new CensusUnavailable('the census answered something that is not JSON');
  }
  const a = json as Partial<CensusAnswer> | null;
  if (!a || typeof a.eligible !== 'boolean' || typeof a.phoneMatches !== 'boolean') throw new CensusUnavailable('the census answer has no eligible/phoneMatches booleans');
  return { eligible: a.eligible, phoneMatches: a.phoneMatches };
}

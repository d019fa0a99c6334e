import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const derive = (secret: Buffer, info: string) => Buffer.from(hkdfSync('sha256', secret, 'qala', info, 32));

export interface VoterTokenPayload {
  /** City slug. */
  c: string;
  /** Cycle id. */
  y: string;
  /** Keyed hash of the IIN (never the IIN). */
  h: string;
  /** Expiry, ms since epoch. */
  e: number;
}

/**
 * Every key the server uses, derived from the one master secret: keyed hashes
 * for IINs and phones (never reversible without the secret), and the key that
 * seals voter tokens. Voter tokens are AES-256-GCM sealed, so the keyed hash
 * inside never reaches the browser in readable form, and no token table is needed.
 */
export class Keys {
  private readonly voterKey: Buffer;
  private readonly phoneKey: Buffer;
  private readonly tokenKey: Buffer;
  private readonly exportKey: Buffer;
  private readonly atRestKey: Buffer;
  private readonly digestKey: Buffer;

  constructor(secret: Buffer) {
    this.voterKey = derive(secret, 'voter-iin-v1');
    this.phoneKey = derive(secret, 'author-phone-v1');
    this.tokenKey = derive(secret, 'voter-token-v1');
    this.exportKey = derive(secret, 'export-voter-id-v1');
    this.atRestKey = derive(secret, 'at-rest-v1');
    this.digestKey = derive(secret, 'digest-v1');
  }

  /**
   * A keyed digest (hex) of something that must be compared later but may hold
   * or guard personal data: a request body kept for idempotency (a proposal's
   * carries the author's phone), a one-time code. Without the secret it cannot
   * be enumerated back, as a plain hash of a phone number could.
   */
  digest(purpose: string, value: string): string {
    return createHmac('sha256', this.digestKey).update(`${purpose}\u0000${value}`).digest('hex');
  }

  /**
   * Encrypts what must be kept readable for a while (a voter list's phones, a
   * pending code's phone, a sign-in's PKCE verifier): AES-256-GCM with a key
   * derived from the server secret. `context` (e.g. `phone:aksu:<voter hash>`)
   * is authenticated, so a ciphertext moved to another row does not open.
   */
  seal(context: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.atRestKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `s1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The plaintext, or null when the ciphertext is not this server's for this context. */
  unseal(context: string, sealed: string): string | null {
    if (!sealed.startsWith('s1.')) return null;
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    if (raw.length < 12 + 16) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.atRestKey, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /** One value per person per city: the uniqueness key of a ballot. */
  voterHash(city: string, iin: string): string {
    return createHmac('sha256', this.voterKey).update(`${city}\u0000${iin}`).digest('base64url');
  }

  phoneHash(city: string, phone: string): string {
    return createHmac('sha256', this.phoneKey).update(`${city}\u0000${phone}`).digest('base64url');
  }

  /** A short stable pseudonym for exports, unlinkable to the voter hash without the secret. */
  exportPseudonym(scope: string, value: string): string {
    return createHmac('sha256', this.exportKey).update(`${scope}\u0000${value}`).digest('base64url').slice(0, 16);
  }

  sealToken(payload: VoterTokenPayload): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.tokenKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  openToken(token: string): VoterTokenPayload | null {
    if (!token.startsWith('v1.') || token.length > 600) return null;
    const raw = Buffer.from(token.slice(3), 'base64url');
    if (raw.length < 12 + 16 + 2) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.tokenKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
      const p = JSON.parse(text) as VoterTokenPayload;
      if (typeof p.c !== 'string' || typeof p.y !== 'string' || typeof p.h !== 'string' || typeof p.e !== 'number') return null;
      return p;
    } catch {
      return null;
    }
  }
}

export const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** An unguessable id that matches the contract's `Id`: `p_3kZ…`. */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `K7QM-2HXP-9TRW-4DNB`: 16 symbols of 34 (~81 bits), no look-alikes. */
export function receiptCode(): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i && i % 4 === 0) s += '-';
    s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  }
  return s;
}

export function numericCode(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String(randomInt(10));
  return s;
}

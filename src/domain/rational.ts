/**
 * Exact rational numbers on `BigInt`, always in lowest terms with a positive
 * denominator. Budgets, costs and every quantity that decides an outcome of
 * counting go through this type (or through integer numerators over a common
 * denominator, see the counting rules), so the browser and the server reach
 * the same result bit for bit. Pure: no DOM, no Node API.
 */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** `num/den` reduced to lowest terms. Throws on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = typeof num === 'bigint' ? num : toBigIntStrict(num);
    let d = typeof den === 'bigint' ? den : toBigIntStrict(den);
    if (d === 0n) throw new RangeError('Rational: zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    if (d === 1n) return new Rational(n, 1n);
    const g = gcd(n < 0n ? -n : n, d);
    return g === 1n ? new Rational(n, d) : new Rational(n / g, d / g);
  }

  /**
   * Reads a number exactly: an integer, a decimal with `.` or `,` as the
   * separator (`748772,64` → 1871931.6 as 74877264/100), optional exponent,
   * or a fraction `p/q`. Null when the text is not a number.
   */
  static tryParse(text: string): Rational | null {
    const s = text.trim();
    const frac = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(s);
    if (frac) {
      const den = BigInt(frac[2]!);
      return den === 0n ? null : Rational.of(BigInt(frac[1]!), den);
    }
    const m = /^([+-]?)(\d*)(?:[.,](\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (!m) return null;
    const [, sign, int = '', fraction = '', exp] = m;
    if (int === '' && fraction === '') return null;
    let num = BigInt((int || '0') + fraction);
    let den = 10n ** BigInt(fraction.length);
    if (exp !== undefined) {
      const e = Number(exp);
      if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) return null;
      if (e >= 0) num *= 10n ** BigInt(e);
      else den *= 10n ** BigInt(-e);
    }
    return Rational.of(sign === '-' ? -num : num, den);
  }

  /** Like {@link tryParse} but throws a `RangeError` naming the text. */
  static parse(text: string): Rational {
    const r = Rational.tryParse(text);
    if (!r) throw new RangeError(`not a number: "${text}"`);
    return r;
  }

  /** From a JS number (its shortest decimal form, so `0.1` is 1/10), a bigint, a string or a Rational. */
  static from(value: RationalLike): Rational {
    if (value instanceof Rational) return value;
    if (typeof value === 'bigint') return new Rational(value, 1n);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      if (Number.isSafeInteger(value)) return new Rational(BigInt(value), 1n);
      return Rational.parse(String(value));
    }
    return Rational.parse(value);
  }

  add(o: Rational): Rational {
    if (this.den === o.den) return Rational.of(this.num + o.num, this.den);
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    if (this.den === o.den) return Rational.of(this.num - o.num, this.den);
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('Rational: division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  /** -1, 0 or 1. */
  cmp(o: Rational): number {
    const a = this.num * o.den;
    const b = o.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }
  sign(): number {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }
  static min(a: Rational, b: Rational): Rational {
    return a.cmp(b) <= 0 ? a : b;
  }
  static max(a: Rational, b: Rational): Rational {
    return a.cmp(b) >= 0 ? a : b;
  }

  /** Nearest double (correct to about one unit in the last place even for huge terms). */
  toNumber(): number {
    return ratioToNumber(this.num, this.den);
  }

  /** Rounded to `digits` decimals, as a JS number for display. */
  toFixedNumber(digits = 2): number {
    const scale = 10n ** BigInt(digits);
    const scaled = this.num * scale;
    // round half away from zero
    const q = scaled / this.den;
    const r = scaled % this.den;
    const twice = 2n * (r < 0n ? -r : r);
    const rounded = twice >= this.den ? q + (scaled < 0n ? -1n : 1n) : q;
    return Number(rounded) / Number(scale);
  }

  /** `p/q`, or `p` when whole. The canonical exact form (pabutools prints the same). */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /**
   * A finite decimal (`969245.38`) when the value has one, otherwise `p/q`.
   * Exact either way; this is what goes back into a `.pb` file.
   */
  toDecimalString(): string {
    if (this.den === 1n) return this.num.toString();
    let d = this.den;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    if (d !== 1n) return this.toString();
    const digits = Math.max(twos, fives);
    const scaled = (this.num * 10n ** BigInt(digits)) / this.den;
    const neg = scaled < 0n;
    const abs = (neg ? -scaled : scaled).toString().padStart(digits + 1, '0');
    return `${neg ? '-' : ''}${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

export type RationalLike = Rational | string | number | bigint;

function toBigIntStrict(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return BigInt(n);
}

/** Greatest common divisor of two non-negative bigints. */
export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Greatest common divisor of two non-negative safe integers. */
export function gcdNumber(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Least common multiple of two positive bigints. */
export function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

/** Bit length of a non-negative bigint (0 for 0). */
export function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  return n.toString(16).length * 4 - (Math.clz32(parseInt(n.toString(16)[0]!, 16)) - 28);
}

/**
 * `num/den` as the nearest double, without overflowing when the terms have
 * more than 1023 bits (the common denominators of the counting rules do).
 */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const neg = num < 0n !== den < 0n;
  let n = num < 0n ? -num : num;
  let d = den < 0n ? -den : den;
  const nb = bitLength(n);
  const db = bitLength(d);
  if (nb <= 1000 && db <= 1000) {
    const v = Number(n) / Number(d);
    if (Number.isFinite(v) && v !== 0) return neg ? -v : v;
  }
  // Keep ~64 significant bits of each term and carry the exponent separately.
  const shiftN = Math.max(0, nb - 64);
  const shiftD = Math.max(0, db - 64);
  n >>= BigInt(shiftN);
  d >>= BigInt(shiftD);
  const v = (Number(n) / Number(d)) * 2 ** (shiftN - shiftD);
  return neg ? -v : v;
}

import type { Random } from './random';

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const DIGITS = [...'0123456789'];

/** A 15-digit IMEI with a valid Luhn check digit, as Teltonika devices announce themselves. */
export function imei(random: Random): string {
  // 35 is the reporting body of most GSM modules' type allocation codes.
  let body = '35';
  while (body.length < 14) body += random.pick(DIGITS);
  return body + luhnDigit(body);
}

/** A serial of `length` digits, not starting with 0 (H02 and Suntech device ids). */
export function digits(random: Random, length: number): string {
  let serial = random.pick([...'123456789']);
  while (serial.length < length) serial += random.pick(DIGITS);
  return serial;
}

/** A Brazilian Mercosul plate (ABC1D23), the identifier fleet phones are usually given. */
export function plate(random: Random): string {
  const l = () => random.pick(LETTERS);
  const d = () => random.pick(DIGITS);
  return `${l()}${l()}${l()}${d()}${l()}${d()}${d()}`;
}

/** A version-4 UUID drawn from the seeded generator (not crypto: it names a simulated device). */
export function uuid(random: Random): string {
  const bytes = Array.from({ length: 16 }, () => random.int(0, 255));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

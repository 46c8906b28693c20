import argon2 from 'argon2';
import { badRequest } from '../shared/errors';

// OWASP's argon2id baseline: 19 MiB, 2 passes. Enough to make offline guessing expensive, cheap enough for logins.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so response times do not reveal which emails exist. */
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-0');
  await verifyPassword(await dummyHash, password);
}

export function assertStrongPassword(password: string, email?: string): void {
  if (password.length < 10)
    throw badRequest('weak_password', 'The password must have at least 10 characters.');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    throw badRequest('weak_password', 'The password must mix letters and digits.');
  const localPart = email?.split('@')[0].toLowerCase() ?? '';
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart))
    throw badRequest('weak_password', 'The password must not contain the email name.');
}

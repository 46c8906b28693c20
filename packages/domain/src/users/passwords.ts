import { hash, verify } from '@node-rs/argon2';
import { badRequest } from '@pioneira/core';

// Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot import).
const ARGON2ID = 2;

// OWASP's argon2id baseline: 19 MiB, 2 passes. Enough to make offline guessing expensive, cheap enough for logins.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
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

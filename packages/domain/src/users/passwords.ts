import { hash, verify } from '@node-rs/argon2';
import { badRequest } from '@pioneira/core';
import { COMMON_WORDS, SEQUENCES } from './common-passwords';

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

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** True for a common password: a common word or a keyboard run, dressed with digits and symbols. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const compact = lower.replace(/[\s_.-]+/g, '');
  if (SEQUENCES.some((run) => run.includes(compact))) return true;
  const letters = lower.replace(/[^a-z]/g, '');
  // Digits and symbols around the word are decoration; inside it they are letters in disguise.
  const deleeted = [...lower.replace(/^[^a-z]+|[^a-z]+$/g, '')]
    .map((c) => LEET[c] ?? c)
    .join('')
    .replace(/[^a-z]/g, '');
  // What is left once the decorations are gone: too little to be a secret, or a well-known word
  // (possibly written twice, as in "senhasenha"), or a keyboard run of letters.
  return [letters, deleeted].some(
    (core) =>
      core.length < 4 ||
      COMMON_WORDS.has(core) ||
      (core.length % 2 === 0 &&
        COMMON_WORDS.has(core.slice(0, core.length / 2)) &&
        core.slice(core.length / 2) === core.slice(0, core.length / 2)) ||
      SEQUENCES.some((run) => run.includes(core)),
  );
}

export function assertStrongPassword(password: string, email?: string): void {
  if (password.length < 10)
    throw badRequest('weak_password', 'The password must have at least 10 characters.');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    throw badRequest('weak_password', 'The password must mix letters and digits.');
  if (isCommonPassword(password))
    throw badRequest(
      'weak_password',
      'This password is too common (a well-known word or sequence with digits and symbols added); choose a phrase of your own.',
    );
  const localPart = email?.split('@')[0].toLowerCase() ?? '';
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart))
    throw badRequest('weak_password', 'The password must not contain the email name.');
}

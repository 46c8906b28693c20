// Keys become the last subject token. Tokens may not hold ".", "*", ">" or whitespace, so a key outside a
// safe alphabet travels base64url-encoded behind a "~" marker (which the safe alphabet excludes).
const SAFE_TOKEN = /^[A-Za-z0-9_:=-]+$/;

export function streamName(prefix: string, topic: string): string {
  return `${prefix}_${topic}`;
}

export function topicSubjects(prefix: string, topic: string): string {
  return `${prefix}.${topic}.>`;
}

export function subjectOf(prefix: string, topic: string, key: string): string {
  return `${prefix}.${topic}.${encodeKey(key)}`;
}

export function keyOfSubject(subject: string): string {
  const token = subject.slice(subject.lastIndexOf('.') + 1);
  return token.startsWith('~') ? Buffer.from(token.slice(1), 'base64url').toString() : token;
}

function encodeKey(key: string): string {
  return SAFE_TOKEN.test(key) ? key : `~${Buffer.from(key).toString('base64url')}`;
}

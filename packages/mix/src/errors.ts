/** A failure talking to MiX. `permanent` ones (bad credentials, refused ids) will not heal by retrying. */
export class MixError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent = false,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'MixError';
  }
}

/** The identity server refused the client or the user: fix the credentials on the Integrações page. */
export const authRefused = (detail: string) =>
  new MixError(
    'mix_credentials_refused',
    `MiX refused the credentials (${detail}). Check the client id/secret, username and password on the Integrações page or in MIX_*.`,
    true,
  );

/** MiX says the since token is older than it keeps (7 days): the caller restarts from the oldest point. */
export class SinceTokenTooOldError extends MixError {
  constructor(message: string) {
    super('mix_since_token_too_old', message, false, 400);
  }
}

/** Nothing to talk to: credentials are missing. */
export class MixNotConfiguredError extends MixError {
  constructor(missing: string[]) {
    super(
      'mix_not_configured',
      `MiX is not configured (missing ${missing.join(', ')}). Set the MIX_* variables or fill the credentials form on the Integrações page.`,
      true,
    );
  }
}

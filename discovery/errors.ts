/**
 * What can stop discovery, as one error class with a message a user can act on: no credentials, a
 * call AWS refused, a resource that is not there, a match that is not unique, a setup the stack cannot
 * adopt. Discovery writes nothing when it throws one.
 */

export type DiscoveryProblem = 'usage' | 'credentials' | 'access-denied' | 'not-found' | 'ambiguous' | 'unsupported' | 'aws';

export class DiscoveryError extends Error {
  constructor(
    readonly problem: DiscoveryProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** Error names the SDK uses when the caller's credentials are missing, invalid or expired. */
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'AuthFailure', 'SignatureDoesNotMatch', 'TokenRefreshRequired']);
/** Error names for an identity that may not make the call. */
const DENIED_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'ClientException']);

/**
 * Turns an SDK error from one read call into a DiscoveryError that names the call and what to do.
 * `action` is the IAM action the call needs (e.g. `ecs:DescribeServices`).
 */
export function describeAwsError(error: unknown, action: string): DiscoveryError {
  if (error instanceof DiscoveryError) return error;
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as { message?: string })?.message ?? String(error);
  if (CREDENTIAL_ERRORS.has(name) || /Could not load credentials/i.test(message)) {
    return new DiscoveryError(
      'credentials',
      `no usable AWS credentials (${action}: ${message}). Discovery uses the standard credential chain: set AWS_PROFILE (after \`aws sso login\`), or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run it where a role is available.`,
    );
  }
  if (DENIED_ERRORS.has(name) && (name !== 'ClientException' || /not authorized|access denied/i.test(message))) {
    return new DiscoveryError(
      'access-denied',
      `AWS refused ${action} (${name}: ${message}). The identity needs read access: the README's "Adopt resources made by hand" lists the read-only actions discovery calls.`,
    );
  }
  return new DiscoveryError('aws', `${action} failed (${name || 'error'}: ${message})`);
}

/** Runs one read call; any SDK error becomes a DiscoveryError naming the IAM action. */
export async function read<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeAwsError(error, action);
  }
}

/** The error's name, for the callers that treat one specific "not found" as an answer. */
export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

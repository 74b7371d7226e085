/** One line for a connection-level failure: the client's words plus the socket's code (ECONNREFUSED, ...). */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const causeCode = cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return cause ? `${error.message} (${causeCode ?? cause.message})` : error.message;
}

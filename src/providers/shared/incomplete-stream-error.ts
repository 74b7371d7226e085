/** A stream that closed before its terminal event (finish reason, message_stop, done:true): a cut connection. */
export class IncompleteStreamError extends Error {
  constructor(what: string) {
    super(`stream ended before ${what}`);
    this.name = 'IncompleteStreamError';
  }
}

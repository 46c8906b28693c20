/** A local service could not be started; the message tells the user what to do. */
export class StackError extends Error {
  override name = 'StackError';
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { observeResponse, type FetchObservation } from './response-facts.js';

const currentCall = new AsyncLocalStorage<FetchObservation>();

/**
 * The fetch handed to the openai and Anthropic clients. One client serves concurrent calls, so each
 * response is observed into the FetchObservation of the call whose `observeCall` it runs under.
 */
export const observingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const observation = currentCall.getStore();
  return observation ? observeResponse(response, observation) : response;
};

/** Runs `call` (which starts the SDK request) so that its response lands in `observation`. */
export function observeCall<T>(observation: FetchObservation, call: () => T): T {
  return currentCall.run(observation, call);
}

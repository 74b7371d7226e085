import type { IncomingHttpHeaders } from 'node:http';
import type { Body, ProtocolContext, ProtocolHandler } from './protocols/protocol.js';
import type { SimScriptWord } from './types.js';

/** The password in the upstream URL an `echo_request` error quotes. */
export const SIM_UPSTREAM_PASSWORD = 'upstream-pass-5ec4e7d1';

/** The size of a `huge_200` body: far past any real completion. */
export const HUGE_BODY_BYTES = 20 * 1024 * 1024;

// What a gateway in front of a provider sends when it, not the provider, answers. Protocol-blind.
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
const SIGN_IN_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in to continue</title></head>' +
  '<body><form method="post" action="/login"><h1>Welcome to the guest network</h1>' +
  '<input name="user"><input name="password" type="password"><button>Sign in</button></form></body></html>';

/**
 * The whole response of a script word that is answered with one body regardless of the request, or
 * null for the words that shape a normal answer (ok, drop, truncate, stream_error, hang, refusal).
 */
export function faultBody(word: SimScriptWord, protocol: ProtocolHandler, context: ProtocolContext, request: { method: string; url: string; headers: IncomingHttpHeaders }): Body | null {
  const { headers } = request;
  switch (word) {
    case 'html_502':
      return { status: 502, contentType: 'text/html', text: NGINX_502 };
    case 'non_json_200':
      return { status: 200, contentType: 'text/html; charset=utf-8', text: SIGN_IN_PAGE };
    case 'empty_200':
      return { status: 200, contentType: 'application/json', text: '' };
    case 'huge_200': {
      const padding = HUGE_BODY_BYTES - '{"padding":""}'.length;
      return { status: 200, contentType: 'application/json', text: `{"padding":"${'x'.repeat(padding)}"}` };
    }
    case 'echo_auth':
      return protocol.error({ status: 401, kind: 'auth', message: `Invalid credentials in request: ${credentialHeaders(headers)}` }, context);
    case 'echo_request':
      return protocol.error(
        {
          status: 500,
          kind: 'other',
          message: `upstream http://llm-gateway:${SIM_UPSTREAM_PASSWORD}@10.0.0.7:8080/v1 failed for ${request.method} ${request.url} (${credentialHeaders(headers)})`,
        },
        context,
      );
    case 'out_of_credit':
    case 'content_filter': {
      const error = protocol.wordError?.(word);
      return error ? protocol.error(error, context) : null;
    }
    default:
      return null;
  }
}

/** Every credential header the request carried, whole, as a careless proxy would echo them. */
function credentialHeaders(headers: IncomingHttpHeaders): string {
  const parts: string[] = [];
  for (const name of ['authorization', 'x-api-key', 'api-key']) {
    const value = headers[name];
    if (typeof value === 'string') parts.push(`${name}: ${value}`);
  }
  return parts.length > 0 ? parts.join('; ') : '(none)';
}

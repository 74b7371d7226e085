/** Raw HTTP against the simulator: what it sends, byte for byte, for the conformance tests to check. */

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

export async function post(url: string, body: unknown, headers: Record<string, string>): Promise<RawAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** One server-sent event: its `event:` name (if any) and its `data:` lines joined. Comment lines are counted, not returned. */
export interface SseEvent {
  event?: string;
  data: string;
}

export function parseSse(text: string): { events: SseEvent[]; comments: number } {
  const events: SseEvent[] = [];
  let comments = 0;
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) comments += 1;
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) events.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return { events, comments };
}

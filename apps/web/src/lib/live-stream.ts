'use client';

import { useEffect, useRef } from 'react';
import { session } from '@/lib/auth/session';

export interface StreamEvent {
  event: string;
  data: string;
}

const RETRY_MS = 3_000;

/** Splits a Server-Sent Events text stream into events (`event:` + joined `data:` lines). */
export function parseEvents(buffer: string): { events: StreamEvent[]; rest: string } {
  const events: StreamEvent[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Reads an SSE endpoint of our API with the access token (EventSource cannot send the header),
 * reconnecting after a drop or a refused token; `onOpen` runs on every (re)connection so the caller
 * can reload its snapshot and miss nothing. Stops when `signal` aborts.
 */
export async function followStream(
  path: string,
  handlers: { onEvent: (event: StreamEvent) => void; onOpen?: () => void; onState?: (live: boolean) => void },
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await session.settled();
      const response = await fetch(path, {
        headers: {
          accept: 'text/event-stream',
          ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
        },
        cache: 'no-store',
        signal,
      });
      if (response.status === 401) await session.refresh();
      else if (response.ok && response.body) {
        handlers.onState?.(true);
        handlers.onOpen?.();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEvents(buffer + value);
          buffer = parsed.rest;
          for (const event of parsed.events) handlers.onEvent(event);
        }
      }
    } catch {
      // A dropped connection or an aborted fetch: retry below unless we were asked to stop.
    }
    handlers.onState?.(false);
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/** Follows an SSE endpoint while the component is mounted; the latest handlers are always used. */
export function useLiveStream(
  path: string,
  onEvent: (event: StreamEvent) => void,
  options: { onOpen?: () => void; onState?: (live: boolean) => void; enabled?: boolean } = {},
) {
  const handlers = useRef({ onEvent, ...options });
  handlers.current = { onEvent, ...options };
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    void followStream(
      path,
      {
        onEvent: (event) => handlers.current.onEvent(event),
        onOpen: () => handlers.current.onOpen?.(),
        onState: (live) => handlers.current.onState?.(live),
      },
      controller.signal,
    );
    return () => controller.abort();
  }, [path, enabled]);
}

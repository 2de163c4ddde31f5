/**
 * Reading a request body within limits: the media type first (415), then the declared length and
 * the bytes actually received (413), never buffering more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

/** Accepts a body of any media type (for a route that refuses the request later, once its signature is checked). */
export const ANY_MEDIA_TYPE = '*/*';

/**
 * The client went away before its body was complete (closed the connection, reset it, aborted the
 * request): nobody is left to answer, and it is the client's doing, not a gateway fault.
 */
export class ClientClosedError extends Error {
  readonly code = 'ERR_CLIENT_CLOSED';
  constructor(cause?: unknown) {
    super('the client closed the connection before the body was complete', cause === undefined ? {} : { cause });
    this.name = 'ClientClosedError';
  }
}

/** The bare media type of a Content-Type header, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Sets `body` to the request bytes when the media type is one of `mediaTypes` (with a charset, if
 * declared, among `charsets`; ANY_MEDIA_TYPE: any) and the size is at most `maxBytes()`.
 */
export function readBody(
  mediaTypes: readonly string[],
  maxBytes: () => number,
  charsets: readonly string[] = ['utf-8'],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = mediaType(c.req.header('content-type'));
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(c.req.header('content-type') ?? '')?.[1];
    const anyType = mediaTypes.includes(ANY_MEDIA_TYPE);
    if (!anyType && (!mediaTypes.includes(type) || (charset && !charsets.includes(charset.toLowerCase())))) {
      const encodings = charsets.map((c) => c.toUpperCase()).join(', ');
      throw new ApiError('unsupported_media_type', {
        detail: { zh: `请使用 ${mediaTypes.join(' 或 ')}（${encodings}）。`, en: `Send ${mediaTypes.join(' or ')} (${encodings}).` },
      });
    }
    const limit = maxBytes();
    const tooLarge = () =>
      new ApiError('payload_too_large', { detail: { zh: `请求体超过 ${limit} 字节。`, en: `The request body exceeds ${limit} bytes.` } });
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge();
    const incoming = c.env?.incoming;
    const body = incoming ? await readIncoming(incoming, limit) : await readStream(c.req.raw.body, limit);
    if (!body) throw tooLarge();
    c.set('body', body);
    await next();
  };
}

/**
 * The body straight from Node's request stream (served by @hono/node-server): no web Request or
 * ReadableStream is built for it. Null when it exceeds `limit` (reading stops there).
 */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        incoming.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    // A stream error while the body is read is the connection failing under it (reset, aborted).
    const onError = (error: Error) => {
      cleanup();
      reject(new ClientClosedError(error));
    };
    const onClose = () => {
      cleanup();
      reject(new ClientClosedError());
    };
    function cleanup() {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    }
    if (incoming.readableEnded) {
      resolve(Buffer.alloc(0));
      return;
    }
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The body of a web Request (app.request() in tests, other runtimes). Null when it exceeds `limit`. */
async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => {
        throw new ClientClosedError(error);
      });
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks, size);
}

import { GtcxError } from '@gtcx/core';

export type OnBytes = (received: number, total: number | undefined) => void;

/**
 * Reads a download to its end, chunk by chunk, reporting progress. A connection that breaks before
 * the announced length, or before the stream ends cleanly, is a clear error: nothing of a partial
 * download is ever handed on (so nothing partial reaches the cache).
 */
export async function readDownload(
  body: ReadableStream<Uint8Array> | null,
  options: { label: string; source: string; total: number | undefined; onBytes?: OnBytes },
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  const cutOff = (cause?: unknown) =>
    new GtcxError(
      'server_unreachable',
      `the download of ${options.label} from ${options.source} was cut off after ${received}${options.total === undefined ? '' : ` of ${options.total}`} bytes`,
      {
        hint: 'nothing was cached or installed; run the install again once the server is reachable',
        details: { pack: options.label, source: options.source, received, total: options.total },
        cause,
      },
    );
  if (body === null) throw cutOff();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      received += value.byteLength;
      options.onBytes?.(received, options.total);
    }
  } catch (error) {
    throw cutOff(error);
  } finally {
    reader.releaseLock();
  }
  if (options.total !== undefined && received !== options.total) throw cutOff();
  return Buffer.concat(chunks, received);
}

/** The Content-Length header as a number, when the server sent a usable one. */
export function contentLength(response: Response): number | undefined {
  const raw = response.headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

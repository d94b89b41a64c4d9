// Shared by the confirm, manage and unsubscribe pages: the status code of a refused link.
export function tokenStatus(reason: 'invalid' | 'expired'): number {
  return reason === 'expired' ? 410 : 400;
}

/**
 * A page form is a few hundred bytes (an address, a language, service slugs); anything much larger
 * is not a person. Without this, @astrojs/node buffers up to 1 GiB of a POST body for the page.
 */
export const MAX_FORM_BYTES = 64 * 1024;

export const FORM_TOO_LARGE = 'too_large';

/** What a page answers to a form over MAX_FORM_BYTES. */
export function formTooLarge(): Response {
  return new Response(`Form bodies are limited to ${MAX_FORM_BYTES} bytes.`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The form fields of a page POST, undefined when the body is not a form, or FORM_TOO_LARGE once
 * the body passes `maxBytes` (declared or, when chunked, counted while reading: the rest is not read).
 */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData | undefined | typeof FORM_TOO_LARGE> {
  if (request.method !== 'POST' || request.body === null) return undefined;
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return FORM_TOO_LARGE;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return FORM_TOO_LARGE;
      }
      chunks.push(value);
    }
    return await new Response(Buffer.concat(chunks), { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    return undefined;
  }
}

// Shared by the confirm, manage and unsubscribe pages: the status code of a refused link.
export function tokenStatus(reason: 'invalid' | 'expired'): number {
  return reason === 'expired' ? 410 : 400;
}

/** The form fields of a page POST, or undefined when the body is not a form. */
export async function readForm(request: Request): Promise<FormData | undefined> {
  if (request.method !== 'POST') return undefined;
  try {
    return await request.formData();
  } catch {
    return undefined;
  }
}

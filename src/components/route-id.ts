/** A record id from a route param: a positive decimal integer, or undefined (the page answers 404). */
export function parseId(param: string | undefined): number | undefined {
  if (!param || !/^[1-9][0-9]{0,14}$/.test(param)) return undefined;
  return Number(param);
}

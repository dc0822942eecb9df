/**
 * Notes for the person running the tests, such as why a check was skipped: one plain line on stderr,
 * without the source frame jest prints under every console.warn.
 */
export function printNote(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Reading the gate's input files safely: regular files only (a FIFO or a device never blocks the gate)
 * and within a size limit (a runaway file never exhausts memory).
 */
import * as fs from 'node:fs';

/** Largest TypeScript file the source layer reads (generated code included). */
export const MAX_SOURCE_FILE_BYTES = 16 * 1024 * 1024;

/** A file's text if it is a regular file within the size limit. */
export function readRegularFile(file: string, maxBytes: number): { text: string } | { missing: true } | { error: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { missing: true } : { error: (error as Error).message };
  }
  if (!stat.isFile()) return { error: 'not a regular file' };
  if (stat.size > maxBytes) return { error: `${stat.size} bytes, more than the ${maxBytes} the gate reads` };
  try {
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

// Writes a file so that a reader (or a run killed mid-write) sees the old contents or the new,
// never half of either: write a temporary file beside it, then rename over the target. A failed
// write (a full disk, a read-only folder) removes the temporary file and names the path and the
// step that failed: Node's own ENOSPC message names neither.
import * as fs from 'node:fs';
import { dirname } from 'node:path';

/** The file-system calls a write makes (tests give failing ones: a full disk cannot be made on demand). */
export interface WriteIo {
  mkdirSync(path: string, o: { recursive: true }): unknown;
  writeFileSync(path: string, data: string | Uint8Array): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, o: { force: true }): void;
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'a folder on the path does not exist',
};

/** An output that could not be written: `code` is the system's (ENOSPC, EACCES, ...), the message names the path and the step. */
export class OutputWriteError extends Error {
  constructor(
    readonly path: string,
    readonly operation: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${REASONS[code] ?? (cause as Error).message} (while ${operation})`, { cause });
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, io: WriteIo = fs): void {
  const tmp = `${path}.${process.pid}.tmp`;
  let operation = `creating the folder ${dirname(path)}`;
  let madeTmp = false;
  try {
    io.mkdirSync(dirname(path), { recursive: true });
    operation = `writing the temporary file ${tmp}`;
    madeTmp = true;
    io.writeFileSync(tmp, data);
    operation = `renaming ${tmp} to it`;
    io.renameSync(tmp, path);
  } catch (e) {
    // A half-written temporary file would fill the disk further and look like output.
    if (madeTmp) {
      try {
        io.rmSync(tmp, { force: true });
      } catch {
        // nothing more can be done; the error below names the path
      }
    }
    throw new OutputWriteError(path, operation, (e as NodeJS.ErrnoException).code ?? 'EIO', e);
  }
}

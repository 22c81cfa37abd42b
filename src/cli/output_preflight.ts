// The CLI's output paths (`train --out`, `experiment --json/--out`, `export --out`, `bench --json/--md`)
// checked before any work: a run that trains for an hour and then cannot write its record loses it.
// A file output must not be a folder and its folder must exist and be a folder; a folder output is
// created if missing, under an existing folder. Writability is tested by creating and removing a
// probe file (access(W_OK) says yes to a read-only folder when run as root), and the free space is
// compared with what the output needs where both are known.
import * as fs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatBytes } from '../model/errors';

export interface OutputTarget {
  /** The flag, for messages: `--out`. */
  flag: string;
  path: string;
  /** A file written whole, or a folder of files (created if missing). */
  kind: 'file' | 'folder';
}

/** An output path refused before any work; `code` names the condition (EISDIR, ENOTDIR, ENOENT, EACCES, ENOSPC, ...). */
export class OutputPathError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** What the checks need of the file system (tests give a full disk or a read-only folder). */
export interface PreflightIo {
  statSync(path: string): fs.Stats;
  /** Create and remove a file in `dir`; throws the system's error when that is not possible. */
  probe(dir: string): void;
  /** Bytes free to this user on the file system holding `dir`, or undefined where it cannot be known. */
  freeBytes(dir: string): number | undefined;
}

function probe(dir: string): void {
  const file = join(dir, `.blora-write-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, 'x');
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

export const NODE_PREFLIGHT_IO: PreflightIo = {
  statSync: (p) => fs.statSync(p),
  probe,
  freeBytes(dir) {
    try {
      const s = fs.statfsSync(dir);
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  },
};

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? 'EIO';

/** The stat of `path`, null when nothing is there; ENOTDIR (a file on the way) is thrown. */
function statOrNull(io: PreflightIo, path: string): fs.Stats | null {
  try {
    return io.statSync(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') return null;
    throw e;
  }
}

/** The closest existing path at or above `path` (a file on the way is found too). */
function closestExisting(io: PreflightIo, path: string): { path: string; stat: fs.Stats } {
  let p = path;
  for (;;) {
    try {
      return { path: p, stat: io.statSync(p) };
    } catch (e) {
      if (errno(e) !== 'ENOENT' && errno(e) !== 'ENOTDIR') throw e;
      const up = dirname(p);
      if (up === p) throw e;
      p = up;
    }
  }
}

const PROBE_REASONS: Record<string, string> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  // procfs and the like: the folder exists, but the file system makes no new files in it.
  ENOENT: 'the file system does not allow new files there',
};

function checkWritable(io: PreflightIo, t: OutputTarget, dir: string): void {
  try {
    io.probe(dir);
  } catch (e) {
    const code = errno(e);
    const why = PROBE_REASONS[code] ?? (e as Error).message;
    throw new OutputPathError(`${t.flag} ${t.path}: cannot create a file in ${dir} (${why})`, code);
  }
}

/** Refuse an output path that cannot be written, naming the flag, the path and why; returns the folder the output goes into. */
export function checkOutputPath(t: OutputTarget, io: PreflightIo = NODE_PREFLIGHT_IO): string {
  const abs = resolve(t.path);
  const underFile = (): never => {
    const file = closestExisting(io, abs).path;
    throw new OutputPathError(`${t.flag} ${t.path}: ${file} is a file, not a folder, so nothing can be written under it`, 'ENOTDIR');
  };
  let st: fs.Stats | null;
  try {
    st = statOrNull(io, abs);
  } catch (e) {
    if (errno(e) === 'ENOTDIR') return underFile();
    throw e;
  }
  if (t.kind === 'file') {
    if (st?.isDirectory()) throw new OutputPathError(`${t.flag} ${t.path}: is a folder; give a file name (e.g. ${join(t.path, 'out.json')})`, 'EISDIR');
    const dir = dirname(abs);
    const d = statOrNull(io, dir);
    if (!d) throw new OutputPathError(`${t.flag} ${t.path}: the folder ${dir} does not exist (create it first)`, 'ENOENT');
    if (!d.isDirectory()) return underFile();
    checkWritable(io, t, dir);
    return dir;
  }
  if (st && !st.isDirectory()) throw new OutputPathError(`${t.flag} ${t.path}: is a file, not a folder`, 'ENOTDIR');
  // A missing folder is created: the closest existing path above it must be a writable folder.
  const base = st ? { path: abs, stat: st } : closestExisting(io, abs);
  if (!base.stat.isDirectory()) return underFile();
  checkWritable(io, t, base.path);
  return base.path;
}

/** Refuse when the disk holding `dir` clearly has less room than `bytes` (a lower estimate of the output). */
export function checkFreeSpace(t: OutputTarget, dir: string, bytes: number, what: string, io: PreflightIo = NODE_PREFLIGHT_IO): void {
  const free = io.freeBytes(dir);
  if (free === undefined || free >= bytes) return;
  throw new OutputPathError(
    `${t.flag} ${t.path}: ${what} needs about ${formatBytes(bytes)}, but the disk holding ${dir} has ${formatBytes(free)} free`,
    'ENOSPC',
  );
}

/** Every output of a command checked at once; returns each target's folder (for checkFreeSpace). */
export function checkOutputs(targets: (OutputTarget | false | undefined)[], io: PreflightIo = NODE_PREFLIGHT_IO): Map<OutputTarget, string> {
  const dirs = new Map<OutputTarget, string>();
  for (const t of targets) if (t) dirs.set(t, checkOutputPath(t, io));
  return dirs;
}

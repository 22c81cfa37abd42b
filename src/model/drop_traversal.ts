// Collect the files of a dropped folder (or loose files) from a DataTransfer, using the
// webkitGetAsEntry API that every current browser supports for drag-and-drop of directories.

export interface DroppedFile {
  file: File;
  /** Path inside the drop, e.g. "my-bert/config.json". */
  path: string;
}

/** Files of the drop, folders traversed recursively; each File gets its path in the drop. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<File[]> {
  // Entries must be taken synchronously: the DataTransfer is emptied after the event handler.
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  const out: DroppedFile[] = [];
  for (const e of entries) await walk(e, '', out);
  return [...loose, ...out.map(({ file, path }) => withPath(file, path))];
}

export async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile[]): Promise<void> {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push({ file, path });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: read until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, path + '/', out);
    }
  }
}

/** A File whose webkitRelativePath is the path in the drop (the property is read-only on File). */
function withPath(file: File, path: string): File {
  if (file.webkitRelativePath === path) return file;
  try {
    Object.defineProperty(file, 'webkitRelativePath', { value: path, configurable: true });
  } catch {
    // leave it: filesSource falls back to the base name
  }
  return file;
}

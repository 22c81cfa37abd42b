import { describe, it, expect } from 'vitest';
import { filesFromDataTransfer } from './drop_traversal';
import { filesSource } from './sources';

// Minimal FileSystemEntry fakes: directories hand out children in batches of 2, as real
// readers hand them out in batches of ~100, so the reader must be called until it is empty.
function fileEntry(name: string, text: string): FileSystemEntry {
  return { name, isFile: true, isDirectory: false, file: (ok: (f: File) => void) => ok(new File([text], name)) } as unknown as FileSystemEntry;
}
function dirEntry(name: string, children: FileSystemEntry[]): FileSystemEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let i = 0;
      return {
        readEntries: (ok: (e: FileSystemEntry[]) => void) => {
          ok(children.slice(i, i + 2));
          i += 2;
        },
      };
    },
  } as unknown as FileSystemEntry;
}
function dataTransfer(items: { entry?: FileSystemEntry; file?: File }[]): DataTransfer {
  return {
    items: items.map((it) => ({ kind: 'file', webkitGetAsEntry: () => it.entry ?? null, getAsFile: () => it.file ?? null })),
  } as unknown as DataTransfer;
}

describe('filesFromDataTransfer', () => {
  it('walks a dropped folder recursively, reading every batch of entries', async () => {
    const folder = dirEntry('my-bert', [
      fileEntry('config.json', '{}'),
      fileEntry('vocab.txt', 'a'),
      fileEntry('model.safetensors', 'x'),
      dirEntry('old', [fileEntry('config.json', 'old')]),
      fileEntry('README.md', 'r'),
    ]);
    const files = await filesFromDataTransfer(dataTransfer([{ entry: folder }, { file: new File(['loose'], 'extra.txt') }]));
    expect(files.map((f) => f.webkitRelativePath || f.name).sort()).toEqual([
      'extra.txt',
      'my-bert/README.md',
      'my-bert/config.json',
      'my-bert/model.safetensors',
      'my-bert/old/config.json',
      'my-bert/vocab.txt',
    ]);
    const src = filesSource(files);
    expect(src.id).toBe('my-bert');
    expect(new TextDecoder().decode((await src.read('config.json'))!)).toBe('{}'); // the shallow one
  });
});

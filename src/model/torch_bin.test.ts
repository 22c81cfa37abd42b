import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseSafetensors } from './safetensors';
import { readTorchBin, TorchBinError } from './torch_bin';
import { unpickle } from './torch_pickle';

const FIX = join(__dirname, '__fixtures__');
const CASES = join(FIX, 'torch-pickle');
const read = (...p: string[]) => new Uint8Array(readFileSync(join(FIX, ...p)));
const expected: Record<string, { shape: number[]; stride: number[]; offset: number; dtype: string; data: number[] }> = JSON.parse(
  readFileSync(join(CASES, 'expected.json'), 'utf8'),
);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TorchBinError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

/** A pickle from opcodes written as a latin1 string, so tests can craft any stream. */
const pk = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const u32 = (n: number) => String.fromCharCode(n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24);
const str = (s: string) => 'X' + u32(s.length) + s;
const asZip = (pkl: Uint8Array) => zipSync({ 'archive/data.pkl': pkl, 'archive/version': pk('3\n') }, { level: 0 });

describe('readTorchBin on torch.save files', () => {
  for (const file of ['dtypes.bin', 'legacy.bin']) {
    it(`${file}: every float dtype as F32, strides, offsets, shared storages, scalars and empties`, () => {
      const t = readTorchBin(read('torch-pickle', file), file);
      expect([...t.keys()]).toEqual(Object.keys(expected));
      for (const [name, e] of Object.entries(expected)) {
        const got = t.get(name)!;
        expect(got.shape, name).toEqual(e.shape);
        if (e.dtype === 'torch.int64') {
          expect(got.dtype).toBe('I64');
          expect(() => got.toFloat32()).toThrow(/I64/);
          continue;
        }
        // torch's own values (read as double there): F32 of them must be identical
        expect([...got.toFloat32()], name).toEqual(e.data.map(Math.fround));
      }
      // the fixtures do exercise the odd layouts
      expect(expected.permuted.stride).toEqual([1, 12, 4]);
      expect(expected.offset_view.offset).toBe(5);
      expect(expected.half_t.stride).toEqual([1, 2]);
      expect(t.get('bf16')!.dtype).toBe('BF16');
    });
  }

  it('the tiny BERT state dict equals the safetensors original exactly', () => {
    const bin = readTorchBin(read('tiny-bert-torch', 'pytorch_model.bin'));
    const st = parseSafetensors(read('tiny-bert', 'model.safetensors'));
    expect(bin.size).toBe(st.size + 1);
    for (const [name, t] of st) {
      const b = bin.get('bert.' + name)!;
      expect(b.shape, name).toEqual(t.shape);
      expect(b.toFloat32(), name).toEqual(t.data);
    }
    expect(bin.get('bert.encoder.layer.0.attention.self.query.weight')!.dtype).toBe('F32');
    expect(bin.get('bert.embeddings.position_ids')!.dtype).toBe('I64');
    // model.state_dict() carries _metadata, pickled as a BUILD on the OrderedDict just before STOP
    const pkl = unzipSync(read('tiny-bert-torch', 'pytorch_model.bin'))['pytorch_model/data.pkl'];
    expect([...pkl.subarray(-2)]).toEqual([0x62, 0x2e]);
  });
});

describe('refusals, without running anything', () => {
  it('a real torch.save of an object whose __reduce__ calls os.system', () => {
    expect(refusal(() => readTorchBin(read('torch-pickle', 'malicious.bin')))).toMatch(
      /^pytorch_model\.bin: refusing pickle global posix\.system \(only .*nothing was executed\)$/,
    );
  });

  it('crafted GLOBALs: os.system, builtins.eval, and a REDUCE of a storage type', () => {
    const call = (mod: string, name: string) => asZip(pk(`\x80\x02c${mod}\n${name}\n${str('echo pwned')}\x85R.`));
    expect(refusal(() => readTorchBin(call('os', 'system')))).toMatch(/refusing pickle global os\.system/);
    expect(refusal(() => readTorchBin(call('builtins', 'eval')))).toMatch(/refusing pickle global builtins\.eval/);
    expect(refusal(() => readTorchBin(call('torch', 'FloatStorage')))).toMatch(/refusing to call pickle global torch\.FloatStorage/);
    // protocol 4's STACK_GLOBAL goes through the same allow-list
    expect(refusal(() => readTorchBin(asZip(pk(`\x80\x04\x8c\x08builtins\x8c\x04exec\x93.`))))).toMatch(/builtins\.exec/);
  });

  it('unknown and unsupported opcodes, by name and byte', () => {
    expect(refusal(() => readTorchBin(asZip(pk('\x80\x02}\xff.'))))).toMatch(/refusing pickle opcode unknown \(0xff\) at byte 3/);
    expect(refusal(() => readTorchBin(asZip(pk(`\x80\x02(cos\nsystem\n${str('ls')}o.`))))).toMatch(/refusing pickle global os\.system/);
    expect(refusal(() => readTorchBin(asZip(pk('\x80\x02(I1\no.'))))).toMatch(/opcode INT \(0x49\) at byte 3/);
    expect(refusal(() => readTorchBin(asZip(pk('\x80\x02]\x81.'))))).toMatch(/opcode NEWOBJ/);
  });

  it('nothing after a refused opcode is read', () => {
    let loads = 0;
    const stream = pk(`\x80\x02cos\nsystem\n(${str('storage')}Q.`);
    expect(() => unpickle(stream, () => loads++)).toThrow(/os\.system/);
    expect(loads).toBe(0);
  });

  it('the pre-0.4 tar format, other files, truncated and non-state-dict pickles', () => {
    const tar = new Uint8Array(1024);
    tar.set(pk('ustar'), 257);
    expect(refusal(() => readTorchBin(tar))).toMatch(/tar checkpoint format of PyTorch before 0\.4, which is not supported/);
    expect(refusal(() => readTorchBin(pk('hello world')))).toMatch(/neither a zip checkpoint/);
    const legacy = read('torch-pickle', 'legacy.bin');
    expect(refusal(() => readTorchBin(legacy.slice(0, legacy.length - 10)))).toMatch(/truncated/);
    expect(refusal(() => readTorchBin(asZip(pk(`\x80\x02}${str('n')}K\x07s.`))))).toMatch(/entry "n" is not a tensor/);
    expect(refusal(() => readTorchBin(zipSync({ 'a/version': pk('3') })))).toMatch(/0 <archive>\/data\.pkl/);
  });

  it('a compressed zip that would unpack past the limit', () => {
    const bomb = zipSync({ 'archive/data.pkl': pk('\x80\x02}.'), 'archive/data/0': new Uint8Array(1 << 20) }, { level: 9 });
    expect(bomb.length).toBeLessThan(10_000);
    expect(refusal(() => readTorchBin(bomb, 'pytorch_model.bin', { maxUnpackedBytes: 100_000 }))).toMatch(/unpacks to more than 100000 bytes/);
    // torch.save stores without compression, so by default nothing may unpack past the file's size
    expect(refusal(() => readTorchBin(bomb))).toMatch(/unpacks to more than/);
    expect(readTorchBin(bomb, 'pytorch_model.bin', { maxUnpackedBytes: 2 << 20 }).size).toBe(0);
  });

  it('a storage reaching past its data, and a missing storage record', () => {
    const tensor = (numel: number, size: number) =>
      pk(
        `\x80\x02}${str('w')}ctorch._utils\n_rebuild_tensor_v2\n((${str('storage')}ctorch\nFloatStorage\n${str('0')}${str('cpu')}K${String.fromCharCode(numel)}tQK\x00K${String.fromCharCode(size)}\x85K\x01\x85\x89tRs.`,
      );
    const ok = zipSync({ 'archive/data.pkl': tensor(2, 2), 'archive/data/0': new Uint8Array(8) }, { level: 0 });
    expect([...readTorchBin(ok).get('w')!.toFloat32()]).toEqual([0, 0]);
    const over = zipSync({ 'archive/data.pkl': tensor(2, 3), 'archive/data/0': new Uint8Array(8) }, { level: 0 });
    expect(refusal(() => readTorchBin(over))).toMatch(/reaches element 2 of storage 0, which has 2/);
    expect(refusal(() => readTorchBin(asZip(tensor(2, 2))))).toMatch(/lacks the record archive\/data\/0/);
  });
});

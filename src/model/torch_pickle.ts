// A restricted pickle reader for PyTorch checkpoints. Python's pickle runs code: GLOBAL names any
// callable and REDUCE calls it. Here nothing is ever called: the few globals torch.save writes
// (tensor rebuild functions, storage types, OrderedDict) are plain values, and REDUCE builds a
// tensor description or an empty dict from them. Any other global or opcode is refused by name
// before anything after it is read.

export class PickleError extends Error {}

/** A GLOBAL from the allow-list, kept as its name. */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)` describes. */
export interface TensorRecord {
  readonly kind: 'tensor';
  storage: unknown; // whatever persistentLoad returned for the storage reference
  offset: number;
  shape: number[];
  stride: number[];
}

const REBUILD = new Set(['torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_parameter']);
const STORAGE_TYPES = new Set([
  'FloatStorage',
  'HalfStorage',
  'BFloat16Storage',
  'DoubleStorage',
  'LongStorage',
  'IntStorage',
  'ShortStorage',
  'CharStorage',
  'ByteStorage',
  'BoolStorage',
]);
const ALLOWED_HINT = 'only torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.*Storage and collections.OrderedDict are allowed';

function allowed(module: string, name: string): boolean {
  if (module === 'collections' && name === 'OrderedDict') return true;
  if (module === 'torch' && STORAGE_TYPES.has(name)) return true;
  return REBUILD.has(`${module}.${name}`);
}

// Opcodes we refuse, named so the message says what the file tried.
const REFUSED_NAMES: Record<number, string> = {
  105: 'INST',
  111: 'OBJ',
  129: 'NEWOBJ',
  146: 'NEWOBJ_EX',
  80: 'PERSID',
  130: 'EXT1',
  131: 'EXT2',
  132: 'EXT4',
  73: 'INT',
  76: 'LONG',
  70: 'FLOAT',
  83: 'STRING',
  86: 'UNICODE',
  112: 'PUT',
  103: 'GET',
  100: 'DICT',
  108: 'LIST',
  48: 'POP',
  49: 'DUP',
  50: 'POP_MARK',
  139: 'LONG4',
  66: 'BINBYTES',
  67: 'SHORT_BINBYTES',
  142: 'BINBYTES8',
  143: 'EMPTY_SET',
  144: 'ADDITEMS',
  145: 'FROZENSET',
  150: 'BYTEARRAY8',
  151: 'NEXT_BUFFER',
  152: 'READONLY_BUFFER',
};

export interface UnpickleResult {
  value: unknown;
  /** Byte just after STOP (the legacy format puts several pickles one after another). */
  end: number;
}

const MARK = Symbol('mark');

/**
 * Read one pickle starting at `start`. `persistentLoad` turns a BINPERSID tuple (torch's storage
 * reference) into a value. Dicts come back as Map, tuples and lists as arrays.
 */
export function unpickle(bytes: Uint8Array, persistentLoad: (pid: unknown) => unknown, start = 0): UnpickleResult {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = start;

  const need = (n: number) => {
    if (p + n > bytes.length) throw new PickleError(`pickle truncated at byte ${p}`);
  };
  const u8 = () => (need(1), bytes[p++]);
  const u16 = () => (need(2), (p += 2), dv.getUint16(p - 2, true));
  const u32 = () => (need(4), (p += 4), dv.getUint32(p - 4, true));
  const i32 = () => (need(4), (p += 4), dv.getInt32(p - 4, true));
  const text = (n: number) => {
    need(n);
    p += n;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p - n, p));
  };
  const line = () => {
    const e = bytes.subarray(p, p + 256).indexOf(0x0a) + p;
    if (e < p) throw new PickleError(`pickle truncated in a GLOBAL at byte ${p}`);
    const s = String.fromCharCode(...bytes.subarray(p, e));
    p = e + 1;
    return s;
  };
  const pop = () => {
    if (!stack.length || stack[stack.length - 1] === MARK) throw new PickleError(`pickle stack underflow at byte ${p}`);
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw new PickleError(`pickle has no MARK at byte ${p}`);
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const top = () => {
    if (!stack.length) throw new PickleError(`pickle stack underflow at byte ${p}`);
    return stack[stack.length - 1];
  };
  const asDict = (d: unknown, op: string): Map<unknown, unknown> => {
    if (!(d instanceof Map)) throw new PickleError(`pickle ${op} on a non-dict at byte ${p}`);
    return d;
  };
  const global = (module: string, name: string) => {
    if (!allowed(module, name)) throw new PickleError(`refusing pickle global ${module}.${name} (${ALLOWED_HINT}; nothing was executed)`);
    return new PickleGlobal(module, name);
  };

  for (;;) {
    const at = p;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw new PickleError(`pickle protocol ${bytes[p - 1]} is not supported`);
        break;
      case 0x95: // FRAME (protocol 4): a length prefix, nothing to do
        need(8);
        p += 8;
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw new PickleError(`pickle ended with ${stack.length} values on the stack`);
        return { value: stack[0], end: p };
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const k = op === 0x68 ? u8() : u32();
        if (!memo.has(k)) throw new PickleError(`pickle memo ${k} is unset at byte ${at}`);
        stack.push(memo.get(k));
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x54: // BINSTRING (Python 2 str)
        stack.push(text(i32()));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(text(u8()));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement of n bytes
        const n = u8();
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[p + i]);
        if (n && bytes[p + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        p += 8;
        stack.push(dv.getFloat64(p - 8, false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL (protocol 4)
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new PickleError(`pickle STACK_GLOBAL without names at byte ${at}`);
        stack.push(global(module, name));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentLoad(pop()));
        break;
      case 0x52: {
        // REDUCE: only our allow-listed globals, interpreted here, never called
        const args = pop();
        const fn = pop();
        stack.push(reduce(fn, args, at));
        break;
      }
      case 0x62: {
        // BUILD: object state (the state dict's _metadata): read and dropped
        pop();
        if (!(top() instanceof Map)) throw new PickleError(`pickle BUILD on a non-dict at byte ${at}`);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        asDict(top(), 'SETITEM').set(k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2) throw new PickleError(`pickle SETITEMS with an odd number of values at byte ${at}`);
        const d = asDict(top(), 'SETITEMS');
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        const l = top();
        if (!Array.isArray(l)) throw new PickleError(`pickle APPEND on a non-list at byte ${at}`);
        l.push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const l = top();
        if (!Array.isArray(l)) throw new PickleError(`pickle APPENDS on a non-list at byte ${at}`);
        l.push(...items);
        break;
      }
      default: {
        const name = REFUSED_NAMES[op];
        throw new PickleError(
          `refusing pickle opcode ${name ?? 'unknown'} (0x${op.toString(16).padStart(2, '0')}) at byte ${at}: not one torch.save writes for a state dict`,
        );
      }
    }
  }
}

function reduce(fn: unknown, args: unknown, at: number): unknown {
  if (!(fn instanceof PickleGlobal)) throw new PickleError(`pickle REDUCE of a non-function at byte ${at}`);
  if (!Array.isArray(args)) throw new PickleError(`pickle REDUCE of ${fn.qualified} without an argument tuple at byte ${at}`);
  switch (fn.qualified) {
    case 'collections.OrderedDict':
      if (args.length) throw new PickleError(`collections.OrderedDict with arguments at byte ${at}`);
      return new Map();
    case 'torch._utils._rebuild_tensor_v2': {
      const [storage, offset, shape, stride] = args;
      if (!isInt(offset) || !isIntList(shape) || !isIntList(stride) || shape.length !== stride.length) {
        throw new PickleError(`torch._utils._rebuild_tensor_v2 with malformed offset, size or stride at byte ${at}`);
      }
      return { kind: 'tensor', storage, offset, shape: [...shape], stride: [...stride] } satisfies TensorRecord;
    }
    case 'torch._utils._rebuild_parameter': {
      const t = args[0] as TensorRecord | undefined;
      if (t?.kind !== 'tensor') throw new PickleError(`torch._utils._rebuild_parameter of a non-tensor at byte ${at}`);
      return t;
    }
    default:
      throw new PickleError(`refusing to call pickle global ${fn.qualified} at byte ${at} (${ALLOWED_HINT})`);
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isIntList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInt);

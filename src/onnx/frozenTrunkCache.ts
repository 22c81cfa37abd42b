// Per-example cache of frozen activations. Below the lowest adapted layer the encoder never
// changes during training, so the hidden state entering that layer is a pure function of the
// example's tokens and can be computed once. With a padding mask the real positions do not
// depend on how much padding the batch adds, so a row is keyed by its unpadded token ids and
// type ids and stores only its real positions [len, hidden]. LRU, bounded by bytes.

export class FrozenTrunkCache {
  private readonly map = new Map<string, Float32Array>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number = 256 * 1024 * 1024) {}

  static key(layer: number, ids: ArrayLike<number>, typeIds: ArrayLike<number>): string {
    let s = `${layer}|`;
    for (let i = 0; i < ids.length; i++) s += ids[i] + (typeIds[i] ? '+' : ',');
    return s;
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Float32Array | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key); // move to the most-recent end
    this.map.set(key, v);
    return v;
  }

  /** Store a row; evicts least-recently-used rows to stay under maxBytes. Too-large rows are not kept. */
  set(key: string, value: Float32Array): void {
    if (value.byteLength > this.maxBytes) return;
    const old = this.map.get(key);
    if (old) {
      this.used -= old.byteLength;
      this.map.delete(key);
    }
    while (this.used + value.byteLength > this.maxBytes) {
      const [k, v] = this.map.entries().next().value as [string, Float32Array];
      this.map.delete(k);
      this.used -= v.byteLength;
    }
    this.map.set(key, value);
    this.used += value.byteLength;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }
}

// `blora bench ort-peer`: onnxruntime-web's wasm EP with its own thread count in a process of its
// own (the count is fixed per process by the first session), answering "forward N" lines with the
// wall and CPU ms per forward (LinePeer protocol). Node only.
import { createInterface } from 'node:readline';
import type { BenchModel } from '../bench_model';
import { syntheticBatch } from '../bench_model';
import { createOrtForward } from '../peers/ort_forward';
import { ortFeeds, peerModelOnnx } from '../peers/peer_model';
import { timeUnits } from '../interleave';
import type { Workload } from './engine_runners';

export async function serveOrtPeer(model: BenchModel, w: Workload, threads: number): Promise<void> {
  const f = await createOrtForward(peerModelOnnx(model.config, model.weights, w.r), { backend: 'web-wasm', threads });
  const b = syntheticBatch(model.config, w.batch, w.seqLen, 7);
  const feeds = ortFeeds(f, b);
  const once = () => f.session.run(feeds, ['logits']);
  for (let i = 0; i < 3; i++) await once();
  console.log(JSON.stringify({ ready: true, threads }));
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, n] = line.trim().split(/\s+/);
    if (cmd === 'quit') break;
    if (cmd !== 'forward') {
      console.log(JSON.stringify({ error: `unknown request "${line}"` }));
      continue;
    }
    const r = await timeUnits(Number(n) || 1, once);
    console.log(JSON.stringify({ mode: 'forward', ms: r.ms, cpuMs: r.cpuMs }));
  }
}

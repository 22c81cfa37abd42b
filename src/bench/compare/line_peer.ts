// A benchmark peer in another process that answers one request line with one JSON line: the
// PyTorch script (tools/bench/torch_train_step.py --serve) and an onnxruntime-web peer with its own
// thread count (`blora bench ort-peer`; ORT's thread count is fixed per process). Node only.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export class LinePeer {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  private stderr = '';
  private exited: string | null = null;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly what: string,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.lines.push(line);
    });
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    child.on('exit', (code) => {
      this.exited = `${what} exited (code ${code}): ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      this.waiting?.('');
    });
    // A missing interpreter (ENOENT) arrives as 'error', never as 'exit'.
    child.on('error', (err) => {
      this.exited = `${what} could not start: ${err.message}`;
      this.waiting?.('');
    });
  }

  /** Starts the peer and waits for its {"ready": true} line. */
  static async start(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<{ peer: LinePeer; ready: Record<string, unknown> }> {
    const peer = new LinePeer(spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] }), what);
    const ready = await peer.next();
    if (!ready.ready) throw new Error(`${what} did not start: ${JSON.stringify(ready)}`);
    return { peer, ready };
  }

  private next(): Promise<Record<string, unknown>> {
    const parse = (line: string) => {
      if (this.exited) throw new Error(this.exited);
      return JSON.parse(line) as Record<string, unknown>;
    };
    if (this.lines.length) return Promise.resolve(parse(this.lines.shift()!));
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      this.waiting = (line) => {
        try {
          resolve(parse(line));
        } catch (e) {
          reject(e);
        }
      };
    });
  }

  /** Sends one request and returns the peer's answer. */
  request(line: string): Promise<Record<string, unknown>> {
    this.child.stdin.write(line + '\n');
    return this.next();
  }

  close(): void {
    if (!this.exited) {
      this.child.stdin.write('quit\n');
      this.child.stdin.end();
    }
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}

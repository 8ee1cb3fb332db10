/**
 * Starts bench/emulatorChild.ts in its own process and talks to it: its endpoints, the request log (through the
 * control API, `GET/DELETE /__emulator/requests`), and a stop that always ends the process (also when the benchmark
 * itself fails or is interrupted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface BenchEmulatorOptions {
  readonly clusters: number;
  readonly lifecycleResources: number;
  readonly hoverImages: number;
}

export interface BenchImage {
  readonly uriByTag: string;
  readonly uriByDigest: string;
  readonly resourceId: string;
}

export interface BenchEmulatorInfo {
  readonly url: string;
  readonly pid: number;
  readonly bigImage: BenchImage & {
    readonly accountId: string;
    readonly region: string;
    readonly repository: string;
    readonly tag: string;
    readonly clusters: number;
  };
  readonly hoverImages: readonly BenchImage[];
  readonly lifecycle: { readonly executionId: string; readonly region: string; readonly resources: number };
}

export interface LoggedRequest {
  readonly operation: string;
  readonly status: number;
  readonly input: Record<string, unknown>;
}

export class BenchEmulator {
  private exited = false;
  private readonly onExit = (): void => {
    if (!this.exited) this.child.kill('SIGKILL');
  };

  private constructor(
    private readonly child: ChildProcess,
    readonly info: BenchEmulatorInfo,
  ) {
    child.once('exit', () => {
      this.exited = true;
      process.off('exit', this.onExit);
    });
    // If the benchmark dies without stopping the emulator, it must not outlive it.
    process.on('exit', this.onExit);
  }

  static async start(options: BenchEmulatorOptions): Promise<BenchEmulator> {
    const script = path.join(__dirname, 'emulatorChild.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
      cwd: path.join(__dirname, '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const info = await new Promise<BenchEmulatorInfo>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the emulator did not start within 60 s')), 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited with code ${code} before it was ready`));
      });
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as BenchEmulatorInfo);
        } catch {
          reject(new Error(`the emulator printed something unexpected: ${line.slice(0, 200)}`));
        }
      });
    }).catch((err: unknown) => {
      child.kill('SIGKILL');
      throw err;
    });
    return new BenchEmulator(child, info);
  }

  get url(): string {
    return this.info.url;
  }

  get endpoints(): { inspector2: string; imagebuilder: string } {
    return { inspector2: this.info.url, imagebuilder: this.info.url };
  }

  async requests(): Promise<LoggedRequest[]> {
    const res = await fetch(`${this.info.url}/__emulator/requests`);
    if (!res.ok) throw new Error(`emulator request log: HTTP ${res.status}`);
    return ((await res.json()) as { requests: LoggedRequest[] }).requests;
  }

  /** Operations served since the last clear, by name. */
  async operationCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const r of await this.requests()) counts[r.operation] = (counts[r.operation] ?? 0) + 1;
    return counts;
  }

  async clearRequests(): Promise<void> {
    const res = await fetch(`${this.info.url}/__emulator/requests`, { method: 'DELETE' });
    if (!res.ok) throw new Error(`emulator clear log: HTTP ${res.status}`);
    await res.arrayBuffer();
  }

  /** Ends the process (SIGTERM, then SIGKILL after 5 s) and waits for it. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

// node.d.ts: the Node.js globals a TypeScript submission may use, declared
// loosely (installed as <libdir>/types/node/index.d.ts; tsc runs with
// --types node --lib es2020, so no DOM and no @types/node). Modules are
// `any`: require("fs") and `import * as fs from "fs"` both compile.

interface NodeStream {
    write(chunk: string | Uint8Array, callback?: (err?: any) => void): boolean;
    on(event: string, listener: (...args: any[]) => void): this;
    [member: string]: any;
}

declare var process: {
    stdin: NodeStream;
    stdout: NodeStream;
    stderr: NodeStream;
    argv: string[];
    env: { [name: string]: string | undefined };
    exitCode: number | undefined;
    exit(code?: number): never;
    on(event: string, listener: (...args: any[]) => void): any;
    nextTick(callback: (...args: any[]) => void, ...args: any[]): void;
    hrtime: { (time?: [number, number]): [number, number]; bigint(): bigint };
    memoryUsage(): { rss: number; heapTotal: number; heapUsed: number; external: number };
    [member: string]: any;
};

declare var console: {
    log(...data: any[]): void;
    error(...data: any[]): void;
    warn(...data: any[]): void;
    info(...data: any[]): void;
    debug(...data: any[]): void;
    [member: string]: any;
};

declare function require(id: string): any;
declare var module: { exports: any; [member: string]: any };
declare var exports: any;
declare var __dirname: string;
declare var __filename: string;
declare var Buffer: any;
declare var global: any;

declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(handle: any): void;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearInterval(handle: any): void;
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): any;
declare function clearImmediate(handle: any): void;
declare function queueMicrotask(callback: () => void): void;

declare class TextEncoder { encode(input?: string): Uint8Array; }
declare class TextDecoder { constructor(label?: string); decode(input?: Uint8Array): string; }

declare module "assert" { const m: any; export = m; }
declare module "buffer" { const m: any; export = m; }
declare module "child_process" { const m: any; export = m; }
declare module "crypto" { const m: any; export = m; }
declare module "events" { const m: any; export = m; }
declare module "fs" { const m: any; export = m; }
declare module "net" { const m: any; export = m; }
declare module "os" { const m: any; export = m; }
declare module "path" { const m: any; export = m; }
declare module "readline" { const m: any; export = m; }
declare module "stream" { const m: any; export = m; }
declare module "string_decoder" { const m: any; export = m; }
declare module "util" { const m: any; export = m; }
declare module "worker_threads" { const m: any; export = m; }

// Memory storage keeps a copy of the vault directory as of the last commit, outside the
// module, so that a fresh instance can take over if this one has to be discarded. Copying
// every file whole after every commit made a folder of files imported one by one cost
// time quadratic in the vault's size (a third of importing 96 bundles into an encrypted
// vault). So the module's writes to its in-memory files (MEMFS) are noted as byte ranges,
// and each commit copies only the ranges written since the last: the same bytes as a whole
// copy, in time that follows what the commit changed.
import type { TechoModule } from './techo_core.mjs';

/** The vault directory's files by name. */
export type VaultFiles = Record<string, Uint8Array>;

/** The parts of an Emscripten 3.1.6 MEMFS file node this reads. */
interface MemfsNode {
  contents: Uint8Array | null;
  usedBytes: number;
}

interface FileOps {
  file: {
    stream: { write: (...args: unknown[]) => number; allocate: (...args: unknown[]) => void };
    node: { setattr: (node: MemfsNode, attr: { size?: number }) => void };
  };
}

/** Byte ranges written to a node since its copy was last brought up to date. */
interface Written {
  ranges: number[];  // [start, end) pairs, in the order written; adjacent writes merged
}

/** One kept file: the node it copies, the copy (with room to grow), its length. */
interface Kept {
  node: MemfsNode;
  bytes: Uint8Array;
  length: number;
}

export class CommittedCopy {
  private kept = new Map<string, Kept>();
  private written = new WeakMap<MemfsNode, Written>();
  private files: VaultFiles = {};

  /**
   * Notes the writes of `module`'s MEMFS files from now on (its file operations table is
   * shared by every file node, so one wrapping covers them all, new files included).
   */
  watch(module: TechoModule): void {
    const memfs = module.FS.filesystems.MEMFS as { ops_table?: FileOps };
    const ops = memfs.ops_table;
    if (!ops) return;  // no table: nothing is noted and every copy is whole
    const note = (node: MemfsNode, start: number, end: number) => this.note(node, start, end);
    const { write, allocate } = ops.file.stream;
    ops.file.stream.write = function (this: unknown, ...args: unknown[]) {
      const [stream, , , length, position] = args as [{ node: MemfsNode }, unknown, number, number, number];
      note(stream.node, position, position + length);
      return write.apply(this, args);
    };
    ops.file.stream.allocate = function (this: unknown, ...args: unknown[]) {
      const [stream, offset, length] = args as [{ node: MemfsNode }, number, number];
      note(stream.node, offset, offset + length);
      return allocate.apply(this, args);
    };
    const { setattr } = ops.file.node;
    ops.file.node.setattr = function (this: unknown, node: MemfsNode, attr: { size?: number }) {
      // A truncation, then growth, would leave zeros no write put there: from the new
      // size on, everything counts as written.
      if (attr.size !== undefined) note(node, Math.min(attr.size, node.usedBytes), Infinity);
      return setattr.call(this, node, attr);
    };
  }

  /** The copy as last brought up to date (views into buffers the next update() changes). */
  current(): VaultFiles {
    return this.files;
  }

  /** Starts over from `files` (restored into a new instance): the next update copies whole. */
  replace(files: VaultFiles): void {
    this.kept.clear();
    this.files = { ...files };
  }

  /** Brings the copy up to `dir` as it is now in `module` and returns it. */
  update(module: TechoModule, dir: string): VaultFiles {
    const fs = module.FS as unknown as {
      readdir(path: string): string[];
      lookupPath(path: string): { node: MemfsNode };
    };
    const files: VaultFiles = {};
    const seen = new Set<string>();
    for (const name of fs.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      seen.add(name);
      const node = fs.lookupPath(`${dir}/${name}`).node;
      files[name] = this.updateFile(name, node);
    }
    for (const name of [...this.kept.keys()]) if (!seen.has(name)) this.kept.delete(name);
    this.files = files;
    return files;
  }

  private updateFile(name: string, node: MemfsNode): Uint8Array {
    const size = node.usedBytes;
    const contents = node.contents ?? new Uint8Array(0);
    const noted = this.written.get(node);
    this.written.set(node, { ranges: [] });
    let kept = this.kept.get(name);
    if (!kept || kept.node !== node || !noted) {
      // A file this copy has not followed (new, replaced, or restored): whole.
      kept = { node, bytes: contents.slice(0, size), length: size };
      this.kept.set(name, kept);
      return kept.bytes.subarray(0, size);
    }
    if (size > kept.bytes.length) {
      // Room to grow by half again, so a growing vault is not copied whole at every commit.
      const grown = new Uint8Array(Math.max(size, Math.floor(kept.bytes.length * 1.5)));
      grown.set(kept.bytes.subarray(0, Math.min(kept.length, size)));
      kept.bytes = grown;
    }
    // Past the old end everything is new; before it, what was written.
    if (size > kept.length) kept.bytes.set(contents.subarray(kept.length, size), kept.length);
    const ranges = noted.ranges;
    for (let i = 0; i < ranges.length; i += 2) {
      const start = Math.min(ranges[i]!, size);
      const end = Math.min(ranges[i + 1]!, kept.length, size);
      if (end > start) kept.bytes.set(contents.subarray(start, end), start);
    }
    kept.length = size;
    return kept.bytes.subarray(0, size);
  }

  private note(node: MemfsNode, start: number, end: number): void {
    const noted = this.written.get(node);
    if (!noted) return;  // not a file the copy follows yet: its first copy is whole
    const ranges = noted.ranges;
    const last = ranges.length - 2;
    if (last >= 0 && start <= ranges[last + 1]! && end >= ranges[last]!) {
      ranges[last] = Math.min(ranges[last]!, start);
      ranges[last + 1] = Math.max(ranges[last + 1]!, end);
    } else {
      ranges.push(start, end);
    }
  }
}

// One writer at a time across tabs: the vault is opened only while this tab's Worker holds
// a Web Lock, so two tabs never write the same IndexedDB-backed file. Where Web Locks do
// not exist (Node), a single process is the only writer and the lock is trivially granted.

export type ReleaseLock = () => void;

interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

const LOCK_NAME = 'techo-vault-writer';

/** Resolves to a release function, or to null when another tab holds the lock. */
export function acquireWriterLock(): Promise<ReleaseLock | null> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve) => {
    void locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(null);
        return;
      }
      // Held until released: the lock lives as long as this promise is pending.
      return new Promise<void>((release) => resolve(release));
    });
  });
}

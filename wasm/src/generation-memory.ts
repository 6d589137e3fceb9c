// The newest generation this browser has seen of each vault, remembered outside the vault
// file. Inside the file every page, journal and header slot is bound to the last commit,
// so a part of an older version is refused; but a whole older copy is consistent and
// cannot be told from inside. Each commit raises the authenticated generation, and this
// memory lets the session warn when a vault opens older than one it saw.
//
// It lives in the same origin's storage as the vault, so someone who can rewrite all of
// that storage can roll both back together; it catches the file alone being replaced (a
// restored storage entry, a copied profile, a sync tool putting back an old file).

/** Where the newest generation of each vault is kept. */
export interface GenerationMemory {
  newest(vaultId: string): Promise<number | undefined>;
  remember(vaultId: string, generation: number): Promise<void>;
}

const DATABASE = 'techo-vault-generations';
const STORE = 'generations';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** IndexedDB, in its own database beside the vault's. */
export class BrowserGenerationMemory implements GenerationMemory {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    return this.db;
  }

  async newest(vaultId: string): Promise<number | undefined> {
    const db = await this.open();
    const value = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(vaultId));
    return typeof value === 'number' ? value : undefined;
  }

  async remember(vaultId: string, generation: number): Promise<void> {
    const db = await this.open();
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    const seen = await request(store.get(vaultId));
    if (typeof seen === 'number' && seen >= generation) return;
    await request(store.put(generation, vaultId));
  }
}

/** For a vault that lives only in this process (memory storage): the memory does too. */
export class ProcessGenerationMemory implements GenerationMemory {
  private readonly seen = new Map<string, number>();

  async newest(vaultId: string): Promise<number | undefined> {
    return this.seen.get(vaultId);
  }

  async remember(vaultId: string, generation: number): Promise<void> {
    if ((this.seen.get(vaultId) ?? -1) < generation) this.seen.set(vaultId, generation);
  }
}

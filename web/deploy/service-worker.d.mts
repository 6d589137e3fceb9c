// Types of service-worker.mjs, for vite.config.ts.
export declare const serviceWorkerFile: string;
export declare const cachePrefix: string;
export declare function shellFiles(root: string): string[];
export declare function cacheName(root: string, files: string[]): string;
export declare function serviceWorkerSource(root: string): string;
export declare function writeServiceWorker(root: string, outDir: string): void;

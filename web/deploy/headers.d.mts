// Types of headers.mjs, for vite.config.ts.
export declare const workerDirectory: string;
export declare const pagePolicy: string;
export declare const workerPolicy: string;
export declare const metaPolicy: string;
export declare const commonHeaders: Record<string, string>;
export interface HeaderRule {
  path: string;
  headers: Record<string, string>;
}
export declare const rules: HeaderRule[];
export declare function headersFor(pathname: string, ruleList?: HeaderRule[]): Record<string, string>;
export declare function headersFile(): string;
export declare function parseHeadersFile(text: string): HeaderRule[];
export declare function nginxSnippet(): string;
export declare function generatedFiles(): Record<string, string>;

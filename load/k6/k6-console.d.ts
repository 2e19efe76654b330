// k6 provides `console` in scripts; @types/k6 does not declare it (it leaves that to lib "dom").
declare global {
  var console: {
    log(...data: unknown[]): void;
    info(...data: unknown[]): void;
    warn(...data: unknown[]): void;
    error(...data: unknown[]): void;
    debug(...data: unknown[]): void;
  };
}
export {};
